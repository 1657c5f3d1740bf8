"""Message slips: taken for a guest or a staff member, delivered, kept, and purged after retention."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


from hotel_phone import audit, clock, people, phones, settings
from hotel_phone.db import MessageSlip, Room, Staff, Stay, database, next_number, retrying
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_, _, gettext_in
from hotel_phone.names import fold
from hotel_phone.session import Session
from hotel_phone.textcheck import clean

# Templates: (key, English msgid); shown to the operator and printed in the guest's language.
TEMPLATES = {
    "call_back": N_("Please call back."),
    "will_call_again": N_("The caller will call again."),
    "visitor": N_("A visitor came to see you."),
    "parcel": N_("A parcel is waiting for you at the front desk."),
    "fax": N_("A fax is waiting for you at the front desk."),
}
DELIVERY_METHODS = {"phone": N_("told by phone"), "printed": N_("printed and sent to the room")}


@dataclass(frozen=True)
class SlipRow:
    id: int
    number: int
    room: str
    recipient: str
    language: str
    from_name: str
    callback_number: str
    template: str
    text: str
    urgent: bool
    taken_at: datetime
    taken_by: str
    delivered_at: datetime | None
    delivered_by: str
    delivery_method: str


def template_text(key: str, lang: str) -> str:
    return gettext_in(lang, TEMPLATES[key]) if key else ""


def message_text(row: SlipRow, lang: str) -> str:
    """The message as read in `lang`: the standard words translated, the operator's words as typed."""
    return " ".join(p for p in (template_text(row.template, lang), row.text) if p)


def _next_number() -> int:
    return next_number("message_slip")  # a locked counter: never twice, no gaps, on both backends


@retrying
def take(session: Session, *, stay_id: int | None = None, staff_id: int | None = None, from_name: str,
         text: str = "", template: str = "", callback_number: str = "", urgent: bool = False,
         call_id: int | None = None, wanted_name: str = "") -> MessageSlip:
    """Write a message slip; for a guest, the stay must still be in house.

    With `wanted_name` instead of a guest (a name not found), the slip is kept at the desk and
    goes to a guest of that name as soon as one is in house: an incognito guest, or a later arrival."""
    from_name = clean(from_name, N_("From"), 80, required=True)
    text = clean(text, N_("Message"), 1000, multiline=True)
    if template and template not in TEMPLATES:
        raise ValidationError(N_("Unknown message template: {template}"), template=template)
    if not text and not template:
        raise ValidationError(N_("{field} is required."), field=_(N_("Message")))
    number = phones.parse_optional(callback_number)
    wanted_name = clean(wanted_name, N_("Person wanted"), 100)
    if [stay_id, staff_id, wanted_name or None].count(None) != 2:
        raise ValidationError(N_("A message is for one guest or one staff member."))
    with database.atomic():
        if stay_id is not None:
            stay = Stay.get_or_none(Stay.id == stay_id)
            if stay is None or stay.status != "in_house":
                raise ValidationError(N_("This guest has already checked out."))
        if staff_id is not None and not Staff.select().where(Staff.id == staff_id, Staff.active).exists():
            raise ValidationError(N_("This staff member is not in the directory."))
        slip = MessageSlip.create(
            number=_next_number(), stay=stay_id, staff=staff_id, call=call_id, from_name=from_name,
            callback_number=number.dialled if number else "", template=template, text=text, urgent=bool(urgent),
            taken_by=session.operator, taken_at=clock.now(), wanted_name=wanted_name,
        )
        audit.record(session, "message_taken", slip, f"slip {slip.number}" + (", at the desk" if wanted_name else ""))
        if wanted_name:
            match_desk_messages(session)
    return MessageSlip.get_by_id(slip.id)


@retrying
def match_desk_messages(session: Session) -> list[MessageSlip]:
    """Messages kept at the desk go to the one in-house guest whose name is the name asked for."""

    matched = []
    with database.atomic():
        waiting = MessageSlip.select().where(MessageSlip.wanted_name != "", MessageSlip.stay.is_null(),
                                             MessageSlip.staff.is_null(), MessageSlip.delivered_at.is_null(),
                                             MessageSlip.purged_at.is_null())
        for slip in waiting:
            wanted = fold(slip.wanted_name)
            guests = [s for s in Stay.select().where(Stay.status == "in_house")
                      if wanted and wanted in {fold(s.name), fold(s.name_zh), fold(" ".join(reversed(s.name.split())))}
                      - {""}]
            if len(guests) != 1:
                continue  # nobody, or more than one of that name: it waits at the desk
            MessageSlip.update(stay=guests[0].id).where(MessageSlip.id == slip.id).execute()
            audit.record(session, "message_matched", slip, f"slip {slip.number} to stay {guests[0].id}")
            matched.append(MessageSlip.get_by_id(slip.id))
    return matched


