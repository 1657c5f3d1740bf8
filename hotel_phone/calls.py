"""Incoming calls: screening with the guest's consent, privacy of stays, staff-call rules.

Each step is one transaction with its audit event and a CallStep; a call is
never edited afterwards (a correction is a CallNote). What the operator says
is computed by `view()` from the call's state alone, so the words for a caller
can contain a guest's room or acknowledge a stay only after that guest's
consent on this call has been recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from hotel_phone import audit, clock, hoteltime, people, phones, phrases, settings
from hotel_phone.db import (AllowedCaller, CallNote, CallStep, Department, MessageSlip, Operator, Room, ScreenedCall,
                            Staff, Stay, database, retrying)
from hotel_phone.errors import PermissionDenied, ValidationError
from hotel_phone.i18n import LANGUAGES, N_, _, current_language
from hotel_phone.names import fold, to_pinyin_plain
from hotel_phone.session import Session
from hotel_phone.textcheck import clean

GUEST_ANSWERS = ("accept", "accept_stay_only", "decline", "no_answer", "not_in_room")
# Outcomes after which the caller hears the neutral words (never the stay's existence).
NEUTRAL_OUTCOMES = ("declined", "no_answer", "not_in_room", "dnd", "incognito", "not_found", "inquiry_declined")
OUTCOME_LABELS = {
    "open": N_("in progress"),
    "connected": N_("put through"),
    "declined": N_("guest declined"),
    "no_answer": N_("no answer"),
    "not_in_room": N_("not in the room"),
    "dnd": N_("do not disturb"),
    "incognito": N_("incognito"),
    "not_found": N_("no such guest"),
    "inquiry_answered": N_("stay disclosed with consent"),
    "inquiry_declined": N_("guest declined disclosure"),
    "staff_not_now": N_("staff: working hours, not put through"),
    "staff_off_duty": N_("staff: off duty"),
    "routed_superior": N_("staff: put to the superior"),
    "routed_department": N_("put to the department"),
    "abandoned": N_("caller hung up"),
}


@dataclass(frozen=True)
class CallView:
    """What the operator sees and says now."""

    id: int
    line: str
    kind: str
    state: str
    outcome: str
    caller_language: str
    caller_name: str
    purpose: str
    caller_number: str
    stay_id: int | None
    staff_id: int | None
    consent: bool
    disclosed: bool
    say_to_caller: str  # in the caller's language
    say_to_guest: str  # in the guest's language, when the guest is on the line
    guest_language: str
    advice: str  # for the operator, in the operator's language
    route_options: tuple[tuple[str, str], ...]  # (target, label) for an urgent staff call
    message_for: str  # "stay", "staff" or "" (who a message would be for)
    party: str  # who was chosen, for the operator's eyes only
    actions: frozenset[str] = frozenset()  # the steps the operator may take now (available_actions)

    @property
    def is_open(self) -> bool:
        return self.state != "closed"

    @property
    def choosing(self) -> bool:
        """Whom the caller wants may still be chosen or changed."""
        return self.state in ("new", "chosen")


# -- rules ------------------------------------------------------------------

def dnd_active(stay: Stay, now: datetime) -> bool:
    return stay.privacy == "dnd" and (stay.dnd_until is None or now < stay.dnd_until)


def is_allowed_caller(stay: Stay, caller_name: str, caller_number: str) -> bool:
    """On the guest's list: the same number, or the same name when the list entry has no number."""
    e164 = phones.parse_optional(caller_number).e164 if caller_number else ""
    name = fold(caller_name)
    for entry in AllowedCaller.select().where(AllowedCaller.stay == stay.id):
        if entry.number:
            try:
                if e164 and phones.parse(entry.number).e164 == e164:
                    return True
            except ValidationError:
                continue
        elif name and fold(entry.name) == name:
            return True
    return False


