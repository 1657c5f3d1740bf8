"""Screenshots of the cases panel with an overdue case alert, in both languages (demo hotel). The alert is
its own window, so the whole screen is captured: run it on a virtual display.

    Xvfb :28 -screen 0 1366x768x24 &  DISPLAY=:28 python tools/screenshots_cases.py
"""

from __future__ import annotations

import os
import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

import shots  # noqa: E402 (tools/shots.py: puts the project on the path)

OUT = shots.OUT


def main() -> None:
    app, tmp = shots.start()
    from hotel_phone import auth, casecodes, cases, casestats, clock, db, demo, stays
    from hotel_phone.documents import case_papers
    from hotel_phone.ui.language import hub
    from hotel_phone.ui.main_window import MainWindow

    fixed = clock.FixedClock(datetime(2026, 11, 28, 21, 5, tzinfo=ZoneInfo("Asia/Shanghai")))
    clock.set_clock(fixed)
    db.open_database(tmp / "demo.sqlite3")
    demo.build()
    session = auth.sign_in("zhangli", demo.DEMO_PASSWORD)
    codes = {c.code: c.id for c in casecodes.active_codes()}
    rooms = [r for r in stays.search("")[:40:8]]
    samples = (("repair", "AC", rooms[0], "空调不制冷,房间很热"), ("complaint", "NOISE", rooms[1], "隔壁房间太吵"),
               ("request", "AMEN", rooms[2], "Two more towels and a toothbrush, please"),
               ("repair", "PLUMB", rooms[3], "Shower drain blocked"))
    for kind, code, guest, text in samples:
        case = cases.open_case(session, cases.CaseInput(kind=kind, code_id=codes[code], room=guest.room,
                                                        stay_id=guest.id, text=text))
        cases.send(session, case.id)
        fixed.advance(minutes=3)
    cases.open_case(session, cases.CaseInput(kind="lost_found", code_id=codes["LOST"], place="大堂吧 Lobby bar",
                                             caller_name="刘先生", caller_number="13912345678", channel="hotline",
                                             text="黑色钱包,昨晚九点左右"))
    fixed.advance(minutes=9)  # the air conditioning is now past its respond-by time
    for lang in ("zh_CN", "en"):
        hub().set_language(lang)
        window = MainWindow(auth.sign_in("zhangli" if lang == "zh_CN" else "anna", demo.DEMO_PASSWORD), demo=True)
        window.setGeometry(0, 0, 1366, 768)
        window.nav.setCurrentRow(window.panels.index(window.cases))
        window.show()
        window.tick()  # the overdue case's alert: its own window over the main one
        window.cases.refresh()
        window.cases.table.selectRow(window.cases.model.rows.index(
            next(r for r in window.cases.model.rows if r.kind == "repair" and r.overdue)))
        for _ in range(10):
            app.processEvents()
        path = OUT / f"cases-overdue-{lang}.png"
        if os.environ.get("DISPLAY") and os.environ.get("QT_QPA_PLATFORM", "xcb") == "xcb":
            subprocess.run(["import", "-window", "root", str(path)], check=True)
        else:
            app.primaryScreen().grabWindow(0).save(str(path))
        print(OUT / f"cases-overdue-{lang}.png")
        # The new case from an inside call, and what to say once it is logged.
        window.call.new_call("inside")
        window.call.purpose.setText("空调不制冷" if lang == "zh_CN" else "the air conditioning is not cooling")
        window.call.number.setText(rooms[4].room)
        window.cases.new_case(window.call.open_call())
        dialog = window.cases.dialog
        dialog.resize(560, 560)
        dialog.show()
        for _ in range(5):
            app.processEvents()
        dialog.grab().save(str(OUT / f"case-new-{lang}.png"))
        dialog.accept()
        sent = window.cases.dialog
        sent.resize(720, 300)
        for _ in range(5):
            app.processEvents()
        sent.grab().save(str(OUT / f"case-send-{lang}.png"))
        sent.reject()
        window.case_alert.close()
        window.close()
        # The papers, rendered as the department and the supervisor will see them.
        case = cases.listing(kind="repair", room=rooms[0].room)[0]
        pdf = tmp / f"work-order-{lang}.pdf"
        pdf.write_bytes(case_papers.work_order(case, cases.dispatch(case.id), lang))
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", str(pdf), str(OUT / f"case-work-order-{lang}")],
                       check=True)
        if case.status == "sent":
            cases.start(session, case.id)
        pdf = tmp / f"stats-{lang}.pdf"
        pdf.write_bytes(case_papers.statistics(2026, 11, casestats.monthly(2026, 11), lang))
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", str(pdf), str(OUT / f"case-statistics-{lang}")],
                       check=True)


if __name__ == "__main__":
    main()
