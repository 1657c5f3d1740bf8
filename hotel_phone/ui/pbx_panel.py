"""The PBX: each source's state, the calls no one could be charged for yet, and a guest's dialled calls."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hotel_phone import hoteltime, i18n, money, settings
from hotel_phone.errors import DomainError, ValidationError
from hotel_phone.i18n import N_, _, ngettext
from hotel_phone.db import PbxSource
from hotel_phone.pbx import desk, formats, sources
from hotel_phone.ui.common import MessageLabel, error_text
from hotel_phone.ui.dialog_words import FollowsLanguage
from hotel_phone.ui.heartbeat import while_typing
from hotel_phone.ui.stay_dialog import FormDialog
from hotel_phone.ui.tables import RowTableModel, make_table, selected_row


def _when(at) -> str:
    return i18n.format_datetime(at, hoteltime.zone(), format="short") if at else ""


def _duration(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


class SourceModel(RowTableModel):
    columns = (N_("Source"), N_("Format"), N_("Kind"), N_("State"), N_("Since"), N_("Last record"), N_("Calls"),
               N_("Unmatched"))

    def cells(self, s: desk.SourceRow) -> tuple:
        state = _(desk.STATE_LABELS.get(s.state, s.state)) + (f" — {s.detail}" if s.detail else "")
        kind = _(desk.KIND_LABELS.get(s.kind, s.kind)) + (f" {s.address}" if s.address else "")
        return (s.name, s.format, kind, state, _when(s.state_at), _when(s.last_record_at), str(s.calls),
                str(s.unmatched))


class CallModel(RowTableModel):
    columns = (N_("Time"), N_("Room"), N_("Extension"), N_("Number"), N_("Destination"), N_("Duration"),
               N_("Status"), N_("Reason"), N_("Amount"))

    def cells(self, c: desk.CallRow) -> tuple:
        place = c.destination_zh if i18n.current_language() == "zh_CN" else c.destination_en
        amount = money.format(c.charge_fen, settings.get("currency")) if c.charge_fen else ""
        status = _(desk.STATUS_LABELS.get(c.status, c.status)) + (" " + _("(after check-out)") if c.late else "")
        return (_when(c.started_at), c.room, c.extension, c.dialled, place, _duration(c.billsec), status,
                _(desk.REASONS.get(c.reason, c.reason)) if c.reason else "", amount)

    def style(self, c: desk.CallRow, column: int, role):
        if role == Qt.ItemDataRole.ToolTipRole:
            return c.raw  # the line exactly as the PBX sent it
        return None


class UnmatchedTable(QTableView):
    """Enter on a call: give it to a guest; Delete: write it off."""

    assign = Signal()
    write_off = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.assign.emit()
            return
        if event.key() == Qt.Key.Key_Delete:
            self.write_off.emit()
            return
        super().keyPressEvent(event)


class SourceTable(QTableView):
    """Insert: add a source."""

    add = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Insert:
            self.add.emit()
            return
        super().keyPressEvent(event)


class PbxDialog(FormDialog):
    """A PBX form: FormDialog words its rows and Cancel again after a switch; each form adds its own words."""


class AssignDialog(PbxDialog):
    settings_key = "pbx_assign"

    def __init__(self, call: desk.CallRow, on_ok, parent=None):
        super().__init__(lambda: on_ok(self), parent)
        self.call = call
        self.room = QLineEdit(call.room)
        self.stay = QComboBox()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.set_rows((self.note, self.room, self.stay), (N_("Call"), N_("Room"), N_("Guest")))
        self.room.textChanged.connect(while_typing(self.fill))
        self.retranslate()
        self.fill()

    def retranslate(self, *_args) -> None:
        super().retranslate()
        call = self.call
        self.note.setText(f"{_when(call.started_at)} · {call.extension} → {call.dialled} · "
                          f"{_duration(call.billsec)} · {_(desk.REASONS.get(call.reason, call.reason))}")
        self.setWindowTitle(_("Charge the call to a guest"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Charge to the guest"))
        if self.stay.count():
            self.fill()  # "in house" in the new language; the chosen guest stays chosen

    def fill(self) -> None:
        chosen = self.stay.currentData()
        self.stay.clear()
        try:
            found = desk.candidates(self.call.id, self.room.text())
        except DomainError as exc:
            self.message.show_error(lambda exc=exc: error_text(exc))
            return
        self.message.clear_message()
        for c in found:
            left = _when(c.checked_out_at) if c.checked_out_at else _("in house")
            self.stay.addItem(f"{c.room} {c.guest} ({_when(c.checked_in_at)} – {left})", c.stay_id)
        self.stay.setCurrentIndex(max(0, self.stay.findData(chosen)))


class SharedRoomDialog(PbxDialog):
    """A call from a room two or more guests shared at the time. Up to nine guests, one key (1, 2...) charges
    that guest; any number: the guest's number or name typed narrows the list, arrows move, Enter charges."""

    settings_key = "pbx_shared_room"
    ONE_KEY = 9  # up to this many guests a digit alone chooses; past it, "1" could be the start of "12"
    MOVE_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)

    def __init__(self, call: desk.CallRow, guests: list[desk.Candidate], on_ok, parent=None):
        super().__init__(lambda: on_ok(self), parent)
        self.call = call
        self.guests = guests
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.find = QLineEdit()  # keeps the keys: digits, a name, Up/Down for the list, Enter
        self.list = QListWidget()
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.set_rows((self.note, self.find, self.list), (N_("Call"), N_("Find the guest"), N_("Guests")))
        self.find.textChanged.connect(while_typing(self.narrow))
        self.find.installEventFilter(self)
        self.retranslate()
        self.find.setFocus()

    @property
    def chosen(self) -> int | None:
        """The guest marked in the list (None when what was typed fits nobody)."""
        item = self.list.currentItem()
        return None if item is None else self.guests[item.data(Qt.ItemDataRole.UserRole)].stay_id

    def _line(self, n: int, g: desk.Candidate) -> str:
        arrived = _("arrived {at}").format(at=_when(g.checked_in_at))  # (not inside the f-string: extracted)
        left = _("left {at}").format(at=_when(g.checked_out_at)) if g.checked_out_at else _("in house")
        return f"{n}   {g.guest} (" + _("{arrived}, {left}").format(arrived=arrived, left=left) + ")"

    def narrow(self, _text: str = "") -> None:
        self.list.clear()
        for i in desk.pick(self.guests, self.find.text()):
            item = QListWidgetItem(self._line(i + 1, self.guests[i]))
            item.setData(Qt.ItemDataRole.UserRole, i)
            self.list.addItem(item)
        self.list.setCurrentRow(0)

    def retranslate(self, *_args) -> None:
        super().retranslate()
        call = self.call
        if len(self.guests) <= self.ONE_KEY:
            ask = _("Room {room} was shared at {time}: ask who pays for the call to {number}, then press that "
                    "guest's number.")
        else:
            ask = _("Room {room} was shared at {time}: ask who pays for the call to {number}, then type that "
                    "guest's number or name and press Enter.")
        self.note.setText(ask.format(room=call.room, time=_when(call.started_at), number=call.dialled))
        self.find.setPlaceholderText(_("number or name; Up/Down to move"))
        marked = self.list.currentRow()
        self.narrow()
        self.list.setCurrentRow(max(0, marked))
        widest = max((self.list.fontMetrics().horizontalAdvance(self._line(n, g))
                      for n, g in enumerate(self.guests, 1)), default=0)
        self.list.setMinimumWidth(min(900, widest + self.list.verticalScrollBar().sizeHint().width() + 24))
        self.setWindowTitle(_("Shared room: who pays for the call?"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Charge to the guest"))

    def choose(self, index: int) -> None:
        """The guest numbered index + 1 pays."""
        self.find.clear()
        self.list.setCurrentRow(index)
        self.accept()

    def _one_key(self, event: QKeyEvent) -> bool:
        """A digit alone chooses that guest, while the room had no more than nine."""
        n = event.key() - Qt.Key.Key_1
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if plain and len(self.guests) <= self.ONE_KEY and 0 <= n < len(self.guests):
            self.choose(n)
            return True
        return False

    def eventFilter(self, obj, event) -> bool:
        if obj is self.find and event.type() == QEvent.Type.KeyPress:
            if self._one_key(event):
                return True
            if event.key() in self.MOVE_KEYS:  # the typing stays in the field, the arrows move in the list
                QApplication.sendEvent(self.list, QKeyEvent(event.type(), event.key(), event.modifiers()))
                return True
        return super().eventFilter(obj, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._one_key(event):  # the focus on a button (Tab): a digit still chooses
            super().keyPressEvent(event)


class AddSourceDialog(PbxDialog):
    """A new source of call records: which PBX format, how the lines arrive, where from, in which time zone."""

    settings_key = "pbx_add_source"
    HINTS = {"file": N_("the file's path (read once; hotel-phone pbx import reads it)"),
             "watch": N_("the path of the file the PBX keeps writing, e.g. /mnt/pbx/Master.csv"),
             "listen": N_("address and port to listen on, e.g. 0.0.0.0:5555"),
             "connect": N_("the PBX's address and SMDR port, e.g. 192.168.1.200:2300"),
             "serial": N_("the serial port and its settings, e.g. COM1@9600,8N1 or /dev/ttyUSB0@9600")}
    ZONES = (("", N_("the hotel's time zone")), ("UTC", N_("UTC (Asterisk's usegmtime)")))

    def __init__(self, on_ok, parent=None):
        super().__init__(lambda: on_ok(self), parent)
        self.name = QLineEdit()
        self.format = QComboBox()
        for key in formats.REGISTRY:
            self.format.addItem("", key)
        self.kind = QComboBox()
        for kind in PbxSource.KINDS:
            self.kind.addItem("", kind)
        self.address = QLineEdit()
        self.zone = QComboBox()
        self.zone.setEditable(True)  # any IANA zone may be typed
        self.zone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for value, _label in self.ZONES:
            self.zone.addItem("", value)
        self.prefix = QLineEdit()
        self.set_rows((self.name, self.format, self.kind, self.address, self.zone, self.prefix),
                      (N_("Source name"), N_("Record format"), N_("How the lines arrive"), N_("Path or address"),
                       N_("Time zone of the records"), N_("Outside-line prefix")))
        self.kind.currentIndexChanged.connect(self.hint)
        self.retranslate()

    def retranslate(self, *_args) -> None:
        super().retranslate()
        for i, (key, fmt) in enumerate(formats.REGISTRY.items()):
            self.format.setItemText(i, f"{key} — {_(fmt.title)}")
        for i, kind in enumerate(PbxSource.KINDS):
            self.kind.setItemText(i, _(desk.KIND_LABELS[kind]))
        listed = self.zone.findText(self.zone.currentText())
        typed = self.zone.currentText() if listed < 0 else None  # a zone typed by name is kept as typed
        for i, (_value, label) in enumerate(self.ZONES):
            self.zone.setItemText(i, _(label))
        if typed is not None:
            self.zone.setEditText(typed)
        self.prefix.setPlaceholderText(_("e.g. 9, if the PBX records it"))
        self.hint()
        self.setWindowTitle(_("Add a source of call records"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Add"))

    def hint(self, _index: int = 0) -> None:
        self.address.setPlaceholderText(_(self.HINTS[self.kind.currentData()]))

    def records_tz(self) -> str:
        """The chosen zone: '' (the hotel's) and UTC from the list, or what was typed."""
        i = self.zone.findText(self.zone.currentText())
        return self.zone.itemData(i) if i >= 0 else self.zone.currentText().strip()


class WriteOffDialog(PbxDialog):
    settings_key = "pbx_write_off"

    def __init__(self, on_ok, parent=None):
        super().__init__(lambda: on_ok(self), parent)
        self.reason = QLineEdit()
        self.set_rows((self.reason,), (N_("Reason"),))
        self.retranslate()

    def retranslate(self, *_args) -> None:
        super().retranslate()
        self.setWindowTitle(_("Write the call off"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Write off"))


class PbxPanel(QWidget):
    changed = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.dialog = None
        self.feeds: list[sources.Feed] = []
        self.sources_label, self.unmatched_label = QLabel(), QLabel()
        self.source_model = SourceModel(self)
        self.source_table = make_table(self.source_model, "pbx_sources", SourceTable())
        self.source_table.add.connect(self.add_source)
        self.call_model = CallModel(self)
        self.call_table = make_table(self.call_model, "pbx_unmatched", UnmatchedTable())
        self.call_table.assign.connect(self.assign)
        self.call_table.write_off.connect(self.write_off)
        self.message = MessageLabel()
        self.buttons = {key: QPushButton() for key in ("read", "stop", "assign", "write_off", "add")}
        self.buttons["add"].clicked.connect(lambda _checked=False: self.add_source())
        self.buttons["read"].clicked.connect(lambda _checked=False: self.start_reading())
        self.buttons["stop"].clicked.connect(lambda _checked=False: self.stop_reading())
        self.buttons["assign"].clicked.connect(lambda _checked=False: self.assign())
        self.buttons["write_off"].clicked.connect(lambda _checked=False: self.write_off())
        layout = QVBoxLayout(self)
        layout.addWidget(self.sources_label)
        layout.addWidget(self.source_table, 1)
        layout.addWidget(self.unmatched_label)
        layout.addWidget(self.call_table, 3)
        layout.addWidget(self.message)
        bar = QHBoxLayout()
        for b in self.buttons.values():
            bar.addWidget(b)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.retranslate()
        ctx.session_changed.connect(self._session_changed)

    TITLE = N_("PBX call records")

    def title(self) -> str:
        return _(self.TITLE)

    def actions(self) -> dict:
        return {}

    def retranslate(self) -> None:
        self.sources_label.setText(_("Sources of call records (the PBX writes one line per call) — Insert: add "
                                     "a source (supervisors)"))
        self.unmatched_label.setText(_("Calls to charge that match no guest — Enter: charge to a guest; "
                                       "Delete: write off"))
        labels = {"read": _("Start reading here"), "stop": _("Stop reading"), "assign": _("Charge to a guest…"),
                  "write_off": _("Write off…"), "add": _("Add a source…")}
        for key, b in self.buttons.items():
            b.setText(labels[key])
        self.source_model.retranslate()
        self.call_model.retranslate()
        self.refresh()

    def _session_changed(self, _session) -> None:
        self.refresh()  # who may add a source

    def refresh(self) -> None:
        selected = selected_row(self.call_table, self.call_model)
        self.source_model.set_rows(desk.source_rows())
        self.call_model.set_rows(desk.unmatched())
        self.buttons["stop"].setEnabled(any(f.is_alive() for f in self.feeds))
        self.buttons["add"].setEnabled(self.ctx.may("pbx.sources"))
        if selected is not None:
            for i, row in enumerate(self.call_model.rows):
                if row.id == selected.id:
                    self.call_table.selectRow(i)
                    break

    def start_reading(self) -> None:
        """This station reads the watched files and TCP feeds (one station should; the keys keep it safe)."""
        if any(f.is_alive() for f in self.feeds):
            self.message.show_info(_("Already reading."))
            return
        self.feeds = sources.start_all()
        self.message.show_info(ngettext("Reading {n} source.", "Reading {n} sources.", len(self.feeds)).format(n=len(self.feeds)))
        self.refresh()

    def stop_reading(self) -> None:
        for f in self.feeds:
            f.stop()
        for f in self.feeds:
            f.join(2)
        self.feeds = []
        self.refresh()

    def add_source(self) -> None:
        if not self.ctx.may("pbx.sources"):
            self.message.show_error(_("Only a supervisor may add a source."))
            return

        def ok(d: AddSourceDialog) -> None:
            src = sources.add_source(self.ctx.session, d.name.text(), d.format.currentData(), d.kind.currentData(),
                                     d.address.text(), d.records_tz(), d.prefix.text())
            self._done(_("Source {name} added.").format(name=src.name))

        self._open(AddSourceDialog(ok, self))

    def _need_call(self) -> desk.CallRow | None:
        row = selected_row(self.call_table, self.call_model)
        if row is None:
            self.message.show_error(_("Select a call first."))
        return row

    def _open(self, dialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        dialog.open()

    def _done(self, text: str) -> None:
        self.message.show_info(text)
        self.refresh()
        self.changed.emit()

    def assign(self) -> None:
        call = self._need_call()
        if call is None:
            return
        if call.reason == "shared_room":
            guests = desk.sharing(call.id)
            if guests:
                self._open(SharedRoomDialog(call, guests, lambda d: self._charge(call, d.chosen), self))
                return

        def ok(d: AssignDialog) -> None:
            self._charge(call, d.stay.currentData())

        self._open(AssignDialog(call, ok, self))

    def _charge(self, call: desk.CallRow, stay_id: int | None) -> None:
        if stay_id is None:
            raise ValidationError(N_("Choose the guest to charge."))
        done = desk.assign(self.ctx.session, call.id, stay_id)
        self._done(_("Charged {amount} to room {room}.").format(
            amount=money.format(done.charge_fen, settings.get("currency")), room=done.stay.room.number))

    def write_off(self) -> None:
        call = self._need_call()
        if call is None:
            return

        def ok(d: WriteOffDialog) -> None:
            desk.write_off(self.ctx.session, call.id, d.reason.text())
            self._done(_("The call was written off."))

        self._open(WriteOffDialog(ok, self))


class GuestCallsDialog(FollowsLanguage, QDialog):
    """A guest's calls as the PBX recorded them (from the register)."""

    def __init__(self, stay_id: int, guest: str, parent=None):
        super().__init__(parent)
        self.guest = guest
        self.model = CallModel(self)
        self.model.set_rows(desk.calls_for_stay(stay_id))
        self.table = make_table(self.model, "guest_calls")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        self.resize(900, 400)
        self.retranslate()
        self.follow_language()

    def retranslate(self, *_args) -> None:
        self.setWindowTitle(_("Calls dialled from the room: {guest}").format(guest=self.guest))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        self.model.retranslate()
