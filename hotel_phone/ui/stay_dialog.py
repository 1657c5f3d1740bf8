"""The forms of the guest register: check-in and edit, room move, check-out."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QCompleter, QDateEdit, QDialogButtonBox, QFormLayout,
                               QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget)

from hotel_phone import i18n, names, stays
from hotel_phone.errors import DomainError
from hotel_phone.i18n import N_, _
from hotel_phone.stays import StayInput
from hotel_phone.ui import worker
from hotel_phone.ui.common import BusyBar, MessageLabel, RememberingDialog, add_rows, error_text
from hotel_phone.ui.dialog_words import Words, say
from hotel_phone.ui.heartbeat import while_typing

STAY_LABELS = (N_("Room"), N_("Guest name"), N_("Chinese name"), N_("Family name"), N_("Given name"), N_("Title"),
               N_("Guest's language"),
               N_("Arrival"), N_("Departure"), N_("Privacy"), N_("Do not disturb until"),
               N_("Callers put through without asking"), N_("VIP"), N_("Group"), N_("Notes"))


class FormDialog(RememberingDialog):
    """A form whose OK runs `submit`; a refusal is shown in the form, which stays open."""

    def __init__(self, submit: Callable[[], None], parent: QWidget | None = None):
        super().__init__(parent)
        self._submit = submit
        self.form = QFormLayout()
        self.message = MessageLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.word(self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText, N_("Cancel"))
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.message)
        self.layout_.addWidget(self.buttons)

    def set_rows(self, widgets, labels) -> None:
        """The form's rows, labelled by N_() messages (or functions giving the words)."""
        for label, text in zip(add_rows(self.form, widgets), labels):
            self.word(label.setText, text)

    def ok_words(self, words) -> None:
        self.word(self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText, words)

    def accept(self) -> None:
        try:
            self._submit()
        except DomainError as exc:
            self.message.show_error(lambda exc=exc: error_text(exc))
            return
        super().accept()


class WorkDialog(FormDialog):
    """A form whose OK runs a write that may take longer than a frame on the worker: the buttons are disabled
    and a bar moves until it is done; then `on_done(result)` and the form closes, or the refusal is shown."""

    def __init__(self, work: Callable[[], object], on_done: Callable[[object], None], busy_text: Words,
                 parent: QWidget | None = None):
        super().__init__(lambda: None, parent)
        self._work, self._on_done, self._busy_text = work, on_done, busy_text
        self.working = False
        self.busy = BusyBar()
        self.layout_.insertWidget(self.layout_.indexOf(self.buttons), self.busy)

    def accept(self) -> None:
        if self.working:
            return
        self.working = True
        self.message.show_info(lambda: say(self._busy_text))
        worker.run_guarded(self._work, self._worked, self._refused, self.buttons.buttons(), self.busy,
                           rules=None)

    def reject(self) -> None:
        if not self.working:  # the write goes on either way: the form stays until it is done
            super().reject()

    def _worked(self, result) -> None:
        self.working = False
        self._on_done(result)
        RememberingDialog.accept(self)

    def _refused(self, exc: Exception) -> None:
        self.working = False
        self.message.show_error(lambda exc=exc: error_text(exc))


def _date_edit(value) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(QDate(value.year, value.month, value.day))
    return edit