def staff_rule(line: str, at: datetime) -> str:
    """'put_through' (inside line), 'not_now' (working hours) or 'off_duty' for a staff call."""
    if line == "inside":
        return "put_through"
    local = at.astimezone(hoteltime.zone())
    workdays = {int(d) for d in settings.get("staff_workdays").split(",") if d.strip()}
    start, end = hoteltime.parse_time(settings.get("staff_day_start")), hoteltime.parse_time(settings.get("staff_day_end"))
    if local.isoweekday() in workdays and start <= local.time() < end:
        return "not_now"
    return "off_duty"


# -- steps ------------------------------------------------------------------

def _step(call: ScreenedCall, step: str, detail: str = "") -> None:
    CallStep.create(call=call, at=clock.now(), step=step, detail=detail[:1000])


def _open_call(call_id: int) -> ScreenedCall:
    call = ScreenedCall.get_or_none(ScreenedCall.id == call_id)
    if call is None:
        raise ValidationError(N_("This call does not exist."))
    if call.state == "closed":
        raise ValidationError(N_("This call is already finished."))
    return call


def _save(call: ScreenedCall, **changes) -> ScreenedCall:
    ScreenedCall.update(**changes).where(ScreenedCall.id == call.id).execute()
    return ScreenedCall.get_by_id(call.id)


def _close(call: ScreenedCall, outcome: str, **changes) -> ScreenedCall:
    return _save(call, state="closed", outcome=outcome, ended_at=clock.now(), **changes)


@retrying
def start(session: Session, line: str = "outside", caller_language: str | None = None) -> ScreenedCall:
    """A new call, in the hotel's default language for callers unless one is given."""
    caller_language = caller_language or settings.get("caller_language")
    if line not in ("outside", "inside"):
        raise ValidationError(N_("Unknown line: {line}"), line=line)
    if caller_language not in LANGUAGES:
        raise ValidationError(N_("Unknown language: {language}"), language=caller_language)
    with database.atomic():
        call = ScreenedCall.create(started_at=clock.now(), operator=session.operator, line=line,
                                   caller_language=caller_language)
        _step(call, "started", line)
        audit.record(session, "call_started", call, line)
    return call


@retrying
def set_caller_language(session: Session, call_id: int, language: str) -> ScreenedCall:
    if language not in LANGUAGES:
        raise ValidationError(N_("Unknown language: {language}"), language=language)
    with database.atomic():
        call = _open_call(call_id)
        call = _save(call, caller_language=language)
        _step(call, "caller_language", language)
        audit.record(session, "call_language", call, language)
    return call


@retrying
def identify_caller(session: Session, call_id: int, name: str, purpose: str, number: str = "") -> ScreenedCall:
    """The caller's name and the matter of the call (both required before a guest is rung)."""
    name = clean(name, N_("Caller's name"), 80, required=True)
    purpose = clean(purpose, N_("Purpose of the call"), 200, required=True)
    with database.atomic():
        call = _open_call(call_id)
        if call.line == "inside" and number.strip().isdigit() and len(number.strip()) <= 6:
            dialled = number.strip()  # an extension
        else:
            parsed = phones.parse_optional(number)
            dialled = parsed.dialled if parsed else ""
        call = _save(call, caller_name=name, purpose=purpose, caller_number=dialled)
        _step(call, "caller_identified", f"{name}; {purpose}; {dialled}")
        audit.record(session, "call_caller", call)  # names stay on the call, which retention can blank
    return call


