"""Cases (报修, 投诉, requests, lost and found): logged, sent to the department, chased, answered.

A case runs new -> sent -> in_progress -> done -> called_back -> closed, or is
cancelled with a reason. Its text is never edited: corrections are notes.
Every step is a CaseEvent and an audit event in the same transaction; the
audit detail names codes and rooms, never the reporter or the text (those are
personal data, which retention blanks).

Every case gets a reply (件件有回复): it closes only after the guest or caller
was called back and the answer recorded, or after two unanswered call-backs;
a complaint is closed by a supervisor.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import peewee as pw

from hotel_phone import audit, casecodes, clock, hoteltime, names, phones, phrases
from hotel_phone.db import (
    Case,
    CaseCode,
    CaseEvent,
    Department,
    Room,
    ScreenedCall,
    Staff,
    Stay,
    database,
    retrying,
)
from hotel_phone.errors import NotFound, PermissionDenied, ValidationError
from hotel_phone.i18n import LANGUAGES, N_, _, gettext_in
from hotel_phone.session import Session
from hotel_phone.textcheck import clean

KINDS = {"repair": N_("Repair"), "complaint": N_("Complaint"), "request": N_("Request"),
         "lost_found": N_("Lost and found")}
CHANNELS = {"phone": N_("Phone"), "desk": N_("Desk"), "hotline": N_("Service hotline")}
STATUSES = {"new": N_("not yet sent"), "sent": N_("sent to the department"), "in_progress": N_("in progress"),
            "done": N_("done"), "called_back": N_("called back"), "closed": N_("closed"),
            "cancelled": N_("cancelled")}
OPEN = ("new", "sent", "in_progress", "done", "called_back")
EVENT_LABELS = {
    "opened": N_("opened"), "sent_phone": N_("sent by phone"), "sent_work_order": N_("work order printed"),
    "started": N_("department responded"), "done": N_("done"), "callback_answered": N_("called back: answered"),
    "callback_no_answer": N_("called back: no answer"), "closed": N_("closed"), "cancelled": N_("cancelled"),
    "note": N_("note"), "chase_respond": N_("chased: not responded"), "chase_complete": N_("chased: not done"),
}
CALLBACK_TRIES = 2  # unanswered call-backs after which a case may close without an answer
CHASE_REPEAT_MINUTES = 10  # a chased case alerts again after this long if still overdue
WHERE_ROOM = N_("room {room}")
COMPLAINT_CLOSE = N_("A complaint is closed by a supervisor.")


@dataclass(frozen=True)
class CaseInput:
    kind: str = "repair"
    code_id: int | None = None
    text: str = ""
    room: str = ""
    place: str = ""
    stay_id: int | None = None  # the guest who reported it
    caller_name: str = ""  # or someone else (an outside caller, a visitor)
    caller_number: str = ""
    language: str = "zh_CN"
    channel: str = "phone"
    department_id: int | None = None  # None: the code's department
    staff_id: int | None = None
    priority: int | None = None  # None: the code's priority
    call_id: int | None = None


def number(case_id: int) -> str:
    return f"{case_id:05d}"


def _room_of_extension(extension: str) -> Room | None:
    return Room.get_or_none(Room.extension == extension.strip()) if extension.strip() else None


def from_call(call_id: int, caller_name: str = "", caller_number: str = "", purpose: str = "") -> CaseInput:
    """A new case filled from a call: the chosen guest, or on an inside line the room that rang.

    The name, number and purpose the operator has typed on the call but not yet saved fill what the call
    does not have yet.
    """
    call = ScreenedCall.get_or_none(ScreenedCall.id == call_id)
    if call is None:
        raise NotFound(N_("This call does not exist."))
    name = call.caller_name or caller_name.strip()
    number_ = call.caller_number or caller_number.strip()
    text = call.purpose or purpose.strip()
    # On an inside line the guest reports from the room; on an outside line the caller is the reporter
    # (a guest chosen on that call is the person the caller wanted, not who reported it).
    inside = call.line == "inside"
    stay = call.stay if inside and call.stay_id and call.stay.status == "in_house" else None
    room = stay.room if stay else None
    if stay is None and inside:
        room = _room_of_extension(number_)
        guest = guest_of_room(room.number) if room else None
        stay = Stay.get_by_id(guest.stay_id) if guest else None
    if stay is not None:
        return CaseInput(room=room.number, stay_id=stay.id, language=stay.language, text=text, call_id=call.id)
    return CaseInput(room=room.number if room else "", caller_name=name, caller_number=number_,
                     language=call.caller_language, text=text, call_id=call.id)


def _validate(data: CaseInput) -> tuple[CaseInput, Room | None, Stay | None, CaseCode, Department]:
    if data.kind not in KINDS:
        raise ValidationError(N_("Unknown kind of case: {kind}"), kind=data.kind)
    if data.channel not in CHANNELS:
        raise ValidationError(N_("Unknown channel: {channel}"), channel=data.channel)
    if data.language not in LANGUAGES:
        raise ValidationError(N_("Unknown language: {language}"), language=data.language)
    code = CaseCode.get_or_none(CaseCode.id == data.code_id) if data.code_id else None
    if code is None or not code.active:
        raise ValidationError(N_("Choose the issue from the list."))
    text = clean(data.text, N_("What happened"), 2000, multiline=True)
    place = clean(data.place, N_("Place"), 80)
    caller_name = clean(data.caller_name, N_("Caller's name"), 80)
    room = None
    if data.room.strip():
        room = Room.get_or_none(Room.number == data.room.strip())
        if room is None:
            raise NotFound(N_("Room {room} does not exist."), room=data.room.strip())
    if room is None and not place:
        raise ValidationError(N_("Give the room or the place."))
    stay = None
    if data.stay_id:
        stay = Stay.get_or_none(Stay.id == data.stay_id)
        if stay is None or stay.status != "in_house":
            raise ValidationError(N_("This guest is not in house."))
        room = room or stay.room
    elif not caller_name:
        raise ValidationError(N_("Who reported it? Choose the guest or give the caller's name."))
    caller_number = ""
    if data.caller_number.strip():
        raw = data.caller_number.strip()
        caller_number = raw if raw.isdigit() and len(raw) <= 6 else phones.parse(raw).dialled
    department = Department.get_or_none(Department.id == (data.department_id or code.department_id))
    if department is None:
        raise NotFound(N_("This department does not exist."))
    if data.staff_id and Staff.get_or_none(Staff.id == data.staff_id, Staff.department == department.id) is None:
        raise ValidationError(N_("That person is not in the department."))
    priority = casecodes.check_priority(data.priority if data.priority is not None else code.priority)
    data = replace(data, text=text, place=place, caller_name=caller_name, caller_number=caller_number,
                   priority=priority)
    return data, room, stay, code, department


def _search_key(case: Case) -> str:
    stay = case.stay if case.stay_id else None
    forms = names.name_key(case.caller_name, "")
    if stay is not None:
        forms += names.name_key(stay.name, stay.name_zh)
    extra = [case.room.number if case.room_id else "", case.place, case.code.code, case.code.name_en,
             case.caller_number, number(case.id)]
    return names.search_key(forms, [case.code.name_zh], extra=extra) + names.fold(case.text[:200]) + names.SEPARATOR


def _event(session: Session, case: Case, kind: str, target: str = "", detail: str = "") -> CaseEvent:
    return CaseEvent.create(case=case, at=clock.now(), operator=session.operator, kind=kind, target=target,
                            detail=detail)


@retrying
def open_case(session: Session, data: CaseInput) -> Case:
    """Log a case; the department's times run from now."""
    session.require("operator", "supervisor", "cashier")
    data, room, stay, code, department = _validate(data)
    respond, complete = casecodes.targets_for(code.id, data.priority)
    now = clock.now()
    with database.atomic():
        call = ScreenedCall.get_or_none(ScreenedCall.id == data.call_id) if data.call_id else None
        case = Case.create(kind=data.kind, room=room, place=data.place, stay=stay, caller_name=data.caller_name,
                           caller_number=data.caller_number, language=stay.language if stay else data.language,
                           channel=data.channel, call=call, code=code, text=data.text, department=department,
                           staff=data.staff_id, priority=data.priority, created_at=now,
                           created_by=session.operator, respond_by=now + timedelta(minutes=respond),
                           complete_by=now + timedelta(minutes=complete))
        Case.update(search_key=_search_key(case)).where(Case.id == case.id).execute()
        _event(session, case, "opened")
        audit.record(session, "case_opened", case, f"{data.kind} {code.code} P{data.priority} "
                                                   f"{room.number if room else ''}".strip())
    return Case.get_by_id(case.id)


