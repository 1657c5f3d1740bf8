"""A wake-up falls due at shift change: shown over the sign-in screen, answered by whoever signs in, keys alone."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hotel_phone import clock, stays, wakeup
from hotel_phone.db import WakeUpAttempt, WakeUpCall
from tests.uihelpers import open_window, type_text

SH = ZoneInfo("Asia/Shanghai")
F = Qt.Key


def test_due_during_sign_in_answered_by_the_incoming_operator(qtbot, demo):
    window = open_window(qtbot)
    room = next(r for r in stays.search("Björn Schäfer")).room
    wakeup.schedule(window.session, [room], "06:30", first=date(2026, 11, 29))
    window.sessions.switch_operator()  # anna signs out; the sign-in waits for the next operator
    assert not window.centralWidget().isVisible()  # no guest's name behind the sign-in
    clock.get_clock().set(datetime(2026, 11, 29, 6, 30, tzinfo=SH))
    window.tick()
    bar = window.alert_bar
    assert bar.isVisible() and bar.isWindow() and room in bar.title.text()
    assert bar.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert "Wake-ups due: 1" in window.wake_label.text()
    assert "Sign in to answer" in bar.waiting.text() and not bar.buttons["answered"].isEnabled()
    bar.act("answered")  # nobody is signed in: nothing is recorded
    assert WakeUpCall.get().status == "pending"

    signin = window.sessions.signin
    type_text(qtbot, signin.user, "zhangli")
    type_text(qtbot, signin.password, "demo1234")
    qtbot.keyClick(signin.password, F.Key_Return)
    assert window.session is not None and window.session.operator.username == "zhangli"
    assert bar.isVisible() and bar.buttons["answered"].isEnabled() and not bar.waiting.isVisible()
    call = WakeUpCall.get()
    assert call.status == "pending"  # not "missed": the app was watching all along
    clock.get_clock().set(datetime(2026, 11, 29, 6, 32, tzinfo=SH))
    qtbot.keyClick(QApplication.focusWidget() or bar, F.Key_A,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    call = WakeUpCall.get()
    attempt = WakeUpAttempt.get(WakeUpAttempt.wakeup == call.id)
    assert call.status == "done" and attempt.operator.username == "zhangli" and attempt.outcome == "answered"
    assert call.minutes_late == 0  # answered at the first ring
    assert not bar.isVisible()


def test_alert_shows_over_the_lock_screen(qtbot, demo):
    window = open_window(qtbot)
    room = next(r for r in stays.search("Björn Schäfer")).room
    wakeup.schedule(window.session, [room], "06:30", first=date(2026, 11, 29))
    window.sessions.lock(10)
    clock.get_clock().set(datetime(2026, 11, 29, 6, 30, tzinfo=SH))
    window.tick()
    assert window.alert_bar.isVisible() and not window.alert_bar.buttons["no_answer"].isEnabled()
    assert not window.centralWidget().isVisible()
