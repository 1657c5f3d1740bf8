"""First start of a real hotel: the facts the switchboard needs, then the first administrator."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QCompleter, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from hotel_phone import hotelsetup, i18n, rooms, settings
from hotel_phone.errors import DomainError, ValidationError
from hotel_phone.i18n import N_, _
from hotel_phone.ui.common import MessageLabel, RememberingDialog, add_rows, error_text

LABELS = (
    N_("Hotel name (Chinese)"), N_("Hotel name (English)"), N_("Address (Chinese)"), N_("Address (English)"),
    N_("Time zone"), N_("Currency"), N_("Outside lines"), N_("Rooms (floors x rooms per floor)"),
    N_("Administrator user name"), N_("Administrator name"), N_("Password"), N_("Password again"),
)


class SetupDialog(RememberingDialog):
    settings_key = "setup"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = None
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.name_zh, self.name_en = QLineEdit(), QLineEdit()
        self.address_zh, self.address_en = QLineEdit(), QLineEdit()
        self.timezone = QComboBox()
        self.timezone.setEditable(True)
        self.timezone.addItems(settings.all_timezones())
        self.timezone.setCurrentText("Asia/Shanghai")
        self.timezone.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.currency = QLineEdit("CNY")
        self.currency.setMaxLength(3)
        self.lines = QSpinBox()
        self.lines.setRange(1, 64)
        self.lines.setValue(4)
        self.floors = QLineEdit("2-16x20")
        self.csv_button = QPushButton()
        self.csv_button.clicked.connect(self._choose_csv)
        self.csv_path = ""
        floors_row = QHBoxLayout()
        floors_row.addWidget(self.floors, 1)
        floors_row.addWidget(self.csv_button)
        self.admin_user = QLineEdit("admin")
        self.admin_name = QLineEdit()
        self.password, self.password2 = QLineEdit(), QLineEdit()
        for p in (self.password, self.password2):
            p.setEchoMode(QLineEdit.EchoMode.Password)
        self.form = QFormLayout()
        widgets = (self.name_zh, self.name_en, self.address_zh, self.address_en, self.timezone, self.currency,
                   self.lines, floors_row, self.admin_user, self.admin_name, self.password, self.password2)
        self.labels = add_rows(self.form, widgets)
        self.message = MessageLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self, *_args) -> None:
        super().retranslate()  # (a refusal shown in the dialog)
        self.setWindowTitle(_("Set up the hotel"))
        self.intro.setText(_("This database is empty. Tell the switchboard about the hotel; "
                             "you can change these settings later."))
        for label, text in zip(self.labels, LABELS):
            label.setText(_(text))
        self.csv_button.setText(_("From a CSV file…") if not self.csv_path else self.csv_path)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Create the hotel"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    def _choose_csv(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Room list"), "", _("CSV files (*.csv)"))
        if path:
            self.csv_path = path
            self.floors.setEnabled(False)
            self.retranslate()

    def accept(self) -> None:
        try:
            if self.password.text() != self.password2.text():
                raise ValidationError(N_("The two passwords differ."))
            room_list = rooms.from_csv(self.csv_path) if self.csv_path else rooms.parse_floor_spec(self.floors.text())
            self.session = hotelsetup.set_up(hotelsetup.HotelSetup(
                name_zh=self.name_zh.text(), name_en=self.name_en.text(),
                address_zh=self.address_zh.text(), address_en=self.address_en.text(),
                timezone=self.timezone.currentText().strip(), currency=self.currency.text().strip(),
                outside_lines=self.lines.value(), rooms=tuple(room_list),
                admin_username=self.admin_user.text(), admin_name=self.admin_name.text(),
                admin_password=self.password.text(), language=i18n.current_language(),
            ))
        except DomainError as exc:
            self.message.show_error(lambda exc=exc: error_text(exc))
            return
        super().accept()
