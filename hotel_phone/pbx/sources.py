"""Where the PBX's lines come from: a file read once, a file the PBX keeps appending to, a TCP feed or a
serial port.

Files: the offset of the last stored line is saved in the same transaction as
the lines, so a reader killed at any moment resumes exactly after what was
stored. A file replaced by a new one (rotation: another inode) is read from
its start, after the old one has been drained; a file shorter than the saved
offset (truncated in place) is read from its start too.

TCP: the app listens for the PBX, or connects to the PBX's SMDR port and
reconnects with a growing pause. Only complete lines (ending in a newline) are
parsed; bytes left over when the connection drops are stored as a cut line,
never parsed. A PBX that resends after reconnecting posts nothing twice: the
natural keys are unique.

Serial: the PBX's RS-232C port (a Panasonic's SMDR port) read like a TCP feed
with pyserial; a port that is missing or goes away (an unplugged USB adapter)
is opened again with a growing pause.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import socket
import threading
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from hotel_phone import audit, clock
from hotel_phone.db import PbxSource, database, retrying
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_
from hotel_phone.pbx import formats, ingest
from hotel_phone.session import Session
from hotel_phone.textcheck import clean

log = logging.getLogger(__name__)
READ_SIZE = 1 << 20
MAX_BACKOFF = 60.0


@retrying
def add_source(session: Session | None, name: str, fmt: str, kind: str = "file", address: str = "",
               records_tz: str = "", strip_prefix: str = "") -> PbxSource:
    """A new source of call records (supervisors; the command line's one-off import passes no session)."""
    if session is not None:
        session.require_may("pbx.sources")
    name = clean(name, N_("Source name"), 60, required=True)
    formats.get(fmt)
    if kind not in PbxSource.KINDS:
        raise ValidationError(N_("Unknown kind of source: {kind}"), kind=kind)
    address = clean(address, N_("Path or address"), 250)
    records_tz = clean(records_tz, N_("Time zone of the records"), 60)
    strip_prefix = clean(strip_prefix, N_("Outside-line prefix"), 4)
    if kind in ("listen", "connect"):
        parse_address(address, any_port=kind == "listen")
    if kind == "serial":
        parse_serial(address)
    if kind == "watch" and not address:
        raise ValidationError(N_("A watched file needs the path of the file the PBX writes."))
    if records_tz and records_tz.upper() not in ("UTC", "GMT"):

        try:
            ZoneInfo(records_tz)
        except (KeyError, ValueError):
            raise ValidationError(N_("Unknown time zone: {zone}"), zone=records_tz) from None
    if strip_prefix and not strip_prefix.isdigit():
        raise ValidationError(N_("The outside-line prefix must be digits."))
    with database.atomic():
        if PbxSource.select().where(PbxSource.name == name).exists():
            raise ValidationError(N_("A source named {name} exists already."), name=name)
        src = PbxSource.create(name=name, format=fmt, kind=kind, address=address, records_tz=records_tz,
                               strip_prefix=strip_prefix, created_at=clock.now())
        audit.record(session, "pbx_source_added", src, f"{name}: {fmt}, {kind} {address}")
    return src


def get_source(name: str) -> PbxSource:
    src = PbxSource.get_or_none(PbxSource.name == name)
    if src is None:
        raise ValidationError(N_("There is no source named {name}."), name=name)
    return src


def parse_address(address: str, any_port: bool = False) -> tuple[str, int]:
    """host:port; port 0 (any free port, for tests) only where the app listens."""
    host, _sep, port = (address or "").rpartition(":")
    if not port.isdigit() or not (0 if any_port else 1) <= int(port) < 65536:
        raise ValidationError(N_("{address} is not host:port."), address=address)
    return host or "127.0.0.1", int(port)


def set_state(source_id: int, state: str, detail: str = "") -> None:
    """What a reader is doing, for the panel (the connection's state is not hotel data: no audit event)."""
    PbxSource.update(state=state, state_detail=detail[:500], state_at=clock.now()).where(
        PbxSource.id == source_id).execute()


def _file_id(fd: int) -> str:
    """device:inode:hash of the first line - a file rewritten in place has another first line."""
    st = os.fstat(fd)
    head = os.pread(fd, 512, 0)
    end = head.find(b"\n")
    first = hashlib.sha1(head[:end]).hexdigest()[:12] if end >= 0 else ""
    return f"{st.st_dev}:{st.st_ino}:{first}"


def _same_file(a: str, b: str) -> bool:
    """The same file, as far as can be told (a file without a whole first line yet matches on its inode)."""
    a_inode, _s, a_head = a.rpartition(":")
    b_inode, _s, b_head = b.rpartition(":")
    return a_inode == b_inode and (a_head == b_head or not a_head or not b_head)


def _split(data: bytes, final: bool, cr: bool = False) -> list[tuple[bytes, int]]:
    """Complete lines (endings removed), each with the position just after it; a finished file's rest is a line.

    `cr`: a carriage return alone ends a line too (a Panasonic's RS-232C "NL code" may be CR only); one at the
    very end is held back unless `final`, since the line feed of a CR LF may be in the next read.
    """
    if cr:
        return _split_cr(data, final)
    *lines, rest = data.split(b"\n")  # rest: what follows the last line feed
    out = []
    end = 0
    for line in lines:
        end += len(line) + 1
        out.append((line[:-1] if line[-1:] == b"\r" else line, end))
    if final and rest:
        out.append((rest.rstrip(b"\r"), len(data)))
    return out


_LINE_END = re.compile(rb"\r\n?|\n")


def _split_cr(data: bytes, final: bool) -> list[tuple[bytes, int]]:
    out = []
    start = 0
    for m in _LINE_END.finditer(data):
        if m.end() == len(data) and m.group() == b"\r" and not final:
            break
        out.append((data[start:m.start()], m.end()))
        start = m.end()
    if final and start < len(data):
        out.append((data[start:], len(data)))
    return out


def _cr_ends_lines(src: PbxSource) -> bool:
    """Print-line formats (Panasonic) may end lines with CR alone; a CSV format's lines end in LF."""
    return formats.get(src.format).layout == "fixed"


def import_file(source: PbxSource, path: str | Path, batch_lines: int = ingest.BATCH) -> ingest.Result:
    """Read a whole file once; run again on the same file, it resumes after the last stored line."""
    path = Path(path)
    try:
        f = path.open("rb")
    except OSError as exc:
        raise ValidationError(N_("Cannot read {path}: {reason}"), path=path, reason=exc.strerror) from exc
    with f:
        fid = _file_id(f.fileno())
        size = os.fstat(f.fileno()).st_size
        offset = source.file_offset if _same_file(source.file_id, fid) and size >= source.file_offset else 0
        f.seek(offset)
        return ingest.ingest_batches(source, _file_batches(f, offset, fid, batch_lines, _cr_ends_lines(source)))


def _file_batches(f, offset: int, fid: str, batch_lines: int, cr: bool = False):
    """Full batches of whole lines as the file is read, each with the offset after its last line; the rest
    once the file is read to its end."""
    pending = b""
    lines: list[bytes] = []  # whole lines read but not handed on yet; `ends` is the file offset after each
    ends: list[int] = []
    while True:
        data = f.read(READ_SIZE)
        buf = pending + data
        split = _split(buf, final=not data, cr=cr)
        lines += [ln for ln, _end in split]
        ends += [offset + end for _ln, end in split]
        used = split[-1][1] if split else 0
        offset += used
        pending = buf[used:]
        while len(lines) >= batch_lines or (not data and lines):
            n = min(batch_lines, len(lines))
            yield ingest.Batch(lines[:n], ends[n - 1], fid)
            del lines[:n], ends[:n]
        if not data:
            return


# -- a file the PBX keeps appending to (Asterisk's Master.csv) -------------------------------

class FileWatcher:
    """Reads what was appended since the last poll; keeps the file open to drain it when it is rotated."""

    def __init__(self, source_id: int):
        self.source_id = source_id
        self.f = None
        self.fid = ""
        self.offset = 0

    def _open(self, src: PbxSource) -> bool:
        try:
            self.f = open(src.address, "rb")  # noqa: SIM115 - kept open between polls on purpose
        except OSError as exc:
            set_state(self.source_id, "waiting", f"{src.address}: {exc.strerror}")
            return False
        self.fid = _file_id(self.f.fileno())
        same = _same_file(src.file_id, self.fid) and os.fstat(self.f.fileno()).st_size >= src.file_offset
        self.offset = src.file_offset if same else 0  # another file, or the same one truncated
        self.f.seek(self.offset)
        set_state(self.source_id, "watching", src.address)
        return True

    def poll(self) -> ingest.Result:
        src = PbxSource.get_by_id(self.source_id)
        total = ingest.Result()
        if self.f is None and not self._open(src):
            return total
        now_id = _file_id(self.f.fileno())
        if os.fstat(self.f.fileno()).st_size < self.offset or not _same_file(self.fid, now_id):
            self.offset = 0  # truncated, or rewritten from the start, while open
            self.f.seek(0)
        self.fid = now_id
        total.add(self._read(src, final=False))
        try:
            with open(src.address, "rb") as f:
                rotated = _file_id(f.fileno()).rpartition(":")[0] != self.fid.rpartition(":")[0]
        except OSError:
            rotated = False  # renamed away, the new one not there yet: keep reading the old
        if rotated:
            total.add(self._read(src, final=True))  # drain the old file to its very end, then take the new one
            self.close()
            if self._open(src):
                total.add(self._read(src, final=False))
        return total

    def _read(self, src: PbxSource, final: bool) -> ingest.Result:
        total = ingest.Result()
        data = self.f.read()
        # Only whole lines are taken; a line the PBX is still writing is read again next time.
        lines = _split(data, final, _cr_ends_lines(src))
        used = lines[-1][1] if lines else 0
        self.f.seek(self.offset + used)
        for i in range(0, len(lines), ingest.BATCH):
            chunk = lines[i:i + ingest.BATCH]
            total.add(ingest.ingest(src, [ln for ln, _e in chunk], offset=self.offset + chunk[-1][1],
                                    file_id=self.fid))
        if not lines and src.file_id != self.fid:  # a new file, nothing in it yet: remember which it is
            PbxSource.update(file_offset=self.offset, file_id=self.fid).where(PbxSource.id == src.id).execute()
            src.file_offset, src.file_id = self.offset, self.fid
        self.offset += used
        return total

    def close(self) -> None:
        if self.f is not None:
            self.f.close()
            self.f = None


# -- TCP: the PBX pushes to us, or we connect to its SMDR port ------------------------------------

class Feed(threading.Thread):
    """Reads one source's TCP feed until stopped; runs in its own thread with its own connection."""

    def __init__(self, source_id: int, first_backoff: float = 1.0, max_backoff: float = MAX_BACKOFF,
                 poll: float = 1.0):
        super().__init__(daemon=True, name=f"pbx-feed-{source_id}")
        self.source_id = source_id
        self.stopping = threading.Event()
        self.ready = threading.Event()
        self.first_backoff = first_backoff
        self.max_backoff = max_backoff
        self.poll = poll
        self.port: int | None = None
        self.error: Exception | None = None

    def stop(self) -> None:
        self.stopping.set()

    def run(self) -> None:
        try:
            src = PbxSource.get_by_id(self.source_id)
            if src.kind == "watch":
                self._watch()
            elif src.kind == "listen":
                self._listen(src)
            elif src.kind == "serial":
                self._serial(src)
            else:
                self._connect(src)
        except Exception as exc:  # the panel shows it; the thread must not die silently
            log.exception("PBX feed %s stopped", self.source_id)
            self.error = exc
            set_state(self.source_id, "error", str(exc))
        finally:
            self.ready.set()
            database.close()

    def _watch(self) -> None:
        watcher = FileWatcher(self.source_id)
        self.ready.set()
        try:
            while not self.stopping.is_set():
                try:
                    watcher.poll()
                except OSError as exc:
                    set_state(self.source_id, "error", str(exc))
                    watcher.close()
                self.stopping.wait(self.poll)
        finally:
            watcher.close()
            set_state(self.source_id, "idle")

    def _listen(self, src: PbxSource) -> None:
        host, port = parse_address(src.address, any_port=True)
        with socket.create_server((host, port)) as server:
            self.port = server.getsockname()[1]
            server.settimeout(0.2)
            set_state(self.source_id, "listening", f"{host}:{self.port}")
            self.ready.set()
            while not self.stopping.is_set():
                try:
                    conn, peer = server.accept()
                except TimeoutError:
                    continue
                set_state(self.source_id, "connected", f"{peer[0]}:{peer[1]}")
                self._read(conn)
                set_state(self.source_id, "listening", f"{host}:{self.port}")
        set_state(self.source_id, "idle")

    def _connect(self, src: PbxSource) -> None:
        host, port = parse_address(src.address)
        self._keep_open(f"{host}:{port}", lambda: socket.create_connection((host, port), timeout=5),
                        f"{host}:{port}", "disconnected")

    def _serial(self, src: PbxSource) -> None:
        import serial  # pyserial: loaded only by a station that reads a serial port

        port, baud, frame = parse_serial(src.address)
        self._keep_open(port, lambda: _SerialLink(serial.Serial(
            port, baud, bytesize=int(frame[0]), parity=frame[1], stopbits=int(frame[2]), timeout=0.2)),
            f"{port} {baud} {frame}", "closed")

    def _keep_open(self, where: str, open_link, connected: str, dropped: str) -> None:
        """Open the link, read it until it drops, open it again; the pause grows while opening fails."""
        backoff = self.first_backoff
        self.ready.set()
        while not self.stopping.is_set():
            try:
                link = open_link()
            except (OSError, ValueError) as exc:  # refused, no such port, port in use (SerialException)...
                set_state(self.source_id, "waiting",
                          f"{where}: {getattr(exc, 'strerror', None) or exc}; retry in {backoff:g} s")
                self.stopping.wait(backoff)
                backoff = min(backoff * 2, self.max_backoff)
                continue
            backoff = self.first_backoff
            set_state(self.source_id, "connected", connected)
            self._read(link)
            set_state(self.source_id, "waiting", f"{where}: {dropped}; retry in {backoff:g} s")
            self.stopping.wait(backoff)
        set_state(self.source_id, "idle")

    def _read(self, conn) -> None:
        """Whole lines as they come from a socket or a serial port; what a disconnect cut is stored as cut."""
        src = PbxSource.get_by_id(self.source_id)
        cr = _cr_ends_lines(src)
        pending = b""
        with conn:
            conn.settimeout(0.2)
            while not self.stopping.is_set():
                try:
                    data = conn.recv(65536)
                except TimeoutError:
                    if cr and pending.endswith(b"\r"):  # nothing followed the CR: it ended the line
                        ingest.ingest(src, [ln for ln, _e in _split(pending, final=True, cr=True)])
                        pending = b""
                    continue
                except OSError:
                    break
                if not data:
                    break
                pending += data
                lines = _split(pending, final=False, cr=cr)
                if lines:
                    pending = pending[lines[-1][1]:]
                    ingest.ingest(src, [ln for ln, _e in lines])
                if len(pending) > formats.MAX_LINE:  # a PBX sending no line ends: store, do not grow forever
                    ingest.ingest(src, [], cut=[pending])
                    pending = b""
        if pending:
            ingest.ingest(src, [], cut=[pending])  # the connection dropped mid-line: kept, never parsed


class _SerialLink:
    """A serial port read like the TCP socket: recv() raises TimeoutError when nothing came in the port's
    timeout, OSError (SerialException) when the port went away (an unplugged USB adapter)."""

    def __init__(self, port):
        self.port = port

    def settimeout(self, _seconds: float) -> None:
        pass  # the port was opened with its timeout

    def recv(self, size: int) -> bytes:
        data = self.port.read(max(1, min(size, self.port.in_waiting)))
        if not data:
            raise TimeoutError
        return data

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.port.close()
        except OSError:
            pass  # already gone


SERIAL_FRAMES = {f"{bits}{parity}{stop}" for bits in "78" for parity in "NEO" for stop in "12"}
SERIAL_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)


