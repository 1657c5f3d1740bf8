"""The operator's reference: outside numbers, hotel information for inquiries, booking inquiries, one search.

The internal directory is the departments and staff (the same rows the call
panel routes staff calls with); outside numbers are validated with phonenumbers;
emergency and service short numbers (110, 119, 120, 122...) are kept as dialled.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from hotel_phone import audit, clock, names, phones
from hotel_phone.db import (
    Department,
    DirectoryEntry,
    InfoEntry,
    InquiryTask,
    Staff,
    database,
    retrying,
)
from hotel_phone.errors import DomainError, ValidationError
from hotel_phone.i18n import N_
from hotel_phone.session import Session
from hotel_phone.textcheck import SafeWriter, clean

CATEGORIES = {
    "railway": N_("Railway station"), "airport": N_("Airport and airlines"), "port": N_("Port and shipping"),
    "coach": N_("Coach station"), "customs": N_("Customs"), "police": N_("Police"), "fire": N_("Fire brigade"),
    "ambulance": N_("Ambulance"), "traffic": N_("Traffic police"), "hospital": N_("Hospital"),
    "power": N_("Power bureau"), "hotel": N_("Other hotels' switchboards"), "embassy": N_("Embassies and consulates"),
    "taxi": N_("Taxis"), "tourist": N_("Tourist information"), "other": N_("Other"),
}
INFO_KINDS = {"facility": N_("Facility"), "service": N_("Service"), "sight": N_("Local sight"),
              "shopping": N_("Shopping"), "business": N_("Business district")}
SHORT_NUMBERS = {"110", "119", "120", "122", "12345", "12306", "95598", "114", "12315", "96110"}
CSV_COLUMNS = ("category", "name_zh", "name_en", "number", "address_zh", "address_en", "notes_zh", "notes_en")


@dataclass(frozen=True)
class EntryInput:
    category: str
    name_zh: str
    name_en: str
    number: str
    address_zh: str = ""
    address_en: str = ""
    notes_zh: str = ""
    notes_en: str = ""


def _key(*texts: str, category: str = "") -> str:
    forms = []
    for t in texts:
        if not t:
            continue
        if names.has_han(t):
            forms += names.name_key("", t) if len(t) <= 12 else [names.fold(t)]
        else:
            forms += names.name_key(t, "")
    return names.search_key(forms, extra=[category])


def validate(e: EntryInput) -> tuple[EntryInput, str]:
    """A checked entry and its number in E.164 (empty for a short service number)."""
    if e.category not in CATEGORIES:
        raise ValidationError(N_("Unknown category: {category}"), category=e.category)
    name_zh = clean(e.name_zh, N_("Name (Chinese)"), 80)
    name_en = clean(e.name_en, N_("Name (English)"), 120)
    if not name_zh and not name_en:
        raise ValidationError(N_("An entry needs a name in Chinese or in English."))
    number = clean(e.number, N_("Number"), 40, required=True)
    e164 = "" if number in SHORT_NUMBERS else phones.parse(number).e164
    cleaned = EntryInput(e.category, name_zh, name_en, number, clean(e.address_zh, N_("Address (Chinese)"), 200),
                         clean(e.address_en, N_("Address (English)"), 200),
                         clean(e.notes_zh, N_("Notes"), 500, multiline=True),
                         clean(e.notes_en, N_("Notes"), 500, multiline=True))
    return cleaned, e164


def _row_values(e: EntryInput, e164: str) -> dict:
    return dict(category=e.category, name_zh=e.name_zh, name_en=e.name_en, number=e.number, number_e164=e164,
                address_zh=e.address_zh, address_en=e.address_en, notes_zh=e.notes_zh, notes_en=e.notes_en,
                search_key=_key(e.name_zh, e.name_en, e.address_zh, e.address_en, e.number, category=e.category))


@retrying
def add(session: Session, e: EntryInput) -> DirectoryEntry:
    session.require("supervisor", "operator")
    e, e164 = validate(e)
    with database.atomic():
        row = DirectoryEntry.create(**_row_values(e, e164))
        audit.record(session, "directory_added", row, e.name_en or e.name_zh)
    return row


@retrying
def retire(session: Session, entry_id: int) -> None:
    """An entry no longer valid leaves the search but stays in the database."""
    session.require("supervisor")
    with database.atomic():
        DirectoryEntry.update(active=False).where(DirectoryEntry.id == entry_id).execute()
        audit.record(session, "directory_retired", DirectoryEntry.get_by_id(entry_id))


@dataclass
class ImportReport:
    imported: int = 0
    rejected: list[tuple[int, str]] = None

    def __post_init__(self):
        self.rejected = self.rejected or []


@retrying
def import_csv(session: Session, path: str | Path) -> ImportReport:
    session.require("supervisor")
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(N_("Cannot read {path}: {reason}"), path=path, reason=exc) from exc
    try:
        rows = list(csv.DictReader(io.StringIO(text)))
    except csv.Error as exc:  # e.g. a field over the csv module's limit (128 KB)
        raise ValidationError(N_("This is not a directory file: {reason}"), reason=exc) from exc
    if not rows or any(c not in (rows[0].keys()) for c in ("category", "number")):
        raise ValidationError(N_("The file needs a header row with at least the columns category and number."))
    report = ImportReport()
    good = []
    for line, row in enumerate(rows, start=2):
        try:
            good.append(validate(EntryInput(*(row.get(c) or "" for c in CSV_COLUMNS))))
        except DomainError as exc:
            report.rejected.append((line, exc.message()))
    with database.atomic():
        for e, e164 in good:
            DirectoryEntry.create(**_row_values(e, e164))
        audit.record(session, "directory_imported", detail=f"{len(good)} imported, {len(report.rejected)} rejected")
    report.imported = len(good)
    return report


def export_csv() -> str:
    out = io.StringIO()
    w = SafeWriter(out)
    w.writerow(CSV_COLUMNS)
    for e in DirectoryEntry.select().where(DirectoryEntry.active).order_by(DirectoryEntry.category, DirectoryEntry.id):
        w.writerow([getattr(e, c) for c in CSV_COLUMNS])
    return out.getvalue()


# -- hotel information -----------------------------------------------------------------

@retrying
def save_info(session: Session, kind: str, name_zh: str, name_en: str, text_zh: str, text_en: str,
              hours: str = "", price: str = "", phone: str = "", replaces: int | None = None) -> InfoEntry:
    """A supervisor writes what the operator tells callers; a changed entry replaces (retires) the old one."""
    session.require("supervisor")
    if kind not in INFO_KINDS:
        raise ValidationError(N_("Unknown category: {category}"), category=kind)
    name_zh, name_en = clean(name_zh, N_("Name (Chinese)"), 80), clean(name_en, N_("Name (English)"), 120)
    if not name_zh and not name_en:
        raise ValidationError(N_("An entry needs a name in Chinese or in English."))
    text_zh = clean(text_zh, N_("Answer (Chinese)"), 2000, multiline=True)
    text_en = clean(text_en, N_("Answer (English)"), 2000, multiline=True)
    with database.atomic():
        if replaces:
            InfoEntry.update(active=False).where(InfoEntry.id == replaces).execute()
        row = InfoEntry.create(kind=kind, name_zh=name_zh, name_en=name_en, hours=clean(hours, N_("Hours"), 80),
                               price=clean(price, N_("Price"), 80), phone=clean(phone, N_("Number"), 40),
                               text_zh=text_zh, text_en=text_en, updated_by=session.operator, updated_at=clock.now(),
                               search_key=_key(name_zh, name_en, category=kind) + names.fold(text_zh + text_en))
        audit.record(session, "info_saved", row, name_en or name_zh)
    return row


# -- booking inquiries ----------------------------------------------------------------

@retrying
def new_inquiry(session: Session, caller_name: str, caller_number: str, details: str) -> InquiryTask:
    """A caller wants a room: reservations calls back; the operator records the answer given."""
    caller_name = clean(caller_name, N_("Caller's name"), 80, required=True)
    details = clean(details, N_("Details"), 1000, required=True, multiline=True)
    number = phones.parse(caller_number).dialled
    with database.atomic():
        task = InquiryTask.create(created_at=clock.now(), created_by=session.operator, caller_name=caller_name,
                                  caller_number=number, details=details)
        audit.record(session, "inquiry_opened", task)
    return task


@retrying
def answer_inquiry(session: Session, task_id: int, answer: str) -> InquiryTask:
    answer = clean(answer, N_("Answer"), 1000, required=True, multiline=True)
    with database.atomic():
        task = InquiryTask.get_or_none(InquiryTask.id == task_id)
        if task is None:
            raise ValidationError(N_("This inquiry does not exist."))
        if task.status != "open":
            raise ValidationError(N_("This inquiry already has its answer."))
        InquiryTask.update(status="answered", answer=answer, answered_at=clock.now(),
                           answered_by=session.operator).where(InquiryTask.id == task.id).execute()
        task = InquiryTask.get_by_id(task.id)
        audit.record(session, "inquiry_answered", task)
    return task


def open_inquiries() -> list[InquiryTask]:
    return list(InquiryTask.select().where(InquiryTask.status == "open").order_by(InquiryTask.created_at))


# -- one search across all of it ------------------------------------------------------------

@dataclass(frozen=True)
class Hit:
    kind: str  # staff, department, outside, info
    id: int
    name_zh: str
    name_en: str
    number: str
    detail_zh: str
    detail_en: str


def search(query: str, limit: int = 50) -> list[Hit]:
    folded = names.fold_query(query or "")
    if not folded:
        return []
    hits: list[Hit] = []
    for s in (Staff.select(Staff, Department).join(Department)
              .where(Staff.active, Staff.search_key.contains(folded) | Staff.extension.startswith(folded))
              .order_by(Staff.extension).limit(limit)):
        hits.append(Hit("staff", s.id, f"{s.name_zh} {s.title_zh}".strip(), f"{s.name} ({s.title_en})", s.extension,
                        f"{s.department.name_zh} · 手机 {s.mobile}" if s.mobile else s.department.name_zh,
                        f"{s.department.name_en}" + (f" · mobile {s.mobile}" if s.mobile else "")))
    for d in Department.select().order_by(Department.code):
        keys = [names.fold(d.name_en), names.fold(d.code), d.name_zh] + names.name_key("", d.name_zh)
        if any(folded in k for k in keys) or d.office_extension.startswith(folded):
            hits.append(Hit("department", d.id, d.name_zh, d.name_en, d.office_extension,
                            f"值班电话 {d.duty_phone}", f"duty phone {d.duty_phone}"))
    for e in (DirectoryEntry.select().where(DirectoryEntry.active, DirectoryEntry.search_key.contains(folded)
                                            | DirectoryEntry.number.startswith(folded))
              .order_by(DirectoryEntry.category, DirectoryEntry.id).limit(limit)):
        hits.append(Hit("outside", e.id, e.name_zh, e.name_en, e.number,
                        "\n".join(x for x in (e.address_zh, e.notes_zh) if x),
                        "\n".join(x for x in (e.address_en, e.notes_en) if x)))
    for i in (InfoEntry.select().where(InfoEntry.active, InfoEntry.search_key.contains(folded))
              .order_by(InfoEntry.kind, InfoEntry.id).limit(limit)):
        extra = " · ".join(x for x in (i.hours, i.price) if x)
        hits.append(Hit("info", i.id, i.name_zh, i.name_en, i.phone, "\n".join(x for x in (extra, i.text_zh) if x),
                        "\n".join(x for x in (extra, i.text_en) if x)))
    return hits[: limit * 2]


def answer_text(hit: Hit, lang: str) -> str:
    """What to read out to the caller, in the caller's language."""
    name = hit.name_zh if lang == "zh_CN" and hit.name_zh else hit.name_en or hit.name_zh
    detail = hit.detail_zh if lang == "zh_CN" and hit.detail_zh else hit.detail_en or hit.detail_zh
    number = f" {hit.number}" if hit.number else ""
    return f"{name}{number}\n{detail}".strip()


def staff_key(name: str, name_zh: str, title_zh: str, title_en: str) -> str:
    """Staff are found by name and by title: 值班经理, 'duty manager', zbjl."""
    return names.search_key(names.name_key(name, name_zh), names.name_key(title_en, title_zh))
