"""Qt's own boxes, worded by us: they follow a language switch while open like every dialog of ours.

Loaded when a box is first shown (not at start: the sign-in paints before Qt's box classes are needed)."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox, QPushButton, QWidget

from hotel_phone.ui.dialog_words import FollowsLanguage, Words


class TextBox(FollowsLanguage, QInputDialog):
    """One line (or several) of text; Qt words its stock OK/Cancel in the language it has."""

    def __init__(self, parent: QWidget | None):
        super().__init__(parent)
        self.follow_language()


class Box(FollowsLanguage, QMessageBox):
    """A message or a question: the title and the text are N_() messages or functions giving the words; Qt words
    its stock buttons (Yes, No, OK) in the language it has, ours (add_button) are worded again by us."""

    def __init__(self, icon: QMessageBox.Icon, title: Words, text: Words, parent: QWidget | None,
                 buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.NoButton):
        super().__init__(parent)
        self.follow_language()
        self.setIcon(icon)
        self.word(self.setWindowTitle, title)
        self.word(self.setText, text)
        self.setStandardButtons(buttons)

    def add_button(self, words: Words, role: QMessageBox.ButtonRole) -> QPushButton:
        button = self.addButton("", role)
        self.word(button.setText, words)
        return button
