"""Screenshots of dialogs opened in Chinese, then after Ctrl+Shift+L pressed inside them (English), with what the
operator typed still there: check-in, a new case, a message, a question box and the sign-in.

    QT_QPA_PLATFORM=offscreen python tools/screenshots_dialog_switch.py
"""

from __future__ import annotations

from datetime import timedelta

import shots  # noqa: E402 (tools/shots.py: puts the project on the path)

OUT = shots.OUT


def main() -> None:
    app, tmp = shots.start()
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from hotel_phone import auth, cases, clock, db, demo, stays
    from hotel_phone.i18n import N_
    from hotel_phone.ui import common
    from hotel_phone.ui.cases_panel import CaseDialog
    from hotel_phone.ui.language import hub
    from hotel_phone.ui.main_window import MainWindow
    from hotel_phone.ui.messages_panel import MessageDialog
    from hotel_phone.ui.signin import SignInDialog
    from hotel_phone.ui.stay_dialog import StayDialog

    db.open_database(tmp / "demo.sqlite3")
    demo.build()
    hub().set_language("zh_CN")
    window = MainWindow(auth.sign_in("wangfang", demo.DEMO_PASSWORD), demo=True)
    window.resize(1366, 768)
    window.show()

    def settle():
        for _ in range(8):
            app.processEvents()

    def type_in(widget, text):
        widget.setFocus()
        for ch in text:
            if ch.isascii():
                QTest.keyClicks(widget, ch)
            else:  # Chinese through the input method, as an IME commits it
                event = QInputMethodEvent("", [])
                event.setCommitString(ch)
                QApplication.sendEvent(widget, event)

    def both(name, dialog, field=None, typed=""):
        dialog.open()
        dialog.activateWindow()
        settle()
        if field is not None:
            type_in(field, typed)
        shots.shot(dialog, f"dialog-switch-{name}-zh_CN")
        QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_L,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        settle()
        shots.shot(dialog, f"dialog-switch-{name}-en")
        dialog.done(0)
        window.set_language("zh_CN")
        settle()

    today = clock.now().date()
    check_in = StayDialog(stays.StayInput(arrival=today, departure=today + timedelta(days=2)), lambda _v: None,
                          stays.all_rooms(), editing=False, parent=window)
    both("check-in", check_in, check_in.name_zh, "王芳")
    room = stays.all_rooms()[0]
    case = CaseDialog(cases.CaseInput(room=room), lambda _v: None, parent=window)
    both("case", case, case.text, "空调不制冷 the air conditioning")
    message = MessageDialog(f"Zhang Wei — {room}", lambda _d: None, parent=window)
    both("message", message, message.text, "请回电 13800138000")
    box = common.text_box(window, N_("Cancel the wake-up call"), N_("Reason"))
    both("ask-text", box, box.findChild(type(check_in.room)), "客人取消 guest cancelled")
    signin = SignInDialog("锦江示范大酒店", demo_hint=False)
    both("sign-in", signin, signin.user, "wangfang")


if __name__ == "__main__":
    main()
