"""Staff long-distance calls under the company's rules: applications, approvals, private calls, fines.

A long-distance call from a staff extension needs an approved application
(长途电话申请单): same extension, a number starting with the application's
number or area code, made inside its period. A call no approved application
covers is unapproved; it can still be approved until the deadline (the rules'
days after the call, counted on the hotel's clock). After that it is private:
the caller pays the charge times the rules' multiplier plus the fine for its
destination class. Emergency numbers are never charged or fined.

A call's standing is worked out from the records and the clock, never stored:
the call (rated once, with the rules version in force), the application, its
decision and the approval link, each a row that is only ever added.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple

import peewee as pw

from hotel_phone import audit, clock, dialled, hoteltime, phones, settings, staffrules, tariff
from hotel_phone.db import (
    ApplicationDecision,
    Department,
    LongDistanceApplication,
    Operator,
    PbxCall,
    PbxSource,
    Staff,
    StaffAccount,
    StaffCall,
    StaffCallApproval,
    Tariff,
    database,
    on_open,
    retrying,
)
from hotel_phone.errors import NotFound, PermissionDenied, ValidationError
from hotel_phone.i18n import N_
from hotel_phone.session import Session
from hotel_phone.textcheck import SafeWriter, clean
# Imports inside functions: phonenumbers and the statement's writers load where first needed (for speed).

STATUS_LABELS = {"business": N_("approved business call"), "pending": N_("awaiting approval"),
                 "private": N_("private"), "emergency": N_("emergency (free)")}
APPLICATION_STATUS_LABELS = {"pending": N_("awaiting decision"), "approved": N_("approved"),
                             "refused": N_("refused")}
MAX_PERIOD_DAYS = 366


# -- who signs: sign-in accounts linked to staff ---------------------------------------

@retrying
def link_account(session: Session, username: str, staff_id: int) -> StaffAccount:
    """An administrator says which staff member a sign-in account belongs to."""
    session.require("administrator")
    with database.atomic():
        op = Operator.get_or_none(Operator.username == username)
        staff = Staff.get_or_none(Staff.id == staff_id)
        if op is None:
            raise NotFound(N_("Unknown user: {name}"), name=username)
        if staff is None:
            raise NotFound(N_("No such staff member."))
        StaffAccount.delete().where(StaffAccount.operator == op).execute()  # a link, not a record: replaced
        link = StaffAccount.create(operator=op, staff=staff, linked_by=session.operator, linked_at=clock.now())
        audit.record(session, "staff_account_linked", link, f"{op.username} -> staff {staff.id}")
    return link


def staff_of(session: Session) -> Staff | None:
    link = StaffAccount.get_or_none(StaffAccount.operator == session.operator.id)
    return link.staff if link else None


def departments() -> list[tuple[int, str, str, str]]:
    """(id, code, Chinese name, English name) of every department, for choosing one."""
    return [(d.id, d.code, d.name_zh, d.name_en) for d in Department.select().order_by(Department.code)]


def callers() -> list[tuple[int, str, str]]:
    """(id, name, extension) of every active staff member who may file an application."""
    return [(s.id, s.name_zh or s.name, s.extension) for s in
            Staff.select().where(Staff.active).order_by(Staff.department, Staff.id)]


# -- applications --------------------------------------------------------------------------

@dataclass(frozen=True)
class ApplicationInput:
    caller_id: int
    region: str
    organisation: str
    reason: str
    target: str  # a number or an area code, as written (010, 0852, +44, 13800001234)
    period_start: datetime
    period_end: datetime
    single_call: bool = False
    extension: str = ""  # default: the caller's own extension


def target_prefix(text: str) -> str:
    """The E.164 digits a number or an area code stands for: '010' -> '8610', '00852' -> '852'."""
    raw = (text or "").strip()
    compact = "".join(c for c in raw if c.isdigit() or c == "+")
    if not compact:
        raise ValidationError(N_("Please give the number or the area code called."))
    try:
        return phones.parse(raw).e164.lstrip("+")
    except ValidationError:
        pass
    digits = compact.lstrip("+")
    if not digits.isdigit() or len(digits) > 15:
        raise ValidationError(N_("Write the number or the area code called, e.g. 010, 0852 or +44."))
    if compact.startswith("+"):
        prefix = digits
    elif digits.startswith("00"):
        prefix = digits[2:]
    elif digits.startswith("0"):
        prefix = "86" + digits[1:]
    else:
        raise ValidationError(N_("Write the number or the area code called, e.g. 010, 0852 or +44."))
    if len(prefix) < 2:
        raise ValidationError(N_("Write the number or the area code called, e.g. 010, 0852 or +44."))
    return prefix


@retrying
def file_application(session: Session, data: ApplicationInput) -> LongDistanceApplication:
    """Register an application as the caller wrote it; the department manager decides later."""
    region = clean(data.region, N_("Destination region"), 60, required=True)
    organisation = clean(data.organisation, N_("Organisation called"), 100, required=True)
    reason = clean(data.reason, N_("Business reason"), 500, required=True, multiline=True)
    target = clean(data.target, N_("Number or area code"), 40, required=True)
    prefix = target_prefix(target)
    start, end = data.period_start, data.period_end
    if start is None or end is None or start.tzinfo is None or end.tzinfo is None:
        raise ValidationError(N_("Please give the period of the calls."))
    if end <= start:
        raise ValidationError(N_("The period ends before it starts."))
    if end - start > timedelta(days=MAX_PERIOD_DAYS):
        raise ValidationError(N_("An application covers at most a year."))
    with database.atomic():
        caller = Staff.get_or_none(Staff.id == data.caller_id)
        if caller is None or not caller.active:
            raise NotFound(N_("No such staff member."))
        extension = clean(data.extension, N_("Extension"), 20) or caller.extension
        if not extension:
            raise ValidationError(N_("{name} has no extension; give the extension the calls are made from."),
                                  name=caller.name_zh or caller.name)
        app = LongDistanceApplication.create(
            department=caller.department_id, caller=caller, extension=extension, region=region,
            organisation=organisation, reason=reason, target=target, target_prefix=prefix,
            single_call=data.single_call, period_start=start.astimezone(UTC),
            period_end=end.astimezone(UTC), filed_by=session.operator, filed_at=clock.now())
        audit.record(session, "ld_application_filed", app,
                     f"staff {caller.id}, ext {extension}, {prefix}, {'single' if data.single_call else 'period'}")
    return app


def apply_for_call(session: Session, call_id: int, organisation: str, reason: str) -> LongDistanceApplication:
    """补办: an application after the fact for one unapproved call, filled from the call itself."""
    call = StaffCall.get_or_none(StaffCall.id == call_id)
    if call is None:
        raise NotFound(N_("No such call."))
    if call.staff_id is None:
        raise ValidationError(N_("Nobody is known for this extension; file the application for the person."))
    region = (call.region_zh or call.region_en or call.e164)[:60]
    return file_application(session, ApplicationInput(
        call.staff_id, region, organisation, reason, "+" + call.e164.lstrip("+"),
        call.started_at - timedelta(minutes=1), call.started_at + timedelta(minutes=1), single_call=True,
        extension=call.extension))


def approval_refusal(session: Session, app: LongDistanceApplication) -> tuple[str, dict] | None:
    """Why this signed-in account may not decide this application (msgid, params), or None if it may."""
    if session.role == "operator":
        return N_("A switchboard operator cannot approve applications."), {}
    signer = staff_of(session)
    if signer is None:
        return N_("Only a department manager, signed in with their own account, can decide."), {}
    if signer.id == app.caller_id:
        return N_("Nobody approves their own application."), {}
    heads = [s.id for s in Staff.select().where(Staff.department == app.department_id, Staff.is_manager,
                                               Staff.active)]
    superiors = {s.superior_id for s in Staff.select().where(Staff.id.in_(heads or [0]))}
    if not signer.active or not signer.is_manager or (signer.id not in heads and signer.id not in superiors):
        dept = Department.get_by_id(app.department_id)
        return N_("Only the manager of {department} or their superior can decide."), {
            "department": dept.name_zh or dept.name_en}
    if ApplicationDecision.select().where(ApplicationDecision.application == app.id).exists():
        return N_("This application has already been decided."), {}
    return None


def may_decide(session: Session, application_id: int) -> bool:
    app = LongDistanceApplication.get_or_none(LongDistanceApplication.id == application_id)
    return app is not None and approval_refusal(session, app) is None


@retrying
def decide(session: Session, application_id: int, approved: bool, note: str = "") -> ApplicationDecision:
    """The department manager, signed in, approves or refuses; approving covers the calls already made."""
    note = clean(note, N_("Note"), 300, multiline=True)
    with database.atomic():
        app = LongDistanceApplication.get_or_none(LongDistanceApplication.id == application_id)
        if app is None:
            raise NotFound(N_("No such application."))
        refusal = approval_refusal(session, app)
        if refusal is not None:
            msgid, params = refusal
            if msgid == N_("This application has already been decided."):
                raise ValidationError(msgid)
            raise PermissionDenied(msgid, **params)
        decision = ApplicationDecision.create(application=app, approved=approved, by_operator=session.operator,
                                              by_staff=staff_of(session), at=clock.now(), note=note)
        covered = _cover_calls(app, decision.at) if approved else 0
        audit.record(session, "ld_application_approved" if approved else "ld_application_refused", app,
                     f"{covered} call(s) covered" if approved else note[:200])
    return decision


def _deadline(started_at: datetime, rules: staffrules.Rules) -> datetime:
    """When a call can no longer be approved: the rules' days later on the hotel's wall clock."""
    local = started_at.astimezone(hoteltime.zone())
    return (local + timedelta(days=rules.approval_days)).astimezone(UTC)


def _covers(app: LongDistanceApplication, call: StaffCall) -> bool:
    return (app.extension == call.extension and call.e164.startswith(app.target_prefix)
            and app.period_start <= call.started_at <= app.period_end)


def _cover_calls(app: LongDistanceApplication, decided_at: datetime) -> int:
    """Link the calls this approval covers that were still approvable when it was given."""
    candidates = (StaffCall.select().join(StaffCallApproval, pw.JOIN.LEFT_OUTER)
                  .where(StaffCallApproval.id.is_null(), StaffCall.extension == app.extension,
                         StaffCall.destination_class.in_(staffrules.LONG_DISTANCE),
                         StaffCall.started_at.between(app.period_start, app.period_end))
                  .order_by(StaffCall.started_at, StaffCall.id))
    n = 0
    for call in candidates:
        if app.single_call and (n or StaffCallApproval.select().where(StaffCallApproval.application == app).exists()):
            break
        rules = staffrules.load_id(call.rules_id)
        if _covers(app, call) and decided_at < _deadline(call.started_at, rules):
            StaffCallApproval.create(call=call, application=app, at=decided_at)
            n += 1
    return n


def _approved_application_for(call: StaffCall, rules: staffrules.Rules) -> LongDistanceApplication | None:
    deadline = _deadline(call.started_at, rules)
    q = (LongDistanceApplication.select(LongDistanceApplication, ApplicationDecision)
         .join(ApplicationDecision)
         .where(ApplicationDecision.approved, ApplicationDecision.at < deadline,
                LongDistanceApplication.extension == call.extension,
                LongDistanceApplication.period_start <= call.started_at,
                LongDistanceApplication.period_end >= call.started_at)
         .order_by(LongDistanceApplication.id))
    for app in q:
        if not _covers(app, call):
            continue
        if app.single_call and StaffCallApproval.select().where(StaffCallApproval.application == app).exists():
            continue
        return app
    return None


# -- calls from staff extensions -------------------------------------------------------------

class Intake(NamedTuple):
    call: StaffCall | None
    reason: str  # why a record was not taken (msgid), empty when taken


def caller_for(extension: str) -> tuple[Staff | None, Department | None]:
    """Who answers for an extension: its one user, else (shared or office line) the department's manager."""
    users = list(Staff.select().where(Staff.extension == extension, Staff.active).order_by(Staff.id))
    if len(users) == 1:
        return users[0], users[0].department
    dept = (users[0].department if users else
            Department.select().where(Department.office_extension == extension).first())
    if dept is None:
        return None, None
    head = Staff.select().where(Staff.department == dept, Staff.is_manager, Staff.active).first()
    return head, dept


