"""Every string the program can show has its zh_CN translation, placeholders intact."""

import re
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{[^}]*\}")


def catalog(lang):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "hotel_phone.po", "rb") as f:
        return read_po(f, locale=lang)


def source_messages():
    keywords = dict(DEFAULT_KEYWORDS, N_=None, gettext_in=(2,))
    found = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
            ROOT / "hotel_phone", method_map=[("**.py", "python")], keywords=keywords):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_source_string_is_translated_to_chinese():
    zh = catalog("zh_CN")
    missing = sorted(m for m in source_messages() if not (zh.get(m) and zh.get(m).string))
    assert not missing, f"add these to the catalogs (tools/update_catalogs.sh) and translate them: {missing}"


def test_no_entry_lacks_its_translation_or_is_fuzzy():
    bad = [m.id for m in catalog("zh_CN") if m.id and (not m.string or m.fuzzy)]
    assert not bad


def test_placeholders_survive_translation():
    for m in catalog("zh_CN"):
        if m.id and isinstance(m.id, str):
            assert sorted(PLACEHOLDER.findall(m.id)) == sorted(PLACEHOLDER.findall(m.string)), m.id


def test_runtime_translation_and_guest_language():
    from hotel_phone import i18n, money

    assert i18n.gettext_in("zh_CN", "Mr") == "先生" and i18n.gettext_in("en", "Mr") == "Mr"
    i18n.set_language("zh_CN")
    assert i18n._("Check out") == "退房"
    assert money.format(4320, "CNY", "zh_CN") == "¥43.20"
    assert money.format(4320, "CNY", "en") == "CN¥43.20"
