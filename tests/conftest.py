"""Fresh database, settings folder and fixed clock for every test; offscreen Qt."""

from __future__ import annotations

import os
from datetime import datetime
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from hotel_phone import clock, db, i18n, settings

SHANGHAI = ZoneInfo("Asia/Shanghai")
# 10:00 in the hotel on a Saturday: arrivals yesterday, departures tomorrow.
NOW = datetime(2026, 11, 28, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    from hotel_phone import auth

    # Tests hash many passwords: a low scrypt cost here; tests/test_auth.py asserts the production cost.
    monkeypatch.setattr(auth, "COST", (2**10, 8, 1))
    monkeypatch.setenv("HOTEL_PHONE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HOTEL_PHONE_CONFIG_DIR", str(tmp_path / "config"))
    i18n.set_language("en")
    settings.invalidate()
    fixed = clock.FixedClock(NOW)
    clock.set_clock(fixed)
    yield
    from hotel_phone import applog

    applog.clear_operator()  # the log's "who is signed in" is per process: nobody, for the next test
    clock.set_clock(clock.Clock())
    db.close_database()
    settings.invalidate()


@pytest.fixture(autouse=True, scope="session")
def _garbage_on_the_gui_thread(qapp):
    """As the app does (ui/gc_guard.py): a worker job must never be the thread that tears down Qt objects."""
    from hotel_phone.ui import gc_guard

    gc_guard.install()


@pytest.fixture
def fixed_clock() -> clock.FixedClock:
    return clock.get_clock()


def pytest_sessionstart(session):
    """The program reads compiled catalogs only: compile this checkout's, as a build would."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
    import compile_catalogs

    compile_catalogs.compile_all()
    i18n._cache.clear()


def pytest_addoption(parser):
    parser.addoption(
        "--pg", metavar="URL", default=os.environ.get("HOTEL_PHONE_TEST_PG") or None,
        help="also run every database test against this PostgreSQL server (a superuser's address, e.g. "
             "postgresql://postgres@/postgres?host=/tmp/pg&port=5433; the tests create and drop their own "
             "databases there). Default: $HOTEL_PHONE_TEST_PG; without it the suite runs on SQLite only.")


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only(reason): a test of the SQLite file itself, not run on PostgreSQL")


def pytest_generate_tests(metafunc):
    # Every test that reaches the `database` fixture runs once per backend when a server is given.
    if "backend" in metafunc.fixturenames and metafunc.config.getoption("--pg"):
        only = metafunc.definition.get_closest_marker("sqlite_only")
        pg = pytest.param("pg", marks=pytest.mark.skip(reason=f"SQLite only: {only.args[0]}")) if only else "pg"
        metafunc.parametrize("backend", ["sqlite", pg], indirect=True)


@pytest.fixture
def backend(request) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_server(request):
    """A template database with today's schema, made once; each test gets a fresh copy of it."""
    from tests import pgtest

    server = pgtest.TestServer(request.config.getoption("--pg"))
    yield server
    server.drop_all()


@pytest.fixture
def database(request, backend, tmp_path):
    """The hotel's database for one test: an SQLite file, or a fresh PostgreSQL database (a URL)."""
    if backend == "pg":
        url = request.getfixturevalue("pg_server").fresh_database(demo="demo" in request.fixturenames)
        db.open_database(url)
        return url
    path = tmp_path / "hotel.sqlite3"
    db.open_database(path)
    return path


@pytest.fixture
def hotel(database):
    """A small hotel: floors 2-3 with 10 rooms each, an administrator signed in."""
    from hotel_phone import hotelsetup, rooms

    return hotelsetup.set_up(hotelsetup.HotelSetup(
        name_zh="测试酒店", name_en="Test Hotel", rooms=tuple(rooms.parse_floor_spec("2-3x10")),
        admin_username="admin", admin_name="Admin", admin_password="secret123", language="en",
    ))


@pytest.fixture
def demo(database, backend):
    """The 300-room demo hotel, the administrator signed in (on PostgreSQL a copy of one built per session)."""
    from hotel_phone import demo as demo_hotel
    from hotel_phone.session import Session

    if backend == "pg":
        return Session(db.Operator.get(db.Operator.username == "admin"))
    return demo_hotel.build()


@pytest.fixture(scope="module")
def demo_db_for_hypothesis(tmp_path_factory):
    """A demo hotel kept for a module's property tests (hypothesis re-runs one test many times)."""
    from hotel_phone import demo as demo_hotel

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    db.open_database(path)
    demo_hotel.build()
    yield path
