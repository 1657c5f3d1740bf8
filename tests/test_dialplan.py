"""The hotel's dialling plan: numbers as guests say them, toll-free by country, time zones per number."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from peewee import fn

from hotel_phone import clock, db, dialplan, settings, stays
from hotel_phone import longdistance as ld
from hotel_phone.db import FolioPosting, LongDistanceBooking, Tariff
from hotel_phone.errors import ValidationError
from hotel_phone.stays import StayInput

SH = ZoneInfo("Asia/Shanghai")


def test_local_number_without_area_code_is_shanghai_local(hotel):
    dest, rating = ld.quote("6321 8888", 3)
    assert dest.e164 == "+862163218888" and dest.kind == dialplan.LOCAL and "上海" in dest.name_zh
    assert rating.zone == "local" and dest.dial == "0 63218888"
    assert ld.quote("021-6321 8888", 3)[1].zone == "local"


def test_area_code_and_prefix_are_settings(hotel):
    settings.write(hotel, {"area_code": "010", "outside_line_prefix": "9"})
    dest = ld.destination("6512 3456")
    assert dest.e164 == "+861065123456" and dest.dial == "9 65123456" and dest.kind == dialplan.LOCAL
    assert ld.destination("021 6321 8888").dial == "9 02163218888"
    for key, bad in (("area_code", "21"), ("area_code", "0abc"), ("outside_line_prefix", "99x")):
        with pytest.raises(ValidationError):
            settings.write(hotel, {key: bad})


def test_a_new_area_code_moves_the_tariffs_local_zone_in_a_new_version(hotel, fixed_clock):
    from dataclasses import replace

    from hotel_phone import hotelsetup, tariff

    assert ld.quote("010 6512 3456", 3)[1].zone != "local"  # Beijing, from a Shanghai hotel
    before = Tariff.select().count()
    fixed_clock.advance(minutes=1)
    assert hotelsetup.write_settings(hotel, {"area_code": "010"}) == "moved"
    assert Tariff.select().count() == before + 1  # the old version stays for the calls it rated
    assert ld.quote("6512 3456", 3)[1].zone == "local"
    assert ld.quote("021 6321 8888", 3)[1].zone != "local"
    local = next(z for z in tariff.load(tariff.current()[0]).zones if z.code == "local")
    assert "8610" in local.prefixes and "8621" not in local.prefixes
    assert hotelsetup.write_settings(hotel, {"outside_line_prefix": "9"}) == ""  # nothing else moves the tariff
    spec = tariff.load(tariff.current()[0])  # a supervisor's own tariff without the area in its local zone
    fixed_clock.advance(minutes=1)
    tariff.store(hotel, replace(spec, zones=tuple(replace(z, prefixes=("8699",)) if z.code == "local" else z
                                                  for z in spec.zones)))
    count = Tariff.select().count()
    assert hotelsetup.write_settings(hotel, {"area_code": "020"}) == "kept" and Tariff.select().count() == count


@pytest.mark.parametrize("number, name", [("12345", "Government service hotline"), ("95588", "ICBC"),
                                          ("10086", "China Mobile"), ("114", "Directory enquiries"),
                                          ("12306", "China Railway"), ("96123", "service number")])
def test_service_numbers_at_the_local_rate(hotel, number, name):
    dest, rating = ld.quote(number, 3)
    local = ld.quote("6321 8888", 3)[1]
    assert dest.kind == dialplan.SERVICE and dest.name_en == name
    assert rating.zone == "local" and rating.charge_fen == local.charge_fen > 0


def test_400_is_paid_at_the_local_rate_and_says_why(hotel):
    dest, rating = ld.quote("400 800 8888", 3)
    assert not dest.free and dest.kind == dialplan.SHARED_COST
    assert rating.zone == "local" and rating.charge_fen == ld.quote("6321 8888", 3)[1].charge_fen
    lines = ld.quote_lines(dest, rating, 3, "en")
    assert "400 numbers are paid by the caller, at the local rate" in lines
    assert "400号码由主叫方付费,按市话计费" in ld.quote_lines(dest, rating, 3, "zh_CN")


def test_domestic_800_and_the_free_list_are_free(hotel):
    for number in ("800 810 8888", "110", "119"):
        dest, rating = ld.quote(number, 10)
        assert dest.free and rating.charge_fen == 0


@pytest.mark.parametrize("number, zone", [("+1 800 356 9377", "intl_americas"), ("+44 800 123 4567", "intl_europe"),
                                          ("00852 800 123 456", "hkmotw")])
def test_foreign_toll_free_is_international(hotel, number, zone):
    dest, rating = ld.quote(number, 3)
    assert not dest.free and rating.zone == zone and rating.charge_fen > 0
    assert "toll-free only inside its own country" in " ".join(ld.quote_lines(dest, rating, 3, "en"))


def test_extension_is_kept_apart(hotel):
    for text in ("021-6321 8888 转 123", "021 6321 8888 ext. 123", "+86 21 6321 8888 x123"):
        dest = ld.destination(text)
        assert dest.e164 == "+862163218888" and dest.extension == "123"
    dest, rating = ld.quote("021-6321 8888 转 123", 3)
    assert "Extension 123: ask for it once connected (not dialled)." in ld.quote_lines(dest, rating, 3, "en")


def test_vanity_letters_only_for_a_us_number(hotel):
    with pytest.raises(ValidationError, match="letters"):
        ld.destination("1-800-FLOWERS")
    dest = ld.destination("1-800-FLOWERS", region="US")
    assert dest.e164 == "+18003569377" and dest.kind == dialplan.INTERNATIONAL
    with pytest.raises(ValidationError, match="letters"):
        ld.destination("FLOWERS", region="US")
    assert ld.destination("212 555 1234", region="US").e164 == "+12125551234"


def test_perth_adelaide_and_an_australian_mobile_in_january(hotel, fixed_clock):
    january = datetime(2027, 1, 15, 10, 0, tzinfo=SH)
    perth = ld.destination("+61 8 9222 1234", january)
    assert perth.timezone == "Australia/Perth" and perth.hours_from_beijing == 0
    adelaide = ld.destination("+61 8 8203 7203", january)
    assert adelaide.timezone == "Australia/Adelaide" and adelaide.hours_from_beijing == 2.5
    mobile = ld.destination("+61 412 345 678", january)
    assert mobile.timezone == "" and mobile.local_time is None and mobile.hours_from_beijing is None
    assert (mobile.span.hours_min, mobile.span.hours_max) == (0, 3)
    text = ld.time_there_text(mobile, "en")
    assert text.startswith("Australia: +0h to +3h from Beijing depending on where it rings")
    assert ld.time_there_text(mobile, "zh_CN").startswith("澳大利亚:比北京+0h至+3h")


def test_ranges_warn_at_night_in_any_zone(hotel):
    us_toll_free = ld.destination("+1 800 356 9377", datetime(2026, 11, 28, 12, 0, tzinfo=SH))
    assert us_toll_free.timezone == "" and us_toll_free.night  # 23:00 in New York, 18:00 in Honolulu
    nz = ld.destination("+64 21 123 4567", datetime(2026, 11, 28, 12, 0, tzinfo=SH))
    assert nz.timezone == "" and nz.span.hours_min == 5 and nz.span.hours_max == 5.75
    uk = ld.destination("+44 800 123 4567")
    assert uk.timezone == "Europe/London" and uk.hours_from_beijing == -8  # its zones agree: one clock


NUMBERS = ("6321 8888", "021 6321 8888 转 8", "010 6512 3456", "138 0013 8000", "12345", "95588", "10086",
           "114", "400 800 8888", "+1 800 356 9377", "+44 800 123 4567", "+44 20 7946 0958", "+61 412 345 678",
           "00852 2123 4567", "+81 3 1234 5678", "+971 4 312 3456", "+1 212 555 1234", "96123")


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(number=st.sampled_from(NUMBERS), seconds=st.integers(1, 5400),
       start_minute=st.integers(0, 7 * 24 * 60 - 1))
def test_quote_equals_charge(demo_db_for_hypothesis, number, seconds, start_minute):
    """Whatever the number, minute and hour: the quote, the booking and the posted charge agree."""
    db.open_database(demo_db_for_hypothesis)
    c = clock.get_clock()
    began = Tariff.select(fn.MAX(Tariff.effective_from)).scalar()  # the demo was built on the real clock
    start = (began.astimezone(SH) + timedelta(minutes=1 + start_minute)).replace(second=0, microsecond=0)
    c.set(start)
    session = _admin()
    stay = stays.check_in(session, StayInput(room="301" if start_minute % 2 else "302", name="Quote Test",
                                             language="en", arrival=start.date(),
                                             departure=start.date() + timedelta(days=2)))
    try:
        _dest, rating = ld.quote(number, seconds / 60, start)
        b = ld.book(session, stay.id, "x", number)
        for other in ld._dialable_query():
            if other.id != b.id:
                ld.cancel(session, other.id, "test")
        ld.place(session, b.id)
        ld.connected(session, b.id)
        c.set(start + timedelta(seconds=seconds))
        b = ld.end(session, b.id)
        assert b.charge_fen == rating.charge_fen
        posted = FolioPosting.get_or_none(FolioPosting.source_key == f"longdistance:{b.id}")
        assert (posted.amount_fen if posted else 0) == rating.charge_fen
    finally:
        stays.check_out(session, stay.id)
        db.close_database()


def _admin():
    from hotel_phone.db import Operator
    from hotel_phone.session import Session

    return Session(Operator.get(Operator.role == "administrator"))


def test_zero_second_call_posts_nothing(hotel, fixed_clock):
    guest = stays.check_in(hotel, StayInput(room="305", name="John Smith", language="en",
                                            arrival=date(2026, 11, 28), departure=date(2026, 11, 30)))
    b = ld.book(hotel, guest.id, "x", "+44 20 7946 0958")
    ld.place(hotel, b.id)
    ld.connected(hotel, b.id)
    b = ld.end(hotel, b.id)
    assert b.status == "ended" and b.charge_fen == 0 and b.duration_seconds == 0
    assert FolioPosting.select().count() == 0 and not b.slips.exists()
    assert LongDistanceBooking.get_by_id(b.id).status == "ended"


def test_a_hotel_in_beijing_rates_its_own_area_as_local(database):
    from hotel_phone import hotelsetup, rooms

    session = hotelsetup.set_up(hotelsetup.HotelSetup(
        name_zh="北京测试", name_en="Beijing Test", rooms=tuple(rooms.parse_floor_spec("2x5")), admin_password="secret123",
        area_code="010"))
    dest, rating = ld.quote("6512 3456", 3)
    assert dest.e164 == "+861065123456" and rating.zone == "local"
    assert ld.quote("021 6321 8888", 3)[1].zone == "domestic" and session.role == "administrator"
