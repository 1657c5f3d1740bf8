"""Monthly case statistics by department and issue code: how many, how fast, how many late.

A month is the hotel's calendar month in which cases were opened. Cancelled
cases are left out. Minutes to respond run from opening to the department's
response; minutes to complete from opening to done. A case is overdue when it
responded (or, still waiting, has not responded) after its respond-by time,
or was done (or, not done, is still open) after its complete-by time.
"""

from __future__ import annotations

import io
import statistics
from dataclasses import dataclass
from datetime import date, datetime, time

from hotel_phone import clock, hoteltime
from hotel_phone.db import Case, CaseCode, Department
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_
from hotel_phone.textcheck import SafeWriter

CSV_COLUMNS = ("department_code", "department_zh", "department_en", "code", "code_zh", "code_en", "count",
               "median_respond_minutes", "median_complete_minutes", "overdue")


@dataclass(frozen=True)
class StatRow:
    department_code: str
    department_zh: str
    department_en: str
    code: str
    code_zh: str
    code_en: str
    count: int
    median_respond: float | None  # minutes
    median_complete: float | None
    overdue: int


def parse_month(text: str) -> tuple[int, int]:
    """'2026-11' as (2026, 11), or a clear refusal."""
    try:
        year, month = (int(x) for x in (text or "").strip().replace("/", "-").split("-"))
        date(year, month, 1)
    except (ValueError, TypeError):
        raise ValidationError(N_("{value!r} is not a month (write e.g. 2026-11)."), value=text) from None
    return year, month


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    tz = hoteltime.zone()
    start = datetime.combine(date(year, month, 1), time(0), tzinfo=tz)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return start, datetime.combine(nxt, time(0), tzinfo=tz)


def is_overdue(respond_by: datetime, complete_by: datetime, started_at: datetime | None,
               done_at: datetime | None, now: datetime) -> bool:
    return (started_at or now) > respond_by or (done_at or now) > complete_by


def _minutes(a: datetime, b: datetime | None) -> float | None:
    return None if b is None else (b - a).total_seconds() / 60


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def monthly(year: int, month: int) -> list[StatRow]:
    start, stop = month_bounds(year, month)
    now = clock.now()
    q = (Case.select(Department.code, Department.name_zh, Department.name_en, CaseCode.code, CaseCode.name_zh,
                     CaseCode.name_en, Case.created_at, Case.respond_by, Case.complete_by, Case.started_at,
                     Case.done_at)
         .join(CaseCode).switch(Case).join(Department)
         .where(Case.created_at >= start, Case.created_at < stop, Case.status != "cancelled").tuples())
    groups: dict[tuple, list] = {}
    for row in q:
        groups.setdefault(row[:6], []).append(row[6:])
    rows = []
    for key in sorted(groups):
        items = groups[key]  # (created, respond_by, complete_by, started, done)
        respond = [m for m in (_minutes(c[0], c[3]) for c in items) if m is not None]
        complete = [m for m in (_minutes(c[0], c[4]) for c in items) if m is not None]
        overdue = sum(is_overdue(c[1], c[2], c[3], c[4], now) for c in items)
        rows.append(StatRow(*key, len(items), _median(respond), _median(complete), overdue))
    return rows


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def to_csv(rows: list[StatRow]) -> str:
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow([r.department_code, r.department_zh, r.department_en, r.code, r.code_zh, r.code_en,
                         r.count, _fmt(r.median_respond), _fmt(r.median_complete), r.overdue])
    return out.getvalue()
