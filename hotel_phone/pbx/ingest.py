"""One batch of raw PBX lines: stored, parsed, matched, rated and posted in one transaction.

Every line is stored as received (bytes) with its outcome: a call, ignored
(header, blank, page heading) or an error (truncated, wrong columns...), or a
duplicate of a call already recorded (same natural key from the same source).
A call is then posted (once: its key is unique, and so is the posting's source
key), listed as unmatched with its reason, or recorded as not charged.

Audit: one event per batch, not per call. It names the source, the range of
stored lines, the counts and amounts, and the SHA-256 of the raw bytes, so the
hash chain covers exactly what the PBX sent. 100,000 records a day would make
an event per posting the bulk of the log, and each event must read the
previous hash; the PbxCall rows already say, per call, which line, which stay
and which posting. Work done by hand (assigning or writing off an unmatched
call) is one event per action, as for any other change.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from hotel_phone import audit, clock, dialled, folio, hoteltime, settings, staffcalls, tariff
from hotel_phone.db import (PbxCall, PbxLine, PbxSlip, PbxSource, database, is_postgres, next_numbers, reserve_ids,
                            retrying)
from hotel_phone.errors import ValidationError
from hotel_phone.pbx import formats, matching

BATCH = 5000  # lines per transaction
FUTURE = timedelta(minutes=10)  # a PBX clock a little ahead is tolerated; more is listed
FAR_PAST = timedelta(days=90)


@dataclass
class Result:
    lines: int = 0
    posted: int = 0
    posted_fen: int = 0
    late: int = 0
    unmatched: int = 0
    not_charged: int = 0
    staff: int = 0
    ignored: int = 0
    errors: int = 0
    duplicates: int = 0
    first_line: int | None = None
    last_line: int | None = None

    def add(self, other: Result) -> None:
        for f in fields(self):
            if f.name in ("first_line", "last_line"):
                continue
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        if self.first_line is None:
            self.first_line = other.first_line
        self.last_line = other.last_line if other.last_line is not None else self.last_line

    def summary(self) -> str:
        return (f"lines {self.lines}: posted {self.posted} ({self.posted_fen} fen, late {self.late}), "
                f"unmatched {self.unmatched}, not charged {self.not_charged}, staff {self.staff}, "
                f"ignored {self.ignored}, errors {self.errors}, duplicates {self.duplicates}")


def records_zone(source: PbxSource):
    name = source.records_tz or settings.get("timezone")
    return UTC if name.upper() in ("UTC", "GMT") else ZoneInfo(name)


def describe(started: datetime, dialled: str, dest_zh: str, dest_en: str, billsec: int, tz=None) -> tuple[str, str]:
    """The folio line: when, where, which number and how long (both languages)."""
    return _folio_lines(started.astimezone(tz or hoteltime.zone()).strftime("%m-%d %H:%M"), dest_zh, dest_en,
                        dialled, billsec)


def _folio_lines(local: str, dest_zh: str, dest_en: str, dialled: str, billsec: int) -> tuple[str, str]:
    duration = f"{billsec // 60}:{billsec % 60:02d}"
    zh = f"直拨电话 {local} {dest_zh} {dialled} {duration}"
    en = f"Direct-dialled call {local} {dest_en} {dialled} {duration}"
    if not (dest_zh and dest_en and dialled):  # an empty part would leave two spaces
        zh, en = zh.replace("  ", " "), en.replace("  ", " ")
    return zh, en


class Batch(NamedTuple):
    """Lines stored and processed in one transaction."""

    lines: list[bytes]  # without their line endings
    offset: int | None = None  # a file's offset after the last line, saved in the same transaction
    file_id: str | None = None
    cut: list[bytes] = []  # fragments a disconnect cut off: stored as errors, never parsed as lines


def ingest(source: PbxSource, raws: list[bytes], *, offset: int | None = None, file_id: str | None = None,
           cut: list[bytes] = ()) -> Result:
    """Store and process `raws` (lines without their endings) in batches; `offset` is saved with the last batch.

    `cut` are fragments a disconnect cut off: stored as errors, never parsed as lines.
    """
    chunks = [raws[i:i + BATCH] for i in range(0, len(raws), BATCH)] or [[]]
    last = len(chunks) - 1
    return ingest_batches(source, [Batch(chunk, offset, file_id, list(cut)) if n == last else Batch(chunk)
                                   for n, chunk in enumerate(chunks)])


def ingest_batches(source: PbxSource, batches: Iterable[Batch]) -> Result:
    """Each batch in its own transaction, in order."""
    fmt, tz = formats.get(source.format), records_zone(source)
    total = Result()
    for batch in batches:
        with collector_paused():
            total.add(_batch(source, batch, formats.parse_many(fmt, batch.lines, tz, source.name)))
    if total.staff:
        staffcalls.take_pbx_calls()  # staff extensions' calls go to the company's rules (issue 17)
    return total


@contextmanager
def collector_paused():
    """Python's cyclic garbage collector off for one batch, as it was after.

    A batch makes some fifty objects a line, keeps them all to its end and frees them then, none in a cycle;
    the collector would walk that growing heap again every 700 allocations: 8 % of an import's time. (In
    the desk's window automatic collection is already off: ui/gc_guard collects on the GUI thread.)
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class _Local:
    """The hotel's local minute of the day and the folio's 'MM-DD HH:MM' of a UTC time, made once a minute."""

    def __init__(self, tz):
        self.tz = tz
        self.seen: dict[int, tuple[int, str]] = {}

    def __call__(self, at: datetime) -> tuple[int, str]:
        minute = int(at.timestamp()) // 60
        got = self.seen.get(minute)
        if got is None:
            local = at.astimezone(self.tz)
            got = self.seen[minute] = (local.hour * 60 + local.minute,
                                       f"{local.month:02d}-{local.day:02d} {local.hour:02d}:{local.minute:02d}")
        return got


