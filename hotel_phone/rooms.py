"""The hotel's rooms: created at setup from floor ranges or a CSV file."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from hotel_phone.db import Room
from hotel_phone.errors import NotFound, ValidationError
from hotel_phone.i18n import N_

_NUMBER = re.compile(r"^[0-9A-Za-z\-]{1,10}$")
MAX_ROOMS = 10000


@dataclass(frozen=True)
class RoomSpec:
    number: str
    floor: int
    extension: str
    room_type: str = ""


def from_floor_ranges(first_floor: int, last_floor: int, rooms_per_floor: int) -> list[RoomSpec]:
    """Rooms numbered floor + two digits: floors 2-3 with 3 rooms -> 201..203, 301..303."""
    if not (1 <= first_floor <= last_floor <= 199):
        raise ValidationError(N_("Floors must run from a lower to a higher floor between 1 and 199."))
    if not (1 <= rooms_per_floor <= 99):
        raise ValidationError(N_("Rooms per floor must be between 1 and 99."))
    if (last_floor - first_floor + 1) * rooms_per_floor > MAX_ROOMS:
        raise ValidationError(N_("That is more than {n} rooms."), n=MAX_ROOMS)
    return [
        RoomSpec(number=f"{floor}{i:02d}", floor=floor, extension=f"{floor}{i:02d}")
        for floor in range(first_floor, last_floor + 1)
        for i in range(1, rooms_per_floor + 1)
    ]


def parse_floor_spec(spec: str) -> list[RoomSpec]:
    """'2-16x20' or '2-10x20, 11-16x12': floor range times rooms per floor."""
    rooms: list[RoomSpec] = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        m = re.fullmatch(r"(\d+)(?:\s*-\s*(\d+))?\s*[x×*]\s*(\d+)", part)
        if not m:
            raise ValidationError(N_("Cannot read the floors {spec!r}; write e.g. 2-16x20."), spec=part)
        first, last, per = int(m[1]), int(m[2] or m[1]), int(m[3])
        rooms += from_floor_ranges(first, last, per)
    if not rooms:
        raise ValidationError(N_("Please give the floors and rooms, e.g. 2-16x20."))
    return check_unique(rooms)


def from_csv(path: str | Path) -> list[RoomSpec]:
    """A CSV with columns number, floor, extension[, type]."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ValidationError(N_("Cannot read the room file: {reason}"), reason=exc) from exc
    rooms = []
    for line, row in enumerate(rows, start=2):
        number = (row.get("number") or "").strip()
        if not _NUMBER.match(number):
            raise ValidationError(N_("Line {line}: invalid room number {number!r}."), line=line, number=number)
        try:
            floor = int((row.get("floor") or "").strip())
        except ValueError:
            raise ValidationError(N_("Line {line}: the floor must be a number."), line=line) from None
        ext = (row.get("extension") or number).strip()
        rooms.append(RoomSpec(number, floor, ext, (row.get("type") or "").strip()))
    if not rooms:
        raise ValidationError(N_("The room file has no rooms."))
    return check_unique(rooms)


def check_unique(rooms: list[RoomSpec]) -> list[RoomSpec]:
    seen = set()
    for r in rooms:
        if r.number in seen:
            raise ValidationError(N_("Room {number} is listed twice."), number=r.number)
        seen.add(r.number)
    return rooms


def create_rows(rooms: list[RoomSpec]) -> None:
    """Insert rooms inside the caller's transaction."""
    for i in range(0, len(rooms), 500):
        Room.insert_many(
            [dict(number=r.number, floor=r.floor, extension=r.extension, room_type=r.room_type)
             for r in rooms[i:i + 500]]
        ).execute()


def get(number: str) -> Room:
    number = (number or "").strip()
    room = Room.get_or_none(Room.number == number) if number else None
    if room is None or not room.active:
        raise NotFound(N_("Room {room} does not exist."), room=number)
    return room
