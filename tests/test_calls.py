from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hotel_phone import calls, messages, stays
from hotel_phone.db import AllowedCaller, AuditEvent, CallStep, ScreenedCall, Staff, Stay
from hotel_phone.errors import PermissionDenied, ValidationError
from hotel_phone.stays import StayInput

SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def smith(hotel):
    return stays.check_in(hotel, StayInput(room="305", name="John Smith", title="mr", language="en",
                                           arrival=date(2026, 11, 28), departure=date(2026, 11, 30)))


@pytest.fixture
def wang(hotel):
    return stays.check_in(hotel, StayInput(room="208", name_zh="王小明", title="mr", language="zh_CN",
                                           arrival=date(2026, 11, 28), departure=date(2026, 11, 30)))


def new_call(session, lang="en", line="outside"):
    call = calls.start(session, line, lang)
    calls.identify_caller(session, call.id, "Li Wei", "the contract", "13800138000")
    return call


def test_greeting_by_the_hotel_clock(hotel, fixed_clock):
    call = calls.start(hotel, "outside", "en")
    assert calls.view(call.id).say_to_caller.startswith("Good morning, Test Hotel.")
    fixed_clock.set(datetime(2026, 11, 28, 19, 0, tzinfo=SH))
    call = calls.start(hotel, "outside", "zh_CN")
    assert calls.view(call.id).say_to_caller.startswith("晚上好,测试酒店")
    fixed_clock.set(datetime(2026, 11, 28, 14, 0, tzinfo=SH))
    assert calls.view(calls.start(hotel).id).say_to_caller.startswith("下午好,测试酒店")  # the hotel's default
    assert calls.view(calls.start(hotel, "outside", "en").id).say_to_caller.startswith("Good afternoon, Test")
    inside = calls.start(hotel, "inside", "zh_CN")
    assert calls.view(inside.id).say_to_caller.startswith("您好,总台!")


def test_accept_then_put_through(hotel, smith):
    call = new_call(hotel, "zh_CN")
    calls.choose_guest(hotel, call.id, smith.id)
    calls.ring_guest(hotel, call.id)
    v = calls.view(call.id)
    assert v.say_to_guest == "Mr Smith, there is a call from Li Wei about the contract. Will you take it?"
    assert "305" not in v.say_to_caller and "Smith" not in v.say_to_caller
    calls.guest_answer(hotel, call.id, "accept")
    calls.put_through(hotel, call.id)
    v = calls.view(call.id)
    assert v.outcome == "connected" and v.say_to_caller == "谢谢您的等候,现在为您接通。"
    with pytest.raises(ValidationError, match="already put through"):
        calls.put_through(hotel, call.id)
    assert AuditEvent.select().where(AuditEvent.action == "call_put_through").count() == 1
    assert [s.step for s in calls.steps(call.id)] == ["started", "caller_identified", "guest_chosen",
                                                        "guest_rung", "guest_accept", "put_through"]


def test_guest_words_in_the_guests_language(hotel, wang):
    call = new_call(hotel, "en")
    calls.choose_guest(hotel, call.id, wang.id)
    calls.ring_guest(hotel, call.id)
    assert calls.view(call.id).say_to_guest == "王先生,Li Wei来电,事由:the contract。请问您接听吗?"


def test_decline_gives_the_neutral_words(hotel, smith):
    call = new_call(hotel)
    calls.choose_guest(hotel, call.id, smith.id)
    calls.ring_guest(hotel, call.id)
    calls.guest_answer(hotel, call.id, "decline")
    v = calls.view(call.id)
    assert v.outcome == "declined" and v.message_for == "stay"
    unknown = new_call(hotel)
    calls.not_found(hotel, unknown.id, "Nobody Here")
    assert v.say_to_caller == calls.view(unknown.id).say_to_caller
    with pytest.raises(ValidationError, match="without the guest's consent|already finished"):
        calls.put_through(hotel, call.id)


def test_no_answer_then_message(hotel, smith):
    call = new_call(hotel)
    calls.choose_guest(hotel, call.id, smith.id)
    calls.ring_guest(hotel, call.id)
    calls.guest_answer(hotel, call.id, "no_answer")
    slip = messages.take(hotel, stay_id=smith.id, from_name="Li Wei", text="Please call back",
                         callback_number="13800138000", call_id=call.id)
    assert slip.number == 1 and calls.view(call.id).say_to_caller == "Thank you, your message will be passed on."
    assert messages.waiting_stays() == {smith.id}