def _get(case_id: int) -> Case:
    case = Case.get_or_none(Case.id == case_id)
    if case is None:
        raise NotFound(N_("This case does not exist."))
    return case


@retrying
def _change(session: Session, case_id: int, allowed: tuple, action: str, event: str, target: str = "",
            detail: str = "", **changes) -> Case:
    with database.atomic():
        case = _get(case_id)
        if case.status not in allowed:
            raise ValidationError(N_("Case {number} is {status}: that cannot be done now."),
                                  number=number(case.id), status=_(STATUSES[case.status]))
        if changes:
            Case.update(**changes).where(Case.id == case.id).execute()
        _event(session, case, event, target, detail)
        audit.record(session, action, case, changes.get("status", ""))
    return Case.get_by_id(case_id)


def send(session: Session, case_id: int, via: str = "phone") -> Case:
    """Passed to the department: by phone to its duty extension, or as a printed work order."""
    if via not in ("phone", "work_order"):
        raise ValidationError(N_("Unknown choice: {value}"), value=via)
    case = _get(case_id)
    target = duty_extension(case.department)
    status = {"status": "sent", "sent_at": clock.now()} if case.status == "new" else {}
    # A work order printed again for a case already sent is recorded but changes nothing else.
    allowed = ("new", "sent", "in_progress") if via == "work_order" else ("new",)
    return _change(session, case_id, allowed, "case_sent", f"sent_{via}", target, **status)


