"""Names as the operator types them: folding, pinyin, initials, search keys."""

from __future__ import annotations

import re
import unicodedata


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_TONE_DIGIT = re.compile(r"(?<=[a-z\u00fc])[1-5]")
_DROP = re.compile(r"[\s\|·・\.\-'’,()]+")
SEPARATOR = "|"
MAX_QUERY = 100


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))


def fold(text: str) -> str:
    """Lower case, accents off, spaces and punctuation out: 'Müller-Lüdenscheidt' -> 'mullerludenscheidt'."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("ß", "ss").replace("ø", "o").replace("đ", "d").replace("ł", "l")
    return _DROP.sub("", text)


def to_pinyin(name_zh: str) -> str:
    """Pinyin with tone marks, syllables spaced, e.g. '王小明' -> 'wáng xiǎo míng'."""
    from pypinyin import Style, lazy_pinyin  # ~0.3 s to load its tables: only when a name is saved

    return " ".join(lazy_pinyin(name_zh, style=Style.TONE, errors="ignore"))


# Surnames read otherwise than the character usually is; pypinyin has no surname mode.
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "仇": "qiu", "区": "ou", "解": "xie", "查": "zha", "朴": "piao",
    "盖": "ge", "覃": "qin", "员": "yun", "乐": "yue", "缪": "miao", "秘": "bi", "翟": "zhai",
    "召": "shao", "繁": "po", "种": "chong", "折": "she", "尉": "yu", "万俟": "moqi", "尉迟": "yuchi",
}


def name_key(name: str = "", name_zh: str = "") -> list[str]:
    """The forms under which a person is found: each a folded string."""
    parts: list[str] = []
    if name:
        parts.append(fold(name))
        words = [fold(w) for w in re.split(r"[\s\-]+", name) if fold(w)]
        if len(words) > 1:
            parts.append("".join(w[0] for w in words))
            parts.append("".join(reversed(words)))  # family name first or last
    if name_zh:
        from pypinyin import Style, lazy_pinyin

        han = _DROP.sub("", name_zh)
        parts.append(han)
        syllables = lazy_pinyin(han, style=Style.NORMAL, errors="ignore")
        if syllables:
            parts.append("".join(syllables))
            if any("v" in s for s in syllables):  # 吕 is 'lv' to pypinyin, 'lu' to most people
                parts.append("".join(syllables).replace("v", "u"))
            parts.append("".join(s[0] for s in syllables))
            for surname in SURNAME_READINGS:
                if han.startswith(surname) and SURNAME_READINGS[surname] != "".join(syllables[:len(surname)]):
                    rest = syllables[len(surname):]
                    parts.append(SURNAME_READINGS[surname] + "".join(rest))
                    parts.append(SURNAME_READINGS[surname][0] + "".join(s[0] for s in rest))
    return [p for p in parts if p]


def search_key(*groups: list[str], extra: list[str] = ()) -> str:
    """Join the forms with a separator the query can never contain."""
    forms = [p for group in groups for p in group] + [fold(e) for e in extra if e]
    return SEPARATOR + SEPARATOR.join(dict.fromkeys(forms)) + SEPARATOR


def fold_query(text: str) -> str:
    """What the operator typed, in the same folded form as the keys.

    Tone marks and tone digits go ('wang2 xiao3' and 'wáng xiǎo' find 王小明);
    a query of digits alone stays as typed (room numbers).
    """
    # Nobody types 100 characters to find a name; SQLite refuses LIKE patterns past 50,000 bytes.
    # Control characters are never part of a name (and a database server refuses NUL in text).
    text = "".join(ch for ch in text[:400] if unicodedata.category(ch) != "Cc")
    folded = fold(text)[:MAX_QUERY]
    if folded.isdigit():
        return folded
    folded = _TONE_DIGIT.sub("", folded)
    return folded.replace(SEPARATOR, "")


def to_pinyin_plain(name_zh: str) -> str:
    """A Chinese name as an English speaker says it: 'Zhang Wei' (family name read as a surname, no tones)."""
    from pypinyin import Style, lazy_pinyin

    han = _DROP.sub("", name_zh)
    surname = next((s for s in sorted(SURNAME_READINGS, key=len, reverse=True) if han.startswith(s)), "")
    family = SURNAME_READINGS[surname] if surname else "".join(lazy_pinyin(han[:1], style=Style.NORMAL))
    given = "".join(lazy_pinyin(han[len(surname) or 1:], style=Style.NORMAL, errors="ignore"))
    return " ".join(p.capitalize() for p in (family, given) if p)
