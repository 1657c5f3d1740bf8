"""Booking a long-distance call for a guest, placing it, timing it, and the cashier's slip."""

import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from hotel_phone import folio, stays
from hotel_phone.db import ChargeSlip, FolioPosting, LongDistanceBooking
from hotel_phone.documents import charge_slip
from hotel_phone.ui import worker
from tests.uihelpers import open_window, type_into, type_text


@pytest.fixture
def window(qtbot, demo):
    return open_window(qtbot)


def book(qtbot, window, who, number, party="ACME"):
    panel = window.longdistance
    qtbot.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is panel and panel.guest_query.hasFocus()
    type_text(qtbot, panel.guest_query, who)
    type_into(qtbot, panel.party, party)
    type_into(qtbot, panel.number, number)
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    return panel


def test_book_with_quote_and_night_warning(qtbot, window):
    panel = window.longdistance
    window.nav.setCurrentRow(window.panels.index(panel))
    type_into(qtbot, panel.number, "+44 20 7946 0958")
    info = panel.info.text()
    assert "London" in info and "−8h" in info and "night there" in info and "Europe" in info
    type_into(qtbot, panel.number, "12345")
    assert "not a possible phone number" in panel.info.text()


def test_book_place_connect_end_and_slip(qtbot, window):
    clock = __import__("hotel_phone.clock", fromlist=["x"]).get_clock()
    guest = next(r for r in stays.search("Björn Schäfer"))
    panel = book(qtbot, window, "bjorn", "+1 212 555 1234")
    assert panel.message.text() == "Booked." and "Calls waiting for a line: 1" in window.queue_label.text()
    row = panel.model.rows[0]
    assert row.position == 1 and row.room == guest.room
    qtbot.mouseClick(panel.buttons["dial"], Qt.MouseButton.LeftButton)
    assert "on line 1" in panel.message.text()
    qtbot.mouseClick(panel.buttons["connected"], Qt.MouseButton.LeftButton)
    assert panel.say_guest.text().startswith("Your call to New York")
    clock.advance(minutes=7, seconds=12)
    qtbot.mouseClick(panel.buttons["end"], Qt.MouseButton.LeftButton)
    b = LongDistanceBooking.get()
    assert b.status == "ended" and b.duration_seconds == 432
    assert panel.say_guest.text() == f"Your call lasted 7 minutes 12 seconds; the charge is CN¥{b.charge_fen / 100:.2f}."
    assert FolioPosting.select().where(FolioPosting.source_key == f"longdistance:{b.id}").count() == 1
    qtbot.mouseClick(panel.buttons["end"], Qt.MouseButton.LeftButton)  # double press: refused, nothing new
    assert "already ended" in panel.message.text() and FolioPosting.select().count() == 1
    panel.select(b.id)
    qtbot.mouseClick(panel.buttons["slip"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.last_pdf is not None, timeout=10000)
    worker.wait_all()
    text = PdfReader(panel.last_pdf).pages[0].extract_text()
    for expected in ("+1 212 555 1234", "7:12", "432 s", f"{b.charge_fen / 100:.2f}", "电话收费单", "Björn Schäfer"):
        assert expected in text, expected
    assert "COPY" not in text
    copy = charge_slip.render(folio.issue_slip(window.session, b.id))
    assert "COPY" in PdfReader(io.BytesIO(copy)).pages[0].extract_text()
    assert ChargeSlip.get().print_count == 2


def test_busy_goes_back_to_the_queue(qtbot, window):
    panel = book(qtbot, window, "bjorn", "010 6512 3456")
    qtbot.mouseClick(panel.buttons["dial"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.buttons["busy"], Qt.MouseButton.LeftButton)
    row = panel.model.rows[0]
    assert row.status == "queued" and row.last_outcome == "busy" and row.position == 1


def test_bad_bookings_show_a_message(qtbot, window):
    panel = book(qtbot, window, "bjorn", "12345")
    assert "not a possible phone number" in panel.message.text()
    panel.guest_query.clear()
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert "Choose the guest first" in panel.message.text()
    assert LongDistanceBooking.select().count() == 0
    qtbot.mouseClick(panel.buttons["connected"], Qt.MouseButton.LeftButton)
    assert "Select a booking first" in panel.message.text()


def test_world_clock(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    panel = window.worldclock
    assert window.stack.currentWidget() is panel
    assert [r.name_en for r in panel.model.rows][:2] == ["Beijing", "Tokyo"]
    type_text(qtbot, panel.query, "伦敦")
    assert panel.found_model.rows[0].zone == "Europe/London"
    type_into(qtbot, panel.query, "+1 212 555 1234")
    assert panel.found_model.rows[0].zone == "America/New_York"
