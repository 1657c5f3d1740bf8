"""The world clock panel: any city by name or pinyin, a country's zones, a number's range of times."""

import pytest
from PySide6.QtWidgets import QApplication

from hotel_phone import places
from hotel_phone.ui.language import hub
from tests.uihelpers import open_window, type_into


@pytest.fixture
def window(qtbot, demo):
    places.warm_up()
    return open_window(qtbot)


def test_a_mobile_shows_a_range_never_one_guessed_clock(qtbot, window):
    panel = window.worldclock
    window.nav.setCurrentRow(window.panels.index(panel))
    type_into(qtbot, panel.query, "+61 412 345 678")
    [row] = panel.found_model.rows
    cells = panel.found_model.cells(row)
    assert row.is_range and cells[1] == "10:00–13:00"  # 10:00 in Beijing: Perth to Sydney (summer time)
    assert cells[3] == "+0h … +3h" and cells[4].startswith("6 time zones")
    for lang, name in (("zh_CN", "澳大利亚"), ("en", "Australia")):
        hub().set_language(lang)
        QApplication.processEvents()
        assert panel.found_model.cells(row)[0] == name


def test_cities_by_pinyin_and_a_country_with_all_its_zones(qtbot, window):
    panel = window.worldclock
    window.nav.setCurrentRow(window.panels.index(panel))
    type_into(qtbot, panel.query, "wulumuqi")
    assert panel.found_model.rows[0].zone == "Asia/Urumqi"
    type_into(qtbot, panel.query, "Australia")
    assert len(panel.found_model.rows) >= 8 and "Australia: Perth" in [r.name_en for r in panel.found_model.rows]
