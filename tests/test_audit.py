import sqlite3
from datetime import date

import peewee as pw
import pytest

from hotel_phone import audit, auth, calls, cli, db, stays
from hotel_phone.db import AuditEvent
from hotel_phone.errors import PermissionDenied
from hotel_phone.stays import StayInput


def test_chain_holds_and_names_the_altered_event(hotel, database, fixed_clock, capsys):
    for i in range(5):
        fixed_clock.advance(seconds=1)
        stays.check_in(hotel, StayInput(room=f"20{i + 1}", name=f"Guest {i}", arrival=date(2026, 11, 28),
                                        departure=date(2026, 11, 29)))
    assert audit.verify().ok
    victim = AuditEvent.select().order_by(AuditEvent.id).limit(1).offset(3).get()
    with pytest.raises(pw.IntegrityError):  # the database refuses
        db.database.execute_sql(f"UPDATE audit_event SET detail = 'nothing' WHERE id = {victim.id}")
    with pytest.raises(pw.IntegrityError):
        db.database.execute_sql(f"DELETE FROM audit_event WHERE id = {victim.id}")
    if db.is_postgres():
        with pytest.raises(pw.IntegrityError):
            db.database.execute_sql("TRUNCATE audit_event")
    db.close_database()
    tamper = f"UPDATE audit_event SET detail = 'room 999' WHERE id = {victim.id}"
    if str(database).startswith("postgresql://"):  # a superuser behind the app's back, triggers off
        import psycopg

        with psycopg.connect(str(database)) as conn:
            conn.execute("ALTER TABLE audit_event DISABLE TRIGGER USER")
            conn.execute(tamper)
    else:
        conn = sqlite3.connect(database)  # behind the app's back, triggers dropped
        conn.execute("DROP TRIGGER audit_event_no_update")
        conn.execute(tamper)
        conn.commit()
        conn.close()
    assert cli.main(["--lang", "en", "audit", "verify", "--db", str(database)]) == 1
    out = capsys.readouterr().out
    assert f"event {victim.id}" in out
    db.close_database()
    db.open_database(database)
    assert audit.verify().first_broken == victim.id


def test_verify_passes_on_an_intact_log(hotel, database, capsys):
    db.close_database()
    assert cli.main(["--lang", "en", "audit", "verify", "--db", str(database)]) == 0
    assert "intact" in capsys.readouterr().out


def test_who_asked_about_this_guest(hotel):
    stay = stays.check_in(hotel, StayInput(room="305", name="John Smith", arrival=date(2026, 11, 28),
                                           departure=date(2026, 11, 29)))
    call = calls.start(hotel, "outside", "en")
    calls.identify_caller(hotel, call.id, "Li Wei", "is he here?")
    calls.choose_guest(hotel, call.id, stay.id, inquiry=True)
    calls.ring_guest(hotel, call.id)
    calls.guest_answer(hotel, call.id, "accept")
    calls.disclose(hotel, call.id)
    actions = [r.action for r in audit.guest_trail(hotel, stay.id)]
    assert actions[0] == "checked_in" and "call_guest_chosen" in actions and "stay_disclosed" in actions
    auth.create_operator(hotel, "op", "Op", "operator", "secret123")
    with pytest.raises(PermissionDenied):
        audit.guest_trail(auth.sign_in("op", "secret123"), stay.id)


def test_migrations_bring_an_old_database_up(tmp_path, monkeypatch):
    from playhouse.migrate import SqliteMigrator, migrate

    path = tmp_path / "old.sqlite3"
    db.open_database(path)
    db.close_database()

    def add_column(database):
        migrate(SqliteMigrator(database).add_column("room", "view", pw.CharField(default="")))

    monkeypatch.setattr(db, "SCHEMA_VERSION", db.SCHEMA_VERSION + 1)
    monkeypatch.setitem(db.MIGRATIONS, db.SCHEMA_VERSION, add_column)
    db.open_database(path)
    columns = [c.name for c in db.database.get_columns("room")]
    assert "view" in columns
    assert [v.version for v in db.SchemaVersion.select().order_by(db.SchemaVersion.id)] == [
        db.SCHEMA_VERSION - 1, db.SCHEMA_VERSION]
