"""First start on a PC: the hotel's database on this PC only, or the hotel's database server."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hotel_phone import station
from hotel_phone.errors import DomainError
from hotel_phone.i18n import _
from hotel_phone.ui.common import MessageLabel, RememberingDialog, error_text


class DatabaseChoiceDialog(RememberingDialog):
    """Asks once; the answer is kept in this station's settings file (station.json)."""

    settings_key = "database_choice"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.local = QRadioButton()
        self.server = QRadioButton()
        self.local.setChecked(True)
        self.address = QLineEdit()
        self.address.setPlaceholderText("postgresql://hotel_app@192.168.1.10/hotel")
        self.test_button = QPushButton()
        self.test_button.clicked.connect(self._test)  # clicked passes a bool: _test takes none
        row = QHBoxLayout()
        row.addWidget(self.address, 1)
        row.addWidget(self.test_button)
        self.message = MessageLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (self.intro, self.local, self.server):
            layout.addWidget(w)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.local.toggled.connect(self._enable)
        self._enable()
        self.retranslate()

    def retranslate(self, *_args) -> None:
        super().retranslate()  # (a refusal shown in the dialog)
        self.setWindowTitle(_("Where is the hotel's database?"))
        self.intro.setText(_("One PC keeps the hotel on this PC. Several desks (operator, cashier, supervisor) "
                             "share the hotel's database server; ask whoever set it up for its address."))
        self.local.setText(_("This PC only"))
        self.server.setText(_("The hotel's database server"))
        self.test_button.setText(_("Test the connection"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Continue"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    def _enable(self, *_args) -> None:
        on = self.server.isChecked()
        self.address.setEnabled(on)
        self.test_button.setEnabled(on)

    def _test(self) -> bool:
        try:
            version = station.test_connection(self.address.text())
        except DomainError as exc:
            self.message.show_error(lambda exc=exc: error_text(exc))
            return False
        self.message.show_info(lambda: _("Connected: PostgreSQL {version}.").format(version=version))
        return True

    def accept(self) -> None:
        if self.server.isChecked():
            if not self._test():
                return  # the address stays as typed, to correct
            station.choose(self.address.text())
        else:
            station.choose(station.LOCAL)
        super().accept()
