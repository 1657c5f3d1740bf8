"""Storage faults: a full disk, a folder that cannot be written, a damaged or empty file: one clear sentence."""

import sqlite3
from datetime import date

import pytest

from hotel_phone import cli, db, folio, i18n, stays
from hotel_phone.db import FolioPosting
from hotel_phone.errors import DatabaseOpenError, StorageError
from hotel_phone.stays import StayInput

pytestmark = pytest.mark.sqlite_only("faults of the SQLite file and its folder")


def test_full_disk_is_one_clear_sentence_and_nothing_half_saved(hotel, database):
    stay = stays.check_in(hotel, StayInput(room="305", name="John Smith", arrival=date(2026, 11, 28),
                                           departure=date(2026, 11, 30)))
    pages = db.database.execute_sql("PRAGMA page_count").fetchone()[0]
    db.database.execute_sql(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk full" from here on
    before = FolioPosting.select().count()
    with pytest.raises(StorageError) as err:
        for _ in range(2000):
            folio.post(hotel, stay.id, "FAX", 100, "x" * 100)
    assert err.value.message() == "The disk is full: nothing was saved. Free some space on it, then try again."
    assert "rollback" not in err.value.message()
    assert FolioPosting.select().count() >= before
    assert db.database.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    i18n.set_language("zh_CN")
    assert "磁盘已满" in err.value.message()


def test_read_only_database_is_one_clear_sentence(hotel, database):
    db.database.execute_sql("PRAGMA query_only = 1")  # as a read-only file or share answers
    with pytest.raises(StorageError, match="cannot be written"):
        stays.check_in(hotel, StayInput(room="305", name="John Smith", arrival=date(2026, 11, 28),
                                        departure=date(2026, 11, 30)))


def test_unwritable_folder_is_one_clear_sentence(capsys):
    with pytest.raises(DatabaseOpenError, match="cannot be written"):
        db.open_database("/proc/hotel.sqlite3")  # not writable, even for root
    assert cli.main(["--lang", "en", "report", "2026-11-28", "--db", "/proc/hotel.sqlite3"]) == 2
    assert "cannot be written" in capsys.readouterr().err


def test_empty_file_is_refused_not_set_up(tmp_path, capsys):
    empty = tmp_path / "hotel.sqlite3"
    empty.touch()
    with pytest.raises(DatabaseOpenError, match="empty"):
        db.open_database(empty)
    assert cli.main(["--lang", "en", "init", "--demo", "--db", str(empty)]) == 2
    assert "0 bytes" in capsys.readouterr().err and empty.stat().st_size == 0


def _damage(path, table):
    db.close_database()
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * size + 3)
        f.write(b"\x00\x40" + b"\xff" * 128)


@pytest.mark.parametrize("command", [["report", "2026-11-28", "--csv", "day.csv"], ["folio", "305", "--pdf", "f.pdf"]])
def test_report_and_folio_fail_on_a_damaged_database(hotel, database, tmp_path, capsys, command, monkeypatch):
    stays.check_in(hotel, StayInput(room="305", name="John Smith", arrival=date(2026, 11, 28),
                                    departure=date(2026, 11, 30)))
    _damage(database, "room_move")  # a table neither reads: only a check finds it
    monkeypatch.chdir(tmp_path)
    assert cli.main(["--lang", "en", *command, "--db", str(database)]) == 2
    assert "damaged" in capsys.readouterr().err
    assert not (tmp_path / command[-1]).exists()
