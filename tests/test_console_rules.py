"""The console's rules in the core: off-hours advice, names in the caller's language, split consent,
wake-up words by the hour, a group booking's problems all at once, lateness from the first ring."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from hotel_phone import calls, stays, wakeup
from hotel_phone.db import Staff
from hotel_phone.errors import ValidationError
from hotel_phone.stays import StayInput

SH = ZoneInfo("Asia/Shanghai")


def urgent_call(demo, lang):
    call = calls.start(demo, "outside", lang)
    calls.identify_caller(demo, call.id, "Li Wei", "his son is ill")
    calls.choose_staff(demo, call.id, Staff.get(Staff.name == "Wang Lei").id, urgent=True)
    return call


def test_urgent_staff_call_off_hours_and_in_hours(demo, fixed_clock):
    off = calls.view(urgent_call(demo, "en").id)  # Saturday: off duty
    assert "off duty" in off.advice and "working hours" not in off.advice
    fixed_clock.set(datetime(2026, 11, 30, 10, 0, tzinfo=SH))  # Monday, working hours
    on = calls.view(urgent_call(demo, "en").id)
    assert "working hours" in on.advice
    assert all("ext." in label for _t, label in on.route_options)  # the extension to dial is shown


@pytest.mark.parametrize("lang, words", [("en", "Li Na, "), ("zh_CN", "李娜(")])
def test_the_superior_is_named_in_the_callers_language(demo, lang, words):
    call = urgent_call(demo, lang)
    calls.route(demo, call.id, "superior")
    said = calls.view(call.id).say_to_caller
    assert words in said and ("李娜" not in said if lang == "en" else True)


def test_a_chinese_only_name_is_said_in_pinyin_to_an_english_caller(demo):
    staff = Staff.get(Staff.name == "Wang Lei")
    assert calls.staff_name(Staff(name="", name_zh="张伟", department=staff.department), "en") == "Zhang Wei"


def test_consent_to_the_stay_but_not_the_room(hotel):
    guest = stays.check_in(hotel, StayInput(room="305", name="John Smith", title="mr", language="en",
                                            arrival=date(2026, 11, 28), departure=date(2026, 11, 30)))
    call = calls.start(hotel, "outside", "en")
    calls.identify_caller(hotel, call.id, "Li Wei", "is he here?")
    calls.choose_guest(hotel, call.id, guest.id, inquiry=True)
    calls.ring_guest(hotel, call.id)
    calls.guest_answer(hotel, call.id, "accept_stay_only")
    words = calls.disclose(hotel, call.id)
    assert words.startswith("Mr Smith is staying with us.") and "305" not in words


def test_wake_up_words_follow_the_hour(hotel):
    guest = stays.check_in(hotel, StayInput(room="305", name_zh="王小明", title="mr", language="zh_CN",
                                            arrival=date(2026, 11, 28), departure=date(2026, 11, 30)))
    (call,) = wakeup.schedule(hotel, [guest.room.number], "19:41")
    words = wakeup.morning_words(call, datetime(2026, 11, 28, 19, 41, tzinfo=SH))
    assert words == "晚上好,现在的时间是晚上7点41分。\nGood evening, it is now 19:41."
    assert wakeup.morning_words(call, datetime(2026, 11, 28, 15, 0, tzinfo=SH)).startswith("下午好,现在的时间是下午3点钟")


def test_a_time_alone_is_its_next_occurrence(hotel, fixed_clock):
    stays.check_in(hotel, StayInput(room="305", name="John Smith", arrival=date(2026, 11, 28),
                                    departure=date(2026, 11, 30)))
    fixed_clock.set(datetime(2026, 11, 28, 20, 0, tzinfo=SH))
    (call,) = wakeup.schedule(hotel, ["305"], "06:30")
    assert call.due_at == datetime(2026, 11, 29, 6, 30, tzinfo=SH)


def test_a_group_booking_reports_every_bad_room_at_once(hotel):
    stays.check_in(hotel, StayInput(room="305", name="John Smith", arrival=date(2026, 11, 28),
                                    departure=date(2026, 11, 30)))
    with pytest.raises(ValidationError) as refused:
        wakeup.schedule(hotel, ["305", "306", "999", "307"], "06:30")
    text = refused.value.message()
    assert "306" in text and "999" in text and "307" in text and len(text.splitlines()) == 3
    assert wakeup.register(date(2026, 11, 29)) == []  # nothing booked, not even the good room


def test_lateness_counts_from_the_first_ring(hotel, fixed_clock):
    stays.check_in(hotel, StayInput(room="305", name="John Smith", title="mr", language="en",
                                    arrival=date(2026, 11, 28), departure=date(2026, 11, 30)))
    (call,) = wakeup.schedule(hotel, ["305"], "06:30", first=date(2026, 11, 29))
    fixed_clock.set(datetime(2026, 11, 29, 6, 50, tzinfo=SH))  # the desk was busy: first rung at 06:50
    wakeup.no_answer(hotel, call.id)
    fixed_clock.set(datetime(2026, 11, 29, 6, 57, tzinfo=SH))
    done = wakeup.answered(hotel, call.id)
    assert done.minutes_late == 7 and wakeup.called_late_minutes(done) == 20
