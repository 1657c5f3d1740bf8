"""What the desk reads of the PBX's records, and the unmatched calls an operator resolves by hand.

An unmatched call is either given to the stay it belongs to (chosen by the
operator, never guessed: rated and posted then, late if the guest has left)
or written off with a reason. Either way the call keeps its raw line and is
never deleted; each resolution is one audit event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import peewee as pw

from hotel_phone import audit, clock, dialled, folio, names, settings, tariff
from hotel_phone.db import (
    PbxCall,
    PbxLine,
    PbxSlip,
    PbxSource,
    Room,
    Stay,
    database,
    next_number,
    retrying,
)
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_
from hotel_phone.pbx import formats, ingest, matching
from hotel_phone.session import Session
from hotel_phone.textcheck import clean

RESOLVE_ROLES = ("operator", "supervisor", "cashier")
REASONS = {
    **formats.REASONS,
    "vacant": N_("room vacant at the time"),
    "before_checkin": N_("before the guest checked in"),
    # The hotel's rules say nothing of who pays for a shared room's telephone: the operator asks and chooses.
    "shared_room": N_("shared room: choose the guest"),
    "unknown_extension": N_("unknown extension"),
    "future": N_("time in the future (PBX clock?)"),
    "far_past": N_("time too far in the past"),
    "no_tariff": N_("no tariff set up"),
    "no_zone": N_("no tariff zone for this number"),
    "unknown_number": N_("number not understood"),
    "incoming": N_("incoming"),
    "internal": N_("internal"),
    "busy": N_("busy"),
    "no_answer": N_("not answered"),
    "failed": N_("failed"),
    "free_number": N_("free number"),
    "grace": N_("within the grace period"),
    "staff": N_("staff extension"),
    "duplicate": N_("duplicate of a record already read"),
}
STATUS_LABELS = {
    "posted": N_("posted"), "unmatched": N_("unmatched"), "not_charged": N_("not charged"), "staff": N_("staff"),
    "resolved": N_("written off"),
}
STATE_LABELS = {
    "idle": N_("not reading"), "watching": N_("watching the file"), "listening": N_("listening"),
    "connected": N_("connected"), "waiting": N_("waiting to reconnect"), "error": N_("error"),
}
KIND_LABELS = {"file": N_("file"), "watch": N_("watched file"), "listen": N_("TCP, the PBX connects"),
               "connect": N_("TCP, connect to the PBX"), "serial": N_("serial port (RS-232)")}


@dataclass(frozen=True)
class SourceRow:
    id: int
    name: str
    format: str
    kind: str
    address: str
    state: str
    detail: str
    state_at: datetime | None
    last_record_at: datetime | None
    calls: int
    unmatched: int


def source_rows() -> list[SourceRow]:
    counts = dict(PbxCall.select(PbxCall.source, pw.fn.COUNT(PbxCall.id)).group_by(PbxCall.source).tuples())
    open_ = dict(PbxCall.select(PbxCall.source, pw.fn.COUNT(PbxCall.id)).where(PbxCall.status == "unmatched")
                 .group_by(PbxCall.source).tuples())
    return [SourceRow(s.id, s.name, s.format, s.kind, s.address, s.state, s.state_detail, s.state_at,
                      s.last_record_at, counts.get(s.id, 0), open_.get(s.id, 0))
            for s in PbxSource.select().order_by(PbxSource.name)]


@dataclass(frozen=True)
class CallRow:
    id: int
    source: str
    extension: str
    room: str
    started_at: datetime
    direction: str
    dialled: str
    number_e164: str
    destination_zh: str
    destination_en: str
    billsec: int
    status: str
    reason: str
    charge_fen: int
    late: bool
    raw: str


def _rows(query) -> list[CallRow]:
    q = query.select(PbxCall, PbxSource.name, PbxLine.raw).join(PbxSource).switch(PbxCall).join(
        PbxLine, on=(PbxCall.line == PbxLine.id))
    calls = list(q)
    ids = {c.room_id for c in calls if c.room_id}
    rooms = dict(Room.select(Room.id, Room.number).where(Room.id.in_(list(ids))).tuples()) if ids else {}
    return [CallRow(c.id, c.source.name, c.extension, rooms.get(c.room_id, ""), c.started_at, c.direction,
                    c.dialled, c.number_e164, c.destination_zh, c.destination_en, c.billsec, c.status, c.reason,
                    c.charge_fen, c.late, bytes(c.line.raw).decode("utf-8", "replace"))
            for c in calls]


def unmatched(limit: int = 500) -> list[CallRow]:
    """The calls waiting for an operator, oldest first."""
    return _rows(PbxCall.select().where(PbxCall.status == "unmatched").order_by(PbxCall.started_at, PbxCall.id)
                 .limit(limit))


def unmatched_count() -> int:
    return PbxCall.select().where(PbxCall.status == "unmatched").count()


def calls_for_stay(stay_id: int) -> list[CallRow]:
    """A guest's calls as the PBX recorded them, newest first (the register shows them)."""
    return _rows(PbxCall.select().where(PbxCall.stay == stay_id).order_by(PbxCall.started_at.desc()).limit(1000))


@dataclass(frozen=True)
class Candidate:
    stay_id: int
    room: str
    guest: str
    checked_in_at: datetime
    checked_out_at: datetime | None
    search_key: str = ""  # the guest's names as the register finds them (characters, pinyin, initials)


