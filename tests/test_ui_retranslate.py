"""After a language switch no text on screen keeps the old language: every widget's text walked before and after."""

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTableView,
    QTableWidget,
    QWidget,
)

from tests.uihelpers import open_window

WORD = re.compile(r"[A-Za-z]{3,}")
HAN = re.compile(r"[\u4e00-\u9fff]")
# Words for the caller or the guest are in the listener's language, not the operator's.
LISTENER_WORDS = ("sayToCaller", "sayToGuest", "wakeWords")


def texts(window) -> dict[str, str]:
    """Every visible-or-hidden text of the window, keyed by where it is."""
    out = {}
    widgets = [window, window.alert_bar, *window.findChildren(QWidget)]
    for w in widgets:
        if w.objectName() in LISTENER_WORDS:
            continue
        key = f"{type(w).__name__}:{w.objectName()}:{id(w)}"
        if isinstance(w, (QLabel, QAbstractButton)):
            out[key + ":text"] = w.text()
        if isinstance(w, (QLineEdit, QPlainTextEdit)):
            out[key + ":placeholder"] = w.placeholderText()
        if isinstance(w, QGroupBox):
            out[key + ":title"] = w.title()
        if isinstance(w, (QTableView, QTableWidget)) and w.model() is not None:
            model = w.model()
            for c in range(model.columnCount()):
                out[f"{key}:header{c}"] = str(model.headerData(c, Qt.Orientation.Horizontal) or "")
        if w.toolTip():
            out[key + ":tooltip"] = w.toolTip()
        if w.isWindow():
            out[key + ":title"] = w.windowTitle()
    for i in range(window.nav.count()):
        out[f"nav{i}"] = window.nav.item(i).text()
    for name, action in window.actions.items():
        out[f"action:{name}"] = action.text()
    for menu in window.menuBar().findChildren(QMenu):
        out[f"menu:{id(menu)}"] = menu.title()
    return out


def test_every_text_follows_a_language_switch(qtbot, demo):
    window = open_window(qtbot)
    list(window.panels)  # panels are built when first shown: build them all, every text is checked
    window.set_language("en")
    window.call.new_call("outside")  # a call in progress, a message shown, a status line
    window.call.new_call("inside")
    window.wakeups.book()  # refused: its message is on screen
    window.statusBar().showMessage("Saved to the log.")
    english = texts(window)
    english["statusbar"] = window.statusBar().currentMessage()
    assert len(english) > 300 and window.wakeups.message.text()
    window.set_language("zh_CN")
    chinese = texts(window)
    chinese["statusbar"] = window.statusBar().currentMessage()
    stale = {k: v for k, v in english.items()
             if WORD.search(v) and chinese.get(k) == v and not HAN.search(v)}
    assert not stale, stale
    window.set_language("en")
    back = texts(window)
    stale = {k: v for k, v in chinese.items() if HAN.search(v) and back.get(k) == v and not WORD.search(v)}
    assert not stale, stale


def test_the_phrasebook_fits_a_1366_screen_in_english(qtbot, demo):
    window = open_window(qtbot)
    window.set_language("en")
    window.showNormal()
    window.resize(1366, 768)
    window.nav.setCurrentRow(window.panels.index(window.phrasebook))
    qtbot.wait(50)
    table = window.phrasebook.table
    widths = sum(table.columnWidth(c) for c in range(table.model().columnCount()))
    assert window.width() <= 1366 and widths <= table.viewport().width() + 2  # wrapped, not cut
    longest = max(range(table.model().rowCount()), key=lambda r: len(str(table.model().index(r, 2).data())))
    assert table.rowHeight(longest) > table.fontMetrics().height() * 1.5  # the long phrase took two lines


def test_qts_own_buttons_follow_the_operators_language(qtbot):
    """Stock buttons (Yes/No, Cancel in the question boxes) come from Qt's catalog: Chinese with Chinese."""
    from PySide6.QtWidgets import QMessageBox

    from hotel_phone.ui.language import hub

    def yes_text() -> str:
        box = QMessageBox(QMessageBox.Icon.Question, "t", "q", QMessageBox.StandardButton.Yes)
        qtbot.addWidget(box)
        return box.button(QMessageBox.StandardButton.Yes).text()

    hub().set_language("zh_CN")
    try:
        assert "是" in yes_text()
    finally:
        hub().set_language("en")
    assert "Yes" in yes_text()
