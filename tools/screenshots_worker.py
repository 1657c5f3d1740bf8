"""Render the screens of a write running on the worker (check-out, guest import) in both languages.

    QT_QPA_PLATFORM=offscreen python tools/screenshots_worker.py
"""

from __future__ import annotations

import os
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import shots  # noqa: E402 (tools/shots.py: puts the project on the path)

OUT = shots.OUT


def main() -> None:
    app, tmp = shots.start()
    from hotel_phone import auth, checkout, clock, db, demo, stays
    from hotel_phone.ui import worker
    from hotel_phone.ui.language import hub
    from hotel_phone.ui.main_window import MainWindow
    from hotel_phone.ui.stay_dialog import CheckOutDialog

    clock.set_clock(clock.FixedClock(datetime(2026, 11, 28, 11, 5, tzinfo=ZoneInfo("Asia/Shanghai"))))
    db.open_database(tmp / "demo.sqlite3")
    demo.build()

    shot = shots.shot

    for lang in ("zh_CN", "en"):
        hub().set_language(lang)
        session = auth.sign_in("zhangli" if lang == "zh_CN" else "anna", demo.DEMO_PASSWORD)
        hub().set_language(lang)
        window = MainWindow(session, demo=True)
        window.resize(1280, 760)
        row = stays.search("")[0]
        hold = threading.Event()  # the write waits until the picture is taken: the form as it is meanwhile
        dialog = CheckOutDialog(row.display_name(), row.room, checkout.warnings(row.id),
                                lambda: hold.wait(10), lambda _r: None, parent=window)
        dialog.accept()
        shot(dialog, f"checkout-working-{lang}")
        hold.set()
        worker.wait_all()
        for _ in range(5):
            app.processEvents()

        csv = tmp / "arrivals.csv"
        csv.write_text("room,name,arrival,departure\n1205,Ingrid Solberg,2026-11-28,2026-11-30\n", encoding="utf-8")
        gate = threading.Event()
        real = worker.run

        def held(fn, on_done, on_failed):
            return real(lambda: (gate.wait(10), fn())[1], on_done, on_failed)

        worker.run = held
        window.guests.import_csv(str(csv))
        shot(window, f"import-working-{lang}")
        worker.run = real
        gate.set()
        worker.wait_all()
        for _ in range(5):
            app.processEvents()
        shot(window, f"import-done-{lang}")
        window.close()
    os._exit(0)


if __name__ == "__main__":
    main()