def destination_class(national_or_e164: str, rules: staffrules.Rules, rater: tariff.Rater) -> str:
    digits = national_or_e164.lstrip("+")
    if digits.startswith(rules.hkmotw_prefixes):
        return "hkmotw"
    if digits.startswith("86"):
        zone = rater.zone_for(digits)
        return "local" if zone is not None and zone.code in rules.local_zones else "domestic"
    return "international"


def _rater_at(at: datetime) -> tuple[Tariff, tariff.Rater]:
    """The tariff in force when the call was made (a later tariff does not re-rate it)."""
    then = (Tariff.select().where(Tariff.effective_from <= at)
            .order_by(Tariff.effective_from.desc(), Tariff.id.desc()).first()
            or Tariff.select().order_by(Tariff.effective_from, Tariff.id).first())
    if then is None:
        return tariff.current()  # refuses clearly: no tariff set up
    if then.id not in _raters:
        _raters[then.id] = tariff.Rater(tariff.load(then))
    return then, _raters[then.id]


_raters: dict[int, tariff.Rater] = {}
on_open(_raters.clear)


@retrying
def take_call(extension: str, dialled: str, started_at: datetime, billsec: int, answered: bool = True,
              pbx_call: int | None = None) -> Intake:
    """Take one outside call from a staff extension (from the PBX records) under the rules.

    Emergency numbers are kept, free. Local calls, unanswered calls and
    extensions that are no staff's are not taken (the reason says which). A
    PBX record is taken once: a second time returns the first call.
    """
    if started_at.tzinfo is None:
        raise ValidationError(N_("A call's time must carry its time zone."))
    if billsec < 0:
        raise ValidationError(N_("A call cannot last a negative time."))
    if pbx_call is not None:
        existing = StaffCall.get_or_none(StaffCall.pbx_call == pbx_call)
        if existing is not None:
            return Intake(existing, "")
    staff, dept = caller_for(extension)
    if dept is None:
        return Intake(None, N_("not a staff extension"))
    rules_row = staffrules.version_at(started_at)
    rules = staffrules.load(rules_row)
    number = "".join(c for c in (dialled or "") if c.isdigit() or c == "+")
    if rules.outside_line_prefix and number.startswith(rules.outside_line_prefix):
        number = number[len(rules.outside_line_prefix):]
    emergency = number in rules.emergency_numbers
    tariff_row, rater = _rater_at(started_at)
    if emergency:
        e164, cls, region_zh, region_en, charge = "", "emergency", "", "", 0
    else:
        if not answered or billsec == 0:
            return Intake(None, N_("not answered"))
        if not number.startswith(("0", "+")) and not (number.startswith("1") and len(number) == 11):
            return Intake(None, N_("a local call"))  # no trunk or country code: the hotel's own area
        try:
            parsed = phones.parse(number)
        except ValidationError:
            return Intake(None, N_("not a valid outside number"))
        if rater.is_free(number):
            return Intake(None, N_("a free number"))
        e164 = parsed.e164.lstrip("+")
        cls = destination_class(e164, rules, rater)
        if cls == "local":
            return Intake(None, N_("a local call"))
        region_zh, region_en = _region(parsed.e164)
        try:
            charge = rater.rate(e164, billsec, tariff.local_minute(started_at), number).charge_fen
        except ValidationError:
            return Intake(None, N_("no tariff zone covers the number"))
    with database.atomic():
        call = StaffCall.create(
            pbx_call=pbx_call, extension=extension, staff=staff, department=dept, dialled=dialled or "",
            e164=e164, destination_class=cls, region_zh=region_zh, region_en=region_en,
            started_at=started_at.astimezone(UTC), billsec=billsec, charge_fen=charge,
            currency=settings.get("currency"), tariff=tariff_row, rules=rules_row, taken_at=clock.now())
        covered_by = None
        if cls != "emergency":
            app = _approved_application_for(call, rules)
            if app is not None:
                StaffCallApproval.create(call=call, application=app, at=clock.now())
                covered_by = app.id
        audit.record(None, "staff_call_taken", call,
                     f"ext {extension}, {cls}, {billsec} s" + (f", application {covered_by}" if covered_by else ""))
    return Intake(call, "")


