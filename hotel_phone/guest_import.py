"""Import of in-house guests from a CSV file such as a PMS exports.

Good rows are imported together in one transaction with one audit event;
broken rows are reported by line with the reason, and change nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from hotel_phone import audit, clock, hoteltime, rooms
from hotel_phone.db import Room, Stay, database, retrying
from hotel_phone.errors import DomainError, ValidationError
from hotel_phone.i18n import N_, _
from hotel_phone.session import Session
from hotel_phone.stays import StayInput, stay_values, validate

# Column names as our export writes them, and as Chinese PMS exports often do.
COLUMNS = {
    "room": ("room", "房号", "房间号"),
    "name": ("name", "guest", "姓名", "英文名", "客人姓名"),
    "name_zh": ("name_zh", "中文名", "中文姓名"),
    "title": ("title", "称谓"),
    "language": ("language", "语言"),
    "arrival": ("arrival", "抵店日期", "到达日期"),
    "departure": ("departure", "离店日期"),
    "privacy": ("privacy", "隐私"),
    "vip": ("vip", "VIP"),
    "party": ("party", "group", "团队"),
    "notes": ("notes", "备注"),
}
MAX_BYTES = 50 * 1024 * 1024
_TRUE = {"1", "yes", "y", "true", "是", "vip"}
_TITLES = {"mr": "mr", "mr.": "mr", "先生": "mr", "ms": "ms", "ms.": "ms", "女士": "ms", "小姐": "ms",
           "mrs": "mrs", "mrs.": "mrs", "夫人": "mrs", "dr": "dr", "dr.": "dr", "博士": "dr", "": ""}
_LANGS = {"zh": "zh_CN", "zh_cn": "zh_CN", "zh-cn": "zh_CN", "中文": "zh_CN", "cn": "zh_CN",
          "en": "en", "english": "en", "英文": "en", "英语": "en", "": "zh_CN"}
_PRIVACY = {"": "normal", "normal": "normal", "dnd": "dnd", "勿扰": "dnd", "incognito": "incognito", "保密": "incognito"}


@dataclass
class ImportReport:
    imported: int = 0
    duplicates: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        return _("{imported} imported, {duplicates} already in house, {rejected} rejected.").format(
            imported=self.imported, duplicates=self.duplicates, rejected=len(self.rejected)
        )


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError(N_("Cannot read {path}: {reason}"), path=path, reason=exc.strerror) from exc
    if len(raw) > MAX_BYTES:
        raise ValidationError(N_("{path} is too large for a guest list."), path=path)
    if b"\x00" in raw:
        raise ValidationError(N_("{path} is not a text file."), path=path)
    for encoding in ("utf-8-sig", "gb18030"):  # Chinese Windows PMS exports are often GB
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(N_("{path} is neither UTF-8 nor GB18030 text."), path=path)


def _header_map(header: list[str]) -> dict[str, int]:
    index = {}
    for i, name in enumerate(header):
        key = name.strip().lower()
        for column, aliases in COLUMNS.items():
            if key in (a.lower() for a in aliases):
                index.setdefault(column, i)
    if "room" not in index or ("name" not in index and "name_zh" not in index):
        raise ValidationError(N_("The file needs a header row with at least the columns room and name."))
    return index


def _row_input(row: list[str], index: dict[str, int]) -> StayInput:
    def cell(column: str) -> str:
        i = index.get(column)
        return row[i].strip() if i is not None and i < len(row) else ""

    title = _TITLES.get(cell("title").lower())
    if title is None:
        raise ValidationError(N_("Unknown title: {title}"), title=cell("title"))
    language = _LANGS.get(cell("language").lower())
    if language is None:
        raise ValidationError(N_("Unknown language: {language}"), language=cell("language"))
    privacy = _PRIVACY.get(cell("privacy").lower())
    if privacy is None:
        raise ValidationError(N_("Unknown privacy setting: {privacy}"), privacy=cell("privacy"))
    return StayInput(
        room=cell("room"), name=cell("name"), name_zh=cell("name_zh"), title=title, language=language,
        arrival=cell("arrival") or hoteltime.today(), departure=cell("departure"), privacy=privacy,
        vip=cell("vip").lower() in _TRUE, notes=cell("notes"), party=cell("party"),
    )


@retrying
def import_guests(session: Session, path: str | Path) -> ImportReport:
    session.require("operator", "supervisor")
    path = Path(path)
    text = _read_text(path)
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise ValidationError(N_("{path} is not a readable CSV file: {reason}"), path=path, reason=exc) from exc
    if not rows:
        raise ValidationError(N_("{path} is empty."), path=path)
    index = _header_map(rows[0])
    report = ImportReport()
    today = hoteltime.today()
    room_ids = {r.number: r.id for r in Room.select(Room.id, Room.number).where(Room.active)}
    existing = {
        (s.room_id, s.name, s.name_zh, s.arrival)
        for s in Stay.select(Stay.room, Stay.name, Stay.name_zh, Stay.arrival).where(Stay.status == "in_house")
    }
    new_rows = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        try:
            data = validate(_row_input(row, index), today, check_in=True)
            if data.room not in room_ids:
                rooms.get(data.room)  # raises the standard unknown-room message
            key = (room_ids[data.room], data.name, data.name_zh, data.arrival)
            if key in existing:
                report.duplicates += 1
                continue
            existing.add(key)
            new_rows.append((room_ids[data.room], data))
        except DomainError as exc:
            report.rejected.append((line, exc.message()))
    if new_rows:
        now = clock.now()
        rows = [dict(room=room_id, status="in_house", checked_in_at=now, source="import", **stay_values(d))
                for room_id, d in new_rows]
        with database.atomic():
            _insert_rows(rows)
            audit.record(session, "guests_imported", detail=f"{path.name}: {len(new_rows)} stays, "
                                                               f"{len(report.rejected)} rejected")
        report.imported = len(new_rows)
    return report


def _insert_rows(rows: list[dict]) -> None:
    """One prepared INSERT for all rows: peewee's builder costs more than the insert itself at 100,000 rows."""
    fields = [Stay._meta.fields[name if name != "room" else "room"] for name in rows[0]]
    columns = ", ".join(f'"{f.column_name}"' for f in fields)
    marks = ", ".join([database.param] * len(fields))
    sql = f'INSERT INTO "stay" ({columns}) VALUES ({marks})'
    values = [[f.db_value(row[f.name]) for f in fields] for row in rows]
    database.cursor().executemany(sql, values)
