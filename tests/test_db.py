import sqlite3

import pytest

from hotel_phone import db
from hotel_phone.errors import DatabaseOpenError
from tests.helpers import digest


@pytest.mark.sqlite_only("WAL, foreign_keys and busy_timeout are SQLite pragmas")
def test_new_database_gets_schema_wal_and_foreign_keys(database):
    conn = db.database.obj
    assert conn.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert db._schema_version(conn) == db.SCHEMA_VERSION
    assert set(m._meta.table_name for m in db.MODELS) <= set(conn.get_tables())


def test_reopen_keeps_data(database, hotel):
    db.close_database()
    db.open_database(database)
    assert db.Room.select().count() == 20


def test_text_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("guest list\n")
    before = digest(path)
    with pytest.raises(DatabaseOpenError) as err:
        db.open_database(path)
    assert "not a hotel_phone database" in err.value.message()
    assert digest(path) == before


def test_damaged_sqlite_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(db.SQLITE_HEADER + b"\xff" * 5000)
    before = digest(path)
    with pytest.raises(DatabaseOpenError) as err:
        db.open_database(path)
    assert "cannot be read" in err.value.message()
    assert digest(path) == before
    assert not (tmp_path / "broken.sqlite3-wal").exists()


def test_newer_schema_is_refused_and_untouched(tmp_path):
    path = tmp_path / "future.sqlite3"
    db.open_database(path)
    db.database.obj.execute_sql("INSERT INTO schema_version (version) VALUES (?)", (db.SCHEMA_VERSION + 5,))
    db.close_database()
    before = digest(path)
    with pytest.raises(DatabaseOpenError) as err:
        db.open_database(path)
    assert "newer version" in err.value.message()
    assert digest(path) == before


def test_foreign_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseOpenError):
        db.open_database(path)
    conn = sqlite3.connect(path)
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["customers"]


def test_unreachable_url_and_unknown_scheme(tmp_path):
    with pytest.raises(DatabaseOpenError) as err:
        db.open_database("postgresql://nobody@127.0.0.1:1/hotel")
    assert "postgresql://nobody@127.0.0.1:1/hotel" in err.value.message()
    with pytest.raises(DatabaseOpenError):
        db.open_database("gopher://somewhere/db")


def test_missing_folder_and_folder_as_file(tmp_path):
    with pytest.raises(DatabaseOpenError):
        db.open_database(tmp_path / "nope" / "x.sqlite3")
    with pytest.raises(DatabaseOpenError):
        db.open_database(tmp_path)


def test_sqlite_url_works(tmp_path):
    db.open_database(f"sqlite:///{tmp_path}/via-url.sqlite3")
    assert (tmp_path / "via-url.sqlite3").exists()


def test_messages_follow_the_language(tmp_path):
    from hotel_phone import i18n

    path = tmp_path / "notes.txt"
    path.write_text("x")
    with pytest.raises(DatabaseOpenError) as err:
        db.open_database(path)
    i18n.set_language("zh_CN")
    assert "数据库" in err.value.message()


def test_counters_added_to_an_older_database_continue_its_numbers(hotel, database):
    """Schema 1 had no counters: migration 2 starts them after the highest slip number in use."""
    with db.database.atomic():
        db.MessageSlip.insert(number=41, from_name="x", taken_by=hotel.operator, taken_at=db.datetime.now(
            db.UTC)).execute()
    db.database.execute_sql("DROP TABLE counter")
    db.database.execute_sql("UPDATE schema_version SET version = 2")
    db.close_database()
    db.open_database(database)
    with db.database.atomic():
        assert db.next_number("message_slip") == 42
        assert db.next_number("charge_slip") == 1
    assert [v.version for v in db.SchemaVersion.select().order_by(db.SchemaVersion.version)] == list(range(2, db.SCHEMA_VERSION + 1))


def test_version_3_database_gains_the_pbx_tables(tmp_path):
    """A database from before the PBX records (schema 3) is migrated in place."""
    path = tmp_path / "old.sqlite3"
    conn = db.open_database(path)
    for table in ("pbx_slip", "pbx_call", "pbx_line", "pbx_source"):
        conn.execute_sql(f"DROP TABLE {table}")
    conn.execute_sql("DROP INDEX folio_posting_source_key")
    conn.execute_sql("ALTER TABLE folio_posting DROP COLUMN source_key")
    conn.execute_sql("DELETE FROM schema_version")
    conn.execute_sql("INSERT INTO schema_version (version) VALUES (3)")
    db.close_database()
    conn = db.open_database(path)
    assert db._schema_version(conn) == db.SCHEMA_VERSION
    assert {"pbx_source", "pbx_line", "pbx_call", "pbx_slip"} <= set(conn.get_tables())
    assert "source_key" in [c.name for c in conn.get_columns("folio_posting")]


