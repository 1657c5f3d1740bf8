"""Where the PBX's lines come from: a file read once, a file the PBX keeps appending to, or a TCP feed.

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
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from hotel_phone import audit, clock
from hotel_phone.db import PbxSource, database
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_
from hotel_phone.pbx import formats, ingest
from hotel_phone.session import Session
from hotel_phone.textcheck import clean

log = logging.getLogger(__name__)
READ_SIZE = 1 << 20
MAX_BACKOFF = 60.0


def add_source(session: Session | None, name: str, fmt: str, kind: str = "file", address: str = "",
               records_tz: str = "", strip_prefix: str = "") -> PbxSource:
    """A new source of call records (supervisors; the command line's one-off import passes no session)."""
    if session is not None:
        session.require("supervisor")
    name = clean(name, N_("Source name"), 60, required=True)
    formats.get(fmt)
    if kind not in PbxSource.KINDS:
        raise ValidationError(N_("Unknown kind of source: {kind}"), kind=kind)
    if kind in ("listen", "connect"):
        parse_address(address)
    if records_tz and records_tz.upper() not in ("UTC", "GMT"):
        from zoneinfo import ZoneInfo

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


def parse_address(address: str) -> tuple[str, int]:
    host, _sep, port = (address or "").rpartition(":")
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ValidationError(N_("{address} is not host:port."), address=address)
    return host or "127.0.0.1", int(port)


def set_state(source_id: int, state: str, detail: str = "") -> None:
    """What a reader is doing, for the panel (the connection's state is not hotel data: no audit event)."""
    PbxSource.update(state=state, state_detail=detail[:500], state_at=clock.now()).where(
        PbxSource.id == source_id).execute()


def _file_id(st: os.stat_result) -> str:
    return f"{st.st_dev}:{st.st_ino}"


def _split(data: bytes, final: bool) -> list[tuple[bytes, int]]:
    """Complete lines (endings removed), each with the position just after it; a finished file's rest is a line."""
    out = []
    start = 0
    while True:
        end = data.find(b"\n", start)
        if end < 0:
            break
        line = data[start:end]
        out.append((line[:-1] if line.endswith(b"\r") else line, end + 1))
        start = end + 1
    if final and start < len(data):
        out.append((data[start:].rstrip(b"\r"), len(data)))
    return out


def import_file(source: PbxSource, path: str | Path, batch_lines: int = ingest.BATCH) -> ingest.Result:
    """Read a whole file once; run again on the same file, it resumes after the last stored line."""
    path = Path(path)
    try:
        f = path.open("rb")
    except OSError as exc:
        raise ValidationError(N_("Cannot read {path}: {reason}"), path=path, reason=exc.strerror) from exc
    total = ingest.Result()
    with f:
        st = os.fstat(f.fileno())
        fid = _file_id(st)
        offset = source.file_offset if source.file_id == fid and st.st_size >= source.file_offset else 0
        f.seek(offset)
        pending = b""
        while True:
            data = f.read(READ_SIZE)
            buf = pending + data
            lines = _split(buf, final=not data)
            for i in range(0, len(lines), batch_lines):
                chunk = lines[i:i + batch_lines]
                total.add(ingest.ingest(source, [ln for ln, _end in chunk], offset=offset + chunk[-1][1],
                                        file_id=fid))
            used = lines[-1][1] if lines else 0
            offset += used
            pending = buf[used:]
            if not data:
                break
    return total
