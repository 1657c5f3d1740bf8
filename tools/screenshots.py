"""Render the screens for docs/screenshots in both languages (offscreen, demo hotel, fixed clock).

    QT_QPA_PLATFORM=offscreen python tools/screenshots.py
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import shots  # noqa: E402 (tools/shots.py: puts the project on the path)

OUT = shots.OUT


def main() -> None:
    app, tmp = shots.start()
    from hotel_phone import auth, clock, db, demo, folio, stays
    from hotel_phone.ui.language import hub
    from hotel_phone.ui.main_window import MainWindow
    from hotel_phone.ui.signin import SignInDialog

    clock.set_clock(clock.FixedClock(datetime(2026, 11, 28, 21, 35, tzinfo=ZoneInfo("Asia/Shanghai"))))
    db.open_database(tmp / "demo.sqlite3")
    demo.build()

    shot = shots.shot

    def shot_with_alert(window, name: str) -> None:
        from PySide6.QtGui import QPainter

        window.show()
        for _ in range(5):
            app.processEvents()
        picture = window.grab()
        alert = window.alert_bar
        painter = QPainter(picture)
        painter.drawPixmap(alert.geometry().topLeft() - window.geometry().topLeft(), alert.grab())
        painter.end()
        picture.save(str(OUT / f"{name}.png"))
        print(OUT / f"{name}.png")

    for lang in ("zh_CN", "en"):
        hub().set_language(lang)
        dialog = SignInDialog("锦江示范大酒店 Jinjiang Demo Grand Hotel", demo_hint=True)
        dialog.user.setText("zhangli" if lang == "zh_CN" else "anna")
        dialog.resize(460, 280)
        shot(dialog, f"signin-{lang}")
        dialog.close()

        session = auth.sign_in("zhangli" if lang == "zh_CN" else "anna", demo.DEMO_PASSWORD)
        window = MainWindow(session, demo=True)
        window.resize(1280, 760)
        shot(window, f"main-{lang}")
        window.guests.search.setText("张伟" if lang == "zh_CN" else "muller")
        shot(window, f"register-search-{lang}")
        window.guests.search.setText("")
        window.guests.search.setText("12")
        window.guests.table.selectRow(0)
        window.guests.check_in()
        window.guests.dialog.room.setText("2999")
        window.guests.dialog.name.setText("Amélie Dubois")
        window.guests.dialog.accept()
        shot(window.guests.dialog, f"checkin-error-{lang}")
        window.guests.dialog.reject()

        # A call in progress: the guest is asked (words for the guest in the guest's language).
        window.nav.setCurrentRow(window.panels.index(window.call))
        call = window.call
        call.new_call("outside")
        if lang == "en":
            call.toggle_caller_language()  # an English-speaking caller for the English screenshot
        call.caller_name.setText("李伟" if lang == "zh_CN" else "Peter Brown")
        call.purpose.setText("合同的事" if lang == "zh_CN" else "the contract")
        call.number.setText("13800138000")
        call.wanted.setText("Björn")
        call.choose()
        call.act("ring")
        shot(window, f"call-guest-asked-{lang}")
        call.act("decline")
        shot(window, f"call-declined-{lang}")

        # The message slips waiting, one taken from a call.
        call.new_call("outside")
        call.caller_name.setText("王建华")
        call.purpose.setText("送文件")
        call.wanted.setText("张伟")
        call.choose()
        call.act("ring")
        call.act("no_answer")
        call.act("message")
        d = window.messages.dialog
        d.template.setCurrentIndex(d.template.findData("call_back"))
        d.text.setPlainText("今晚八点前" if lang == "zh_CN" else "before 8 pm")
        shot(d, f"message-dialog-{lang}")
        d.accept()
        window.nav.setCurrentRow(window.panels.index(window.messages))
        shot(window, f"messages-{lang}")

        # Long distance: several guests booking at once, two lines in use.
        ld_panel = window.longdistance
        window.nav.setCurrentRow(window.panels.index(ld_panel))
        if lang == "zh_CN":
            for who, number, party in (("Björn", "+44 20 7946 0958", "Siemens UK"), ("张伟", "010 6512 3456", "家里"),
                                       ("smith", "+1 212 555 1234", "ACME Corp"), ("yamada", "+81 3 1234 5678", "本社"),
                                       ("王", "00852 2123 4567", "香港分公司")):
                ld_panel.guest_query.setText(who)
                ld_panel.party.setText(party)
                ld_panel.number.setText(number)
                ld_panel.book()
            ld_panel.act("dial")
            ld_panel.act("connected")
            clock.get_clock().advance(minutes=3, seconds=25)
            ld_panel.act("dial")
        ld_panel.guest_query.setText("Björn")
        ld_panel.number.setText("+44 20 7946 0958")
        ld_panel.refresh()
        shot(window, f"longdistance-queue-{lang}")
        # The folio of a guest with calls and switchboard charges, and its print preview.
        if lang == "zh_CN":
            for row in ld_panel.model.rows[:1]:
                ld_panel.select(row.id)
                clock.get_clock().advance(minutes=2)
                ld_panel.act("end")
            zw = next(r for r in stays.search("张伟"))
            for code, fen in (("FAX", 1000), ("PRINT", 300), ("PARCEL", 500)):
                folio.post(window.session, zw.id, code, fen)
            wrong = folio.post(window.session, zw.id, "FAX", 2000)
            from hotel_phone import auth as _auth
            folio.void(_auth.sign_in("wangfang", demo.DEMO_PASSWORD), wrong.id, "发错房间 wrong room")
        window.nav.setCurrentRow(window.panels.index(window.folio))
        window.folio.query.setText("张伟")
        shot(window, f"folio-{lang}")
        window.folio.print_preview()
        from hotel_phone.ui import worker
        worker.wait_all()
        for _ in range(20):
            app.processEvents()
        window.folio.preview.resize(760, 900)
        shot(window.folio.preview, f"folio-preview-{lang}")
        window.folio.preview.close()
        window.nav.setCurrentRow(window.panels.index(window.cashier))
        window.cashier.refresh()
        shot(window, f"cashier-{lang}")
        # Wake-ups: the register, and an alert over another panel; then the handover.
        from hotel_phone import wakeup
        from datetime import timedelta as _td
        if lang == "zh_CN":
            tomorrow = clock.now().astimezone(ZoneInfo("Asia/Shanghai")).date() + _td(days=1)
            wakeup.schedule(window.session, ["201", "203", "220"], "06:30", first=tomorrow, note="旅游团 tour bus 07:15")
            wakeup.schedule(window.session, ["202"], "07:00", first=tomorrow)
        window.nav.setCurrentRow(window.panels.index(window.wakeups))
        window.wakeups.day.setDate(window.wakeups.day.date().addDays(1))
        shot(window, f"wakeup-register-{lang}")
        saved_clock = clock.get_clock().now()
        clock.get_clock().set(datetime(2026, 11, 29, 6, 30, tzinfo=ZoneInfo("Asia/Shanghai")))
        window.nav.setCurrentRow(window.panels.index(window.guests))
        window.alert_bar.seen.add((0, ""))
        window.tick()
        shot_with_alert(window, f"wakeup-alert-{lang}")  # the alert is its own window, over the main one
        clock.get_clock().set(saved_clock)
        window.tick()
        window.nav.setCurrentRow(window.panels.index(window.handover))
        window.handover.notes.setPlainText("1203 客人要求明早送报纸。Fax machine out of paper." if lang == "zh_CN"
                                           else "Guest in 1203 asked for a newspaper. Fax machine out of paper.")
        window.handover.refresh()
        shot(window, f"handover-{lang}")
        window.nav.setCurrentRow(window.panels.index(window.reference))
        window.reference.query.setText("")
        window.reference.query.setText("医院" if lang == "zh_CN" else "fire")
        shot(window, f"directory-{lang}")
        window.nav.setCurrentRow(window.panels.index(window.phrasebook))
        window.phrasebook.table.resizeRowsToContents()
        shot(window, f"phrasebook-{lang}")
        window.nav.setCurrentRow(window.panels.index(window.worldclock))
        window.worldclock.query.setText("伦敦" if lang == "zh_CN" else "+1 212 555 1234")
        window.worldclock.tick()
        shot(window, f"worldclock-{lang}")
        # A number that does not say which of Australia's zones rings: the range, never a guess.
        window.worldclock.query.setText("+61 412 345 678")
        shot(window, f"worldclock-range-{lang}")
        # After check-out the cashier settles (transferred to the PMS account) and the folio stands at zero.
        if lang == "zh_CN":
            from hotel_phone.db import Operator
            from hotel_phone.session import Session

            leaving = next(r for r in stays.search("王"))
            folio.post(window.session, leaving.id, "FAX", 1500)
            stays.check_out(Session(Operator.get(Operator.username == "admin")), leaving.id)
            folio.settle(auth.sign_in("chenjing", demo.DEMO_PASSWORD), leaving.id, "pms", "PMS-88213")
            settled = leaving.name_zh
        window.nav.setCurrentRow(window.panels.index(window.folio))
        window.folio.query.setText("")
        window.folio.query.setText(settled)
        shot(window, f"settlement-{lang}")
        window.close()


if __name__ == "__main__":
    main()
