"""Hotel settings (administrators): the hotel's names, lines, hours and limits, shared by every station."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from hotel_phone import hotelsetup, settings
from hotel_phone.errors import DomainError
from hotel_phone.i18n import N_, _
from hotel_phone.ui.common import MessageLabel, add_rows, error_text

FIELDS = (
    ("hotel_name_zh", N_("Hotel name (Chinese)")), ("hotel_name_en", N_("Hotel name (English)")),
    ("hotel_address_zh", N_("Address (Chinese)")), ("hotel_address_en", N_("Address (English)")),
    ("outside_lines", N_("Outside lines")), ("area_code", N_("The hotel's area code (e.g. 021)")),
    ("outside_line_prefix", N_("Outside-line prefix (dialled first)")), ("staff_day_start", N_("Staff working day starts")),
    ("staff_day_end", N_("Staff working day ends")), ("wakeup_retry_minutes", N_("Wake-up: ring again after (minutes)")),
    ("wakeup_escalate_minutes", N_("Wake-up: send the attendant after (minutes)")),
    ("message_retention_days", N_("Keep messages after departure (days)")),
    ("idle_lock_minutes", N_("Lock the screen after idle (minutes, 0: never)")),
    ("backups_keep", N_("Daily backups kept")),
    ("caller_language", N_("Callers' language at the start of a call (zh_CN or en)")),
    ("hold_reminder_seconds", N_("Remind me of a caller on hold after (seconds)")),
)


class SettingsPanel(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.edits = {key: QLineEdit() for key, _label in FIELDS}
        form = QFormLayout()
        self.labels = add_rows(form, list(self.edits.values()))
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.message = MessageLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.save_button)
        layout.addStretch(1)
        self.retranslate()

    TITLE = N_("Hotel settings")

    def title(self) -> str:
        return _(self.TITLE)

    def actions(self) -> dict:
        return {}

    def retranslate(self) -> None:
        for label, (_key, text) in zip(self.labels, FIELDS):
            label.setText(_(text))
        self.save_button.setText(_("Save the settings (administrator)"))
        self.refresh()

    def refresh(self) -> None:
        for key, edit in self.edits.items():
            edit.setText(str(settings.get(key)))

    def save(self) -> None:
        values = {}
        for key, edit in self.edits.items():
            text = edit.text().strip()
            if str(settings.get(key)) != text:
                values[key] = text
        if not values:
            return
        try:
            tariff_change = hotelsetup.write_settings(self.ctx.session, values)
        except DomainError as exc:
            self.message.show_error(error_text(exc))
            return
        said = [_("Saved; every station uses the new settings.")]
        if tariff_change == "moved":
            said.append(_("The tariff's local zone now rates calls to {area} as local (a new tariff version).")
                        .format(area=settings.get("area_code")))
        elif tariff_change == "kept":
            said.append(_("The tariff's local zone did not name the old area code: a supervisor should check "
                          "the tariff."))
        self.message.show_info(" ".join(said))
        self.refresh()
