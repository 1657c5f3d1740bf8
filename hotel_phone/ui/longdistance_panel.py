"""Long-distance calls for guests: book with a quote and the time there, the queue for the lines, timing,
the charge told to the guest, the charge slip for the cashier."""

from __future__ import annotations


from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QVBoxLayout, QWidget)

from hotel_phone import folio, i18n, longdistance as ld, stays
from hotel_phone.documents import charge_slip
from hotel_phone.errors import DomainError
from hotel_phone.i18n import N_, _
from hotel_phone.ui import printing
from hotel_phone.ui.flow import FlowLayout
from hotel_phone.ui.common import MessageLabel, ask_text, add_rows, error_text
from hotel_phone.ui.heartbeat import while_typing
from hotel_phone.ui.tables import RowTableModel, make_table, selected_row

COLUMNS = (N_("No."), N_("Room"), N_("Guest"), N_("Party called"), N_("Number"), N_("Destination"),
           N_("Status"), N_("Line"), N_("Wait"), N_("Time"))
# Each action has its key, shown on its button: the operator's other hand is on the phone.
# (Ctrl+Shift: the F keys belong to the call panel, and line edits keep Alt+B/D/F for words.)
ACTIONS = (
    ("dial", N_("Dial on a free line"), "Ctrl+Shift+D"), ("connected", N_("Connected"), "Ctrl+Shift+O"),
    ("end", N_("Call ended"), "Ctrl+Shift+E"), ("busy", N_("busy"), "Ctrl+Shift+B"),
    ("no_answer", N_("no answer"), "Ctrl+Shift+N"), ("failed", N_("failed"), "Ctrl+Shift+A"),
    ("cancel", N_("Cancel…"), "Ctrl+Shift+X"), ("move_up", N_("Move up"), "Ctrl+Shift+U"),
    ("slip", N_("Print charge slip"), "Ctrl+Shift+P"),
)


# Where the guest says a number without +/00 is: China as dialled here, or the US / Canada
# (a number such as 212 555 1234 or 1-800-FLOWERS, whose letters are read only then).
REGIONS = (("CN", N_("China (as dialled from here)")), ("US", N_("the US or Canada")))


class QueueModel(RowTableModel):
    columns = COLUMNS

    def cells(self, r: ld.QueueRow) -> tuple:
        zh = i18n.current_language() == "zh_CN"
        status = _(ld.STATUS_LABELS.get(r.status, r.status))
        if r.guest_left:
            status = _("guest has left: skipped, cancel it")
        elif r.last_outcome and r.status == "queued":
            status += " · " + _("last try: {outcome}").format(outcome=_(ld.OUTCOME_LABELS[r.last_outcome]))
        timer = ""
        if r.status == "ended":
            timer = f"{r.duration_seconds // 60}:{r.duration_seconds % 60:02d}"
        elif r.connected_at is not None:
            minutes, seconds = divmod(int(ld.elapsed(r.connected_at).total_seconds()), 60)
            timer = f"{minutes}:{seconds:02d}"
        wait = "" if r.expected_wait_minutes is None else _("{n} min").format(n=r.expected_wait_minutes)
        number = r.number if not r.extension or r.extension in r.number else f"{r.number} ({r.extension})"
        return (str(r.position or ""), r.room, r.guest, r.party, number,
                r.destination_zh if zh else r.destination_en, status, str(r.line or ""), wait, timer)

    def style(self, r, column, role):
        if role == Qt.ItemDataRole.ForegroundRole and r.guest_left:
            return QColor("#b00020")
        return None


