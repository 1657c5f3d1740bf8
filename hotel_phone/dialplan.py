"""The hotel's dialling plan: a number as the guest says it, read the way the hotel's lines dial it.

- a local number without area code ("6321 8888") is in the hotel's area (setting `area_code`);
- Chinese service numbers (12345, 955xx, 10086, 114, 12306, 96xxx...) are local-rate calls;
- domestic 800 numbers and the tariff's free list are free; 400 numbers are paid by the caller
  at the local rate; a foreign toll-free number is an international call to that country;
- an extension after 转 / ext / x / 分机 is kept apart and shown to the operator;
- letters (1-800-FLOWERS) are read only in the NANP form when the guest says the number is American.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


from hotel_phone import settings
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_
# Imports inside functions: phonenumbers loads where a number is first read (for speed).

HOME_REGION = "CN"
NANP_REGIONS = ("US", "CA")
# Well-known national service numbers: local rate wherever the hotel is. (中文, English)
SERVICE_NAMES = {
    "114": ("查号台", "Directory enquiries"),
    "12345": ("政务服务便民热线", "Government service hotline"),
    "12306": ("铁路客服", "China Railway"),
    "12315": ("消费者投诉热线", "Consumer complaints"),
    "12121": ("天气预报", "Weather forecast"),
    "12308": ("外交部领事保护热线", "Consular protection hotline"),
    "12301": ("旅游服务热线", "Tourism service hotline"),
    "10086": ("中国移动客服", "China Mobile"),
    "10010": ("中国联通客服", "China Unicom"),
    "10000": ("中国电信客服", "China Telecom"),
    "11185": ("中国邮政客服", "China Post"),
    "95588": ("工商银行", "ICBC"),
    "95599": ("农业银行", "Agricultural Bank of China"),
    "95566": ("中国银行", "Bank of China"),
    "95533": ("建设银行", "China Construction Bank"),
    "95559": ("交通银行", "Bank of Communications"),
    "95555": ("招商银行", "China Merchants Bank"),
    "95558": ("中信银行", "China CITIC Bank"),
    "95568": ("民生银行", "China Minsheng Bank"),
    "95595": ("光大银行", "China Everbright Bank"),
    "95561": ("兴业银行", "Industrial Bank"),
    "95528": ("浦发银行", "SPD Bank"),
    "95580": ("邮储银行", "Postal Savings Bank of China"),
    "95511": ("平安", "Ping An"),
    "95519": ("中国人寿", "China Life"),
    "95518": ("中国人保", "PICC"),
    "95583": ("中国国际航空", "Air China"),
    "95530": ("东方航空", "China Eastern Airlines"),
    "95539": ("南方航空", "China Southern Airlines"),
}
# Service numbers by shape: 95xxx(xxx) national service lines, 96xxx(x) local service lines,
# 100xx carriers, 123xx government hotlines.
_SERVICE_SHAPE = re.compile(r"^(?:95\d{3}(?:\d{3})?|96\d{3,4}|100\d{2}|12\d{3}|11185|114)$")
_EXTENSION = re.compile(r"\s*(?:转|分机|ext\.?|extension|x|#)\s*(\d{1,6})\s*$", re.IGNORECASE)
_LETTERS = re.compile(r"[A-Za-z]")
_NANP_VANITY = re.compile(r"^\+?1?[\s\-.]*\(?[2-9]\d{2}\)?[\s\-.]*[0-9A-Za-z][0-9A-Za-z\s\-.]{5,9}$")

# What kind of call a number is: decides whether it is free and, for the operator, why it costs what it costs.
FREE = "free"  # the tariff's free list (emergency numbers) or a domestic 800 number
SERVICE = "service"  # a national service number: local rate
SHARED_COST = "shared_cost"  # 400: the caller pays the local rate
LOCAL = "local"
DOMESTIC = "domestic"  # mainland China outside the hotel's area, mobiles included
INTERNATIONAL = "international"  # Hong Kong, Macau and Taiwan included
NOTES = {
    SERVICE: N_("service number: local rate"),
    SHARED_COST: N_("400 numbers are paid by the caller, at the local rate"),
    FREE: N_("free number"),
}
TOLL_FREE_ABROAD_NOTE = N_("toll-free only inside its own country: from China this is an international call")


@dataclass(frozen=True)
class Dialled:
    """A number read by the hotel's plan."""

    text: str  # as typed, extension included
    number: object | None  # phonenumbers.PhoneNumber, None for a service or free short number
    e164: str  # '' for a short number
    national: str  # the digits dialled inside China (short numbers as they are)
    kind: str
    rate_digits: str  # what the tariff's zones are matched on (E.164 digits without '+')
    extension: str
    service_zh: str = ""
    service_en: str = ""
    note: str = ""  # N_() text: why it costs what it costs
    dial: str = ""  # what the operator dials on an outside line, prefix included

    @property
    def free(self) -> bool:
        return self.kind == FREE


