"""Booking a long-distance call for a guest, placing it, timing it, and the cashier's slip."""

import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from hotel_phone import folio, stays
from hotel_phone.db import ChargeSlip, FolioPosting, LongDistanceBooking
from hotel_phone.documents import charge_slip
from hotel_phone.ui import printing
from tests.uihelpers import open_window, sign_in_as, type_into, type_text


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
    type_into(qtbot, panel.number, "99999")
    assert "not a possible phone number" in panel.info.text()


def test_book_place_connect_end_and_slip(qtbot, window, tmp_path):
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
    printing.choose("charge_slip", printing.PDF_PREFIX + str(tmp_path / "slips"), "A5")
    qtbot.mouseClick(panel.buttons["slip"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "sent to the printer" in panel.message.text(), timeout=20000)
    (printed,) = (tmp_path / "slips").glob("charge_slip-*.pdf")
    text = PdfReader(printed).pages[0].extract_text()
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
    panel = book(qtbot, window, "bjorn", "99999")
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


CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_book_dial_connect_end_with_the_keyboard_alone(qtbot, window):
    clock = __import__("hotel_phone.clock", fromlist=["x"]).get_clock()
    panel = window.longdistance
    qtbot.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert panel.guest_query.hasFocus()
    qtbot.keyClicks(panel.guest_query, "bjorn")
    qtbot.keyClick(panel.guest_query, Qt.Key.Key_Tab)  # to the guest list, first match chosen
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
    assert panel.party.hasFocus()
    qtbot.keyClicks(panel.party, "ACME")
    qtbot.keyClick(panel.party, Qt.Key.Key_Tab)
    qtbot.keyClicks(panel.number, "+1 212 555 1234")
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert panel.message.text() == "Booked."
    for key, shown in ((Qt.Key.Key_D, "Dial on a free line (Ctrl+Shift+D)"), (Qt.Key.Key_O, "Connected (Ctrl+Shift+O)")):
        assert any(b.text() == shown for b in panel.buttons.values())
        qtbot.keyClick(window.focusWidget(), key, CTRL_SHIFT)
    assert LongDistanceBooking.get().status == "connected"
    clock.advance(minutes=2)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_E, CTRL_SHIFT)
    b = LongDistanceBooking.get()
    assert b.status == "ended" and b.duration_seconds == 120 and b.charge_fen > 0
    assert panel.buttons["end"].text() == "Call ended (Ctrl+Shift+E)"
    # Ctrl+J again: a clean booking, nothing left from the last one.
    qtbot.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert panel.guest_query.text() == panel.party.text() == panel.number.text() == ""
    assert panel.guest.count() == 0 and panel.guest_query.hasFocus()


def test_move_up_follows_the_signed_in_operator(qtbot, window):
    panel = window.longdistance
    window.nav.setCurrentRow(window.panels.index(panel))
    assert not panel.buttons["move_up"].isEnabled()  # anna is an operator
    sign_in_as(qtbot, window, "wangfang")  # a supervisor
    assert panel.buttons["move_up"].isEnabled()
    sign_in_as(qtbot, window, "anna")
    assert not panel.buttons["move_up"].isEnabled()


def test_a_departed_guests_booking_is_skipped_and_flagged(qtbot, window):
    from hotel_phone import longdistance as ld

    session = window.session
    first, second = stays.search("", 2)
    gone = ld.book(session, first.id, "x", "+44 20 7946 0958")
    waiting = ld.book(session, second.id, "y", "+1 212 555 1234")
    stays.check_out(__import__("hotel_phone.session", fromlist=["x"]).Session(
        __import__("hotel_phone.db", fromlist=["x"]).Operator.get(username="admin")), first.id)
    panel = window.longdistance
    window.nav.setCurrentRow(window.panels.index(panel))
    panel.refresh()
    rows = {r.id: r for r in panel.model.rows}
    assert rows[gone.id].guest_left and rows[gone.id].position is None and rows[waiting.id].position == 1
    assert "guest has left" in panel.model.data(panel.model.index(panel.model.rows.index(rows[gone.id]), 6))
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_D, CTRL_SHIFT)
    assert LongDistanceBooking.get_by_id(waiting.id).status == "dialling"
    assert LongDistanceBooking.get_by_id(gone.id).status == "queued"


def test_letters_are_read_only_when_the_guest_says_us(qtbot, window):
    panel = window.longdistance
    window.nav.setCurrentRow(window.panels.index(panel))
    type_into(qtbot, panel.number, "1-800-FLOWERS")
    assert "letters" in panel.info.text()
    panel.region.setCurrentIndex(panel.region.findData("US"))
    info = panel.info.text()
    assert "+18003569377" in info and "United States" in info and "toll-free only inside its own country" in info
    assert "+0h" not in info and "from Beijing depending on where it rings" in info  # US toll-free: a range
