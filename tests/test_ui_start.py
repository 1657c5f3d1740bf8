"""The start: the sign-in is painted first, the rest loads while the operator types, and signing in works at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hotel_phone import db, demo as demo_hotel
from hotel_phone.ui.app import open_target
from hotel_phone.ui.language import hub
from hotel_phone.ui.startup import Start

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def demo_file(tmp_path):
    path = tmp_path / "data" / "demo-hotel.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    db.open_database(path)
    demo_hotel.build()
    db.close_database()
    return path


@pytest.fixture
def started(qtbot):
    made = []

    def start(path) -> Start:
        hub().set_language("en")
        s = Start(str(path), True, open_target)
        assert s.begin() is None
        made.append(s)  # closed below, not by qtbot: a sign-in closed at start ends the app (QApplication.exit)
        return s

    yield start
    for s in made:
        s._close_signin()
        if s.window is not None:
            s.window.close()
    QApplication.instance().setQuitOnLastWindowClosed(True)


def sign_in(qtbot, dialog, user="zhangli", password=demo_hotel.DEMO_PASSWORD):
    qtbot.keyClicks(dialog.user, user)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def test_first_start_opens_the_database_then_signs_in_to_the_first_panel(qtbot, started, demo_file):
    start = started(demo_file)
    assert start.opened and start.signin.isVisible()
    assert "Jinjiang" in start.signin.title.text()  # the name the database holds
    sign_in(qtbot, start.signin)
    qtbot.waitUntil(lambda: start.window is not None and start.window.isVisible())
    window = start.window
    assert window.session.operator.username == "zhangli"
    assert window.stack.currentWidget() is window.built["guests"]  # the register, the first panel
    assert set(window.built) <= {"guests", "handover"}  # the others are built on first use


def test_a_known_database_is_opened_after_the_sign_in_shows(qtbot, started, demo_file):
    first = started(demo_file)
    qtbot.waitUntil(lambda: not first.steps)  # a first start remembers the hotel once the steps ran
    first._close_signin()  # (reject() would end the app)
    db.close_database()

    start = started(demo_file)
    assert not start.opened and start.signin.isVisible()  # painted before the database is opened
    assert "Jinjiang" in start.signin.title.text() and start.signin.hint.isVisibleTo(start.signin)
    qtbot.waitUntil(lambda: not start.steps, timeout=10000)  # the steps run while the operator would type
    assert start.opened and db.database.obj is not None
    sign_in(qtbot, start.signin, "anna")
    qtbot.waitUntil(lambda: start.window is not None and start.window.isVisible())
    assert start.window.session.operator.username == "anna"
    assert start.window.stack.currentWidget() is start.window.built["guests"]


def test_enter_before_the_steps_ran_finishes_them_first(qtbot, started, demo_file):
    first = started(demo_file)
    qtbot.waitUntil(lambda: not first.steps)
    first._close_signin()  # (reject() would end the app)
    db.close_database()

    start = started(demo_file)
    start.timer.stop()  # the operator is faster than the event loop
    assert start.steps and not start.opened
    sign_in(qtbot, start.signin)
    assert not start.steps and start.opened
    qtbot.waitUntil(lambda: start.window is not None and start.window.isVisible())
    assert start.window.session.operator.username == "zhangli"


def test_a_wrong_password_is_said_and_nothing_opens(qtbot, started, demo_file):
    start = started(demo_file)
    sign_in(qtbot, start.signin, password="wrong-password")
    assert start.window is None and start.signin.isVisible()
    assert start.signin.message.text()
    assert start.signin.password.text() == ""


PROBE = r"""
import os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