def candidates(call_id: int, room: str = "") -> list[Candidate]:
    """Stays the call could belong to: in `room` (default the call's), present within a day of the call."""
    call = _call(call_id)
    room = (room or "").strip()
    r = Room.get_or_none(Room.number == room) if room else (Room.get_by_id(call.room_id) if call.room_id else None)
    if r is None:
        if room:
            raise ValidationError(N_("Room {room} does not exist."), room=room)
        return []
    near = timedelta(days=1)
    q = (Stay.select().where(Stay.room == r, Stay.checked_in_at <= call.started_at + near,
                             Stay.checked_out_at.is_null() | (Stay.checked_out_at >= call.started_at - near))
         .order_by(Stay.checked_in_at.desc()))
    return [Candidate(s.id, r.number, s.name_zh or s.name, s.checked_in_at, s.checked_out_at) for s in q]


def sharing(call_id: int) -> list[Candidate]:
    """The guests who shared the call's room when it was made, first arrived first (a shared-room call)."""
    call = _call(call_id)
    if call.room_id is None:
        return []
    at = call.started_at
    occ = matching.build(at, at)
    ids = [stay_id for start, end, stay_id, _departed in occ.spans.get(call.room_id, ()) if start <= at < end]
    room = Room.get_by_id(call.room_id).number
    return [Candidate(s.id, room, s.name_zh or s.name, s.checked_in_at, s.checked_out_at, s.search_key)
            for s in Stay.select().where(Stay.id.in_(ids or [0])).order_by(Stay.checked_in_at, Stay.id)]


def pick(guests: list[Candidate], typed: str) -> list[int]:
    """Which of `guests` (numbered 1, 2... as listed) fit what the operator typed: digits are the guest's number
    ("1" fits 1 and 10-19, the exact one first), anything else a name as the register finds it; all when empty."""
    folded = names.fold_query(typed or "")
    if not folded:
        return list(range(len(guests)))
    if folded.isdigit():
        return sorted((i for i in range(len(guests)) if str(i + 1).startswith(folded)),
                      key=lambda i: str(i + 1) != folded)
    return [i for i, g in enumerate(guests) if folded in g.search_key]


def _call(call_id: int) -> PbxCall:
    call = PbxCall.get_or_none(PbxCall.id == call_id)
    if call is None:
        raise ValidationError(N_("This call record does not exist."))
    return call


def _open(call_id: int) -> PbxCall:
    call = _call(call_id)
    if call.status != "unmatched":
        raise ValidationError(N_("This call was already dealt with."))
    return call


@retrying
def assign(session: Session, call_id: int, stay_id: int) -> PbxCall:
    """Give an unmatched call to the stay the operator chose: rated now with the call's start time, posted once."""
    session.require(*RESOLVE_ROLES)
    with database.atomic():
        call = _open(call_id)
        stay = Stay.get_or_none(Stay.id == stay_id)
        if stay is None:
            raise ValidationError(N_("This stay does not exist."))
        t, rater = tariff.current()
        e164, national = dialled.to_e164(call.dialled, call.source.strip_prefix, dialled.area_code(rater))
        if national and rater.is_free(national):
            raise ValidationError(N_("{number} is a free number; write the call off instead."), number=call.dialled)
        if not e164:
            raise ValidationError(N_("{number} is not a number the tariff can rate; write the call off."),
                                  number=call.dialled)
        rating = rater.rate(e164[1:], call.billsec, tariff.local_minute(call.started_at), national)
        if rating.charge_fen <= 0:
            raise ValidationError(N_("This call costs nothing under the tariff; write it off instead."))
        dest_zh, dest_en = dialled.destination(e164)
        zh, en = ingest.describe(call.started_at, national, dest_zh or rating.zone_zh, dest_en or rating.zone_en,
                                 call.billsec)
        # Posted as the PBX's (the call record charges it); this transaction's audit event names the operator.
        posting = folio.post_call_charge(None, stay.id, rating.charge_fen, settings.get("currency"),
                                         description_zh=zh, description_en=en, source_kind="pbx",
                                         source_key=f"{call.source_id}:{call.natural_key}")
        late = stay.status != "in_house"
        PbxCall.update(status="posted", stay=stay, number_e164=e164, charge_fen=rating.charge_fen,
                       zone_code=rating.zone, destination_zh=dest_zh, destination_en=dest_en, tariff=t,
                       posting=posting, late=late, resolved_by=session.operator, resolved_at=clock.now(),
                       resolution=f"assigned to stay {stay.id}").where(PbxCall.id == call.id).execute()
        PbxSlip.create(number=next_number("charge_slip"), call=call.id, printed_at=clock.now())
        call = PbxCall.get_by_id(call.id)
        audit.record(session, "pbx_call_assigned", call,
                     f"{call.reason} -> stay {stay.id}, room {stay.room.number}: {rating.charge_fen} fen"
                     + (", late" if late else ""))
    return call


@retrying
def write_off(session: Session, call_id: int, reason: str) -> PbxCall:
    """No one is charged for this call (a test call, the hotel's own); the reason is kept."""
    session.require(*RESOLVE_ROLES)
    reason = clean(reason, N_("Reason"), 200, required=True)
    with database.atomic():
        call = _open(call_id)
        PbxCall.update(status="resolved", resolved_by=session.operator, resolved_at=clock.now(),
                       resolution=reason).where(PbxCall.id == call.id).execute()
        call = PbxCall.get_by_id(call.id)
        audit.record(session, "pbx_call_written_off", call, f"{call.reason}: {reason}")
    return call
