"""Front-desk PCs often have 1366×768 screens: every panel must fit, its buttons on screen, in both languages."""

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QPushButton

from hotel_phone.ui.language import hub
from hotel_phone.ui.main_window import PANELS
from tests.uihelpers import open_window

SCREEN_WIDTH, SCREEN_HEIGHT = 1366, 768
FRAME = 16  # the window manager's borders


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_every_panel_fits_a_1366_pixel_screen_with_its_buttons_showing(qtbot, demo, lang):
    window = open_window(qtbot, "wangfang")  # a supervisor sees the most buttons
    hub().set_language(lang)
    window.resize(SCREEN_WIDTH - FRAME, SCREEN_HEIGHT - 60)
    too_wide, off_screen = [], []
    for index, spec in enumerate(PANELS):
        window.nav.setCurrentRow(index)
        qtbot.wait(1)
        if window.minimumSizeHint().width() > SCREEN_WIDTH - FRAME:
            too_wide.append((spec.key, window.minimumSizeHint().width()))
        window.resize(SCREEN_WIDTH - FRAME, SCREEN_HEIGHT - 60)
        qtbot.wait(1)
        inside = QRect(QPoint(0, 0), window.size())
        for button in window.panel(spec.key).findChildren(QPushButton):
            if button.isVisibleTo(window) and button.text():
                where = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
                if not inside.contains(where):
                    off_screen.append((spec.key, button.text()))
    assert window.width() <= SCREEN_WIDTH - FRAME
    assert too_wide == [] and off_screen == []


def test_the_check_out_dialog_shows_its_warnings_whole(qtbot, demo):
    from hotel_phone.ui.stay_dialog import CheckOutDialog

    warnings = ["1 service case still open: Complaint No. 00001.", "Balance to settle at the cashier: CN¥123.00.",
                "1 message not yet delivered."]
    dialog = CheckOutDialog("Björn Schäfer", "220", lambda: warnings, lambda: None, lambda _r: None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    label = dialog.warnings
    assert label.height() >= label.heightForWidth(label.width())  # every line shown, none cut off
    assert label.width() >= 400
