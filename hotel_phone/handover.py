"""The shift handover (交接班记录): open items listed for the next shift, acknowledged by the incoming operator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import peewee as pw

from hotel_phone import audit, cases, clock, directory, hoteltime, longdistance, messages, wakeup
from hotel_phone.db import CallNote, Operator, ShiftHandover, database, retrying
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_, gettext_in
from hotel_phone.session import Session
from hotel_phone.textcheck import clean

SHIFT_HOURS = 8
LOOKAHEAD_HOURS = 12  # wake-ups listed: enough to cover a night shift whatever the hotel's shift times


@dataclass(frozen=True)
class OpenItems:
    wakeups: list[str]
    messages: list[str]
    bookings: list[str]
    notes: list[str]
    cases: list[str] = ()
    inquiries: list[str] = ()

    def as_text(self, lang: str) -> str:
        """The snapshot kept with the handover (both languages' headings)."""
        parts = []
        for msgid, items in ((N_("Wake-up calls in the next shift"), self.wakeups),
                             (N_("Messages not yet delivered"), self.messages),
                             (N_("Long-distance calls waiting"), self.bookings),
                             (N_("Open cases (repairs, complaints, requests)"), list(self.cases)),
                             (N_("Booking inquiries waiting for an answer"), list(self.inquiries)),
                             (N_("Notes written during the shift"), self.notes)):
            parts.append(f"{gettext_in('zh_CN', msgid)} / {gettext_in('en', msgid)} ({len(items)})")
            parts += [f"  - {item}" for item in items] or ["  -"]
        return "\n".join(parts)


def open_items(shift_start: datetime | None = None, lang: str = "zh_CN") -> OpenItems:
    now = clock.now()
    tz = hoteltime.zone()
    start = shift_start or now - timedelta(hours=SHIFT_HOURS)
    wake = [f"{c.due_at.astimezone(tz):%m-%d %H:%M}  {c.room.number}  {c.stay.name_zh or c.stay.name}"
            + (f"  ({c.note})" if c.note else "")
            for c in wakeup.due_between(now - timedelta(hours=2), now + timedelta(hours=LOOKAHEAD_HOURS))]
    msgs = [f"{m.number:05d}  {m.room or m.recipient}  {m.from_name}" for m in messages.listing()]
    books = [f"{b.room}  {b.guest} -> {b.number} ({b.status})" for b in longdistance.queue()
             if b.status in ("queued", "dialling", "connected")]
    notes = [f"{n.at.astimezone(tz):%H:%M}  {n.operator.display_name}: {n.text}"
             for n in CallNote.select().where(CallNote.at >= start).order_by(CallNote.at)]
    inquiries = [f"{t.created_at.astimezone(tz):%m-%d %H:%M}  {t.caller_name} {t.caller_number}: {t.details}"
                 for t in directory.open_inquiries()]
    return OpenItems(wake, msgs, books, notes, cases.open_lines(lang), inquiries)


@dataclass(frozen=True)
class HandoverRecord:
    """One handover as the window and the printed record show it: names read, no database links to follow."""

    id: int
    created_at: datetime
    outgoing_id: int
    outgoing: str  # the outgoing operator's display name
    incoming: str  # the incoming operator's display name; "" until acknowledged
    acknowledged_at: datetime | None
    items: str
    notes: str


def _record(h: ShiftHandover) -> HandoverRecord:
    return HandoverRecord(h.id, h.created_at, h.outgoing_id, h.outgoing.display_name,
                          h.incoming.display_name if h.incoming_id else "", h.acknowledged_at, h.items, h.notes)


def _records(query) -> list[HandoverRecord]:
    """The handovers with both operators' names in one query."""
    incoming = Operator.alias()
    rows = (query.select(ShiftHandover, Operator, incoming)
            .join(Operator, on=(ShiftHandover.outgoing == Operator.id))
            .switch(ShiftHandover).join(incoming, pw.JOIN.LEFT_OUTER, on=(ShiftHandover.incoming == incoming.id),
                                        attr="incoming_operator"))
    return [HandoverRecord(h.id, h.created_at, h.outgoing_id, h.outgoing.display_name,
                           h.incoming_operator.display_name if h.incoming_id else "", h.acknowledged_at, h.items,
                           h.notes) for h in rows]


@retrying
def hand_over(session: Session, notes: str) -> HandoverRecord:
    """The outgoing operator's written record, with the open items as they stand now."""
    notes = clean(notes, N_("Notes"), 4000, multiline=True)
    with database.atomic():
        items = open_items()
        h = ShiftHandover.create(outgoing=session.operator, created_at=clock.now(), items=items.as_text("zh_CN"),
                                 notes=notes)
        audit.record(session, "shift_handed_over", h)
        return _record(h)


@retrying
def acknowledge(session: Session, handover_id: int) -> HandoverRecord:
    """The incoming operator has read the record."""
    with database.atomic():
        h = ShiftHandover.get_or_none(ShiftHandover.id == handover_id)
        if h is None:
            raise ValidationError(N_("This handover does not exist."))
        if h.acknowledged_at is not None:
            raise ValidationError(N_("This handover was already acknowledged."))
        if h.outgoing_id == session.operator.id:
            raise ValidationError(N_("The incoming operator acknowledges the handover, not the outgoing one."))
        ShiftHandover.update(incoming=session.operator, acknowledged_at=clock.now()).where(
            ShiftHandover.id == h.id).execute()
        h = ShiftHandover.get_by_id(h.id)
        audit.record(session, "shift_acknowledged", h)
        return _record(h)


def waiting(session: Session) -> HandoverRecord | None:
    """The newest handover not yet acknowledged, left by someone else."""
    found = _records(ShiftHandover.select().where(ShiftHandover.acknowledged_at.is_null(),
                                                  ShiftHandover.outgoing != session.operator.id)
                     .order_by(ShiftHandover.created_at.desc()).limit(1))
    return found[0] if found else None


def history(limit: int = 100) -> list[HandoverRecord]:
    """The newest handovers first, as records to show and print."""
    return _records(ShiftHandover.select().order_by(ShiftHandover.created_at.desc()).limit(limit))
