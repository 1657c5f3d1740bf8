"""The audit log: one event per change of state, in the change's transaction, chained by hashes.

Each event's hash covers its fields and the previous event's hash, so an event
altered or removed behind the app's back breaks the chain from there on; the
database also refuses UPDATE and DELETE on the table (triggers, re-created on
open when someone dropped them).

Money and security rows are *sealed*: the event that creates or changes such a
row carries the hash of the row's content, so a row edited in the file no
longer matches its last event. The chain head (count and hash) is written
outside the database (anchors.py), so a log rewritten or cut from the end is
caught by comparing with those copies.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache

import peewee as pw

from hotel_phone import clock
from hotel_phone.db import (
    AuditEvent,
    BaseModel,
    ChargeSlip,
    FolioPosting,
    LongDistanceBooking,
    MessageSlip,
    Operator,
    ScreenedCall,
    database,
    lock_for_append,
    protect_audit_log,
    retrying,
)
from hotel_phone.i18n import N_, _

# Rows whose content the audit log vouches for: model -> the columns that only change with an event.
# Free text (descriptions, reasons, numbers) is left out: retention blanks it later.
SEALED: dict[type[BaseModel], tuple[str, ...]] = {
    FolioPosting: ("stay", "posted_at", "operator", "code", "amount_fen", "currency", "booking", "corrects"),
    LongDistanceBooking: ("stay", "status", "duration_seconds", "charge_fen", "currency", "zone_code", "tariff"),
    ChargeSlip: ("number", "booking"),
    Operator: ("username", "role", "password_hash", "active"),
}


def seal(model: type[BaseModel], *columns: str) -> None:
    """Other areas register their money rows here (e.g. fines, cashier takings, PBX call charges)."""
    SEALED[model] = columns


def _stamp(value) -> str:
    """A stored UTC time as the hashes spell it, straight from what the database returned (no parsing:
    SQLite gives '2026-11-28 02:00:00[.ffffff]', a server a datetime)."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    text = str(value)
    if len(text) == 19:
        return text + ".000000"
    if 20 < len(text) < 26 and text[19] == ".":
        return text.ljust(26, "0")
    if len(text) == 26:
        return text
    return AuditEvent.at.python_value(value).strftime("%Y-%m-%d %H:%M:%S.%f")  # an unusual spelling


def _fields(model: type[BaseModel]) -> list[pw.Field]:
    return [model._meta.fields[name] for name in SEALED[model]]


def _row_digest(model: type[BaseModel], row_id, values, times: list[bool]) -> str:
    return _hash_row(model._meta.table_name, row_id, values, times)


def _hash_row(table: str, row_id, values, times: list[bool], stamp=None) -> str:
    # Each value as the hashes spell it: NULL as NUL, times by _stamp, booleans 1/0, the rest as str().
    # Written out in one loop: a PBX batch seals thousands of rows at once.
    stamp = stamp or _stamp
    parts = [table, str(row_id)]
    for v, is_time in zip(values, times, strict=True):
        parts.append("\x00" if v is None else stamp(v) if is_time else ("1" if v else "0") if v.__class__ is bool
                     else str(v))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _raw_rows(model: type[BaseModel], row_id=None, last_id=None):
    """(id, values...) of a sealed model's rows as the database returns them: a plain cursor, no model objects.

    All rows, the row `row_id`, or with `last_id` the rows whose ids run from `row_id` to `last_id`.
    """
    fields = _fields(model)
    pk = model._meta.primary_key
    sql = "SELECT {} FROM {}".format(", ".join(f'"{f.column_name}"' for f in [pk, *fields]),
                                     f'"{model._meta.table_name}"')
    if row_id is None:
        return database.execute_sql(sql)
    p = database.obj.param
    if last_id is not None:
        return database.execute_sql(sql + f' WHERE "{pk.column_name}" BETWEEN {p} AND {p}', (row_id, last_id))
    return database.execute_sql(sql + f' WHERE "{pk.column_name}" = {p}', (row_id,))


def _times(model: type[BaseModel]) -> list[bool]:
    return [isinstance(f, pw.DateTimeField) for f in _fields(model)]


