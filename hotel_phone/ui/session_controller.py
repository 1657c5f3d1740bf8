"""Who is at the console: sign-in, switching operator at a shift change, and the idle lock.

Out of the main window so it only composes: the controller owns the dialogs
and the idle clock, and tells the window through signals when the screen must
be hidden (nobody signed in, or locked) and shown again.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

from hotel_phone import auth, i18n, settings
from hotel_phone.ui.context import AppContext
from hotel_phone.ui.language import hub
from hotel_phone.ui.signin import LockDialog, SignInDialog


class SessionController(QObject):
    screen_hidden = Signal()  # nothing may show: signed out, or locked
    screen_shown = Signal()
    signed_in = Signal(object)  # the new Session
    sign_in_refused = Signal()  # the sign-in dialog was closed without signing in

    def __init__(self, ctx: AppContext, parent_widget: QWidget, demo: bool = False):
        super().__init__(parent_widget)
        self.ctx = ctx
        self.parent_widget = parent_widget
        self.demo = demo
        self.signin: SignInDialog | None = None
        self.lock_dialog: LockDialog | None = None
        self.last_activity = time.monotonic()
        QApplication.instance().installEventFilter(self)

    def stop(self) -> None:
        QApplication.instance().removeEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel):
            self.last_activity = time.monotonic()
        return False

    # -- the idle lock -------------------------------------------------------
    def lock_if_idle(self, now: float | None = None) -> None:
        minutes = settings.get("idle_lock_minutes")
        idle = (now or time.monotonic()) - self.last_activity
        if self.ctx.session is None or self.lock_dialog is not None or self.signin is not None or minutes <= 0:
            return
        if idle >= minutes * 60:
            self.lock(minutes)

    def lock(self, minutes: int) -> None:
        """Nothing shows through a locked screen; the same operator's password, or a sign-in, opens it."""
        self.screen_hidden.emit()
        self.lock_dialog = LockDialog(self.ctx.session, minutes, self.parent_widget)
        self.lock_dialog.accepted.connect(self._unlocked)
        self.lock_dialog.rejected.connect(self._lock_to_switch)
        self.lock_dialog.open()

    def _unlocked(self) -> None:
        self.lock_dialog = None
        self.last_activity = time.monotonic()
        self.screen_shown.emit()

    def _lock_to_switch(self) -> None:
        self.lock_dialog = None
        self.switch_operator()

    # -- signing in and out ----------------------------------------------------
    def switch_operator(self) -> None:
        """Shift change: the outgoing operator signs out, the window waits for the next."""
        if self.ctx.session is not None:
            auth.sign_out(self.ctx.session)
        self.screen_hidden.emit()  # no guest's name stays on screen behind the sign-in
        self.ctx.session = None
        self.signin = SignInDialog(settings.hotel_name(i18n.current_language()), self.demo, self.parent_widget)
        self.signin.accepted.connect(self._signed_in)
        self.signin.rejected.connect(self.sign_in_refused)
        self.signin.open()
        self.signin.activateWindow()

    def _signed_in(self) -> None:
        session = self.signin.session
        self.signin = None
        self.ctx.session = session
        self.last_activity = time.monotonic()
        hub().set_language(session.operator.language)
        self.screen_shown.emit()
        self.signed_in.emit(session)

    def sign_out(self) -> None:
        """The window closes: the operator is signed out (an audit event), nothing else."""
        if self.ctx.session is not None:
            auth.sign_out(self.ctx.session)
            self.ctx.session = None
