"""Family and given names on every stay: filled by the surname rules, correctable, used to address the guest."""

from datetime import date

import pytest

from hotel_phone import names, people, stays
from hotel_phone.db import Stay
from hotel_phone.stays import StayInput


def check_in(session, room, **kw):
    return stays.check_in(session, StayInput(room=room, arrival=date(2026, 11, 28), departure=date(2026, 11, 30),
                                             **kw))


@pytest.mark.parametrize("name_zh, family, given, pinyin", [
    ("单杰", "单", "杰", "shàn jié"), ("曾洋", "曾", "洋", "zēng yáng"), ("欧阳修", "欧阳", "修", "ōu yáng xiū"),
    ("丁丽", "丁", "丽", "dīng lì"), ("司马光", "司马", "光", "sī mǎ guāng"),
])
def test_chinese_names_by_surname_rules(hotel, name_zh, family, given, pinyin):
    stay = check_in(hotel, "301", name_zh=name_zh, title="ms")
    assert (stay.family_name, stay.given_name, stay.pinyin) == (family, given, pinyin)
    assert people.address(stay, "zh_CN") == family + "女士"
    assert people.address(stay, "en") == "Ms " + names.surname_pinyin(family)


@pytest.mark.parametrize("name, name_zh, family, given", [
    ("Björn Schäfer", "", "Schäfer", "Björn"), ("Schäfer, Björn", "", "Schäfer", "Björn"),
    ("YAMADA Tarō", "", "Yamada", "Tarō"), ("Ding Li", "丁丽", "Ding", "Li"), ("Xiaoming Wang", "王小明", "Wang",
                                                                              "Xiaoming"),
])
def test_latin_names_by_the_usual_order(hotel, name, name_zh, family, given):
    stay = check_in(hotel, "302", name=name, name_zh=name_zh, title="mr")
    assert (stay.family_name, stay.given_name) == (family, given)
    assert people.address(stay, "en") == f"Mr {family}"


def test_the_operator_corrects_the_family_name(hotel):
    stay = check_in(hotel, "303", name="Tarō Yamada", title="mr")
    assert people.address(stay, "en") == "Mr Yamada"
    data = stays.get_input(stay.id)
    stays.update(hotel, stay.id, data.__class__(**{**data.__dict__, "family_name": "Tarō", "given_name": "Yamada"}))
    stay = Stay.get_by_id(stay.id)
    assert (stay.family_name, stay.given_name) == ("Tarō", "Yamada")
    assert people.address(stay, "en") == "Mr Tarō" and people.address(stay, "zh_CN") == "Tarō先生"


def test_ding_li_is_ms_ding_in_both_languages(hotel):
    stay = check_in(hotel, "304", name="Li Ding", name_zh="丁丽", title="ms")  # written given name first
    assert people.address(stay, "en") == "Ms Ding" and people.address(stay, "zh_CN") == "丁女士"


def test_an_older_database_gets_the_names_and_the_surname_readings(tmp_path):
    """Version 4 to 5: the new columns, filled for the stays already there, and the pinyin column corrected."""
    import sqlite3

    from hotel_phone import db

    path = tmp_path / "old.sqlite3"
    db.open_database(path)
    from hotel_phone import hotelsetup, rooms

    session = hotelsetup.set_up(hotelsetup.HotelSetup(
        name_zh="测试酒店", name_en="Test Hotel", rooms=tuple(rooms.parse_floor_spec("3x5")),
        admin_username="admin", admin_name="Admin", admin_password="secret123", language="en"))
    stay = check_in(session, "301", name_zh="单杰")
    db.close_database()
    conn = sqlite3.connect(path)  # as a version-4 database was: no names, the old pinyin
    conn.execute("UPDATE stay SET pinyin = 'dān jié'")
    conn.execute("ALTER TABLE stay DROP COLUMN family_name")
    conn.execute("ALTER TABLE stay DROP COLUMN given_name")
    conn.execute("ALTER TABLE message_slip DROP COLUMN wanted_name")
    conn.execute("UPDATE schema_version SET version = 4")  # whatever later migrations there are
    conn.commit()
    conn.close()
    db.open_database(path)
    stay = Stay.get_by_id(stay.id)
    assert (stay.family_name, stay.given_name, stay.pinyin) == ("单", "杰", "shàn jié")
    assert db._schema_version(db.database.obj) == db.SCHEMA_VERSION


def test_the_operator_corrects_the_names_in_the_guest_form(qtbot, demo):
    from PySide6.QtCore import Qt

    from tests.uihelpers import open_window, type_into, type_text

    window = open_window(qtbot)
    stays.check_in(window.session, StayInput(room="1210", name="Kenji Watanabe", title="mr", language="en",
                                             arrival=date(2026, 11, 28), departure=date(2026, 11, 30)))
    reg = window.guests
    reg.refresh()
    type_into(qtbot, reg.search, "kenji watanabe")
    qtbot.keyClick(reg.search, Qt.Key.Key_Down)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = reg.dialog
    assert dialog.family_name.placeholderText() == "Watanabe" and dialog.family_name.text() == ""
    type_text(qtbot, dialog.family_name, "Kenji")
    type_text(qtbot, dialog.given_name, "Watanabe")
    qtbot.keyClick(dialog.family_name, Qt.Key.Key_Return)
    stay = Stay.get(Stay.name == "Kenji Watanabe")
    assert (stay.family_name, stay.given_name) == ("Kenji", "Watanabe")
    assert people.address(stay, "en") == "Mr Kenji"  # as the operator corrected it
