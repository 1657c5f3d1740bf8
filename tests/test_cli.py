import subprocess
import sys

from hotel_phone import cli, db, settings, stays


def test_init_demo_then_refuses_to_overwrite(tmp_path, capsys):
    path = tmp_path / "big.sqlite3"
    assert cli.main(["--lang", "en", "init", "--demo", "--rooms", "40", "--db", str(path)]) == 0
    assert "40 rooms" in capsys.readouterr().out
    db.close_database()
    assert cli.main(["--lang", "en", "init", "--demo", "--db", str(path)]) == 2
    assert "already holds a hotel" in capsys.readouterr().err


def test_bad_database_gives_a_sentence_not_a_traceback(tmp_path, capsys):
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    assert cli.main(["--lang", "en", "init", "--demo", "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert "not a hotel_phone database" in err and "Traceback" not in err


def test_guest_import_command(hotel, database, tmp_path, monkeypatch, capsys):
    csv = tmp_path / "in.csv"
    csv.write_text("room,name,arrival,departure\n301,Ann Lee,2026-11-28,2026-11-30\n999,X,2026-11-28,2026-11-30\n")
    monkeypatch.setenv("HOTEL_PHONE_PASSWORD", "secret123")
    db.close_database()
    code = cli.main(["--lang", "en", "guests", "import", str(csv), "--user", "admin", "--db", str(database)])
    out = capsys.readouterr().out
    assert code == 1 and "1 imported" in out and "line 3: Room 999 does not exist" in out
    settings.invalidate()
    assert [r.room for r in stays.search("ann lee")] == ["301"]


def test_wrong_password_on_the_command_line(hotel, database, tmp_path, monkeypatch, capsys):
    csv = tmp_path / "in.csv"
    csv.write_text("room,name\n")
    monkeypatch.setenv("HOTEL_PHONE_PASSWORD", "nope")
    db.close_database()
    assert cli.main(["--lang", "en", "guests", "import", str(csv), "--user", "admin", "--db", str(database)]) == 2
    assert "Wrong user name or password" in capsys.readouterr().err


def test_module_entry_point_runs():
    out = subprocess.run([sys.executable, "-m", "hotel_phone", "--lang", "en", "--help"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "hotel-phone" in out.stdout


def test_messages_purge_command(hotel, database, monkeypatch, capsys):
    monkeypatch.setenv("HOTEL_PHONE_PASSWORD", "secret123")
    db.close_database()
    assert cli.main(["--lang", "en", "messages", "purge", "--user", "admin", "--db", str(database)]) == 0
    assert "0 messages purged." in capsys.readouterr().out


def test_quote_command(hotel, database, capsys):
    db.close_database()
    code = cli.main(["--lang", "en", "quote", "+44 20 7946 0958", "--minutes", "7.2", "--at", "2026-11-28T23:30",
                     "--db", str(database)])
    out = capsys.readouterr().out
    assert code == 0
    assert "Destination: London, United Kingdom (+442079460958)" in out
    assert "Local time there: 2026-11-28 15:30 (−8h from Beijing)" in out
    assert "Zone: Europe" in out and "Charge for 7.2 minutes: CN¥" in out
    db.close_database()
    assert cli.main(["--lang", "en", "quote", "12345", "--minutes", "3", "--db", str(database)]) == 2
    assert "not a possible phone number" in capsys.readouterr().err