def start(session: Session, case_id: int) -> Case:
    """The department has responded (someone is on the way)."""
    return _change(session, case_id, ("new", "sent"), "case_started", "started", status="in_progress",
                   started_at=clock.now())


def done(session: Session, case_id: int, detail: str = "") -> Case:
    """The department reports it done; a case done at once counts as responded at the same moment."""
    detail = clean(detail, N_("Note"), 500, multiline=True)
    case = _get(case_id)
    now = clock.now()
    changes = {"status": "done", "done_at": now}
    if case.started_at is None:
        changes["started_at"] = now
    return _change(session, case_id, ("new", "sent", "in_progress"), "case_done", "done", detail=detail, **changes)


def callback_tries(case_id: int) -> int:
    return CaseEvent.select().where(CaseEvent.case == case_id, CaseEvent.kind == "callback_no_answer").count()


def call_back(session: Session, case_id: int, answered: bool, answer: str = "") -> Case:
    """The guest or caller was called back: their answer recorded, or one more unanswered try."""
    case = _get(case_id)
    target = callback_number(case)
    if answered:
        answer = clean(answer, N_("The answer"), 1000, required=True, multiline=True)
        return _change(session, case_id, ("done",), "case_called_back", "callback_answered", target,
                       status="called_back", called_back_at=clock.now(), answer=answer)
    return _change(session, case_id, ("done",), "case_callback_no_answer", "callback_no_answer", target)


