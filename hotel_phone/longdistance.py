"""Long-distance calls booked for guests: destination, quote, queue for the lines, timing, charge, posting.

A booking goes queued -> dialling (on a line) -> connected -> ended, or back to
the queue after busy / no answer / failed, or cancelled. The charge is posted to
the guest's folio exactly once: the booking is the posting's unique key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import peewee as pw

from hotel_phone import audit, clock, dialplan, folio, money, people, phrases, places, settings, tariff
from hotel_phone.db import FolioPosting, LongDistanceBooking, OutsideLine, Stay, database, retrying
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_, gettext_in
from hotel_phone.session import Session
from hotel_phone.textcheck import clean
# Imports inside functions: phonenumbers and its geocoder load where a destination is first named (for speed).

BEIJING = ZoneInfo("Asia/Shanghai")
ACTIVE = ("dialling", "connected")
NOT_CONNECTED = ("busy", "no_answer", "failed")
DEFAULT_CALL_SECONDS = 300
CONNECTED_WORDS = phrases.LD_CONNECTED
AFTER_WORDS = phrases.LD_AFTER
STATUS_LABELS = {
    "queued": N_("waiting"), "dialling": N_("dialling"), "connected": N_("connected"), "ended": N_("ended"),
    "cancelled": N_("cancelled"),
}
OUTCOME_LABELS = {"busy": N_("busy"), "no_answer": N_("no answer"), "failed": N_("failed")}


@dataclass(frozen=True)
class Destination:
    dialled: str
    e164: str
    national: str
    name_zh: str
    name_en: str
    timezone: str  # '' when the number does not say which of its country's zones rings
    local_time: datetime | None  # None for a range
    hours_from_beijing: float | None  # None for a range
    night: bool  # 22:00 to 07:00 there (in any of its zones)
    free: bool = False
    kind: str = ""
    rate_digits: str = ""  # what the tariff rates: the same for the quote, the booking and the charge
    extension: str = ""
    note: str = ""  # N_() text: why it costs what it costs (400, service number, toll-free abroad)
    dial: str = ""  # what the operator dials, outside-line prefix included
    span: places.Span | None = None


def destination(text: str, at: datetime | None = None, region: str = dialplan.HOME_REGION) -> Destination:
    """Where a number rings, its local time now (or the range of its country's times) and the difference."""
    import phonenumbers
    from phonenumbers import geocoder

    _t, rater = tariff.current()
    d = dialplan.read(text, rater.spec.free_numbers, rater.spec.free_prefixes, region)
    at = at or clock.now()
    if d.number is None:  # a free or service short number: in the hotel's own area and time
        zh = d.service_zh or ("免费号码" if d.free else "服务号码")
        en = d.service_en or ("free number" if d.free else "service number")
        return Destination(d.text, "", d.national, zh, en, "", None, None, False, d.free, d.kind, d.rate_digits,
                           d.extension, d.note, d.dial)
    zh, en = places.number_place(d.number)
    description = geocoder.description_for_number(d.number, "en")
    territory = phonenumbers.region_code_for_number(d.number) or ""
    s = places.span(places.zones_for_number(d.number, description, territory), at, territory)
    single = s is not None and s.single
    return Destination(d.text, d.e164, d.national, zh, en, s.zone if single else "",
                       s.earliest if single else None, s.hours_min if single else None, bool(s and s.night),
                       d.free, d.kind, d.rate_digits, d.extension, d.note, d.dial, s)


def rate_digits(rater: tariff.Rater, digits: str, free: bool, seconds: int, start: datetime) -> tariff.Rating:
    """The one rating of a call: the quote, the booking's charge and any re-rating come through here."""
    if free:
        return tariff.Rating("free", "免费", "free", 0, rule="free number", free=True)
    return rater.rate(digits, seconds, tariff.local_minute(start))


def rate(dest: Destination, seconds: int, start: datetime) -> tariff.Rating:
    _t, rater = tariff.current()
    return rate_digits(rater, dest.rate_digits, dest.free, seconds, start)


def quote(text: str, minutes: float, at: datetime | None = None,
          region: str = dialplan.HOME_REGION) -> tuple[Destination, tariff.Rating]:
    """What a call of `minutes` to `text` would cost if it started at `at` (default now)."""
    if not 0 <= minutes <= 24 * 60:
        raise ValidationError(N_("Minutes must be between 0 and 1440."))
    at = at or clock.now()
    dest = destination(text, at, region)
    return dest, rate(dest, round(minutes * 60), at)


def time_there_text(dest: Destination, lang: str) -> str:
    """The local time there, or the range of times when the number does not say which zone rings."""
    s = dest.span
    if s is None:
        return ""
    place_name = dest.name_zh if lang == "zh_CN" else dest.name_en
    if s.single:
        return gettext_in(lang, N_("Local time there: {time} ({difference} from Beijing)")).format(
            time=s.earliest.strftime("%H:%M"), difference=places.difference_text(s.hours_min))
    return gettext_in(lang, N_("{place}: {low} to {high} from Beijing depending on where it rings "
                               "({earliest} to {latest} there)")).format(
        place=place_name, low=places.difference_text(s.hours_min), high=places.difference_text(s.hours_max),
        earliest=s.earliest.strftime("%H:%M"), latest=s.latest.strftime("%H:%M"))


def quote_lines(dest: Destination, rating: tariff.Rating, minutes: float, lang: str) -> list[str]:
    """The quote as the operator reads it: where, what to dial, the time there, the charge and why."""
    t = lambda text: gettext_in(lang, text)  # noqa: E731
    place_name = dest.name_zh if lang == "zh_CN" else dest.name_en
    lines = [place_name + (f"  {dest.e164}" if dest.e164 else "")]
    if dest.extension:
        lines.append(t(N_("Extension {extension}: ask for it once connected (not dialled).")).format(
            extension=dest.extension))
    if dest.dial:
        lines.append(t(N_("Dial: {digits}")).format(digits=dest.dial))
    there = time_there_text(dest, lang)
    if there:
        lines.append(there)
    if dest.night:
        lines.append(t(N_("It is night there (22:00–07:00): tell the guest before booking.")))
    lines.append(t(N_("{zone}: {minutes:g} min cost {amount} ({rule})")).format(
        zone=rating.zone_zh if lang == "zh_CN" else rating.zone_en, minutes=minutes,
        amount=money.format(rating.charge_fen, settings.get("currency"), lang), rule=rating.describe(lang)))
    if dest.note and not dest.free:
        lines.append(t(dest.note))
    return lines


# -- the queue ------------------------------------------------------------------

def _booking(booking_id: int) -> LongDistanceBooking:
    b = LongDistanceBooking.get_or_none(LongDistanceBooking.id == booking_id)
    if b is None:
        raise ValidationError(N_("This booking does not exist."))
    return b


@retrying
def book(session: Session, stay_id: int, party: str, number: str,
         region: str = dialplan.HOME_REGION) -> LongDistanceBooking:
    party = clean(party, N_("Party called"), 100)
    dest = destination(number, region=region)
    if dest.free:
        raise ValidationError(N_("{number} is free and dialled directly; it is not booked."), number=number)
    with database.atomic():
        stay = Stay.get_or_none(Stay.id == stay_id)
        if stay is None or stay.status != "in_house":
            raise ValidationError(N_("This guest has already checked out."))
        b = LongDistanceBooking.create(
            stay=stay, party_called=party, number_dialled=dest.dialled, number_e164=dest.e164 or dest.national,
            destination_zh=dest.name_zh, destination_en=dest.name_en, booked_at=clock.now(),
            booked_by=session.operator, currency=settings.get("currency"), rate_digits=dest.rate_digits,
            extension=dest.extension)
        audit.record(session, "call_booked", b, f"room {stay.room.number}")
    return b


def _queue_query():
    return (LongDistanceBooking.select().where(LongDistanceBooking.status == "queued")
            .order_by(LongDistanceBooking.priority.desc(), LongDistanceBooking.booked_at, LongDistanceBooking.id))


def _dialable_query():
    """The queue without bookings whose guest has left: those are flagged, never in the way."""
    in_house = Stay.select(Stay.id).where(Stay.status == "in_house")
    return _queue_query().where(LongDistanceBooking.stay.in_(in_house))


def free_lines() -> list[OutsideLine]:
    busy = LongDistanceBooking.select(LongDistanceBooking.line).where(LongDistanceBooking.status.in_(ACTIVE))
    return list(OutsideLine.select().where(OutsideLine.active, OutsideLine.id.not_in(busy)).order_by(OutsideLine.number))


def average_seconds() -> int:
    recent = (LongDistanceBooking.select(LongDistanceBooking.duration_seconds)
              .where(LongDistanceBooking.status == "ended", LongDistanceBooking.duration_seconds.is_null(False))
              .order_by(LongDistanceBooking.ended_at.desc()).limit(20))
    values = [b.duration_seconds for b in recent]
    return round(sum(values) / len(values)) if values else DEFAULT_CALL_SECONDS


@dataclass(frozen=True)
class QueueRow:
    id: int
    position: int | None  # None when on a line
    expected_wait_minutes: int | None
    room: str
    guest: str
    language: str
    party: str
    number: str
    destination_zh: str
    destination_en: str
    status: str
    line: int | None
    attempts: int
    last_outcome: str
    booked_at: datetime
    connected_at: datetime | None
    priority: int
    duration_seconds: int | None
    guest_left: bool = False  # waiting, but the stay has ended: skipped by Dial, to be cancelled
    extension: str = ""


def queue() -> list[QueueRow]:
    """Bookings on a line, the waiting ones with their position and expected wait, then the day's ended calls."""
    lines = OutsideLine.select().where(OutsideLine.active).count() or 1
    free = len(free_lines())
    avg = average_seconds()
    rows = []
    active = (LongDistanceBooking.select().where(LongDistanceBooking.status.in_(ACTIVE))
              .order_by(LongDistanceBooking.dialled_at))
    for b in active:
        rows.append(_row(b, None, None))
    position = 0
    for b in _queue_query():
        if b.stay.status != "in_house":
            rows.append(_row(b, None, None))
            continue
        position += 1
        waves = 0 if position <= free else (position - free - 1) // lines + 1
        rows.append(_row(b, position, round(waves * avg / 60)))
    # The last day's ended calls stay in view, for their slips and questions at the desk.
    ended = (LongDistanceBooking.select().where(LongDistanceBooking.status == "ended",
                                                LongDistanceBooking.ended_at >= clock.now() - timedelta(days=1))
             .order_by(LongDistanceBooking.ended_at.desc()).limit(100))
    rows += [_row(b, None, None) for b in ended]
    return rows


def _row(b: LongDistanceBooking, position, wait) -> QueueRow:
    stay = b.stay
    guest = people.short_name(stay)
    return QueueRow(b.id, position, wait, stay.room.number, guest, stay.language, b.party_called, b.number_dialled,
                    b.destination_zh, b.destination_en, b.status, b.line.number if b.line_id else None, b.attempts,
                    b.last_outcome, b.booked_at, b.connected_at, b.priority, b.duration_seconds,
                    b.status == "queued" and stay.status != "in_house", b.extension)


def next_booking() -> LongDistanceBooking | None:
    """The booking to offer when a line is free: the head of the queue among guests still in house."""
    if not free_lines():
        return None
    return _dialable_query().first()


@retrying
def place(session: Session, booking_id: int) -> LongDistanceBooking:
    """Dial the next booking on a free line; the queue's order is kept (a supervisor moves bookings up)."""
    with database.atomic():
        b = _booking(booking_id)
        if b.status != "queued":
            raise ValidationError(N_("This booking is not waiting."))
        if b.stay.status != "in_house":
            raise ValidationError(N_("This guest has already checked out."))
        head = _dialable_query().first()
        if head.id != b.id:
            raise ValidationError(N_("Booking {id} for room {room} is waiting before this one."), id=head.id,
                                  room=head.stay.room.number)
        lines = free_lines()
        if not lines:
            raise ValidationError(N_("All outside lines are busy."))
        LongDistanceBooking.update(status="dialling", line=lines[0], dialled_at=clock.now(),
                                   attempts=LongDistanceBooking.attempts + 1).where(
            LongDistanceBooking.id == b.id).execute()
        b = _booking(b.id)
        audit.record(session, "call_dialled", b, f"line {lines[0].number}")
    return b


@retrying
def connected(session: Session, booking_id: int) -> LongDistanceBooking:
    with database.atomic():
        b = _booking(booking_id)
        if b.status != "dialling":
            raise ValidationError(N_("Only a call being dialled can connect."))
        LongDistanceBooking.update(status="connected", connected_at=clock.now()).where(
            LongDistanceBooking.id == b.id).execute()
        b = _booking(b.id)
        audit.record(session, "call_connected", b)
    return b


@retrying
def not_connected(session: Session, booking_id: int, outcome: str) -> LongDistanceBooking:
    """Busy, no answer or failed: the line is freed and the booking waits to be tried again."""
    if outcome not in NOT_CONNECTED:
        raise ValidationError(N_("Unknown answer: {answer}"), answer=outcome)
    with database.atomic():
        b = _booking(booking_id)
        if b.status != "dialling":
            raise ValidationError(N_("Only a call being dialled can fail to connect."))
        LongDistanceBooking.update(status="queued", line=None, last_outcome=outcome).where(
            LongDistanceBooking.id == b.id).execute()
        b = _booking(b.id)
        audit.record(session, "call_not_connected", b, outcome)
    return b


@retrying
def end(session: Session, booking_id: int) -> LongDistanceBooking:
    """The call is over: time it, rate it, post the charge and number the slip, in one transaction.

    A call with nothing to charge (no time on the line, or inside the grace) posts nothing and has no slip.
    """
    with database.atomic():
        b = _booking(booking_id)
        if b.status == "ended":
            raise ValidationError(N_("This call has already ended."))
        if b.status != "connected" or b.connected_at is None:
            raise ValidationError(N_("This call was never connected; there is nothing to end."))
        now = clock.now()
        seconds = max(0, int((now - b.connected_at).total_seconds()))
        t, rater = tariff.current()
        # The digits the quote was made on; free numbers are never booked. Rated by the start time.
        rating = rate_digits(rater, b.rate_digits or b.number_e164.lstrip("+"), False, seconds, b.connected_at)
        charge = rating.charge_fen if seconds else 0
        LongDistanceBooking.update(
            status="ended", ended_at=now, duration_seconds=seconds, charge_fen=charge,
            zone_code=rating.zone, rule=rating.rule, tariff=t, discount_basis_points=rating.discount_bp).where(
            LongDistanceBooking.id == b.id).execute()
        b = _booking(b.id)
        audit.record(session, "call_ended_rated", b, f"{seconds} s, {charge} fen, {rating.zone}")
        if charge > 0:  # a call that never really ran posts nothing and has no slip
            post(session, b.id)
            folio.number_slip(b)
    return b


def post(session: Session, booking_id: int) -> FolioPosting:
    """Post an ended call's charge to the folio; a second call returns the first posting."""
    b = _booking(booking_id)
    if b.status != "ended" or not b.charge_fen:
        raise ValidationError(N_("Only an ended call with a charge is posted."))
    return folio.post_call_charge(
        session, b.stay_id, b.charge_fen, b.currency, description_zh=f"长途电话 {b.destination_zh or b.number_e164}",
        description_en=f"Telephone {b.destination_en or b.number_e164}", number=b.number_dialled,
        source_kind="longdistance", source_key=str(b.id))


@retrying
def cancel(session: Session, booking_id: int, reason: str) -> LongDistanceBooking:
    reason = clean(reason, N_("Reason"), 200, required=True)
    with database.atomic():
        b = _booking(booking_id)
        if b.status != "queued":
            raise ValidationError(N_("Only a waiting booking can be cancelled."))
        LongDistanceBooking.update(status="cancelled", cancel_reason=reason).where(
            LongDistanceBooking.id == b.id).execute()
        b = _booking(b.id)
        audit.record(session, "call_cancelled", b)  # the reason is on the booking, which retention can blank
    return b


@retrying
def move_up(session: Session, booking_id: int) -> LongDistanceBooking:
    """A supervisor puts a booking at the head of the queue."""
    session.require_may("ld.move_up")
    with database.atomic():
        b = _booking(booking_id)
        if b.status != "queued":
            raise ValidationError(N_("This booking is not waiting."))
        top = LongDistanceBooking.select(pw.fn.MAX(LongDistanceBooking.priority)).where(
            LongDistanceBooking.status == "queued").scalar() or 0
        LongDistanceBooking.update(priority=top + 1).where(LongDistanceBooking.id == b.id).execute()
        b = _booking(b.id)
        audit.record(session, "call_moved_up", b, f"priority {top + 1}")
    return b


# -- words for the guest ----------------------------------------------------------

def connected_words(b: LongDistanceBooking) -> str:
    lang = b.stay.language
    place_name = people.pick(lang, b.destination_zh, b.destination_en)
    return phrases.say(lang, CONNECTED_WORDS, destination=place_name or b.number_dialled)


def after_words(b: LongDistanceBooking) -> str:
    lang = b.stay.language
    minutes, seconds = divmod(b.duration_seconds or 0, 60)
    return phrases.say(lang, AFTER_WORDS, minutes=minutes, seconds=seconds,
                       amount=money.format(b.charge_fen or 0, b.currency, lang))


def pending_for_stay(stay_id: int) -> int:
    return LongDistanceBooking.select().where(LongDistanceBooking.stay == stay_id,
                                              LongDistanceBooking.status.in_(("queued",) + ACTIVE)).count()


def waiting_count() -> int:
    return _dialable_query().count()


def elapsed(connected_at: datetime | None) -> timedelta | None:
    return clock.now() - connected_at if connected_at else None
