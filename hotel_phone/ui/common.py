"""Pieces the dialogs and panels share: remembered geometry, messages, settings."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QWidget

from hotel_phone import paths
from hotel_phone.errors import DomainError
from hotel_phone.i18n import _


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
    """An inline line for what just happened or what was wrong."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setObjectName("message")
        self.hide()

    def show_error(self, text: str) -> None:
        self.setProperty("kind", "error")
        self.setStyleSheet("color: #b00020; font-weight: bold;")
        self.setText(text)
        self.show()

    def show_info(self, text: str) -> None:
        self.setProperty("kind", "info")
        self.setStyleSheet("color: #1b5e20;")
        self.setText(text)
        self.show()

    def clear_message(self) -> None:
        self.setText("")
        self.hide()


class RememberingDialog(QDialog):
    """A dialog that reopens where and as large as it was left."""

    settings_key = "dialog"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        geometry = qsettings().value(f"{self.settings_key}/geometry")
        self.geometry_restored = geometry is not None and self.restoreGeometry(geometry)

    def done(self, result: int) -> None:
        qsettings().setValue(f"{self.settings_key}/geometry", self.saveGeometry())
        super().done(result)


# Questions are modal to the window that asks, never to the whole application: the wake-up and case alerts
# are windows of their own, and a box left open must not stop the operator answering a wake-up.
def ask_text(parent: QWidget, title: str, label: str, text: str = "", multiline: bool = False) -> tuple[str, bool]:
    """Ask for one line (or several) of text; (text, ok) as QInputDialog.getText gives."""
    from PySide6.QtCore import Qt  # for speed: Qt's namespace enums (~100) load after the sign-in is painted
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    box = QInputDialog(parent)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setWindowTitle(title)
    box.setLabelText(label)
    if multiline:
        box.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
    box.setTextEchoMode(QLineEdit.EchoMode.Normal)
    box.setTextValue(text)
    ok = box.exec() == QDialog.DialogCode.Accepted
    value = box.textValue()
    box.deleteLater()
    return value, ok


def ask_yes_no(parent: QWidget, title: str, question: str) -> bool:
    """A yes/no question; No is the default, so Enter never does the dangerous thing."""
    from PySide6.QtCore import Qt  # for speed, as in ask_text
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, title, question,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setWindowModality(Qt.WindowModality.WindowModal)
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
