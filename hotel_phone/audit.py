"""The audit log: one event per change of state, inside the change's transaction."""

from __future__ import annotations

from hotel_phone import clock
from hotel_phone.db import AuditEvent, BaseModel, database


def record(session, action: str, obj: BaseModel | None = None, detail: str = "") -> AuditEvent:
    """Write one audit event; call inside the transaction that makes the change."""
    if not database.in_transaction():
        raise RuntimeError("audit.record must run inside the change's transaction")
    operator = session.operator if session is not None else None
    return AuditEvent.create(
        at=clock.now(),
        operator=operator,
        action=action,
        entity=type(obj).__name__ if obj is not None else "",
        entity_id=obj.get_id() if obj is not None else None,
        detail=detail[:2000],
    )
