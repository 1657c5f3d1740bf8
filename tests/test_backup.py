import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hotel_phone import backup, cli, db, folio, stays
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
    backup.restore(copy, restored)
    db.close_database()
    db.open_database(restored)
    from hotel_phone import audit

    import sqlite3

    in_copy = sqlite3.connect(copy).execute("SELECT count(*) FROM folio_posting").fetchone()[0]
    assert audit.verify().ok and FolioPosting.select().count() == in_copy


@pytest.mark.sqlite_only("copies of the SQLite file; the server's pg_dump backups are tested in test_pg_backup.py")
def test_restore_refuses_text_and_newer_schema_changing_nothing(hotel, database, tmp_path, capsys):
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
        assert cli.main(["--lang", "en", "restore", str(bad), "--db", str(database)]) == 2
        assert message in capsys.readouterr().err
    assert digest(database) == before
    assert not list(tmp_path.glob("hotel.sqlite3.before-restore-*"))


@pytest.mark.sqlite_only("copies of the SQLite file; the server's pg_dump backups are tested in test_pg_backup.py")
def test_restore_keeps_the_current_database_aside(hotel, database, tmp_path, capsys):
    copy = backup.backup(tmp_path / "copy.sqlite3")
    db.close_database()
    assert cli.main(["--lang", "en", "restore", str(copy), "--db", str(database)]) == 0
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