class StayDialog(FormDialog):
    """Check-in (room editable) or edit of an in-house stay."""

    settings_key = "stay"

    def __init__(self, data: StayInput, on_ok: Callable[[StayInput], None], room_numbers: list[str],
                 editing: bool, parent: QWidget | None = None):
        super().__init__(lambda: on_ok(self.value()), parent)
        self.editing = editing
        self.room = QLineEdit(data.room)
        self.room.setCompleter(QCompleter(room_numbers, self))
        self.room.setReadOnly(editing)
        self.name = QLineEdit(data.name)
        self.name_zh = QLineEdit(data.name_zh)
        # Filled by the surname rules (shown grey); the operator types over it only to correct it.
        auto = names.split_name(data.name, data.name_zh)
        self.family_name = QLineEdit(data.family_name if data.family_name and (data.family_name, data.given_name)
                                     != auto else "")
        self.given_name = QLineEdit(data.given_name if self.family_name.text() else "")
        for w in (self.name, self.name_zh):
            w.textChanged.connect(while_typing(self._suggest_names))
        self.title = QComboBox()
        self.word_items(self.title, ((code, label or (lambda: "—")) for code, label in stays.TITLE_LABELS.items()))
        self.title.setCurrentIndex(max(0, self.title.findData(data.title)))
        self.language = QComboBox()
        for code in i18n.LANGUAGES:
            self.language.addItem(i18n.LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(max(0, self.language.findData(data.language)))
        self.arrival = _date_edit(data.arrival)
        self.departure = _date_edit(data.departure)
        self.privacy = QComboBox()
        self.word_items(self.privacy, stays.PRIVACY_LABELS.items())
        self.privacy.setCurrentIndex(max(0, self.privacy.findData(data.privacy)))
        self.dnd_until = QLineEdit(data.dnd_until)
        self.word(self.dnd_until.setPlaceholderText, N_("HH:MM, empty: until further notice"))
        self.allowed = QLineEdit(data.allowed_callers)
        self.word(self.allowed.setPlaceholderText, N_("names or numbers, separated by commas"))
        self.vip = QCheckBox()
        self.vip.setChecked(data.vip)
        self.party = QLineEdit(data.party)
        self.notes = QPlainTextEdit(data.notes)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(60)
        self._suggest_names()
        self.set_rows((self.room, self.name, self.name_zh, self.family_name, self.given_name, self.title, self.language, self.arrival,
                       self.departure, self.privacy, self.dnd_until, self.allowed, self.vip, self.party, self.notes),
                      STAY_LABELS)
        self.word(self.setWindowTitle, N_("Edit guest") if editing else N_("Check in"))
        self.ok_words(N_("Save") if editing else N_("Check in"))
        (self.name if editing else self.room).setFocus()

    def _suggest_names(self) -> None:
        family, given = names.split_name(self.name.text(), self.name_zh.text())
        self.family_name.setPlaceholderText(family)
        self.given_name.setPlaceholderText(given)

    def value(self) -> StayInput:
        return StayInput(
            family_name=self.family_name.text(), given_name=self.given_name.text(),
            room=self.room.text(), name=self.name.text(), name_zh=self.name_zh.text(),
            title=self.title.currentData(), language=self.language.currentData(),
            arrival=self.arrival.date().toPython(), departure=self.departure.date().toPython(),
            privacy=self.privacy.currentData(), vip=self.vip.isChecked(), notes=self.notes.toPlainText(),
            party=self.party.text(), dnd_until=self.dnd_until.text(), allowed_callers=self.allowed.text(),
        )


class MoveDialog(FormDialog):
    settings_key = "move"

    def __init__(self, guest: str, current_room: str, on_ok: Callable[[str], None], room_numbers: list[str],
                 parent: QWidget | None = None):
        super().__init__(lambda: on_ok(self.room.text()), parent)
        self.guest = QLabel(f"{guest} — {current_room}")
        self.room = QLineEdit()
        self.room.setCompleter(QCompleter(room_numbers, self))
        self.set_rows((self.guest, self.room), (N_("Guest"), N_("New room")))
        self.word(self.setWindowTitle, N_("Move to another room"))
        self.ok_words(N_("Move"))
        self.room.setFocus()


class CheckOutDialog(WorkDialog):
    """Shows what is still open for the stay before it closes; the check-out itself runs on the worker."""

    settings_key = "checkout"

    def __init__(self, guest: str, room: str, warnings: Callable[[], list[str]], work: Callable[[], object],
                 on_done: Callable[[object], None], parent: QWidget | None = None):
        super().__init__(work, on_done, N_("Checking out…"), parent)
        self.guest = QLabel(f"{guest} — {room}")
        self.warnings = QLabel()  # the core words them in the operator's language: asked again after a switch
        self.word(self.warnings.setText, lambda: "\n".join(warnings()) or _("Nothing is open for this guest."))
        self.warnings.setWordWrap(True)
        self.warnings.setMinimumWidth(460)  # a wrapped label alone asks for little: the lines were cut off
        if warnings():
            self.warnings.setStyleSheet("color: #b00020; font-weight: bold;")
        self.set_rows((self.guest, self.warnings), (N_("Guest"), N_("Still open")))
        self.word(self.setWindowTitle, N_("Check out"))
        self.ok_words(N_("Check out"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setFocus()
        self.warnings.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
