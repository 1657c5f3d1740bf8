"""Driving widgets as an operator does."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from hotel_phone import auth
from hotel_phone.ui.language import hub
from hotel_phone.ui.main_window import MainWindow


def type_text(qtbot, widget, text):
    """Latin keys directly, Chinese through the input method (QTest cannot type CJK keys)."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)


def type_into(qtbot, widget, text):
    widget.setFocus()
    widget.selectAll()
    type_text(qtbot, widget, text)


def open_window(qtbot, username="anna", password="demo1234"):
    hub().set_language("en")
    session = auth.sign_in(username, password)
    hub().set_language(session.operator.language)
    w = MainWindow(session, demo=True)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=3000)
    return w


def sign_in_as(qtbot, window, username, password="demo1234"):
    """Shift change: the window signs out and the next operator signs in with the keyboard."""
    window.sessions.switch_operator()
    dialog = window.sessions.signin
    qtbot.keyClicks(dialog.user, username)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert window.session.operator.username == username