class _Batch:
    """What deciding a batch's calls needs, looked up once per batch: the occupancy, the tariff, caches."""

    def __init__(self, source: PbxSource, occ: matching.Occupancy | None, rater, area: str, now: datetime, tz):
        self.source_id, self.strip_prefix = source.id, source.strip_prefix
        self.occ, self.rater, self.area = occ, rater, area
        self.earliest, self.latest = now - FAR_PAST, now + FUTURE
        self.local = _Local(tz)


@retrying
def _batch(source: PbxSource, batch: Batch, parsed: list) -> Result:
    """One transaction; `parsed` are the batch's lines parsed."""
    offset, file_id = batch.offset, batch.file_id
    parsed = parsed + [formats.Skip("error", "cut")] * len(batch.cut)
    raws = list(batch.lines) + list(batch.cut)
    r = Result(lines=len(raws))
    if not raws and offset is None:
        return r
    now = clock.now()
    currency = settings.get("currency")
    Skip = formats.Skip
    with database.atomic():
        times = [p.started_at for p in parsed if p.__class__ is not Skip]
        seen = _known_keys(source.id, [p.key for p in parsed if p.__class__ is not Skip])
        try:
            tariff_row, rater = tariff.current()
            area = dialled.area_code(rater)
        except ValidationError:
            tariff_row = rater = None
            area = ""
        ctx = _Batch(source, matching.build(min(times), max(times)) if times else None, rater, area, now,
                     hoteltime.zone())
        line_ids = reserve_ids(PbxLine, len(raws))
        r.first_line, r.last_line = (line_ids[0], line_ids[-1]) if line_ids else (None, None)
        to_db = _to_db()
        texts = to_db is _sqlite_time  # times the record spelled as SQLite stores them are stored as they are
        received = to_db(now)
        tariff_id = tariff_row.id if tariff_row is not None else None
        line_rows = []
        call_rows = []  # each a list in _CALL_COLUMNS order; id and posting_id are filled in below
        charges = []
        counts = dict.fromkeys(("ignored", "errors", "duplicates", "unmatched", "not_charged", "staff"), 0)
        posted = posted_fen = late_count = 0
        sid = source.id
        for line_id, raw, p in zip(line_ids, raws, parsed):
            if p.__class__ is Skip:
                line_rows.append((line_id, sid, received, raw, p.outcome, p.reason))
                counts["ignored" if p.outcome == "ignored" else "errors"] += 1
                continue
            key = p.key
            if key in seen:
                line_rows.append((line_id, sid, received, raw, "duplicate", "duplicate"))
                counts["duplicates"] += 1
                continue
            seen.add(key)
            line_rows.append((line_id, sid, received, raw, "call", ""))
            (direction, ext, other, e164, room_id, stay_id, staff_id, status, reason, fen, zone, dest_zh, dest_en,
             late, lines) = _decide(ctx, p)
            started, answered, ended = (texts and p.utc_texts) or (to_db(p.started_at), to_db(p.answered_at),
                                                                   to_db(p.ended_at))
            if status == "posted":
                charges.append((len(call_rows), folio.CallCharge(stay_id, fen, currency, lines[0], lines[1], "pbx",
                                                                 f"{sid}:{key}")))
                posted += 1
                posted_fen += fen
                late_count += late
            else:
                counts[status] += 1
            call_rows.append([None, line_id, sid, key, ext[:40], direction, other[:80], e164, started, answered, ended,
                              p.billsec, p.disposition[:40], p.answered, room_id, stay_id, staff_id, status, reason,
                              fen, currency, zone, dest_zh, dest_en, tariff_id if status == "posted" else None, None,
                              late])
        r.posted, r.posted_fen, r.late = posted, posted_fen, late_count
        for name, n in counts.items():
            setattr(r, name, n)
        _insert_lines(line_rows)
        posting_ids = folio.post_call_charges([c for _n, c in charges])
        for (n, _c), pid in zip(charges, posting_ids):
            call_rows[n][_POSTING] = pid
        call_ids = _insert_calls(call_rows)
        _insert_slips([cid for cid, row in zip(call_ids, call_rows) if row[_STATUS] == "posted"], received)
        changes = {"last_record_at": now} if times else {}
        if offset is not None:
            changes.update(file_offset=offset, file_id=file_id or source.file_id)
        if changes:
            PbxSource.update(**changes).where(PbxSource.id == source.id).execute()
        digest = hashlib.sha256(b"\n".join(raws)).hexdigest()
        audit.record(None, "pbx_batch", source,
                     f"{source.name}: lines {r.first_line}-{r.last_line}, {r.summary()}; sha256 {digest}")
    if offset is not None:
        source.file_offset = offset
        source.file_id = file_id or source.file_id
    return r


