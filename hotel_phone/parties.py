"""Who a caller may want: in-house guests, staff and departments, found as the operator types."""

from __future__ import annotations

from dataclasses import dataclass

from hotel_phone import names, stays
from hotel_phone.db import Department, Staff
from hotel_phone.i18n import _


@dataclass(frozen=True)
class Party:
    kind: str  # guest, staff, department
    id: int
    label: str
    detail: str
    privacy: str = "normal"


def candidates(query: str, limit: int = 30) -> list[Party]:
    folded = names.fold_query(query or "")
    if not folded:
        return []
    out = [
        Party("guest", r.id, f"{r.room}  {r.display_name()}", _("guest") + (f" · {r.party}" if r.party else ""),
              r.privacy)
        for r in stays.search(query, limit)
    ]
    staff = (Staff.select(Staff, Department).join(Department)
             .where(Staff.active, Staff.search_key.contains(folded) | Staff.extension.startswith(folded))
             .order_by(Staff.extension).limit(limit))
    for s in staff:
        dept = s.department
        out.append(Party("staff", s.id, f"{s.extension}  {s.name_zh or s.name} ({s.name})" if s.name_zh else
                         f"{s.extension}  {s.name}", f"{_('staff')} · {dept.name_zh} {dept.name_en} · "
                         f"{s.title_zh or s.title_en}"))
    for d in Department.select().order_by(Department.code):
        keys = [names.fold(d.name_en), names.fold(d.code), d.name_zh] + names.name_key("", d.name_zh)
        if any(folded in k for k in keys) or d.office_extension.startswith(folded):
            out.append(Party("department", d.id, f"{d.office_extension}  {d.name_zh} {d.name_en}", _("department")))
    return out[: limit * 2]
