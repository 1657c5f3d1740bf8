"""Rating long-distance calls: zones by longest prefix, blocks and increments, fees, discounts.

The rule, in this order, all in integer fen:
1. A free number (110, 119, 120, 122, domestic toll-free 800) costs nothing; which numbers
   are free, local-rate (400, service numbers) or international is the dialling plan's
   decision (dialplan.py), which hands the rater the digits to rate.
2. A call no longer than the zone's grace seconds costs nothing.
3. Usage = the first block's price (it covers the first block's seconds), plus
   the increment price for every started increment after it (ceiling).
4. A time-of-day discount applies to usage, chosen by the call's *start* time in
   the hotel's time zone (a call crossing a band boundary is rated by its start).
5. Usage is at least the zone's minimum charge.
6. The connection fee is added.
7. The service charge: a fixed amount plus a percentage of (usage + connection).
Percentages are basis points (1 % = 100); each percentage step rounds half up
to the fen, once. The charge never falls as the duration grows.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import NamedTuple

from hotel_phone import audit, clock, hoteltime
from hotel_phone.db import Tariff, TariffBand, TariffZone, database, on_open, retrying
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_, gettext_in
from hotel_phone.session import Session

DEFAULT_FREE_NUMBERS = ("110", "119", "120", "122", "112", "999")
DEFAULT_FREE_PREFIXES = ("800",)  # 400 numbers are paid by the caller (local rate)


@dataclass(frozen=True)
class Band:
    start_minute: int  # minutes after local midnight, inclusive
    end_minute: int  # exclusive; a band may wrap past midnight (22:00-07:00)
    discount_bp: int

    def covers(self, minute: int) -> bool:
        if self.start_minute <= self.end_minute:
            return self.start_minute <= minute < self.end_minute
        return minute >= self.start_minute or minute < self.end_minute


@dataclass(frozen=True)
class Zone:
    code: str
    name_zh: str
    name_en: str
    prefixes: tuple[str, ...]  # E.164 digits without '+', e.g. "8621", "44"
    first_block_seconds: int = 60
    first_block_fen: int = 0
    increment_seconds: int = 6
    increment_fen: int = 0
    connection_fen: int = 0
    minimum_fen: int = 0
    service_fixed_fen: int = 0
    service_bp: int = 0
    grace_seconds: int = 0
    bands: tuple[Band, ...] = ()


@dataclass(frozen=True)
class TariffSpec:
    name: str
    zones: tuple[Zone, ...]
    free_numbers: tuple[str, ...] = DEFAULT_FREE_NUMBERS
    free_prefixes: tuple[str, ...] = DEFAULT_FREE_PREFIXES


class Rating(NamedTuple):
    """A rated call (a tuple: a million of them are made in a blink)."""

    zone: str
    zone_zh: str
    zone_en: str
    charge_fen: int
    usage_fen: int = 0
    connection_fen: int = 0
    service_fen: int = 0
    discount_bp: int = 0
    rule: str = ""  # how it was rated (English, stored with the call)
    free: bool = False
    zone_spec: Zone | None = None

    def describe(self, lang: str) -> str:
        """The rule in the reader's language."""
        if self.free:
            return gettext_in(lang, N_("free number"))
        if self.zone_spec is None:
            return self.rule
        return describe(self.zone_spec, self.discount_bp, lang)


def _yuan(fen: int) -> str:
    return f"{fen / 100:.2f}"


def describe(z: Zone, discount_bp: int, lang: str) -> str:
    parts = [gettext_in(lang, N_("first {seconds} s {price}, then every {step} s {step_price}")).format(
        seconds=z.first_block_seconds, price=_yuan(z.first_block_fen), step=z.increment_seconds,
        step_price=_yuan(z.increment_fen))]
    if discount_bp:
        parts.append(gettext_in(lang, N_("{percent}% off at this hour")).format(percent=f"{discount_bp / 100:g}"))
    if z.minimum_fen:
        parts.append(gettext_in(lang, N_("minimum {price}")).format(price=_yuan(z.minimum_fen)))
    if z.connection_fen:
        parts.append(gettext_in(lang, N_("connection {price}")).format(price=_yuan(z.connection_fen)))
    if z.service_fixed_fen or z.service_bp:
        parts.append(gettext_in(lang, N_("service charge {price} + {percent}%")).format(
            price=_yuan(z.service_fixed_fen), percent=f"{z.service_bp / 100:g}"))
    if z.grace_seconds:
        parts.append(gettext_in(lang, N_("free up to {seconds} s")).format(seconds=z.grace_seconds))
    return gettext_in(lang, N_(", ")).join(parts)


