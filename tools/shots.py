"""What every screenshot tool shares: a throwaway data folder, the Qt application, and a widget's picture saved
under docs/screenshots/ (or $HOTEL_PHONE_SHOTS_DIR, to try a tool without touching the committed pictures)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = Path(os.environ.get("HOTEL_PHONE_SHOTS_DIR") or ROOT / "docs" / "screenshots")


def start():
    """The Qt application and a temporary folder that holds the data and settings (never the station's)."""
    tmp = Path(tempfile.mkdtemp())
    os.environ["HOTEL_PHONE_DATA_DIR"] = str(tmp / "data")
    os.environ["HOTEL_PHONE_CONFIG_DIR"] = str(tmp / "config")
    from PySide6.QtWidgets import QApplication

    OUT.mkdir(parents=True, exist_ok=True)
    return QApplication.instance() or QApplication([]), tmp


def shot(widget, name: str) -> None:
    """The widget shown, its events settled, its picture saved as NAME.png."""
    from PySide6.QtWidgets import QApplication

    widget.show()
    for _ in range(5):
        QApplication.processEvents()
    widget.grab().save(str(OUT / f"{name}.png"))
    print(OUT / f"{name}.png")