def parse_serial(address: str) -> tuple[str, int, str]:
    """'PORT', 'PORT@BAUD' or 'PORT@BAUD,8N1' (the PBX's RS-232C settings; default 9600 8N1)."""
    port, _sep, rest = (address or "").strip().partition("@")
    baud, _sep, frame = rest.partition(",")
    baud, frame = baud.strip() or "9600", frame.strip().upper() or "8N1"
    if not port.strip() or not baud.isdigit() or int(baud) not in SERIAL_RATES or frame not in SERIAL_FRAMES:
        raise ValidationError(N_("{address} is not a serial port with its settings, e.g. COM1@9600,8N1 or "
                                 "/dev/ttyUSB0@9600."), address=address)
    return port.strip(), int(baud), frame


def wait_until(predicate, timeout: float) -> bool:
    """For callers that wait for a feed (tests, the command line): poll `predicate` until true or timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def source_named(name: str) -> PbxSource | None:
    return PbxSource.get_or_none(PbxSource.name == name)


def start_all() -> list[Feed]:
    """A reader thread for every active watched file and TCP feed."""
    feeds = []
    for src in PbxSource.select().where(PbxSource.active,
                                        PbxSource.kind.in_(("watch", "listen", "connect", "serial"))):
        feed = Feed(src.id)
        feed.start()
        feeds.append(feed)
    return feeds
