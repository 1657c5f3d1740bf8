"""PBX sources: a watched file (appended, rotated, truncated) and TCP feeds on 127.0.0.1 that drop and resend."""

from __future__ import annotations

import fcntl
import os
import socket
import struct
import termios
import threading
import time
from datetime import date, datetime

import pytest

from hotel_phone import audit, stays
from hotel_phone.db import FolioPosting, PbxCall, PbxLine
from hotel_phone.errors import ValidationError
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


def panasonic_line(n: int) -> bytes:
    """A Panasonic SMDR print line (pattern A): room 201 calls a local number at 8:nn PM, n seconds."""
    return (f"11/27/26 08:{n:02d}PM 201   01 {'96234' + f'{n:04d}':<25} 0'05 00:01'{n % 60:02d}").encode()


def _unread(fd: int) -> int:
    return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0]


def _pty(tmp_path, link):
    """A real pseudo-terminal, found through `link` as a serial port would be (/dev/ttyUSB0...)."""
    master, slave = os.openpty()
    tmp = tmp_path / "link.new"
    os.symlink(os.ttyname(slave), tmp)
    os.replace(tmp, link)
    return master, slave


def test_serial_port_lines_ending_in_cr_alone_cut_by_an_unplug_and_read_again_once_plugged_back(guest, tmp_path):
    """pyserial on a real pseudo-terminal: a Panasonic set to end lines with CR only, an unplugged adapter
    mid-line (the cut part kept, never parsed), the port back under the same name, CR LF lines, a resend."""
    link = tmp_path / "ttyPBX"
    master, slave = _pty(tmp_path, link)
    src = sources.add_source(None, "pana", "panasonic", kind="serial", address=f"{link}@9600,8N1",
                             strip_prefix="9")
    feed = sources.Feed(src.id, first_backoff=0.05, max_backoff=0.2)
    feed.start()
    lines = [panasonic_line(n) for n in range(1, 9)]
    try:
        assert sources.wait_until(lambda: sources.get_source("pana").state == "connected", 10)
        assert "9600 8N1" in sources.get_source("pana").state_detail
        os.write(master, b"\r".join(lines[:3]) + b"\r")  # the last CR ends its line once nothing follows
        assert sources.wait_until(lambda: PbxCall.select().count() == 3, 10)
        os.write(master, lines[3][:20])
        time.sleep(0.3)  # a pseudo-terminal hands written bytes on a moment later
        assert sources.wait_until(lambda: _unread(slave) == 0, 5)  # the reader has the 20 bytes
        os.close(master)  # unplugged in the middle of line 4
        os.close(slave)
        assert sources.wait_until(lambda: PbxLine.select().where(PbxLine.reason == "cut").exists(), 10)
        master, slave = _pty(tmp_path, link)  # plugged back: the same name, another device
        assert sources.wait_until(lambda: sources.get_source("pana").state == "connected", 10)
        os.write(master, b"\r\n".join(lines[2:8]) + b"\r\n")  # resends line 3, then 4 to 8
        assert sources.wait_until(lambda: PbxCall.select().count() == 8, 10)
    finally:
        feed.stop()
        feed.join(5)
        for fd in (master, slave):
            try:
                os.close(fd)
            except OSError:
                pass  # closed by the test already
    assert not feed.is_alive()
    assert [bytes(r.raw) for r in PbxLine.select().where(PbxLine.outcome == "call").order_by(PbxLine.id)] == lines
    cut = PbxLine.get(PbxLine.reason == "cut")
    assert (cut.outcome, bytes(cut.raw)) == ("error", lines[3][:20])
    assert PbxLine.select().where(PbxLine.outcome == "duplicate").count() == 1
    assert PbxLine.select().where(PbxLine.reason == "blank").count() == 0  # no CR LF read as two line ends
    assert PbxCall.select().where(PbxCall.status == "posted").count() == 8
    assert audit.verify().ok


def test_a_missing_serial_port_says_waiting_and_wrong_settings_are_refused(hotel, tmp_path):
    src = sources.add_source(None, "pana", "panasonic", kind="serial", address=str(tmp_path / "ttyNONE"))
    feed = sources.Feed(src.id, first_backoff=0.05, max_backoff=0.1)
    feed.start()
    try:
        assert sources.wait_until(lambda: sources.get_source("pana").state == "waiting", 5)
        assert "ttyNONE" in sources.get_source("pana").state_detail
    finally:
        feed.stop()
        feed.join(5)
    assert sources.parse_serial("COM1") == ("COM1", 9600, "8N1")
    assert sources.parse_serial("/dev/ttyUSB0@19200,7e1") == ("/dev/ttyUSB0", 19200, "7E1")
    for bad in ("", "@9600", "COM1@9601", "COM1@fast", "COM1@9600,9N1", "COM1@9600,8X1"):
        with pytest.raises(ValidationError):
            sources.add_source(None, f"bad {bad}", "panasonic", kind="serial", address=bad)


def test_cr_alone_ends_a_print_line_and_a_cr_lf_split_between_reads_is_one_line_end():
    split = sources._split
    assert split(b"a\rb\r\nc\nd\r", final=False, cr=True) == [(b"a", 2), (b"b", 5), (b"c", 7)]  # d\r waits
    assert split(b"d\r", final=True, cr=True) == [(b"d", 2)]
    assert split(b"d\r\ne", final=False, cr=True) == [(b"d", 3)]
    assert split(b"a\rb\n", final=False) == [(b"a\rb", 4)]  # CSV formats: only LF ends a line
