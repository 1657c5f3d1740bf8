"""The window around the console: a key for every panel, Tab out of tables, asking before a live call is
dropped, nothing on screen while signed out, maximized on first run."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hotel_phone.ui.dialog_words import say
from hotel_phone import calls
from tests.uihelpers import open_window

F = Qt.Key


def test_every_panel_has_its_key_shown_in_the_navigation(qtbot, demo):
    window = open_window(qtbot)
    assert window.isMaximized()  # first run: no saved geometry
    for i, panel in enumerate(window.panels):
        keys = window.panel_keys[i]
        assert window.nav.item(i).text().endswith(f"({keys})")
        mod = Qt.KeyboardModifier.AltModifier | (Qt.KeyboardModifier.ShiftModifier if "Shift" in keys
                                                 else Qt.KeyboardModifier.NoModifier)
        qtbot.keyClick(QApplication.focusWidget() or window, getattr(F, f"Key_{keys[-1]}"), mod)
        assert window.stack.currentWidget() is panel, keys


def test_tab_leaves_a_table(qtbot, demo):
    window = open_window(qtbot)
    table = window.guests.table
    table.setFocus()
    qtbot.keyClick(table, F.Key_Tab)
    assert not table.hasFocus()


def test_quit_and_sign_out_ask_while_a_call_is_open(qtbot, demo, monkeypatch):
    window = open_window(qtbot)
    asked = []

    def answer(reply):
        def question(parent, title, text):
            asked.append(say(text))  # the words as shown (a function: worded again after a switch)
            return reply
        return question

    qtbot.keyClick(window, F.Key_F2)
    monkeypatch.setattr("hotel_phone.ui.main_window.ask_yes_no", answer(False))
    qtbot.keyClick(window, F.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, F.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 2 and "1 call is still open" in asked[0]
    assert window.isVisible() and window.session is not None and len(calls.live_calls()) == 1
    monkeypatch.setattr("hotel_phone.ui.main_window.ask_yes_no", answer(True))
    qtbot.keyClick(window, F.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.session is None and not window.centralWidget().isVisible()  # no guest data behind the sign-in
    assert len(calls.live_calls()) == 1  # the call waits in the list for the next operator
    window.sessions.signin.reject()