@retrying
def choose_guest(session: Session, call_id: int, stay_id: int, inquiry: bool = False) -> ScreenedCall:
    """The operator has checked that this in-house guest is the person wanted."""
    with database.atomic():
        call = _open_call(call_id)
        if call.state not in ("new", "chosen"):
            raise ValidationError(N_("The party for this call is already chosen."))
        stay = Stay.get_or_none(Stay.id == stay_id)
        if stay is None or stay.status != "in_house":
            raise ValidationError(N_("This guest has already checked out."))
        kind = "inquiry" if inquiry else "call"
        wanted = stay.name_zh or stay.name
        if stay.privacy == "incognito":
            call = _close(call, "incognito", stay=stay, kind=kind, wanted=wanted)
            _step(call, "incognito", "stay not acknowledged")
        elif dnd_active(stay, clock.now()):
            call = _close(call, "dnd", stay=stay, kind=kind, wanted=wanted)
            _step(call, "do_not_disturb", "not rung")
        else:
            call = _save(call, state="chosen", stay=stay, kind=kind, wanted=wanted)
            _step(call, "guest_chosen", f"stay {stay.id}, {kind}")
        audit.record(session, "call_guest_chosen", call, f"stay {stay.id}: {call.outcome}")
    return call


@retrying
def not_found(session: Session, call_id: int, wanted: str) -> ScreenedCall:
    """The name asked for is not among the guests in house."""
    wanted = clean(wanted, N_("Person wanted"), 100)
    with database.atomic():
        call = _open_call(call_id)
        call = _close(call, "not_found", wanted=wanted)
        _step(call, "not_found", wanted)
        audit.record(session, "call_not_found", call)
    return call


@retrying
def ring_guest(session: Session, call_id: int) -> ScreenedCall:
    """Ring the room to ask the guest; a caller on the guest's list is put through without asking."""
    with database.atomic():
        call = _open_call(call_id)
        if call.state != "chosen" or call.stay_id is None:
            raise ValidationError(N_("Choose the guest first."))
        if not call.caller_name or not call.purpose:
            raise ValidationError(N_("Ask the caller's name and the purpose of the call first."))
        stay = Stay.get_by_id(call.stay_id)
        if stay.status != "in_house":
            raise ValidationError(N_("This guest has already checked out."))
        if call.kind == "call" and is_allowed_caller(stay, call.caller_name, call.caller_number):
            call = _save(call, state="consented", consent=True)
            _step(call, "allowed_caller", "on the guest's list; not asked")
        else:
            call = _save(call, state="asking")
            _step(call, "guest_rung")
        audit.record(session, "call_guest_rung", call, call.state)
    return call


@retrying
def guest_answer(session: Session, call_id: int, answer: str) -> ScreenedCall:
    """What the guest said: accept, decline, no answer (five rings) or not in the room."""
    if answer not in GUEST_ANSWERS:
        raise ValidationError(N_("Unknown answer: {answer}"), answer=answer)
    with database.atomic():
        call = _open_call(call_id)
        if call.state != "asking":
            raise ValidationError(N_("The guest has not been asked on this call."))
        if answer == "accept_stay_only" and call.kind != "inquiry":
            raise ValidationError(N_("Only a caller's inquiry can be answered with the stay alone."))
        if answer in ("accept", "accept_stay_only"):
            # The consent is split: "say I am staying here" does not allow the room number.
            call = _save(call, state="consented", consent=True)
        elif answer == "decline":
            call = _close(call, "inquiry_declined" if call.kind == "inquiry" else "declined")
        else:
            call = _close(call, answer)
        _step(call, "guest_" + answer)
        audit.record(session, "call_guest_answer", call, answer)
    return call


@retrying
def put_through(session: Session, call_id: int) -> ScreenedCall:
    """Connect the caller: only with the guest's consent (or a staff or department line)."""
    with database.atomic():
        call = ScreenedCall.get_or_none(ScreenedCall.id == call_id)
        if call is not None and call.outcome in ("connected", "routed_superior", "routed_department"):
            raise ValidationError(N_("This call is already put through."))
        call = _open_call(call_id)
        if call.state != "consented":
            raise ValidationError(N_("The call cannot be put through without the guest's consent."))
        if call.stay_id and Stay.get_by_id(call.stay_id).status != "in_house":
            raise ValidationError(N_("This guest has already checked out."))
        target = call.routed_to or (call.stay.room.extension if call.stay_id else "")
        call = _close(call, "connected", routed_to=target)
        _step(call, "put_through", target)
        audit.record(session, "call_put_through", call, target)
    return call


