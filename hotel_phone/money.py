"""Money: integer minor units (fen for CNY) with a currency code, parsed from the desk and shown through babel.

Rounding rule: amounts are exact in minor units; an amount typed with more
decimals than the currency has is refused, never rounded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from babel import numbers as babel_numbers

from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_, babel_locale


_PLAIN = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,6})?")
LIMIT = Decimal(10) ** 12  # no amount at a switchboard comes near; beyond it a typing error, not money


def precision(currency: str) -> int:
    return babel_numbers.get_currency_precision(currency)


def parse(text: str, currency: str = "CNY") -> int:
    """'12.50' or '¥12' -> 1250 (minor units of `currency`); anything else is refused."""
    raw = (text or "").strip().replace(",", "").lstrip("¥￥$").strip()
    if not _PLAIN.fullmatch(raw):  # Decimal would take 1E5, NaN, Infinity, 1_000 and full-width digits
        raise ValidationError(N_("{value!r} is not an amount (write e.g. 12.50)."), value=str(text)[:40])
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError(N_("{value!r} is not an amount (write e.g. 12.50)."), value=text) from None
    digits = precision(currency)
    try:
        exact = value.is_finite() and abs(value) < LIMIT and value == value.quantize(Decimal(1).scaleb(-digits))
    except InvalidOperation:  # more digits than a Decimal context holds
        exact = False
    if not exact:
        raise ValidationError(N_("{value!r} is not an amount (write e.g. 12.50)."), value=text)
    return int(value.scaleb(digits))


def format(minor: int, currency: str = "CNY", lang: str | None = None) -> str:
    """An amount for the reader: '¥12.50' / 'CN¥12.50' in the reader's locale."""
    amount = Decimal(minor).scaleb(-precision(currency))
    return babel_numbers.format_currency(amount, currency, locale=babel_locale(lang))


def one_currency(currencies: Iterable[str]) -> str | None:
    """The single currency of a set of amounts (None when empty); mixed currencies are refused."""
    found = set(currencies)
    if len(found) > 1:
        raise ValidationError(N_("Amounts in different currencies cannot be added up: {currencies}."),
                              currencies=", ".join(sorted(found)))
    return next(iter(found), None)