def _known_keys(source_id: int, keys: list[str]) -> set[str]:
    found: set[str] = set()
    unique = list(set(keys))
    for i in range(0, len(unique), 500):
        part = unique[i:i + 500]
        sql = _sql(f"SELECT natural_key FROM pbx_call WHERE source_id = ? AND natural_key IN "
                   f"({', '.join('?' * len(part))})")
        found.update(k for k, in database.execute_sql(sql, [source_id, *part]).fetchall())
    return found


def _decide(ctx: _Batch, p: formats.Parsed) -> tuple:
    """Which room, stay or staff member; charged or not and why.

    (direction, extension, other party, E.164, room, stay, staff, status, reason, fen, zone, destination zh,
    destination en, late, the folio's lines (zh, en) when posted); one flat tuple, as it is done per call.
    """
    occ = ctx.occ
    direction, ext, other = p.direction, p.caller, p.called
    if not direction:
        if occ.is_extension(ext):
            direction = "internal" if occ.is_extension(other) else "out"
        elif occ.is_extension(other):
            direction, ext, other = "in", other, ext
        else:
            direction = "out"
    chargeable = direction == "out" and p.answered and p.billsec > 0
    reason = "" if chargeable else ("incoming" if direction == "in" else "internal" if direction == "internal"
                                    else _not_answered(p.disposition))
    staff = occ.staff
    if ext in staff:
        return direction, ext, other, "", None, None, staff[ext], "staff", reason or "staff", 0, "", "", "", False, None
    started = p.started_at
    room_id = stay_id = None
    e164 = ""
    if started > ctx.latest:
        why = "future"
    elif started < ctx.earliest:
        why = "far_past"
    elif (room_id := occ.rooms.get(ext)) is None:
        why = "unknown_extension"
    else:
        stay_id, departed, why = occ.stay_at(room_id, started)
        if stay_id is not None and chargeable:
            e164, national = dialled.to_e164(other, ctx.strip_prefix, ctx.area)
            rater = ctx.rater
            if rater is None:
                why = "no_tariff"
            elif rater.is_free(national):
                reason = "free_number"
            elif not e164:
                why = "unknown_number"
            else:
                minute, label = ctx.local(started)
                try:
                    rating = rater.rate(e164[1:], p.billsec, minute)  # free numbers were taken out above
                except ValidationError:
                    why = "no_zone"
                else:
                    dest_zh, dest_en = dialled.destination(e164)
                    if not dest_zh:
                        dest_zh, dest_en = rating.zone_zh, rating.zone_en
                    if rating.charge_fen > 0:
                        return (direction, ext, other, e164, room_id, stay_id, None, "posted", "",
                                rating.charge_fen, rating.zone, dest_zh, dest_en, departed,
                                _folio_lines(label, dest_zh, dest_en, national, p.billsec))
                    reason = "free_number" if rating.free else "grace"
                    return (direction, ext, other, e164, room_id, stay_id, None, "not_charged", reason, 0,
                            rating.zone, dest_zh, dest_en, False, None)
    if why and chargeable:
        # A call that would be charged but has nobody to charge goes to the operator's list.
        return direction, ext, other, e164, room_id, stay_id, None, "unmatched", why, 0, "", "", "", False, None
    return direction, ext, other, e164, room_id, stay_id, None, "not_charged", reason or why, 0, "", "", "", False, None