@retrying
def disclose(session: Session, call_id: int) -> str:
    """Tell the caller the guest's stay and room: refused without this call's recorded consent."""
    with database.atomic():
        call = ScreenedCall.get_or_none(ScreenedCall.id == call_id)
        if call is None or call.stay_id is None or not call.consent or call.kind != "inquiry":
            raise PermissionDenied(N_("The guest has not agreed on this call to tell the caller where they stay."))
        call = _open_call(call_id)
        stay = Stay.get_by_id(call.stay_id)
        if stay.status != "in_house":
            raise ValidationError(N_("This guest has already checked out."))
        call = _close(call, "inquiry_answered", disclosed=True)
        told = f"room {stay.room.number}" if room_allowed(call) else "stay only, no room"
        _step(call, "disclosed", told)
        audit.record(session, "stay_disclosed", call, f"stay {stay.id}, {told}")
    return disclosure_words(call)


@retrying
def choose_staff(session: Session, call_id: int, staff_id: int, urgent: bool = False) -> ScreenedCall:
    with database.atomic():
        call = _open_call(call_id)
        if call.state not in ("new", "chosen"):
            raise ValidationError(N_("The party for this call is already chosen."))
        staff = Staff.get_or_none(Staff.id == staff_id, Staff.active)
        if staff is None:
            raise ValidationError(N_("This staff member is not in the directory."))
        rule = staff_rule(call.line, clock.now())
        wanted = staff.name_zh or staff.name
        if rule == "put_through":
            call = _save(call, state="consented", staff=staff, wanted=wanted, routed_to=staff.extension)
        elif urgent:
            call = _save(call, state="routing", staff=staff, wanted=wanted, urgent=True)
        else:
            call = _close(call, "staff_not_now" if rule == "not_now" else "staff_off_duty", staff=staff,
                          wanted=wanted)
        _step(call, "staff_chosen", f"staff {staff.id}, {rule}, urgent={urgent}")
        audit.record(session, "call_staff_chosen", call, rule)
    return call


def route_options(call: ScreenedCall) -> list[tuple[str, str, str]]:
    """(target, extension, label) an urgent staff call may go to: the department office, the superior."""
    if call.staff_id is None:
        return []
    staff = call.staff
    options = []
    dept = staff.department
    ext = dept.office_extension or dept.duty_phone
    if ext:
        options.append(("department", ext, _("{department} office, ext. {ext}").format(
            department=dept.name_zh if _is_zh() else dept.name_en, ext=ext)))
    if staff.superior_id:
        sup = staff.superior
        options.append(("superior", sup.extension, _("{name}, {title}, ext. {ext}").format(
            name=staff_name(sup, "zh_CN" if _is_zh() else "en"), title=sup.title_zh if _is_zh() else sup.title_en,
            ext=sup.extension)))
    return options


def _is_zh() -> bool:
    return people.is_zh(current_language())


@retrying
def route(session: Session, call_id: int, target: str) -> ScreenedCall:
    """An urgent staff call goes to the department office or the staff member's direct superior."""
    with database.atomic():
        call = _open_call(call_id)
        if call.state != "routing":
            raise ValidationError(N_("Only an urgent staff call is routed."))
        ext = {t: e for t, e, _label in route_options(call)}.get(target)
        if not ext:
            raise ValidationError(N_("There is no {target} to put this call to."), target=target)
        call = _close(call, "routed_superior" if target == "superior" else "routed_department", routed_to=ext)
        _step(call, "routed", f"{target} {ext}")
        audit.record(session, "call_routed", call, f"{target} {ext}")
    return call


