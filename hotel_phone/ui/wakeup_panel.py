"""Wake-up calls: the register, booking for rooms or a group, the alert bar shown over every panel,
and the shift handover."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (QApplication, QComboBox, QDateEdit, QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit, QListWidget, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from hotel_phone import handover, hoteltime, i18n, wakeup
from hotel_phone.errors import DomainError
from hotel_phone.i18n import N_, _, ngettext
from hotel_phone.ui.common import MessageLabel, ask_text, add_rows, error_text
from hotel_phone.ui.tables import RowTableModel, make_table, selected_row, table_panel

COLUMNS = (N_("Time"), N_("Room"), N_("Guest"), N_("Language"), N_("Note"), N_("Status"), N_("Tries"),
           N_("Floor attendant"), N_("Minutes late"), N_("Booked by"))
MODES = (("once", N_("this day")), ("range", N_("from this day to the last day")),
         ("stay", N_("every day of the stay")))
KIND_LABELS = {"due": N_("Wake-up due"), "retry": N_("Ring again"), "escalate": N_("Send the floor attendant"),
               "escalated": N_("Floor attendant sent"), "missed": N_("MISSED while the app was closed")}


class RegisterModel(RowTableModel):
    columns = COLUMNS

    def cells(self, r: wakeup.RegisterRow) -> tuple:
        return (r.due_at.astimezone(hoteltime.zone()).strftime("%H:%M"), r.room, r.guest,
                i18n.LANGUAGE_NAMES.get(r.language, r.language), r.note,
                _(wakeup.STATUS_LABELS.get(r.status, r.status)), str(r.attempts), r.attendant,
                "" if r.minutes_late is None else str(r.minutes_late), r.booked_by)


def _date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    today = hoteltime.today()
    edit.setDate(QDate(today.year, today.month, today.day))
    return edit


class WakeUpPanel(QWidget):
    changed = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.day = _date_edit()
        self.rooms = QLineEdit()
        self.rooms.setObjectName("wakeRooms")
        self.time = QLineEdit()
        self.time.setObjectName("wakeTime")
        self.mode = QComboBox()
        self.last_day = _date_edit()
        self.note = QLineEdit()
        self.book_button = QPushButton()
        self.book_button.clicked.connect(self.book)
        form = QFormLayout()
        self.labels = add_rows(form, (self.day, self.rooms, self.time, self.mode, self.last_day, self.note))
        self.model = RegisterModel(self)
        self.table = make_table(self.model, "wakeRegister")
        self.message = MessageLabel()
        self.buttons = {k: QPushButton() for k in ("change", "cancel", "print")}
        self.buttons["change"].clicked.connect(self.change)
        self.buttons["cancel"].clicked.connect(self.cancel)
        self.buttons["print"].clicked.connect(self.print_register)
        table_panel(self, [(form, 1), self.book_button], self.table, self.message, list(self.buttons.values()))
        self.day.dateChanged.connect(self.refresh)
        self.rooms.returnPressed.connect(self.time.setFocus)
        self.time.returnPressed.connect(self.book)
        self.retranslate()

    TITLE = N_("Wake-up calls")

    def title(self) -> str:
        return _(self.TITLE)

    def actions(self) -> dict:
        return {"wake.show": self.rooms.setFocus}

    def retranslate(self) -> None:
        for label, text in zip(self.labels, (N_("Day"), N_("Rooms (a group: 1203, 1205, 1207)"),
                                             N_("Time (HH:MM)"), N_("Repeat"), N_("Last day"), N_("Note"))):
            label.setText(_(text))
        current = self.mode.currentIndex()
        self.mode.clear()
        for key, label in MODES:
            self.mode.addItem(_(label), key)
        self.mode.setCurrentIndex(max(0, current))
        self.book_button.setText(_("Book wake-up (Enter)"))
        for key, text in (("change", _("Change the time…")), ("cancel", _("Cancel…")),
                          ("print", _("Print the register"))):
            self.buttons[key].setText(text)
        self.model.retranslate()
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(wakeup.register(self.day.date().toPython()))

    def book(self) -> None:
        try:
            calls = wakeup.schedule(self.ctx.session, self.rooms.text().replace(",", " ").split(),
                                    self.time.text(), self.mode.currentData(), self._first_day(),
                                    self.last_day.date().toPython(), self.note.text())
        except DomainError as exc:
            self.message.show_error(error_text(exc))
            return
        self.message.show_info(ngettext("{n} wake-up call booked.", "{n} wake-up calls booked.", len(calls)).format(n=len(calls)))
        for w in (self.rooms, self.time, self.note):
            w.clear()
        self.mode.setCurrentIndex(0)  # each booking starts as "this day"
        self.rooms.setFocus()
        self.refresh()
        self.changed.emit()

    def _first_day(self):
        """Today's date means "a time alone": the core takes its next occurrence (06:30 at 20:00 is tomorrow)."""
        day = self.day.date().toPython()
        return None if day == hoteltime.today() else day

    def _selected(self):
        row = selected_row(self.table, self.model)
        if row is None:
            self.message.show_error(_("Select a wake-up call first."))
        return row

    def change(self) -> None:
        row = self._selected()
        if row is None:
            return
        text, ok = ask_text(self, N_("Change the time"), N_("New time (HH:MM)"))
        if ok:
            self._run(lambda: wakeup.change(self.ctx.session, row.id, text))

    def cancel(self) -> None:
        row = self._selected()
        if row is None:
            return
        reason, ok = ask_text(self, N_("Cancel the wake-up call"), N_("Reason"))
        if ok:
            self._run(lambda: wakeup.cancel(self.ctx.session, row.id, reason))

    def _run(self, fn) -> None:
        try:
            fn()
        except DomainError as exc:
            self.message.show_error(error_text(exc))
            return
        self.message.clear_message()
        self.refresh()
        self.changed.emit()

    def print_register(self) -> None:
        """The day's register on this station's printer for registers, built and sent off the GUI thread."""
        day = self.day.date().toPython()
        rows = wakeup.register(day)
        lang = i18n.current_language()
        hoteltime.zone()
        from hotel_phone.documents import registers  # for speed: the alert bar of this module is in the main
        from hotel_phone.ui import printing  # window's first paint; printing loads when first used

        printing.start("registers", _("Wake-up register of {day}").format(day=i18n.format_date(day, lang)),
                       lambda: registers.wakeup_register(day, rows, lang), self, self.message,
                       [self.buttons["print"]], ctx=self.ctx, rules=None)


