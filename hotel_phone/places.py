"""Where a clock is: the time zones of a phone number, and cities and countries found by name.

Names come from CLDR as babel carries it (exemplar cities and country names, Chinese and
English), plus a short list of large cities that are not a time zone's exemplar city.
A number whose country has several zones gets the zone of the place its geocoder names;
when nothing names one place, every zone is kept and shown as a range, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from hotel_phone.names import fold, has_han

BEIJING = ZoneInfo("Asia/Shanghai")
MAX_RESULTS = 30
# Large cities operators are asked about that are not CLDR's exemplar city of their zone.
# (zone, 中文, English)
MORE_CITIES = (
    ("Asia/Shanghai", "北京", "Beijing"), ("Asia/Shanghai", "广州", "Guangzhou"),
    ("Asia/Shanghai", "深圳", "Shenzhen"), ("Asia/Shanghai", "拉萨", "Lhasa"), ("Asia/Urumqi", "喀什", "Kashgar"),
    ("Europe/Berlin", "法兰克福", "Frankfurt"), ("Europe/Berlin", "慕尼黑", "Munich"),
    ("Europe/Berlin", "汉堡", "Hamburg"), ("Europe/Rome", "米兰", "Milan"), ("Europe/Rome", "威尼斯", "Venice"),
    ("Europe/Rome", "佛罗伦萨", "Florence"), ("Europe/Madrid", "巴塞罗那", "Barcelona"),
    ("Europe/Zurich", "日内瓦", "Geneva"), ("Europe/Paris", "里昂", "Lyon"), ("Europe/London", "曼彻斯特", "Manchester"),
    ("Europe/London", "爱丁堡", "Edinburgh"), ("Europe/Moscow", "圣彼得堡", "Saint Petersburg"),
    ("Asia/Kolkata", "孟买", "Mumbai"), ("Asia/Kolkata", "新德里", "New Delhi"), ("Asia/Kolkata", "班加罗尔", "Bangalore"),
    ("Asia/Kolkata", "金奈", "Chennai"), ("Asia/Bangkok", "河内", "Hanoi"), ("Asia/Bangkok", "普吉岛", "Phuket"),
    ("Asia/Bangkok", "清迈", "Chiang Mai"), ("Asia/Ho_Chi_Minh", "西贡", "Saigon"),
    ("Asia/Ho_Chi_Minh", "胡志明市", "Ho Chi Minh City"), ("Asia/Tokyo", "大阪", "Osaka"),
    ("Asia/Tokyo", "京都", "Kyoto"), ("Asia/Tokyo", "札幌", "Sapporo"), ("Asia/Seoul", "釜山", "Busan"),
    ("Asia/Seoul", "济州", "Jeju"), ("Asia/Makassar", "巴厘岛", "Bali"), ("Asia/Dubai", "阿布扎比", "Abu Dhabi"),
    ("America/Los_Angeles", "旧金山", "San Francisco"), ("America/Los_Angeles", "西雅图", "Seattle"),
    ("America/Los_Angeles", "拉斯维加斯", "Las Vegas"), ("America/New_York", "华盛顿", "Washington"),
    ("America/New_York", "波士顿", "Boston"), ("America/New_York", "费城", "Philadelphia"),
    ("America/Chicago", "休斯敦", "Houston"), ("America/Chicago", "达拉斯", "Dallas"),
    ("America/Toronto", "蒙特利尔", "Montreal"), ("America/Toronto", "渥太华", "Ottawa"),
    ("America/Sao_Paulo", "里约热内卢", "Rio de Janeiro"), ("Australia/Sydney", "堪培拉", "Canberra"),
    ("Pacific/Auckland", "惠灵顿", "Wellington"), ("Africa/Johannesburg", "开普敦", "Cape Town"),
    ("Asia/Riyadh", "麦加", "Mecca"), ("Asia/Jerusalem", "特拉维夫", "Tel Aviv"),
)
# Imports inside functions: babel's data, pypinyin and phonenumbers load where first needed (for speed).


@dataclass(frozen=True)
class Entry:
    zone: str
    name_zh: str
    name_en: str
    keys: tuple[str, ...]  # folded English name, pinyin, zone id
    country: str = ""  # a territory code when the entry is a country's zone


@lru_cache(maxsize=4)
def _locale(code: str):
    from babel import Locale

    return Locale(code)


@lru_cache(maxsize=1024)
def english_city(zone: str) -> str:
    city = _locale("en").time_zones.get(zone, {}).get("city")
    return city or zone.rsplit("/", 1)[-1].replace("_", " ")


@lru_cache(maxsize=1024)
def chinese_city(zone: str) -> str:
    return _locale("zh").time_zones.get(zone, {}).get("city", "")


def _pinyin(text: str) -> str:
    """Every reading of a place name, '|'-joined: 加德满都 is jiademandu, not only jiademandou."""
    from itertools import islice, product

    from pypinyin import Style, pinyin

    readings = pinyin(text, style=Style.NORMAL, heteronym=True, errors="ignore")
    return "|".join(dict.fromkeys("".join(p) for p in islice(product(*readings), 16)))


def _entry(zone: str, zh: str, en: str, exemplar: bool = False) -> Entry:
    # An exemplar city is found by its zone's name too (Calcutta, Saigon); a listed city only by its own.
    keys = (fold(en), *(_pinyin(zh).split("|") if zh else ()), fold(zone.rsplit("/", 1)[-1]) if exemplar else "")
    return Entry(zone, zh or en, en, tuple(k for k in keys if k))


@lru_cache(maxsize=1)
def cities() -> tuple[Entry, ...]:
    """Every exemplar city of CLDR plus the list above (built once: ~0.3 s for the pinyin)."""
    from babel.core import get_global

    entries = [_entry(z, zh, en) for z, zh, en in MORE_CITIES]
    for zone in sorted(get_global("zone_territories")):
        if zone.startswith("Etc/") or zone not in _known_zones():
            continue
        entries.append(_entry(zone, chinese_city(zone), english_city(zone), exemplar=True))
    return tuple(entries)


@lru_cache(maxsize=1)
def countries() -> tuple[tuple[str, str, str, str], ...]:
    """(territory, 中文, English, folded keys joined) for every country with zones."""
    from babel.core import get_global

    zh, en = _locale("zh").territories, _locale("en").territories
    out = []
    for territory, zones in get_global("territory_zones").items():
        if zones and territory in en:
            name_zh = zh.get(territory, en[territory])
            out.append((territory, name_zh, en[territory], f"{fold(en[territory])}|{_pinyin(name_zh)}"))
    return tuple(out)


def warm_up() -> None:
    """Build the index and the names of every country's zones (the world clock calls this off the GUI)."""
    cities()
    for territory, *_names in countries():
        for zone in country_zones(territory):
            chinese_city(zone), english_city(zone)


