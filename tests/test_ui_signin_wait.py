"""A password's check takes ~0.4 s on purpose (scrypt): the window goes on meanwhile, alerts included."""

import time

from PySide6.QtCore import Qt, QTimer

from hotel_phone import auth
from tests.uihelpers import open_window


def _slow(monkeypatch, name):
    real = getattr(auth, name)

    def slow(*args, **kwargs):
        time.sleep(0.6)  # as long as a desk PC's scrypt, and then some
        return real(*args, **kwargs)

    monkeypatch.setattr(auth, name, slow)


def test_the_gui_thread_runs_while_a_password_is_checked(qtbot, demo, monkeypatch):
    window = open_window(qtbot)
    window.sessions.switch_operator()  # shift change: the sign-in waits for the next operator
    dialog = window.sessions.signin
    _slow(monkeypatch, "sign_in")
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(dialog.user.isEnabled()))
    timer.start(50)
    qtbot.keyClicks(dialog.user, "zhangli")
    qtbot.keyClicks(dialog.password, "demo1234")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    timer.stop()
    assert window.session is not None and window.session.operator.username == "zhangli"
    assert ticks.count(False) >= 5  # the clock went on, and the fields waited disabled meanwhile


def test_a_wrong_password_checked_off_the_gui_thread_is_refused_in_words(qtbot, demo, monkeypatch):
    window = open_window(qtbot)
    window.sessions.switch_operator()
    dialog = window.sessions.signin
    _slow(monkeypatch, "sign_in")
    qtbot.keyClicks(dialog.user, "zhangli")
    qtbot.keyClicks(dialog.password, "wrong-password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert window.session is None and dialog.isVisible() and dialog.user.isEnabled()
    assert dialog.message.text() and dialog.password.text() == ""
