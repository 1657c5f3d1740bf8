"""Qt's own question boxes, worded by us: they follow a language switch while open like every dialog of ours.

Loaded when a question is first asked (not at start: the sign-in paints before Qt's box classes are needed)."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox

from hotel_phone.ui.dialog_words import FollowsLanguage


class TextBox(FollowsLanguage, QInputDialog):
    """One line (or several) of text; Qt words its stock OK/Cancel in the language it has."""

    def __init__(self, parent):
        super().__init__(parent)
        self.follow_language()


class YesNoBox(FollowsLanguage, QMessageBox):
    """A yes/no question; Qt words its stock Yes/No in the language it has."""

    def __init__(self, parent):
        super().__init__(parent)
        self.follow_language()
