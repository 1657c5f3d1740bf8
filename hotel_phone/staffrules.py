"""The company's staff-telephone rules as a versioned file administrators edit (like the tariff).

Every amount, deadline and number the staff-call rules use is read from here,
never written in the code: the approval deadline in days, the multiplier for a
private call, the fine per destination class (fen), the emergency numbers, and
the classes of service extensions get by default. Each import is a new version;
a staff call keeps the version that was in force when it was made.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime

from hotel_phone import audit, clock
from hotel_phone.db import StaffPhoneRules, database, on_open, retrying
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_
from hotel_phone.session import Session

# The four classes of service, lowest first; the index is FIAS's class of service (0 barred .. 3 unrestricted).
CLASSES = ("internal", "local", "national", "international")
CLASS_LABELS = {"internal": N_("internal only"), "local": N_("local"), "national": N_("national"),
                "international": N_("international")}
# Destinations a staff call can have; the long-distance ones need an application.
DESTINATIONS = ("emergency", "local", "domestic", "hkmotw", "international")
LONG_DISTANCE = ("domestic", "hkmotw", "international")
DESTINATION_LABELS = {"emergency": N_("emergency"), "local": N_("local"), "domestic": N_("domestic long distance"),
                      "hkmotw": N_("Hong Kong, Macau, Taiwan"), "international": N_("international")}


def fias_code(class_code: str) -> int:
    return CLASSES.index(class_code)


@dataclass(frozen=True)
class Rules:
    name: str
    approval_days: int = 3
    private_multiplier: int = 2
    fines_fen: dict = field(default_factory=lambda: {"domestic": 5000, "hkmotw": 10000, "international": 50000})
    emergency_numbers: tuple[str, ...] = ("110", "119", "120", "122")
    hkmotw_prefixes: tuple[str, ...] = ("852", "853", "886")
    local_zones: tuple[str, ...] = ("local", "mobile")  # tariff zones that are not long distance
    outside_line_prefix: str = ""  # what staff dial first for an outside line, stripped from PBX numbers
    staff_default_class: str = "local"
    room_vacant_class: str = "internal"
    room_check_in_class: str = "international"

    def fine_fen(self, destination: str) -> int:
        return int(self.fines_fen.get(destination, 0))


def default_rules() -> Rules:
    """The company's rules as the source documents state them (fines 50/100/500 yuan, three days, double)."""
    return Rules("Company telephone rules")


def validate(rules: Rules) -> Rules:
    if not rules.name.strip():
        raise ValidationError(N_("The rules need a name."))
    for value in (rules.approval_days, rules.private_multiplier):
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValidationError(N_("Days and multipliers must be whole numbers."))
    if not 0 <= rules.approval_days <= 60:
        raise ValidationError(N_("The approval deadline must be between 0 and 60 days."))
    if not 1 <= rules.private_multiplier <= 10:
        raise ValidationError(N_("The multiplier for private calls must be between 1 and 10."))
    if set(rules.fines_fen) != set(LONG_DISTANCE):
        raise ValidationError(N_("Fines are needed for exactly: {names}."), names=", ".join(LONG_DISTANCE))
    for value in rules.fines_fen.values():
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100_000_00:
            raise ValidationError(N_("A fine is a whole number of fen between 0 and 10,000,000."))
    numbers = rules.emergency_numbers + rules.hkmotw_prefixes
    if not rules.emergency_numbers or any(not n.isdigit() or len(n) > 8 for n in numbers):
        raise ValidationError(N_("Emergency numbers and prefixes are digits only."))
    if rules.outside_line_prefix and not rules.outside_line_prefix.isdigit():
        raise ValidationError(N_("Emergency numbers and prefixes are digits only."))
    for value in (rules.staff_default_class, rules.room_vacant_class, rules.room_check_in_class):
        if value not in CLASSES:
            raise ValidationError(N_("Unknown class of service: {value}"), value=value)
    return rules


def to_json(rules: Rules) -> str:
    return json.dumps(asdict(rules), ensure_ascii=False, indent=1)


def from_json(text: str) -> Rules:
    """Read a rules file; anything malformed is a clear refusal, not a crash."""
    try:
        raw = json.loads(text)
        if not isinstance(raw, dict):
            raise TypeError("not an object")
        fines = raw.get("fines_fen", default_rules().fines_fen)
        if not isinstance(fines, dict):
            raise TypeError("fines_fen is not an object")
        base = asdict(default_rules())
        unknown = set(raw) - set(base)
        if unknown:
            raise KeyError(", ".join(sorted(unknown)))
        merged = {**base, **raw}
        rules = Rules(
            name=str(merged["name"]), approval_days=merged["approval_days"],
            private_multiplier=merged["private_multiplier"], fines_fen=dict(fines),
            emergency_numbers=tuple(str(n) for n in merged["emergency_numbers"]),
            hkmotw_prefixes=tuple(str(n) for n in merged["hkmotw_prefixes"]),
            local_zones=tuple(str(n) for n in merged["local_zones"]),
            outside_line_prefix=str(merged["outside_line_prefix"]),
            staff_default_class=str(merged["staff_default_class"]),
            room_vacant_class=str(merged["room_vacant_class"]),
            room_check_in_class=str(merged["room_check_in_class"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise ValidationError(N_("This is not a staff-telephone rules file: {reason}"), reason=exc) from exc
    return validate(rules)


@retrying
def store(session: Session | None, rules: Rules) -> StaffPhoneRules:
    """Save a new version of the rules (administrators); calls already made keep theirs."""
    if session is not None:
        session.require("administrator")
    validate(rules)
    with database.atomic():
        row = StaffPhoneRules.create(name=rules.name.strip(), text=to_json(rules), effective_from=clock.now(),
                                     created_by=session.operator if session else None, created_at=clock.now())
        fines = ", ".join(f"{k} {v}" for k, v in sorted(rules.fines_fen.items()))
        audit.record(session, "staff_rules_saved", row,
                     f"{rules.name}: {rules.approval_days} days, x{rules.private_multiplier}, fines {fines}")
    _cache.clear()
    return row


_cache: dict[int, Rules] = {}
on_open(_cache.clear)


def load(row: StaffPhoneRules) -> Rules:
    if row.id not in _cache:
        _cache[row.id] = from_json(row.text)
    return _cache[row.id]


def load_id(rules_id: int) -> Rules:
    """A version by id, read once (a statement asks for the same few versions many times)."""
    if rules_id not in _cache:
        load(StaffPhoneRules.get_by_id(rules_id))
    return _cache[rules_id]


def version_at(at: datetime) -> StaffPhoneRules:
    """The rules version in force at `at`; the first version is made from the defaults when there is none."""
    row = (StaffPhoneRules.select().where(StaffPhoneRules.effective_from <= at)
           .order_by(StaffPhoneRules.effective_from.desc(), StaffPhoneRules.id.desc()).first())
    if row is None:
        row = StaffPhoneRules.select().order_by(StaffPhoneRules.effective_from, StaffPhoneRules.id).first()
    if row is None:
        row = store(None, default_rules())
    return row


def current() -> tuple[StaffPhoneRules, Rules]:
    row = version_at(clock.now())
    return row, load(row)


def history() -> list[tuple[int, str, datetime]]:
    """(id, name, in force from) of every version, newest first."""
    return [(r.id, r.name, r.effective_from) for r in
            StaffPhoneRules.select().order_by(StaffPhoneRules.effective_from.desc(), StaffPhoneRules.id.desc())]
