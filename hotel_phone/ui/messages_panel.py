"""Message slips: take one, see what waits, deliver by phone or print it for the room."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QWidget

from hotel_phone import hoteltime, i18n, messages, paths, settings
from hotel_phone.documents import message_slip
from hotel_phone.errors import DomainError
from hotel_phone.i18n import N_, _
from hotel_phone.ui import printing, worker
from hotel_phone.ui.context import MessageRequest
from hotel_phone.ui.common import MessageLabel, error_text
from hotel_phone.ui.heartbeat import while_typing
from hotel_phone.ui.stay_dialog import FormDialog
from hotel_phone.ui.tables import RowTableModel, make_table, selected_row, table_panel

COLUMNS = (N_("No."), N_("Room"), N_("For"), N_("From"), N_("Message"), N_("Taken"), N_("Delivered"))


class SlipText(QPlainTextEdit):
    """The message text: Ctrl+Enter saves the slip (Enter alone starts a new line)."""

    submit = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.submit.emit()
        else:
            super().keyPressEvent(event)


class MessageDialog(FormDialog):
    """A new slip for a guest or a staff member, filled in from a call when there is one."""

    settings_key = "message"

    def __init__(self, recipient: str, on_ok: Callable[["MessageDialog"], None], from_name: str = "",
                 callback: str = "", parent: QWidget | None = None):
        super().__init__(lambda: on_ok(self), parent)
        self.recipient = QLabel(recipient)
        self.from_name = QLineEdit(from_name)
        self.callback = QLineEdit(callback)
        self.template = QComboBox()
        self.template.addItem("—", "")
        self.word_items(self.template, messages.TEMPLATES.items())
        self.text = SlipText()
        self.text.submit.connect(self.accept)
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(70)
        self.urgent = QCheckBox()
        self.set_rows((self.recipient, self.from_name, self.callback, self.template, self.text, self.urgent),
                      (N_("For"), N_("From"), N_("Call back on"), N_("Standard message"), N_("Message"),
                       N_("URGENT")))
        self.word(self.setWindowTitle, N_("Take a message"))
        self.ok_words(N_("Save message"))
        (self.text if from_name else self.from_name).setFocus()
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.accept)


class SlipModel(RowTableModel):
    columns = COLUMNS

    def cells(self, r: messages.SlipRow) -> tuple:
        tz = hoteltime.zone()
        delivered = ""
        if r.delivered_at:
            delivered = f"{i18n.format_datetime(r.delivered_at, tz, format='short')} {r.delivered_by} · " \
                        f"{_(messages.DELIVERY_METHODS.get(r.delivery_method, ''))}"
        urgent = _("URGENT") + " · " if r.urgent else ""
        caller = r.from_name + (f" {r.callback_number}" if r.callback_number else "")
        return (f"{r.number:05d}", r.room, r.recipient, caller,
                urgent + messages.message_text(r, i18n.current_language()),
                f"{i18n.format_datetime(r.taken_at, tz, format='short')} {r.taken_by}", delivered)


class MessagesPanel(QWidget):
    changed = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.dialog = None
        self.last_pdf: Path | None = None
        self.room = QLineEdit()
        self.room.setMaximumWidth(120)
        self.show_delivered = QCheckBox()
        self.count = QLabel()
        self.model = SlipModel(self)
        self.table = make_table(self.model, "messageTable")
        self.message = MessageLabel()
        self.phone_button = QPushButton()
        self.print_button = QPushButton()
        self.pdf_button = QPushButton()
        self.phone_button.clicked.connect(self.deliver_by_phone)
        self.print_button.clicked.connect(self.print_and_send)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.room_label = QLabel()
        table_panel(self, [self.room_label, self.room, self.show_delivered, None, self.count], self.table,
                    self.message, [self.phone_button, self.print_button, self.pdf_button])
        self.room.textChanged.connect(while_typing(self.refresh))
        self.show_delivered.toggled.connect(self.refresh)
        self.retranslate()
        self.refresh()

    TITLE = N_("Messages")

    def title(self) -> str:
        return _(self.TITLE)

    def actions(self) -> dict:
        return {}

    def retranslate(self) -> None:
        self.room_label.setText(_("Room"))
        self.show_delivered.setText(_("Show delivered"))
        self.phone_button.setText(_("Delivered by phone"))
        self.print_button.setText(_("Print slip and send to room…"))
        self.pdf_button.setText(_("Save slip as PDF"))
        self.model.retranslate()
        self._count()

    def _count(self) -> None:
        self.count.setText(_("{n} waiting").format(n=messages.undelivered_count()))

    def refresh(self) -> None:
        self.model.set_rows(messages.listing(undelivered_only=not self.show_delivered.isChecked(),
                                             room=self.room.text()))
        self._count()

    def selected(self) -> messages.SlipRow | None:
        return selected_row(self.table, self.model)

    def select_number(self, number: int) -> None:
        for i, r in enumerate(self.model.rows):
            if r.number == number:
                self.table.selectRow(i)

    def _need(self) -> messages.SlipRow | None:
        row = self.selected()
        if row is None:
            self.message.show_error(_("Select a message first."))
        return row

    def open_request(self, request: MessageRequest) -> None:
        """Another panel asked for a message to be taken (from a call, for a guest)."""
        self.new_message(request.recipient, stay_id=request.stay_id, staff_id=request.staff_id,
                         from_name=request.from_name, callback=request.callback, call_id=request.call_id,
                         wanted_name=request.wanted_name)
        if request.on_saved is not None:
            self.dialog.accepted.connect(request.on_saved)
        request.dialog = self.dialog

    def new_message(self, recipient: str, stay_id: int | None = None, staff_id: int | None = None,
                    from_name: str = "", callback: str = "", call_id: int | None = None,
                    wanted_name: str = "") -> None:
        def ok(d: MessageDialog) -> None:
            slip = messages.take(self.ctx.session, stay_id=stay_id, staff_id=staff_id,
                                 from_name=d.from_name.text(), callback_number=d.callback.text(),
                                 template=d.template.currentData(), text=d.text.toPlainText(),
                                 urgent=d.urgent.isChecked(), call_id=call_id, wanted_name=wanted_name)
            self.message.show_info(_("Message {number} saved.").format(number=slip.number))
            self.refresh()
            self.changed.emit()

        self.dialog = MessageDialog(recipient, ok, from_name, callback, self)
        self.dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog.open()

    def deliver_by_phone(self) -> None:
        row = self._need()
        if row is None:
            return
        try:
            messages.deliver(self.ctx.session, row.id, "phone")
        except DomainError as exc:
            self.message.show_error(error_text(exc))
            return
        self.message.show_info(_("Message {number} delivered.").format(number=row.number))
        self.refresh()
        self.changed.emit()

    def print_and_send(self) -> None:
        """Print the slip on this station's slip printer; only a printed slip counts as sent to the room."""
        row = self._need()
        if row is None:
            return
        if row.delivered_at is not None:
            self.message.show_error(_("Message {number} was already delivered.").format(number=row.number))
            return
        settings.get("timezone")  # warm the settings cache here, not in the worker thread

        def printed() -> None:
            try:
                messages.deliver(self.ctx.session, row.id, "printed")
            except DomainError as exc:
                self.message.show_error(error_text(exc))
                return
            self.message.show_info(_("Slip {number} printed; recorded as sent to the room.").format(
                number=row.number))
            self.refresh()
            self.changed.emit()

        def failed(reason: str, kept: Path | None) -> None:
            self.last_pdf = kept
            self.message.show_error(_("Slip {number} was not printed: {reason}. It is not marked as sent; "
                                      "the slip is kept in {path} for another try.").format(
                number=row.number, reason=reason, path=kept))

        def cancelled() -> None:
            self.message.show_info(_("Printing cancelled; slip {number} is not marked as sent.").format(
                number=row.number))

        printing.start("message_slip", _("Message slip {number}").format(number=row.number),
                       lambda: message_slip.build(row), self, self.message, [self.print_button],
                       on_printed=printed, on_failed=failed, on_cancelled=cancelled, ctx=self.ctx, rules=None)

    def save_pdf(self) -> None:
        """The slip as a PDF file, for the record or to send on: a separate action, the message stays waiting."""
        row = self._need()
        if row is None:
            return
        folder = paths.data_dir() / "slips"
        folder.mkdir(exist_ok=True)
        target = folder / f"message-{row.number:05d}.pdf"
        settings.get("timezone")

        def build() -> Path:
            target.write_bytes(message_slip.build(row))
            return target

        def done(path: Path) -> None:
            self.last_pdf = path
            self.message.show_info(_("Saved to {path}.").format(path=path))

        worker.run(build, done, lambda exc: self.message.show_error(error_text(exc)))
