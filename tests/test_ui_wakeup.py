"""A wake-up alert over another panel: no answer, escalation, awake; the register and handover PDFs."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from pypdf import PdfReader
from PySide6.QtCore import Qt

from hotel_phone import clock, stays, wakeup
from hotel_phone.db import WakeUpCall
from hotel_phone.ui import printing
from tests.uihelpers import open_window, type_into, type_text

SH = ZoneInfo("Asia/Shanghai")


def test_alert_while_another_panel_is_open(qtbot, demo, monkeypatch):
    window = open_window(qtbot)
    room = next(r for r in stays.search("Björn Schäfer")).room
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    panel = window.wakeups
    assert window.stack.currentWidget() is panel and panel.rooms.hasFocus()
    type_text(qtbot, panel.rooms, room)
    panel.day.setDate(panel.day.date().addDays(1))
    type_into(qtbot, panel.time, "06:30")
    qtbot.keyClick(panel.time, Qt.Key.Key_Return)
    assert "1 wake-up call booked." == panel.message.text()

    window.nav.setCurrentRow(window.panels.index(window.longdistance))  # the operator is busy elsewhere
    beeps = []
    monkeypatch.setattr("hotel_phone.ui.wakeup_panel.QApplication.beep", lambda: beeps.append(1))
    clock.get_clock().set(datetime(2026, 11, 29, 6, 30, tzinfo=SH))
    window.tick()
    bar = window.alert_bar
    assert bar.isVisible() and beeps == [1] and room in bar.title.text()
    assert bar.words.text() == "Good morning, it is now 6:30.\n早晨好,现在的时间是早上6点30分。"
    assert "Wake-ups due: 1" in window.wake_label.text()
    qtbot.mouseClick(bar.buttons["no_answer"], Qt.MouseButton.LeftButton)
    assert not bar.isVisible()
    clock.get_clock().advance(minutes=5)
    window.tick()
    assert bar.isVisible() and bar.title.text().startswith("Ring again")
    qtbot.mouseClick(bar.buttons["no_answer"], Qt.MouseButton.LeftButton)
    clock.get_clock().advance(minutes=5)
    window.tick()
    assert bar.title.text().startswith("Send the floor attendant") and bar.buttons["attendant"].isVisible()
    assert f"knock on room {room}" in bar.advice.text()
    monkeypatch.setattr("hotel_phone.ui.wakeup_panel.ask_text",
                        lambda *a, **k: ("Floor attendant Liu", True))
    qtbot.mouseClick(bar.buttons["attendant"], Qt.MouseButton.LeftButton)
    clock.get_clock().advance(minutes=3)
    qtbot.mouseClick(bar.buttons["awake"], Qt.MouseButton.LeftButton)
    call = WakeUpCall.get()
    assert call.status == "done" and call.minutes_late == 13 and call.attendant_sent == "Floor attendant Liu"
    assert "you are 13 minutes past your wake-up time" in bar.last_late_words
    assert not bar.isVisible() and window.stack.currentWidget() is window.longdistance


def test_missed_wakeup_reported_on_start(qtbot, demo):
    room = next(r for r in stays.search("Björn Schäfer")).room
    wakeup.schedule(demo, [room], "06:30", first=date(2026, 11, 29))
    clock.get_clock().set(datetime(2026, 11, 29, 9, 0, tzinfo=SH))  # the app was closed until 09:00
    window = open_window(qtbot)
    window.after_sign_in()
    assert "marked missed" in window.statusBar().currentMessage()
    assert window.alert_bar.isVisible() and window.alert_bar.title.text().startswith("MISSED")


def test_register_and_handover_printed_on_the_registers_printer(qtbot, demo, tmp_path):
    window = open_window(qtbot)
    room = next(r for r in stays.search("Björn Schäfer")).room
    wakeup.schedule(window.session, [room], "06:30", first=date(2026, 11, 29), note="taxi")
    panel = window.wakeups
    panel.day.setDate(panel.day.date().addDays(1))
    printing.choose("registers", printing.PDF_PREFIX + str(tmp_path / "registers"), "A4")
    qtbot.mouseClick(panel.buttons["print"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "sent to the printer" in panel.message.text(), timeout=20000)
    (printed,) = (tmp_path / "registers").glob("registers-*.pdf")
    page = PdfReader(printed).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # the register is landscape
    text = page.extract_text()
    assert "住客叫醒登记表" in text and "Björn Schäfer" in text
    wakeup.schedule(window.session, [room], "14:00", first=date(2026, 11, 28))  # in the next shift
    ho = window.handover
    window.nav.setCurrentRow(window.panels.index(ho))
    ho.refresh()
    assert "Björn" in ho.items.toPlainText()
    type_text(qtbot, ho.notes, "Fax machine out of paper")
    qtbot.mouseClick(ho.hand_over_button, Qt.MouseButton.LeftButton)
    assert ho.history.count() == 1 and not ho.ack_button.isEnabled()  # not for the outgoing operator
    window.sessions.switch_operator()
    qtbot.keyClicks(window.sessions.signin.user, "zhangli")
    qtbot.keyClicks(window.sessions.signin.password, "demo1234")
    qtbot.keyClick(window.sessions.signin.password, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is ho and ho.ack_button.isEnabled()
    qtbot.mouseClick(ho.ack_button, Qt.MouseButton.LeftButton)
    assert "已确认接班" in ho.message.text()
    ho.history.setCurrentRow(0)
    qtbot.mouseClick(ho.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已发送到打印机" in ho.message.text(), timeout=20000)
    printed = max((tmp_path / "registers").glob("registers-*.pdf"), key=lambda p: p.stat().st_mtime_ns)
    text = PdfReader(printed).pages[0].extract_text()
    assert "交接班记录" in text and "Fax machine out of paper" in text and "张丽" in text
