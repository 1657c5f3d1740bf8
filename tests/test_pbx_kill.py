"""kill -9 of the importer in the middle of a 10,000-line file, then again: every line posted exactly once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hotel_phone import audit, clock, db, hoteltime, stays
from hotel_phone.db import FolioPosting, PbxCall, PbxLine
from hotel_phone.stays import StayInput

ROOT = Path(__file__).resolve().parent.parent
ROOMS = ("201", "202", "203", "204", "205")


def asterisk_lines(n: int, first: datetime) -> list[bytes]:
    """Asterisk cdr_csv with uniqueid and userfield (18 columns), GMT times, answered calls from five rooms."""
    out = []
    for i in range(n):
        start = first + timedelta(seconds=i)
        s = start.strftime("%Y-%m-%d %H:%M:%S")
        room = ROOMS[i % len(ROOMS)]
        out.append(f'"","{room}","9{62000000 + i}","from-rooms","""Room {room}"" <{room}>","SIP/{room}-{i:08x}",'
                   f'"SIP/trunk-{i:08x}","Dial","SIP/trunk/{62000000 + i},60","{s}","{s}","{s}",{70 + i % 50},'
                   f'{61 + i % 50},"ANSWERED","DOCUMENTATION","{1795780800 + i}.{i}",""'.encode())
    return out


@pytest.mark.sqlite_only("counts rows in the SQLite file while the importer writes it")
def test_kill_9_during_import_then_rerun_posts_every_line_exactly_once(hotel, database, fixed_clock, tmp_path):
    real_now = datetime.now(UTC)
    fixed_clock.set(real_now - timedelta(days=1))
    today = (real_now - timedelta(days=1)).astimezone(hoteltime.zone()).date()
    for room in ROOMS:
        stays.check_in(hotel, StayInput(room=room, name=f"Guest {room}", arrival=today,
                                        departure=today + timedelta(days=3)))
    clock.set_clock(clock.Clock())
    path = tmp_path / "Master.csv"
    lines = asterisk_lines(10_000, real_now - timedelta(hours=4))
    path.write_bytes(b"\n".join(lines) + b"\n")
    db.close_database()
    cmd = [sys.executable, "-m", "hotel_phone", "pbx", "import", str(path), "--format", "asterisk-uniqueid",
           "--records-tz", "UTC", "--prefix", "9", "--db", str(database)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Kill it once some batches are committed and before the end.
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and child.poll() is None:
        try:
            with sqlite3.connect(database, timeout=10) as con:
                stored = con.execute("SELECT count(*) FROM pbx_line").fetchone()[0]
        except sqlite3.OperationalError:
            stored = 0
        if stored >= 2000:
            break
        time.sleep(0.02)
    assert child.poll() is None, child.communicate()
    os.kill(child.pid, signal.SIGKILL)
    child.wait(10)
    with sqlite3.connect(database) as con:
        at_kill = con.execute("SELECT count(*) FROM pbx_line").fetchone()[0]
    assert 0 < at_kill < 10_000
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    db.open_database(database)
    assert PbxLine.select().count() == 10_000  # resumed after the last committed line: nothing stored twice
    assert [bytes(r.raw) for r in PbxLine.select().order_by(PbxLine.id)] == lines
    assert PbxCall.select().where(PbxCall.status == "posted").count() == 10_000
    keys = [p.source_key for p in FolioPosting.select().where(FolioPosting.source_key.is_null(False))]
    assert len(keys) == len(set(keys)) == 10_000
    assert audit.verify().ok
