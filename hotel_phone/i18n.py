"""Translations and locale-aware formatting.

One gettext domain serves widgets, printed documents and scripts. Catalogs are
the .po files in translations/, compiled to .mo at build time only: by setup.py
into a wheel, by tools/compile_catalogs.py in a source checkout (the tests run it).
"""

from __future__ import annotations

import gettext
import logging
from datetime import date, datetime, tzinfo
from functools import lru_cache
from threading import Lock
from typing import TYPE_CHECKING

from hotel_phone import paths

if TYPE_CHECKING:
    from babel import Locale

DOMAIN = "hotel_phone"
LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"
# Shown in a language menu: each name in its own language, never translated.
LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}

_cache: dict[str, gettext.NullTranslations] = {}
_lock = Lock()
_current = DEFAULT_LANGUAGE


def _load(lang: str) -> gettext.NullTranslations:
    """The compiled catalog (built with the wheel, or by tools/compile_catalogs.py in a checkout)."""
    mo = paths.compiled_locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if mo.exists():
        with mo.open("rb") as f:
            return gettext.GNUTranslations(f)
    if lang != "en":
        logging.getLogger("hotel_phone").warning(
            "no compiled catalog for %s at %s: run tools/compile_catalogs.py (English is shown)", lang, mo)
    return gettext.NullTranslations()


def translations(lang: str) -> gettext.NullTranslations:
    lang = normalize(lang)
    with _lock:
        if lang not in _cache:
            _cache[lang] = _load(lang)
        return _cache[lang]


def normalize(lang: str | None) -> str:
    if not lang:
        return DEFAULT_LANGUAGE
    lang = lang.replace("-", "_")
    if lang.lower().startswith("zh"):
        return "zh_CN"
    if lang.lower().startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def set_language(lang: str) -> None:
    global _current
    _current = normalize(lang)


def current_language() -> str:
    return _current


def _(message: str) -> str:
    """Translate into the operator's current language."""
    return translations(_current).gettext(message)


def N_(message: str) -> str:
    """Mark a module-level string for extraction; translate it where shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current).ngettext(singular, plural, n)


def gettext_in(lang: str, message: str) -> str:
    """Translate into a given language: the guest's or the caller's words."""
    return translations(lang).gettext(message)


# English as written in a Chinese hotel: day-month-year, 24-hour clock (en_GB), not US dates.
_FORMAT_LOCALES = {"zh_CN": "zh_Hans_CN", "en": "en_GB"}


def babel_locale(lang: str | None = None) -> Locale:
    return _locale(_FORMAT_LOCALES[normalize(lang or _current)])


@lru_cache(maxsize=8)
def _locale(name: str) -> Locale:
    from babel import Locale  # for speed: babel loads with the first date shown, after the sign-in is painted

    return Locale.parse(name)


def format_date(value: date, lang: str | None = None, format: str = "medium") -> str:
    from babel import dates as babel_dates  # for speed, as in _locale

    return babel_dates.format_date(value, format=format, locale=babel_locale(lang))


def format_time(value: datetime, tz: tzinfo, lang: str | None = None, format: str = "medium") -> str:
    from babel import dates as babel_dates  # for speed, as in _locale

    return babel_dates.format_time(value, format=format, tzinfo=tz, locale=babel_locale(lang))


def format_datetime(value: datetime, tz: tzinfo, lang: str | None = None, format: str = "medium") -> str:
    from babel import dates as babel_dates  # for speed, as in _locale

    return babel_dates.format_datetime(value, format=format, tzinfo=tz, locale=babel_locale(lang))
