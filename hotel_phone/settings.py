"""Hotel-wide settings, declared once with their type and default.

Stored in the database (every station of the hotel shares them); window state
and other per-PC things belong to the UI's QSettings instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from hotel_phone import audit
from hotel_phone.db import OutsideLine, Setting, database, on_open, retrying
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_


@dataclass(frozen=True)
class Option:
    key: str
    type: type
    default: Any


OPTIONS = {
    o.key: o
    for o in (
        Option("hotel_name_zh", str, ""),
        Option("hotel_name_en", str, ""),
        Option("hotel_address_zh", str, ""),
        Option("hotel_address_en", str, ""),
        Option("timezone", str, "Asia/Shanghai"),
        Option("currency", str, "CNY"),
        Option("outside_lines", int, 4),
        # The dialling plan: the hotel's own area code (local numbers are dialled without it)
        # and the digits the operator dials first to get an outside line.
        Option("area_code", str, "021"),
        Option("outside_line_prefix", str, "0"),
        Option("message_retention_days", int, 30),
        Option("wakeup_retry_minutes", int, 5),
        Option("wakeup_escalate_minutes", int, 10),
        Option("is_demo", bool, False),
        Option("backups_keep", int, 14),
        Option("idle_lock_minutes", int, 10),  # the screen locks after this long without a key or click  # daily automatic backups kept in the data folder
        # Staff working hours (hotel time): outside calls for staff are not put through then.
        Option("staff_day_start", str, "08:30"),
        Option("staff_day_end", str, "17:30"),
        Option("staff_workdays", str, "1,2,3,4,5"),  # ISO weekdays, Monday = 1
        # The operator's console: every call starts in this language (F4 toggles it for that call only).
        Option("caller_language", str, "zh_CN"),
        Option("hold_reminder_seconds", int, 30),  # a caller held longer is highlighted and greeted again
    )
}

TIME_OPTIONS = ("staff_day_start", "staff_day_end")  # stored as "HH:MM"; read with hoteltime.parse_time

_cache: dict[str, Any] | None = None


def _decode(option: Option, raw: str) -> Any:
    if option.type is bool:
        return raw == "1"
    return option.type(raw)


def _encode(option: Option, value: Any) -> str:
    if option.type is bool:
        return "1" if value else "0"
    return str(option.type(value))


def invalidate() -> None:
    global _cache
    _cache = None


on_open(invalidate)


def _load() -> dict[str, Any]:
    global _cache
    if _cache is None:
        stored = {s.key: s.value for s in Setting.select()}
        _cache = {
            key: _decode(opt, stored[key]) if key in stored else opt.default
            for key, opt in OPTIONS.items()
        }
    return _cache


def get(key: str) -> Any:
    return _load()[key]


def validate(key: str, value: Any) -> Any:
    option = OPTIONS[key]
    if key == "timezone":
        try:
            ZoneInfo(str(value))
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError(N_("Unknown time zone: {zone}"), zone=value) from None
    if key == "caller_language" and value not in ("zh_CN", "en"):
        raise ValidationError(N_("Unknown language: {language}"), language=value)
    if key == "currency" and (len(str(value)) != 3 or not str(value).isalpha()):
        raise ValidationError(N_("A currency is a three-letter code such as CNY."))
    if key == "area_code" and not re.fullmatch(r"0[1-9]\d{1,2}", str(value).strip()):
        raise ValidationError(N_("An area code is 0 followed by two or three digits, e.g. 021."))
    if key == "outside_line_prefix" and not re.fullmatch(r"\d{0,3}", str(value).strip()):
        raise ValidationError(N_("The outside-line prefix is up to three digits, e.g. 0 or 9."))
    try:
        return option.type(value)
    except (TypeError, ValueError):
        raise ValidationError(N_("Invalid value for {key}."), key=key) from None


def _wall_clock(text: str) -> str:
    """A stored wall-clock setting in its one form, "HH:MM" (the desk's looser forms go through hoteltime)."""
    try:
        return time.fromisoformat(str(text).strip().zfill(5)).strftime("%H:%M")
    except ValueError:
        raise ValidationError(N_("{value!r} is not a time of day (write e.g. 06:30)."), value=text) from None


@retrying
def write(session, values: dict[str, Any]) -> None:
    """Change settings: one transaction, one audit event (administrators only)."""
    session.require_may("settings.write")
    checked = {k: validate(k, v) for k, v in values.items()}
    if "outside_lines" in checked and not 1 <= checked["outside_lines"] <= 64:
        raise ValidationError(N_("Outside lines must be between 1 and 64."))
    for key in TIME_OPTIONS:
        if key in checked:
            checked[key] = _wall_clock(checked[key])
    for key in ("hold_reminder_seconds", "idle_lock_minutes", "message_retention_days", "wakeup_retry_minutes",
                "wakeup_escalate_minutes", "backups_keep"):
        if key in checked and not 0 <= checked[key] <= 10000:
            raise ValidationError(N_("Invalid value for {key}."), key=key)
    with database.atomic():
        if "outside_lines" in checked:
            _set_lines(checked["outside_lines"])
        for key, value in checked.items():
            Setting.insert(key=key, value=_encode(OPTIONS[key], value)).on_conflict(
                conflict_target=[Setting.key], update={Setting.value: _encode(OPTIONS[key], value)}
            ).execute()
        audit.record(session, "settings_changed", detail=", ".join(sorted(checked)))
    invalidate()


def store_initial(values: dict[str, Any]) -> None:
    """Write settings inside the caller's transaction (hotel setup)."""
    for key, value in values.items():
        value = validate(key, value)
        Setting.create(key=key, value=_encode(OPTIONS[key], value))
    invalidate()


def hotel_name(lang: str) -> str:
    """The hotel's name in `lang`, or in the other language when that one is empty."""
    zh, en = get("hotel_name_zh"), get("hotel_name_en")
    return (zh or en) if lang == "zh_CN" else (en or zh)


def all_timezones() -> list[str]:
    return sorted(available_timezones())


def _set_lines(count: int) -> None:
    """Lines 1..count in use; lines beyond are kept (calls refer to them) but retired."""
    for n in range(1, count + 1):
        OutsideLine.insert(number=n).on_conflict_ignore().execute()
    OutsideLine.update(active=True).where(OutsideLine.number <= count).execute()
    OutsideLine.update(active=False).where(OutsideLine.number > count).execute()