def test_a_version_6_database_gets_booking_digits_and_settlements(tmp_path):
    """#16's migration on a database made before it: columns added, table created, data kept."""
    path = tmp_path / "v6.sqlite3"
    db.open_database(path)
    conn = db.database.obj
    conn.execute_sql('DROP TABLE "settlement"')
    conn.execute_sql('ALTER TABLE long_distance_booking DROP COLUMN rate_digits')
    conn.execute_sql('ALTER TABLE long_distance_booking DROP COLUMN extension')
    conn.execute_sql("DELETE FROM schema_version")
    conn.execute_sql("INSERT INTO schema_version (version) VALUES (6)")
    db.close_database()
    db.open_database(path)
    columns = {c.name for c in db.database.obj.get_columns("long_distance_booking")}
    assert {"rate_digits", "extension"} <= columns and "settlement" in db.database.obj.get_tables()
    assert db._schema_version(db.database.obj) == db.SCHEMA_VERSION


def test_a_version_10_database_gets_the_departed_search_index(tmp_path):
    """Migration 11 on a file made before it: the trigram index is built from the stays already there."""
    from datetime import date

    from hotel_phone import folio, hotelsetup, rooms, stays
    from hotel_phone.stays import StayInput

    path = tmp_path / "v10.sqlite3"
    db.open_database(path)
    admin = hotelsetup.set_up(hotelsetup.HotelSetup(
        name_zh="测试酒店", name_en="Test Hotel", rooms=tuple(rooms.parse_floor_spec("2-3x10")),
        admin_username="admin", admin_name="Admin", admin_password="secret123", language="en"))
    stay = stays.check_in(admin, StayInput(room="305", name="Zebediah Quuxworth", arrival=date(2026, 11, 28),
                                           departure=date(2026, 11, 30)))
    stays.check_out(admin, stay.id)
    conn = db.database.obj
    for name in ("stay_search_insert", "stay_search_delete", "stay_search_update"):
        conn.execute_sql(f"DROP TRIGGER {name}")
    conn.execute_sql("DROP TABLE stay_search")
    conn.execute_sql("DELETE FROM schema_version")
    conn.execute_sql("INSERT INTO schema_version (version) VALUES (10)")
    db.close_database()
    db.open_database(path)
    assert db._schema_version(db.database.obj) == db.SCHEMA_VERSION
    assert [c.stay_id for c in folio.find_stays("quuxworth")] == [stay.id]


def test_a_version_11_database_gets_indexes_of_only_the_rows_with_a_value(database):
    """Migration 12 (on either backend): the three mostly-empty columns' indexes become partial, under their
    names, as a new database has them; a posting with a value is still found through them."""
    names = ("folio_posting_booking_id", "folio_posting_corrects_id", "pbx_call_staff_id")

    def partial(conn) -> dict[str, bool]:
        if db.is_postgres(conn):
            rows = conn.execute_sql("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()")
        else:
            rows = conn.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        return {name: "IS NOT NULL" in sql for name, sql in rows if name in names}

    conn = db.database.obj
    assert partial(conn) == dict.fromkeys(names, True)
    for table, column, unique in (("folio_posting", "booking_id", "UNIQUE "), ("folio_posting", "corrects_id", ""),
                                  ("pbx_call", "staff_id", "")):
        conn.execute_sql(f'DROP INDEX "{table}_{column}"')
        conn.execute_sql(f'CREATE {unique}INDEX "{table}_{column}" ON "{table}" ("{column}")')  # as schema 11 had
    assert partial(conn) == dict.fromkeys(names, False)
    conn.execute_sql("DELETE FROM schema_version")
    conn.execute_sql("INSERT INTO schema_version (version) VALUES (11)")
    db.close_database()
    conn = db.open_database(database)
    assert db._schema_version(conn) == db.SCHEMA_VERSION
    assert partial(conn) == dict.fromkeys(names, True)
    if not db.is_postgres(conn):
        plan = conn.execute_sql("EXPLAIN QUERY PLAN SELECT id FROM folio_posting WHERE corrects_id = ?", (1,))
        assert "folio_posting_corrects_id" in str(plan.fetchall())
