"""A dialog's words follow the operator's language while it is open.

A dialog sets each of its texts with `word(setter, text)`: the text (an N_() message, or a function giving the
text for formatted or conditional words) is shown now and shown again, translated, on every language switch.
What the operator typed is never touched: only the words are set again. Ctrl+Shift+L works inside the dialog.
"""

from __future__ import annotations

from typing import Callable, Union

from PySide6.QtCore import QEvent
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel

from hotel_phone import i18n
from hotel_phone.i18n import _
from hotel_phone.ui import actions
from hotel_phone.ui.language import hub

Words = Union[str, Callable[[], str]]  # an N_() message, or a function giving the text in the current language

TOGGLE = "app.toggle_language"


def say(words: Words) -> str:
    return words() if callable(words) else _(words)


def other_language() -> str:
    return "en" if i18n.current_language() == "zh_CN" else "zh_CN"


class FollowsLanguage:
    """Mixed into a QDialog (before it): call follow_language() once the dialog's parent is set.

    A subclass with words it cannot give through word() (a list's items, a table's headers) overrides
    retranslate() and calls super().retranslate()."""

    _following = False

    def follow_language(self) -> None:
        if not hasattr(self, "_words"):
            self._words: list[tuple[Callable[[str], None], Words]] = []
        actions.lend(self, TOGGLE)
        if not any(a.objectName() == TOGGLE for a in self.actions()):
            # No window behind it (sign-in, first start): the switch of the language alone, no operator to keep it.
            toggle = QAction(self)
            toggle.setObjectName(TOGGLE)
            toggle.setShortcut(QKeySequence(actions.SPEC_BY_KEY[TOGGLE].shortcut))
            toggle.triggered.connect(lambda _checked=False: hub().set_language(other_language()))
            self.addAction(toggle)
        self._listen(True)
        self.finished.connect(lambda _r: self._listen(False))

    def _listen(self, on: bool) -> None:
        if on != self._following:
            self._following = on
            if on:
                hub().language_changed.connect(self.retranslate)
            else:
                hub().language_changed.disconnect(self.retranslate)

    def word(self, setter: Callable[[str], None], words: Words) -> None:
        """Show `words` through `setter` now and again after every language switch."""
        if not hasattr(self, "_words"):
            self._words = []
        self._words.append((setter, words))
        setter(say(words))

    def word_items(self, combo, items) -> None:
        """Add a list's items, (data, words) pairs, worded again after every switch; found by their data (each
        item's own), as items may be inserted before them later."""
        for data, words in items:
            combo.addItem("", data)
            self.word(lambda text, d=data: combo.setItemText(combo.findData(d), text), words)

    def retranslate(self, *_args) -> None:
        for setter, words in getattr(self, "_words", ()):
            setter(say(words))
        for line in self.findChildren(QLabel):  # a refusal shown in the form (common.MessageLabel), reworded too
            if hasattr(line, "rewrite"):
                line.rewrite()
        if self.isVisible():  # English words are wider than Chinese: the dialog grows to show them whole
            for combo in self.findChildren(QComboBox):  # (a list sizes itself to its items once, when first shown)
                combo.updateGeometry()
            if self.layout() is not None:
                self.layout().activate()
            hint = self.sizeHint()
            if hint.width() > self.width() or hint.height() > self.height():
                self.resize(max(hint.width(), self.width()), max(hint.height(), self.height()))

    def showEvent(self, event) -> None:
        if not self._following:  # opened again after it was closed: the language may have changed meanwhile
            self._listen(True)
            self.retranslate()
        super().showEvent(event)

    def event(self, event: QEvent) -> bool:
        done = super().event(event)
        # Qt's catalog changing (to or from Chinese) resets the stock buttons' words (OK, Cancel) after our switch:
        # the dialog passes the event on to its children (the button box) before this returns, so our words go
        # back at once, whenever the event arrives (it may come some frames after the switch).
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return done
