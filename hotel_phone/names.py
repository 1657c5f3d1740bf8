"""Names as the operator types them: folding, pinyin, initials, search keys."""

from __future__ import annotations

import re
import unicodedata
# Imports inside functions: pypinyin's tables load where a Chinese name is first read (for speed).


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
    """Pinyin with tone marks, syllables spaced, the surname read as a surname: '单杰' -> 'shàn jié'."""
    from pypinyin import Style, lazy_pinyin  # ~0.3 s to load its tables: only when a name is saved

    han = _DROP.sub("", name_zh)
    family, given = split_chinese(han)
    if family in SURNAME_TONED:
        return " ".join([SURNAME_TONED[family]] + lazy_pinyin(given, style=Style.TONE, errors="ignore"))
    return " ".join(lazy_pinyin(name_zh, style=Style.TONE, errors="ignore"))


# Surnames read otherwise than the character usually is; pypinyin has no surname mode.
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "仇": "qiu", "区": "ou", "解": "xie", "查": "zha", "朴": "piao",
    "盖": "ge", "覃": "qin", "员": "yun", "乐": "yue", "缪": "miao", "秘": "bi", "翟": "zhai",
    "召": "shao", "繁": "po", "种": "chong", "折": "she", "尉": "yu", "万俟": "moqi", "尉迟": "yuchi",
}


# The same surnames with their tones, for the pinyin column (pypinyin reads 单 as dān, 曾 as céng).
SURNAME_TONED = {
    "单": "shàn", "曾": "zēng", "仇": "qiú", "区": "ōu", "解": "xiè", "查": "zhā", "朴": "piáo", "盖": "gě",
    "覃": "qín", "员": "yùn", "乐": "yuè", "缪": "miào", "秘": "bì", "翟": "zhái", "召": "shào", "繁": "pó",
    "种": "chóng", "折": "shé", "尉": "yù", "万俟": "mò qí", "尉迟": "yù chí",
}
# Two-character family names: 欧阳修 is 欧阳 + 修, not 欧 + 阳修.
COMPOUND_SURNAMES = frozenset((
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯",
    "轩辕", "令狐", "端木", "万俟", "澹台", "百里", "呼延", "南宫", "西门", "独孤", "申屠", "太史", "钟离",
    "闻人", "赫连", "东郭", "公冶", "濮阳", "淳于", "单于", "拓跋", "司空", "左丘", "谷梁", "第五",
))


def split_chinese(name_zh: str) -> tuple[str, str]:
    """(family, given) of a Chinese name by the surname rules: '欧阳修' -> ('欧阳', '修'), '丁丽' -> ('丁', '丽')."""
    han = _DROP.sub("", name_zh or "")
    if len(han) <= 1:
        return han, ""
    cut = 2 if han[:2] in COMPOUND_SURNAMES and len(han) > 2 else 1
    return han[:cut], han[cut:]


def surname_pinyin(family_zh: str) -> str:
    """A Chinese family name as written in Latin letters: 单 -> 'Shan', 欧阳 -> 'Ouyang'."""
    from pypinyin import Style, lazy_pinyin

    if family_zh in SURNAME_READINGS:
        plain = SURNAME_READINGS[family_zh]
    else:
        plain = "".join(lazy_pinyin(family_zh, style=Style.NORMAL, errors="ignore")).replace("v", "u")
    return plain.capitalize()


def split_latin(name: str, name_zh: str = "") -> tuple[str, str]:
    """(family, given) of a name in Latin letters, by the usual order.

    'Schäfer, Björn' (a comma), 'ZHANG Wei' (the family name in capitals, as on passports), and a
    Chinese guest's 'Ding Li' written family name first (known from the Chinese name) are read as such;
    otherwise the family name is the last word: 'Björn Schäfer' -> ('Schäfer', 'Björn')."""
    name = " ".join((name or "").split())
    if "," in name:
        family, _sep, given = name.partition(",")
        return family.strip(), given.strip()
    words = name.split(" ")
    if len(words) < 2:
        return name, ""
    capitals = [w for w in words if len(w) > 1 and w.isupper()]
    if len(capitals) == 1 and len(capitals) < len(words):
        rest = [w for w in words if w is not capitals[0]]
        return capitals[0].capitalize(), " ".join(rest)
    if name_zh:
        surname = fold(surname_pinyin(split_chinese(name_zh)[0]))
        if fold(words[0]) == surname:
            return words[0], " ".join(words[1:])
        if fold(words[-1]) == surname:
            return words[-1], " ".join(words[:-1])
    return words[-1], " ".join(words[:-1])


def split_name(name: str = "", name_zh: str = "") -> tuple[str, str]:
    """(family, given) for a stay: from the Latin name when there is one, else from the Chinese name."""
    if (name or "").strip():
        return split_latin(name, name_zh)
    return split_chinese(name_zh)


def family_in(lang: str, family: str, name: str = "", name_zh: str = "") -> str:
    """The family name to say in `lang`: 丁 for Chinese words, 'Ding' for English ones."""
    if lang == "zh_CN":
        if name_zh:
            return split_chinese(name_zh)[0]
        return family or split_latin(name)[0]
    if family and not has_han(family):
        return family
    if name and not has_han(name):
        return split_latin(name, name_zh)[0]
    return surname_pinyin(family or split_chinese(name_zh)[0])


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