@retrying
def choose_department(session: Session, call_id: int, department_id: int) -> ScreenedCall:
    with database.atomic():
        call = _open_call(call_id)
        if call.state not in ("new", "chosen"):
            raise ValidationError(N_("The party for this call is already chosen."))
        dept = Department.get_or_none(Department.id == department_id)
        if dept is None:
            raise ValidationError(N_("This department does not exist."))
        ext = dept.office_extension or dept.duty_phone
        call = _close(call, "routed_department", department=dept, wanted=dept.name_zh, routed_to=ext)
        _step(call, "department", f"{dept.code} {ext}")
        audit.record(session, "call_department", call, dept.code)
    return call


@retrying
def end(session: Session, call_id: int) -> ScreenedCall:
    """The caller hung up or the operator ends a call still open."""
    with database.atomic():
        call = _open_call(call_id)
        call = _close(call, "abandoned")
        _step(call, "ended")
        audit.record(session, "call_ended", call)
    return call


@retrying
def hold(session: Session, call_id: int) -> ScreenedCall:
    """The operator turns to another call; this caller waits on hold (never dropped)."""
    with database.atomic():
        call = _open_call(call_id)
        if held_since(call.id) is None:
            _step(call, "held")
            audit.record(session, "call_held", call)
    return call


@retrying
def resume(session: Session, call_id: int) -> ScreenedCall:
    """Back to a held caller."""
    with database.atomic():
        call = _open_call(call_id)
        if held_since(call.id) is not None:
            _step(call, "resumed")
            audit.record(session, "call_resumed", call)
    return call


def held_since(call_id: int) -> datetime | None:
    """When the caller was put on hold, if they are on hold now."""
    last = (CallStep.select().where(CallStep.call == call_id, CallStep.step.in_(("held", "resumed")))
            .order_by(CallStep.id.desc()).first())
    return last.at if last is not None and last.step == "held" else None


CONSOLE_STATES = {
    "new": N_("new"), "waiting": N_("waiting for the guest"), "held": N_("on hold"),
    "put_through": N_("put through"), "ended": N_("ended"),
}


def console_state(call: ScreenedCall) -> str:
    """The call as the console shows it: new, waiting for the guest, on hold, put through or ended."""
    if call.state == "closed":
        return "put_through" if call.outcome in ("connected", "routed_superior", "routed_department") else "ended"
    if held_since(call.id) is not None:
        return "held"
    return "new" if call.state == "new" else "waiting"


@dataclass(frozen=True)
class LiveCall:
    id: int
    line: str
    caller: str
    wanted: str
    state: str  # a key of CONSOLE_STATES
    seconds: int  # waiting: on hold since, or since the call began
    overdue: bool  # on hold longer than the setting: greet the caller again


def live_calls(now: datetime | None = None) -> list[LiveCall]:
    """Every call not yet ended by the operator, oldest first; none is ever dropped from this list.

    Read every second: two queries, whatever the number of calls."""
    now = now or clock.now()
    limit = settings.get("hold_reminder_seconds")
    open_calls = list(ScreenedCall.select(ScreenedCall.id, ScreenedCall.line, ScreenedCall.caller_name,
                                          ScreenedCall.wanted, ScreenedCall.state, ScreenedCall.started_at)
                      .where(ScreenedCall.state != "closed").order_by(ScreenedCall.started_at, ScreenedCall.id))
    held: dict[int, datetime | None] = {}
    if open_calls:
        for step in (CallStep.select(CallStep.call, CallStep.step, CallStep.at)
                     .where(CallStep.call.in_([c.id for c in open_calls]), CallStep.step.in_(("held", "resumed")))
                     .order_by(CallStep.id)):
            held[step.call_id] = step.at if step.step == "held" else None
    out = []
    for c in open_calls:
        since = held.get(c.id)
        seconds = max(0, int((now - (since or c.started_at)).total_seconds()))
        state = "held" if since else ("new" if c.state == "new" else "waiting")
        out.append(LiveCall(c.id, c.line, c.caller_name, c.wanted, state, seconds,
                            since is not None and seconds >= limit))
    return out


