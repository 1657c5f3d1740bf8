"""Sign-in: at start, at a shift change, and after sign-out.

At start the sign-in is painted before the database is open (ui/startup.py): this module
imports no database module at load; `auth` is imported where a password is checked.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import (QComboBox, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout,
                               QWidget)

from hotel_phone import i18n
from hotel_phone.errors import DomainError
from hotel_phone.i18n import N_, _
from hotel_phone.ui.common import MessageLabel, RememberingDialog, add_rows, error_text
from hotel_phone.ui.language import hub


def _off_the_gui_thread(check):
    """A password's check (scrypt, ~0.4 s on purpose) on the worker: the window, the clock and a wake-up
    alert go on meanwhile."""
    from hotel_phone.ui import worker  # for speed: it imports the database modules

    return worker.wait_for(check)


class _checking:
    """The dialog's fields wait, disabled, while the password is checked; then as they were."""

    def __init__(self, dialog, controls):
        self.dialog, self.controls = dialog, controls

    def __enter__(self):
        self.dialog._checking = True
        for c in self.controls:
            c.setEnabled(False)

    def __exit__(self, *_exc):
        for c in self.controls:
            c.setEnabled(True)
        self.dialog._checking = False
        return False


class SignInDialog(RememberingDialog):
    settings_key = "signin"

    def __init__(self, hotel_name: str = "", demo_hint: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = None
        self._checking = False
        self.prepare = None  # at start: finishes opening the database (False: it failed) before the check
        self._hotel_name = hotel_name
        self._demo_hint = demo_hint
        self.title = QLabel()
        self.title.setObjectName("signinTitle")
        self.user = QLineEdit()
        self.user.setObjectName("user")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        # Names only, the codes by position: an item's Python data made PySide6 build Qt's 174 namespace enums
        # here, about a tenth of the time to the first paint at start.
        self.language = QComboBox()
        self.language.addItems([i18n.LANGUAGE_NAMES[code] for code in i18n.LANGUAGES])
        self.language.setCurrentIndex(i18n.LANGUAGES.index(i18n.current_language()))
        self.language.currentIndexChanged.connect(lambda i: hub().set_language(i18n.LANGUAGES[i]))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.message = MessageLabel()
        # Buttons of our own words, not standard ones: a standard button loads the style's icons (~10 ms at start).
        self.buttons = QDialogButtonBox()
        self.sign_in_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_button.setDefault(True)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form = QFormLayout()
        self.labels = add_rows(self.form, (self.user, self.password, self.language))
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.form)
        layout.addWidget(self.hint)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.user.setFocus()

    def retranslate(self, *_args) -> None:
        super().retranslate()  # (a refusal shown in the dialog)
        with QSignalBlocker(self.language):  # switched by Ctrl+Shift+L: the list says so, without switching again
            self.language.setCurrentIndex(i18n.LANGUAGES.index(i18n.current_language()))
        self.setWindowTitle(_("Sign in"))
        self.title.setText(f"<h2>{self._hotel_name}</h2>" + _("Switchboard sign-in"))
        for label, text in zip(self.labels, (_("&User name"), _("&Password"), _("&Language"))):
            label.setText(text)
        self.sign_in_button.setText(_("Sign in"))
        self.cancel_button.setText(_("Cancel"))
        self.hint.setText(_("Demo hotel: users admin, zhangli, anna, wangfang, chenjing; password demo1234.")
                          if self._demo_hint else "")
        self.hint.setVisible(self._demo_hint)

    def set_hotel(self, hotel_name: str, demo_hint: bool) -> None:
        """The hotel as the database says, once it is open (at start the remembered name is shown first)."""
        self._hotel_name, self._demo_hint = hotel_name, demo_hint
        self.retranslate()

    def accept(self) -> None:
        from hotel_phone import auth  # for speed: the sign-in is painted before the database modules load

        if self._checking:
            return
        if self.prepare is not None and not self.prepare():
            return  # the start failed (the database could not be opened) and says so itself
        user, password = self.user.text(), self.password.text()
        try:
            with _checking(self, (self.user, self.password, self.language, self.buttons)):
                self.session = _off_the_gui_thread(lambda: auth.sign_in(user, password))
        except DomainError as exc:
            self.password.clear()
            self.password.setFocus()
            self.message.show_error(lambda exc=exc: error_text(exc))
            return
        super().accept()

    def reject(self) -> None:
        if not self._checking:  # not while the password is being checked
            super().reject()


class LockDialog(RememberingDialog):
    """The screen locked while idle: the signed-in operator's password unlocks it."""

    settings_key = "lock"

    def __init__(self, session, minutes: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.switch = False
        self._checking = False
        self.text = QLabel()
        self.word(self.text.setText, lambda: _("Locked after {minutes} minutes without use. {name}, your password "
                                               "unlocks it.").format(minutes=minutes,
                                                                     name=session.operator.display_name))
        self.text.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = MessageLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.word(self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText, N_("Unlock"))
        other = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.word(other.setText, N_("Another operator…"))
        other.clicked.connect(self._switch)
        self.buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        for w in (self.text, self.password, self.message, self.buttons):
            layout.addWidget(w)
        self.word(self.setWindowTitle, N_("Locked"))
        self.password.setFocus()

    def _switch(self) -> None:
        self.switch = True
        self.reject()

    def reject(self) -> None:
        if self.switch:
            super().reject()  # only "another operator" leaves the lock; Esc does not

    def accept(self) -> None:
        from hotel_phone import auth  # for speed, as in SignInDialog

        if self._checking:
            return
        password = self.password.text()
        try:
            with _checking(self, (self.password, self.buttons)):
                _off_the_gui_thread(lambda: auth.confirm(self.session, password))
        except DomainError as exc:
            self.password.clear()
            self.message.show_error(lambda exc=exc: error_text(exc))
            return
        super().accept()


class PasswordDialog(RememberingDialog):
    """An operator changes their own password."""

    settings_key = "password"

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.old, self.new, self.new2 = QLineEdit(), QLineEdit(), QLineEdit()
        for w in (self.old, self.new, self.new2):
            w.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        for words, w in zip((N_("Current password"), N_("New password"), N_("New password again")),
                            (self.old, self.new, self.new2)):
            label = QLabel()
            self.word(label.setText, words)
            form.addRow(label, w)
        self.message = MessageLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.word(buttons.button(QDialogButtonBox.StandardButton.Ok).setText, N_("Change"))
        self.word(buttons.button(QDialogButtonBox.StandardButton.Cancel).setText, N_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.word(self.setWindowTitle, N_("Change my password"))

    def accept(self) -> None:
        try:
            if self.new.text() != self.new2.text():
                from hotel_phone.errors import ValidationError

                raise ValidationError(N_("The two passwords differ."))
            from hotel_phone import auth  # for speed, as in SignInDialog

            auth.change_password(self.session, self.old.text(), self.new.text())
        except DomainError as exc:
            self.message.show_error(lambda exc=exc: error_text(exc))
            return
        super().accept()