def take_pbx_calls() -> int:
    """Take every outgoing staff call in the PBX records not taken yet; returns how many became staff calls.

    The PBX ingest calls this after each batch (its staff-extension calls are
    stored there, unrated, with status "staff"); running it again takes nothing twice.
    """
    q = (PbxCall.select(PbxCall, PbxSource.strip_prefix).join(PbxSource).switch(PbxCall)
         .join(StaffCall, pw.JOIN.LEFT_OUTER, on=(StaffCall.pbx_call == PbxCall.id))
         .where(PbxCall.status == "staff", PbxCall.direction == "out", StaffCall.id.is_null())
         .order_by(PbxCall.started_at, PbxCall.id))
    taken = 0
    for c in q:
        e164, national = dialled.to_e164(c.dialled, c.source.strip_prefix, "")  # the access digit off
        intake = take_call(c.extension, e164 or national, c.started_at, c.billsec, c.answered, pbx_call=c.id)
        taken += intake.call is not None
    return taken


def _region(e164: str) -> tuple[str, str]:
    import phonenumbers
    from phonenumbers import geocoder

    number = phonenumbers.parse(e164)
    zh = geocoder.description_for_number(number, "zh") or geocoder.country_name_for_number(number, "zh")
    en = geocoder.description_for_number(number, "en") or geocoder.country_name_for_number(number, "en")
    return zh[:60], en[:60]


