"""Who an extension meant at an instant: the stay in that room then, a staff member, or a reason why nobody.

Built once per batch from the stays that overlap the batch's times and their
room moves, so that matching a call is a dictionary lookup and a short scan,
and a guest who moved takes the calls of each room for the time spent there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from hotel_phone.db import Department, Room, RoomMove, Staff, Stay

NEVER = datetime.max.replace(tzinfo=UTC)
BEFORE_CHECKIN_WINDOW = timedelta(hours=12)  # a call this long before a check-in in that room: say so


@dataclass
class Occupancy:
    rooms: dict[str, int] = field(default_factory=dict)  # extension -> room id
    staff: dict[str, int | None] = field(default_factory=dict)  # extension -> staff id (None: a department's)
    # room id -> sorted (start, end, stay id, departed), aware UTC (compared without converting)
    spans: dict[int, list[tuple[datetime, datetime, int, bool]]] = field(default_factory=dict)

    def is_extension(self, number: str) -> bool:
        return number in self.rooms or number in self.staff

    def stay_at(self, room_id: int, at: datetime) -> tuple[int | None, bool, str]:
        """(stay id, departed since, reason): reason is '' when exactly one stay had the room at `at`."""
        spans = self.spans.get(room_id, ())
        t = at
        found = None
        for s in spans:
            if s[0] <= t < s[1]:
                if found is not None:
                    return None, False, "shared_room"
                found = s
        if found is not None:
            return found[2], found[3], ""
        if any(t < s[0] <= t + BEFORE_CHECKIN_WINDOW for s in spans):
            return None, False, "before_checkin"
        return None, False, "vacant"


def build(first: datetime, last: datetime) -> Occupancy:
    """Everything needed to match calls timed between `first` and `last`."""
    occ = Occupancy()
    for rid, ext in Room.select(Room.id, Room.extension).tuples():
        occ.rooms.setdefault(ext.strip(), rid)
    for sid, ext in Staff.select(Staff.id, Staff.extension).where(Staff.active, Staff.extension != "").tuples():
        ext = ext.strip()
        # Several people on one extension: it is a staff extension, but no one person is guessed.
        occ.staff[ext] = None if ext in occ.staff else sid
    for ext, in Department.select(Department.office_extension).where(Department.office_extension != "").tuples():
        occ.staff.setdefault(ext.strip(), None)
    for ext in occ.rooms:
        occ.staff.pop(ext, None)  # a room's extension is the room's
    until = last + BEFORE_CHECKIN_WINDOW
    stays = list(Stay.select(Stay.id, Stay.room, Stay.checked_in_at, Stay.checked_out_at, Stay.status)
                 .where(Stay.checked_in_at <= until,
                        Stay.checked_out_at.is_null() | (Stay.checked_out_at >= first)).tuples())
    moves: dict[int, list] = {}
    ids = [s[0] for s in stays]
    for i in range(0, len(ids), 500):
        for stay_id, at, from_room, to_room in (RoomMove.select(RoomMove.stay, RoomMove.moved_at, RoomMove.from_room,
                                                                RoomMove.to_room)
                                                .where(RoomMove.stay.in_(ids[i:i + 500])).tuples()):
            moves.setdefault(stay_id, []).append((at, from_room, to_room))
    for stay_id, room_id, checked_in, checked_out, status in stays:
        departed = status != "in_house"
        start = _utc(checked_in)
        end = _utc(checked_out) if checked_out else NEVER
        segments = sorted(moves.get(stay_id, ()))
        current = segments[0][1] if segments else room_id
        for at, _from, to in segments:
            occ.spans.setdefault(current, []).append((start, _utc(at), stay_id, departed))
            start, current = _utc(at), to
        occ.spans.setdefault(current, []).append((start, end, stay_id, departed))
    for spans in occ.spans.values():
        spans.sort()
    return occ


def _utc(at: datetime) -> datetime:
    return at if at.tzinfo is UTC else at.astimezone(UTC)