def test_caller_name_and_purpose_before_ringing(hotel, smith):
    call = calls.start(hotel, "outside", "en")
    calls.choose_guest(hotel, call.id, smith.id)
    with pytest.raises(ValidationError, match="caller's name and the purpose"):
        calls.ring_guest(hotel, call.id)
    for name, purpose, number, msg in (("", "x", "", "required"), ("Li", "", "", "required"),
                                       ("Li", "x", "12345", "not a possible phone number")):
        with pytest.raises(ValidationError, match=msg):
            calls.identify_caller(hotel, call.id, name, purpose, number)
    assert ScreenedCall.get_by_id(call.id).caller_name == ""


def test_do_not_disturb_is_not_rung(hotel, smith, fixed_clock):
    Stay.update(privacy="dnd", dnd_until=fixed_clock.now() + timedelta(hours=2)).where(Stay.id == smith.id).execute()
    call = new_call(hotel)
    calls.choose_guest(hotel, call.id, smith.id)
    v = calls.view(call.id)
    assert v.outcome == "dnd" and v.message_for == "stay" and "Do not disturb until 12:00" in v.advice
    with pytest.raises(ValidationError):
        calls.ring_guest(hotel, call.id)
    # After the time has passed, the guest is rung again.
    fixed_clock.advance(hours=3)
    later = new_call(hotel)
    assert calls.choose_guest(hotel, later.id, smith.id).state == "chosen"


def test_incognito_sounds_exactly_like_an_unknown_name(hotel, smith):
    Stay.update(privacy="incognito").where(Stay.id == smith.id).execute()
    for lang in ("en", "zh_CN"):
        a = new_call(hotel, lang)
        calls.choose_guest(hotel, a.id, smith.id)
        b = new_call(hotel, lang)
        calls.not_found(hotel, b.id, "John Smith")
        assert calls.view(a.id).say_to_caller == calls.view(b.id).say_to_caller
        assert calls.view(a.id).message_for == "stay"


def test_allowed_caller_is_put_through_without_asking(hotel, smith):
    AllowedCaller.create(stay=smith, name="Li Wei", added_at=smith.checked_in_at)
    call = new_call(hotel)
    calls.choose_guest(hotel, call.id, smith.id)
    calls.ring_guest(hotel, call.id)
    assert calls.view(call.id).state == "consented"
    calls.put_through(hotel, call.id)
    assert "allowed_caller" in [s.step for s in calls.steps(call.id)]


def test_inquiry_discloses_only_with_consent(hotel, smith):
    call = new_call(hotel)
    calls.choose_guest(hotel, call.id, smith.id, inquiry=True)
    with pytest.raises(PermissionDenied):
        calls.disclose(hotel, call.id)
    calls.ring_guest(hotel, call.id)
    assert "asking whether you are staying" in calls.view(call.id).say_to_guest
    with pytest.raises(PermissionDenied):
        calls.disclose(hotel, call.id)
    calls.guest_answer(hotel, call.id, "accept")
    words = calls.disclose(hotel, call.id)
    assert words == "Mr Smith is staying with us, in room 305."
    assert ScreenedCall.get_by_id(call.id).disclosed
    assert AuditEvent.select().where(AuditEvent.action == "stay_disclosed").count() == 1
    # Declined: nothing disclosed, neutral words.
    other = new_call(hotel)
    calls.choose_guest(hotel, other.id, smith.id, inquiry=True)
    calls.ring_guest(hotel, other.id)
    calls.guest_answer(hotel, other.id, "decline")
    assert "305" not in calls.view(other.id).say_to_caller
    with pytest.raises(PermissionDenied):
        calls.disclose(hotel, other.id)


def test_guest_who_just_left(hotel, smith, fixed_clock):
    call = new_call(hotel)
    calls.choose_guest(hotel, call.id, smith.id)
    stays.check_out(hotel, smith.id)
    fixed_clock.advance(minutes=1)
    with pytest.raises(ValidationError, match="already checked out"):
        calls.ring_guest(hotel, call.id)
    other = new_call(hotel)
    with pytest.raises(ValidationError, match="already checked out"):
        calls.choose_guest(hotel, other.id, smith.id)


@pytest.fixture
def staff(demo):
    return Staff.get(Staff.name == "Wang Lei")  # Front Office, superior Li Na