# -- a call's standing now -----------------------------------------------------------------------

class CallLine(NamedTuple):
    id: int
    started_at: datetime
    extension: str
    person: str
    staff_id: int | None
    department_id: int
    number: str
    region_zh: str
    region_en: str
    destination_class: str
    billsec: int
    charge_fen: int  # the tariff's charge
    status: str  # emergency, business, pending, private
    deadline: datetime | None
    department_fen: int  # what the department pays (approved business calls)
    caller_fen: int  # what the caller pays: the charge times the multiplier (private calls)
    fine_fen: int
    application_id: int | None


def _person(staff: Staff | None) -> str:
    if staff is None:
        return ""
    return staff.name_zh or staff.name


def standing(call: StaffCall, now: datetime | None = None) -> CallLine:
    """Where a call stands at `now` under the rules it was made under."""
    approval = StaffCallApproval.get_or_none(StaffCallApproval.call == call.id)
    return _line(call, _person(call.staff) if call.staff_id else "", approval.application_id if approval else None,
                 now or clock.now())


def _line(call: StaffCall, person: str, application_id: int | None, now: datetime) -> CallLine:
    rules = staffrules.load_id(call.rules_id)
    deadline = None
    dept_fen = caller_fen = fine = 0
    if call.destination_class == "emergency":
        status = "emergency"
    elif application_id is not None:
        status, dept_fen = "business", call.charge_fen
    else:
        deadline = _deadline(call.started_at, rules)
        if now < deadline:
            status = "pending"
        else:
            status = "private"
            caller_fen = call.charge_fen * rules.private_multiplier
            fine = rules.fine_fen(call.destination_class)
    number = ("+" + call.e164) if call.e164 else call.dialled
    return CallLine(call.id, call.started_at, call.extension, person, call.staff_id, call.department_id, number, call.region_zh, call.region_en,
                    call.destination_class, call.billsec, call.charge_fen, status, deadline, dept_fen, caller_fen,
                    fine, application_id)


