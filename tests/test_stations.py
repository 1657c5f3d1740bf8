"""Several stations on one database (both backends): nothing acknowledged lost, numbers without gaps.

benchmarks/stations.py runs the stations; here for seconds, in the soak for a minute
(docs/benchmarks.md). Faults: a station killed with SIGKILL mid-write, the server restarted.
"""

import os
import shutil
import sys
from pathlib import Path

import pytest

from hotel_phone import db

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

SECONDS = 8  # CI; the 60-second run is the benchmark's


def _check(result: dict) -> None:
    assert result["problems"] == [], result
    assert result["errors"] == 0
    for kind in ("postings", "voids", "calls_ended", "calls_charged", "slips", "check_ins"):
        assert result[kind] > 0, (kind, result)


def test_four_stations_one_folio(database, tmp_path):
    import stations

    db.close_database()
    _check(stations.run(str(database), stations=4, seconds=SECONDS, folder=str(tmp_path)))


def test_stations_killed_mid_write_lose_nothing(database, tmp_path):
    import stations

    db.close_database()
    result = stations.run(str(database), stations=3, seconds=SECONDS, kill_every=1.5, folder=str(tmp_path))
    _check(result)
    assert result["kills"] >= 3


def test_server_restart_while_stations_write(database, backend, tmp_path):
    import stations

    if backend != "pg":
        pytest.skip("a database server restart (SQLite has no server)")
    pgdata = os.environ.get("HOTEL_PHONE_TEST_PGDATA")
    if not pgdata or not (os.getuid() == 0 or shutil.which("pg_ctl")):
        pytest.skip("needs HOTEL_PHONE_TEST_PGDATA (set by tools/pg_test_server.sh) to restart the server")
    db.close_database()
    result = stations.run(str(database), stations=3, seconds=SECONDS + 4, restart_pgdata=pgdata,
                          folder=str(tmp_path))
    _check(result)
    assert result["server_restarts"] == 1
