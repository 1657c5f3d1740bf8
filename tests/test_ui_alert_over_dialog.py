"""A wake-up falls due while the operator has a question box open: the alert's buttons still answer."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog

from hotel_phone import clock, stays, wakeup
from hotel_phone.db import WakeUpCall
from hotel_phone.ui.common import ask_text
from tests.uihelpers import open_window

SH = ZoneInfo("Asia/Shanghai")


def test_an_open_question_box_does_not_block_the_wake_up_alert(qtbot, demo):
    window = open_window(qtbot)
    room = next(r for r in stays.search("Björn Schäfer")).room
    wakeup.schedule(window.session, [room], "06:30", first=date(2026, 11, 29))
    clock.get_clock().set(datetime(2026, 11, 29, 6, 30, tzinfo=SH))
    window.tick()
    bar = window.alert_bar
    assert bar.isVisible() and bar.buttons["answered"].isEnabled()
    seen = {}

    def while_the_box_is_open():
        box = QApplication.activeModalWidget()
        seen["box"] = box
        qtbot.mouseClick(bar.buttons["answered"], Qt.MouseButton.LeftButton)
        seen["status"] = WakeUpCall.get().status
        box.reject()

    QTimer.singleShot(200, while_the_box_is_open)
    panel = window.panel("wakeups")
    panel.rooms.setText(room)
    # Any question a panel asks (here: the reason for cancelling) is a box over the main window only.
    ask_text(panel, "Reason", "Reason")
    assert isinstance(seen["box"], QInputDialog)
    assert seen["box"].windowModality() == Qt.WindowModality.WindowModal  # the alert is a window of its own
    assert seen["status"] == "done"