def _lines(query, now: datetime) -> list[CallLine]:
    """The standing of many calls in three queries (calls with their staff, approvals, rules once each)."""
    calls = list(query.select_extend(Staff.name.alias("person"), Staff.name_zh.alias("person_zh"))
                 .join(Staff, pw.JOIN.LEFT_OUTER, on=(StaffCall.staff == Staff.id)).switch(StaffCall).objects())
    approved: dict[int, int] = {}
    ids = [c.id for c in calls]
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for a in StaffCallApproval.select(StaffCallApproval.call, StaffCallApproval.application).where(
                StaffCallApproval.call.in_(chunk)):
            approved[a.call_id] = a.application_id
    return [_line(c, c.person_zh or c.person or "", approved.get(c.id), now) for c in calls]


def may_still_approve(call_id: int) -> bool:
    call = StaffCall.get_or_none(StaffCall.id == call_id)
    return call is not None and standing(call).status == "pending"


# -- lists -------------------------------------------------------------------------------------

class ApplicationRow(NamedTuple):
    id: int
    filed_at: datetime
    department: str
    caller: str
    extension: str
    region: str
    organisation: str
    reason: str
    target: str
    single_call: bool
    period_start: datetime
    period_end: datetime
    status: str  # pending, approved, refused
    decided_by: str
    decided_at: datetime | None
    note: str
    calls: int  # calls covered


