"""Digits a telephone dialled, as a PBX recorded them, to an E.164 number and the place it rings.

The mainland China dialling plan: 00 + country for abroad, 0 + area code for
long distance, 1[3-9] + 9 digits for mobiles, 5 to 8 digits for the local
area (the hotel's area code is its tariff's 'local' zone). Anything else is
not guessed at: the caller lists the call for the operator. Room phones
(the PBX's records) and staff extensions (the company's rules) read their
digits here, the same way.
"""

from __future__ import annotations

import re
from functools import lru_cache

from hotel_phone import places
# Imports inside functions: phonenumbers loads where a number is first placed (for speed).

_DIGITS = re.compile(r"^\+?[0-9]+$")


def to_e164(dialled: str, strip_prefix: str, area: str) -> tuple[str, str]:
    """(E.164 with '+', the national digits the free-number list is checked against); ('', digits) if unknown."""
    d = dialled.strip()
    if " " in d or "-" in d:
        d = d.replace(" ", "").replace("-", "")
    if strip_prefix and d.startswith(strip_prefix) and len(d) > len(strip_prefix) + 2:
        d = d[len(strip_prefix):]
    if not (d.isdigit() and d.isascii()) and not _DIGITS.match(d):  # the common case without the regex
        return "", d
    if d.startswith("+"):
        return d, d[1:]
    if d.startswith("00") and len(d) > 5:
        return "+" + d[2:], d[2:]
    if d.startswith("0") and 10 <= len(d) <= 12:
        return "+86" + d[1:], d
    if d.startswith("1") and len(d) == 11 and d[1] in "3456789":
        return "+86" + d, d
    if area and 5 <= len(d) <= 8 and d[0] != "0":
        return "+86" + area + d, d
    return "", d


def area_code(rater) -> str:
    """The hotel's area code, from its tariff's local zone (prefix 86 + area code)."""
    zone = next((z for z in rater.spec.zones if z.code == "local"), None)
    if zone is None or not zone.prefixes or not zone.prefixes[0].startswith("86"):
        return ""
    return zone.prefixes[0][2:]


@lru_cache(maxsize=20000)
def _place(prefix: str) -> tuple[str, str]:
    import phonenumbers

    try:
        number = phonenumbers.parse(prefix)
    except phonenumbers.NumberParseException:
        return "", ""
    return places.number_place(number)


def destination(e164: str) -> tuple[str, str]:
    """The place a number rings (Chinese, English); looked up once per number block, not per call."""
    if not e164:
        return "", ""
    # Mainland numbers: the area or the mobile block (+86 138 1234) names the place; the rest are subscribers.
    cut = 10 if e164.startswith("+861") else 8 if e164.startswith("+86") else 9
    return _place(e164[:cut] + "0" * (len(e164) - cut))
