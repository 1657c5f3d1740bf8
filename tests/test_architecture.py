"""The core never imports Qt: it must run in scripts and tests without a display."""

import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import hotel_phone

CORE = sorted(
    m.name for m in pkgutil.iter_modules(hotel_phone.__path__, "hotel_phone.")
    if m.name not in ("hotel_phone.ui", "hotel_phone.app", "hotel_phone.__main__")
)


def test_core_modules_import_without_qt():
    code = ("import sys\n" + "".join(f"import {m}\n" for m in CORE)
            + "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'hotel_phone.ui'))]\n"
            + "print(bad); sys.exit(1 if bad else 0)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_linter_contract():
    root = Path(__file__).resolve().parent.parent
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    result = subprocess.run([exe, "--config", str(root / "pyproject.toml")], capture_output=True, text=True,
                            cwd=root, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
