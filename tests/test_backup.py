import sqlite3
import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hotel_phone import backup, cli, db, folio, restore, stays
from hotel_phone.db import FolioPosting
from hotel_phone.errors import ValidationError
from hotel_phone.stays import StayInput
from tests.helpers import digest


@pytest.fixture
def guest(hotel):
    return stays.check_in(hotel, StayInput(room="305", name="John Smith", arrival=date(2026, 11, 28),
                                           departure=date(2026, 11, 30)))


@pytest.mark.sqlite_only("copies of the SQLite file; the server's pg_dump backups are tested in test_pg_backup.py")
def test_backup_during_writes_restores_sound(hotel, guest, database, tmp_path):
    stop = threading.Event()

    def writer():
        from hotel_phone.db import database as proxy

        while not stop.is_set():
            with proxy.connection_context():
                folio.post(hotel, guest.id, "PRINT", 100)

    t = threading.Thread(target=writer)
    t.start()
    try:
        copy = backup.backup(tmp_path / "copy.sqlite3")
    finally:
        stop.set()
        t.join()
    assert backup.check(copy).ok
    restored = tmp_path / "restored.sqlite3"
    restore.restore(copy, restored, "admin", "secret123")
    db.close_database()
    db.open_database(restored)
    import sqlite3

    from hotel_phone import audit

    in_copy = sqlite3.connect(copy).execute("SELECT count(*) FROM folio_posting").fetchone()[0]
    assert audit.verify().ok and FolioPosting.select().count() == in_copy


@pytest.mark.sqlite_only("copies of the SQLite file; the server's pg_dump backups are tested in test_pg_backup.py")
def test_restore_refuses_text_and_newer_schema_changing_nothing(hotel, database, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HOTEL_PHONE_PASSWORD", "secret123")
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    newer = tmp_path / "newer.sqlite3"
    backup.backup(newer)
    import sqlite3

    conn = sqlite3.connect(newer)
    conn.execute("INSERT INTO schema_version (version) VALUES (?)", (db.SCHEMA_VERSION + 3,))
    conn.commit()
    conn.close()
    db.close_database()
    before = digest(database)
    for bad, message in ((text, "not a hotel_phone database"), (newer, "newer version")):
        assert cli.main(["--lang", "en", "restore", str(bad), "--db", str(database), "--user", "admin"]) == 2
        assert message in capsys.readouterr().err
    assert digest(database) == before
    assert not list(tmp_path.glob("hotel.sqlite3.before-restore-*"))


@pytest.mark.sqlite_only("copies of the SQLite file; the server's pg_dump backups are tested in test_pg_backup.py")
def test_restore_keeps_the_current_database_aside(hotel, database, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HOTEL_PHONE_PASSWORD", "secret123")
    copy = backup.backup(tmp_path / "copy.sqlite3")
    db.close_database()
    assert cli.main(["--lang", "en", "restore", str(copy), "--db", str(database), "--user", "admin"]) == 0
    assert list(tmp_path.glob("hotel.sqlite3.before-restore-*")) and "kept as" in capsys.readouterr().out


@pytest.mark.sqlite_only("copies of the SQLite file; the server's pg_dump backups are tested in test_pg_backup.py")
def test_backup_command_and_refusals(hotel, database, tmp_path, capsys):
    db.close_database()
    assert cli.main(["--lang", "en", "backup", str(tmp_path / "b.sqlite3"), "--db", str(database)]) == 0
    assert "checked: sound" in capsys.readouterr().out
    db.close_database()
    assert cli.main(["--lang", "en", "backup", str(tmp_path / "b.sqlite3"), "--db", str(database)]) == 2
    with pytest.raises(ValidationError):
        backup.backup(tmp_path / "missing" / "x.sqlite3")


@pytest.mark.sqlite_only("copies of the SQLite file; the server's pg_dump backups are tested in test_pg_backup.py")
def test_daily_backups_rotate(hotel, tmp_path):
    folder = tmp_path / "backups"
    start = datetime(2026, 11, 1, 3, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    for day in range(5):
        assert backup.auto_backup(folder, keep=3, now=start + timedelta(days=day)) is not None
    assert backup.auto_backup(folder, keep=3, now=start + timedelta(days=4)) is None  # once a day
    assert [p.name for p in sorted(folder.glob("*.sqlite3"))] == [
        "hotel-2026-11-03.sqlite3", "hotel-2026-11-04.sqlite3", "hotel-2026-11-05.sqlite3"]


def damage_file(path):
    """Overwrite a table's root page header, as a failing disk would: the file still opens and signs in, but
    every copy fails its check (a table the daily report, the start and the register do not read)."""
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'room_move'").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * size + 3)
        f.write(b"\x00\x40" + b"\xff" * 128)


def _damage(path):
    db.close_database()
    damage_file(path)
    db.open_database(path)


@pytest.mark.sqlite_only("damages the SQLite file; the server's pg_dump backups are tested in test_pg_backup.py")
def test_damage_on_day_3_keeps_the_last_good_backup_and_is_reported(hotel, guest, database, fixed_clock):
    from hotel_phone import paths, report

    folder = paths.data_dir() / "backups"
    for day in range(1, 11):
        if day == 3:
            _damage(database)
        backup.auto_backup(folder, keep=3)
        fixed_clock.advance(days=1)
    kept = sorted(p.name for p in folder.glob("hotel-*.sqlite3"))
    assert kept == ["hotel-2026-11-29.sqlite3", "hotel-2026-12-05.sqlite3", "hotel-2026-12-06.sqlite3",
                    "hotel-2026-12-07.sqlite3"]  # day 2, the last good one, and the newest three
    assert backup.check(folder / kept[0]).ok and not backup.check(folder / kept[-1]).ok
    failure = backup.last_failure()
    assert failure is not None and failure.file == kept[-1] and "integrity_check" in failure.message()
    r = report.build(date(2026, 12, 7))
    assert "hotel-2026-12-07.sqlite3" in r.backup_failure
    lines = report.to_csv(r, "en").decode("utf-8-sig").splitlines()
    assert any(x.startswith("Automatic backup,") and "hotel-2026-12-07.sqlite3" in x for x in lines)


@pytest.mark.sqlite_only("automatic backups here copy the SQLite file")
def test_a_good_backup_clears_the_failure(hotel, database, fixed_clock):
    from hotel_phone import paths

    folder = paths.data_dir() / "backups"
    backup.auto_backup(folder, keep=3)
    assert backup.last_failure() is None


@pytest.mark.sqlite_only("checks a copy of the SQLite file")
def test_a_backup_with_ended_calls_is_sound(hotel, guest, fixed_clock, tmp_path):
    from hotel_phone import longdistance as ld

    charged = ld.book(hotel, guest.id, "ACME Ltd", "+44 20 7946 0958")
    ld.place(hotel, charged.id)
    ld.connected(hotel, charged.id)
    fixed_clock.advance(minutes=3)
    assert ld.end(hotel, charged.id).charge_fen > 0
    nothing = ld.book(hotel, guest.id, "ACME Ltd", "+44 20 7946 0958")
    ld.place(hotel, nothing.id)
    ld.connected(hotel, nothing.id)
    ld.end(hotel, nothing.id)  # within the grace period: rated at nothing, posts nothing
    result = backup.check(backup.backup(tmp_path / "calls.sqlite3"))
    assert result.ok, result.problems
