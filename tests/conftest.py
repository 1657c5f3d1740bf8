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
    clock.set_clock(clock.Clock())
    db.close_database()
    settings.invalidate()


@pytest.fixture
def fixed_clock() -> clock.FixedClock:
    return clock.get_clock()


@pytest.fixture
def database(tmp_path):
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
def demo(database):
    from hotel_phone import demo as demo_hotel

    return demo_hotel.build()


@pytest.fixture(scope="module")
def demo_db_for_hypothesis(tmp_path_factory):
    """A demo hotel kept for a module's property tests (hypothesis re-runs one test many times)."""
    from hotel_phone import demo as demo_hotel

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    db.open_database(path)
    demo_hotel.build()
    yield path