def test_staff_call_in_working_hours(demo, staff, fixed_clock):
    # Saturday 10:00 is not a working day: off duty.
    call = new_call(demo)
    assert calls.choose_staff(demo, call.id, staff.id).outcome == "staff_off_duty"
    fixed_clock.set(datetime(2026, 11, 30, 10, 0, tzinfo=SH))  # Monday
    call = new_call(demo)
    assert calls.choose_staff(demo, call.id, staff.id).outcome == "staff_not_now"
    assert calls.view(call.id).message_for == "staff"
    urgent = new_call(demo)
    calls.choose_staff(demo, urgent.id, staff.id, urgent=True)
    v = calls.view(urgent.id)
    assert [t for t, _label in v.route_options] == ["department", "superior"]
    assert "8102" in dict(v.route_options)["superior"]
    calls.route(demo, urgent.id, "superior")
    done = ScreenedCall.get_by_id(urgent.id)
    assert (done.outcome, done.routed_to) == ("routed_superior", "8102")
    assert "Li Na" in calls.view(urgent.id).say_to_caller or "李娜" in calls.view(urgent.id).say_to_caller
    inside = calls.start(demo, "inside", "zh_CN")
    calls.choose_staff(demo, inside.id, staff.id)
    assert calls.put_through(demo, inside.id).routed_to == "8103"


def test_call_log_and_disclosures(hotel, smith):
    call = new_call(hotel)
    calls.choose_guest(hotel, call.id, smith.id, inquiry=True)
    calls.ring_guest(hotel, call.id)
    calls.guest_answer(hotel, call.id, "accept")
    calls.disclose(hotel, call.id)
    calls.end(hotel, new_call(hotel).id)
    today = date(2026, 11, 28)
    rows = calls.log(today)
    assert len(rows) == 2 and {r.outcome for r in rows} == {"inquiry_answered", "abandoned"}
    assert [r.room for r in calls.log(today, room="305")] == ["305"]
    assert len(calls.log(today, disclosures_only=True, session=hotel)) == 1
    assert calls.log(date(2026, 11, 27)) == []
    from hotel_phone import auth

    auth.create_operator(hotel, "op", "Op", "operator", "secret123")
    with pytest.raises(PermissionDenied):
        calls.log(today, disclosures_only=True, session=auth.sign_in("op", "secret123"))


def test_notes_correct_without_editing(hotel, smith):
    call = new_call(hotel)
    calls.end(hotel, call.id)
    calls.add_note(hotel, call.id, "Caller was actually Li Wen")
    assert ScreenedCall.get_by_id(call.id).caller_name == "Li Wei"
    assert calls.log(date(2026, 11, 28))[0].notes == 1
    with pytest.raises(ValidationError):
        calls.add_note(hotel, call.id, "  ")
    with pytest.raises(ValidationError, match="already finished"):
        calls.identify_caller(hotel, call.id, "X", "Y")
    assert CallStep.select().where(CallStep.call == call.id).count() == 3


def test_privacy_settings_from_the_desk(hotel, fixed_clock):
    stay = stays.check_in(hotel, StayInput(room="307", name="Ann Lee", language="en", arrival=date(2026, 11, 28),
                                           departure=date(2026, 11, 30), privacy="dnd", dnd_until="12:30",
                                           allowed_callers="Li Wei, 138 0013 8000"))
    assert stay.dnd_until == datetime(2026, 11, 28, 12, 30, tzinfo=SH)
    assert stays.allowed_callers_text(stay.id) == "Li Wei, 138 0013 8000"
    call = new_call(hotel)  # Li Wei from 13800138000
    assert calls.choose_guest(hotel, call.id, stay.id).outcome == "dnd"
    fixed_clock.set(datetime(2026, 11, 28, 12, 31, tzinfo=SH))
    call = new_call(hotel)
    calls.choose_guest(hotel, call.id, stay.id)
    assert calls.ring_guest(hotel, call.id).state == "consented"  # on her list
    data = stays.get_input(stay.id)
    assert data.dnd_until == "12:30" and data.allowed_callers == "Li Wei, 138 0013 8000"
    stays.update(hotel, stay.id, replace(data, allowed_callers=""))
    assert stays.allowed_callers_text(stay.id) == ""
    for bad in (dict(dnd_until="25:00"), dict(allowed_callers="12345")):
        with pytest.raises(ValidationError):
            stays.check_in(hotel, StayInput(room="308", name="X Y", arrival=date(2026, 11, 28),
                                            departure=date(2026, 11, 30), privacy="dnd", **bad))