@dataclass
class Rater:
    """A tariff ready to rate: prefixes in a dict, tried longest first."""

    spec: TariffSpec
    by_prefix: dict[str, Zone] = field(default_factory=dict)
    lengths: tuple[int, ...] = ()

    def __post_init__(self):
        self.rules: dict[tuple[str, int], str] = {}  # the English rule, made once per zone and discount
        self.by_prefix = {p: z for z in self.spec.zones for p in z.prefixes}
        # Per zone, the numbers in one tuple and the discount of every minute of the day: no search per call.
        self.params = {z.code: (z.first_block_seconds, z.first_block_fen, z.increment_seconds, z.increment_fen,
                                z.connection_fen, z.minimum_fen, z.service_fixed_fen, z.service_bp)
                       for z in self.spec.zones}
        self.discounts = {z.code: [next((b.discount_bp for b in z.bands if b.covers(m)), 0) for m in range(1440)]
                          for z in self.spec.zones}
        self.lengths = tuple(sorted({len(p) for p in self.by_prefix}, reverse=True))
        self.free = set(self.spec.free_numbers)

    def zone_for(self, digits: str) -> Zone | None:
        for n in self.lengths:
            zone = self.by_prefix.get(digits[:n])
            if zone is not None:
                return zone
        return None

    def is_free(self, national: str) -> bool:
        return national in self.free or (national.startswith(self.spec.free_prefixes)
                                         and not national.startswith("400"))

    def rate(self, digits: str, seconds: int, start_minute: int, national: str = "") -> Rating:
        """Rate a call to E.164 `digits` (no '+') lasting `seconds`, started `start_minute` after midnight."""
        if seconds < 0:
            raise ValidationError(N_("A call cannot last a negative time."))
        if national and self.is_free(national):
            return Rating("free", "免费", "free", 0, rule="free number", free=True)
        zone = self.zone_for(digits)
        if zone is None:
            raise ValidationError(N_("No tariff zone covers +{number}."), number=digits)
        if seconds <= zone.grace_seconds:
            return Rating(zone.code, zone.name_zh, zone.name_en, 0, rule=f"within {zone.grace_seconds} s grace",
                          zone_spec=zone)
        first_s, first_fen, step_s, step_fen, connection, minimum, fixed, service_bp = self.params[zone.code]
        usage = first_fen
        if seconds > first_s:
            usage += -(-(seconds - first_s) // step_s) * step_fen
        discount = self.discounts[zone.code][start_minute]
        if discount:
            usage -= (usage * discount + 5000) // 10000
        if usage < minimum:
            usage = minimum
        service = fixed + ((usage + connection) * service_bp + 5000) // 10000
        return Rating(zone.code, zone.name_zh, zone.name_en, usage + connection + service, usage, connection,
                      service, discount, self._rule(zone, discount), False, zone)

    def _rule(self, zone: Zone, discount: int) -> str:
        key = (zone.code, discount)
        rule = self.rules.get(key)
        if rule is None:
            rule = self.rules[key] = describe(zone, discount, "en")
        return rule


# -- the tariff in the database ------------------------------------------------

def validate(spec: TariffSpec) -> TariffSpec:
    if not spec.name.strip():
        raise ValidationError(N_("A tariff needs a name."))
    if not spec.zones:
        raise ValidationError(N_("A tariff needs at least one zone."))
    seen: dict[str, str] = {}
    codes = set()
    for z in spec.zones:
        if not z.code.strip() or z.code in codes:
            raise ValidationError(N_("Each zone needs its own code ({code})."), code=z.code)
        codes.add(z.code)
        if not z.prefixes:
            raise ValidationError(N_("Zone {code} has no prefixes."), code=z.code)
        for p in z.prefixes:
            if not p.isdigit() or len(p) > 15:
                raise ValidationError(N_("Zone {code}: {prefix!r} is not a number prefix."), code=z.code, prefix=p)
            if p in seen:
                raise ValidationError(N_("The prefix {prefix} is in zones {a} and {b}."), prefix=p, a=seen[p],
                                      b=z.code)
            seen[p] = z.code
        money = (z.first_block_fen, z.increment_fen, z.connection_fen, z.minimum_fen, z.service_fixed_fen)
        if any(v < 0 for v in money) or z.service_bp < 0 or z.grace_seconds < 0:
            raise ValidationError(N_("Zone {code}: prices and seconds cannot be negative."), code=z.code)
        if z.first_block_seconds < 1 or z.increment_seconds < 1:
            raise ValidationError(N_("Zone {code}: blocks and increments last at least one second."), code=z.code)
        for b in z.bands:
            if not (0 <= b.start_minute < 1440 and 0 <= b.end_minute <= 1440) or not 0 <= b.discount_bp <= 10000:
                raise ValidationError(N_("Zone {code}: a discount band is out of range."), code=z.code)
    for n in spec.free_numbers + spec.free_prefixes:
        if not n.isdigit():
            raise ValidationError(N_("{number!r} is not a number."), number=n)
    return spec


@retrying
def store(session: Session | None, spec: TariffSpec) -> Tariff:
    """Save a new tariff version (the old ones stay, for the calls they rated)."""
    if session is not None:
        session.require("supervisor")
    validate(spec)
    with database.atomic():
        t = Tariff.create(name=spec.name.strip(), effective_from=clock.now(), free_numbers=",".join(spec.free_numbers),
                          free_prefixes=",".join(spec.free_prefixes),
                          created_by=session.operator if session else None, created_at=clock.now())
        for z in spec.zones:
            row = TariffZone.create(
                tariff=t, code=z.code, name_zh=z.name_zh, name_en=z.name_en, prefixes=",".join(z.prefixes),
                first_block_seconds=z.first_block_seconds, first_block_fen=z.first_block_fen,
                increment_seconds=z.increment_seconds, increment_fen=z.increment_fen,
                connection_fen=z.connection_fen, minimum_fen=z.minimum_fen, service_fixed_fen=z.service_fixed_fen,
                service_basis_points=z.service_bp, grace_seconds=z.grace_seconds)
            for b in z.bands:
                TariffBand.create(zone=row, start_minute=b.start_minute, end_minute=b.end_minute,
                                  discount_basis_points=b.discount_bp)
        audit.record(session, "tariff_saved", t, f"{spec.name}: {len(spec.zones)} zones")
    _cache.clear()
    return t


def _split(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.split(",") if p.strip())


def load(tariff: Tariff) -> TariffSpec:
    zones = []
    for z in tariff.zones.order_by(TariffZone.id):
        bands = tuple(Band(b.start_minute, b.end_minute, b.discount_basis_points) for b in z.bands)
        zones.append(Zone(z.code, z.name_zh, z.name_en, _split(z.prefixes), z.first_block_seconds,
                          z.first_block_fen, z.increment_seconds, z.increment_fen, z.connection_fen, z.minimum_fen,
                          z.service_fixed_fen, z.service_basis_points, z.grace_seconds, bands))
    return TariffSpec(tariff.name, tuple(zones), _split(tariff.free_numbers), _split(tariff.free_prefixes))


_cache: dict[int, Rater] = {}
on_open(_cache.clear)


def zone_of(tariff_id: int | None, zone_code: str) -> Zone | None:
    """The zone of the tariff version a stored call was rated with."""
    t = Tariff.get_or_none(Tariff.id == tariff_id) if tariff_id else None
    return next((z for z in load(t).zones if z.code == zone_code), None) if t else None


def current() -> tuple[Tariff, Rater]:
    """The tariff in force now, and its rater."""
    t = (Tariff.select().where(Tariff.effective_from <= clock.now())
         .order_by(Tariff.effective_from.desc(), Tariff.id.desc()).first())
    if t is None:
        raise ValidationError(N_("No tariff is set up; a supervisor must enter one."))
    if t.id not in _cache:
        _cache[t.id] = Rater(load(t))
    return t, _cache[t.id]


def local_minute(at: datetime) -> int:
    local = at.astimezone(hoteltime.zone())
    return local.hour * 60 + local.minute


def default_spec(local_prefix: str = "8621") -> TariffSpec:
    # local_prefix: 86 and the hotel's area code without its trunk 0 (021 -> 8621)
    """A believable tariff for a hotel in mainland China (prices in fen)."""
    night = (Band(0, 7 * 60, 4000), Band(22 * 60, 1440, 4000))
    intl_night = (Band(0, 7 * 60, 2000),)
    intl = dict(first_block_seconds=60, first_block_fen=800, increment_seconds=6, increment_fen=80,
                service_bp=1500, grace_seconds=5, minimum_fen=800, bands=intl_night)
    return TariffSpec("Standard 2026", (
        Zone("local", "市话", "Local", (local_prefix,), 180, 50, 60, 20, grace_seconds=5),
        Zone("mobile", "国内手机", "Mobile (China)", tuple(f"861{d}" for d in range(3, 10)), 60, 100, 6, 10,
             grace_seconds=5, minimum_fen=100, bands=night),
        Zone("domestic", "国内长途", "Domestic long distance", ("86",), 60, 100, 6, 10, grace_seconds=5,
             minimum_fen=100, bands=night),
        Zone("hkmotw", "港澳台", "Hong Kong, Macau, Taiwan", ("852", "853", "886"), 60, 500, 6, 50,
             service_bp=1000, grace_seconds=5, minimum_fen=500),
        Zone("intl_asia", "亚洲", "Asia", ("81", "82", "65", "66", "60", "62", "63", "84", "91", "850", "855",
                                            "856", "95", "976", "977"), **{**intl, "first_block_fen": 600,
                                                                           "increment_fen": 60}),
        Zone("intl_americas", "美洲", "Americas", ("1", "52", "55", "54", "56", "57", "51"), **intl),
        Zone("intl_europe", "欧洲", "Europe", ("44", "33", "49", "39", "34", "31", "32", "41", "43", "45", "46",
                                              "47", "48", "351", "353", "358", "30", "7", "90", "420", "36"),
             **intl),
        Zone("intl_other", "其他国际", "Other international", ("2", "3", "4", "5", "6", "8", "9"),
             **{**intl, "first_block_fen": 1200, "increment_fen": 120}),
    ))


# -- a tariff as a file a supervisor edits -------------------------------------------------

def to_json(spec: TariffSpec) -> str:
    return json.dumps(asdict(spec), ensure_ascii=False, indent=1)


def from_json(text: str) -> TariffSpec:
    """Read a tariff file; anything malformed is a clear refusal, not a crash."""
    try:
        raw = json.loads(text)
        zones = tuple(Zone(**{**z, "prefixes": tuple(str(p) for p in z["prefixes"]),
                              "bands": tuple(Band(**b) for b in z.get("bands", ()))}) for z in raw["zones"])
        spec = TariffSpec(str(raw["name"]), zones, tuple(str(n) for n in raw.get("free_numbers", DEFAULT_FREE_NUMBERS)),
                          tuple(str(n) for n in raw.get("free_prefixes", DEFAULT_FREE_PREFIXES)))
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise ValidationError(N_("This is not a tariff file: {reason}"), reason=str(exc)[:200]) from exc
    for z in spec.zones:
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (
                z.first_block_seconds, z.first_block_fen, z.increment_seconds, z.increment_fen, z.connection_fen,
                z.minimum_fen, z.service_fixed_fen, z.service_bp, z.grace_seconds)):
            raise ValidationError(N_("Zone {code}: prices and seconds must be whole numbers."), code=z.code)
    return validate(spec)
