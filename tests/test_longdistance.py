import multiprocessing
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hotel_phone import db, folio, hoteltime, longdistance as ld, stays, worldclock
from hotel_phone.db import ChargeSlip, FolioPosting, LongDistanceBooking, OutsideLine
from hotel_phone.errors import ValidationError
from hotel_phone.stays import StayInput

SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def guest(hotel):
    return stays.check_in(hotel, StayInput(room="305", name="John Smith", title="mr", language="en",
                                           arrival=date(2026, 11, 28), departure=date(2026, 11, 30)))


def test_destination_names_time_and_night(hotel, fixed_clock):
    d = ld.destination("+44 20 7946 0958")
    assert d.e164 == "+442079460958" and "London" in d.name_en and "英国" in d.name_zh
    assert d.timezone == "Europe/London" and d.hours_from_beijing == -8
    assert d.local_time.hour == 2 and d.night  # 10:00 in Shanghai is 02:00 in London
    assert not ld.destination("021 6321 8888").night
    hk = ld.destination("00852 2123 4567")
    assert hk.name_en.startswith("Hong Kong") and hk.hours_from_beijing == 0
    assert ld.destination("110").free


@pytest.mark.parametrize("bad", ["99999", "+99 123", "", "phone", "0044", "1-800-FLOWERS"])
def test_impossible_numbers(hotel, bad):
    with pytest.raises(ValidationError):
        ld.destination(bad)


def test_quote(hotel):
    dest, rating = ld.quote("+1 212 555 1234", 7.2)  # 432 s to New York at 10:00
    assert rating.zone == "intl_americas"
    # 800 + ceil(372/6)=62 * 80 = 5760; service 15 % = 864
    assert rating.charge_fen == 5760 + 864
    _d, free = ld.quote("119", 10)
    assert free.charge_fen == 0
    with pytest.raises(ValidationError):
        ld.quote("+1 212 555 1234", -1)


def test_book_place_connect_end_post(hotel, guest, fixed_clock):
    b = ld.book(hotel, guest.id, "ACME Ltd", "+44 20 7946 0958")
    assert ld.queue()[0].position == 1
    ld.place(hotel, b.id)
    ld.connected(hotel, b.id)
    assert ld.connected_words(LongDistanceBooking.get_by_id(b.id)).startswith("Your call to London")
    fixed_clock.advance(minutes=7, seconds=12)
    b = ld.end(hotel, b.id)
    assert b.duration_seconds == 432 and b.charge_fen > 0 and b.zone_code == "intl_europe"
    posting = folio.posting_for("longdistance", b.id)
    assert posting.amount_fen == b.charge_fen and posting.stay_id == guest.id and posting.code == "TEL"
    assert ChargeSlip.get(ChargeSlip.booking == b.id).number == 1
    assert ld.after_words(b) == f"Your call lasted 7 minutes 12 seconds; the charge is CN¥{b.charge_fen / 100:.2f}."
    with pytest.raises(ValidationError, match="already ended"):
        ld.end(hotel, b.id)
    assert ld.post(hotel, b.id).id == posting.id
    assert FolioPosting.select().count() == 1


def test_bad_bookings(hotel, guest):
    for stay_id, number, message in ((guest.id, "99999", "not a possible"), (9999, "+442079460958", "checked out"),
                                     (guest.id, "110", "free")):
        with pytest.raises(ValidationError, match=message):
            ld.book(hotel, stay_id, "x", number)
    stays.check_out(hotel, guest.id)
    with pytest.raises(ValidationError, match="checked out"):
        ld.book(hotel, guest.id, "x", "+442079460958")
    assert LongDistanceBooking.select().count() == 0


def test_ending_a_call_that_never_connected(hotel, guest):
    b = ld.book(hotel, guest.id, "x", "+442079460958")
    with pytest.raises(ValidationError, match="never connected"):
        ld.end(hotel, b.id)
    ld.place(hotel, b.id)
    with pytest.raises(ValidationError, match="never connected"):
        ld.end(hotel, b.id)
    assert FolioPosting.select().count() == 0


@pytest.mark.parametrize("outcome", ["busy", "no_answer", "failed"])
def test_a_call_not_connected_frees_its_line_and_waits_first_in_line(hotel, guest, outcome):
    first = ld.book(hotel, guest.id, "home", "+442079460958")
    second = ld.book(hotel, guest.id, "office", "+442079460959")
    ld.place(hotel, first.id)
    assert OutsideLine.select().where(OutsideLine.id == LongDistanceBooking.get_by_id(first.id).line_id).exists()
    back = ld.not_connected(hotel, first.id, outcome)
    assert (back.status, back.line_id, back.last_outcome) == ("queued", None, outcome)
    assert ld.next_booking().id == first.id  # tried again before the booking behind it
    assert LongDistanceBooking.get_by_id(second.id).status == "queued"
    with pytest.raises(ValidationError, match="being dialled"):
        ld.not_connected(hotel, first.id, outcome)  # not twice
    assert FolioPosting.select().count() == 0