def may_close(session: Session, case: Case) -> str:
    """Why this operator may not close this case now ("" when they may)."""
    if case.status not in ("done", "called_back"):
        return N_("A case is closed after it is done and the guest or caller was called back.")
    if case.status == "done" and callback_tries(case.id) < CALLBACK_TRIES:
        return N_("Call the guest or caller back first (or record two unanswered call-backs).")
    if case.kind == "complaint" and session.role not in ("supervisor", "administrator"):
        return COMPLAINT_CLOSE
    return ""


@retrying
def close(session: Session, case_id: int) -> Case:
    with database.atomic():
        case = _get(case_id)
        if case.kind == "complaint" and session.role not in ("supervisor", "administrator"):
            raise PermissionDenied(COMPLAINT_CLOSE)
        why = may_close(session, case)
        if why:
            raise ValidationError(why)
        unanswered = case.status == "done"
        detail = f"no answer after {callback_tries(case.id)} call-backs" if unanswered else ""
        return _change(session, case_id, ("done", "called_back"), "case_closed", "closed", detail=detail,
                       status="closed", closed_at=clock.now(), closed_by=session.operator)


def cancel(session: Session, case_id: int, reason: str) -> Case:
    reason = clean(reason, N_("Reason"), 300, required=True)
    case = _get(case_id)
    if case.kind == "complaint":
        session.require("supervisor")
    return _change(session, case_id, OPEN, "case_cancelled", "cancelled", status="cancelled",
                   cancel_reason=reason, closed_at=clock.now(), closed_by=session.operator)


@retrying
def add_note(session: Session, case_id: int, text: str) -> CaseEvent:
    """A correction or a remark: the case's own text stays as it was written."""
    text = clean(text, N_("Note"), 1000, required=True, multiline=True)
    with database.atomic():
        case = _get(case_id)
        event = _event(session, case, "note", detail=text)
        audit.record(session, "case_note", case)
    return event


# -- who to ring, and what to say ----------------------------------------------------------

def duty_extension(department: Department) -> str:
    return department.duty_phone or department.office_extension


def manager(department_id: int) -> Staff | None:
    return (Staff.select().where(Staff.department == department_id, Staff.is_manager, Staff.active)
            .order_by(Staff.id).first())


def callback_number(case: Case) -> str:
    if case.stay_id and case.room_id:
        return case.room.extension
    return case.caller_number


def _where_text(room: str | None, place: str, lang: str) -> str:
    if room:
        text = gettext_in(lang, WHERE_ROOM).format(room=room)
        return f"{text} {place}".strip() if place else text
    return place


def where(case: Case, lang: str) -> str:
    return _where_text(case.room.number if case.room_id else None, case.place, lang)


def _hhmm(at: datetime) -> str:
    return at.astimezone(hoteltime.zone()).strftime("%H:%M")


def _issue(case: Case, lang: str) -> str:
    return case.code.name_zh if lang == "zh_CN" else case.code.name_en


def _department_name(department: Department, lang: str) -> str:
    return department.name_zh if lang == "zh_CN" else department.name_en


def _quoted(text: str, lang: str) -> str:
    text = text.strip().rstrip("。.!！")
    if not text:
        return ""
    return f"：{text}" if lang == "zh_CN" else f": {text}"


@dataclass(frozen=True)
class Dispatch:
    number: str
    extension: str
    department_zh: str
    department_en: str
    to_department: str  # Chinese first, English beneath: the department's staff
    to_caller: str  # the reporter's language first


def _both(first: str, phrase: str, **params_by_lang) -> str:
    other = "en" if first == "zh_CN" else "zh_CN"
    return "\n".join(phrases.say(lang, phrase, **params_by_lang[lang]) for lang in (first, other))


