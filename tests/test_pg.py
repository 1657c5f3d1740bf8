"""What only the database server has: trigram search, retries, LISTEN/NOTIFY, reconnecting, pg_dump, moving a hotel.

These run when the suite is given a server (--pg or HOTEL_PHONE_TEST_PG), else they are skipped.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from datetime import date
from pathlib import Path

import peewee as pw
import psycopg
import pytest

from hotel_phone import audit, cli, db, folio, pg, station, stays
from hotel_phone.errors import DatabaseBusy, ValidationError
from hotel_phone.stays import StayInput
from tests.helpers import digest


@pytest.fixture
def server(request, backend):
    if backend != "pg":
        pytest.skip("needs a PostgreSQL server (--pg URL or HOTEL_PHONE_TEST_PG)")
    return request.getfixturevalue("pg_server")


def _pg_ctl(action: str) -> None:
    """Stop or start the test server; started again with the options it had (postmaster.opts)."""
    pgdata = os.environ.get("HOTEL_PHONE_TEST_PGDATA")
    if not pgdata:
        pytest.skip("needs HOTEL_PHONE_TEST_PGDATA (tools/pg_test_server.sh sets it) to stop and start the server")
    cmd = [os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin") + "/pg_ctl", "-D", pgdata, "-w", action]
    if action == "stop":
        args = shlex.split(Path(pgdata, "postmaster.opts").read_text())[1:]
        i = args.index("-D")
        _saved_options[:] = args[:i] + args[i + 2:]
        cmd += ["-m", "fast"]
    else:
        cmd += ["-o", " ".join(shlex.quote(a) for a in _saved_options)]
    if os.getuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


_saved_options: list[str] = []


def _guest(session, room="305", name="Grace Hopper"):
    return stays.check_in(session, StayInput(room=room, name=name, arrival=date(2026, 11, 27),
                                             departure=date(2026, 11, 30)))


def test_guest_search_never_scans_every_stay(demo, server):
    # 300 rooms fit in a page or two and are read whole; an index must at least be able to answer
    # (the timing at 2,000 rooms and a million past stays is in docs/benchmarks.md).
    for query in ("wang", "12", ""):
        sql, params = stays.search_sql(query)
        with db.database.atomic():
            db.database.execute_sql("SET LOCAL enable_seqscan = off")
            plan = "\n".join(r[0] for r in db.database.execute_sql("EXPLAIN " + sql.replace("?", "%s"), params))
        assert "Seq Scan on stay" not in plan, plan
    indexes = {r[0] for r in db.database.execute_sql("SELECT indexname FROM pg_indexes WHERE tablename = 'stay'")}
    assert {"stay_search_key_trgm", "stay_status"} <= indexes
    assert [r.room for r in stays.search("wang")]


def test_a_conflict_is_retried_and_the_operator_never_sees_it(hotel, server):
    tries = []
    keys = iter(range(1000))

    @db.retrying
    def post_with_conflicts(conflicts: int):
        with db.database.atomic():
            tries.append(1)
            db.Setting.insert(key=f"try{next(keys)}", value="x").execute()
            if len(tries) <= conflicts:  # the server says: serialization failure (SQLSTATE 40001)
                db.database.execute_sql(
                    "DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = 'serialization_failure'; END $$")

    post_with_conflicts(2)
    assert len(tries) == 3
    assert [s.key for s in db.Setting.select().where(db.Setting.key.startswith("try"))] == ["try2"]  # once
    tries.clear()
    with pytest.raises(DatabaseBusy):
        post_with_conflicts(99)
    assert len(tries) == db.RETRIES


def test_other_stations_changes_arrive_as_table_and_ids(hotel, database, server):
    assert db.changed_elsewhere() is False  # starts listening
    with psycopg.connect(str(database), autocommit=True) as other:  # another station's connection
        other.execute("UPDATE room SET room_type = 'suite' WHERE number IN ('201', '202')")
    assert pg.wait_until(lambda: db.changed_elsewhere(), 5)
    table, ids = db.last_changes()[0]
    assert table == "room" and sorted(ids.split(",")) == sorted(
        str(r.id) for r in db.Room.select().where(db.Room.number.in_(["201", "202"])))
    folio.define_code(hotel, "COPY2", "复印", "Copies")  # this station's own writes are not "elsewhere"
    assert not pg.wait_until(lambda: db.changed_elsewhere(), 1)


def test_a_lost_connection_is_made_again_by_itself(hotel, database, server):
    guest = _guest(hotel)
    assert db.changed_elsewhere() is False
    with psycopg.connect(str(database), autocommit=True) as admin:  # the server drops every hotel connection
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = current_database() AND pid <> pg_backend_pid()")
    folio.post(hotel, guest.id, "FAX", 500)  # the next transaction reconnects first: nothing to retry by hand
    assert folio.balance(guest.id) == 500
    # The listening connection reconnects too, and says to reload everything (notifications are not replayed).
    assert pg.wait_until(lambda: db.changed_elsewhere() and db.server_connected(), 10)


def test_server_away_is_said_plainly_and_nothing_half_saved(hotel, database, server):
    guest = _guest(hotel)
    _pg_ctl("stop")
    try:
        with pytest.raises(Exception) as err:
            folio.post(hotel, guest.id, "FAX", 500)
        assert "Database server unreachable" in str(err.value)
    finally:
        _pg_ctl("start")
    folio.post(hotel, guest.id, "FAX", 500)
    assert folio.balance(guest.id) == 500  # the refused posting was never half-saved


def test_backup_with_pg_dump_and_restore_only_into_an_empty_database(hotel, database, server, tmp_path, capsys):
    guest = _guest(hotel)
    folio.post(hotel, guest.id, "FAX", 1200)
    file = tmp_path / "hotel.dump"
    assert cli.main(["--lang", "en", "backup", str(file), "--db", str(database)]) == 0
    assert file.read_bytes()[:5] == b"PGDMP"
    assert cli.main(["--lang", "en", "backup", str(file), "--db", str(database)]) == 2  # never overwrites
    assert cli.main(["--lang", "en", "restore", str(file), "--db", str(database)]) == 2
    assert "not empty" in capsys.readouterr().err
    empty = server.empty_database("restored")
    assert cli.main(["--lang", "en", "restore", str(file), "--db", empty]) == 0
    db.open_database(empty)
    assert folio.balance(guest.id) == 1200 and audit.verify().ok
    with pytest.raises(pw.IntegrityError):  # the audit log's protection came along
        db.database.execute_sql("DELETE FROM audit_event")


def test_the_demo_hotel_moves_from_its_file_to_the_server(server, tmp_path, capsys):
    from hotel_phone import demo

    path = tmp_path / "demo.sqlite3"
    db.open_database(path)
    admin = demo.build()
    for n, guest in enumerate(db.Stay.select().where(db.Stay.status == "in_house").limit(20)):
        posting = folio.post(admin, guest.id, "FAX", 100 + n)
        if n % 3 == 0:
            folio.void(admin, posting.id, "wrong room")
    balances = {s.id: folio.balance(s.id) for s in db.Stay.select()}
    counts = {m._meta.table_name: m.select().count() for m in db.MODELS}
    db.close_database()
    before = digest(path)
    url = server.empty_database("moved")
    assert cli.main(["--lang", "en", "migrate", "--to", url, "--db", str(path)]) == 0
    assert "the audit chain verifies" in capsys.readouterr().out
    assert digest(path) == before  # the file is as it was
    db.open_database(url)
    assert {s.id: folio.balance(s.id) for s in db.Stay.select()} == balances and any(balances.values())
    assert {m._meta.table_name: m.select().count() for m in db.MODELS} == counts
    assert audit.verify().ok
    session = demo_admin()
    guest = db.Stay.select().where(db.Stay.status == "in_house").first()
    posting = folio.post(session, guest.id, "FAX", 100)  # sequences continue after the copied ids
    assert posting.id == max(p.id for p in db.FolioPosting.select())
    db.close_database()
    assert cli.main(["--lang", "en", "migrate", "--to", url, "--db", str(path)]) == 2  # not into a hotel
    assert "already holds a hotel" in capsys.readouterr().err


def demo_admin():
    from hotel_phone.session import Session

    return Session(db.Operator.get(db.Operator.username == "admin"))


def test_station_remembers_the_server_and_tests_the_connection(server, database):
    assert station.chosen() is None
    assert station.test_connection(str(database)).startswith("15")
    station.choose(str(database))
    assert cli._target(cli._parser().parse_args(["audit", "verify"])) == str(database)
    assert oct(station._path().stat().st_mode & 0o777) == "0o600"  # it may hold a password
    with pytest.raises(ValidationError, match="did not accept"):
        station.test_connection("postgresql://nobody@/none?host=/nonexistent&port=1")
    with pytest.raises(ValidationError):
        station.choose("ftp://elsewhere")


def test_the_stations_role_cannot_change_the_audit_log(hotel, database, server, capsys):
    role = "hotel_app_test"
    with psycopg.connect(str(database), autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if not exists:
            admin.execute(f"CREATE ROLE {role} LOGIN")
    db.close_database()
    assert cli.main(["--lang", "en", "server-setup", "--app-role", role, "--db", str(database)]) == 0
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(str(database))
    as_app = urlunsplit(parts._replace(netloc=f"{role}@{parts.hostname or ''}"))
    db.open_database(as_app)  # the stations' role opens the hotel (no schema change needed) and works
    session = demo_admin()
    guest = _guest(session)
    folio.post(session, guest.id, "FAX", 300)
    assert audit.verify().ok
    for sql in ("UPDATE audit_event SET detail = 'x'", "DELETE FROM audit_event", "TRUNCATE audit_event"):
        with pytest.raises(pw.DatabaseError, match="permission denied"), db.database.atomic():
            db.database.execute_sql(sql)
    db.close_database()
    with psycopg.connect(str(database), autocommit=True) as admin:
        admin.execute(f"REASSIGN OWNED BY {role} TO postgres")
        admin.execute(f"DROP OWNED BY {role}")


def test_a_posting_typed_while_the_server_is_away_is_kept_then_saved(qtbot, demo, server):
    from PySide6.QtCore import Qt

    from tests.uihelpers import open_window, type_into, type_text

    window = open_window(qtbot, "wangfang")  # a supervisor, working in Chinese
    panel = window.folio
    window.nav.setCurrentRow(window.panels.index(panel))
    type_text(qtbot, panel.query, "张伟")
    stay_id = panel.stay_id()
    qtbot.mouseClick(panel.buttons["post"], Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    dialog.code.setCurrentIndex(dialog.code.findData("FAX"))
    type_into(qtbot, dialog.amount, "12.50")
    _pg_ctl("stop")
    try:
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
        assert "无法连接数据库服务器" in dialog.message.text()  # plainly, in the operator's language
        assert dialog.isVisible() and dialog.amount.text() == "12.50"  # what was typed is still there
    finally:
        _pg_ctl("start")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)  # the same Enter again, the server back: saved once
    assert folio.balance(stay_id) == 1250


def test_a_servers_anchor_file_is_named_by_host_port_and_database_never_the_password():
    assert pg.file_label("postgresql://hotel_app:desk-secret@192.168.1.10:5433/hotel") == "192.168.1.10-5433-hotel"
    assert pg.file_label("postgresql://postgres@/hotel?host=/tmp/pg&port=5412") == "tmp_pg-5412-hotel"


def test_the_register_search_goes_on_after_the_connection_was_lost(hotel, database, server):
    _guest(hotel)
    first = stays.search("grace")  # straight through the driver, the statement prepared on this connection
    assert [(r.name, r.arrival, r.vip) for r in first] == [("Grace Hopper", date(2026, 11, 27), False)]
    with psycopg.connect(str(database), autocommit=True) as admin:  # the server drops every hotel connection
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = current_database() AND pid <> pg_backend_pid()")
    assert stays.search("grace") == first  # the next keystroke reconnects by itself
    assert stays.search("nobody") == []
