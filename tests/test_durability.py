"""Faults and several stations: kills at random moments, three stations posting to one folio."""

import multiprocessing
import sys
from datetime import date
from pathlib import Path

from hotel_phone import folio, stays
from hotel_phone.db import FolioPosting
from hotel_phone.stays import StayInput

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))


def test_short_soak_loses_nothing(tmp_path):
    import soak

    result = soak.soak(8, str(tmp_path / "soak.sqlite3"), quiet=True)
    assert result["failures"] == 0 and result["acknowledged"] > 0


def _station(path, stay_id, n, errors):
    from hotel_phone import db, folio as f
    from hotel_phone.session import Session

    db.open_database(path)
    session = Session(db.Operator.get(db.Operator.username == "admin"))
    for _ in range(n):
        try:
            f.post(session, stay_id, "PRINT", 100)
        except Exception as exc:  # any lock error would be a failure of the test
            errors.put(repr(exc))
    db.close_database()


def test_three_stations_post_300_each(hotel, database):
    guest = stays.check_in(hotel, StayInput(room="305", name="John Smith", arrival=date(2026, 11, 28),
                                            departure=date(2026, 11, 30)))
    ctx = multiprocessing.get_context("spawn")
    errors = ctx.Queue()
    procs = [ctx.Process(target=_station, args=(str(database), guest.id, 300, errors)) for _ in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(300)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    assert errors.empty(), errors.get()
    assert FolioPosting.select().count() == 900 and folio.balance(guest.id) == 90000


def _check_in_elsewhere(path):
    from datetime import date as d

    from hotel_phone import clock, db, stays as s
    from hotel_phone.session import Session
    from tests.conftest import NOW

    clock.set_clock(clock.FixedClock(NOW))  # the other station keeps the tests' day, not the real one
    db.open_database(path)
    session = Session(db.Operator.get(db.Operator.username == "admin"))
    s.check_in(session, s.StayInput(room="306", name="Other Station Guest", arrival=d(2026, 11, 28),
                                    departure=d(2026, 11, 29)))
    db.close_database()


def test_a_station_sees_another_stations_change(qtbot, hotel, database):
    from hotel_phone import db
    from tests.uihelpers import open_window

    window = open_window(qtbot, "admin", "secret123")
    window.nav.setCurrentRow(window.panels.index(window.guests))
    assert not any(r.name == "Other Station Guest" for r in window.guests.model.rows)
    db.changed_elsewhere()
    ctx = multiprocessing.get_context("spawn")
    p = ctx.Process(target=_check_in_elsewhere, args=(str(database),))
    p.start()
    p.join(60)
    window.heartbeat.beat()
    assert any(r.name == "Other Station Guest" for r in window.guests.model.rows)
    assert "In house: 1" in window.in_house_label.text()