@retrying
def add_note(session: Session, call_id: int, text: str) -> CallNote:
    text = clean(text, N_("Note"), 1000, required=True, multiline=True)
    with database.atomic():
        call = ScreenedCall.get_or_none(ScreenedCall.id == call_id)
        if call is None:
            raise ValidationError(N_("This call does not exist."))
        note = CallNote.create(call=call, at=clock.now(), operator=session.operator, text=text)
        audit.record(session, "call_note", call)
    return note


# -- words ------------------------------------------------------------------

def room_allowed(call: ScreenedCall) -> bool:
    """The guest's consent on this call covers the room number (not only "staying here")."""
    return not CallStep.select().where(CallStep.call == call.id, CallStep.step == "guest_accept_stay_only").exists()


def disclosure_words(call: ScreenedCall) -> str:
    stay = call.stay
    lang = call.caller_language
    if not room_allowed(call):
        return phrases.say(lang, phrases.DISCLOSE_STAY, guest=people.address(stay, lang))
    return phrases.say(lang, phrases.DISCLOSE, guest=people.address(stay, lang), room=stay.room.number)


def _caller_words(call: ScreenedCall) -> str:
    lang = call.caller_language
    since = held_since(call.id) if call.state != "closed" else None
    if since is not None:  # the phrasebook's words for a caller who has waited too long on hold
        waited = (clock.now() - since).total_seconds()
        return phrases.say(lang, phrases.HELD_AGAIN if waited >= settings.get("hold_reminder_seconds")
                           else phrases.HOLD)
    if call.state == "new":
        greeting = phrases.greeting(call.line, lang, call.started_at)
        return greeting if call.caller_name else greeting + " " + phrases.say(lang, phrases.ASK_CALLER)
    if call.state in ("chosen", "asking", "routing"):
        return phrases.say(lang, phrases.HOLD)
    if call.disclosed:
        return disclosure_words(call)
    if call.state == "consented":
        if call.kind == "inquiry":
            return phrases.say(lang, phrases.HOLD)  # consent given; the words come from disclose()
        return phrases.say(lang, phrases.PUTTING_THROUGH)
    # closed
    if MessageSlip.select().where(MessageSlip.call == call.id).exists():
        return phrases.say(lang, phrases.MESSAGE_TAKEN)
    if call.outcome in NEUTRAL_OUTCOMES:
        return phrases.say(lang, phrases.UNABLE)
    if call.outcome == "connected":
        return phrases.say(lang, phrases.PUTTING_THROUGH)
    if call.outcome == "staff_not_now":
        return phrases.say(lang, phrases.STAFF_NOT_NOW)
    if call.outcome == "staff_off_duty":
        return phrases.say(lang, phrases.STAFF_OFF_DUTY)
    if call.outcome in ("routed_superior", "routed_department"):
        return phrases.say(lang, phrases.ROUTED, whom=_routed_name(call, lang))
    return ""


def staff_name(staff: Staff, lang: str) -> str:
    """A staff member's name for a listener: 中文 for a Chinese caller, the Latin name or pinyin otherwise."""
    if lang == "zh_CN":
        return staff.name_zh or staff.name
    if staff.name and staff.name != staff.name_zh:
        return staff.name
    return to_pinyin_plain(staff.name_zh)


def _routed_name(call: ScreenedCall, lang: str) -> str:
    zh = lang == "zh_CN"
    if call.outcome == "routed_department":
        dept = call.department if call.department_id else call.staff.department
        return dept.name_zh if zh else dept.name_en
    sup = call.staff.superior
    return staff_name(sup, lang) + (f"({sup.title_zh})" if zh else f", {sup.title_en}")