def _app_row(app: LongDistanceApplication) -> ApplicationRow:
    d = ApplicationDecision.get_or_none(ApplicationDecision.application == app.id)
    status = "pending" if d is None else ("approved" if d.approved else "refused")
    covered = StaffCallApproval.select().where(StaffCallApproval.application == app.id).count()
    dept = app.department
    return ApplicationRow(app.id, app.filed_at, dept.name_zh or dept.name_en, _person(app.caller), app.extension,
                          app.region, app.organisation, app.reason, app.target, app.single_call, app.period_start,
                          app.period_end, status, _person(d.by_staff) if d else "", d.at if d else None,
                          d.note if d else "", covered)


def application(application_id: int) -> ApplicationRow:
    app = LongDistanceApplication.get_or_none(LongDistanceApplication.id == application_id)
    if app is None:
        raise NotFound(N_("No such application."))
    return _app_row(app)


def applications(department_id: int | None = None, status: str | None = None, limit: int = 500
                 ) -> list[ApplicationRow]:
    """Applications, newest first."""
    q = LongDistanceApplication.select().order_by(LongDistanceApplication.filed_at.desc(),
                                                  LongDistanceApplication.id.desc())
    if department_id is not None:
        q = q.where(LongDistanceApplication.department == department_id)
    rows = [_app_row(a) for a in q.limit(limit)]
    return [r for r in rows if status is None or r.status == status]


class Awaiting(NamedTuple):
    calls: list[CallLine]  # unapproved calls still approvable, soonest deadline first
    applications: list[ApplicationRow]  # applications not yet decided


def awaiting(department_id: int | None = None) -> Awaiting:
    """What a manager still has to decide, with the time left for each call."""
    now = clock.now()
    q = (StaffCall.select().join(StaffCallApproval, pw.JOIN.LEFT_OUTER)
         .where(StaffCallApproval.id.is_null(), StaffCall.destination_class.in_(staffrules.LONG_DISTANCE),
                StaffCall.started_at >= now - timedelta(days=62)))
    if department_id is not None:
        q = q.where(StaffCall.department == department_id)
    lines = [line for line in _lines(q, now) if line.status == "pending"]
    lines.sort(key=lambda line: line.deadline)
    return Awaiting(lines, applications(department_id, "pending"))


def time_left(line: CallLine, now: datetime | None = None) -> tuple[int, int]:
    """(days, hours) left to approve a pending call, rounded down."""
    left = max(timedelta(0), line.deadline - (now or clock.now()))
    return left.days, left.seconds // 3600


# -- monthly statement -------------------------------------------------------------------------

class PersonTotal(NamedTuple):
    person: str
    private_calls: int
    private_fen: int
    fines_fen: int

    @property
    def total_fen(self) -> int:
        return self.private_fen + self.fines_fen


@dataclass(frozen=True)
class Statement:
    month: date  # its first day
    department_code: str
    department_zh: str
    department_en: str
    currency: str
    business: tuple[CallLine, ...]
    private: tuple[CallLine, ...]
    pending: tuple[CallLine, ...]
    emergency: tuple[CallLine, ...]
    people: tuple[PersonTotal, ...]
    made_at: datetime

    @property
    def business_fen(self) -> int:
        return sum(line.department_fen for line in self.business)

    @property
    def private_fen(self) -> int:
        return sum(line.caller_fen for line in self.private)

    @property
    def fines_fen(self) -> int:
        return sum(line.fine_fen for line in self.private)


