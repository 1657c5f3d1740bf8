"""The operator's reference: one search over staff, departments, outside numbers and hotel information;
booking inquiries for reservations; the phrasebook."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QApplication, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from hotel_phone import directory, i18n, phrases
from hotel_phone.errors import DomainError
from hotel_phone.i18n import N_, _
from hotel_phone.ui.common import MessageLabel, ask_text, error_text
from hotel_phone.ui.heartbeat import while_typing
from hotel_phone.ui.stay_dialog import FormDialog
from hotel_phone.ui.tables import RowTableModel, make_table, selected_row, table_panel, wrap_long_text

KIND_LABELS = {"staff": N_("staff"), "department": N_("department"), "outside": N_("outside"),
               "info": N_("hotel information")}


class QueryBox(QLineEdit):
    go_down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.go_down.emit()
        else:
            super().keyPressEvent(event)


class InquiryDialog(FormDialog):
    settings_key = "inquiry"

    def __init__(self, on_ok, parent=None):
        super().__init__(lambda: on_ok(self), parent)
        self.caller = QLineEdit()
        self.number = QLineEdit()
        self.details = QPlainTextEdit()
        self.details.setTabChangesFocus(True)
        self.details.setFixedHeight(80)
        self.set_rows((self.caller, self.number, self.details), (N_("Caller's name"), N_("Caller's number"),
                                                                 N_("Details")))
        self.word(self.setWindowTitle, N_("Room booking inquiry for reservations"))
        self.caller.setFocus()


class ReferencePanel(QWidget):
    changed = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.dialog = None
        self.caller_language = i18n.current_language()
        self.query = QueryBox()
        self.query.setObjectName("referenceQuery")
        self.results = QListWidget()
        self.results.setObjectName("referenceResults")
        self.answer = QLabel()
        self.answer.setObjectName("answer")
        self.answer.setWordWrap(True)
        self.answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.answer.setStyleSheet("font-size: 14pt;")
        self.language_button = QPushButton()
        self.language_button.clicked.connect(self.toggle_language)
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy_number)
        self.inquiry_button = QPushButton()
        self.inquiry_button.clicked.connect(self.new_inquiry)
        self.import_button = QPushButton()
        self.import_button.clicked.connect(lambda: self.import_csv())
        self.export_button = QPushButton()
        self.export_button.clicked.connect(lambda: self.export_csv())
        self.tasks = QListWidget()
        self.tasks.setObjectName("inquiries")
        self.answer_task_button = QPushButton()
        self.answer_task_button.clicked.connect(lambda: self.answer_inquiry())
        self.tasks_label = QLabel()
        self.message = MessageLabel()
        left = QVBoxLayout()
        left.addWidget(self.query)
        left.addWidget(self.results, 1)
        right = QVBoxLayout()
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addWidget(self.language_button)
        right.addLayout(row)
        right.addWidget(self.answer, 1)
        right.addWidget(self.tasks_label)
        right.addWidget(self.tasks, 1)
        buttons = QHBoxLayout()
        for b in (self.inquiry_button, self.answer_task_button, self.import_button, self.export_button):
            buttons.addWidget(b)
        right.addLayout(buttons)
        top = QHBoxLayout()
        top.addLayout(left, 1)
        top.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.message)
        self.query.textChanged.connect(while_typing(self.search))
        self.query.go_down.connect(self.results.setFocus)
        self.query.returnPressed.connect(self.copy_number)
        self.results.currentRowChanged.connect(lambda _r: self.show_answer())
        self.retranslate()

    TITLE = N_("Directory and information")

    def title(self) -> str:
        return _(self.TITLE)

    def actions(self) -> dict:
        return {"reference.show": self.query.setFocus}

    def retranslate(self) -> None:
        self.query.setPlaceholderText(_("Name, pinyin, initials, title, address or number: 值班经理, zbjl, fire, 消防…"))
        self.copy_button.setText(_("Copy the number (Enter)"))
        self.inquiry_button.setText(_("Room booking inquiry…"))
        self.answer_task_button.setText(_("Record the answer given…"))
        self.import_button.setText(_("Import CSV…"))
        self.export_button.setText(_("Export CSV…"))
        self.tasks_label.setText(_("Booking inquiries waiting for an answer"))
        self.search()
        self.refresh_tasks()

    def toggle_language(self) -> None:
        self.caller_language = "en" if self.caller_language == "zh_CN" else "zh_CN"
        self.show_answer()

    def search(self) -> None:
        self.results.clear()
        for hit in directory.search(self.query.text()):
            name = hit.name_zh if i18n.current_language() == "zh_CN" and hit.name_zh else hit.name_en or hit.name_zh
            item = QListWidgetItem(f"{name}   {hit.number}   · {_(KIND_LABELS[hit.kind])}")
            item.setData(Qt.ItemDataRole.UserRole, hit)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)
        self.show_answer()

    def current(self) -> directory.Hit | None:
        item = self.results.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def show_answer(self) -> None:
        hit = self.current()
        self.language_button.setText(_("Read out in: {language}").format(
            language=i18n.LANGUAGE_NAMES[self.caller_language]))
        self.answer.setText(directory.answer_text(hit, self.caller_language) if hit else "")

    def copy_number(self) -> None:
        hit = self.current()
        if hit is None or not hit.number:
            self.message.show_error(_("Nothing to copy."))
            return
        QApplication.clipboard().setText(hit.number)
        self.message.show_info(_("{number} copied.").format(number=hit.number))

    def refresh(self) -> None:
        """Shown again: the inquiries still waiting for reservations' answer."""
        self.refresh_tasks()

    def refresh_tasks(self) -> None:
        self.tasks.clear()
        for t in directory.open_inquiries():
            item = QListWidgetItem(f"{t.caller_name}  {t.caller_number}  · {t.details}")
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            self.tasks.addItem(item)

    def new_inquiry(self) -> None:
        def ok(d: InquiryDialog) -> None:
            directory.new_inquiry(self.ctx.session, d.caller.text(), d.number.text(), d.details.toPlainText())
            self.message.show_info(_("Passed to reservations; record their answer when it comes."))
            self.refresh_tasks()
            self.changed.emit()

        self.dialog = InquiryDialog(ok, self)
        self.dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog.open()

    def answer_inquiry(self, text: str | None = None) -> None:
        item = self.tasks.currentItem()
        if item is None:
            self.message.show_error(_("Select an inquiry first."))
            return
        if text is None:
            text, ok = ask_text(self, N_("The answer given to the caller"), N_("Answer"), multiline=True)
            if not ok:
                return
        try:
            directory.answer_inquiry(self.ctx.session, item.data(Qt.ItemDataRole.UserRole), text)
        except DomainError as exc:
            self.message.show_error(error_text(exc))
            return
        self.message.show_info(_("Answer recorded."))
        self.refresh_tasks()
        self.changed.emit()

    def import_csv(self, path: str | None = None) -> None:
        if not path:
            path, _f = QFileDialog.getOpenFileName(self, _("Import outside numbers"), "", _("CSV files (*.csv)"))
            if not path:
                return
        try:
            report = directory.import_csv(self.ctx.session, path)
        except DomainError as exc:
            self.message.show_error(error_text(exc))
            return
        lines = [_("{n} imported, {rejected} rejected.").format(n=report.imported, rejected=len(report.rejected))]
        lines += [_("line {line}: {reason}").format(line=n, reason=r) for n, r in report.rejected[:20]]
        (self.message.show_error if report.rejected else self.message.show_info)("\n".join(lines))
        self.search()

    def export_csv(self, path: str | None = None) -> None:
        if not path:
            path, _f = QFileDialog.getSaveFileName(self, _("Export outside numbers"), "directory.csv",
                                                   _("CSV files (*.csv)"))
            if not path:
                return
        try:
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(directory.export_csv())
        except OSError as exc:
            self.message.show_error(_("Cannot write {path}: {reason}").format(path=path, reason=exc.strerror))
            return
        self.message.show_info(_("Saved to {path}.").format(path=path))


