"""What only a real X server shows: modality is enforced by the window system, not by QTest's events.

Starts its own Xvfb and runs tests/real_display/ there with Qt's xcb platform and xdotool's real clicks.
Skipped where Xvfb or xdotool is missing (.ci/run installs both)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def display():
    if not (shutil.which("Xvfb") and shutil.which("xdotool")):
        pytest.skip("needs Xvfb and xdotool")
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


def _run_on(display: str, script: str) -> None:
    """tests/real_display/SCRIPT run on the display, with Qt's xcb platform."""
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    env.pop("HOTEL_PHONE_TEST_PG", None)  # the window system is under test here, not the database
    out = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(ROOT),
                          str(ROOT / "tests" / "real_display" / script)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]


def test_a_question_box_does_not_block_the_wake_up_alert_on_a_real_display(display, tmp_path):
    _run_on(display, "alert_click.py")


def test_ctrl_shift_l_typed_on_a_real_keyboard_switches_an_open_check_in(display, tmp_path):
    _run_on(display, "dialog_switch.py")
