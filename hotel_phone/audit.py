"""The audit log: one event per change of state, in the change's transaction, chained by hashes.

Each event's hash covers its fields and the previous event's hash, so an event
altered or removed behind the app's back breaks the chain from there on; the
database also refuses UPDATE and DELETE on the table (triggers).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone

import peewee as pw

from hotel_phone import clock
from hotel_phone.db import AuditEvent, BaseModel, MessageSlip, Operator, ScreenedCall, database, lock_for_append


def _digest(prev: str, at: datetime, operator_id, action: str, entity: str, entity_id, detail: str) -> str:
    stamp = at.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
    text = "\x1f".join((prev, stamp, str(operator_id or ""), action, entity, str(entity_id or ""), detail))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record(session, action: str, obj: BaseModel | None = None, detail: str = "") -> AuditEvent:
    """Write one audit event; call inside the transaction that makes the change."""
    if not database.in_transaction():
        raise RuntimeError("audit.record must run inside the change's transaction")
    operator = session.operator if session is not None else None
    lock_for_append()  # two stations never fork the chain
    last = AuditEvent.select(AuditEvent.hash).order_by(AuditEvent.id.desc()).first()
    prev = last.hash if last else ""
    at = clock.now()
    entity = type(obj).__name__ if obj is not None else ""
    entity_id = obj.get_id() if obj is not None else None
    detail = detail[:2000]
    return AuditEvent.create(at=at, operator=operator, action=action, entity=entity, entity_id=entity_id,
                             detail=detail, prev_hash=prev,
                             hash=_digest(prev, at, operator.id if operator else None, action, entity, entity_id,
                                          detail))


@dataclass(frozen=True)
class Verdict:
    events: int
    first_broken: int | None  # the id of the first event whose hash does not hold

    @property
    def ok(self) -> bool:
        return self.first_broken is None


def verify() -> Verdict:
    """Recompute the chain from the first event; name the first that does not hold."""
    prev = ""
    count = 0
    cursor = database.execute_sql(
        "SELECT id, at, operator_id, action, entity, entity_id, detail, prev_hash, hash FROM audit_event ORDER BY id")
    for row in cursor:
        count += 1
        event_id, at, operator_id, action, entity, entity_id, detail, prev_hash, stored = row
        at = AuditEvent.at.python_value(at)
        if prev_hash != prev or _digest(prev, at, operator_id, action, entity, entity_id, detail) != stored:
            return Verdict(count, event_id)
        prev = stored
    return Verdict(count, None)


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
