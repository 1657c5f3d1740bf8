"""Help → About: the same facts as `hotel-phone --version`."""

from __future__ import annotations

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion


def qt_version() -> str:
    return f"{qVersion()} (PySide6 {pyside_version})"
