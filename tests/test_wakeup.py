import dataclasses
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from hotel_phone import auth, handover, messages, settings, stays, wakeup
from hotel_phone.db import AuditEvent, WakeUpCall
from hotel_phone.documents import registers
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import gettext_in
from hotel_phone.stays import StayInput

SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def guest(hotel):
    # Three nights: 28 Nov to 1 Dec.
    return stays.check_in(hotel, StayInput(room="305", name="John Smith", title="mr", language="en",
                                           arrival=date(2026, 11, 28), departure=date(2026, 12, 1)))


def test_the_seed_words():
    assert gettext_in("zh_CN", wakeup.MORNING) == wakeup.MORNING_ZH


def test_alert_retry_escalate_awake(hotel, guest, fixed_clock):
    (call,) = wakeup.schedule(hotel, ["305"], "06:30", first=date(2026, 11, 29))
    fixed_clock.set(datetime(2026, 11, 29, 6, 29, 59, tzinfo=SH))
    assert wakeup.alerts() == []
    fixed_clock.set(datetime(2026, 11, 29, 6, 30, tzinfo=SH))
    (alert,) = wakeup.alerts()
    assert alert.kind == "due" and alert.room == "305"
    assert alert.words == "Good morning, it is now 6:30.\n早晨好,现在的时间是早上6点30分。"
    wakeup.no_answer(hotel, call.id)
    assert wakeup.alerts() == []  # not again before the retry interval
    fixed_clock.advance(minutes=5)
    assert [a.kind for a in wakeup.alerts()] == ["retry"]
    wakeup.no_answer(hotel, call.id)
    fixed_clock.advance(minutes=5)
    assert [a.kind for a in wakeup.alerts()] == ["escalate"]  # 10 minutes: send the attendant
    wakeup.attendant_sent(hotel, call.id, "Floor 3 attendant Liu")
    fixed_clock.advance(minutes=2, seconds=30)
    done = wakeup.awake(hotel, call.id)
    assert done.status == "done" and done.minutes_late == 12 and done.attendant_sent == "Floor 3 attendant Liu"
    assert done.escalated_at == datetime(2026, 11, 29, 6, 40, tzinfo=SH)
    assert wakeup.late_words(done).startswith("Mr Smith, you are 12 minutes past your wake-up time.")
    assert "史" not in wakeup.late_words(done)
    assert wakeup.alerts() == []
    with pytest.raises(ValidationError, match="already closed"):
        wakeup.awake(hotel, call.id)


def test_every_day_of_the_stay(hotel, guest):
    calls = wakeup.schedule(hotel, ["305"], "07:00", mode="stay")
    days = [c.due_at.astimezone(SH).date() for c in calls]
    assert days == [date(2026, 11, 29), date(2026, 11, 30), date(2026, 12, 1)]


def test_group_and_range(hotel, guest):
    stays.check_in(hotel, StayInput(room="306", name="Tour Member", arrival=date(2026, 11, 28),
                                    departure=date(2026, 12, 1)))
    calls = wakeup.schedule(hotel, ["305", "306"], "05:45", mode="range", first=date(2026, 11, 29),
                            last=date(2026, 11, 30), note="tour bus 06:30")
    assert len(calls) == 4 and {c.note for c in calls} == {"tour bus 06:30"}
    assert [r.room for r in wakeup.register(date(2026, 11, 29))] == ["305", "306"]


@pytest.mark.parametrize("rooms, at, kwargs, message", [
    (["305"], "09:00", dict(first=date(2026, 11, 28)), "already passed"),  # 10:00 now
    (["999"], "07:00", dict(first=date(2026, 11, 29)), "does not exist"),
    (["202"], "07:00", dict(first=date(2026, 11, 29)), "no guest in house"),
    (["305"], "25:00", dict(first=date(2026, 11, 29)), "not a time of day"),
    (["305"], "7 am", dict(first=date(2026, 11, 29)), "not a time of day"),
    (["305"], "07:00", dict(first=date(2026, 12, 2)), "leaves on 2026-12-01"),
    ([], "07:00", {}, "at least one room"),
])
def test_bad_wakeups_save_nothing(hotel, guest, rooms, at, kwargs, message):
    with pytest.raises(ValidationError, match=message):
        wakeup.schedule(hotel, rooms, at, **kwargs)
    assert WakeUpCall.select().count() == 0


def test_group_with_one_bad_room_saves_none(hotel, guest):
    with pytest.raises(ValidationError):
        wakeup.schedule(hotel, ["305", "999"], "07:00", first=date(2026, 11, 29))
    assert WakeUpCall.select().count() == 0


