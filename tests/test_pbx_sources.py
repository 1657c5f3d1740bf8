"""PBX sources: a watched file (appended, rotated, truncated) and TCP feeds on 127.0.0.1 that drop and resend."""

from __future__ import annotations

import os
import socket
import threading
from datetime import date, datetime

import pytest

from hotel_phone import audit, stays
from hotel_phone.db import FolioPosting, PbxCall, PbxLine
from hotel_phone.pbx import sources
from hotel_phone.stays import StayInput
from tests.conftest import SHANGHAI


@pytest.fixture
def guest(hotel, fixed_clock):
    fixed_clock.set(datetime(2026, 11, 27, 8, 0, tzinfo=SHANGHAI))
    stay = stays.check_in(hotel, StayInput(room="201", name="Anna Berg", language="en",
                                           arrival=date(2026, 11, 27), departure=date(2026, 11, 30)))
    fixed_clock.set(datetime(2026, 11, 28, 10, 0, tzinfo=SHANGHAI))
    return stay


def call_line(n: int) -> bytes:
    """A FreeSWITCH default-template record of an answered call from room 201, uuid n."""
    minute = 9 * 60 + n // 10
    stamp = f"2026-11-27 {minute // 60:02d}:{minute % 60:02d}:{n % 10:02d}"
    return (f'"Room 201","201","6234{n:04d}","default","{stamp}","{stamp}","{stamp}","70","65",'
            f'"NORMAL_CLEARING","uuid-{n:05d}","",""').encode()


def posted_keys() -> list[str]:
    return sorted(c.natural_key for c in PbxCall.select().where(PbxCall.status == "posted"))


def test_watched_file_appended_rotated_and_truncated(guest, tmp_path):
    path = tmp_path / "Master.csv"
    src = sources.add_source(None, "fs", "freeswitch", kind="watch", address=str(path))
    path.write_bytes(call_line(1) + b"\n" + call_line(2)[:30])  # the PBX is writing line 2
    w = sources.FileWatcher(src.id)
    assert w.poll().posted == 1
    with path.open("ab") as f:
        f.write(call_line(2)[30:] + b"\n" + call_line(3) + b"\n")
    assert w.poll().posted == 2
    assert w.poll().lines == 0
    # Rotation: the PBX appends a last line to the old file, renames it and starts a new one.
    with path.open("ab") as f:
        f.write(call_line(4) + b"\n")
    os.rename(path, tmp_path / "Master.csv.1")
    path.write_bytes(call_line(5) + b"\n")
    assert w.poll().posted == 2
    # Truncated in place and written again from the start.
    path.write_bytes(call_line(6) + b"\n")
    assert w.poll().posted == 1
    w.close()
    # A new reader (the app restarted) resumes where the stored lines end.
    with path.open("ab") as f:
        f.write(call_line(7) + b"\n")
    w2 = sources.FileWatcher(src.id)
    assert w2.poll().posted == 1
    w2.close()
    assert posted_keys() == [f"uuid-{n:05d}" for n in range(1, 8)]
    assert [bytes(r.raw) for r in PbxLine.select().order_by(PbxLine.id)] == [call_line(n) for n in range(1, 8)]


def test_tcp_listen_drop_mid_line_and_resend_last_50_posts_each_call_once(guest):
    src = sources.add_source(None, "smdr", "freeswitch", kind="listen", address="127.0.0.1:0")
    feed = sources.Feed(src.id)
    feed.start()
    try:
        assert feed.ready.wait(5) and feed.port
        lines = [call_line(n) for n in range(120)]
        with socket.create_connection(("127.0.0.1", feed.port), timeout=5) as s:
            s.sendall(b"\n".join(lines[:80]) + b"\n" + lines[80][:25])  # dropped in the middle of line 80
        assert sources.wait_until(lambda: PbxLine.select().where(PbxLine.reason == "cut").exists(), 10)
        with socket.create_connection(("127.0.0.1", feed.port), timeout=5) as s:
            s.sendall(b"\n".join(lines[30:120]) + b"\n")  # after reconnecting the PBX resends its last 50
        assert sources.wait_until(lambda: PbxCall.select().count() == 120, 10)
    finally:
        feed.stop()
        feed.join(5)
    assert not feed.is_alive()
    assert posted_keys() == sorted(f"uuid-{n:05d}" for n in range(120))
    assert FolioPosting.select().count() == 120
    cut = PbxLine.get(PbxLine.reason == "cut")
    assert (cut.outcome, bytes(cut.raw)) == ("error", lines[80][:25])  # kept, never parsed as a line
    assert PbxLine.select().where(PbxLine.outcome == "duplicate").count() == 50
    assert audit.verify().ok


def test_tcp_connect_reconnects_with_backoff_after_the_pbx_drops(guest):
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    lines = [call_line(n) for n in range(60)]
    accepted = []

    def pbx():  # the PBX's SMDR port: drops the first client mid-line, then serves the rest to the second
        for part in (b"\n".join(lines[:40]) + b"\n" + lines[40][:10],
                     b"\n".join(lines[10:60]) + b"\n"):
            conn, _peer = server.accept()
            accepted.append(conn)
            conn.sendall(part)
            conn.close()

    t = threading.Thread(target=pbx, daemon=True)
    t.start()
    src = sources.add_source(None, "smdr", "freeswitch", kind="connect", address=f"127.0.0.1:{port}")
    feed = sources.Feed(src.id, first_backoff=0.05, max_backoff=0.2)
    feed.start()
    try:
        assert sources.wait_until(lambda: PbxCall.select().count() == 60, 15)
    finally:
        feed.stop()
        feed.join(5)
        server.close()
    assert len(accepted) == 2
    assert posted_keys() == sorted(f"uuid-{n:05d}" for n in range(60))


def test_tcp_connect_to_nothing_says_waiting_and_stops(hotel):
    probe = socket.create_server(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    src = sources.add_source(None, "smdr", "panasonic", kind="connect", address=f"127.0.0.1:{port}")
    feed = sources.Feed(src.id, first_backoff=0.05, max_backoff=0.1)
    feed.start()
    try:
        assert sources.wait_until(lambda: sources.get_source("smdr").state == "waiting", 5)
    finally:
        feed.stop()
        feed.join(5)
    assert not feed.is_alive() and sources.get_source("smdr").state == "idle"