def row_hash(model: type[BaseModel], row_id) -> str:
    """The hash of a sealed row's content as it is in the database now ('' if there is no such row)."""
    row = _raw_rows(model, row_id).fetchone()
    return "" if row is None else _row_digest(model, row_id, row[1:], _times(model))


def _digest(prev: str, at, operator_id, action: str, entity: str, entity_id, detail: str,
            row: str = "") -> str:
    stamp = _stamp(at)
    parts = [prev, stamp, str(operator_id or ""), action, entity, str(entity_id or ""), detail]
    if row:  # events from before rows were sealed keep their hashes
        parts.append(row)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def record(session, action: str, obj: BaseModel | None = None, detail: str = "") -> AuditEvent:
    """Write one audit event; call inside the transaction that makes the change.

    `detail` names records (ids, codes, amounts), never free text a person typed:
    the log can never be purged, so nothing personal may be copied into it.
    """
    entity = type(obj).__name__ if obj is not None else ""
    entity_id = obj.get_id() if obj is not None else None
    sealed = row_hash(type(obj), entity_id) if obj is not None and type(obj) in SEALED else ""
    return _append(session, action, entity, entity_id, detail, sealed)


def _append(session, action: str, entity: str, entity_id, detail: str, sealed: str) -> AuditEvent:
    if not database.in_transaction():
        raise RuntimeError("audit.record must run inside the change's transaction")
    operator = session.operator if session is not None else None
    lock_for_append()  # two stations never fork the chain
    last = AuditEvent.select(AuditEvent.hash).order_by(AuditEvent.id.desc()).first()
    prev = last.hash if last else ""
    at = clock.now()
    detail = detail[:2000]
    return AuditEvent.create(at=at, operator=operator, action=action, entity=entity, entity_id=entity_id,
                             detail=detail, prev_hash=prev, row_hash=sealed,
                             hash=_digest(prev, at, operator.id if operator else None, action, entity, entity_id,
                                          detail, sealed))


BATCH = "rows "  # a batch event's detail: "rows 12-40,45"


def _ranges(ids: list[int]) -> list[str]:
    out, start, prev = [], None, None
    for i in sorted(ids):
        if start is None:
            start = prev = i
        elif i == prev + 1:
            prev = i
        else:
            out.append(f"{start}-{prev}" if prev != start else str(start))
            start = prev = i
    if start is not None:
        out.append(f"{start}-{prev}" if prev != start else str(start))
    return out


def _expand(text: str) -> list[int]:
    ids = []
    for part in text.split(","):
        first, _sep, last = part.partition("-")
        ids.extend(range(int(first), int(last or first) + 1))
    return ids


def _batch_digest(model: type[BaseModel], ids: list[int], rows: dict) -> str:
    """The hash of the rows' hashes in id order ('missing' for a row not there)."""
    times = _times(model)
    table = model._meta.table_name
    stamp = lru_cache(maxsize=256)(_stamp)  # a batch's rows mostly share their times
    whole = hashlib.sha256()
    for i in ids:
        values = rows.get(i)
        whole.update(b"missing" if values is None else _hash_row(table, i, values, times, stamp).encode())
    return whole.hexdigest()


def seal_rows(session, model: type[BaseModel], ids: list[int], action: str = "rows_sealed",
              written: dict[int, tuple] | None = None) -> None:
    """Rows of a sealed model written many at once (a PBX batch of call charges): one event per run of ids
    seals them together, so verify sees a changed, added or deleted row among them.

    `written`: each row's sealed columns (SEALED order) exactly as the caller just gave them to the database
    in this transaction; they are hashed as they are instead of being read back (verify reads them back).
    """
    groups: list[list[str]] = [[]]
    for part in _ranges(ids):
        if sum(len(p) + 1 for p in groups[-1]) + len(part) > 1800:
            groups.append([])
        groups[-1].append(part)
    for group in groups:
        if not group:
            continue
        text = ",".join(group)
        members = _expand(text)
        if written is not None:
            rows = written
        else:
            rows = {}
            for part in group:  # each run of ids by its primary key, never the whole table (it grows every batch)
                first, _sep, last = part.partition("-")
                rows.update((r[0], r[1:]) for r in _raw_rows(model, int(first), int(last or first)))
        _append(session, action, model.__name__, None, BATCH + text, _batch_digest(model, members, rows))