def test_change_and_cancel_keep_the_register(hotel, guest, fixed_clock):
    (call,) = wakeup.schedule(hotel, ["305"], "06:30", first=date(2026, 11, 29))
    new = wakeup.change(hotel, call.id, "06:00")
    assert WakeUpCall.get_by_id(call.id).status == "cancelled" and new.due_at.astimezone(SH).hour == 6
    assert len(wakeup.register(date(2026, 11, 29), include_cancelled=True)) == 2
    with pytest.raises(ValidationError):
        wakeup.cancel(hotel, new.id, "")
    wakeup.cancel(hotel, new.id, "guest asked")
    assert wakeup.register(date(2026, 11, 29)) == []


def test_missed_while_closed(hotel, guest, fixed_clock):
    (call,) = wakeup.schedule(hotel, ["305"], "06:30", first=date(2026, 11, 29))
    fixed_clock.set(datetime(2026, 11, 29, 8, 0, tzinfo=SH))  # the app starts again at 08:00
    missed = wakeup.mark_missed(hotel)
    assert [c.id for c in missed] == [call.id] and missed[0].status == "missed"
    assert [a.kind for a in wakeup.alerts()] == ["missed"]
    assert AuditEvent.select().where(AuditEvent.action == "wakeup_missed").count() == 1
    done = wakeup.answered(hotel, call.id)
    # Lateness counts from the first ring: the guest answered at once, 90 minutes after the booked time.
    assert done.minutes_late == 0 and wakeup.called_late_minutes(done) == 90


def test_london_hotel_on_change_days(database, fixed_clock):
    from hotel_phone import hotelsetup, rooms

    session = hotelsetup.set_up(hotelsetup.HotelSetup(
        name_zh="伦敦酒店", name_en="London Hotel", timezone="Europe/London",
        rooms=tuple(rooms.parse_floor_spec("1x5")), admin_password="secret123"))
    settings.invalidate()
    utc = ZoneInfo("UTC")
    fixed_clock.set(datetime(2026, 3, 27, 12, 0, tzinfo=utc))
    stays.check_in(session, StayInput(room="101", name="A B", arrival=date(2026, 3, 27), departure=date(2026, 3, 30)))
    calls = wakeup.schedule(session, ["101"], "06:30", mode="range", first=date(2026, 3, 28), last=date(2026, 3, 30))
    assert [c.due_at.astimezone(utc).strftime("%d %H:%M") for c in calls] == ["28 06:30", "29 05:30", "30 05:30"]
    fixed_clock.set(datetime(2026, 10, 23, 12, 0, tzinfo=utc))
    stays.check_in(session, StayInput(room="102", name="C D", arrival=date(2026, 10, 23), departure=date(2026, 10, 26)))
    calls = wakeup.schedule(session, ["102"], "06:30", mode="range", first=date(2026, 10, 24), last=date(2026, 10, 26))
    assert [c.due_at.astimezone(utc).strftime("%d %H:%M") for c in calls] == ["24 05:30", "25 06:30", "26 06:30"]


def test_register_pdf(hotel, guest):
    wakeup.schedule(hotel, ["305"], "06:30", first=date(2026, 11, 29), note="taxi 7:00")
    pdf = registers.wakeup_register(date(2026, 11, 29), wakeup.register(date(2026, 11, 29)))
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "住客叫醒登记表" in text and "Wake-up register" in text and "John Smith" in text and "06:30" in text


def test_handover_lists_open_items_and_is_acknowledged(hotel, guest, fixed_clock):
    wakeup.schedule(hotel, ["305"], "14:00", first=date(2026, 11, 28))
    messages.take(hotel, stay_id=guest.id, from_name="Li Wei", text="call back")
    items = handover.open_items()
    assert len(items.wakeups) == 1 and len(items.messages) == 1
    h = handover.hand_over(hotel, "Printer in the back office is jammed.")
    with pytest.raises(ValidationError, match="incoming operator"):
        handover.acknowledge(hotel, h.id)
    auth.create_operator(hotel, "night", "Night Operator", "operator", "secret123")
    incoming = auth.sign_in("night", "secret123")
    assert handover.waiting(incoming).id == h.id
    handover.acknowledge(incoming, h.id)
    with pytest.raises(ValidationError, match="already acknowledged"):
        handover.acknowledge(incoming, h.id)
    assert handover.waiting(incoming) is None
    record = handover.history()[0]  # a frozen record with the names read, not a row with links to follow
    assert isinstance(record, handover.HandoverRecord) and (record.outgoing, record.incoming) == (
        "Admin", "Night Operator")
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.notes = "changed"
    pdf = registers.handover(record)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "交接班记录" in text and "Printer in the back office" in text and "Night Operator" in text
    assert "John Smith" in text and "Li Wei" in text
