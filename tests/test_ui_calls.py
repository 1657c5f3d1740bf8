"""An operator takes calls with the keyboard: every branch of the screening workflow."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from hotel_phone import clock, messages, stays
from hotel_phone.db import AllowedCaller, MessageSlip, ScreenedCall, Staff, Stay
from hotel_phone.ui import printing, worker
from tests.uihelpers import open_window, type_into, type_text

F = Qt.Key


@pytest.fixture
def window(qtbot, demo):
    return open_window(qtbot)


def guest(query):
    return next(r for r in stays.search(query))


def key(qtbot, window, k, mod=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(window.focusWidget() or window, k, mod)


def start_call(qtbot, window, caller="Li Wei", purpose="the contract", number="13800138000", wanted="",
               line_key=F.Key_F2, caller_lang="en"):
    key(qtbot, window, line_key)
    panel = window.call
    assert window.stack.currentWidget() is panel and panel.view.state == "new"
    assert panel.view.caller_language == "zh_CN"  # every call starts in the hotel's language for callers
    if caller_lang == "en":
        key(qtbot, window, F.Key_F4)
    assert panel.caller_name.hasFocus()
    type_text(qtbot, panel.caller_name, caller)
    qtbot.keyClick(panel.caller_name, F.Key_Return)  # Enter moves to the next field
    assert panel.purpose.hasFocus()
    type_text(qtbot, panel.purpose, purpose)
    type_into(qtbot, panel.number, number)
    if wanted:
        type_into(qtbot, panel.wanted, wanted)
    return panel


def choose(qtbot, panel, wanted):
    type_into(qtbot, panel.wanted, wanted)
    qtbot.keyClick(panel.wanted, F.Key_Return)


def test_accept_and_put_through(qtbot, window):
    g = guest("Björn Schäfer")
    panel = start_call(qtbot, window)
    assert panel.view.say_to_caller.startswith("Good morning, Jinjiang Demo Grand Hotel.")
    choose(qtbot, panel, "bjorn schafer")
    assert panel.view.stay_id == g.id and f"{g.room}" in panel.party.text()
    assert g.room not in panel.say_caller.text()
    key(qtbot, window, F.Key_F5)
    assert panel.say_guest.text() == "Mr Schäfer, there is a call from Li Wei about the contract. Will you take it?"
    key(qtbot, window, F.Key_F6)
    key(qtbot, window, F.Key_F9)
    call = ScreenedCall.get_by_id(panel.call_id)
    assert call.outcome == "connected" and call.consent and call.caller_number == "13800138000"
    key(qtbot, window, F.Key_F9)  # a second press changes nothing
    assert ScreenedCall.select().where(ScreenedCall.outcome == "connected").count() == 1


def test_caller_in_chinese_guest_in_english(qtbot, window):
    panel = start_call(qtbot, window, caller="李伟", purpose="合同", caller_lang="zh_CN")
    assert panel.view.caller_language == "zh_CN" and panel.say_caller.text().startswith("早上好,锦江示范大酒店")
    choose(qtbot, panel, "Björn")
    assert panel.say_caller.text() == "请稍等!"
    key(qtbot, window, F.Key_F5)
    assert "李伟" in panel.say_guest.text() and panel.say_guest.text().startswith("Mr Schäfer")
    key(qtbot, window, F.Key_F7)
    assert panel.view.outcome == "declined"
    assert panel.say_caller.text() == "对不起,无法为您接通,也无法提供相关信息。需要为您留言吗?"


def test_no_answer_then_slip(qtbot, window):
    g = guest("Björn Schäfer")
    panel = start_call(qtbot, window)
    choose(qtbot, panel, "Björn")
    key(qtbot, window, F.Key_F5)
    key(qtbot, window, F.Key_F8)
    assert panel.view.outcome == "no_answer" and panel.buttons["message"].isEnabled()
    key(qtbot, window, F.Key_T, Qt.KeyboardModifier.ControlModifier)
    dialog = window.messages.dialog
    assert dialog.from_name.text() == "Li Wei" and dialog.callback.text() == "13800138000"
    dialog.template.setCurrentIndex(dialog.template.findData("call_back"))
    qtbot.keyClick(dialog.from_name, F.Key_Return)
    slip = MessageSlip.get(MessageSlip.stay == g.id)
    assert slip.call_id == panel.call_id and slip.template == "call_back"
    assert panel.say_caller.text() == "Thank you, your message will be passed on."
    assert "Messages waiting: 1" in window.messages_label.text()
    window.guests.refresh()
    row = next(i for i, r in enumerate(window.guests.model.rows) if r.id == g.id)
    assert window.guests.model.index(row, 6).data() == "✉"


def test_do_not_disturb(qtbot, window):
    g = guest("Björn Schäfer")
    Stay.update(privacy="dnd", dnd_until=clock.now() + timedelta(hours=1)).where(Stay.id == g.id).execute()
    panel = start_call(qtbot, window)
    choose(qtbot, panel, "Björn")
    assert panel.view.outcome == "dnd" and not panel.buttons["ring"].isEnabled()
    assert "Do not disturb until 11:00" in panel.advice.text()
    assert panel.buttons["message"].isEnabled() and g.room not in panel.say_caller.text()


def test_incognito_same_words_as_an_unknown_name(qtbot, window):
    g = guest("Björn Schäfer")
    Stay.update(privacy="incognito").where(Stay.id == g.id).execute()
    panel = start_call(qtbot, window)
    choose(qtbot, panel, "Björn")
    incognito_words = panel.say_caller.text()
    assert panel.view.outcome == "incognito" and "Incognito guest" in panel.advice.text()
    panel = start_call(qtbot, window, caller="Li Wei", purpose="visit")
    type_into(qtbot, panel.wanted, "Nobody Atall")
    assert panel.candidates.count() == 0
    qtbot.mouseClick(panel.not_found_button, Qt.MouseButton.LeftButton)
    assert panel.view.outcome == "not_found" and panel.say_caller.text() == incognito_words


def test_allowed_caller(qtbot, window):
    g = guest("Björn Schäfer")
    AllowedCaller.create(stay=g.id, name="", number="13800138000", added_at=clock.now())
    panel = start_call(qtbot, window)
    choose(qtbot, panel, "Björn")
    key(qtbot, window, F.Key_F5)
    assert panel.view.state == "consented" and "on the guest's list" in panel.advice.text()
    key(qtbot, window, F.Key_F9)
    assert panel.view.outcome == "connected"


@pytest.mark.parametrize("answer, disclosed", [(F.Key_F6, True), (F.Key_F7, False)])
def test_inquiry_with_and_without_consent(qtbot, window, answer, disclosed):
    g = guest("Björn Schäfer")
    panel = start_call(qtbot, window, purpose="is he staying here?")
    panel.inquiry.setChecked(True)
    choose(qtbot, panel, "Björn")
    assert not panel.buttons["disclose"].isEnabled()
    key(qtbot, window, F.Key_F5)
    assert "asking whether you are staying" in panel.say_guest.text()
    key(qtbot, window, answer)
    if disclosed:
        qtbot.mouseClick(panel.buttons["disclose"], Qt.MouseButton.LeftButton)
        assert panel.say_caller.text() == f"Mr Schäfer is staying with us, in room {g.room}."
    else:
        assert not panel.buttons["disclose"].isEnabled() and g.room not in panel.say_caller.text()
    assert ScreenedCall.get_by_id(panel.call_id).disclosed is disclosed


def test_urgent_staff_call_goes_to_the_superior(qtbot, window):
    clock.get_clock().set(datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))  # Monday
    panel = start_call(qtbot, window, purpose="his son is ill")
    panel.urgent.setChecked(True)
    choose(qtbot, panel, "wang lei")
    assert panel.view.state == "routing" and panel.buttons["superior"].isVisible()
    qtbot.mouseClick(panel.buttons["superior"], Qt.MouseButton.LeftButton)
    call = ScreenedCall.get_by_id(panel.call_id)
    li_na = Staff.get(Staff.name == "Li Na")
    assert (call.outcome, call.routed_to) == ("routed_superior", li_na.extension)
    assert "Li Na" in panel.say_caller.text() or "李娜" in panel.say_caller.text()


def test_empty_caller_name_is_refused(qtbot, window):
    panel = start_call(qtbot, window, caller="", purpose="", number="")
    choose(qtbot, panel, "Björn")
    key(qtbot, window, F.Key_F5)
    assert "caller's name" in panel.message.text() and panel.view.state == "chosen"
    type_into(qtbot, panel.number, "12345")
    type_into(qtbot, panel.caller_name, "Li Wei")
    type_into(qtbot, panel.purpose, "x")
    key(qtbot, window, F.Key_F5)
    assert "not a possible phone number" in panel.message.text() and panel.view.state == "chosen"


def test_slip_printed_on_the_stations_slip_printer_then_delivered(qtbot, window, tmp_path):
    printing.choose("message_slip", printing.PDF_PREFIX + str(tmp_path / "printed"), "A6")
    g = guest("Björn Schäfer")
    slip = messages.take(window.session, stay_id=g.id, from_name="李伟", template="parcel")
    window.nav.setCurrentRow(window.panels.index(window.messages))
    panel = window.messages
    panel.refresh()
    panel.select_number(slip.number)
    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: MessageSlip.get_by_id(slip.id).delivery_method == "printed", timeout=20000)
    printed = list((tmp_path / "printed").glob("*.pdf"))
    assert len(printed) == 1
    page = PdfReader(printed[0]).pages[0]
    assert abs(float(page.mediabox.width) - 297.6) < 2 and abs(float(page.mediabox.height) - 419.5) < 2  # A6
    assert panel.model.rows == []
    assert "printed" in panel.message.text()


def test_a_failed_print_keeps_the_slip_and_does_not_deliver(qtbot, window, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    printing.choose("message_slip", printing.PDF_PREFIX + str(blocker / "slips"), "A6")
    g = guest("Björn Schäfer")
    slip = messages.take(window.session, stay_id=g.id, from_name="李伟", template="parcel")
    panel = window.messages
    panel.refresh()
    panel.select_number(slip.number)
    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.last_pdf is not None, timeout=20000)
    assert "was not printed" in panel.message.text() and str(panel.last_pdf) in panel.message.text()
    text = PdfReader(panel.last_pdf).pages[0].extract_text()  # the kept document is the slip itself
    assert "Björn Schäfer" in text and "A parcel is waiting" in text and "前台有您的包裹" in text
    assert MessageSlip.get_by_id(slip.id).delivered_at is None


def test_delivered_by_phone(qtbot, window):
    g = guest("Björn Schäfer")
    slip = messages.take(window.session, stay_id=g.id, from_name="Li", text="Call me")
    panel = window.messages
    panel.refresh()
    panel.select_number(slip.number)
    qtbot.mouseClick(panel.phone_button, Qt.MouseButton.LeftButton)
    assert MessageSlip.get_by_id(slip.id).delivery_method == "phone"


def test_check_out_with_an_undelivered_slip(qtbot, window):
    g = guest("Björn Schäfer")
    messages.take(window.session, stay_id=g.id, from_name="Li Wei", template="call_back")
    reg = window.guests
    type_into(qtbot, reg.search, "bjorn")
    qtbot.keyClick(reg.search, F.Key_Down)
    qtbot.keyClick(window, F.Key_D, Qt.KeyboardModifier.ControlModifier)
    warnings = reg.dialog.warnings.text()
    assert "1 message not yet delivered." in warnings and "Please call back." in warnings
    qtbot.keyClick(reg.dialog, F.Key_Escape)
    assert Stay.get_by_id(g.id).status == "in_house"


def test_call_log_shows_the_day(qtbot, window):
    panel = start_call(qtbot, window)
    choose(qtbot, panel, "Björn")
    key(qtbot, window, F.Key_F12)
    log = window.call_log
    log.refresh()
    assert [r.outcome for r in log.model.rows] == ["abandoned"]
    assert not log.disclosures.isEnabled()  # anna is an operator


def test_message_from_the_register_without_a_call(qtbot, window):
    g = guest("Björn Schäfer")
    reg = window.guests
    type_into(qtbot, reg.search, "bjorn")
    qtbot.keyClick(reg.search, F.Key_Down)
    qtbot.keyClick(window, F.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.messages.dialog
    type_text(qtbot, dialog.from_name, "Front desk")
    dialog.template.setCurrentIndex(dialog.template.findData("parcel"))
    qtbot.keyClick(dialog.from_name, F.Key_Return)
    slip = MessageSlip.get(MessageSlip.stay == g.id)
    assert slip.call_id is None and slip.template == "parcel"


def test_slip_saved_as_pdf_is_a_separate_action(qtbot, window):
    g = guest("Björn Schäfer")
    slip = messages.take(window.session, stay_id=g.id, from_name="李伟", template="parcel")
    panel = window.messages
    panel.refresh()
    panel.select_number(slip.number)
    qtbot.mouseClick(panel.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.last_pdf is not None, timeout=10000)
    worker.wait_all()
    text = PdfReader(panel.last_pdf).pages[0].extract_text()
    assert "Björn Schäfer" in text and "A parcel is waiting" in text and "前台有您的包裹" in text
    assert MessageSlip.get_by_id(slip.id).delivered_at is None  # saving a PDF delivers nothing