def country_name(number, lang: str) -> str:
    import phonenumbers

    territory = phonenumbers.region_code_for_number(number) or ""
    return _locale(lang).territories.get(territory, "") if territory else ""


def country_zones(territory: str) -> tuple[str, ...]:
    """A country's zones that this machine's zone data knows (CLDR lists Etc/Unknown for 'unknown region')."""
    from babel.core import get_global

    return tuple(z for z in get_global("territory_zones").get(territory, ()) if z in _known_zones())


@lru_cache(maxsize=1)
def _known_zones() -> frozenset[str]:
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


def find(text: str) -> list[Entry]:
    """Cities and countries matching what was typed: characters, English without accents, or pinyin.

    A country gives all its zones. Best matches first: exact, then beginning, then anywhere.
    """
    text = (text or "").strip()[:60]
    if not text:
        return []
    han = has_han(text)
    q = text if han else fold(text)
    if not q:
        return []

    def score(names: tuple[str, ...]) -> int | None:
        best = None
        for name in names:
            if not name:
                continue
            s = 0 if name == q else 1 if name.startswith(q) else 2 if q in name else None
            if s is not None and (best is None or s < best):
                best = s
        return best

    found: list[tuple[int, int, Entry]] = []
    for n, e in enumerate(cities()):
        s = score((e.name_zh,) if han else e.keys)
        if s is not None:
            found.append((s, n, e))
    for n, (territory, zh, en, keys) in enumerate(countries()):
        s = score((zh,) if han else tuple(keys.split("|")))
        if s is None:
            continue
        zones = country_zones(territory)
        for zone in zones:
            city_zh, city_en = chinese_city(zone) or english_city(zone), english_city(zone)
            name_zh, name_en = (zh, en) if len(zones) == 1 else (f"{zh}:{city_zh}", f"{en}: {city_en}")
            found.append((s, 10000 + n, Entry(zone, name_zh, name_en, (), territory)))
    found.sort(key=lambda t: (t[0], t[1]))
    seen, out = set(), []
    for _s, _n, e in found:
        key = (e.zone, e.name_en)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out[:MAX_RESULTS]


