from datetime import date

import pytest

from hotel_phone import checkout, db, stays
from hotel_phone.db import AuditEvent, RoomMove, Stay
from hotel_phone.errors import ValidationError
from hotel_phone.stays import StayInput
from tests.helpers import audit_actions

TODAY = date(2026, 11, 28)


def guest(**kw) -> StayInput:
    base = dict(room="201", name="Jürgen Müller", title="mr", language="en",
                arrival=TODAY, departure=date(2026, 11, 30))
    base.update(kw)
    return StayInput(**base)


def test_check_in_writes_stay_and_one_audit_event(hotel):
    stay = stays.check_in(hotel, guest())
    assert stay.status == "in_house" and stay.room.number == "201"
    events = AuditEvent.select().where(AuditEvent.action == "checked_in")
    assert [(e.entity, e.entity_id, e.operator.username) for e in events] == [("Stay", stay.id, "admin")]


@pytest.mark.parametrize("change, message", [
    (dict(room="999"), "Room 999 does not exist"),
    (dict(room=""), "does not exist"),
    (dict(departure=date(2026, 11, 27)), "before the arrival"),
    (dict(arrival=date(2026, 11, 29), departure=date(2026, 12, 1)), "in the future"),
    (dict(arrival=date(2026, 11, 20), departure=date(2026, 11, 27)), "already passed"),
    (dict(name="", name_zh=""), "guest's name"),
    (dict(name="x" * 101), "too long"),
    (dict(name="Bad\x00Name"), "cannot be used"),
    (dict(name_zh="Wang"), "Chinese characters"),
    (dict(arrival="2026-13-45"), "not a date"),
    (dict(language="fr"), "Unknown language"),
    (dict(departure=date(2028, 1, 1)), "longer than a year"),
])
def test_bad_check_in_changes_nothing(hotel, change, message):
    before = (Stay.select().count(), AuditEvent.select().count())
    with pytest.raises(ValidationError) as err:
        stays.check_in(hotel, guest(**change))
    assert message in err.value.message()
    assert (Stay.select().count(), AuditEvent.select().count()) == before


def test_chinese_name_gets_pinyin(hotel):
    stay = stays.check_in(hotel, guest(name="", name_zh="王小明", language="zh_CN"))
    assert stay.pinyin == "wáng xiǎo míng"


def test_edit_records_what_changed(hotel):
    stay = stays.check_in(hotel, guest())
    stays.update(hotel, stay.id, guest(departure=date(2026, 12, 2), vip=True))
    stay = Stay.get_by_id(stay.id)
    assert stay.vip and stay.departure == date(2026, 12, 2)
    event = AuditEvent.get(AuditEvent.action == "stay_edited")
    assert "departure" in event.detail and "vip" in event.detail


def test_edit_without_change_writes_nothing(hotel):
    stay = stays.check_in(hotel, guest())
    n = AuditEvent.select().count()
    stays.update(hotel, stay.id, guest())
    assert AuditEvent.select().count() == n


def test_move_keeps_a_record(hotel):
    stay = stays.check_in(hotel, guest())
    stays.move(hotel, stay.id, "305")
    assert Stay.get_by_id(stay.id).room.number == "305"
    move = RoomMove.get(RoomMove.stay == stay.id)
    assert (move.from_room.number, move.to_room.number) == ("201", "305")
    with pytest.raises(ValidationError, match="already in room 305"):
        stays.move(hotel, stay.id, "305")
    with pytest.raises(ValidationError, match="does not exist"):
        stays.move(hotel, stay.id, "1999")
    assert RoomMove.select().count() == 1


def test_check_out_closes_never_deletes(hotel, fixed_clock):
    stay = stays.check_in(hotel, guest())
    fixed_clock.advance(hours=2)
    stays.check_out(hotel, stay.id)
    closed = Stay.get_by_id(stay.id)
    assert closed.status == "departed" and closed.checked_out_at == fixed_clock.now()
    assert stays.search("muller") == []
    fixed_clock.advance(minutes=1)
    for action in (lambda: stays.check_out(hotel, stay.id), lambda: stays.move(hotel, stay.id, "202"),
                   lambda: stays.update(hotel, stay.id, guest())):
        with pytest.raises(ValidationError, match="already checked out"):
            action()
    assert audit_actions().count("checked_out") == 1


def test_checkout_warnings_list_undelivered_messages(hotel):
    stay = stays.check_in(hotel, guest())
    assert checkout.warnings(stay.id) == []
    db.MessageSlip.create(number=1, stay=stay, from_name="Li Wei", text="Call back", taken_by=hotel.operator,
                          taken_at=stays.clock.now())
    assert checkout.warnings(stay.id) == ["1 message not yet delivered.",
                                                "No. 00001 from Li Wei: Call back"]


def test_party_sharing_a_room(hotel):
    for name in ("John Smith", "Mary Smith"):
        stays.check_in(hotel, guest(name=name, room="210", party="Smith family"))
    assert [r.name for r in stays.search("210")] == ["John Smith", "Mary Smith"]
