"""The world clock: local time in the cities a hotel's guests call, against Beijing time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from hotel_phone import clock, longdistance
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_
from hotel_phone.names import fold

BEIJING = ZoneInfo("Asia/Shanghai")
# (zone, 中文, English): the defaults for a Chinese hotel's guests.
DEFAULT_CITIES = (
    ("Asia/Shanghai", "北京", "Beijing"), ("Asia/Tokyo", "东京", "Tokyo"), ("Asia/Seoul", "首尔", "Seoul"),
    ("Asia/Singapore", "新加坡", "Singapore"), ("Asia/Bangkok", "曼谷", "Bangkok"), ("Asia/Dubai", "迪拜", "Dubai"),
    ("Europe/Moscow", "莫斯科", "Moscow"), ("Europe/Paris", "巴黎", "Paris"), ("Europe/London", "伦敦", "London"),
    ("America/New_York", "纽约", "New York"), ("America/Los_Angeles", "洛杉矶", "Los Angeles"),
    ("Australia/Sydney", "悉尼", "Sydney"),
)
# More cities operators are asked about, found by name but not shown by default.
MORE_CITIES = (
    ("Asia/Hong_Kong", "香港", "Hong Kong"), ("Asia/Taipei", "台北", "Taipei"), ("Asia/Macau", "澳门", "Macau"),
    ("Europe/Berlin", "柏林", "Berlin"), ("Europe/Rome", "罗马", "Rome"), ("Europe/Madrid", "马德里", "Madrid"),
    ("America/Chicago", "芝加哥", "Chicago"), ("America/Toronto", "多伦多", "Toronto"),
    ("America/Vancouver", "温哥华", "Vancouver"), ("America/Sao_Paulo", "圣保罗", "São Paulo"),
    ("Asia/Kolkata", "新德里", "New Delhi"), ("Asia/Jakarta", "雅加达", "Jakarta"),
    ("Asia/Kuala_Lumpur", "吉隆坡", "Kuala Lumpur"), ("Asia/Manila", "马尼拉", "Manila"),
    ("Asia/Ho_Chi_Minh", "胡志明市", "Ho Chi Minh City"), ("Australia/Melbourne", "墨尔本", "Melbourne"),
    ("Pacific/Auckland", "奥克兰", "Auckland"), ("Africa/Johannesburg", "约翰内斯堡", "Johannesburg"),
    ("Africa/Cairo", "开罗", "Cairo"), ("Europe/Istanbul", "伊斯坦布尔", "Istanbul"),
)


@dataclass(frozen=True)
class CityTime:
    zone: str
    name_zh: str
    name_en: str
    local: datetime
    hours_from_beijing: float
    night: bool


def city_time(zone: str, name_zh: str, name_en: str, at: datetime | None = None) -> CityTime:
    at = at or clock.now()
    local = at.astimezone(ZoneInfo(zone))
    diff = (local.utcoffset() - at.astimezone(BEIJING).utcoffset()).total_seconds() / 3600
    return CityTime(zone, name_zh, name_en, local, diff, local.hour >= 22 or local.hour < 7)


def clocks(at: datetime | None = None, cities=DEFAULT_CITIES) -> list[CityTime]:
    return [city_time(z, zh, en, at) for z, zh, en in cities]


def lookup(text: str, at: datetime | None = None) -> list[CityTime]:
    """Cities whose name matches, or the place a phone number rings."""
    text = (text or "").strip()
    if not text:
        return []
    if sum(c.isdigit() for c in text) >= 6:
        dest = longdistance.destination(text, at)
        if not dest.timezone:
            raise ValidationError(N_("No time zone is known for {number}."), number=text)
        return [city_time(dest.timezone, dest.name_zh, dest.name_en, at)]
    q = fold(text)
    return [city_time(z, zh, en, at) for z, zh, en in DEFAULT_CITIES + MORE_CITIES
            if q in fold(en) or text in zh or q in fold(z)]


def difference_text(hours: float) -> str:
    sign = "+" if hours >= 0 else "−"
    h = abs(hours)
    return f"{sign}{int(h)}" + (f":{int(round((h % 1) * 60)):02d}" if h % 1 else "") + "h"