class Spy(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj.objectName() == "signinTitle":
            print(" ".join(sorted(k for k, v in sys.modules.items() if v is not None)), flush=True)
            os._exit(0)
        return False

qapp = QApplication(sys.argv)
spy = Spy()
if sys.argv[1] == "measure":
    qapp.installEventFilter(spy)
else:  # a start left running a moment: the station then knows this database
    from PySide6.QtCore import QTimer
    QTimer.singleShot(1500, lambda: os._exit(0))
from hotel_phone import cli
cli.main(["--demo"])
"""


def test_the_real_start_paints_the_sign_in_before_loading_the_heavy_modules(demo_file, tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "HOTEL_PHONE_DATA_DIR": str(demo_file.parent), "HOTEL_PHONE_CONFIG_DIR": str(tmp_path / "config")}
    for kind in ("first", "measure"):
        done = subprocess.run([sys.executable, "-c", PROBE, kind], env=env, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
    loaded = set(done.stdout.split())
    assert "hotel_phone.ui.signin" in loaded
    heavy = {"peewee", "hotel_phone.db", "phonenumbers", "reportlab", "pypinyin", "hotel_phone.cases",
             "hotel_phone.longdistance", "hotel_phone.handover", "hotel_phone.ui.main_window", "psycopg", "babel",
             "PySide6.QtNetwork", "logging.handlers"}
    assert not {m for m in loaded if m in heavy or m.split(".")[0] in heavy}


def test_the_window_paints_its_register_first_then_counters_and_the_sign_in_follow_ups(qtbot, demo):
    """At start the frame and the register's rows come first; the counters, the clock and what follows a
    sign-in (missed wake-ups) in the turn after that paint — never before it, never left out."""
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from PySide6.QtCore import QEvent, QObject

    from hotel_phone import auth, clock, stays, wakeup
    from hotel_phone.ui.main_window import MainWindow

    room = next(r for r in stays.search("Björn Schäfer")).room
    wakeup.schedule(demo, [room], "06:30", first=date(2026, 11, 29))
    clock.get_clock().set(datetime(2026, 11, 29, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")))  # closed until 09:00
    hub().set_language("en")
    window = MainWindow(auth.sign_in("anna", demo_hotel.DEMO_PASSWORD), demo=True, paint_first=True)
    qtbot.addWidget(window)
    seen = {}

    class AtFirstPaint(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and not seen:
                seen.update(rows=window.guests.model.rowCount(), in_house=window.in_house_label.text(),
                            clock=window.clock_label.text(), loaded=window.loaded)
            return False

    spy = AtFirstPaint()
    window.guests.installEventFilter(spy)
    followed = []
    window.when_loaded(lambda: followed.append(window.loaded))
    window.when_loaded(window.after_sign_in)
    window.show()
    qtbot.waitUntil(lambda: window.loaded)
    assert seen == {"rows": seen["rows"], "in_house": "", "clock": "", "loaded": False} and seen["rows"] > 0
    assert followed == [True]
    assert window.in_house_label.text().startswith("In house:") and window.clock_label.text()
    assert "marked missed" in window.statusBar().currentMessage()
    window.when_loaded(lambda: followed.append("at once"))  # once loaded, at once
    assert followed == [True, "at once"]


WINDOW_PROBE = r"""
import os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from hotel_phone import drivers
drivers.skip_unused(sys.argv[1])
qapp = QApplication(sys.argv)
from hotel_phone.ui import app as gui
gui.open_target(sys.argv[1], demo=False)
from hotel_phone import auth
from hotel_phone.ui.main_window import MainWindow

class Spy(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(" ".join(sorted(k for k, v in sys.modules.items() if v is not None)), flush=True)
            os._exit(0)
        return False

window = MainWindow(auth.sign_in("zhangli", "demo1234"), demo=True, paint_first=True)
spy = Spy()
window.stack.currentWidget().installEventFilter(spy)
window.show()
qapp.exec()
"""


def test_the_main_windows_first_paint_loads_no_printing_or_documents(demo_file, tmp_path):
    """Printing, the PDF documents and the statistics load when first used, not for the register's first paint
    (the wake-up and case alert bars live in modules that print)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "HOTEL_PHONE_DATA_DIR": str(demo_file.parent), "HOTEL_PHONE_CONFIG_DIR": str(tmp_path / "config")}
    done = subprocess.run([sys.executable, "-c", WINDOW_PROBE, str(demo_file)], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = set(done.stdout.split())
    assert "hotel_phone.ui.main_window" in loaded and "hotel_phone.ui.guest_register" in loaded
    heavy = {"hotel_phone.ui.printing", "hotel_phone.ui.preview", "hotel_phone.documents", "hotel_phone.casestats",
             "reportlab", "PySide6.QtPrintSupport", "pypinyin", "phonenumbers"}
    assert not {m for m in loaded if m in heavy or m.split(".")[0] in heavy or m.rsplit(".", 1)[0] in heavy}