@dataclass(frozen=True)
class Head:
    """Where the chain ends: how many events, the last one's id and hash."""

    events: int
    last_id: int
    hash: str


def head() -> Head:
    with database.atomic():  # one snapshot: count and last event agree
        count = AuditEvent.select().count()
        last = AuditEvent.select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).first()
    return Head(count, last.id if last else 0, last.hash if last else "")


@dataclass(frozen=True)
class Finding:
    """One thing verify found wrong, worded for the reader."""

    msgid: str
    params: dict = field(default_factory=dict)

    def message(self) -> str:

        return _(self.msgid).format(**self.params)


@dataclass(frozen=True)
class Verdict:
    events: int
    first_broken: int | None  # the id of the first event whose hash does not hold
    findings: tuple[Finding, ...] = ()
    hashes: tuple[str, ...] = ()  # each event's hash in order, for comparing with anchors

    @property
    def ok(self) -> bool:
        return self.first_broken is None and not self.findings


MAX_ROW_FINDINGS = 20
TRIGGERS = ("audit_event_no_update", "audit_event_no_delete")


def _chain() -> tuple[int, int | None, list[Finding], list[str]]:
    prev = ""
    count = 0
    findings: list[Finding] = []
    hashes: list[str] = []
    expected_id = 1
    gaps = isinstance(database.obj, pw.SqliteDatabase)  # a server's sequences skip ids on rollback
    cursor = database.execute_sql(
        "SELECT id, at, operator_id, action, entity, entity_id, detail, prev_hash, hash, row_hash "
        "FROM audit_event ORDER BY id")
    for row in cursor:
        count += 1
        event_id, at, operator_id, action, entity, entity_id, detail, prev_hash, stored, sealed = row
        if gaps and event_id != expected_id:
            missing = (f"{expected_id}" if event_id == expected_id + 1 else f"{expected_id}–{event_id - 1}")
            findings.append(Finding(N_("Event {ids} is missing from the audit log: it was deleted."),
                                    {"ids": missing}))
            gaps = False  # the first gap is the one to name
        expected_id = event_id + 1
        if prev_hash != prev or _digest(prev, at, operator_id, action, entity, entity_id, detail,
                                        sealed or "") != stored:
            findings.append(Finding(N_("Audit event {id} was altered, or an event before it was removed: "
                                       "the chain breaks there."), {"id": event_id}))
            return count, event_id, findings, hashes
        hashes.append(stored)
        prev = stored
    return count, None, findings, hashes


def _rows() -> list[Finding]:
    findings: list[Finding] = []
    for model in SEALED:
        name = model.__name__
        table = model._meta.table_name
        latest: dict[int, tuple[int, str]] = {}
        batches: list[tuple[int, list[int], str]] = []
        for event_id, entity_id, sealed, detail in database.execute_sql(
                "SELECT id, entity_id, row_hash, detail FROM audit_event WHERE entity = ? AND row_hash <> '' "
                "ORDER BY id".replace("?", database.obj.param), (name,)):
            if entity_id is None and detail.startswith(BATCH):
                members = _expand(detail[len(BATCH):])
                batches.append((event_id, members, sealed))
                for i in members:
                    latest[i] = (event_id, "batch")
            else:
                latest[entity_id] = (event_id, sealed)
        seen = set()
        times = _times(model)
        current: dict[int, tuple] = {}
        for row in _raw_rows(model):
            row_id, values = row[0], row[1:]
            seen.add(row_id)
            if len(findings) >= MAX_ROW_FINDINGS:
                break
            event = latest.get(row_id)
            if event is not None and event[1] == "batch":
                current[row_id] = values
                continue
            if event is None:
                findings.append(Finding(N_("Row {id} of {table} has no audit event: it was added outside the "
                                           "program, or its event was removed."), {"id": row_id, "table": table}))
            elif _row_digest(model, row_id, values, times) != event[1]:
                findings.append(Finding(N_("Row {id} of {table} was changed outside the program: it no longer "
                                           "matches audit event {event}."),
                                        {"id": row_id, "table": table, "event": event[0]}))
        for event_id, members, sealed in batches:
            if any(latest.get(i, (0, ""))[0] != event_id for i in members):
                continue  # a later event sealed one of them by itself: that one is checked above
            if _batch_digest(model, members, current) != sealed:
                findings.append(Finding(N_("Rows {ids} of {table}, written together, were changed outside the "
                                           "program: they no longer match audit event {event}."),
                                        {"ids": _ranges(members)[0] + ("…" if len(_ranges(members)) > 1 else ""),
                                         "table": table, "event": event_id}))
        for row_id in sorted(set(latest) - seen)[:MAX_ROW_FINDINGS]:
            findings.append(Finding(N_("Row {id} of {table} was deleted outside the program (audit event {event} "
                                       "recorded it)."), {"id": row_id, "table": table, "event": latest[row_id][0]}))
    return findings