@retrying
def deliver(session: Session, slip_id: int, method: str) -> MessageSlip:
    if method not in DELIVERY_METHODS:
        raise ValidationError(N_("Unknown way of delivery: {method}"), method=method)
    with database.atomic():
        slip = MessageSlip.get_or_none(MessageSlip.id == slip_id)
        if slip is None or slip.purged_at is not None:
            raise ValidationError(N_("This message does not exist."))
        if slip.delivered_at is not None:
            raise ValidationError(N_("Message {number} was already delivered."), number=slip.number)
        MessageSlip.update(delivered_at=clock.now(), delivered_by=session.operator, delivery_method=method).where(
            MessageSlip.id == slip.id).execute()
        slip = MessageSlip.get_by_id(slip.id)
        audit.record(session, "message_delivered", slip, f"slip {slip.number}, {method}")
    return slip


def _rows(query) -> list[SlipRow]:
    out = []
    for s in query:
        if s.stay_id:
            room, lang = s.stay.room.number, s.stay.language
            recipient = people.display_name(s.stay)
        elif s.staff_id:
            room, lang = "", "zh_CN"
            recipient = people.short_name(s.staff)
        else:
            room, lang = "", "zh_CN"
            recipient = _("{name} (kept at the desk)").format(name=s.wanted_name)
        out.append(SlipRow(s.id, s.number, room, recipient, lang, s.from_name, s.callback_number, s.template, s.text,
                           s.urgent, s.taken_at, s.taken_by.display_name, s.delivered_at,
                           s.delivered_by.display_name if s.delivered_by_id else "", s.delivery_method))
    return out


def listing(undelivered_only: bool = True, room: str = "", limit: int = 500) -> list[SlipRow]:
    q = (MessageSlip.select().where(MessageSlip.purged_at.is_null())
         .order_by(MessageSlip.urgent.desc(), MessageSlip.taken_at.desc()).limit(limit))
    if undelivered_only:
        q = q.where(MessageSlip.delivered_at.is_null())
    if room.strip():
        q = q.join(Stay).join(Room).where(Room.number == room.strip())
    return _rows(q)


def get(slip_id: int) -> SlipRow:
    rows = _rows(MessageSlip.select().where(MessageSlip.id == slip_id, MessageSlip.purged_at.is_null()))
    if not rows:
        raise ValidationError(N_("This message does not exist."))
    return rows[0]


def undelivered_for_stay(stay_id: int) -> list[SlipRow]:
    return _rows(MessageSlip.select().where(MessageSlip.stay == stay_id, MessageSlip.delivered_at.is_null(),
                                            MessageSlip.purged_at.is_null()).order_by(MessageSlip.number))


def undelivered_count() -> int:
    return (MessageSlip.select().where(MessageSlip.delivered_at.is_null(), MessageSlip.purged_at.is_null())
            .count())


def waiting_stays() -> set[int]:
    """Stays with at least one undelivered message: the message-waiting lamp."""
    q = (MessageSlip.select(MessageSlip.stay).where(MessageSlip.stay.is_null(False),
                                                     MessageSlip.delivered_at.is_null(),
                                                     MessageSlip.purged_at.is_null()).distinct())
    return {s.stay_id for s in q}


@retrying
def purge(session: Session) -> int:
    """Blank messages of stays that left more than the retention period ago; returns how many."""
    session.require("supervisor")
    days = settings.get("message_retention_days")
    cutoff = clock.now() - timedelta(days=days)
    with database.atomic():
        old_stays = Stay.select(Stay.id).where(Stay.status == "departed", Stay.checked_out_at < cutoff)
        ids = [s.id for s in MessageSlip.select(MessageSlip.id).where(
            MessageSlip.stay.in_(old_stays), MessageSlip.purged_at.is_null())]
        if ids:
            MessageSlip.update(purged_at=clock.now(), from_name="", callback_number="", text="").where(
                MessageSlip.id.in_(ids)).execute()
        audit.record(session, "messages_purged", detail=f"{len(ids)} slips older than {days} days after departure")
    return len(ids)

