"""Screenshots of the trust work: the operators panel (roles, deactivate) with a failed backup check in the
status bar, and the lock screen refusing a locked account, in both languages (offscreen, demo hotel).

    QT_QPA_PLATFORM=offscreen python tools/screenshots_trust.py
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

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
    from hotel_phone import auth, clock, db, demo, paths
    from hotel_phone.ui.language import hub
    from hotel_phone.ui.main_window import MainWindow

    clock.set_clock(clock.FixedClock(datetime(2026, 11, 28, 21, 35, tzinfo=ZoneInfo("Asia/Shanghai"))))
    auth.COST = (2**12, 8, 1)  # screenshots only: many sign-ins
    db.open_database(tmp / "demo.sqlite3")
    admin = demo.build()
    auth.deactivate(admin, "chenjing")
    folder = paths.data_dir() / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "last-check.json").write_text(json.dumps({
        "at": "2026-11-28T02:00:00+00:00", "file": "hotel-2026-11-28.sqlite3", "ok": False,
        "problems": ["integrity_check: *** in database main *** Page 7: btreeInitPage() returns error code 11"]}))
    OUT.mkdir(parents=True, exist_ok=True)

    def shot(widget, name: str) -> None:
        for _ in range(5):
            app.processEvents()
        widget.grab().save(str(OUT / f"{name}.png"))
        print(OUT / f"{name}.png")

    for lang in ("zh_CN", "en"):
        hub().set_language(lang)
        window = MainWindow(auth.sign_in("admin", demo.DEMO_PASSWORD), demo=True)
        window.resize(1400, 800)
        window.nav.setCurrentRow(window.panels.index(window.operators))
        window.show()
        panel = window.operators
        panel.table.selectRow([r.username for r in panel.model.rows].index("anna"))
        panel.role.setCurrentIndex(panel.role.findData("supervisor" if lang == "zh_CN" else "cashier"))
        panel.change_role()  # as the button does: audited, and the panel says so
        panel.table.selectRow([r.username for r in panel.model.rows].index("anna"))
        shot(window, f"operators-trust-{lang}")
        window.lock(10)
        for _ in range(4):  # the fourth wrong password must wait, as at sign-in
            window.lock_dialog.password.setText("wrong")
            window.lock_dialog.accept()
        window.lock_dialog.resize(520, 220)
        shot(window.lock_dialog, f"lock-wait-{lang}")
        window.lock_dialog.switch = True
        window.lock_dialog.reject()
        window.close()
        clock.get_clock().advance(minutes=10)
        auth.unlock(admin, "admin")


if __name__ == "__main__":
    main()