class PhraseModel(RowTableModel):
    columns = (N_("Moment"), N_("Chinese"), N_("English"))

    def cells(self, e: phrases.Entry) -> tuple:
        return (_(e.label) + (" *" if e.reworded else ""), e.text_zh, e.text_en)


class PhraseDialog(FormDialog):
    settings_key = "phrase"

    def __init__(self, entry: phrases.Entry, on_ok, parent=None):
        super().__init__(lambda: on_ok(self), parent)
        self.moment = QLabel()
        self.word(self.moment.setText, entry.label)
        self.text_zh = QPlainTextEdit(entry.text_zh)
        self.text_en = QPlainTextEdit(entry.text_en)
        for w in (self.text_zh, self.text_en):
            w.setTabChangesFocus(True)
            w.setFixedHeight(70)
        self.set_rows((self.moment, self.text_zh, self.text_en), (N_("Moment"), N_("Chinese"), N_("English")))
        self.word(self.setWindowTitle, N_("Reword a phrase"))


class PhrasebookPanel(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.dialog = None
        self.model = PhraseModel(self)
        self.table = make_table(self.model, "phrases")
        wrap_long_text(self.table)
        self.message = MessageLabel()
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit)
        self.note = QLabel()
        table_panel(self, [self.note, None], self.table, self.message, [self.edit_button])
        self.retranslate()

    TITLE = N_("Phrasebook")

    def title(self) -> str:
        return _(self.TITLE)

    def actions(self) -> dict:
        return {}

    def retranslate(self) -> None:
        self.edit_button.setText(_("Reword… (supervisor)"))
        self.note.setText(_("The words the other panels show, side by side; * marks a supervisor's wording."))
        self.model.retranslate()
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(phrases.entries())

    def edit(self) -> None:
        entry = selected_row(self.table, self.model)
        if entry is None:
            self.message.show_error(_("Select a phrase first."))
            return

        def ok(d: PhraseDialog) -> None:
            phrases.reword(self.ctx.session, entry.key, d.text_zh.toPlainText(), d.text_en.toPlainText())
            self.message.show_info(_("Reworded; every panel uses the new words now."))
            self.refresh()

        self.dialog = PhraseDialog(entry, ok, self)
        self.dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog.open()
