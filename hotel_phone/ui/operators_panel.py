"""Operators (administrators): who may sign in, in which role; unlock after failed sign-ins."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QWidget

from hotel_phone import auth, i18n
from hotel_phone.errors import DomainError, ValidationError
from hotel_phone.i18n import N_, _
from hotel_phone.ui.common import MessageLabel, error_text
from hotel_phone.ui.stay_dialog import FormDialog
from hotel_phone.ui.tables import RowTableModel, make_table, selected_row, table_panel


class OperatorModel(RowTableModel):
    columns = (N_("User name"), N_("Name"), N_("Role"), N_("Language"), N_("Locked"))

    def cells(self, o: auth.OperatorRow) -> tuple:
        return (o.username, o.display_name, _(auth.ROLE_LABELS[o.role]), i18n.LANGUAGE_NAMES.get(o.language, ""),
                _("locked") if o.locked else "")


class OperatorDialog(FormDialog):
    settings_key = "operator"

    def __init__(self, on_ok, parent=None):
        super().__init__(lambda: on_ok(self), parent)
        self.username, self.name = QLineEdit(), QLineEdit()
        self.role = QComboBox()
        self.word_items(self.role, auth.ROLE_LABELS.items())
        self.language = QComboBox()
        for code in i18n.LANGUAGES:
            self.language.addItem(i18n.LANGUAGE_NAMES[code], code)
        self.password, self.password2 = QLineEdit(), QLineEdit()
        for p in (self.password, self.password2):
            p.setEchoMode(QLineEdit.EchoMode.Password)
        self.set_rows((self.username, self.name, self.role, self.language, self.password, self.password2),
                      (N_("User name"), N_("Name"), N_("Role"), N_("Language"), N_("Password"), N_("Password again")))
        self.word(self.setWindowTitle, N_("Add an operator"))
        self.ok_words(N_("Add"))


class OperatorsPanel(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.dialog = None
        self.model = OperatorModel(self)
        self.table = make_table(self.model, "operators")
        self.message = MessageLabel()
        self.add_button, self.unlock_button = QPushButton(), QPushButton()
        self.deactivate_button, self.role_button = QPushButton(), QPushButton()
        self.role = QComboBox()
        self.role.setObjectName("newRole")
        self.add_button.clicked.connect(self.add)
        self.unlock_button.clicked.connect(self.unlock)
        self.deactivate_button.clicked.connect(lambda _checked=False: self.deactivate())
        self.role_button.clicked.connect(lambda _checked=False: self.change_role())
        self.note = QLabel()
        self.note.setWordWrap(True)
        table_panel(self, [self.note, None], self.table, self.message,
                    [self.add_button, self.unlock_button, self.role, self.role_button, self.deactivate_button])
        self.retranslate()

    TITLE = N_("Operators")

    def title(self) -> str:
        return _(self.TITLE)

    def actions(self) -> dict:
        return {}

    def retranslate(self) -> None:
        self.note.setText(_("Administrators add operators, unlock accounts, change roles and deactivate "
                            "operators who left (each recorded in the audit log)."))
        self.add_button.setText(_("Add an operator…"))
        self.unlock_button.setText(_("Unlock"))
        self.deactivate_button.setText(_("Deactivate"))
        self.role_button.setText(_("Change role"))
        current = self.role.currentData()
        self.role.clear()
        for role, label in auth.ROLE_LABELS.items():
            self.role.addItem(_(label), role)
        if current:
            self.role.setCurrentIndex(self.role.findData(current))
        self.model.retranslate()
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(auth.listing())

    def add(self) -> None:
        def ok(d: OperatorDialog) -> None:
            if d.password.text() != d.password2.text():
                raise ValidationError(N_("The two passwords differ."))
            auth.create_operator(self.ctx.session, d.username.text(), d.name.text(), d.role.currentData(),
                                 d.password.text(), d.language.currentData())
            self.message.show_info(_("Operator {name} ({role}) added.").format(
                name=d.username.text(), role=d.role.currentText()))
            self.refresh()

        self.dialog = OperatorDialog(ok, self)
        self.dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog.open()

    def unlock(self) -> None:
        row = selected_row(self.table, self.model)
        if row is None:
            self.message.show_error(_("Select an operator first."))
            return
        try:
            auth.unlock(self.ctx.session, row.username)
        except DomainError as exc:
            self.message.show_error(error_text(exc))
            return
        self.message.show_info(_("{name} is unlocked.").format(name=row.username))
        self.refresh()

    def _act(self, do, done: str) -> None:
        row = selected_row(self.table, self.model)
        if row is None:
            self.message.show_error(_("Select an operator first."))
            return
        try:
            do(row)
        except DomainError as exc:
            self.message.show_error(error_text(exc))
            return
        self.message.show_info(done.format(name=row.username, role=self.role.currentText()))
        self.refresh()

    def deactivate(self) -> None:
        self._act(lambda row: auth.deactivate(self.ctx.session, row.username),
                  _("{name} may no longer sign in."))

    def change_role(self) -> None:
        self._act(lambda row: auth.set_role(self.ctx.session, row.username, self.role.currentData()),
                  _("{name} is now {role}."))
