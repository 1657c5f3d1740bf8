"""What a panel may know of the application: the session, a status line, and requests to other panels.

Panels never see the main window or each other. They ask through these
signals ("take a message for this guest", "here are the words for a late
guest") and the window, which composes the panels, connects each signal to
the panel that answers it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QRect, Signal

from hotel_phone.session import Session


@dataclass
class MessageRequest:
    """Take a message for a guest or a staff member; whoever opens the form puts it in `dialog`."""

    recipient: str
    stay_id: int | None = None
    staff_id: int | None = None
    from_name: str = ""
    callback: str = ""
    call_id: int | None = None
    wanted_name: str = ""  # a message kept at the desk for a name not found in the hotel
    on_saved: Callable[[], None] | None = None
    dialog: object = field(default=None, repr=False)


class AppContext(QObject):
    session_changed = Signal(object)  # the new Session, or None when signed out
    status = Signal(str, int)  # a line for the status bar, and for how many milliseconds
    data_changed = Signal()  # something a counter or another panel shows has changed
    message_requested = Signal(object)  # a MessageRequest
    late_words = Signal(str)  # words about a wake-up kept in sight on the wake-up panel (late guest, late ring)

    def __init__(self, session: Session | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._session = session
        self.screen_open = True  # False while the screen is locked or waiting for a sign-in
        self.host_geometry: Callable[[], QRect] = QRect  # where floating alerts place themselves
        self.floating_alerts: list = []  # alert windows, in the order they stack over the main window

    @property
    def session(self) -> Session | None:
        return self._session

    @session.setter
    def session(self, session: Session | None) -> None:
        self._session = session
        self.session_changed.emit(session)

    def may(self, action: str) -> bool:
        """Whether the signed-in operator may do `action` (the core's rule; no one signed in: nothing)."""
        return self._session is not None and self._session.may(action)

    def same_operator(self, session: Session | None) -> bool:
        """Whether the operator of `session` (who started something) is still the one signed in."""
        return (session is not None and self._session is not None
                and self._session.operator.id == session.operator.id)

    def show_status(self, text: str, milliseconds: int = 10000) -> None:
        self.status.emit(text, milliseconds)

    def take_message(self, request: MessageRequest) -> MessageRequest:
        self.message_requested.emit(request)
        return request
