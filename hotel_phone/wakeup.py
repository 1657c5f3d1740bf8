"""Wake-up calls (住客叫醒): the register, the alert at the minute, retries, the floor attendant, lateness.

A call is pending until due; then rung. Unanswered, it is rung again every
retry interval (default 5 minutes); when the escalation limit is reached
(default 10 minutes) the operator sends the floor attendant to knock. It ends
when the guest is awake, with the minutes late recorded for later complaints.
A call that fell due while the app was closed is marked missed on start.
Changing a call's time cancels it and makes a new one: the register keeps both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from hotel_phone import audit, clock, hoteltime, people, phrases, settings
from hotel_phone.db import Stay, WakeUpAttempt, WakeUpCall, database, retrying
from hotel_phone.errors import DomainError, Problems, ValidationError
from hotel_phone.i18n import N_
from hotel_phone.session import Session
from hotel_phone.stays import stays_in_room
from hotel_phone.textcheck import clean

OPEN = ("pending", "missed", "retrying", "escalated")
STATUS_LABELS = {
    "pending": N_("waiting"), "missed": N_("missed (app was closed)"), "retrying": N_("no answer, ring again"),
    "escalated": N_("floor attendant sent"), "done": N_("guest awake"), "cancelled": N_("cancelled"),
}
MORNING_ZH = "早晨好,现在的时间是早上{clock}。"  # the seed's words; the zh_CN catalog must keep them
MORNING = phrases.WAKE_MORNING
LATE = phrases.WAKE_LATE
UNTITLED = {"zh_CN": "先生(或小姐)", "en": "Sir (Madam)"}  # the seed's wording for a guest whose title is unknown
ATTENDANT = N_("No answer since {since}: send the floor attendant of floor {floor} to knock on room {room}.")


def _days(stay: Stay, mode: str, first: date, last: date | None, at: time) -> list[date]:
    today = hoteltime.today()
    if mode == "stay":
        start = today if hoteltime.instant(today, at) > clock.now() else today + timedelta(days=1)
        return [start + timedelta(days=n) for n in range((stay.departure - start).days + 1)]
    if mode == "range":
        if last is None or last < first:
            raise ValidationError(N_("The last day is before the first."))
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [first]


@retrying
def schedule(session: Session, rooms: list[str], at_text: str, mode: str = "once", first: date | None = None,
             last: date | None = None, note: str = "") -> list[WakeUpCall]:
    """Wake-ups for one or several rooms (a group), once, on a range of days, or every day of the stay."""
    at = hoteltime.parse_time(at_text)
    note = clean(note, N_("Note"), 200)
    if mode not in ("once", "range", "stay"):
        raise ValidationError(N_("Unknown choice: {value}"), value=mode)
    rooms = [r.strip() for r in rooms if r.strip()]
    if not rooms:
        raise ValidationError(N_("Please give at least one room."))
    now = clock.now()
    if first is None:  # a time alone means its next occurrence: 06:30 typed at 20:00 is tomorrow
        today = now.astimezone(hoteltime.zone()).date()
        first = today if hoteltime.instant(today, at) > now or mode == "stay" else today + timedelta(days=1)
    plan, problems = [], []
    for number in rooms:  # every room is checked before any is booked; all the problems at once
        try:
            stay = stays_in_room(number)[0]  # a shared room is woken once, in the first guest's language
            days = _days(stay, mode, first, last, at)
            if not days:
                raise ValidationError(N_("Room {room}: the guest leaves before that."), room=number)
            for day in days:
                if hoteltime.instant(day, at) <= now:
                    raise ValidationError(N_("{time} on {day} has already passed."), time=at.strftime("%H:%M"),
                                          day=day.isoformat())
                if day > stay.departure:
                    raise ValidationError(N_("Room {room}: the guest leaves on {departure}, before {day}."),
                                          room=number, departure=stay.departure.isoformat(), day=day.isoformat())
            plan.append((number, stay, days))
        except DomainError as exc:
            problems.append(exc)
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise Problems(problems)
    created = []
    with database.atomic():
        for number, stay, days in plan:
            for day in days:
                call = WakeUpCall.create(stay=stay, room=stay.room, due_at=hoteltime.instant(day, at), language=stay.language,
                                         note=note, created_by=session.operator, created_at=now)
                audit.record(session, "wakeup_booked", call, f"room {number} {day} {at:%H:%M}")
                created.append(call)
    return created


def _open_call(wakeup_id: int) -> WakeUpCall:
    call = WakeUpCall.get_or_none(WakeUpCall.id == wakeup_id)
    if call is None:
        raise ValidationError(N_("This wake-up call does not exist."))
    if call.status not in OPEN:
        raise ValidationError(N_("This wake-up call is already closed."))
    return call


@retrying
def cancel(session: Session, wakeup_id: int, reason: str) -> WakeUpCall:
    reason = clean(reason, N_("Reason"), 200, required=True)
    with database.atomic():
        call = _open_call(wakeup_id)
        WakeUpCall.update(status="cancelled", cancel_reason=reason).where(WakeUpCall.id == call.id).execute()
        call = WakeUpCall.get_by_id(call.id)
        audit.record(session, "wakeup_cancelled", call)  # the reason is on the row, which retention can blank
    return call


@retrying
def change(session: Session, wakeup_id: int, at_text: str, note: str | None = None) -> WakeUpCall:
    """A new time for a call not yet due: the old call is cancelled, a new one made."""
    at = hoteltime.parse_time(at_text)
    with database.atomic():
        old = _open_call(wakeup_id)
        if old.status != "pending" or old.due_at <= clock.now():
            raise ValidationError(N_("A wake-up call can be changed only before it is due."))
        day = old.due_at.astimezone(hoteltime.zone()).date()
        due = hoteltime.instant(day, at)
        if due <= clock.now():
            raise ValidationError(N_("{time} on {day} has already passed."), time=at.strftime("%H:%M"),
                                  day=day.isoformat())
        if day > old.stay.departure or old.stay.status != "in_house":
            raise ValidationError(N_("This guest has already checked out."))
        WakeUpCall.update(status="cancelled", cancel_reason=f"changed to {at:%H:%M}").where(
            WakeUpCall.id == old.id).execute()
        new = WakeUpCall.create(stay=old.stay, room=old.room, due_at=due, language=old.language,
                                note=old.note if note is None else clean(note, N_("Note"), 200),
                                created_by=session.operator, created_at=clock.now())
        audit.record(session, "wakeup_changed", new, f"was {old.id} at {old.due_at.isoformat()}")
    return new


# -- at the minute ----------------------------------------------------------------

@dataclass(frozen=True)
class Alert:
    id: int
    kind: str  # due, retry, escalate, missed
    room: str
    floor: int
    guest: str
    language: str
    due_at: datetime
    status: str
    attempts: int
    words: str  # the greeting in the guest's language, the other beneath
    advice: str  # for the operator (in the operator's language, translated by the UI)


WORDS_BY_PART = {"morning": phrases.WAKE_MORNING, "afternoon": phrases.WAKE_AFTERNOON,
                 "evening": phrases.WAKE_EVENING}


def _clock_words(local: datetime, lang: str) -> str:
    if lang == "zh_CN":  # 下午3点, 晚上7点41分: the Chinese words count the afternoon's hours from noon
        hour = local.hour - 12 if local.hour > 12 else local.hour
        return f"{hour}点" + (f"{local.minute}分" if local.minute else "钟")
    return f"{local.hour}:{local.minute:02d}" if local.minute else f"{local.hour} o'clock"


def morning_words(call: WakeUpCall, now: datetime | None = None) -> str:
    """「早晨好,现在的时间是早上×点钟。」 and "Good morning, it is now X o'clock.", the guest's language first.

    The words follow the hour: a call at 19:41 is 「晚上好,现在的时间是晚上7点41分。」."""
    local = (now or clock.now()).astimezone(hoteltime.zone())
    phrase = WORDS_BY_PART[phrases.part_of_day(local.hour)]
    zh = phrases.say("zh_CN", phrase, clock=_clock_words(local, "zh_CN"))
    en = phrases.say("en", phrase, clock=_clock_words(local, "en"))
    return f"{zh}\n{en}" if call.language == "zh_CN" else f"{en}\n{zh}"


def late_words(call: WakeUpCall) -> str:
    minutes = call.minutes_late or 0
    first = phrases.say(call.language, LATE, guest=people.address(call.stay, call.language, UNTITLED[call.language]), minutes=minutes)
    other = "en" if call.language == "zh_CN" else "zh_CN"
    return first + "\n" + phrases.say(other, LATE, guest=people.address(call.stay, other, UNTITLED[other]), minutes=minutes)


def _limits() -> tuple[timedelta, timedelta]:
    return (timedelta(minutes=settings.get("wakeup_retry_minutes")),
            timedelta(minutes=settings.get("wakeup_escalate_minutes")))


def alerts(now: datetime | None = None) -> list[Alert]:
    """What needs the operator now, whatever panel is open."""
    now = now or clock.now()
    retry, escalate = _limits()
    out = []
    q = (WakeUpCall.select().where(WakeUpCall.status.in_(OPEN), WakeUpCall.due_at <= now)
         .order_by(WakeUpCall.due_at, WakeUpCall.id))
    for call in q:
        if call.status == "escalated":
            kind = "escalated"
        elif call.status in ("retrying", "missed", "pending") and now >= call.due_at + escalate \
                and call.status != "missed":
            kind = "escalate"
        elif call.status == "retrying":
            if call.next_try_at and now < call.next_try_at:
                continue
            kind = "retry"
        else:
            kind = "missed" if call.status == "missed" else "due"
        stay = call.stay
        out.append(Alert(call.id, kind, call.room.number, call.room.floor, people.short_name(stay), call.language,
                         call.due_at, call.status, call.attempts.count(), morning_words(call, now), kind))
    return out


def answered(session: Session, wakeup_id: int) -> WakeUpCall:
    """The guest answered the ring: awake now."""
    return _awake(session, wakeup_id, "answered")


def awake(session: Session, wakeup_id: int) -> WakeUpCall:
    """The guest is up (after the attendant knocked, or called the desk)."""
    return _awake(session, wakeup_id, "awake")


def first_called(call: WakeUpCall) -> datetime | None:
    """When the guest was first rung for this call (None before the first ring)."""
    first = (WakeUpAttempt.select(WakeUpAttempt.at).where(WakeUpAttempt.wakeup == call.id)
             .order_by(WakeUpAttempt.at).first())
    return first.at if first else None


def called_late_minutes(call: WakeUpCall) -> int:
    """Minutes between the booked time and the first ring (the app closed, the operator busy): not the guest's."""
    first = first_called(call)
    return max(0, int((first - call.due_at).total_seconds() // 60)) if first else 0


@retrying
def _awake(session: Session, wakeup_id: int, outcome: str) -> WakeUpCall:
    with database.atomic():
        call = _open_call(wakeup_id)
        now = clock.now()
        if now < call.due_at:
            raise ValidationError(N_("This wake-up call is not due yet."))
        # Lateness counts from the first ring: a guest rung late is not told they woke late.
        since = max(call.due_at, first_called(call) or now)
        minutes = int((now - since).total_seconds() // 60)
        WakeUpAttempt.create(wakeup=call, at=now, outcome=outcome, operator=session.operator)
        WakeUpCall.update(status="done", awake_at=now, minutes_late=minutes, next_try_at=None).where(
            WakeUpCall.id == call.id).execute()
        call = WakeUpCall.get_by_id(call.id)
        audit.record(session, "wakeup_done", call, f"{minutes} min late")
    return call


@retrying
def no_answer(session: Session, wakeup_id: int) -> WakeUpCall:
    """Rung, no answer: ring again after the retry interval."""
    retry, _escalate = _limits()
    with database.atomic():
        call = _open_call(wakeup_id)
        now = clock.now()
        if now < call.due_at:
            raise ValidationError(N_("This wake-up call is not due yet."))
        WakeUpAttempt.create(wakeup=call, at=now, outcome="no_answer", operator=session.operator)
        status = "escalated" if call.status == "escalated" else "retrying"
        WakeUpCall.update(status=status, next_try_at=now + retry).where(WakeUpCall.id == call.id).execute()
        call = WakeUpCall.get_by_id(call.id)
        audit.record(session, "wakeup_no_answer", call)
    return call


@retrying
def attendant_sent(session: Session, wakeup_id: int, attendant: str) -> WakeUpCall:
    """Record who was sent to knock, and when."""
    attendant = clean(attendant, N_("Floor attendant"), 60, required=True)
    with database.atomic():
        call = _open_call(wakeup_id)
        if clock.now() < call.due_at:
            raise ValidationError(N_("This wake-up call is not due yet."))
        WakeUpCall.update(status="escalated", escalated_at=clock.now(), attendant_sent=attendant).where(
            WakeUpCall.id == call.id).execute()
        call = WakeUpCall.get_by_id(call.id)
        audit.record(session, "wakeup_attendant_sent", call)  # who went is on the row
    return call


@retrying
def mark_missed(session: Session) -> list[WakeUpCall]:
    """On start: calls that fell due while nobody was watching are marked missed and listed, never skipped."""
    grace = timedelta(minutes=1)
    with database.atomic():
        missed = list(WakeUpCall.select().where(WakeUpCall.status == "pending",
                                                WakeUpCall.due_at < clock.now() - grace).order_by(WakeUpCall.due_at))
        for call in missed:
            WakeUpCall.update(status="missed").where(WakeUpCall.id == call.id).execute()
            audit.record(session, "wakeup_missed", call, f"due {call.due_at.isoformat()}")
    return [WakeUpCall.get_by_id(c.id) for c in missed]


# -- the register --------------------------------------------------------------------

@dataclass(frozen=True)
class RegisterRow:
    id: int
    due_at: datetime
    room: str
    guest: str
    language: str
    note: str
    status: str
    attempts: int
    attendant: str
    minutes_late: int | None
    booked_by: str


def register(day: date, include_cancelled: bool = False) -> list[RegisterRow]:
    start, stop = hoteltime.day_bounds(day)
    q = (WakeUpCall.select().where(WakeUpCall.due_at >= start, WakeUpCall.due_at < stop)
         .order_by(WakeUpCall.due_at, WakeUpCall.id))
    if not include_cancelled:
        q = q.where(WakeUpCall.status != "cancelled")
    return [RegisterRow(c.id, c.due_at, c.room.number, people.short_name(c.stay), c.language, c.note, c.status,
                        c.attempts.count(), c.attendant_sent, c.minutes_late, c.created_by.display_name) for c in q]


def due_between(start: datetime, stop: datetime) -> list[WakeUpCall]:
    return list(WakeUpCall.select().where(WakeUpCall.status.in_(OPEN), WakeUpCall.due_at >= start,
                                          WakeUpCall.due_at < stop).order_by(WakeUpCall.due_at))