def dispatch(case_id: int) -> Dispatch:
    """What the operator needs right after logging a case: whom to ring, and the words."""
    case = _get(case_id)
    params = {lang: {"number": number(case.id), "issue": _issue(case, lang), "where": where(case, lang),
                     "text": _quoted(case.text, lang), "respond_by": _hhmm(case.respond_by),
                     "complete_by": _hhmm(case.complete_by),
                     "department": _department_name(case.department, lang)} for lang in LANGUAGES}
    return Dispatch(number(case.id), duty_extension(case.department), case.department.name_zh,
                    case.department.name_en, _both("zh_CN", phrases.CASE_TO_DEPARTMENT, **params),
                    _both(case.language, phrases.CASE_TO_CALLER, **params))


def call_back_words(case_id: int) -> str:
    case = _get(case_id)
    params = {lang: {"number": number(case.id), "issue": _issue(case, lang)} for lang in LANGUAGES}
    return _both(case.language, phrases.CASE_CALL_BACK, **params)


# -- chasing ------------------------------------------------------------------------------

@dataclass(frozen=True)
class CaseAlert:
    id: int
    number: str
    stage: str  # respond, complete
    kind: str
    where_zh: str
    where_en: str
    issue_zh: str
    issue_en: str
    department_zh: str
    department_en: str
    due_at: datetime
    chases: int
    target: str  # department, manager
    target_name: str
    target_number: str

    def words(self) -> str:
        """What to say to the department (or manager) when chasing: Chinese first, English beneath.
        Made when shown, not for every overdue case every second."""
        places = {"zh_CN": self.where_zh, "en": self.where_en}
        issues = {"zh_CN": self.issue_zh, "en": self.issue_en}
        params = {lang: {"number": self.number, "issue": issues[lang], "where": places[lang],
                         "due": _hhmm(self.due_at)} for lang in LANGUAGES}
        return _both("zh_CN", phrases.CASE_CHASE, **params)


def _stage(case: Case, now: datetime) -> str:
    if case.status in ("new", "sent", "in_progress") and now >= case.complete_by:
        return "complete"
    if case.status in ("new", "sent") and now >= case.respond_by:
        return "respond"
    return ""


def alerts(now: datetime | None = None) -> list[CaseAlert]:
    """Open cases past their respond-by or complete-by time, not chased in the last few minutes.

    Asked every second: three queries of plain tuples whatever the number of cases (the overdue cases with
    their code, department and room; their chases; the managers).
    """
    now = now or clock.now()
    q = (Case.select(Case.id, Case.status, Case.kind, Case.respond_by, Case.complete_by, Case.place,
                     Case.department, Room.number, CaseCode.name_zh, CaseCode.name_en, Department.name_zh,
                     Department.name_en, Department.duty_phone, Department.office_extension)
         .join(CaseCode).switch(Case).join(Department).switch(Case).join(Room, pw.JOIN.LEFT_OUTER)
         .where(Case.status.in_(("new", "sent", "in_progress")), Case.respond_by <= now)
         .order_by(Case.priority, Case.respond_by, Case.id).tuples())
    overdue = []
    for row in q:
        status, respond_by, complete_by = row[1], row[3], row[4]
        if status in ("new", "sent", "in_progress") and now >= complete_by:
            overdue.append(("complete", complete_by) + row)
        elif status in ("new", "sent"):
            overdue.append(("respond", respond_by) + row)
    if not overdue:
        return []
    chases: dict[tuple, list[datetime]] = {}
    for case_id, kind, at in (CaseEvent.select(CaseEvent.case, CaseEvent.kind, CaseEvent.at)
                              .where(CaseEvent.case.in_([r[2] for r in overdue]),
                                     CaseEvent.kind.in_(("chase_respond", "chase_complete"))).tuples()):
        chases.setdefault((case_id, kind), []).append(at)
    managers = {}
    for s in (Staff.select().where(Staff.department.in_({r[8] for r in overdue}), Staff.is_manager,
                                   Staff.active).order_by(Staff.id.desc())):
        managers[s.department_id] = s  # the first by id wins
    out = []
    for (stage, due, case_id, _status, kind, _r, _c, place, dept_id, room, issue_zh, issue_en, dept_zh, dept_en,
         duty, office) in overdue:
        times = chases.get((case_id, f"chase_{stage}"), [])
        if times and now < max(times) + timedelta(minutes=CHASE_REPEAT_MINUTES):
            continue
        boss = managers.get(dept_id) if times else None
        if boss is not None:
            target, name, phone = "manager", f"{boss.name_zh} {boss.name}".strip(), boss.extension or boss.mobile
        else:
            target, name, phone = "department", dept_zh, duty or office
        out.append(CaseAlert(case_id, number(case_id), stage, kind, _where_text(room, place, "zh_CN"),
                             _where_text(room, place, "en"), issue_zh, issue_en, dept_zh, dept_en, due, len(times),
                             target, name, phone))
    return out