def area_code() -> str:
    """The hotel's area code with its trunk 0, e.g. '021'."""
    return settings.get("area_code")


def split_extension(text: str) -> tuple[str, str]:
    """'021-6321 8888 转 123' -> ('021-6321 8888', '123')."""
    m = _EXTENSION.search(text)
    if m and any(c.isdigit() for c in text[:m.start()]):
        return text[:m.start()].strip(), m.group(1)
    return text, ""


def _impossible(raw: str) -> ValidationError:
    return ValidationError(N_("{number} is not a possible phone number."), number=raw[:40])


def _vanity(number_text: str, region: str, raw: str) -> str:
    """Letters to digits, only for a NANP number the guest says is American (or Canadian)."""
    if not _LETTERS.search(number_text):
        return number_text
    if region not in NANP_REGIONS or not _NANP_VANITY.match(number_text.strip()):
        raise ValidationError(N_("{number} has letters: they are read only in a US number such as "
                                 "1-800-FLOWERS when the guest says it is in the US."), number=raw[:40])
    import phonenumbers  # for speed, as in read()

    return phonenumbers.convert_alpha_characters_in_number(number_text)


def _dial(kind: str, national: str, number) -> str:
    prefix = settings.get("outside_line_prefix")
    if kind == INTERNATIONAL:
        body = f"00 {number.country_code} {number.national_number}"
    elif kind == LOCAL:
        body = national.removeprefix(area_code())
    else:
        body = national
    return f"{prefix} {body}".strip()


def read(text: str, free_numbers=(), free_prefixes=(), region: str = HOME_REGION) -> Dialled:
    """A number as the guest gives it, or a ValidationError saying why it cannot be dialled."""
    import phonenumbers  # for speed: the window starts without it; loaded with the first number read
    from phonenumbers import PhoneNumberType

    raw = (text or "").strip()
    if not raw:
        raise ValidationError(N_("Please give a phone number."))
    if len(raw) > 60:
        raise _impossible(raw)
    region = (region or HOME_REGION).upper()
    number_text, extension = split_extension(raw)
    number_text = _vanity(number_text, region, raw)
    international = number_text.lstrip().startswith(("+", "00"))
    digits = "".join(c for c in number_text if c.isdigit())
    if not digits:
        raise _impossible(raw)
    area = area_code()
    home_rate = "86" + area[1:]
    if not international and region == HOME_REGION:
        if digits in free_numbers:
            return Dialled(raw, None, "", digits, FREE, "", extension, note=NOTES[FREE], dial=_short_dial(digits))
        if _SERVICE_SHAPE.match(digits):
            zh, en = SERVICE_NAMES.get(digits, ("", ""))
            return Dialled(raw, None, "", digits, SERVICE, home_rate + digits, extension, zh, en, NOTES[SERVICE],
                           _short_dial(digits))
        if len(digits) in (7, 8) and digits[0] in "23456789":  # a local number: the hotel's area code is implied
            digits = area + digits
    if number_text.lstrip().startswith("00"):
        number_text = "+" + number_text.lstrip()[2:]
    try:
        number = phonenumbers.parse(number_text if international else digits, region)
    except phonenumbers.NumberParseException:
        raise _impossible(raw) from None
    if not phonenumbers.is_valid_number(number):
        raise _impossible(raw)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    kind_of_line = phonenumbers.number_type(number)
    if number.country_code != 86:
        note = TOLL_FREE_ABROAD_NOTE if kind_of_line == PhoneNumberType.TOLL_FREE else ""
        return Dialled(raw, number, e164, str(number.national_number), INTERNATIONAL, e164[1:], extension,
                       note=note, dial=_dial(INTERNATIONAL, "", number))
    national = "0" + str(number.national_number) if kind_of_line not in (
        PhoneNumberType.MOBILE, PhoneNumberType.TOLL_FREE, PhoneNumberType.SHARED_COST) else str(number.national_number)
    nsn = str(number.national_number)
    if kind_of_line == PhoneNumberType.SHARED_COST or nsn.startswith("400"):
        kind, rate_digits, note = SHARED_COST, home_rate + nsn, NOTES[SHARED_COST]
    elif kind_of_line == PhoneNumberType.TOLL_FREE or (nsn.startswith(tuple(free_prefixes)) and len(nsn) == 10):
        kind, rate_digits, note = FREE, "", NOTES[FREE]
    elif national.startswith(area):
        kind, rate_digits, note = LOCAL, e164[1:], ""
    else:
        kind, rate_digits, note = DOMESTIC, e164[1:], ""
    return Dialled(raw, number, e164, national, kind, rate_digits, extension, note=note,
                   dial=_dial(kind, national, number))


def _short_dial(digits: str) -> str:
    return f"{settings.get('outside_line_prefix')} {digits}".strip()
