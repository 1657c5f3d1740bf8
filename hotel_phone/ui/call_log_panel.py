"""The call log: a day's calls, filtered by outcome, room or operator; disclosures for supervisors."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QLabel, QLineEdit, QPushButton, QWidget

from hotel_phone import auth, calls, hoteltime, i18n
from hotel_phone.errors import DomainError
from hotel_phone.i18n import N_, _
from hotel_phone.ui.common import MessageLabel, ask_text, error_text
from hotel_phone.ui.heartbeat import while_typing
from hotel_phone.ui.tables import RowTableModel, make_table, selected_row, table_panel

COLUMNS = (N_("Time"), N_("Seconds"), N_("Operator"), N_("Line"), N_("Caller"), N_("Purpose"), N_("Wanted"),
           N_("Room"), N_("Outcome"), N_("Notes"))


class CallLogModel(RowTableModel):
    columns = COLUMNS

    def cells(self, r: calls.CallRow) -> tuple:
        outcome = _(calls.OUTCOME_LABELS.get(r.outcome, r.outcome)) + (" · " + _("disclosed") if r.disclosed else "")
        return (
            i18n.format_time(r.started_at, hoteltime.zone()), "" if r.seconds is None else str(r.seconds),
            r.operator, _("outside line") if r.line == "outside" else _("inside line"), r.caller, r.purpose,
            r.wanted, r.room, outcome, str(r.notes) if r.notes else "",
        )


class CallLogPanel(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        today = hoteltime.today()
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.outcome = QComboBox()
        self.room = QLineEdit()
        self.room.setMaximumWidth(90)
        self.operator = QComboBox()
        self.disclosures = QCheckBox()
        self.model = CallLogModel(self)
        self.table = make_table(self.model, "callLog")
        self.note_button = QPushButton()
        self.note_button.clicked.connect(self.add_note)
        self.message = MessageLabel()
        self.labels = [QLabel() for _i in range(4)]
        top = [w for pair in zip(self.labels, (self.day, self.outcome, self.room, self.operator)) for w in pair]
        table_panel(self, top + [self.disclosures, None], self.table, self.message, [self.note_button])
        self.day.dateChanged.connect(self.refresh)
        self.outcome.currentIndexChanged.connect(self.refresh)
        self.room.textChanged.connect(while_typing(self.refresh))
        self.operator.currentIndexChanged.connect(self.refresh)
        self.disclosures.toggled.connect(self.refresh)
        self.retranslate()

    TITLE = N_("Call log")

    def title(self) -> str:
        return _(self.TITLE)

    def actions(self) -> dict:
        return {}

    def retranslate(self) -> None:
        for label, text in zip(self.labels, (_("Day"), _("Outcome"), _("Room"), _("Operator"))):
            label.setText(text)
        self.disclosures.setText(_("Disclosures only (supervisor)"))
        self.note_button.setText(_("Add a note to the call…"))
        for combo, items in ((self.outcome, [("", _("all"))] + [(k, _(v)) for k, v in calls.OUTCOME_LABELS.items()]),
                             (self.operator, [("", _("all"))] + auth.operators())):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for key, label in items:
                combo.addItem(label, key)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        self.model.retranslate()
        self.refresh()

    def refresh(self) -> None:
        self.disclosures.setEnabled(self.ctx.may("calls.disclosures"))
        try:
            rows = calls.log(self.day.date().toPython(), outcome=self.outcome.currentData() or "",
                             room=self.room.text(), operator=self.operator.currentData() or "",
                             disclosures_only=self.disclosures.isChecked(), session=self.ctx.session)
        except DomainError as exc:
            self.message.show_error(error_text(exc))
            rows = []
        self.model.set_rows(rows)

    def add_note(self) -> None:
        row = selected_row(self.table, self.model)
        if row is None:
            self.message.show_error(_("Select a call first."))
            return
        text, ok = ask_text(self, N_("Note on the call"), N_("The call stays as it was; this note is added to it."),
                            multiline=True)
        if not ok:
            return
        try:
            calls.add_note(self.ctx.session, row.id, text)
        except DomainError as exc:
            self.message.show_error(error_text(exc))
            return
        self.refresh()
