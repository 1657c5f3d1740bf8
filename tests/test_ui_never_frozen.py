"""No core call made from a panel runs on the GUI thread for more than 50 ms, with the 2,000-room demo.

Every function of every core module is wrapped with a timer for the test; the
operator then works through every panel with the keyboard. The timer is the
calling thread's CPU time (time.thread_time): what the GUI thread itself
spends in the call, not how long a loaded test machine took to schedule it.
Calls made on worker threads (PDFs, imports) are not counted: they cannot
freeze the window.
"""

import functools
import importlib
import inspect
import pkgutil
import threading
import time

import pytest
from PySide6.QtCore import Qt

import hotel_phone
from hotel_phone import db
from tests.uihelpers import open_window, type_into

LIMIT_MS = 50
CORE = [m.name for m in pkgutil.walk_packages(hotel_phone.__path__, "hotel_phone.")
        if not m.name.startswith("hotel_phone.ui") and m.name not in ("hotel_phone.__main__", "hotel_phone.cli")]


@pytest.fixture
def big_demo(database, backend):
    if backend == "pg":
        pytest.skip("the 2,000-room demo is built on SQLite")
    from hotel_phone import demo

    return demo.build(room_count=2000)


@pytest.fixture
def timed(monkeypatch):
    """(module.function, CPU ms) of every outermost core call made on the GUI thread."""
    seen: list[tuple[str, float]] = []
    depth = threading.local()
    gui = threading.main_thread()

    def wrap(name, fn):
        @functools.wraps(fn)
        def timed_call(*args, **kwargs):
            if threading.current_thread() is not gui or getattr(depth, "n", 0):
                return fn(*args, **kwargs)
            depth.n = 1
            start = time.thread_time()
            try:
                return fn(*args, **kwargs)
            finally:
                depth.n = 0
                seen.append((name, (time.thread_time() - start) * 1000))
        return timed_call

    for module_name in CORE:
        module = importlib.import_module(module_name)
        for attr, fn in list(vars(module).items()):
            if inspect.isfunction(fn) and fn.__module__ == module_name and not attr.startswith("__"):
                monkeypatch.setattr(module, attr, wrap(f"{module_name}.{attr}", fn))
    return seen


def test_no_core_call_from_a_panel_freezes_the_window(qtbot, big_demo, timed):
    window = open_window(qtbot, "anna", "demo1234")
    timed.clear()  # signing in and building the first panel happen before the window is there
    for row in range(window.nav.count()):  # every panel shown: each refreshes from the core
        window.nav.setCurrentRow(row)
        qtbot.wait(1)
    guests = window.guests
    window.nav.setCurrentRow(window.panels.index(guests))
    for query in ("zh", "zhang", "3", "305", "muller", "w"):
        type_into(qtbot, guests.search, query)
    qtbot.keyClick(guests.search, Qt.Key.Key_Down)
    window.heartbeat.beat()
    window.update_counters()
    folio = window.folio
    window.nav.setCurrentRow(window.panels.index(folio))
    type_into(qtbot, folio.query, "30")
    assert timed, "no core call was timed"
    slow = sorted(((ms, name) for name, ms in timed if ms > LIMIT_MS), reverse=True)
    worst = max(timed, key=lambda t: t[1])
    print(f"{len(timed)} core calls on the GUI thread; the slowest {worst[0]} took {worst[1]:.1f} ms of CPU")
    assert slow == [], slow[:5]
    assert db.database.obj is not None
