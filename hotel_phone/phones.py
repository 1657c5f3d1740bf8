"""Phone numbers as callers and guests give them, checked with phonenumbers."""

from __future__ import annotations

from dataclasses import dataclass

from hotel_phone import dialplan
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_

DEFAULT_REGION = "CN"


@dataclass(frozen=True)
class PhoneNumber:
    dialled: str  # as typed
    e164: str  # +8613800000001


def parse(text: str, region: str = DEFAULT_REGION) -> PhoneNumber:
    """A valid number, or a ValidationError saying it cannot be one."""
    raw = (text or "").strip()
    if not raw:
        raise ValidationError(N_("Please give a phone number."))
    if len(raw) > 40:
        raise ValidationError(N_("{number} is not a possible phone number."), number=raw[:40])
    cleaned = "+" + raw[2:] if raw.startswith("00") else raw
    digits = "".join(c for c in cleaned if c.isdigit())
    if region == DEFAULT_REGION and not cleaned.startswith("+") and len(digits) in (7, 8) and digits[0] in "23456789" \
            and digits == "".join(c for c in cleaned if not c.isspace() and c != "-"):
        # A caller's local number ("6321 8888") is in the hotel's area, as the dialling plan reads it.
        cleaned = dialplan.area_code() + digits
    import phonenumbers  # for speed: ~90 ms to load its metadata, not needed to start

    try:
        number = phonenumbers.parse(cleaned, region)
    except phonenumbers.NumberParseException:
        raise ValidationError(N_("{number} is not a possible phone number."), number=raw) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(N_("{number} is not a possible phone number."), number=raw)
    return PhoneNumber(raw, phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def parse_optional(text: str, region: str = DEFAULT_REGION) -> PhoneNumber | None:
    return parse(text, region) if (text or "").strip() else None
