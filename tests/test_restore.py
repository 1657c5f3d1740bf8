"""Restore: an administrator's act, refused while another station is open, atomic under kill -9, audited."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from hotel_phone import backup, cli, db, folio, restore, stays
from hotel_phone.db import AuditEvent, FolioPosting
from hotel_phone.errors import (
    DatabaseReplaced,
    PermissionDenied,
    SignInError,
    ValidationError,
)
from hotel_phone.stays import StayInput

pytestmark = pytest.mark.sqlite_only("restore replaces the SQLite file; a server is restored with its own tools")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def two_states(hotel, database, tmp_path):
    """A backup with 3 postings, then 5 more in the live database (8)."""
    stay = stays.check_in(hotel, StayInput(room="305", name="John Smith", arrival=date(2026, 11, 28),
                                           departure=date(2026, 11, 30)))
    for _ in range(3):
        folio.post(hotel, stay.id, "PRINT", 100)
    three = backup.backup(tmp_path / "three.sqlite3")
    for _ in range(5):
        folio.post(hotel, stay.id, "PRINT", 100)
    eight = backup.backup(tmp_path / "eight.sqlite3")
    db.close_database()
    return database, three, eight


def _postings(path) -> int:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute("SELECT count(*) FROM folio_posting").fetchone()[0]
    finally:
        conn.close()


def test_restore_needs_an_administrator(two_states):
    from hotel_phone import auth

    live, three, _eight = two_states
    db.open_database(live)
    admin = auth.sign_in("admin", "secret123")
    auth.create_operator(admin, "sup", "Sup", "supervisor", "secret123")
    db.close_database()
    with pytest.raises(SignInError):
        restore.restore(three, live, "admin", "wrong password")
    with pytest.raises(PermissionDenied):
        restore.restore(three, live, "sup", "secret123")
    assert _postings(live) == 8


def test_restore_is_audited_in_both_databases(two_states):
    live, three, _eight = two_states
    aside = restore.restore(three, live, "admin", "secret123")
    assert _postings(live) == 3 and _postings(aside) == 8
    for path, action in ((live, "database_restored"), (aside, "database_set_aside")):
        db.open_database(path)
        event = AuditEvent.select().order_by(AuditEvent.id.desc()).where(AuditEvent.action == action).first()
        assert event is not None and event.operator.username == "admin" and "three.sqlite3" in event.detail
        if path == live:
            assert aside.name in event.detail
        db.close_database()
    assert cli.main(["--lang", "en", "audit", "verify", "--db", str(live)]) == 0  # anchors restart at a restore


def test_refused_while_another_station_has_it_open(two_states):
    live, three, _eight = two_states
    code = ("import sys, time; sys.path.insert(0, sys.argv[2]); from hotel_phone import db, folio;"
            "db.open_database(sys.argv[1]); db.Stay.select().count(); print('open', flush=True); time.sleep(60)")
    station = subprocess.Popen([sys.executable, "-c", code, str(live), str(ROOT)], stdout=subprocess.PIPE, text=True)
    try:
        assert station.stdout.readline().strip() == "open"
        with pytest.raises(ValidationError) as err:
            restore.restore(three, live, "admin", "secret123")
        assert "Another station has the database open" in err.value.message()
    finally:
        station.kill()
        station.wait()
    assert _postings(live) == 8 and not restore.leftovers(live)
    assert not list(live.parent.glob("hotel.sqlite3.before-restore-*"))
    restore.restore(three, live, "admin", "secret123")
    assert _postings(live) == 3


def test_two_restores_in_one_second_keep_both_originals(two_states):
    live, three, eight = two_states
    first = restore.restore(three, live, "admin", "secret123")  # the fixed clock: the same second
    second = restore.restore(eight, live, "admin", "secret123")
    assert first != second and _postings(first) == 8 and _postings(second) == 3 and _postings(live) == 8


def test_a_station_whose_database_was_replaced_stops_writing(two_states, tmp_path):
    from hotel_phone import auth

    live, three, _eight = two_states
    db.open_database(live)
    session = auth.sign_in("admin", "secret123")
    stay_id = FolioPosting.select().first().stay_id
    os.replace(three, live)  # what a restore does to the name while this station was (wrongly) open
    with pytest.raises(DatabaseReplaced) as err:
        folio.post(session, stay_id, "PRINT", 100)
    assert "start it again" in err.value.message()
    assert db.replaced()


def test_kill_at_random_moments_during_30_restores(two_states, tmp_path):
    live, three, eight = two_states
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOTEL_PHONE_PASSWORD="secret123", HOTEL_PHONE_LANG="en")
    rnd = random.Random(14)

    def start(source):
        return subprocess.Popen([sys.executable, "-m", "hotel_phone", "restore", str(source), "--db", str(live),
                                 "--user", "admin"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    began = time.monotonic()  # one whole restore, to know how long one takes on this PC now
    assert start(eight).wait() == 0
    took = time.monotonic() - began
    completed = killed = 0
    for n in range(30):
        source = three if n % 2 == 0 else eight
        before = _postings(live)
        proc = start(source)
        if n % 5 != 4:  # every fifth runs to its end, however slow the machine is today
            time.sleep(rnd.uniform(0.0, took * 1.3))  # any moment of start-up, sign-in, copy, rename
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                killed += 1
        proc.wait()
        if proc.returncode == 0:
            completed += 1
        after = _postings(live)  # whole (integrity_check) and one of the two
        assert after in (before, _postings(source)), f"restore {n}: {before} -> {after}"
    assert killed and completed
    db.open_database(live)
    from hotel_phone import audit

    assert audit.verify().first_broken is None
