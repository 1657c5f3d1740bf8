"""The world clock: local time in the cities a hotel's guests call, against Beijing time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from hotel_phone import clock, longdistance, places
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_

BEIJING = ZoneInfo("Asia/Shanghai")
# (zone, 中文, English): the defaults for a Chinese hotel's guests.
DEFAULT_CITIES = (
    ("Asia/Shanghai", "北京", "Beijing"), ("Asia/Tokyo", "东京", "Tokyo"), ("Asia/Seoul", "首尔", "Seoul"),
    ("Asia/Singapore", "新加坡", "Singapore"), ("Asia/Bangkok", "曼谷", "Bangkok"), ("Asia/Dubai", "迪拜", "Dubai"),
    ("Europe/Moscow", "莫斯科", "Moscow"), ("Europe/Paris", "巴黎", "Paris"), ("Europe/London", "伦敦", "London"),
    ("America/New_York", "纽约", "New York"), ("America/Los_Angeles", "洛杉矶", "Los Angeles"),
    ("Australia/Sydney", "悉尼", "Sydney"),
)


@dataclass(frozen=True)
class CityTime:
    zone: str  # '' for a range
    name_zh: str
    name_en: str
    local: datetime  # the earliest local time of a range
    hours_from_beijing: float  # the smallest difference of a range
    night: bool  # night in any of its zones
    local_latest: datetime | None = None  # a range: a number that does not say which zone rings
    hours_max: float | None = None
    zones: tuple[str, ...] = ()

    @property
    def is_range(self) -> bool:
        return self.hours_max is not None and self.hours_max != self.hours_from_beijing

    def time_text(self) -> str:
        if self.is_range:
            return f"{self.local.strftime('%H:%M')}–{self.local_latest.strftime('%H:%M')}"
        return self.local.strftime("%H:%M")

    def difference_text(self) -> str:
        if self.is_range:
            return f"{difference_text(self.hours_from_beijing)} … {difference_text(self.hours_max)}"
        return difference_text(self.hours_from_beijing)


def city_time(zone: str, name_zh: str, name_en: str, at: datetime | None = None) -> CityTime:
    at = at or clock.now()
    local = at.astimezone(ZoneInfo(zone))
    diff = (local.utcoffset() - at.astimezone(BEIJING).utcoffset()).total_seconds() / 3600
    return CityTime(zone, name_zh, name_en, local, diff, local.hour >= 22 or local.hour < 7, zones=(zone,))


def clocks(at: datetime | None = None, cities=DEFAULT_CITIES) -> list[CityTime]:
    return [city_time(z, zh, en, at) for z, zh, en in cities]


def lookup(text: str, at: datetime | None = None) -> list[CityTime]:
    """Cities and countries whose name matches (a country with all its zones), or the place a number rings.

    A number that does not say which of its country's zones rings gives one row with the range of times.
    """
    text = (text or "").strip()
    if not text:
        return []
    if sum(c.isdigit() for c in text) >= 3 and not any(c.isalpha() for c in text):

        dest = longdistance.destination(text, at)
        s = dest.span
        if s is None:
            raise ValidationError(N_("No time zone is known for {number}."), number=text)
        return [CityTime(s.zone, dest.name_zh, dest.name_en, s.earliest, s.hours_min, s.night, s.latest,
                         s.hours_max, s.zones)]
    return [city_time(e.zone, e.name_zh, e.name_en, at) for e in places.find(text)]


difference_text = places.difference_text
