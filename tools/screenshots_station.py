"""Screenshots of the first-start database choice (a refused server address) and of the status bar while
the database server is away, in both languages (offscreen; the server part needs a PostgreSQL address).

    QT_QPA_PLATFORM=offscreen python tools/screenshots_station.py [postgresql://... an empty database]
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
    if len(sys.argv) > 1:
        from hotel_phone import auth, db, demo
        from hotel_phone.errors import DatabaseUnreachable
        from hotel_phone.ui.main_window import MainWindow

        db.open_database(sys.argv[1])
        demo.build()
        session = auth.sign_in("admin", demo.DEMO_PASSWORD)
        window = MainWindow(session, demo=True)
        window.resize(1280, 800)
        window.show()
        real_tick = window._tick

        def server_away():
            raise DatabaseUnreachable()

        window._tick = server_away  # what a tick meets while the server is down
        for lang in ("en", "zh_CN"):
            hub().set_language(lang)
            window.tick()
            app.processEvents()
            window.grab().save(str(OUT / f"server-away-{lang}.png"))
        window._tick = real_tick


if __name__ == "__main__":
    main()
