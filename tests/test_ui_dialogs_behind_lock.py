"""Open forms go out of sight with the screen: nothing of a guest shows over the lock or the sign-in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.uihelpers import open_window, sign_in_as, type_into


def _open_check_in(qtbot, w) -> QDialog:
    w.guests.check_in()
    dialog = next(d for d in w.findChildren(QDialog) if d.isVisible() and hasattr(d, "name"))
    type_into(qtbot, dialog.name, "Zebediah Quux")
    return dialog


def _visible_dialogs(w) -> list[QDialog]:
    keep = (w.sessions.signin, w.sessions.lock_dialog)
    return [d for d in w.findChildren(QDialog) if d.isVisible() and d not in keep]


def test_a_half_typed_check_in_is_hidden_by_the_lock_and_given_back_to_its_operator(qtbot, demo):
    w = open_window(qtbot, "anna")
    form = _open_check_in(qtbot, w)
    w.sessions.lock(5)
    lock = w.sessions.lock_dialog
    assert lock is not None and lock.isVisible()
    assert _visible_dialogs(w) == []  # the guest's name is not on screen
    qtbot.keyClicks(lock.password, "demo1234")
    qtbot.keyClick(lock.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.sessions.lock_dialog is None)
    assert form.isVisible() and form.name.text() == "Zebediah Quux"  # as she left it


def test_the_next_operator_never_sees_the_last_ones_form(qtbot, demo):
    w = open_window(qtbot, "anna")
    form = _open_check_in(qtbot, w)
    w.sessions.switch_operator()
    assert _visible_dialogs(w) == []  # behind the sign-in
    dialog = w.sessions.signin
    qtbot.keyClicks(dialog.user, "wangfang")
    qtbot.keyClicks(dialog.password, "demo1234")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert w.session.operator.username == "wangfang"
    assert _visible_dialogs(w) == [] and not form.isVisible()  # closed, not handed to her
    sign_in_as(qtbot, w, "anna")
    assert _visible_dialogs(w) == []  # and it does not come back later either
