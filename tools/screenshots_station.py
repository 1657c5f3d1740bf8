"""Screenshots of the first-start database choice (a refused server address), the status bar's marks (server
away, a failed backup check) and the "database replaced" dialog, in both languages (offscreen).

    QT_QPA_PLATFORM=offscreen python tools/screenshots_station.py
"""

from __future__ import annotations

import os
from pathlib import Path

import shots  # noqa: E402 (tools/shots.py: puts the project on the path)

OUT = shots.OUT


def main() -> None:
    app, tmp = shots.start()
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
    status_marks(app, tmp)


def status_marks(app, tmp: Path) -> None:
    """The demo hotel's window for its administrator: the last backup's check failed (as backup.py records it),
    the server away (the mark as the heartbeat raises it; a real stopped server is in the tests), then a
    restore from another process replacing the file under the window (real)."""
    import json
    import shutil

    from hotel_phone import auth, db, demo, paths
    from hotel_phone.ui.language import hub
    from PySide6.QtCore import Qt

    from hotel_phone.ui.main_window import MainWindow

    for lang in ("en", "zh_CN"):
        path = tmp / f"hotel-{lang}.sqlite3"
        db.open_database(path)
        demo.build()
        folder = paths.data_dir() / "backups"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "last-check.json").write_text(json.dumps({
            "at": "2026-11-28T02:00:00+00:00", "file": "hotel-2026-11-28.sqlite3", "ok": False,
            "problems": ["integrity_check: page 7 is never used"]}))
        session = auth.sign_in("admin", demo.DEMO_PASSWORD)
        hub().set_language(lang)
        w = MainWindow(session, demo=True)
        w.heartbeat.stop()
        w.show()
        w.setWindowState(Qt.WindowState.WindowNoState)  # not maximized to the offscreen screen (800 px)
        w.resize(1366, 760)
        w.heartbeat._set_away(True)
        app.processEvents()
        w.grab().save(str(OUT / f"status-marks-{lang}.png"))
        w.heartbeat._set_away(False)
        shutil.copyfile(path, tmp / "other.sqlite3")
        os.replace(tmp / "other.sqlite3", path)
        w.heartbeat.beat()
        app.processEvents()
        box = w.marks.replaced_box
        box.grab().save(str(OUT / f"database-replaced-{lang}.png"))
        box.accept()
        w.close()
        db.close_database()


if __name__ == "__main__":
    main()
