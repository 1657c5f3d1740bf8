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
    applog.set_operator("op1")
    applog.set_activity("guests")
    guest, number = ["John Smith", "张伟"], "+86 138 0013 8000"  # the frames show code, not these values
    try:
        raise ValueError(f"no room for {guest[0]!r} or {guest[1]}, call {number}")
    except ValueError:
        applog.log_error(*sys.exc_info())
    text = path.read_text(encoding="utf-8")
    assert "Traceback" in text and "test_log_keeps_the_traceback_but_no_guest_data" in text
    assert "[op1 guests]" in text and "ValueError" in text
    for secret in ("John Smith", "张伟", "138", "8000"):
        assert secret not in text
