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

import hashlib
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from operator import itemgetter
from zoneinfo import ZoneInfo

from hotel_phone import audit, clock, folio, hoteltime, settings, staffcalls, tariff
from hotel_phone.db import (PbxCall, PbxLine, PbxSlip, PbxSource, database, is_postgres, next_numbers, reserve_ids,
                            retrying)
from hotel_phone.errors import ValidationError
from hotel_phone.pbx import formats, matching, numbers

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


def _duration(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def describe(started: datetime, dialled: str, dest_zh: str, dest_en: str, billsec: int, tz=None) -> tuple[str, str]:
    """The folio line: when, where, which number and how long (both languages)."""
    local = started.astimezone(tz or hoteltime.zone()).strftime("%m-%d %H:%M")
    return (f"直拨电话 {local} {dest_zh} {dialled} {_duration(billsec)}".replace("  ", " "),
            f"Direct-dialled call {local} {dest_en} {dialled} {_duration(billsec)}".replace("  ", " "))


def ingest(source: PbxSource, raws: list[bytes], *, offset: int | None = None, file_id: str | None = None,
           cut: list[bytes] = ()) -> Result:
    """Store and process `raws` (lines without their endings) in batches; `offset` is saved with the last batch.

    `cut` are fragments a disconnect cut off: stored as errors, never parsed as lines.
    """
    total = Result()
    chunks = [raws[i:i + BATCH] for i in range(0, len(raws), BATCH)] or [[]]
    for n, chunk in enumerate(chunks):
        last = n == len(chunks) - 1
        total.add(_batch(source, chunk, offset if last else None, file_id if last else None,
                         list(cut) if last else []))
    if total.staff:
        staffcalls.take_pbx_calls()  # staff extensions' calls go to the company's rules (issue 17)
    return total


@retrying
def _batch(source: PbxSource, raws: list[bytes], offset, file_id, cut: list[bytes]) -> Result:
    fmt = formats.get(source.format)
    tz = records_zone(source)
    parsed = [formats.parse(fmt, raw, tz, source.name) for raw in raws]
    parsed += [formats.Skip("error", "cut")] * len(cut)
    raws = list(raws) + list(cut)
    r = Result(lines=len(raws))
    if not raws and offset is None:
        return r
    now = clock.now()
    hotel_tz = hoteltime.zone()
    currency = settings.get("currency")
    with database.atomic():
        calls = [(i, p) for i, p in enumerate(parsed) if isinstance(p, formats.Parsed)]
        seen = _known_keys(source.id, [p.key for _i, p in calls])
        times = [p.started_at for _i, p in calls]
        occ = matching.build(min(times), max(times)) if times else None
        try:
            tariff_row, rater = tariff.current()
            area = numbers.area_code(rater)
        except ValidationError:
            tariff_row = rater = None
            area = ""
        line_ids = reserve_ids(PbxLine, len(raws))
        r.first_line, r.last_line = (line_ids[0], line_ids[-1]) if line_ids else (None, None)
        line_rows = []
        call_rows = []
        charges = []
        for i, (raw, p) in enumerate(zip(raws, parsed)):
            if isinstance(p, formats.Skip):
                line_rows.append((line_ids[i], source.id, now, raw, p.outcome, p.reason))
                if p.outcome == "ignored":
                    r.ignored += 1
                else:
                    r.errors += 1
                continue
            if p.key in seen:
                line_rows.append((line_ids[i], source.id, now, raw, "duplicate", "duplicate"))
                r.duplicates += 1
                continue
            seen.add(p.key)
            line_rows.append((line_ids[i], source.id, now, raw, "call", ""))
            row = _decide(source, p, occ, rater, area, now, hotel_tz, currency)
            row["line_id"] = line_ids[i]
            if row["status"] == "posted":
                row["tariff_id"] = tariff_row.id
                zh, en = describe(p.started_at, row.pop("national"), row["destination_zh"], row["destination_en"],
                                  p.billsec, hotel_tz)
                charges.append((len(call_rows), folio.CallCharge(row["stay_id"], row["charge_fen"],
                                                                 row["currency"], zh, en, "pbx",
                                                                 f"{source.id}:{p.key}")))
                r.posted += 1
                r.posted_fen += row["charge_fen"]
                r.late += row["late"]
            else:
                setattr(r, row["status"], getattr(r, row["status"]) + 1)
            call_rows.append(row)
        _insert_lines(line_rows)
        posting_ids = folio.post_call_charges([c for _n, c in charges])
        for (n, _c), pid in zip(charges, posting_ids):
            call_rows[n]["posting_id"] = pid
        call_ids = _insert_calls(call_rows)
        _insert_slips([cid for cid, row in zip(call_ids, call_rows) if row["status"] == "posted"], now)
        changes = {"last_record_at": now} if calls else {}
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


def _decide(source: PbxSource, p: formats.Parsed, occ: matching.Occupancy, rater, area: str, now, tz,
            currency: str) -> dict:
    """Which room, stay or staff member; charged or not and why."""
    direction, ext, other = p.direction, p.caller, p.called
    if not direction:
        if occ.is_extension(p.caller):
            direction = "internal" if occ.is_extension(p.called) else "out"
        elif occ.is_extension(p.called):
            direction, ext, other = "in", p.called, p.caller
        else:
            direction = "out"
    row = dict(source_id=source.id, natural_key=p.key, extension=ext[:40], direction=direction, dialled=other[:80],
               number_e164="", started_at=p.started_at, answered_at=p.answered_at, ended_at=p.ended_at,
               billsec=p.billsec, disposition=p.disposition[:40], answered=p.answered, room_id=None, stay_id=None,
               staff_id=None, status="not_charged", reason="", charge_fen=0, currency=currency,
               zone_code="", destination_zh="", destination_en="", tariff_id=None, posting_id=None, late=False)
    chargeable = direction == "out" and p.answered and p.billsec > 0
    if not chargeable:
        row["reason"] = ("incoming" if direction == "in" else "internal" if direction == "internal"
                         else _not_answered(p.disposition))
    if ext in occ.staff:
        row.update(status="staff", staff_id=occ.staff[ext], reason=row["reason"] or "staff")
        return row
    if p.started_at > now + FUTURE:
        return _unmatched(row, "future", chargeable)
    if p.started_at < now - FAR_PAST:
        return _unmatched(row, "far_past", chargeable)
    room_id = occ.rooms.get(ext)
    if room_id is None:
        return _unmatched(row, "unknown_extension", chargeable)
    row["room_id"] = room_id
    stay_id, departed, why = occ.stay_at(room_id, p.started_at)
    if stay_id is None:
        return _unmatched(row, why, chargeable)
    row["stay_id"] = stay_id
    if not chargeable:
        return row
    e164, national = numbers.to_e164(other, source.strip_prefix, area)
    row["number_e164"] = e164
    if rater is None:
        return _unmatched(row, "no_tariff", True)
    if rater.is_free(national):
        row["reason"] = "free_number"
        return row
    if not e164:
        return _unmatched(row, "unknown_number", True)
    try:
        local = p.started_at.astimezone(tz)
        rating = rater.rate(e164[1:], p.billsec, local.hour * 60 + local.minute, national)
    except ValidationError:
        return _unmatched(row, "no_zone", True)
    row["zone_code"] = rating.zone
    row["destination_zh"], row["destination_en"] = numbers.destination(e164)
    if not row["destination_zh"]:
        row["destination_zh"], row["destination_en"] = rating.zone_zh, rating.zone_en
    if rating.charge_fen <= 0:
        row["reason"] = "free_number" if rating.free else "grace"
        return row
    row.update(status="posted", charge_fen=rating.charge_fen, late=departed, national=national)
    return row


def _not_answered(disposition: str) -> str:
    d = disposition.upper()
    if "BUSY" in d:
        return "busy"
    if "FAIL" in d or "CONGESTION" in d:
        return "failed"
    return "no_answer"


def _unmatched(row: dict, reason: str, chargeable: bool) -> dict:
    """A call that would be charged but has nobody to charge goes to the operator's list; others are recorded."""
    if chargeable:
        row.update(status="unmatched", reason=reason)
    else:
        row["reason"] = row["reason"] or reason
    return row


_LINE_SQL = "INSERT INTO pbx_line (id, source_id, received_at, raw, outcome, reason) VALUES (?, ?, ?, ?, ?, ?)"
_CALL_COLUMNS = ("id", "line_id", "source_id", "natural_key", "extension", "direction", "dialled", "number_e164",
                 "started_at", "answered_at", "ended_at", "billsec", "disposition", "answered", "room_id", "stay_id",
                 "staff_id", "status", "reason", "charge_fen", "currency", "zone_code", "destination_zh",
                 "destination_en", "tariff_id", "posting_id", "late")
_CALL_SQL = (f"INSERT INTO pbx_call ({', '.join(_CALL_COLUMNS)}, resolution) "
             f"VALUES ({', '.join('?' * len(_CALL_COLUMNS))}, '')")
_call_values = itemgetter(*_CALL_COLUMNS)


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
        received = _to_db()(rows[0][2])
        database.cursor().executemany(_sql(_LINE_SQL), [(a, b, received, d, e, f) for a, b, _c, d, e, f in rows])


def _insert_calls(rows: list[dict]) -> list[int]:
    ids = reserve_ids(PbxCall, len(rows))
    values = []
    to_db = _to_db()
    for cid, row in zip(ids, rows):
        row["id"] = cid
        row["started_at"], row["answered_at"], row["ended_at"] = (
            to_db(row["started_at"]), to_db(row["answered_at"]), to_db(row["ended_at"]))
        values.append(_call_values(row))
    if values:
        database.cursor().executemany(_sql(_CALL_SQL), values)
    return ids


def _insert_slips(call_ids: list[int], now) -> None:
    if not call_ids:
        return
    numbers = next_numbers("charge_slip", len(call_ids))  # one series with the desk's slips
    ids = reserve_ids(PbxSlip, len(call_ids))
    database.cursor().executemany(
        _sql("INSERT INTO pbx_slip (id, number, call_id, printed_at) VALUES (?, ?, ?, ?)"),
        [(i, number, cid, _naive(now)) for i, number, cid in zip(ids, numbers, call_ids)])
