"""The layers hold: the core never imports Qt, every module imports, and the import-linter contracts are kept."""

import pkgutil
import shutil
import subprocess
import sys
import tomllib
from importlib import import_module
from pathlib import Path

import hotel_phone

ROOT = Path(__file__).resolve().parent.parent
ALL = sorted(m.name for m in pkgutil.walk_packages(hotel_phone.__path__, "hotel_phone."))
CORE = [m for m in ALL if not m.startswith("hotel_phone.ui") and m != "hotel_phone.__main__"]


def test_every_module_imports():
    """documents/ and ui/ included: a module that only fails when first used is caught here."""
    assert "hotel_phone.documents.folio" in ALL and "hotel_phone.ui.app" in ALL
    for name in ALL:
        import_module(name)


def test_core_modules_import_without_qt():
    code = ("import sys\n" + "".join(f"import {m}\n" for m in CORE)
            + "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'hotel_phone.ui'))]\n"
            + "print(bad); sys.exit(1 if bad else 0)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_layers_contract_lists_every_module():
    """Each top-level module is in exactly one layer (import-linter's `exhaustive` checks it too)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["type"] == "layers")["layers"]
    listed = [name.strip().strip("()") for layer in layers for name in layer.replace("|", ":").split(":")]
    top = {m.name.split(".")[1] for m in pkgutil.iter_modules(hotel_phone.__path__, "hotel_phone.")}
    assert len(listed) == len(set(listed))
    assert top <= set(listed), f"not in a layer: {sorted(top - set(listed))}"


def test_import_linter_contracts():
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    result = subprocess.run([exe, "--config", str(ROOT / "pyproject.toml")], capture_output=True, text=True,
                            cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_ui_names_no_role_and_reaches_into_no_window():
    """Panels ask the core (Session.may, a call's actions) and the AppContext; they never name a role or
    reach through the main window into another panel."""
    import re

    # "operator" and "cashier" are also a dialog's settings key and a panel's name: flagged beside a role check.
    anywhere = re.compile(r"""["'](supervisor|administrator)["']""")
    role_check = re.compile(r"""(\brole\b|require).*["'](operator|cashier)["']""")
    offences = []
    for path in sorted((ROOT / "hotel_phone" / "ui").glob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "window_." in line or anywhere.search(line) or role_check.search(line):
                offences.append(f"{path.name}:{n}: {line.strip()}")
    assert offences == []


def test_every_panel_keeps_the_protocol(qtbot, demo):
    from hotel_phone.ui.context import AppContext
    from hotel_phone.ui.main_window import PANELS
    from hotel_phone.ui.panel import Panel

    for spec in PANELS:
        module, cls = spec.where.split(":")
        panel_class = getattr(import_module(f"hotel_phone.ui.{module}"), cls)
        assert panel_class.TITLE == spec.title, spec.key
        panel = panel_class(AppContext(demo))
        qtbot.addWidget(panel)
        assert isinstance(panel, Panel), spec.key
        assert set(panel.actions()) == set(spec.actions), spec.key


MODULE_NOTE = "imports inside functions"  # a module-level comment saying why, for a module where it is the rule


def _unexplained_function_imports() -> list[str]:
    """Imports inside functions outside ui/ with no comment on their block (or the line above it), in modules
    without a module-level note: each must say why (speed, or a command that alone needs it)."""
    import ast

    found = []
    for path in sorted((ROOT / "hotel_phone").rglob("*.py")):
        if "ui" in path.relative_to(ROOT / "hotel_phone").parts:
            continue
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        if any(line.startswith("#") and MODULE_NOTE in line.lower() for line in lines):
            continue
        for fn in ast.walk(ast.parse(text)):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(fn):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    start = node.lineno - 1
                    while start > 0 and lines[start - 1].strip().startswith(("import ", "from ")):
                        start -= 1  # the first line of this block of imports
                    end = node.lineno - 1
                    while end + 1 < len(lines) and lines[end + 1].strip().startswith(("import ", "from ")):
                        end += 1
                    block = lines[max(start - 1, 0):end + 1]
                    if not any("#" in line for line in block):
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {lines[node.lineno - 1].strip()}")
    return found


def test_every_import_inside_a_function_says_why():
    """None hides a circle (the acyclic contract sees them too); each one left is there for speed or because one
    command alone needs it, and says so."""
    assert _unexplained_function_imports() == []
