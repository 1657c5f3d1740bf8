"""How people are named: display names, forms of address, and picking the zh or en form of a text.

The one place that knows how a guest's or a staff member's name is put
together, so a change to names (e.g. family and given names) lands here only.
A "person" is anything with `name` (Latin) and `name_zh` (characters), and for
guests `title`: a Stay, a StayRow, a Staff row.
"""

from __future__ import annotations

from hotel_phone import names
from hotel_phone.i18n import N_, gettext_in

TITLE_LABELS = {"": "", "mr": N_("Mr"), "ms": N_("Ms"), "mrs": N_("Mrs"), "dr": N_("Dr")}


def is_zh(lang: str | None) -> bool:
    return bool(lang) and lang.startswith("zh")


def pick(lang: str | None, zh: str, en: str) -> str:
    """The text for a reader of `lang`, falling back to the other language when that one is empty."""
    return (zh or en) if is_zh(lang) else (en or zh)


def short_name(person) -> str:
    """One name for a list or a slip: the characters if there are any, else the Latin name."""
    return person.name_zh or person.name


def display_name(person) -> str:
    """Both names where there are both: '张伟 (Zhang Wei)'."""
    if person.name_zh and person.name:
        return f"{person.name_zh} ({person.name})"
    return person.name_zh or person.name


def address(person, lang: str, untitled: str | None = None) -> str:
    """How the guest is addressed in `lang`: 'Mr Smith', '王先生', 'Smith先生'.

    Without a title a Chinese name is used whole, unless `untitled` is given
    (the wake-up's seed wording: 先生(或小姐), Sir (Madam)).
    """
    title_key = getattr(person, "title", "")
    title = gettext_in(lang, TITLE_LABELS.get(title_key, "")) if title_key else ""
    if is_zh(lang) and not title and untitled is None and person.name_zh:
        return person.name_zh
    # The family name in both languages: 丁丽 is 丁女士 and "Ms Ding", Yamada Tarō "Mr Yamada".
    surname = names.family_in(lang, getattr(person, "family_name", ""), person.name, person.name_zh)
    if is_zh(lang):
        return surname + (title or untitled or "")
    return f"{title or untitled or ''} {surname}".strip()
