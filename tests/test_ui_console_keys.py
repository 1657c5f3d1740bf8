"""The shift's work counted in keys: every key event that is not text input is one press.

Text (names, purposes, times) is typed with type_text and not counted; every
other key goes through `press`, which counts it. The targets come from the
issue: put a guest through in six, book tomorrow's 06:30 in four, take a slip
from a declined call in four; and two calls held and resumed lose nothing.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hotel_phone import calls, stays
from hotel_phone.db import MessageSlip, ScreenedCall, WakeUpCall
from tests.uihelpers import open_window, type_text

F = Qt.Key
SH = ZoneInfo("Asia/Shanghai")


class Keys:
    """Non-text key presses, counted."""

    def __init__(self, qtbot, window):
        self.qtbot, self.window, self.count = qtbot, window, 0

    def press(self, key, mod=Qt.KeyboardModifier.NoModifier):
        self.count += 1
        self.qtbot.keyClick(self.focus(), key, mod)

    def focus(self):
        return QApplication.focusWidget() or self.window

    def type(self, text):
        type_text(self.qtbot, self.focus(), text)


@pytest.fixture(params=["zh_CN", "en"])
def window(request, qtbot, demo):
    w = open_window(qtbot)
    w.set_language(request.param)
    return w


def test_screening_to_put_through_in_six_keys(qtbot, window):
    g = next(iter(stays.search("Björn Schäfer")))
    k = Keys(qtbot, window)
    k.press(F.Key_F2)  # outside call: the cursor is in the caller's name
    k.type("Li Wei")
    k.press(F.Key_Return)
    k.type("the contract")
    k.press(F.Key_Return)  # straight to "who is wanted"
    k.type("bjorn schafer")
    assert window.call.candidates.count() == 1
    k.press(F.Key_Return)  # the one candidate is chosen; the ring button is next
    k.press(F.Key_F5)
    assert window.call.view.state == "asking"
    k.press(F.Key_F6)  # the guest accepts: put through
    call = ScreenedCall.get_by_id(window.call.call_id)
    assert (call.outcome, call.stay_id, call.caller_name, call.purpose) == ("connected", g.id, "Li Wei",
                                                                           "the contract")
    assert k.count == 6, k.count


def test_wake_up_for_tomorrow_0630_in_three_keys(qtbot, window):
    room = next(iter(stays.search("Björn Schäfer"))).room  # leaves after tomorrow
    k = Keys(qtbot, window)
    k.press(F.Key_W, Qt.KeyboardModifier.ControlModifier)  # the wake-up panel, cursor in the rooms
    k.type(room)
    k.press(F.Key_Return)
    k.type("06:30")
    k.press(F.Key_Return)  # a time alone is its next occurrence: tomorrow, at 10:00 today
    (call,) = WakeUpCall.select()
    assert call.due_at == datetime(2026, 11, 29, 6, 30, tzinfo=SH) and call.room.number == room
    assert k.count == 3, k.count  # as the README says: a regression to four fails here


def test_slip_from_a_declined_call_in_two_keys(qtbot, window):
    g = next(iter(stays.search("Björn Schäfer")))
    panel = window.call
    k = Keys(qtbot, window)
    k.press(F.Key_F2)
    k.type("Li Wei")
    k.press(F.Key_Return)
    k.type("the contract")
    k.press(F.Key_Return)
    k.type("bjorn schafer")
    k.press(F.Key_Return)
    k.press(F.Key_F5)
    k.press(F.Key_F7)
    assert panel.view.outcome == "declined"
    k.count = 0  # from the declined call on
    k.press(F.Key_T, Qt.KeyboardModifier.ControlModifier)  # the slip opens with the cursor in the text
    dialog = window.messages.dialog
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.text, timeout=3000)
    k.type("Please call back before six")
    k.press(F.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter saves
    slip = MessageSlip.get(MessageSlip.stay == g.id)
    assert slip.text == "Please call back before six" and slip.from_name == "Li Wei" and slip.call_id == panel.call_id
    assert k.count == 2, k.count


def test_two_calls_held_and_resumed_lose_nothing(qtbot, window, fixed_clock):
    panel = window.call
    k = Keys(qtbot, window)
    k.press(F.Key_F2)
    first = panel.call_id
    k.type("Li Wei")
    k.press(F.Key_Return)
    k.type("the contract")
    k.press(F.Key_Return)
    k.type("bjorn schafer")
    k.press(F.Key_Return)  # first call: the guest is chosen
    assert panel.view.state == "chosen"
    k.press(F.Key_F2)  # a second line rings: the first caller goes on hold
    second = panel.call_id
    assert second != first and panel.caller_name.text() == "" and panel.caller_name.hasFocus()
    k.type("Zhang Min")
    k.press(F.Key_Return)
    k.type("a booking")
    assert [c.state for c in calls.live_calls()] == ["held", "new"]
    assert panel.call_list.rowCount() == 2
    fixed_clock.advance(seconds=31)
    panel.tick()
    held_row = panel.call_list.ids.index(first)
    assert panel.call_list.item(held_row, 4).text() == "31"
    assert panel.call_list.item(held_row, 0).background().color().name() == "#ffcdd2"  # waited too long
    k.press(F.Key_F3)  # back to the first: the second waits
    assert panel.call_id == first and panel.view.state == "chosen"
    assert (panel.caller_name.text(), panel.purpose.text(), panel.wanted.text()) == ("Li Wei", "the contract",
                                                                                  "bjorn schafer")
    k.press(F.Key_F5)
    k.press(F.Key_F6)
    assert ScreenedCall.get_by_id(first).outcome == "connected"
    k.press(F.Key_F3)
    assert panel.call_id == second
    assert (panel.caller_name.text(), panel.purpose.text()) == ("Zhang Min", "a booking")
    assert [c.id for c in calls.live_calls()] == [second]  # nothing was dropped


def test_a_caller_held_too_long_is_greeted_again(qtbot, window, fixed_clock):
    panel = window.call
    k = Keys(qtbot, window)
    k.press(F.Key_F2)
    first = panel.call_id
    k.press(F.Key_F2)
    fixed_clock.advance(seconds=45)
    view = calls.view(first)
    assert view.say_to_caller == calls.phrases.say(view.caller_language, calls.phrases.HELD_AGAIN)


def test_message_for_a_name_not_found_reaches_the_incognito_guest(qtbot, window):
    from hotel_phone.db import Stay

    g = next(iter(stays.search("Björn Schäfer")))
    panel = window.call
    k = Keys(qtbot, window)
    k.press(F.Key_F2)
    k.type("Li Wei")
    k.press(F.Key_Return)
    k.type("the contract")
    k.press(F.Key_Return)
    k.type("bjorn schafer")
    k.press(F.Key_Return)
    k.press(F.Key_F5)
    k.press(F.Key_F7)
    declined_words = panel.say_caller.text()
    Stay.update(privacy="incognito").where(Stay.id == g.id).execute()
    k.press(F.Key_F2)
    k.type("Li Wei")
    k.press(F.Key_Return)
    k.type("the contract")
    k.press(F.Key_Return)
    k.type("Schafer Bjorn Karl")  # not as registered: nobody found
    assert panel.candidates.count() == 0
    k.press(F.Key_F11)
    assert panel.view.outcome == "not_found" and panel.say_caller.text() == declined_words
    assert panel.buttons["message"].isEnabled()
    k.press(F.Key_T, Qt.KeyboardModifier.ControlModifier)
    dialog = window.messages.dialog
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.text, timeout=3000)
    k.type("Call me")
    k.press(F.Key_Return, Qt.KeyboardModifier.ControlModifier)
    slip = MessageSlip.get(MessageSlip.text == "Call me")
    assert slip.wanted_name == "Schafer Bjorn Karl" and slip.stay_id is None  # kept at the desk
    view = calls.view(slip.call_id)
    assert panel.say_caller.text() == calls.phrases.say(view.caller_language, calls.phrases.MESSAGE_TAKEN)


def test_desk_message_goes_to_an_incognito_guest_of_that_name(demo):
    from hotel_phone import auth, messages
    from hotel_phone.db import Stay

    session = auth.sign_in("anna", "demo1234")
    g = next(iter(stays.search("Björn Schäfer")))
    Stay.update(privacy="incognito").where(Stay.id == g.id).execute()
    slip = messages.take(session, wanted_name="Björn Schäfer", from_name="Li Wei", text="Call me")
    assert slip.stay_id == g.id  # the name matched the one incognito guest: the slip waits for the room
    other = messages.take(session, wanted_name="Nobody Here", from_name="Li Wei", text="Call me")
    assert other.stay_id is None and "kept at the desk" in messages.get(other.id).recipient