def _not_answered(disposition: str) -> str:
    d = disposition.upper()
    if "BUSY" in d:
        return "busy"
    if "FAIL" in d or "CONGESTION" in d:
        return "failed"
    return "no_answer"


_LINE_SQL = "INSERT INTO pbx_line (id, source_id, received_at, raw, outcome, reason) VALUES (?, ?, ?, ?, ?, ?)"
_CALL_COLUMNS = ("id", "line_id", "source_id", "natural_key", "extension", "direction", "dialled", "number_e164",
                 "started_at", "answered_at", "ended_at", "billsec", "disposition", "answered", "room_id", "stay_id",
                 "staff_id", "status", "reason", "charge_fen", "currency", "zone_code", "destination_zh",
                 "destination_en", "tariff_id", "posting_id", "late")
_CALL_SQL = (f"INSERT INTO pbx_call ({', '.join(_CALL_COLUMNS)}, resolution) "
             f"VALUES ({', '.join('?' * len(_CALL_COLUMNS))}, '')")
_ID, _STATUS, _POSTING = (_CALL_COLUMNS.index(c) for c in ("id", "status", "posting_id"))


def _sql(text: str) -> str:
    return text if database.param == "?" else text.replace("?", database.param)


def _sqlite_time(at):
    """The text SQLite's adapter would make of the naive UTC time, made in one step (aware UTC in)."""
    if at is None:
        return None
    return at.isoformat(" ")[:-6] if at.tzinfo is UTC else _naive(at).isoformat(" ")


def _to_db():
    return _naive if is_postgres(database.obj) else _sqlite_time


def _naive(at):
    if at is None or at.tzinfo is None:
        return at
    return at.replace(tzinfo=None) if at.tzinfo is UTC else at.astimezone(UTC).replace(tzinfo=None)


def _insert_lines(rows: list[tuple]) -> None:
    if rows:
        database.cursor().executemany(_sql(_LINE_SQL), rows)


def _insert_calls(rows: list[list]) -> list[int]:
    """Rows in _CALL_COLUMNS order, times already as the database takes them; their ids are filled in."""
    ids = reserve_ids(PbxCall, len(rows))
    for cid, row in zip(ids, rows):
        row[_ID] = cid
    if rows:
        database.cursor().executemany(_sql(_CALL_SQL), rows)
    return ids


def _insert_slips(call_ids: list[int], printed_at) -> None:
    if not call_ids:
        return
    numbers = next_numbers("charge_slip", len(call_ids))  # one series with the desk's slips
    ids = reserve_ids(PbxSlip, len(call_ids))
    database.cursor().executemany(
        _sql("INSERT INTO pbx_slip (id, number, call_id, printed_at) VALUES (?, ?, ?, ?)"),
        [(i, number, cid, printed_at) for i, number, cid in zip(ids, numbers, call_ids)])
