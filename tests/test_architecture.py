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