def _guest_words(call: ScreenedCall) -> str:
    if call.stay_id and call.kind == "call" and call.outcome == "connected":
        return phrases.say(call.stay.language, phrases.GUEST_CONNECTED,
                           guest=people.address(call.stay, call.stay.language))
    if not call.stay_id or call.state not in ("asking", "consented"):
        return ""
    stay = call.stay
    lang = stay.language
    guest = people.address(stay, lang)
    if call.state == "consented":
        return phrases.say(lang, phrases.GUEST_CONNECTED, guest=guest) if call.kind == "call" else ""
    phrase = phrases.ASK_GUEST_INQUIRY if call.kind == "inquiry" else phrases.ASK_GUEST_CALL
    return phrases.say(lang, phrase, guest=guest, caller=call.caller_name, purpose=call.purpose)


def _advice(call: ScreenedCall) -> str:
    if call.outcome == "incognito":
        return _("Incognito guest: do not acknowledge the stay. Say the same as for a name not in the hotel; "
                 "a message may be taken.")
    if call.outcome == "dnd":
        until = call.stay.dnd_until
        when = until.astimezone(hoteltime.zone()).strftime("%H:%M") if until else _("further notice")
        return _("Do not disturb until {until}: do not ring the room; offer to take a message.").format(until=when)
    if call.state == "new":
        return _("Ask the caller's name and the purpose, then find the person wanted.")
    if call.state == "chosen":
        if not call.caller_name or not call.purpose:
            return _("Ask the caller's name and the purpose of the call before ringing the guest.")
        return _("Check this is the person wanted, then ring room {room}.").format(room=call.stay.room.number)
    if call.state == "asking":
        return _("Ring room {room} and ask the guest; five rings unanswered count as no answer.").format(
            room=call.stay.room.number)
    if call.state == "consented" and call.kind == "inquiry":
        if not room_allowed(call):
            return _("The guest agreed that you say they stay here, but not the room number.")
        return _("The guest agreed: you may now tell the caller.")
    if call.state == "consented":
        step = CallStep.select().where(CallStep.call == call.id, CallStep.step == "allowed_caller").exists()
        if step:
            return _("This caller is on the guest's list: put through without asking.")
        return _("Put the call through.")
    if call.state == "routing":
        if staff_rule(call.line, call.started_at) == "off_duty":
            return _("The staff member is off duty now. Urgent: choose the department's duty phone or the "
                     "direct superior, and dial the extension shown.")
        return _("Staff are not put through during working hours. Urgent: choose the department office or "
                 "the direct superior, and dial the extension shown.")
    if call.outcome in ("declined", "no_answer", "not_in_room", "staff_not_now", "staff_off_duty"):
        return _("Offer to take a message.")
    if call.outcome == "not_found":
        return _("Offer to take a message, with the same words: it is kept at the desk for a guest of that name.")
    return ""


def view(call_id: int) -> CallView:
    call = ScreenedCall.get_by_id(call_id)
    message_for = ""
    if call.stay_id and call.outcome not in ("connected",) and call.stay.status == "in_house":
        message_for = "stay"
    elif call.staff_id and call.outcome in ("staff_not_now", "staff_off_duty", "abandoned"):
        message_for = "staff"
    elif call.outcome == "not_found" and call.wanted:
        message_for = "desk"  # kept for a possible arrival, or an incognito guest of that name
    party = ""
    if call.stay_id:
        stay = call.stay
        both = stay.name_zh and stay.name
        party = f"{stay.room.number}  {stay.name_zh or stay.name}" + (f" ({stay.name})" if both else "")
    elif call.staff_id:
        party = f"{call.staff.extension}  {call.staff.name_zh or call.staff.name}"
    elif call.department_id:
        party = f"{call.department.office_extension}  {call.department.name_zh}"
    routes = route_options(call) if call.state == "routing" else []
    return CallView(
        party=party,
        id=call.id, line=call.line, kind=call.kind, state=call.state, outcome=call.outcome,
        caller_language=call.caller_language, caller_name=call.caller_name, purpose=call.purpose,
        caller_number=call.caller_number, stay_id=call.stay_id, staff_id=call.staff_id, consent=call.consent,
        disclosed=call.disclosed, say_to_caller=_caller_words(call), say_to_guest=_guest_words(call),
        guest_language=call.stay.language if call.stay_id else "",
        advice=_advice(call),
        route_options=tuple((t, label) for t, _e, label in routes),
        message_for=message_for,
        actions=available_actions(call.state, call.kind, bool(call.stay_id), message_for,
                                  tuple(t for t, _e, _l in routes)),
    )