# Application-wide, so Ctrl+Alt: no panel's own keys (Ctrl+Shift in the long-distance queue and the staff
# telephones) may be taken by an alert, or Qt finds the key ambiguous and neither acts.
ALERT_KEYS = {"answered": "Ctrl+Alt+A", "no_answer": "Ctrl+Alt+N", "attendant": "Ctrl+Alt+K",
              "awake": "Ctrl+Alt+U"}


class WakeUpAlertBar(QFrame):
    """The wake-up that needs the operator now, the words to say, and the answers (each with a key).

    Its own always-on-top window, so it shows over every panel, over open dialogs and
    over the sign-in and lock screens; while nobody is signed in it waits, visible, for
    the operator who signs in to answer it."""

    changed = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.ctx = ctx
        self.alert: wakeup.Alert | None = None
        self.seen: set[tuple[int, str]] = set()
        self.setObjectName("wakeAlert")
        self.setStyleSheet("#wakeAlert { background: #fff3cd; border: 2px solid #e0a800; }")
        self.title = QLabel()
        font = QFont()
        font.setBold(True)
        font.setPointSize(font.pointSize() + 2)
        self.title.setFont(font)
        self.words = QLabel()
        self.words.setObjectName("wakeWords")
        self.words.setWordWrap(True)
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.more = QLabel()
        self.message = MessageLabel()
        self.waiting = QLabel()
        self.waiting.setObjectName("wakeWaiting")
        self.waiting.setWordWrap(True)
        self.waiting.setStyleSheet("color: #b00020; font-weight: bold;")
        self.buttons = {k: QPushButton() for k in ("answered", "no_answer", "attendant", "awake")}
        for key, b in self.buttons.items():
            b.clicked.connect(lambda _c=False, k=key: self.act(k))
            # Application-wide: the keys answer from the main window and from this window alike.
            QShortcut(QKeySequence(ALERT_KEYS[key]), self, activated=lambda k=key: self.act(k),
                      context=Qt.ShortcutContext.ApplicationShortcut)
        row = QHBoxLayout()
        for b in self.buttons.values():
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.more)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.words)
        layout.addWidget(self.advice)
        layout.addWidget(self.message)
        layout.addWidget(self.waiting)
        layout.addLayout(row)
        self.hide()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Wake-up call"))
        for key, text in (("answered", _("Guest answered")), ("no_answer", _("No answer")),
                          ("attendant", _("Floor attendant sent…")), ("awake", _("Guest is awake"))):
            self.buttons[key].setText(f"{text} ({ALERT_KEYS[key]})")
        self.show_alert()

    def answerable(self) -> bool:
        """Only a signed-in operator, at an unlocked screen, answers; until then the alert stays in sight."""
        return self.ctx.session is not None and self.ctx.screen_open

    def check(self) -> None:
        found = wakeup.alerts()
        self.alert = found[0] if found else None
        if self.alert and (self.alert.id, self.alert.kind) not in self.seen:
            self.seen.add((self.alert.id, self.alert.kind))
            QApplication.beep()  # audible as well as visible
        self.more.setText(_("{n} more waiting").format(n=len(found) - 1) if len(found) > 1 else "")
        self.show_alert()

    def show_alert(self) -> None:
        a = self.alert
        if a is None:
            self.hide()
            return
        answerable = self.answerable()
        for b in self.buttons.values():
            b.setEnabled(answerable)
        self.waiting.setText("" if answerable else _("Sign in to answer: the operator who signs in answers this "
                                                     "wake-up call."))
        self.waiting.setVisible(not answerable)
        if not self.isVisible():
            typing_in = QApplication.activeWindow()
            self._place()
            self.show()
            if typing_in is not None and typing_in is not self:
                typing_in.activateWindow()  # shown, not focused: what the operator types goes on where it was
        self.raise_()
        tz = hoteltime.zone()
        self.title.setText(_("{kind}: room {room}, {guest} ({language}), {time}").format(
            kind=_(KIND_LABELS[a.kind]), room=a.room, guest=a.guest,
            language=i18n.LANGUAGE_NAMES.get(a.language, a.language), time=a.due_at.astimezone(tz).strftime("%H:%M")))
        self.words.setText(a.words)
        if a.kind in ("escalate", "escalated"):
            self.advice.setText(_(wakeup.ATTENDANT).format(since=a.due_at.astimezone(tz).strftime("%H:%M"),
                                                          floor=a.floor, room=a.room))
        else:
            self.advice.setText(_("Say it in the guest's language first; keep calling until the guest answers."))
        self.buttons["attendant"].setVisible(a.kind in ("escalate", "escalated", "missed"))

    def _place(self) -> None:
        """At the top of the main window, across most of its width."""
        frame = self.ctx.host_geometry()
        width = max(520, int(frame.width() * 0.7))
        self.resize(width, self.sizeHint().height())
        self.move(frame.x() + (frame.width() - width) // 2, frame.y() + 40)

    def act(self, key: str) -> None:
        if self.alert is None or not self.answerable():
            return
        session, wid = self.ctx.session, self.alert.id
        try:
            if key == "answered":
                call = wakeup.answered(session, wid)
            elif key == "awake":
                call = wakeup.awake(session, wid)
            elif key == "no_answer":
                call = wakeup.no_answer(session, wid)
            else:
                name, ok = ask_text(self, N_("Floor attendant sent"), N_("Who was sent?"))
                if not ok:
                    return
                call = wakeup.attendant_sent(session, wid, name)
        except DomainError as exc:
            self.message.show_error(error_text(exc))
            return
        self.message.clear_message()
        late_ring = wakeup.called_late_minutes(call) if call.status == "done" else 0
        if late_ring:
            # The guest was rung late (the app closed, the desk busy): that is not the guest's lateness.
            tz = hoteltime.zone()
            self.last_ring_note = _("First rung at {first}, {minutes} minutes after the booked {due}: the lateness "
                                    "counts from the first ring.").format(
                first=wakeup.first_called(call).astimezone(tz).strftime("%H:%M"), minutes=late_ring,
                due=call.due_at.astimezone(tz).strftime("%H:%M"))
            self.ctx.late_words.emit(self.last_ring_note)
            self.ctx.show_status(self.last_ring_note, 180000)
        if call.status == "done" and call.minutes_late:
            # The words for a late guest, kept in sight after the alert closes.
            self.last_late_words = wakeup.late_words(call)
            self.ctx.late_words.emit(self.last_late_words)
            self.ctx.show_status(self.last_late_words.replace("\n", "  /  "), 180000)
        self.check()
        self.changed.emit()


class HandoverPanel(QWidget):
    """The outgoing operator writes the record; the incoming one acknowledges it."""

    changed = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.items = QPlainTextEdit()
        self.items.setReadOnly(True)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("handoverNotes")
        self.notes.setTabChangesFocus(True)
        self.history = QListWidget()
        self.history.setObjectName("handoverHistory")
        self.record = QPlainTextEdit()  # the selected handover: notes and items, to read on screen
        self.record.setObjectName("handoverRecord")
        self.record.setReadOnly(True)
        self.record.setTabChangesFocus(True)
        self.record_label = QLabel()
        self.history.currentRowChanged.connect(self.show_record)
        self.records = []
        self.hand_over_button = QPushButton()
        self.ack_button = QPushButton()
        self.print_button = QPushButton()
        self.hand_over_button.clicked.connect(self.hand_over)
        self.ack_button.clicked.connect(self.acknowledge)
        self.print_button.clicked.connect(self.print_selected)
        self.message = MessageLabel()
        self.items_label, self.notes_label, self.history_label = QLabel(), QLabel(), QLabel()
        left = QVBoxLayout()
        for w in (self.items_label, self.items, self.notes_label, self.notes, self.hand_over_button):
            left.addWidget(w)
        right = QVBoxLayout()
        for w in (self.history_label, self.history, self.record_label, self.record, self.ack_button,
                  self.print_button):
            right.addWidget(w)
        right.setStretchFactor(self.record, 2)
        row = QHBoxLayout()
        row.addLayout(left, 3)
        row.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(self.message)
        self.retranslate()

    TITLE = N_("Shift handover")

    def title(self) -> str:
        return _(self.TITLE)

    def actions(self) -> dict:
        return {}

    def retranslate(self) -> None:
        self.items_label.setText(_("Open items for the next shift (listed automatically)"))
        self.notes_label.setText(_("Your notes for the next shift"))
        self.history_label.setText(_("Handovers"))
        self.record_label.setText(_("The selected handover: notes and open items"))
        self.hand_over_button.setText(_("Hand over the shift"))
        self.ack_button.setText(_("I have read it: acknowledge"))
        self.print_button.setText(_("Print the selected handover"))
        self.refresh()

    def refresh_items(self) -> None:
        """The open items as they stand now (called whenever a wake-up, message, booking or inquiry changes)."""
        lang = i18n.current_language()
        self.items.setPlainText(handover.open_items(lang=lang).as_text(lang))

    def refresh(self) -> None:
        self.refresh_items()
        row = self.history.currentRow()
        selected = self.records[row].id if 0 <= row < len(self.records) else None
        self.history.blockSignals(True)
        self.history.clear()
        tz = hoteltime.zone()
        self.records = handover.history()
        for h in self.records:
            state = (_("acknowledged by {name}").format(name=h.incoming) if h.acknowledged_at
                     else _("not yet acknowledged"))
            self.history.addItem(f"{i18n.format_datetime(h.created_at, tz, format='short')}  "
                                 f"{h.outgoing} · {state}")
        self.history.blockSignals(False)
        session = self.ctx.session
        pending = handover.waiting(session) if session else None
        self.ack_button.setEnabled(pending is not None)
        # The incoming operator sees the waiting handover at once; otherwise the one selected, or the newest.
        ids = [h.id for h in self.records]
        want = pending.id if pending is not None else selected
        self.history.setCurrentRow(ids.index(want) if want in ids else (0 if ids else -1))
        self.show_record()

    def show_record(self, *_args) -> None:
        row = self.history.currentRow()
        if not 0 <= row < len(self.records):
            self.record.setPlainText("")
            return
        h = self.records[row]
        tz = hoteltime.zone()
        head = _("Handed over by {name} at {time}").format(
            name=h.outgoing, time=i18n.format_datetime(h.created_at, tz, format="short"))
        notes = h.notes.strip() or _("(no notes)")
        self.record.setPlainText(f"{head}\n\n{_('Notes')}:\n{notes}\n\n{_('Open items')}:\n{h.items}")

    def hand_over(self) -> None:
        try:
            handover.hand_over(self.ctx.session, self.notes.toPlainText())
        except DomainError as exc:
            self.message.show_error(error_text(exc))
            return
        self.notes.clear()
        self.message.show_info(_("Handed over. The next operator acknowledges after signing in."))
        self.refresh()
        self.changed.emit()

    def acknowledge(self) -> None:
        pending = handover.waiting(self.ctx.session)
        if pending is None:
            return
        try:
            handover.acknowledge(self.ctx.session, pending.id)
        except DomainError as exc:
            self.message.show_error(error_text(exc))
            return
        self.message.show_info(_("Handover acknowledged."))
        self.refresh()

    def print_selected(self) -> None:
        """The selected handover record on this station's printer for registers."""
        row = self.history.currentRow()
        if row < 0:
            self.message.show_error(_("Select a handover first."))
            return
        h = self.records[row]  # a frozen record: the PDF is drawn from it on the worker
        lang = i18n.current_language()
        from hotel_phone.documents import registers  # for speed, as in print_register
        from hotel_phone.ui import printing  # for speed, as in print_register

        printing.start("registers", _("Handover record {number}").format(number=h.id),
                       lambda: registers.handover(h, lang), self, self.message, [self.print_button],
                       ctx=self.ctx, rules=None)
