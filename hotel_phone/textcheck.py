"""Checks for text the operator types or a file brings in."""

from __future__ import annotations

import unicodedata

from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_, _


def clean(value, field: str, max_len: int, required: bool = False, multiline: bool = False) -> str:
    """Trim, refuse control characters and absurd lengths; `field` is an N_() label."""
    text = "" if value is None else str(value)
    text = unicodedata.normalize("NFC", text).strip()
    allowed = "\n\t" if multiline else ""
    if any(unicodedata.category(c) in ("Cc", "Cs", "Co") and c not in allowed for c in text):
        raise ValidationError(N_("{field} contains characters that cannot be used."), field=_(field))
    if len(text) > max_len:
        raise ValidationError(N_("{field} is too long (at most {n} characters)."), field=_(field), n=max_len)
    if required and not text:
        raise ValidationError(N_("{field} is required."), field=_(field))
    return text
