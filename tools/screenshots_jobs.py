"""Render what a job or a print that outlived its operator leaves on screen, in both languages.

    QT_QPA_PLATFORM=offscreen python tools/screenshots_jobs.py

- jobs-folio-next-operator: a supervisor's long folio read ended after the cashier took the desk: Void and
  Adjust are the cashier's (disabled), Settle is hers.
- jobs-retry-withdrawn: a slip's print failed, then the operator changed: the "Try again" box is gone and the
  next operator is told so, in her language.
- jobs-print-not-sent: the "Not printed" box when handing the pages to the printer failed.
"""

from __future__ import annotations

import os
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import shots  # noqa: E402 (tools/shots.py: puts the project on the path)


def main() -> None:
    app, tmp = shots.start()
    from PySide6.QtCore import Qt
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtTest import QTest

    from hotel_phone import auth, clock, db, demo, folio, messages, stays
    from hotel_phone.ui import printing, worker
    from hotel_phone.ui.language import hub
    from hotel_phone.ui.main_window import MainWindow

    clock.set_clock(clock.FixedClock(datetime(2026, 11, 28, 21, 5, tzinfo=ZoneInfo("Asia/Shanghai"))))

    def settle(until=lambda: True) -> None:
        for _ in range(2000):
            app.processEvents()
            if until():
                break
            worker.wait_all(10)
        for _ in range(5):
            app.processEvents()

    def open_as(username: str) -> MainWindow:
        session = auth.sign_in(username, demo.DEMO_PASSWORD)
        hub().set_language(session.operator.language)
        window = MainWindow(session, demo=True)
        window.resize(1280, 760)
        window.show()
        return window

    def hand_over_to(window: MainWindow, username: str) -> None:
        window.sessions.switch_operator()
        dialog = window.sessions.signin
        QTest.keyClicks(dialog.user, username)
        QTest.keyClicks(dialog.password, demo.DEMO_PASSWORD)
        QTest.keyClick(dialog.password, Qt.Key.Key_Return)
        settle(lambda: window.session is not None)

    for lang in ("zh_CN", "en"):
        db.open_database(tmp / f"demo-{lang}.sqlite3")
        demo.build()
        if lang == "en":  # the demo's cashier and supervisor work in Chinese; here they chose English
            for username in ("chenjing", "wangfang"):
                auth.set_language(auth.sign_in(username, demo.DEMO_PASSWORD), "en")
        first = "zhangli" if lang == "zh_CN" else "anna"

        # 1. the supervisor's long read ends under the cashier
        supervisor = auth.sign_in("wangfang", demo.DEMO_PASSWORD)
        zhang = next(r for r in stays.search("张伟"))
        folio.post(supervisor, zhang.id, "FAX", 1250, "")
        window = open_as("wangfang")
        panel = window.folio
        window.nav.setCurrentRow(window.panels.index(panel))
        panel.BIG_FOLIO = 0  # read on the worker, as a long folio is
        gate, real_load = threading.Event(), folio.load
        folio.load = lambda stay_id: (gate.wait(10), real_load(stay_id))[1]
        panel.query.setText("张伟")
        hand_over_to(window, "chenjing")
        gate.set()
        settle(lambda: not panel.loading and not worker.held(panel.buttons["post"]))
        folio.load = real_load
        panel.table.selectRow(0)
        shots.shot(window, f"jobs-folio-next-operator-{lang}")
        window.close()

        # 2. a failed slip's "Try again" box, then the operator changes
        blocker = tmp / f"not-a-folder-{lang}"
        blocker.write_text("x")
        printing.choose("message_slip", printing.PDF_PREFIX + str(blocker / "slips"), "A6")
        window = open_as(first)
        guest = next(r for r in stays.search("Björn Schäfer"))
        slip = messages.take(window.session, stay_id=guest.id, from_name="李伟", template="parcel")
        panel = window.messages
        window.nav.setCurrentRow(window.panels.index(panel))
        panel.refresh()
        panel.select_number(slip.number)
        QTest.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
        job = panel.print_job
        settle(lambda: job.retry_box is not None)
        hand_over_to(window, "chenjing")
        settle(lambda: bool(panel.message.text()))
        shots.shot(window, f"jobs-retry-withdrawn-{lang}")
        window.close()

        # 3. handing the pages to a paper printer failed
        def paper_printer(kind, landscape=False):  # no printer is installed here: a PDF spooler stands in
            printer = printing._new_printer(kind, landscape)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName("")
            return printer

        def driver_fails(_pages, _printer):
            raise RuntimeError("the driver refused the page")

        real_printer, real_paint = printing.configured_printer, printing.paint_pages
        printing.configured_printer, printing.paint_pages = paper_printer, driver_fails
        window = open_as(first)
        panel = window.wakeups
        window.nav.setCurrentRow(window.panels.index(panel))
        QTest.mouseClick(panel.buttons["print"], Qt.MouseButton.LeftButton)
        job = panel.print_job
        settle(lambda: job.retry_box is not None)
        shots.shot(job.retry_box, f"jobs-print-not-sent-{lang}")
        job.retry_box.close()
        printing.configured_printer, printing.paint_pages = real_printer, real_paint
        window.close()
        settle()
    os._exit(0)


if __name__ == "__main__":
    main()
