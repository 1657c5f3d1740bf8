"""First start of a real hotel: name, time zone, currency, rooms, first administrator."""

from __future__ import annotations

from dataclasses import dataclass, replace

from hotel_phone import anchors, audit, auth, folio, rooms, settings, tariff
from hotel_phone.db import Operator, OutsideLine, database, retrying
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_
from hotel_phone.session import Session
from hotel_phone.textcheck import clean


@dataclass(frozen=True)
class HotelSetup:
    name_zh: str
    name_en: str
    timezone: str = "Asia/Shanghai"
    currency: str = "CNY"
    address_zh: str = ""
    address_en: str = ""
    rooms: tuple[rooms.RoomSpec, ...] = ()
    admin_username: str = "admin"
    admin_name: str = ""
    admin_password: str = ""
    language: str = "zh_CN"
    outside_lines: int = 4
    demo: bool = False
    area_code: str = "021"  # the hotel's own: local numbers are dialled without it, rated in its local zone


def set_up(data: HotelSetup) -> Session:
    """Create the hotel in one transaction; refuses a database already set up."""
    name_zh = clean(data.name_zh, N_("Hotel name (Chinese)"), 80, required=True)
    name_en = clean(data.name_en, N_("Hotel name (English)"), 80, required=True)
    if not data.rooms:
        raise ValidationError(N_("A hotel needs at least one room."))
    if not 1 <= data.outside_lines <= 64:
        raise ValidationError(N_("Outside lines must be between 1 and 64."))
    rooms.check_unique(list(data.rooms))
    session = _create(data, name_zh, name_en)
    anchors.write("hotel_set_up")  # outside the retried transaction: written once
    return session


@retrying
def _create(data: HotelSetup, name_zh: str, name_en: str) -> Session:
    with database.atomic():
        if Operator.select().exists():
            raise ValidationError(N_("This hotel is already set up."))
        admin = auth.new_operator_row(
            data.admin_username, data.admin_name or data.admin_username, "administrator",
            data.admin_password, data.language,
        )
        settings.store_initial({
            "hotel_name_zh": name_zh,
            "hotel_name_en": name_en,
            "hotel_address_zh": clean(data.address_zh, N_("Address (Chinese)"), 200),
            "hotel_address_en": clean(data.address_en, N_("Address (English)"), 200),
            "timezone": data.timezone,
            "currency": data.currency.upper(),
            "outside_lines": data.outside_lines,
            "is_demo": data.demo,
            "area_code": data.area_code,
        })
        rooms.create_rows(list(data.rooms))
        OutsideLine.insert_many([{"number": n} for n in range(1, data.outside_lines + 1)]).execute()
        session = Session(admin)
        tariff.store(session, tariff.default_spec(local_rate_prefix(settings.get("area_code"))))
        folio.seed_codes()
        audit.record(session, "hotel_set_up", detail=f"{len(data.rooms)} rooms, {data.timezone}")
    return session



def local_rate_prefix(area_code: str) -> str:
    """The digits the tariff rates a local call on: 86 and the area code without its trunk 0 (021 -> 8621)."""
    return "86" + area_code.strip()[1:]


@retrying
def write_settings(session: Session, values: dict) -> str:
    """The hotel's settings, and with a new area code a new tariff version whose local zone follows it.

    Returns "" or, when the area code changed, what became of the tariff: "moved" (a new version rates the
    new area's calls as local) or "kept" (the local zone did not name the old area: a supervisor checks it).
    """
    old_area = settings.get("area_code")
    with database.atomic():
        settings.write(session, values)
        new_area = settings.get("area_code")
        if new_area == old_area:
            return ""
        old, new = local_rate_prefix(old_area), local_rate_prefix(new_area)
        spec = tariff.load(tariff.current()[0])
        zones = tuple(replace(z, prefixes=tuple(new if p == old else p for p in z.prefixes)) for z in spec.zones)
        if zones == spec.zones:
            return "kept"
        tariff.store(session, replace(spec, zones=zones))
        return "moved"