def chase(session: Session, case_id: int, target: str, detail: str = "") -> Case:
    """The operator rang the department (or its manager) about an overdue case; what they said."""
    if target not in ("department", "manager"):
        raise ValidationError(N_("Unknown choice: {value}"), value=target)
    detail = clean(detail, N_("What they said"), 500)
    case = _get(case_id)
    stage = _stage(case, clock.now())
    if not stage:
        raise ValidationError(N_("Case {number} is not overdue."), number=number(case.id))
    if target == "manager":
        boss = manager(case.department_id)
        if boss is None:
            raise ValidationError(N_("The department has no manager in the directory."))
        phone = boss.extension or boss.mobile
    else:
        phone = duty_extension(case.department)
    return _change(session, case_id, ("new", "sent", "in_progress"), "case_chased", f"chase_{stage}", phone,
                   detail)


# -- seeing ---------------------------------------------------------------------------

@dataclass(frozen=True)
class CaseRow:
    id: int
    number: str
    kind: str
    status: str
    priority: int
    room: str
    where_zh: str
    where_en: str
    reporter: str
    issue_zh: str
    issue_en: str
    department_id: int
    department_zh: str
    department_en: str
    staff: str
    text: str
    created_at: datetime
    respond_by: datetime
    complete_by: datetime
    overdue: bool
    language: str
    channel: str


def _row(case: Case, now: datetime) -> CaseRow:
    stay = case.stay if case.stay_id else None
    reporter = (stay.name_zh or stay.name) if stay else case.caller_name
    return CaseRow(case.id, number(case.id), case.kind, case.status, case.priority,
                   case.room.number if case.room_id else "", where(case, "zh_CN"), where(case, "en"), reporter,
                   case.code.name_zh, case.code.name_en, case.department_id, case.department.name_zh,
                   case.department.name_en, (case.staff.name_zh or case.staff.name) if case.staff_id else "",
                   case.text, case.created_at, case.respond_by, case.complete_by, bool(_stage(case, now)),
                   case.language, case.channel)


def listing(status: str = "open", department_id: int | None = None, kind: str = "", room: str = "",
            query: str = "", limit: int = 500) -> list[CaseRow]:
    """Cases for the panel: status "open" (any not closed or cancelled), "" (all) or one status."""
    q = (Case.select(Case, CaseCode, Department, Room, Stay, Staff).join(CaseCode).switch(Case).join(Department)
         .switch(Case).join(Room, pw.JOIN.LEFT_OUTER).switch(Case).join(Stay, pw.JOIN.LEFT_OUTER)
         .switch(Case).join(Staff, pw.JOIN.LEFT_OUTER)
         .order_by(Case.created_at.desc(), Case.id.desc()).limit(limit))
    if status == "open":
        q = q.where(Case.status.in_(OPEN))
    elif status:
        q = q.where(Case.status == status)
    if department_id:
        q = q.where(Case.department == department_id)
    if kind:
        q = q.where(Case.kind == kind)
    if room.strip():
        q = q.where(Room.number == room.strip())
    folded = names.fold_query(query or "")
    if folded:
        q = q.where(Case.search_key.contains(folded))
    now = clock.now()
    return [_row(c, now) for c in q]


