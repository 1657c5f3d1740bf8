"""The in-house guest register: search as you type, check in, edit, move, check out."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import QFileDialog, QLabel, QLineEdit, QPushButton, QWidget

from hotel_phone import cases, checkout, guest_import, hoteltime, i18n, messages, stays
from hotel_phone.i18n import N_, _
from hotel_phone.stays import StayInput, StayRow
from hotel_phone.ui.context import MessageRequest
from hotel_phone.ui import worker
from hotel_phone.ui.common import BusyBar, MessageLabel, error_text
from hotel_phone.ui.heartbeat import while_typing
from hotel_phone.ui.stay_dialog import CheckOutDialog, MoveDialog, StayDialog
from hotel_phone.ui.tables import RowTableModel, make_table, selected_row, table_panel

COLUMNS = (N_("Room"), N_("Guest"), N_("Pinyin"), N_("Language"), N_("Privacy"), N_("VIP"), N_("Msg"),
           N_("Open cases"), N_("Arrival"), N_("Departure"), N_("Group"))


class StayTableModel(RowTableModel):
    columns = COLUMNS

    def __init__(self, parent=None):
        super().__init__(parent)
        self.waiting: set[int] = set()  # stays with undelivered messages
        self.open_cases: dict[str, int] = {}  # room -> open cases

    def set_rows(self, rows: list[StayRow], waiting: set[int] = frozenset(),
                 open_cases: dict[str, int] | None = None) -> None:
        self.waiting = waiting
        self.open_cases = open_cases or {}
        super().set_rows(rows)

    def cells(self, row: StayRow) -> tuple:
        return (
            row.room, row.display_name(), row.pinyin, i18n.LANGUAGE_NAMES.get(row.language, row.language),
            _(stays.PRIVACY_LABELS[row.privacy]) if row.privacy != "normal" else "", "VIP" if row.vip else "",
            "✉" if row.id in self.waiting else "", str(self.open_cases.get(row.room, "")), i18n.format_date(row.arrival), i18n.format_date(row.departure),
            row.party,
        )

    def style(self, row: StayRow, column: int, role):
        if role == Qt.ItemDataRole.FontRole and row.vip:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == 6 and row.id in self.waiting:
            return _("Messages waiting")
        if role == Qt.ItemDataRole.ToolTipRole and column == 7 and row.room in self.open_cases:
            return _("Open cases for this room: see the cases panel (Ctrl+Shift+C)")
        if role == Qt.ItemDataRole.ForegroundRole and (column == 7 or (column == 4 and row.privacy != "normal")):
            return QColor("#b00020")
        return None


class SearchBox(QLineEdit):
    """Down moves to the results, Enter opens the first, Esc clears."""

    go_down = Signal()
    activated = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.go_down.emit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated.emit()
        elif event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
        else:
            super().keyPressEvent(event)


class GuestRegisterPanel(QWidget):
    """Every change goes through hotel_phone.stays; this widget only shows and asks."""

    changed = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.dialog = None
        self.search = SearchBox()
        self.search.setObjectName("guestSearch")
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self.model = StayTableModel(self)
        self.table = make_table(self.model, "guestTable")
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.table.activated.connect(lambda _i: self.edit())
        self.message = MessageLabel()
        self.buttons = {key: QPushButton() for key in ("check_in", "edit", "move", "check_out", "message", "calls",
                                                   "import")}
        self.buttons["check_in"].clicked.connect(self.check_in)
        self.buttons["edit"].clicked.connect(self.edit)
        self.buttons["move"].clicked.connect(self.move)
        self.buttons["check_out"].clicked.connect(self.check_out)
        self.buttons["import"].clicked.connect(lambda: self.import_csv())
        self.buttons["message"].clicked.connect(self.take_message)
        self.buttons["calls"].clicked.connect(lambda _checked=False: self.show_calls())
        self.busy = BusyBar()
        table_panel(self, [(self.search, 1), self.count], self.table, self.message,
                    list(self.buttons.values()) + [self.busy])
        self.search.textChanged.connect(while_typing(self.refresh))
        self.search.go_down.connect(self._focus_table)
        self.search.activated.connect(self._focus_table)
        self.retranslate()
        self.refresh()

    # -- showing -----------------------------------------------------------
    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Room, name, pinyin or initials (e.g. 1203, 王, wangxm, wxm, muller)"))
        labels = {"check_in": _("Check in…"), "edit": _("Edit…"), "move": _("Move…"),
                  "check_out": _("Check out…"), "message": _("Take a message…"), "calls": _("Calls dialled…"),
                  "import": _("Import CSV…")}
        for key, b in self.buttons.items():
            b.setText(labels[key])
        self.model.retranslate()
        self._show_count()

    TITLE = N_("Guests in house")

    def title(self) -> str:
        return _(self.TITLE)

    def actions(self) -> dict:
        return {"guests.search": self.focus_search, "guests.check_in": self.check_in, "guests.edit": self.edit,
                "guests.move": self.move, "guests.check_out": self.check_out, "guests.import": self.import_csv,
                "guests.message": self.take_message}

    def _show_count(self) -> None:
        self.count.setText(_("{n} shown").format(n=len(self.model.rows)))

    def refresh(self) -> None:
        selected = self.selected()
        self.model.set_rows(stays.search(self.search.text()), messages.waiting_stays(), cases.open_by_room())
        self._show_count()
        if selected is not None:
            for i, row in enumerate(self.model.rows):
                if row.id == selected.id:
                    self.table.selectRow(i)
                    break

    def selected(self) -> StayRow | None:
        return selected_row(self.table, self.model)

    def _focus_table(self) -> None:
        if self.model.rows:
            self.table.setFocus()
            if self.selected() is None:
                self.table.selectRow(0)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _need_selection(self) -> StayRow | None:
        row = self.selected()
        if row is None:
            self.message.show_error(_("Select a guest first."))
        return row

    def _done(self, text: str) -> None:
        self.message.show_info(text)
        self.refresh()
        self.changed.emit()

    # -- asking ------------------------------------------------------------
    def _open(self, dialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        dialog.open()

    def check_in(self) -> None:
        today = hoteltime.today()
        text = self.search.text().strip()
        room = text if text.isdigit() else ""
        data = StayInput(room=room, arrival=today, departure=today + timedelta(days=1))

        def ok(value: StayInput) -> None:
            stay = stays.check_in(self.ctx.session, value)
            self._done(_("Checked in to room {room}.").format(room=stay.room.number))

        self._open(StayDialog(data, ok, stays.all_rooms(), editing=False, parent=self))

    def edit(self) -> None:
        row = self._need_selection()
        if row is None:
            return

        def ok(value: StayInput) -> None:
            stays.update(self.ctx.session, row.id, value)
            self._done(_("Guest details saved."))

        self._open(StayDialog(stays.get_input(row.id), ok, stays.all_rooms(), editing=True, parent=self))

    def move(self) -> None:
        row = self._need_selection()
        if row is None:
            return

        def ok(room: str) -> None:
            stay = stays.move(self.ctx.session, row.id, room)
            self._done(_("Moved to room {room}.").format(room=stay.room.number))

        self._open(MoveDialog(row.display_name(), row.room, ok, stays.all_rooms(), parent=self))

    def check_out(self) -> None:
        row = self._need_selection()
        if row is None:
            return

        session = self.ctx.session
        self._open(CheckOutDialog(row.display_name(), row.room, lambda: checkout.warnings(row.id),
                                  lambda: stays.check_out(session, row.id),  # on the worker: its own connection
                                  lambda _stay: self._done(_("Checked out of room {room}.").format(room=row.room)),
                                  parent=self))

    def take_message(self) -> None:
        """A message for the selected guest, not from a call (a visitor, a parcel)."""
        row = self._need_selection()
        if row is None:
            return
        request = self.ctx.take_message(MessageRequest(f"{row.room}  {row.display_name()}", stay_id=row.id,
                                                       on_saved=self.refresh))
        self.dialog = request.dialog

    def show_calls(self) -> None:
        """The guest's calls as the PBX recorded them: charged, not charged, and why."""
        row = self._need_selection()
        if row is None:
            return
        from hotel_phone.ui.pbx_panel import GuestCallsDialog

        self._open(GuestCallsDialog(row.id, row.display_name(), self))

    def import_csv(self, path: str | None = None) -> None:
        if not self.buttons["import"].isEnabled():
            return  # an import is running (its key too waits for it)
        if not path:
            path, _filter = QFileDialog.getOpenFileName(self, _("Import guests"), "", _("CSV files (*.csv)"))
            if not path:
                return
        session = self.ctx.session
        self.message.show_info(_("Importing guests from {file}…").format(file=Path(path).name))
        # A PMS export of a full hotel takes seconds: on the worker, the window answers meanwhile.
        worker.run_guarded(lambda: guest_import.import_guests(session, path), self._imported,
                           lambda exc: self.message.show_error(error_text(exc)), [self.buttons["import"]], self.busy,
                           rules=None)

    def _imported(self, report) -> None:
        lines = [report.summary()] + [_("line {line}: {reason}").format(line=n, reason=r)
                                      for n, r in report.rejected[:20]]
        if len(report.rejected) > 20:
            lines.append(_("… and {n} more.").format(n=len(report.rejected) - 20))
        (self.message.show_error if report.rejected else self.message.show_info)("\n".join(lines))
        self.refresh()
        self.changed.emit()
