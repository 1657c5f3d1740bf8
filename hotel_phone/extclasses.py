"""Extension classes of service: what each staff and room extension may dial (FIAS CS 0-3).

A staff extension has the rules' default until a supervisor sets another. A
room extension follows its stay: barred (internal only) while the room is
vacant, the hotel's default (the rules in force at check-in) once a guest is in,
and whatever a supervisor set for that stay. Every change is a new row; the
latest holds. The PBX administrator loads the list as CSV.
"""

from __future__ import annotations

import io
from typing import NamedTuple

from hotel_phone import audit, clock, staffrules
from hotel_phone.db import Department, ExtensionClassChange, Room, Staff, Stay, database, retrying
from hotel_phone.errors import NotFound, ValidationError
from hotel_phone.i18n import N_, gettext_in
from hotel_phone.session import Session
from hotel_phone.textcheck import SafeWriter, clean

KIND_LABELS = {"staff": N_("staff"), "office": N_("department office"), "room": N_("guest room")}


class ExtensionRow(NamedTuple):
    extension: str
    kind: str  # staff, office, room
    owner: str  # the person, department or room number
    class_code: str
    source: str  # default, set, vacant, check-in, stay
    stay_id: int | None = None  # the in-house stay a room's class follows

    @property
    def fias(self) -> int:
        return staffrules.fias_code(self.class_code)


def _check_class(class_code: str) -> str:
    if class_code not in staffrules.CLASSES:
        raise ValidationError(N_("Unknown class of service: {value}"), value=class_code)
    return class_code


def _latest_staff_changes() -> dict[str, str]:
    rows = (ExtensionClassChange.select(ExtensionClassChange.extension, ExtensionClassChange.class_code)
            .where(ExtensionClassChange.stay.is_null()).order_by(ExtensionClassChange.id))
    return {r.extension: r.class_code for r in rows}


def _latest_stay_changes(stay_ids: list[int]) -> dict[int, str]:
    if not stay_ids:
        return {}
    rows = (ExtensionClassChange.select(ExtensionClassChange.stay, ExtensionClassChange.class_code)
            .where(ExtensionClassChange.stay.in_(stay_ids)).order_by(ExtensionClassChange.id))
    return {r.stay_id: r.class_code for r in rows}


def staff_extensions() -> dict[str, tuple[str, str]]:
    """Every staff and office extension: {extension: (kind, owner)}; a shared extension names its department."""
    found: dict[str, tuple[str, str]] = {}
    for d in Department.select().order_by(Department.code):
        if d.office_extension:
            found[d.office_extension] = ("office", d.name_zh or d.name_en)
    for s in Staff.select().where(Staff.active, Staff.extension != "").order_by(Staff.id):
        if s.extension not in found:
            found[s.extension] = ("staff", s.name_zh or s.name)
    return found


def listing() -> list[ExtensionRow]:
    """The class each extension should have in the PBX now."""
    _row, rules = staffrules.current()
    set_classes = _latest_staff_changes()
    rows = []
    for ext, (kind, owner) in sorted(staff_extensions().items()):
        code = set_classes.get(ext)
        rows.append(ExtensionRow(ext, kind, owner, code or rules.staff_default_class, "set" if code else "default"))
    in_house = {}
    for stay in Stay.select().where(Stay.status == "in_house").order_by(Stay.checked_in_at, Stay.id):
        in_house[stay.room_id] = stay  # the latest check-in in a shared room decides
    per_stay = _latest_stay_changes([s.id for s in in_house.values()])
    for room in Room.select().where(Room.active).order_by(Room.number):
        stay = in_house.get(room.id)
        if stay is None:
            rows.append(ExtensionRow(room.extension, "room", room.number, rules.room_vacant_class, "vacant"))
        elif stay.id in per_stay:
            rows.append(ExtensionRow(room.extension, "room", room.number, per_stay[stay.id], "stay", stay.id))
        else:
            at_check_in = staffrules.load(staffrules.version_at(stay.checked_in_at))
            rows.append(ExtensionRow(room.extension, "room", room.number, at_check_in.room_check_in_class,
                                     "check-in", stay.id))
    return rows


def class_of(extension: str) -> str:
    for row in listing():
        if row.extension == extension:
            return row.class_code
    raise NotFound(N_("No extension {extension}."), extension=extension)


def set_class(session: Session, row: ExtensionRow, class_code: str, reason: str = "") -> ExtensionClassChange:
    """Change the class of a listed extension: a staff or office line, or an occupied room for its stay."""
    if row.kind != "room":
        return set_staff_class(session, row.extension, class_code, reason)
    if row.stay_id is None:
        raise ValidationError(N_("A vacant room stays barred; its class is set for a guest's stay."))
    return set_stay_class(session, row.stay_id, class_code, reason)


@retrying
def set_staff_class(session: Session, extension: str, class_code: str, reason: str = "") -> ExtensionClassChange:
    """A supervisor sets a staff or office extension's class."""
    session.require("supervisor")
    _check_class(class_code)
    reason = clean(reason, N_("Reason"), 200)
    if extension not in staff_extensions():
        raise NotFound(N_("No staff extension {extension}."), extension=extension)
    with database.atomic():
        row = ExtensionClassChange.create(extension=extension, class_code=class_code, set_by=session.operator,
                                          set_at=clock.now(), reason=reason)
        audit.record(session, "extension_class_set", row, f"{extension}: {class_code}")
    return row


@retrying
def set_stay_class(session: Session, stay_id: int, class_code: str, reason: str = "") -> ExtensionClassChange:
    """A supervisor changes the class of an in-house guest's room for this stay only."""
    session.require("supervisor")
    _check_class(class_code)
    reason = clean(reason, N_("Reason"), 200)
    with database.atomic():
        stay = Stay.get_or_none(Stay.id == stay_id)
        if stay is None or stay.status != "in_house":
            raise ValidationError(N_("This guest has already checked out."))
        row = ExtensionClassChange.create(extension=stay.room.extension, stay=stay, class_code=class_code,
                                          set_by=session.operator, set_at=clock.now(), reason=reason)
        audit.record(session, "extension_class_set", row, f"room {stay.room.number}: {class_code}")
    return row


CSV_HEAD = ("extension", "class_of_service", "class", "kind", "owner")


def to_csv(rows: list[ExtensionRow], lang: str = "en") -> str:
    """extension, FIAS class of service (0-3), class name, kind, owner: one extension a line."""
    buf = io.StringIO()
    out = SafeWriter(buf, lineterminator="\r\n")
    out.writerow(CSV_HEAD)
    for r in rows:
        owner = "'" + r.owner if r.owner and r.owner[0] in "=+-@\t\r" else r.owner  # never a formula in a spreadsheet
        out.writerow((r.extension, r.fias, gettext_in(lang, staffrules.CLASS_LABELS[r.class_code]),
                      gettext_in(lang, KIND_LABELS[r.kind]), owner))
    return buf.getvalue()