def test_ten_bookings_on_three_lines(hotel, fixed_clock):
    OutsideLine.update(active=False).where(OutsideLine.number > 3).execute()
    rooms = ["201", "202", "203", "204", "205", "206", "207", "208", "209", "210"]
    bookings = []
    for room in rooms:
        s = stays.check_in(hotel, StayInput(room=room, name=f"Guest {room}", arrival=date(2026, 11, 28),
                                            departure=date(2026, 11, 29)))
        bookings.append(ld.book(hotel, s.id, "home", "+8610 6512 3456").id)
        fixed_clock.advance(seconds=10)
    waits = [r.expected_wait_minutes for r in ld.queue()]
    assert waits == sorted(waits) and waits[:3] == [0, 0, 0] and waits[3] > 0
    placed = []
    busy_once = False
    while ld.waiting_count() or any(r.status in ld.ACTIVE for r in ld.queue()):
        nxt = ld.next_booking()
        if nxt is not None:
            behind = [r.id for r in ld.queue() if r.position and r.position > 1]
            if behind:  # only the head of the queue may be dialled
                with pytest.raises(ValidationError, match="waiting before"):
                    ld.place(hotel, behind[0])
            ld.place(hotel, nxt.id)
            if not busy_once:  # the first call is busy and goes back to wait its turn
                busy_once = True
                ld.not_connected(hotel, nxt.id, "busy")
                continue
            placed.append(nxt.id)
            ld.connected(hotel, nxt.id)
            continue
        active = [r for r in ld.queue() if r.status == "connected"]
        assert len(active) == 3  # a booking waits only while every line is in use
        fixed_clock.advance(minutes=3)
        ld.end(hotel, active[0].id)
        if not ld.waiting_count():
            for r in ld.queue():
                if r.status == "connected":
                    fixed_clock.advance(minutes=1)
                    ld.end(hotel, r.id)
    assert sorted(placed) == sorted(bookings)  # every booking placed exactly once
    assert placed == bookings  # in the order booked (the busy one kept its place)
    assert FolioPosting.select().count() == 10 and ChargeSlip.select().count() == 10


def test_supervisor_moves_up_and_cancel(hotel, guest):
    a = ld.book(hotel, guest.id, "a", "+442079460958")
    b = ld.book(hotel, guest.id, "b", "+442079460958")
    ld.move_up(hotel, b.id)
    assert [r.id for r in ld.queue()] == [b.id, a.id]  # cancelled ones leave the view
    with pytest.raises(ValidationError):
        ld.cancel(hotel, a.id, "")
    ld.cancel(hotel, a.id, "guest changed his mind")
    assert [r.id for r in ld.queue()] == [b.id]


def _post_in_process(path, booking_id, barrier):
    from hotel_phone import auth, db as pdb, longdistance

    pdb.open_database(path)
    session = auth.Session(pdb.Operator.get(pdb.Operator.username == "admin"))
    barrier.wait()
    longdistance.post(session, booking_id)
    pdb.close_database()


def test_posting_from_two_processes_posts_once(hotel, guest, database, fixed_clock):
    b = ld.book(hotel, guest.id, "x", "+442079460958")
    ld.place(hotel, b.id)
    ld.connected(hotel, b.id)
    fixed_clock.advance(minutes=2)
    # End the call without posting, as if the station crashed between the two.
    with db.database.atomic():
        LongDistanceBooking.update(status="ended", ended_at=fixed_clock.now(), duration_seconds=120,
                                   charge_fen=1234).where(LongDistanceBooking.id == b.id).execute()
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    procs = [ctx.Process(target=_post_in_process, args=(str(database), b.id, barrier)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0]
    assert FolioPosting.select().where(FolioPosting.source_key == f"longdistance:{b.id}").count() == 1


@pytest.mark.parametrize("zone, day, before, after", [
    ("America/New_York", date(2026, 3, 8), -13, -12),  # DST starts: New York moves one hour nearer Beijing
    ("America/New_York", date(2026, 11, 1), -12, -13),
    ("Europe/London", date(2026, 3, 29), -8, -7),
    ("Europe/London", date(2026, 10, 25), -7, -8),
    ("Australia/Sydney", date(2026, 4, 5), 3, 2),
    ("Australia/Sydney", date(2026, 10, 4), 2, 3),
])
def test_daylight_saving_days(hotel, zone, day, before, after):
    utc = ZoneInfo("UTC")
    early = datetime.combine(day - timedelta(days=1), datetime.min.time(), tzinfo=utc).replace(hour=12)
    late = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=utc).replace(hour=12)
    assert worldclock.city_time(zone, "", "", early).hours_from_beijing == before
    assert worldclock.city_time(zone, "", "", late).hours_from_beijing == after
    # Against zoneinfo directly.
    for at in (early, late):
        expected = (at.astimezone(ZoneInfo(zone)).utcoffset() - at.astimezone(SH).utcoffset()).total_seconds() / 3600
        assert worldclock.city_time(zone, "", "", at).hours_from_beijing == expected


def test_world_clock_defaults_and_lookup(hotel):
    names = [c.name_en for c in worldclock.clocks()]
    assert names[:3] == ["Beijing", "Tokyo", "Seoul"] and "Sydney" in names
    assert worldclock.lookup("london")[0].zone == "Europe/London"
    assert worldclock.lookup("伦敦")[0].zone == "Europe/London"
    assert worldclock.lookup("+1 212 555 1234")[0].zone == "America/New_York"
    assert worldclock.difference_text(-8) == "−8h" and worldclock.difference_text(5.5) == "+5:30h"
    assert hoteltime.zone().key == "Asia/Shanghai"