class LongDistancePanel(QWidget):
    changed = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        ctx.session_changed.connect(self.update_actions)
        self.guest_query = QLineEdit()
        self.guest = QComboBox()
        self.party = QLineEdit()
        self.number = QLineEdit()
        self.region = QComboBox()  # the country the guest says the number is in, when it has no +/00
        self.minutes = QDoubleSpinBox()
        self.minutes.setRange(0, 600)
        self.minutes.setValue(3)
        self.info = QLabel()
        self.info.setObjectName("destinationInfo")
        self.info.setWordWrap(True)
        self.book_button = QPushButton()
        self.book_button.clicked.connect(self.book)
        form = QFormLayout()
        self.labels = add_rows(form, (self.guest_query, self.guest, self.party, self.number, self.region,
                                      self.minutes))
        self.model = QueueModel(self)
        self.table = make_table(self.model, "queue")
        self.say_guest = QLabel()
        self.say_guest.setObjectName("sayToGuest")
        self.say_guest.setWordWrap(True)
        self.say_guest.setStyleSheet("font-size: 15pt;")
        self.message = MessageLabel()
        self.buttons = {key: QPushButton() for key, _label, _key in ACTIONS}
        for key, _label, shortcut in ACTIONS:  # at once, not after a button's 100 ms animated click
            QShortcut(QKeySequence(shortcut), self, lambda k=key: self._key(k))
        for key, b in self.buttons.items():
            b.clicked.connect(lambda _c=False, k=key: self.act(k))
        bar = FlowLayout()
        for b in self.buttons.values():
            bar.addWidget(b)
        top = QHBoxLayout()
        top.addLayout(form, 1)
        right = QVBoxLayout()
        right.addWidget(self.info, 1)
        right.addWidget(self.book_button)
        top.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.say_guest)
        layout.addWidget(self.message)
        layout.addLayout(bar)
        self.guest_query.textChanged.connect(while_typing(self.find_guest))
        self.number.textChanged.connect(while_typing(self.check_number))
        self.minutes.valueChanged.connect(self.check_number)
        self.region.currentIndexChanged.connect(self.check_number)
        self.retranslate()
        self.refresh()

    TITLE = N_("Long distance")

    def title(self) -> str:
        return _(self.TITLE)

    def actions(self) -> dict:
        return {"ld.book": self.book, "ld.show": self.new_booking}

    def retranslate(self) -> None:
        for label, text in zip(self.labels, (N_("Room or name"), N_("Guest"), N_("Party called"), N_("Number"),
                                             N_("The guest says it is in"), N_("Minutes for the quote"))):
            label.setText(_(text))
        current = self.region.currentIndex()
        self.region.clear()
        for code, label in REGIONS:
            self.region.addItem(_(label), code)
        self.region.setCurrentIndex(max(0, current))
        self.number.setPlaceholderText(_("e.g. 010 6512 3456, 138 0013 8000, +44 20 7946 0958, 00852 2123 4567"))
        self.book_button.setText(_("Book the call (Ctrl+B)"))
        for key, label, shortcut in ACTIONS:
            native = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
            self.buttons[key].setText(f"{_(label)} ({native})")
        self.model.retranslate()
        self.check_number()

    # -- booking -----------------------------------------------------------
    def new_booking(self) -> None:
        """Ctrl+J: a clean form, the cursor in the guest field."""
        for w in (self.guest_query, self.party, self.number):
            w.clear()
        self.guest.clear()
        self.minutes.setValue(3)
        self.region.setCurrentIndex(0)
        self.say_guest.clear()
        self.message.clear_message()
        self.guest_query.setFocus()

    def update_actions(self, _session=None) -> None:
        """What this operator may do (asked again when another operator signs in)."""
        self.buttons["move_up"].setEnabled(self.ctx.may("ld.move_up"))

    def find_guest(self) -> None:
        self.guest.clear()
        for row in stays.search(self.guest_query.text(), 30) if self.guest_query.text().strip() else []:
            self.guest.addItem(f"{row.room}  {row.display_name()}", row.id)

    def check_number(self) -> None:
        """The destination, its local time, a night warning and the quote, as the number is typed."""
        text = self.number.text().strip()
        if not text:
            self.info.setText(_("Type a number to see where it rings, the time there and the charge."))
            self.info.setStyleSheet("")
            return
        try:
            dest, rating = ld.quote(text, self.minutes.value(), region=self.region.currentData() or "CN")
        except DomainError as exc:
            self.info.setText(error_text(exc))
            self.info.setStyleSheet("color: #b00020;")
            return
        lines = ld.quote_lines(dest, rating, self.minutes.value(), i18n.current_language())
        self.info.setText("\n".join(lines))
        self.info.setStyleSheet("color: #b00020; font-weight: bold;" if dest.night else "")

    def book(self) -> None:
        stay_id = self.guest.currentData()
        if stay_id is None:
            self.message.show_error(_("Choose the guest first."))
            return
        try:
            ld.book(self.ctx.session, stay_id, self.party.text(), self.number.text(),
                    self.region.currentData() or "CN")
        except DomainError as exc:
            self.message.show_error(error_text(exc))
            return
        self.message.show_info(_("Booked."))
        for w in (self.party, self.number):
            w.clear()
        self.refresh()
        self.changed.emit()

    # -- the queue -----------------------------------------------------------
    def refresh(self) -> None:
        selected = self.selected()
        self.model.set_rows(ld.queue())
        if selected is not None:
            for i, r in enumerate(self.model.rows):
                if r.id == selected.id:
                    self.table.selectRow(i)
        self.update_actions()

    def tick(self) -> None:
        """Running calls' timers; the model is re-read only while a call is on a line."""
        if any(r.status == "connected" for r in self.model.rows):
            self.model.retranslate()

    def selected(self) -> ld.QueueRow | None:
        return selected_row(self.table, self.model)

    def select(self, booking_id: int) -> None:
        for i, r in enumerate(self.model.rows):
            if r.id == booking_id:
                self.table.selectRow(i)

    def _key(self, key: str) -> None:
        if self.isVisible() and self.buttons[key].isEnabled():
            self.act(key)

    def act(self, key: str) -> None:
        session = self.ctx.session
        try:
            if key == "dial":
                nxt = ld.next_booking()
                if nxt is None:
                    self.message.show_error(_("No booking is waiting, or all lines are busy."))
                    return
                b = ld.place(session, nxt.id)
                self.refresh()
                self.select(b.id)
                self.message.show_info(_("Dial {number} on line {line}.").format(number=b.number_dialled,
                                                                                  line=b.line.number))
                return self.changed.emit()
            row = self.selected()
            if row is None:
                self.message.show_error(_("Select a booking first."))
                return
            if key == "connected":
                b = ld.connected(session, row.id)
                self.say_guest.setText(ld.connected_words(b))
            elif key == "end":
                b = ld.end(session, row.id)
                self.say_guest.setText(ld.after_words(b))
            elif key in ld.NOT_CONNECTED:
                ld.not_connected(session, row.id, key)
            elif key == "cancel":
                reason, ok = ask_text(self, N_("Cancel the booking"), N_("Reason"))
                if not ok:
                    return
                ld.cancel(session, row.id, reason)
            elif key == "move_up":
                ld.move_up(session, row.id)
            elif key == "slip":
                return self.print_slip(row.id)
        except DomainError as exc:
            self.message.show_error(error_text(exc))
            return
        self.message.clear_message()
        self.refresh()
        self.select(row.id)
        self.changed.emit()

    def print_slip(self, booking_id: int) -> None:
        """The slip on this station's charge-slip printer; built and sent off the GUI thread.

        The print is recorded first (the original, then COPY): a failed print keeps this very slip for a retry."""
        try:
            slip = folio.issue_slip(self.ctx.session, booking_id)
        except DomainError as exc:
            self.message.show_error(error_text(exc))
            return
        printing.start("charge_slip", _("Charge slip {number}").format(number=f"{slip.number:06d}"),
                       lambda: charge_slip.render(slip), self, self.message, [self.buttons["slip"]],
                       ctx=self.ctx, rules=self.update_actions)
