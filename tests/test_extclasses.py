"""Extension classes of service: staff defaults and changes, rooms following their stays, the PBX CSV."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from hotel_phone import auth, extclasses, staffrules, stays
from hotel_phone.db import Department, Staff
from hotel_phone.errors import PermissionDenied, ValidationError
from tests.helpers import audit_actions


@pytest.fixture
def staffed(hotel):
    sales = Department.create(code="SA", name_zh="销售部", name_en="Sales", office_extension="8400")
    Staff.create(name="Luo Xia", name_zh="罗霞", department=sales, extension="8402", is_manager=True)
    auth.create_operator(hotel, "boss", "Boss", "supervisor", "secret123", "en")
    auth.create_operator(hotel, "desk", "Desk", "operator", "secret123", "en")
    return hotel


def by_ext():
    return {r.extension: r for r in extclasses.listing()}


def test_staff_extensions_have_the_default_until_a_supervisor_sets_another(staffed):
    rows = by_ext()
    assert rows["8402"].class_code == "local" and rows["8402"].fias == 1 and rows["8400"].kind == "office"
    with pytest.raises(PermissionDenied):
        extclasses.set_staff_class(auth.sign_in("desk", "secret123"), "8402", "international")
    extclasses.set_staff_class(auth.sign_in("boss", "secret123"), "8402", "international", "sales abroad")
    assert by_ext()["8402"].class_code == "international" and by_ext()["8402"].fias == 3
    assert "extension_class_set" in audit_actions()
    with pytest.raises(ValidationError):
        extclasses.set_staff_class(staffed, "8402", "galactic")


def test_a_room_is_barred_when_vacant_default_at_check_in_changed_per_stay(staffed):
    room = "201"
    ext = next(r.extension for r in extclasses.listing() if r.owner == room)
    assert by_ext()[ext].class_code == "internal" and by_ext()[ext].fias == 0
    stay = stays.check_in(staffed, stays.StayInput(room=room, name="Anna Berg", language="en",
                                                   arrival=date(2026, 11, 28), departure=date(2026, 11, 30)))
    assert by_ext()[ext].class_code == staffrules.current()[1].room_check_in_class == "international"
    extclasses.set_stay_class(auth.sign_in("boss", "secret123"), stay.id, "national", "guest asked")
    assert by_ext()[ext].class_code == "national"
    stays.check_out(staffed, stay.id)
    assert by_ext()[ext].class_code == "internal"
    stay2 = stays.check_in(staffed, stays.StayInput(room=room, name="Ben Li", language="en",
                                                    arrival=date(2026, 11, 28), departure=date(2026, 11, 30)))
    assert by_ext()[ext].class_code == "international"  # the change was for the earlier stay only
    assert stay2.id != stay.id


def test_the_pbx_csv_has_one_line_per_extension_with_the_fias_class(staffed):
    text = extclasses.to_csv(extclasses.listing())
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(extclasses.CSV_HEAD)
    assert len(rows) - 1 == len(extclasses.listing())
    assert ["8402", "1", "local", "staff", "罗霞"] in rows
    assert all(r[1] in "0123" for r in rows[1:])
    zh = list(csv.reader(io.StringIO(extclasses.to_csv(extclasses.listing(), "zh_CN"))))
    assert zh[0] == rows[0]


def test_a_version_5_database_gets_the_staff_telephone_tables(tmp_path):
    from hotel_phone import db

    path = tmp_path / "old.sqlite3"
    db.open_database(path)
    conn = db.database.obj
    mine = ["staff_call_approval", "staff_call", "application_decision", "long_distance_application",
            "extension_class_change", "staff_account", "staff_phone_rules"]
    for table in mine:
        conn.execute_sql(f"DROP TABLE {table}")
    conn.execute_sql("DELETE FROM schema_version")
    conn.execute_sql("INSERT INTO schema_version (version) VALUES (5)")  # before the staff-telephone tables
    db.close_database()
    db.open_database(path)
    assert set(mine) <= set(db.database.obj.get_tables())
    assert db._schema_version(db.database.obj) == db.SCHEMA_VERSION


def test_set_class_from_the_listing_for_a_room_or_a_staff_line(staffed):
    boss = auth.sign_in("boss", "secret123")
    rows = by_ext()
    with pytest.raises(ValidationError, match="vacant"):
        extclasses.set_class(boss, next(r for r in rows.values() if r.kind == "room"), "local")
    extclasses.set_class(boss, rows["8400"], "national")
    assert by_ext()["8400"].class_code == "national"
