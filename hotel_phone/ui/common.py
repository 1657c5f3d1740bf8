"""Pieces the dialogs and panels share: remembered geometry, messages, settings."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QLabel, QWidget

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
