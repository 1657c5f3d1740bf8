"""Every menu command and shortcut, declared once; the main window wires them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from hotel_phone.i18n import N_, _


@dataclass(frozen=True)
class ActionSpec:
    key: str
    label: str  # N_() text, translated when shown
    shortcut: str = ""


SPECS = (
    ActionSpec("app.switch_operator", N_("Sign out / switch operator"), "Ctrl+L"),
    ActionSpec("app.change_password", N_("Change my password…"), ""),
    ActionSpec("app.printers", N_("Printers of this station…"), ""),
    ActionSpec("app.quit", N_("Quit"), "Ctrl+Q"),
    ActionSpec("app.toggle_language", N_("Switch language 中文/English"), "Ctrl+Shift+L"),
    ActionSpec("call.new_outside", N_("New outside call"), "F2"),
    ActionSpec("call.new_inside", N_("New inside call"), "Shift+F2"),
    ActionSpec("call.next", N_("The next call (the current one waits on hold)"), "F3"),
    ActionSpec("call.caller_language", N_("Caller's language 中文/English"), "F4"),
    ActionSpec("call.ring", N_("Ring the guest"), "F5"),
    ActionSpec("call.accept", N_("Guest accepts: put through"), "F6"),
    ActionSpec("call.accept_stay", N_("Guest allows \"staying here\" only"), "Shift+F6"),
    ActionSpec("call.decline", N_("Guest declines"), "F7"),
    ActionSpec("call.no_answer", N_("No answer"), "F8"),
    ActionSpec("call.not_in_room", N_("Not in the room"), "Shift+F8"),
    ActionSpec("call.not_found", N_("Not in the hotel"), "F11"),
    ActionSpec("call.put_through", N_("Put through"), "F9"),
    ActionSpec("call.message", N_("Take a message"), "Ctrl+T"),
    ActionSpec("call.end", N_("End call"), "F12"),
    ActionSpec("case.new", N_("New case: repair, complaint, request (from the call)"), "F10"),
    ActionSpec("case.show", N_("Cases: repairs, complaints, requests"), "Ctrl+Shift+C"),
    ActionSpec("wake.show", N_("Wake-up calls"), "Ctrl+W"),
    ActionSpec("ld.show", N_("Long-distance bookings"), "Ctrl+J"),
    ActionSpec("ld.book", N_("Book the long-distance call"), "Ctrl+B"),
    ActionSpec("clock.show", N_("World clock"), "Ctrl+K"),
    ActionSpec("folio.show", N_("Guest folio"), "Ctrl+Shift+F"),
    ActionSpec("reference.show", N_("Directory and information"), "Ctrl+R"),
    ActionSpec("guests.search", N_("Find a guest"), "Ctrl+F"),
    ActionSpec("guests.check_in", N_("Check in…"), "Ctrl+N"),
    ActionSpec("guests.edit", N_("Edit guest…"), "Ctrl+E"),
    ActionSpec("guests.move", N_("Move to another room…"), "Ctrl+M"),
    ActionSpec("guests.check_out", N_("Check out…"), "Ctrl+D"),
    ActionSpec("guests.message", N_("Take a message for the guest…"), "Ctrl+Shift+M"),
    ActionSpec("guests.import", N_("Import guests from CSV…"), "Ctrl+I"),
    ActionSpec("help.about", N_("About hotel_phone"), "F1"),
)
SPEC_BY_KEY = {s.key: s for s in SPECS}


def create(parent: QWidget, handlers: dict[str, Callable[[], None]]) -> dict[str, QAction]:
    actions = {}
    for spec in SPECS:
        action = QAction(parent)
        action.setObjectName(spec.key)  # a dialog of the window finds it by its key (lend)
        if spec.shortcut:
            action.setShortcut(QKeySequence(spec.shortcut))
        if spec.key in handlers:
            action.triggered.connect(lambda _checked=False, h=handlers[spec.key]: h())
        parent.addAction(action)
        actions[spec.key] = action
    retranslate(actions)
    return actions


def lend(dialog: QWidget, *keys: str) -> None:
    """The window's commands `keys` work inside `dialog` too: a window-modal dialog is the active window, and
    the window's own shortcuts (Ctrl+Shift+L) do not reach past it."""
    parent = dialog.parentWidget()
    if parent is None:
        return
    for action in QWidget.actions(parent.window()):  # (the main window keeps its dict under that name)
        if action.objectName() in keys:
            dialog.addAction(action)


def retranslate(actions: dict[str, QAction]) -> None:
    for key, action in actions.items():
        action.setText(_(SPEC_BY_KEY[key].label))
