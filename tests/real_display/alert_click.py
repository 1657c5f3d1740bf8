"""Run by tests/test_ui_real_display.py on an Xvfb display (QT_QPA_PLATFORM=xcb): a real mouse click
(xdotool) on the wake-up alert while a question box is open. Not collected on its own (no test_ prefix)."""

import subprocess
from datetime import date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtWidgets import QApplication

from hotel_phone import clock, stays, wakeup
from hotel_phone.db import WakeUpCall
from hotel_phone.ui.common import ask_text
from tests.uihelpers import open_window

SH = ZoneInfo("Asia/Shanghai")


def test_a_real_click_answers_the_alert_while_a_question_box_is_open(qtbot, demo):
    window = open_window(qtbot)
    room = next(r for r in stays.search("Björn Schäfer")).room
    wakeup.schedule(window.session, [room], "06:30", first=date(2026, 11, 29))
    clock.get_clock().set(datetime(2026, 11, 29, 6, 30, tzinfo=SH))
    window.tick()
    button = window.alert_bar.buttons["answered"]
    seen = {}

    def click():
        seen["box"] = QApplication.activeModalWidget()
        where = button.mapToGlobal(QPoint(button.width() // 2, button.height() // 2))
        subprocess.run(["xdotool", "mousemove", str(where.x()), str(where.y()), "click", "1"], check=True)
        QTimer.singleShot(500, finish)

    def finish():
        seen["status"] = WakeUpCall.get().status
        seen["box"].reject()

    QTimer.singleShot(500, click)
    ask_text(window.panel("wakeups"), "Reason", "Reason")  # as cancelling a wake-up asks
    assert seen["box"] is not None and seen["status"] == "done"
