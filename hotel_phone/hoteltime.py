"""The hotel's clock: its zone, its today, a wall-clock time typed at the desk, a hotel day in UTC.

Times are stored as aware UTC; the hotel's zone is a setting, never the PC's zone.
Every module that turns an instant into a hotel date or a typed "06:30" into an
instant goes through here, so daylight-saving days are handled in one place.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from hotel_phone import clock, settings
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_


def zone() -> ZoneInfo:
    """The hotel's time zone (setting "timezone", default Asia/Shanghai)."""
    return ZoneInfo(settings.get("timezone"))


def local(at: datetime) -> datetime:
    """An instant as the hotel's wall clock shows it."""
    return at.astimezone(zone())


def now_local() -> datetime:
    return local(clock.now())


def today() -> date:
    return now_local().date()


def parse_time(text: str) -> time:
    """A time of day as typed at the desk: 06:30, 6:30, 6.30, 0630, or with a full-width colon."""
    raw = (text or "").strip().replace("：", ":").replace(".", ":")
    try:
        hours, minutes = raw.split(":") if ":" in raw else (raw[:-2], raw[-2:])
        value = time(int(hours), int(minutes))
    except (ValueError, TypeError, OverflowError):
        raise ValidationError(N_("{value!r} is not a time of day (write e.g. 06:30)."), value=text) from None
    return value


def instant(day: date, at: time) -> datetime:
    """The UTC instant of a wall-clock time in the hotel (correct on daylight-saving days)."""
    return datetime.combine(day, at, tzinfo=zone()).astimezone(timezone.utc)


def next_instant(at: time) -> datetime:
    """The next time the hotel's clock shows `at`: today, or tomorrow if already past."""
    day = today()
    until = instant(day, at)
    if until <= clock.now():
        until = instant(day + timedelta(days=1), at)
    return until


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """A hotel day as [start, stop) instants (23 or 25 hours long on daylight-saving days)."""
    return instant(day, time(0)), instant(day + timedelta(days=1), time(0))