def parse_month(text: str) -> date:
    try:
        year, month = (int(p) for p in str(text).strip().split("-"))
        return date(year, month, 1)
    except (ValueError, TypeError):
        raise ValidationError(N_("{value!r} is not a month (write e.g. 2026-11)."), value=text) from None


def department_by_code(code: str) -> Department:
    dept = Department.get_or_none(Department.code == (code or "").strip())
    if dept is None:
        raise NotFound(N_("No department {code}."), code=code)
    return dept


def _month_range(month: date) -> tuple[datetime, datetime]:
    tz = hoteltime.zone()
    nxt = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    start = datetime(month.year, month.month, 1, tzinfo=tz).astimezone(UTC)
    stop = datetime(nxt.year, nxt.month, 1, tzinfo=tz).astimezone(UTC)
    return start, stop


def statement(department_id: int, month: date) -> Statement:
    """The department's calls of a month (hotel time) as they stand now."""
    dept = Department.get_or_none(Department.id == department_id)
    if dept is None:
        raise NotFound(N_("No such department."))
    start, stop = _month_range(month)
    now = clock.now()
    calls = (StaffCall.select().where(StaffCall.department == dept.id, StaffCall.started_at >= start,
                                      StaffCall.started_at < stop)
             .order_by(StaffCall.started_at, StaffCall.id))
    lines = _lines(calls, now)
    private = [line for line in lines if line.status == "private"]
    people: dict[str, list[int]] = {}
    for line in private:
        entry = people.setdefault(line.person, [0, 0, 0])
        entry[0] += 1
        entry[1] += line.caller_fen
        entry[2] += line.fine_fen
    return Statement(month.replace(day=1), dept.code, dept.name_zh, dept.name_en, settings.get("currency"),
                     tuple(line for line in lines if line.status == "business"), tuple(private),
                     tuple(line for line in lines if line.status == "pending"),
                     tuple(line for line in lines if line.status == "emergency"),
                     tuple(PersonTotal(name, *v) for name, v in sorted(people.items())), now)


CSV_HEAD = ("section", "date", "person", "extension", "number", "destination", "class", "seconds", "charge",
            "billed", "fine", "currency")


def _yuan(fen: int) -> str:
    from decimal import Decimal

    return str(Decimal(fen).scaleb(-2))


def _cell(text: str) -> str:
    return "'" + text if text and text[0] in "=+-@\t\r" else text  # never a formula in a spreadsheet


def to_csv(s: Statement) -> str:
    """One line per call and per person, then the totals; amounts in yuan as exact decimals."""
    import io

    tz = hoteltime.zone()
    buf = io.StringIO()
    out = SafeWriter(buf, lineterminator="\r\n")
    out.writerow(CSV_HEAD)
    for section, lines, amount in (("business", s.business, lambda x: x.department_fen),
                                   ("private", s.private, lambda x: x.caller_fen),
                                   ("pending", s.pending, lambda x: 0), ("emergency", s.emergency, lambda x: 0)):
        for line in lines:
            out.writerow((section, line.started_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"), _cell(line.person),
                          line.extension, _cell(line.number), _cell(line.region_en or line.region_zh),
                          line.destination_class, line.billsec, _yuan(line.charge_fen), _yuan(amount(line)),
                          _yuan(line.fine_fen), s.currency))
    for p in s.people:
        out.writerow(("person", "", _cell(p.person), "", "", "", "", p.private_calls, "", _yuan(p.private_fen),
                      _yuan(p.fines_fen), s.currency))
    out.writerow(("total_business", "", "", "", "", "", "", len(s.business), "", _yuan(s.business_fen), "0.00",
                  s.currency))
    out.writerow(("total_private", "", "", "", "", "", "", len(s.private), "", _yuan(s.private_fen),
                  _yuan(s.fines_fen), s.currency))
    return buf.getvalue()
