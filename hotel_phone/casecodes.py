"""The supervisor's list of coded issues (air conditioning, plumbing, noise...).

Each code names the department that handles it, a default priority, and for
each priority 1-4 the minutes the department has to respond and to complete.
A changed code is a new row and the old one is retired, so a case keeps the
code (and the names) it was opened with.
"""

from __future__ import annotations

from dataclasses import dataclass

from hotel_phone import audit, clock
from hotel_phone.db import CaseCode, CaseTarget, Department, database, retrying
from hotel_phone.errors import NotFound, ValidationError
from hotel_phone.i18n import N_
from hotel_phone.session import Session
from hotel_phone.textcheck import clean

PRIORITIES = (1, 2, 3, 4)
PRIORITY_LABELS = {1: N_("1 urgent"), 2: N_("2 high"), 3: N_("3 normal"), 4: N_("4 low")}

# A starting list for a new hotel: (code, zh, en, department code, priority, minutes per priority 1..4).
# The minutes are (respond, complete); a supervisor changes them to the hotel's own standards.
_STANDARD_TIMES = {1: (5, 30), 2: (10, 60), 3: (15, 120), 4: (30, 480)}
STARTER_LIST = (
    ("AC", "空调", "Air conditioning", "EN", 2),
    ("PLUMB", "水管/卫生间", "Plumbing", "EN", 2),
    ("ELEC", "电器/照明", "Electrical and lighting", "EN", 2),
    ("TV", "电视/网络", "TV and internet", "EN", 3),
    ("NOISE", "噪音", "Noise", "SE", 2),
    ("HK", "客房清洁", "Housekeeping", "HK", 3),
    ("AMEN", "客用品补充", "Amenities", "HK", 3),
    ("MINI", "迷你吧", "Minibar", "FB", 3),
    ("FOOD", "送餐服务", "Room service", "FB", 3),
    ("SERV", "服务态度", "Staff service", "FO", 2),
    ("BILL", "账单", "Bill", "FI", 3),
    ("LOST", "失物招领", "Lost and found", "HK", 3),
    ("OTHER", "其他", "Other", "FO", 3),
)


@dataclass(frozen=True)
class CodeRow:
    id: int
    code: str
    name_zh: str
    name_en: str
    department_id: int
    department_zh: str
    department_en: str
    priority: int
    targets: dict  # priority -> (respond minutes, complete minutes)

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh_CN" else self.name_en


def _row(c: CaseCode) -> CodeRow:
    targets = {t.priority: (t.respond_minutes, t.complete_minutes) for t in c.targets}
    return CodeRow(c.id, c.code, c.name_zh, c.name_en, c.department_id, c.department.name_zh, c.department.name_en,
                   c.priority, targets)


def active_codes() -> list[CodeRow]:
    q = (CaseCode.select(CaseCode, Department).join(Department).where(CaseCode.active)
         .order_by(CaseCode.code))
    return [_row(c) for c in q]


def get(code_id: int) -> CodeRow:
    c = CaseCode.get_or_none(CaseCode.id == code_id)
    if c is None:
        raise NotFound(N_("This issue code does not exist."))
    return _row(c)


def targets_for(code_id: int, priority: int) -> tuple[int, int]:
    t = CaseTarget.get_or_none(CaseTarget.code == code_id, CaseTarget.priority == priority)
    if t is None:
        raise ValidationError(N_("The issue code has no times for priority {priority}."), priority=priority)
    return t.respond_minutes, t.complete_minutes


def check_priority(value) -> int:
    try:
        priority = int(value)
    except (TypeError, ValueError):
        priority = 0
    if priority not in PRIORITIES:
        raise ValidationError(N_("The priority must be 1, 2, 3 or 4."))
    return priority


@retrying
def save_code(session: Session, code: str, name_zh: str, name_en: str, department_id: int, priority: int,
              targets: dict) -> CaseCode:
    """A supervisor adds a code or changes one (the old row of the same code is retired)."""
    session.require("supervisor")
    code = clean(code, N_("Code"), 12, required=True).upper()
    name_zh = clean(name_zh, N_("Name (Chinese)"), 40, required=True)
    name_en = clean(name_en, N_("Name (English)"), 80, required=True)
    priority = check_priority(priority)
    if Department.get_or_none(Department.id == department_id) is None:
        raise NotFound(N_("This department does not exist."))
    checked = {}
    for p in PRIORITIES:
        try:
            respond, complete = (int(x) for x in targets[p])
        except (KeyError, TypeError, ValueError):
            raise ValidationError(N_("Give the minutes to respond and to complete for each priority.")) from None
        if not 1 <= respond <= complete <= 60 * 24 * 30:
            raise ValidationError(N_("Priority {priority}: the time to respond must be at least a minute and no "
                                     "longer than the time to complete (at most 30 days)."), priority=p)
        checked[p] = (respond, complete)
    with database.atomic():
        CaseCode.update(active=False).where(CaseCode.code == code, CaseCode.active).execute()
        row = CaseCode.create(code=code, name_zh=name_zh, name_en=name_en, department=department_id,
                              priority=priority, changed_by=session.operator, changed_at=clock.now())
        for p, (respond, complete) in checked.items():
            CaseTarget.create(code=row, priority=p, respond_minutes=respond, complete_minutes=complete)
        audit.record(session, "case_code_saved", row, code)
    return row


@retrying
def retire_code(session: Session, code_id: int) -> None:
    session.require("supervisor")
    with database.atomic():
        row = CaseCode.get_or_none(CaseCode.id == code_id)
        if row is None:
            raise NotFound(N_("This issue code does not exist."))
        CaseCode.update(active=False).where(CaseCode.id == code_id).execute()
        audit.record(session, "case_code_retired", row, row.code)


def install_starter_list(session: Session) -> int:
    """The starting list, for departments the hotel has (by code); returns how many codes were added."""
    departments = {d.code: d.id for d in Department.select()}
    have = {c.code for c in CaseCode.select(CaseCode.code).where(CaseCode.active)}
    added = 0
    for code, zh, en, dept, priority in STARTER_LIST:
        dept_id = departments.get(dept) or departments.get("FO")
        if code in have or dept_id is None:
            continue
        save_code(session, code, zh, en, dept_id, priority, _STANDARD_TIMES)
        added += 1
    return added


def may_keep(session: Session | None) -> bool:
    """Whether this operator keeps the list (the panel offers the editor only then)."""
    return session is not None and session.role in ("supervisor", "administrator")


def parse_minutes(text: str, priority: int) -> tuple[int, int]:
    """'10/60' (respond/complete, in minutes) as typed in the list's editor."""
    parts = (text or "").replace("／", "/").split("/")
    try:
        respond, complete = (int(p.strip()) for p in parts)
    except ValueError:
        raise ValidationError(N_("Priority {priority}: write the minutes as respond/complete, e.g. 10/60."),
                              priority=priority) from None
    return respond, complete


def minutes_text(targets: dict, priority: int) -> str:
    respond, complete = targets.get(priority, (0, 0))
    return f"{respond}/{complete}"