def missing_triggers() -> list[str]:
    """The protective triggers absent from this SQLite database (a server's are checked by its own backend)."""
    if not isinstance(database.obj, pw.SqliteDatabase):
        return []
    have = {r[0] for r in database.execute_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    return [t for t in TRIGGERS if t not in have]


def _trigger_findings() -> list[Finding]:
    found = [Finding(N_("The audit log's protection (database triggers {names}) is missing."),
                     {"names": ", ".join(missing)}) for missing in [missing_triggers()] if missing]
    seen = AuditEvent.select(pw.fn.MAX(AuditEvent.id)).where(AuditEvent.action == "audit_findings_acknowledged")
    since = seen.scalar() or 0
    for event in (AuditEvent.select().where(AuditEvent.action == "audit_protection_restored", AuditEvent.id > since)
                  .order_by(AuditEvent.id)):
        found.append(Finding(N_("The audit log's protection had been removed outside the program; it was put back "
                                "at event {id} ({at}). Changes made meanwhile are listed above, if any."),
                             {"id": event.id, "at": event.at.strftime("%Y-%m-%d %H:%M UTC")}))
    return found


def verify(rows: bool = True) -> Verdict:
    """Recompute the chain, check the sealed rows and the triggers; anchors are compared by anchors.verify."""
    count, broken, findings, hashes = _chain()
    if rows:
        findings += _rows()
    findings += _trigger_findings()
    return Verdict(count, broken, tuple(findings), tuple(hashes))


@retrying
def restore_protection() -> None:
    """Put back dropped triggers, and say so in the log (verify reports it from then on)."""

    missing = missing_triggers()
    if not missing:
        return
    with database.atomic():
        protect_audit_log(database.obj)
        record(None, "audit_protection_restored", detail=", ".join(missing))


@retrying
def acknowledge(session) -> None:
    """An administrator has dealt with the removed protection; verify stops repeating it (the events stay)."""
    session.require("administrator")
    with database.atomic():
        record(session, "audit_findings_acknowledged")


@dataclass(frozen=True)
class TrailRow:
    at: datetime
    operator: str
    action: str
    detail: str


def guest_trail(session, stay_id: int) -> list[TrailRow]:
    """Who looked up, rang, disclosed or took messages about this guest, and when (supervisors)."""
    session.require("supervisor")
    calls = [c.id for c in ScreenedCall.select(ScreenedCall.id).where(ScreenedCall.stay == stay_id)]
    slips = [m.id for m in MessageSlip.select(MessageSlip.id).where(MessageSlip.stay == stay_id)]
    q = (AuditEvent.select(AuditEvent, Operator).join(Operator, pw.JOIN.LEFT_OUTER)
         .where(((AuditEvent.entity == "Stay") & (AuditEvent.entity_id == stay_id))
                | ((AuditEvent.entity == "ScreenedCall") & (AuditEvent.entity_id.in_(calls or [0])))
                | ((AuditEvent.entity == "MessageSlip") & (AuditEvent.entity_id.in_(slips or [0]))))
         .order_by(AuditEvent.id))
    return [TrailRow(e.at, e.operator.display_name if e.operator_id else "", e.action, e.detail) for e in q]
