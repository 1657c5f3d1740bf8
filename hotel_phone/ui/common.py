"""Pieces the dialogs and panels share: remembered geometry, messages, settings."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QWidget

from hotel_phone import paths
from hotel_phone.errors import DomainError
from hotel_phone.i18n import _
from hotel_phone.ui.dialog_words import FollowsLanguage, Words


def qsettings() -> QSettings:
    """Per-PC settings (window state, last language) in the app's config folder."""
    return QSettings(str(paths.config_dir() / "hotel_phone.ini"), QSettings.Format.IniFormat)


def error_text(exc: Exception) -> str:
    if isinstance(exc, DomainError):
        return exc.message()
    return _("Something went wrong; the details are in the log file.")


class BusyBar(QProgressBar):
    """Shown while slow work runs on the worker (worker.run_guarded): a bar that moves, no percentage."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("busy")
        self.setRange(0, 0)
        self.setTextVisible(False)
        self.setMaximumWidth(160)
        self.hide()


class MessageLabel(QLabel):
    """An inline line for what just happened or what was wrong. Words given as a function (an error's message)
    are worded again when the dialog holding the line follows a language switch (rewrite)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setObjectName("message")
        self.words: Words | None = None
        self.hide()

    def _show(self, text) -> None:
        self.words = text if callable(text) else None
        self.setText(text() if callable(text) else text)
        self.show()

    def show_error(self, text: str | Callable[[], str]) -> None:
        self.setProperty("kind", "error")
        self.setStyleSheet("color: #b00020; font-weight: bold;")
        self._show(text)

    def show_info(self, text: str | Callable[[], str]) -> None:
        self.setProperty("kind", "info")
        self.setStyleSheet("color: #1b5e20;")
        self._show(text)

    def rewrite(self) -> None:
        if self.words is not None:
            self.setText(self.words())

    def clear_message(self) -> None:
        self.words = None
        self.setText("")
        self.hide()


class RememberingDialog(FollowsLanguage, QDialog):
    """A dialog that reopens where and as large as it was left, and follows a language switch while open."""

    settings_key = "dialog"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.follow_language()
        geometry = qsettings().value(f"{self.settings_key}/geometry")
        self.geometry_restored = geometry is not None and self.restoreGeometry(geometry)

    def done(self, result: int) -> None:
        qsettings().setValue(f"{self.settings_key}/geometry", self.saveGeometry())
        super().done(result)


# Questions are modal to the window that asks, never to the whole application: the wake-up and case alerts
# are windows of their own, and a box left open must not stop the operator answering a wake-up.
def text_box(parent: QWidget, title: Words, label: Words, text: str = "", multiline: bool = False):
    """The box ask_text shows: the title and the label are N_() messages or functions giving the words, so the
    box follows a language switch while open."""
    from PySide6.QtCore import Qt  # for speed: Qt's namespace enums (~100) load after the sign-in is painted
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    from hotel_phone.ui.questions import TextBox

    box = TextBox(parent)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.word(box.setWindowTitle, title)
    box.word(box.setLabelText, label)
    if multiline:
        box.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
    box.setTextEchoMode(QLineEdit.EchoMode.Normal)
    box.setTextValue(text)
    return box


def ask_text(parent: QWidget, title: Words, label: Words, text: str = "",
             multiline: bool = False) -> tuple[str, bool]:
    """Ask for one line (or several) of text; (text, ok) as QInputDialog.getText gives."""
    box = text_box(parent, title, label, text, multiline)
    ok = box.exec() == QDialog.DialogCode.Accepted
    value = box.textValue()
    box.deleteLater()
    return value, ok


def yes_no_box(parent: QWidget, title: Words, question: Words):
    """The box ask_yes_no shows; No is the default, so Enter never does the dangerous thing. Words as in
    text_box."""
    from PySide6.QtCore import Qt  # for speed, as in text_box
    from PySide6.QtWidgets import QMessageBox

    from hotel_phone.ui.questions import Box

    box = Box(QMessageBox.Icon.Question, title, question, parent,
              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    return box


def ask_yes_no(parent: QWidget, title: Words, question: Words) -> bool:
    """A yes/no question (yes_no_box): True for Yes."""
    from PySide6.QtWidgets import QMessageBox

    box = yes_no_box(parent, title, question)
    answer = box.exec()
    box.deleteLater()
    return answer == QMessageBox.StandardButton.Yes


def add_rows(form, widgets) -> list[QLabel]:
    """Add rows to a QFormLayout with labels that retranslate() fills later."""
    labels = []
    for w in widgets:
        label = QLabel()
        if isinstance(w, QWidget):
            label.setBuddy(w)
            form.addRow(label, w)
        else:
            form.addRow(label, w)
        labels.append(label)
    return labels
