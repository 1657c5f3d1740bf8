"""What support and a new desk PC rely on: --version, --self-check, the log without guest data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args, env=None, timeout=120):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run([sys.executable, "-m", "hotel_phone", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def test_version_names_program_database_schema_and_qt(database):
    from hotel_phone import __version__, db

    out = _run("--version", "--db", str(database), "--lang", "en")
    assert out.returncode == 0, out.stderr
    assert __version__ in out.stdout
    assert str(database) in out.stdout
    assert f"Schema: {db.SCHEMA_VERSION} (this program writes {db.SCHEMA_VERSION})" in out.stdout
    assert "Qt: 6." in out.stdout


def test_version_hides_a_server_password():
    from hotel_phone import about

    shown = about.shown_target("postgresql://desk:s3cret@db.hotel.lan:5432/hotel")
    assert "s3cret" not in shown and "desk:***@db.hotel.lan:5432" in shown


def test_self_check_passes_without_touching_the_station(tmp_path):
    data = tmp_path / "station-data"
    out = _run("--self-check", env={"HOTEL_PHONE_DATA_DIR": str(data)})
    assert out.returncode == 0, out.stdout + out.stderr
    assert "self-check passed" in out.stdout
    assert "CJK font embedded" in out.stdout
    assert not data.exists() or not any(data.iterdir())  # the station's folder was not used


def test_log_keeps_the_traceback_but_no_guest_data(tmp_path):
    from hotel_phone import applog

    path = applog.setup()
    applog.signed_in("op1")
    applog.set_activity("guests")
    guest, number = ["John Smith", "张伟"], "+86 138 0013 8000"  # the frames show code, not these values
    try:
        raise ValueError(f"no room for {guest[0]!r} or {guest[1]}, call {number}")
    except ValueError:
        applog.log_error(*sys.exc_info())
    text = path.read_text(encoding="utf-8")
    assert "Traceback" in text and "test_log_keeps_the_traceback_but_no_guest_data" in text
    assert "[op1 guests]" in text and "ValueError: (text withheld" in text
    for secret in ("John Smith", "张伟", "138", "8000"):
        assert secret not in text


def test_storage_errors_keep_their_words_with_values_masked():
    import sqlite3

    from hotel_phone import applog

    value, number = "Zhang Wei", "13800138000"
    try:
        raise sqlite3.OperationalError(f"database is locked near {value!r} {number}")
    except sqlite3.OperationalError:
        text = applog.format_error(*sys.exc_info())
    assert "database is locked" in text and "Zhang Wei" not in text and "13800138000" not in text


def _start_gui(database, data_dir):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOTEL_PHONE_DATA_DIR": str(data_dir),
           "HOTEL_PHONE_CONFIG_DIR": str(data_dir.parent / "config")}
    return subprocess.Popen([sys.executable, "-m", "hotel_phone", "--db", str(database), "--lang", "en"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_log(log: Path, words: str, seconds: float = 60) -> None:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if log.exists() and words in log.read_text(encoding="utf-8"):
            return
        time.sleep(0.1)
    raise AssertionError(f"{words!r} never reached {log}")


def test_a_second_start_raises_the_first_and_exits(hotel, database, tmp_path):
    from hotel_phone import db

    db.close_database()
    data = tmp_path / "station"
    data.mkdir()
    log = data / "hotel_phone.log"
    first = _start_gui(database, data)
    try:
        _wait_for_log(log, "this start is the running one")
        second = _start_gui(database, data)
        out, err = second.communicate(timeout=60)
        assert second.returncode == 0, err
        assert "already running" in out
        _wait_for_log(log, "asked this window to come to the front")
        assert first.poll() is None  # the first one still runs
    finally:
        first.kill()
        first.wait()


def _first_to_end(*processes, seconds: float = 90):
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for p in processes:
            if p.poll() is not None:
                return p
        time.sleep(0.05)
    raise AssertionError("neither start ended")


def test_two_starts_at_once_leave_one_window_in_front(hotel, database, tmp_path):
    """Both started together: one is the running one, the other waits until it listens (after its sign-in is
    painted) and raises it, then ends. Before, the second found nobody listening and ended silently."""
    from hotel_phone import db

    db.close_database()
    data = tmp_path / "station"
    data.mkdir()
    log = data / "hotel_phone.log"
    starts = [_start_gui(database, data), _start_gui(database, data)]
    try:
        second = _first_to_end(*starts)
        out, err = second.communicate(timeout=60)
        assert second.returncode == 0, err
        assert "already running" in out
        _wait_for_log(log, "asked this window to come to the front")
        _wait_for_log(log, "brought to the front: SignInDialog")
        running = [p for p in starts if p is not second]
        assert running[0].poll() is None  # never two windows, never none
        assert log.read_text(encoding="utf-8").count("this start is the running one") == 1
    finally:
        for p in starts:
            p.kill()
            p.wait()


def test_a_start_while_the_first_is_not_yet_listening_waits_for_it(hotel, database, tmp_path, monkeypatch, qtbot):
    """The first start holds the lock but listens only later (here: this test process, after 1.5 s): the
    second start keeps asking, raises it once it listens, and only then ends."""
    import time

    from hotel_phone import db
    from hotel_phone.ui import single_instance

    db.close_database()
    data = tmp_path / "station"
    data.mkdir()
    monkeypatch.setenv("HOTEL_PHONE_DATA_DIR", str(data))
    first = single_instance.SingleInstance()
    assert first.acquire(listen=False)
    asked = []
    first.raise_requested.connect(lambda: asked.append(time.monotonic()))
    second = _start_gui(database, data)
    try:
        qtbot.wait(1500)
        assert second.poll() is None  # still asking: it neither gave up nor opened a second window
        listening = time.monotonic()
        first.listen()
        qtbot.waitUntil(lambda: bool(asked), timeout=30000)
        out, err = second.communicate(timeout=60)
        assert second.returncode == 0, err
        assert "already running" in out and asked[0] >= listening
        assert not (data / "hotel_phone.log").exists() or "running one" not in (data / "hotel_phone.log").read_text(
            encoding="utf-8")
    finally:
        second.kill()
        second.wait()
        first.release()


def test_a_start_that_never_hears_back_says_so(tmp_path, monkeypatch, qtbot):
    """A running start that never answers: the second says so after its wait, not a silent nothing."""
    from hotel_phone.ui import single_instance

    monkeypatch.setenv("HOTEL_PHONE_DATA_DIR", str(tmp_path))
    first = single_instance.SingleInstance()
    assert first.acquire(listen=False)
    try:
        second = single_instance.SingleInstance()
        assert not second.acquire(listen=False, wait=0.3)
        assert not second.answered
    finally:
        first.release()


def test_a_crashed_start_does_not_block_the_next(hotel, database, tmp_path):
    from hotel_phone import db

    db.close_database()
    data = tmp_path / "station"
    data.mkdir()
    log = data / "hotel_phone.log"
    first = _start_gui(database, data)
    _wait_for_log(log, "this start is the running one")
    first.kill()  # SIGKILL: the lock file stays behind
    first.wait()
    assert (data / "hotel_phone.lock").exists()
    log.unlink()
    again = _start_gui(database, data)
    try:
        _wait_for_log(log, "this start is the running one")
    finally:
        again.kill()
        again.wait()


def test_the_log_masks_what_a_database_server_quotes_of_a_row():
    from hotel_phone import applog

    said = ('duplicate key value violates unique constraint "stay_name"\nDETAIL:  Key (name, room_id)=(john smith, 12) '
            'already exists.\nnull value in column "x" violates not-null constraint\nDETAIL:  Failing row contains '
            '(7, john smith, Zebediah (Ted), null).')
    masked = applog.redact(said)
    assert "john" not in masked and "Zebediah" not in masked and "Ted" not in masked
    assert "Key (name, room_id)=(…)" in masked and "Failing row contains (…)" in masked


def test_a_failing_self_check_says_what_broke_and_exits_1(monkeypatch, capsys):
    from hotel_phone.ui import selfcheck

    def checks(_tmp):
        yield "database opened"
        raise AssertionError("no TrueType CJK font found: Chinese would print blank")

    monkeypatch.setattr(selfcheck, "_checks", checks)
    assert selfcheck.run() == 1
    out = capsys.readouterr()
    assert "ok: database opened" in out.out and "self-check FAILED" in out.out
    assert "no TrueType CJK font found" in out.err  # the traceback names what broke


def test_the_log_rotates_at_its_size_and_keeps_five_old_files(tmp_path, monkeypatch):
    from logging.handlers import RotatingFileHandler

    from hotel_phone import applog

    monkeypatch.setenv("HOTEL_PHONE_DATA_DIR", str(tmp_path))
    path = applog.setup()
    handler = next(h for h in applog.log.handlers if isinstance(h, RotatingFileHandler)
                   and Path(h.baseFilename) == path)
    try:
        assert (handler.maxBytes, handler.backupCount) == (1_000_000, 5)  # "rotated at 1 MB, five old files"
        handler.maxBytes = 2000  # the same rotation, quicker
        for i in range(400):
            applog.log.info("line %d of the shift", i)
        kept = sorted(p.name for p in path.parent.glob(path.name + "*"))
        assert kept == [path.name] + [f"{path.name}.{n}" for n in range(1, 6)]
        assert all(p.stat().st_size <= 2200 for p in path.parent.glob(path.name + "*"))
    finally:
        applog.log.removeHandler(handler)
        handler.close()