def available_actions(state: str, kind: str, has_stay: bool, message_for: str, routes: tuple[str, ...]) -> frozenset:
    """The steps of the call's state machine open from `state`; the console enables exactly these.

    A message can still be taken after the call closed (no answer, declined): the caller is told so.
    """
    acts = {"end"} if state != "closed" else set()
    if state == "chosen" and has_stay:
        acts.add("ring")
    if state == "asking":
        acts |= {"accept", "decline", "no_answer", "not_in_room"}
        if kind == "inquiry":
            acts.add("accept_stay")
    if state == "consented":
        acts.add("disclose" if kind == "inquiry" else "put_through")
    if state == "routing":
        acts |= set(routes)
    if message_for and state != "asking":
        acts.add("message")
    return frozenset(acts)


# -- the call log -------------------------------------------------------------

@dataclass(frozen=True)
class CallRow:
    id: int
    started_at: datetime
    seconds: int | None
    operator: str
    line: str
    caller: str
    purpose: str
    wanted: str
    room: str
    outcome: str
    disclosed: bool
    notes: int


def log(day: date, outcome: str = "", room: str = "", operator: str = "", disclosures_only: bool = False,
        session: Session | None = None, limit: int = 2000) -> list[CallRow]:
    """Calls of a hotel day, newest first; disclosures are for supervisors."""
    if disclosures_only:
        if session is None:
            raise PermissionDenied(N_("Your role may not do this."))
        session.require_may("calls.disclosures")
    start, stop = hoteltime.day_bounds(day)
    q = (ScreenedCall.select(ScreenedCall, Operator).join(Operator)
         .where(ScreenedCall.started_at >= start, ScreenedCall.started_at < stop)
         .order_by(ScreenedCall.started_at.desc()).limit(limit))
    if outcome:
        q = q.where(ScreenedCall.outcome == outcome)
    if operator:
        q = q.where(Operator.username == operator)
    if disclosures_only:
        q = q.where(ScreenedCall.disclosed == True)  # noqa: E712 (peewee expression)
    if room.strip():
        q = q.switch(ScreenedCall).join(Stay).join(Room).where(Room.number == room.strip())
    rows = []
    for c in q:
        seconds = int((c.ended_at - c.started_at).total_seconds()) if c.ended_at else None
        rows.append(CallRow(c.id, c.started_at, seconds, c.operator.display_name, c.line, c.caller_name,
                            c.purpose, c.wanted, c.stay.room.number if c.stay_id else "", c.outcome, c.disclosed,
                            CallNote.select().where(CallNote.call == c.id).count()))
    return rows


def steps(call_id: int) -> list[CallStep]:
    return list(CallStep.select().where(CallStep.call == call_id).order_by(CallStep.id))


def message_recipient(call_id: int) -> tuple[str, dict]:
    """Who a message taken on this call is for: a label for the operator and the slip's recipient."""
    v = view(call_id)
    if v.message_for == "stay":
        stay = Stay.get_by_id(v.stay_id)
        return f"{stay.room.number}  {stay.name_zh or stay.name}", {"stay_id": stay.id}
    if v.message_for == "staff":
        staff = Staff.get_by_id(v.staff_id)
        return f"{staff.name_zh or staff.name} ({staff.department.name_zh})", {"staff_id": staff.id}
    if v.message_for == "desk":
        return _("{name} (kept at the desk)").format(name=ScreenedCall.get_by_id(call_id).wanted), {
            "wanted_name": ScreenedCall.get_by_id(call_id).wanted}
    raise ValidationError(N_("There is nobody to take a message for on this call."))
