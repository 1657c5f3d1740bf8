"""Small helpers the tests share."""

from __future__ import annotations

import hashlib
from pathlib import Path

from hotel_phone.db import AuditEvent


def digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def audit_actions() -> list[str]:
    return [e.action for e in AuditEvent.select().order_by(AuditEvent.id)]
