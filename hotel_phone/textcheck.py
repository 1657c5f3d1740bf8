"""Checks for text the operator types or a file brings in, and for text written out to CSV."""

from __future__ import annotations

import csv
import re
import unicodedata

from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_, _

# Invisible characters that are not format characters (Cf) but show as nothing: Hangul fillers, the combining
# grapheme joiner, the braille blank.
_INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u034f\u2800")


def strip_invisible(text: str) -> str:
    """Remove zero-width spaces and joiners, bidi controls (U+202E...), soft hyphens, BOMs and other
    invisible format characters: two names that look the same must be the same text."""
    return "".join(c for c in text if unicodedata.category(c) != "Cf" and c not in _INVISIBLE)


def clean(value, field: str, max_len: int, required: bool = False, multiline: bool = False) -> str:
    """Normalise (NFC, invisible characters removed), trim, refuse control characters and absurd lengths;
    `field` is an N_() label. A required text that is blank once the invisible characters are gone is refused."""
    text = "" if value is None else str(value)
    if len(text) > max_len * 4 + 100:  # refuse a huge paste before working on it
        raise ValidationError(N_("{field} is too long (at most {n} characters)."), field=_(field), n=max_len)
    text = unicodedata.normalize("NFC", strip_invisible(text)).strip()
    allowed = "\n\t" if multiline else ""
    if any(unicodedata.category(c) in ("Cc", "Cs", "Co") and c not in allowed for c in text):
        raise ValidationError(N_("{field} contains characters that cannot be used."), field=_(field))
    if len(text) > max_len:
        raise ValidationError(N_("{field} is too long (at most {n} characters)."), field=_(field), n=max_len)
    if required and not text:
        raise ValidationError(N_("{field} is required."), field=_(field))
    return text


_FORMULA = "=+-@\t\r"
_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?")


def csv_cell(value):
    """OWASP's rule against formula injection: a text cell that begins with = + - @ tab or CR gets a leading
    apostrophe, so a spreadsheet shows it instead of running it (plain numbers are left as they are)."""
    if isinstance(value, str) and value and value[0] in _FORMULA and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer whose every cell goes through csv_cell: the one way the app writes CSV."""

    def __init__(self, out, **kwargs):
        self._w = csv.writer(out, **kwargs)

    def writerow(self, row) -> None:
        self._w.writerow([csv_cell(v) for v in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)
