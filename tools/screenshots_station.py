"""Screenshots of the first-start database choice (a refused server address), in both languages (offscreen).

    QT_QPA_PLATFORM=offscreen python tools/screenshots_station.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    os.environ["HOTEL_PHONE_DATA_DIR"] = str(tmp / "data")
    os.environ["HOTEL_PHONE_CONFIG_DIR"] = str(tmp / "config")
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from hotel_phone.ui.database_choice import DatabaseChoiceDialog
    from hotel_phone.ui.language import hub

    for lang in ("en", "zh_CN"):
        hub().set_language(lang)
        dialog = DatabaseChoiceDialog()
        dialog.server.setChecked(True)
        dialog.address.setText("postgresql://hotel_app@192.168.1.10/hotel")
        dialog._test()
        dialog.resize(640, dialog.sizeHint().height())
        dialog.show()
        app.processEvents()
        dialog.grab().save(str(OUT / f"database-choice-{lang}.png"))
        dialog.close()


if __name__ == "__main__":
    main()
