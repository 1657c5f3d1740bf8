"""The shared core: the hotel's clock, people's names, money, and the one way a call charge reaches a folio."""

from datetime import date, datetime, time, timezone

import pytest

from hotel_phone import audit, db, folio, hoteltime, money, people, settings, stays
from hotel_phone.db import AuditEvent, FolioPosting
from hotel_phone.errors import ValidationError
from hotel_phone.stays import StayInput


def test_hotel_time_parse_today_and_day_bounds(hotel, fixed_clock):
    for text in ("06:30", "6:30", "6.30", "0630", "６:30".replace("６", "6"), "6：30"):
        assert hoteltime.parse_time(text) == time(6, 30)
    for bad in ("", "25:00", "6:61", "abc", "6:3x", "220000000000"):
        with pytest.raises(ValidationError, match="time of day"):
            hoteltime.parse_time(bad)
    fixed_clock.set(datetime(2026, 11, 28, 17, 0, tzinfo=timezone.utc))  # 01:00 on the 29th in Shanghai
    assert hoteltime.today() == date(2026, 11, 29)
    start, stop = hoteltime.day_bounds(date(2026, 11, 29))
    assert start == datetime(2026, 11, 28, 16, 0, tzinfo=timezone.utc) and (stop - start).total_seconds() == 86400
    assert hoteltime.next_instant(time(0, 30)) == datetime(2026, 11, 29, 16, 30, tzinfo=timezone.utc)


def test_day_bounds_on_a_daylight_saving_day(hotel):
    settings.write(hotel, {"timezone": "Europe/London"})
    start, stop = hoteltime.day_bounds(date(2026, 10, 25))  # clocks go back: a 25-hour day
    assert (stop - start).total_seconds() == 25 * 3600


def test_settings_keep_wall_clock_times_in_one_form(hotel):
    settings.write(hotel, {"staff_day_start": "8:30"})
    assert settings.get("staff_day_start") == "08:30"
    with pytest.raises(ValidationError):
        settings.write(hotel, {"staff_day_end": "25:00"})


def test_people_names_and_address(hotel):
    s = stays.check_in(hotel, StayInput(room="305", name_zh="王小明", name="Wang Xiaoming", title="mr",
                                        arrival=date(2026, 11, 28), departure=date(2026, 11, 29)))
    assert people.display_name(s) == "王小明 (Wang Xiaoming)" and people.short_name(s) == "王小明"
    assert people.address(s, "zh_CN") == "王先生" and people.address(s, "en") == "Mr Wang"
    assert people.pick("zh_CN", "伦敦", "London") == "伦敦" and people.pick("en", "伦敦", "") == "伦敦"


def test_money_parse_format_and_one_currency():
    assert money.parse("12.50") == 1250 and money.parse("¥3") == 300 and money.parse("1,000") == 100000
    assert money.parse("500", "JPY") == 500
    for bad in ("12.505", "abc", "", "nan", "inf", "1e30", "100000000000000000000000000", "1.5"):
        if bad == "1.5":
            with pytest.raises(ValidationError):
                money.parse(bad, "JPY")
            continue
        with pytest.raises(ValidationError):
            money.parse(bad)
    assert money.format(4320, "CNY", "zh_CN") == "¥43.20"
    assert money.one_currency(["CNY", "CNY"]) == "CNY" and money.one_currency([]) is None
    with pytest.raises(ValidationError, match="different currencies"):
        money.one_currency(["CNY", "USD"])


@pytest.fixture
def guest(hotel):
    return stays.check_in(hotel, StayInput(room="305", name="John Smith", language="en",
                                           arrival=date(2026, 11, 28), departure=date(2026, 11, 29)))


def _charge(session, guest, key, amount=1234, currency="CNY", kind="pbx"):
    return folio.post_call_charge(session, guest.id, amount, currency, description_zh="市话", description_en="Local call",
                                  number="62345678", source_kind=kind, source_key=key)


def test_a_system_charge_posts_under_the_source_and_once(hotel, guest):
    from hotel_phone import db as hdb

    with hdb.database.atomic():
        first = _charge(None, guest, "cdr-7")
        assert _charge(None, guest, "cdr-7").id == first.id
    assert first.operator.display_name == "PBX" and first.source_key == "pbx:cdr-7"
    with pytest.raises(ValidationError):
        with hdb.database.atomic():
            folio.post_call_charges([folio.CallCharge(guest.id, 100, "CNY", "x", "x", "longdistance", "9")])


def test_post_call_charge_posts_once_per_source(hotel, guest):
    first = _charge(hotel, guest, "cdr-1")
    again = _charge(hotel, guest, "cdr-1", amount=9999)
    assert again.id == first.id and folio.balance(guest.id) == 1234
    assert first.description_en == "Local call 62345678" and first.code == "TEL"
    assert folio.posting_for("pbx", "cdr-1").id == first.id
    _charge(hotel, guest, "cdr-2", amount=100)
    assert folio.balance(guest.id) == 1334
    assert AuditEvent.select().where(AuditEvent.action == "charge_posted").count() == 2
    assert audit.verify().ok


def test_post_call_charge_refuses_bad_input_and_mixed_currencies(hotel, guest):
    _charge(hotel, guest, "cdr-1")
    before = FolioPosting.select().count()
    for kwargs in ({"kind": "fax"}, {"key": " "}, {"amount": -5}, {"currency": "USD"}):
        with pytest.raises(ValidationError):
            _charge(hotel, guest, **{"key": "cdr-9", **kwargs})
    assert FolioPosting.select().count() == before


def test_migration_gives_old_long_distance_postings_their_source(hotel, guest, database):
    """A schema-4 database (long-distance postings linked by booking only) gets their source keys."""
    from hotel_phone import clock, longdistance as ld

    b = ld.book(hotel, guest.id, "", "+44 20 7946 0018")
    ld.place(hotel, b.id)
    ld.connected(hotel, b.id)
    clock.get_clock().advance(minutes=3)
    ld.end(hotel, b.id)
    # Back to schema 4: the booking link only.
    FolioPosting.update(booking=b.id, source_key=None).execute()
    db.SchemaVersion.delete().where(db.SchemaVersion.version >= 5).execute()
    db.SchemaVersion.create(version=4)
    db.close_database()
    db.open_database(database)
    assert db._schema_version(db.database.obj) == db.SCHEMA_VERSION
    assert folio.posting_for("longdistance", b.id) is not None
    assert folio.unposted_calls_for_stay(guest.id) == 0
    assert ld.post(hotel, b.id).id == folio.posting_for("longdistance", b.id).id
