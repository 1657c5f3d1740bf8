"""The handover read on screen: the incoming operator sees the notes; the open items follow the data."""


from PySide6.QtCore import Qt

from hotel_phone import directory, stays
from tests.uihelpers import open_window, type_text

F = Qt.Key


def test_incoming_reads_the_notes_and_items_follow_the_data(qtbot, demo):
    window = open_window(qtbot)
    ho = window.handover
    window.nav.setCurrentRow(window.panels.index(ho))
    directory.new_inquiry(window.session, "Zhao Lei", "13900000000", "Two rooms for 5 December?")
    window.nav.setCurrentRow(window.panels.index(window.guests))
    window.nav.setCurrentRow(window.panels.index(ho))  # shown again: refreshed
    assert "Zhao Lei" in ho.items.toPlainText() and "Booking inquiries waiting for an answer" in ho.items.toPlainText()
    type_text(qtbot, ho.notes, "Fax machine out of paper; 1203 wants a cot")
    qtbot.mouseClick(ho.hand_over_button, Qt.MouseButton.LeftButton)
    assert "Fax machine out of paper" in ho.record.toPlainText()  # the outgoing operator sees it too

    window.sessions.switch_operator()
    type_text(qtbot, window.sessions.signin.user, "zhangli")
    type_text(qtbot, window.sessions.signin.password, "demo1234")
    qtbot.keyClick(window.sessions.signin.password, F.Key_Return)
    assert window.stack.currentWidget() is ho and ho.record.isVisible()
    assert "Fax machine out of paper; 1203 wants a cot" in ho.record.toPlainText()
    assert ho.ack_button.isEnabled()

    before = ho.items.toPlainText()
    room = next(r for r in stays.search("Björn Schäfer")).room
    qtbot.keyClick(window, F.Key_W, Qt.KeyboardModifier.ControlModifier)
    panel = window.wakeups
    type_text(qtbot, panel.rooms, room)
    qtbot.keyClick(panel.rooms, F.Key_Return)
    type_text(qtbot, panel.time, "14:00")
    qtbot.keyClick(panel.time, F.Key_Return)
    assert " 1 " in panel.message.text()  # zhangli works in Chinese
    after = ho.items.toPlainText()
    assert after != before and f"{room}" in after and "14:00" in after  # refreshed without showing it again