def open_by_room() -> dict[str, int]:
    """Rooms with open cases, and how many (for the guest register)."""
    q = (Case.select(Room.number, pw.fn.COUNT(Case.id).alias("n")).join(Room, on=(Case.room == Room.id))
         .where(Case.status.in_(OPEN)).group_by(Room.number).tuples())
    return {room: n for room, n in q}


def open_lines(lang: str) -> list[str]:
    """One line per open case, for the handover's open items."""
    tz = hoteltime.zone()
    out = []
    for r in listing("open", limit=1000):
        late = " !" if r.overdue else ""
        out.append(f"{r.number}  {r.where_zh if lang == 'zh_CN' else r.where_en}  "
                   f"{r.issue_zh if lang == 'zh_CN' else r.issue_en}  "
                   f"{r.department_zh if lang == 'zh_CN' else r.department_en}  "
                   f"({gettext_in(lang, STATUSES[r.status])}, {r.created_at.astimezone(tz):%m-%d %H:%M}){late}")
    return out


@dataclass(frozen=True)
class EventRow:
    at: datetime
    operator: str
    kind: str
    target: str
    detail: str


def history(case_id: int) -> list[EventRow]:
    q = CaseEvent.select().where(CaseEvent.case == case_id).order_by(CaseEvent.at, CaseEvent.id)
    return [EventRow(e.at, e.operator.display_name, e.kind, e.target, e.detail) for e in q]


def get_row(case_id: int) -> CaseRow:
    return _row(_get(case_id), clock.now())


def open_for_stay(stay_id: int) -> list[tuple[int, str]]:
    """A guest's cases not yet closed (number, kind): check-out shows them so a complaint is not left behind."""
    q = (Case.select(Case.id, Case.kind).where(Case.stay == stay_id, Case.status.in_(OPEN)).order_by(Case.id))
    return [(c.id, c.kind) for c in q]


def allowed_actions(session: Session | None, case_id: int) -> set[str]:
    """What the panel may offer for this case now (the rules stay here)."""
    if session is None:
        return set()
    case = _get(case_id)
    acts = {"note"}
    if case.status == "new":
        acts |= {"send", "work_order", "start", "done"}
    elif case.status == "sent":
        acts |= {"work_order", "start", "done"}
    elif case.status == "in_progress":
        acts |= {"work_order", "done"}
    elif case.status == "done":
        acts |= {"call_back"}
    if case.status in OPEN and (case.kind != "complaint" or session.role in ("supervisor", "administrator")):
        acts.add("cancel")
    if case.status in ("done", "called_back") and not may_close(session, case):
        acts.add("close")
    return acts


# -- choices for the form ---------------------------------------------------------------

@dataclass(frozen=True)
class Choice:
    id: int
    name_zh: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh_CN" else self.name_en


def departments() -> list[Choice]:
    return [Choice(d.id, d.name_zh, d.name_en) for d in Department.select().order_by(Department.code)]


def department_staff(department_id: int | None) -> list[Choice]:
    if not department_id:
        return []
    q = (Staff.select().where(Staff.department == department_id, Staff.active)
         .order_by(Staff.is_manager.desc(), Staff.extension))
    return [Choice(s.id, f"{s.name_zh or s.name} {s.title_zh}".strip(), f"{s.name or s.name_zh} ({s.title_en})")
            for s in q]


@dataclass(frozen=True)
class RoomGuest:
    stay_id: int
    name: str
    language: str


def guest_of_room(room: str) -> RoomGuest | None:
    """The guest who would report from this room (the first in house), or None."""
    r = Room.get_or_none(Room.number == (room or "").strip())
    if r is None:
        return None
    stay = Stay.select().where(Stay.room == r, Stay.status == "in_house").order_by(Stay.id).first()
    if stay is None:
        return None
    name = f"{stay.name_zh} ({stay.name})" if stay.name_zh and stay.name else stay.name_zh or stay.name
    return RoomGuest(stay.id, name, stay.language)