# -- the zones of a phone number ------------------------------------------------------

def zones_for_number(number, description_en: str, territory: str = "") -> tuple[str, ...]:
    """One zone when the number or its described place decides it; otherwise all its zones.

    Zones of other territories sharing the calling code (Cocos and Christmas Islands for +61)
    are left out when the number's own territory has zones among them.
    """
    from phonenumbers import timezone as pn_timezone

    zones = tuple(z for z in pn_timezone.time_zones_for_number(number) if z != "Etc/Unknown")
    own = tuple(z for z in zones if z in country_zones(territory)) if territory else ()
    zones = own or zones
    if len(zones) <= 1:
        return zones
    place = fold(description_en.split(",")[0]) if description_en else ""
    if place:
        for zone in zones:
            if place in (fold(english_city(zone)), fold(zone.rsplit("/", 1)[-1])):
                return (zone,)
    return zones


@dataclass(frozen=True)
class Span:
    """The time in one zone, or across several (a range) when a number does not say which."""

    zones: tuple[str, ...]
    earliest: datetime
    latest: datetime
    hours_min: float  # from Beijing
    hours_max: float
    night: bool  # 22:00 to 07:00 in any of the zones

    @property
    def single(self) -> bool:
        return self.hours_min == self.hours_max

    @property
    def zone(self) -> str:
        return self.zones[0] if len(self.zones) == 1 else ""


def _hours(local: datetime, at: datetime) -> float:
    return (local.utcoffset() - at.astimezone(BEIJING).utcoffset()).total_seconds() / 3600


def span(zones: tuple[str, ...], at: datetime, territory: str = "") -> Span | None:
    """The clock(s) of `zones` at `at`. Zones that agree now collapse to one clock."""
    if not zones:
        return None
    locals_ = sorted(((_hours(t := at.astimezone(ZoneInfo(z)), at), z, t) for z in zones), key=lambda x: x[0])
    night = any(t.hour >= 22 or t.hour < 7 for _h, _z, t in locals_)
    lo, hi = locals_[0], locals_[-1]
    if lo[0] == hi[0]:
        # Every zone shows the same time now: one clock, the country's main zone when it is among them.
        main = [z for z in country_zones(territory) if z in zones][:1] if territory else []
        zone = main[0] if main else lo[1]
        return Span((zone,), lo[2], lo[2], lo[0], lo[0], night)
    return Span(tuple(z for _h, z, _t in locals_), lo[2], hi[2], lo[0], hi[0], night)


def difference_text(hours: float) -> str:
    sign = "+" if hours >= 0 else "−"
    h = abs(hours)
    return f"{sign}{int(h)}" + (f":{round((h % 1) * 60):02d}" if h % 1 else "") + "h"


def span_difference_text(s: Span) -> str:
    if s.single:
        return difference_text(s.hours_min)
    return f"{difference_text(s.hours_min)} … {difference_text(s.hours_max)}"


def span_time_text(s: Span) -> str:
    if s.single:
        return s.earliest.strftime("%H:%M")
    return f"{s.earliest.strftime('%H:%M')}–{s.latest.strftime('%H:%M')}"


def number_place(number) -> tuple[str, str]:
    """Where a parsed number rings, in Chinese and English: its area or city, else its country."""
    from phonenumbers import geocoder  # ~200 ms to import: only when first needed

    zh = geocoder.description_for_number(number, "zh") or geocoder.country_name_for_number(number, "zh")
    en = geocoder.description_for_number(number, "en") or geocoder.country_name_for_number(number, "en")
    country_en = geocoder.country_name_for_number(number, "en")
    if not en or not zh:  # a calling code shared by several territories (+61 mobiles): CLDR's country name
        zh, en = zh or country_name(number, "zh"), en or country_name(number, "en")
    if en and country_en and en != country_en and number.country_code != 86:
        en = f"{en}, {country_en}"
        if zh == geocoder.country_name_for_number(number, "zh"):
            zh = f"{zh}({en.split(',')[0]})"
    return zh, en
