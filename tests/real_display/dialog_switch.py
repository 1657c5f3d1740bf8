"""Run by tests/test_ui_real_display.py on an Xvfb display (QT_QPA_PLATFORM=xcb): real key presses (xdotool) into
a check-in opened in Chinese, then Ctrl+Shift+L pressed inside it. Not collected on its own (no test_ prefix)."""

import subprocess

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from hotel_phone import i18n
from tests.uihelpers import open_window


def _keys(*args: str) -> None:
    subprocess.run(["xdotool", *args], check=True)


def test_real_keys_switch_the_language_inside_an_open_check_in(qtbot, demo):
    window = open_window(qtbot, "wangfang")  # works in Chinese
    assert i18n.current_language() == "zh_CN"
    seen = {}

    def inside():
        dialog = QApplication.activeModalWidget()
        seen["chinese"] = (dialog.windowTitle(), dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).text())
        dialog.name.setFocus()
        _keys("type", "--delay", "20", "Wang Fang")
        _keys("key", "ctrl+shift+l")
        QTimer.singleShot(700, lambda: look(dialog))

    def look(dialog):
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        seen["english"] = (i18n.current_language(), dialog.windowTitle(), ok.text(), dialog.name.text())
        dialog.reject()

    QTimer.singleShot(700, inside)
    window.actions["guests.check_in"].trigger()  # the window's Ctrl+N: the check-in, window-modal
    qtbot.waitUntil(lambda: "english" in seen, timeout=10000)
    assert seen["chinese"] == ("登记入住", "登记入住")
    assert seen["english"] == ("en", "Check in", "Check in", "Wang Fang")
