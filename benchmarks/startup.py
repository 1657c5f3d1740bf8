"""Start to first paint, three rows side by side in one run, against a bare PySide6 window with one label.

Each run starts a fresh Python process; the time is from just before the
process is started to the first paint event of the measured widget:

- bare: a PySide6 window showing one label (the label's first paint);
- sign-in: the real `hotel-phone --demo` start path (`cli.main`, which starts
  `ui.app.run`) on the demo hotel's file, up to the first paint of the sign-in
  window's title: what an operator sees first at a real start;
- main window: the main window of an operator already signed in (the password
  check, which waits for the operator anyway, is not timed), made as the start
  makes it after Enter (`Start._signed_in`), up to the first paint of its first
  panel, in a fresh process: every module imported and the database opened
  on the way (at a real start these happen while the operator types);
- Enter: the real start as an operator meets it: the sign-in painted, the start's
  steps done while the operator types, then the operator's name and password
  and Enter; timed from the moment the password check returns (its ~0.4 s of
  scrypt is by design) to the first paint of the main window's first panel
  (the register), and, second figure, to the first paint of its table with
  the guests in it.

Our modules are compiled to bytecode first (`compileall`, as an installed copy
has them): this machine's Python runs with PYTHONDONTWRITEBYTECODE=1, so
otherwise every start would compile our sources again (~0.1 s), which the bare
window, made of already-compiled PySide6, never does.

The three kinds alternate, so all see the same machine load; medians are
reported with their ratio to the bare window, and beside it the median of each
round's own ratio (a run against the bare run just before it: less swayed when
the machine's load changes during the measurement).

    python benchmarks/startup.py [--runs 7] [--rooms 300] [--source-only]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Prints the seconds since T0 at the first paint of the widget it watches, then ends the process. It watches
# that one widget, never the whole application: an application-wide Python event filter hands every event
# to Python, which costs the app itself (PySide6 builds Qt's namespace enums for the first of some events).
PAINT = """
import os, sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

class FirstPaint(QObject):
    def __init__(self, target):
        super().__init__()
        self.target = target

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and self.target(obj):
            print(f"{time.time() - float(os.environ['T0']):.4f}", flush=True)
            os._exit(0)
        return False
"""

BARE = PAINT + """
from PySide6.QtWidgets import QLabel
app = QApplication(sys.argv)
label = QLabel("总机 Switchboard")
spy = FirstPaint(lambda obj: obj is label)  # kept: an unreferenced filter is collected
label.installEventFilter(spy)
label.show()
app.exec()
"""

# The real start: the QApplication is made here only to watch its paint events; app.run takes it as its own.
SIGNIN = PAINT + """
qapp = QApplication(sys.argv)
spy = FirstPaint(lambda obj: True)
from hotel_phone.ui import signin
built = signin.SignInDialog.__init__

def watched(self, *args, **kwargs):  # the sign-in as the app builds it; then its title is watched
    built(self, *args, **kwargs)
    self.title.installEventFilter(spy)

signin.SignInDialog.__init__ = watched
from hotel_phone import cli
cli.main(["--demo"])
raise SystemExit("the sign-in was never painted")
"""

# A start left running for two seconds after the sign-in shows, as an operator's: the station then knows this
# database (its name is remembered for the next sign-in) and has today's backup. Run once before measuring.
FIRST_START = """
import os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
qapp = QApplication(sys.argv)
QTimer.singleShot(2000, lambda: (print("0"), os._exit(0)))
from hotel_phone import cli
cli.main(["--demo"])
"""

MAIN = PAINT + """
from hotel_phone import drivers
drivers.skip_unused(os.environ["DB"])  # as the entry point does (cli.main)
from hotel_phone.ui import app as gui
qapp = QApplication(sys.argv)
from hotel_phone.ui.language import hub
hub().set_language("zh_CN")
gui.open_target(os.environ["DB"], demo=False)
from hotel_phone.db import Operator
from hotel_phone.session import Session
from hotel_phone.ui import main_window
from hotel_phone.ui.startup import Start
spy = FirstPaint(lambda obj: True)
shown = main_window.MainWindow.show

def show(self):  # the first panel's first paint is watched
    self.stack.currentWidget().installEventFilter(spy)
    shown(self)

main_window.MainWindow.show = show
start = Start(os.environ["DB"], False, gui.open_target)  # the window made as the start makes it after Enter
start.opened = True
start._signed_in(Session(Operator.get(Operator.username == "zhangli")))
qapp.exec()
"""

# The real start, an operator signing in once the start's steps have run (a second after the sign-in is
# painted, as a person types). Prints two times since the password check returned: the register painted, and
# its table painted with the guests in it.
ENTER = PAINT + """
from PySide6.QtCore import QTimer
qapp = QApplication(sys.argv)
from hotel_phone.ui import main_window, signin, startup
marks = {}
checked = signin._off_the_gui_thread

def timed_check(check):
    result = checked(check)
    marks["enter"] = time.perf_counter()
    return result

signin._off_the_gui_thread = timed_check

class Painted(QObject):
    def __init__(self, panel):
        super().__init__()
        self.panel = panel

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            now = time.perf_counter() - marks["enter"]
            marks.setdefault("painted", now)
            if obj is self.panel.table.viewport() and self.panel.model.rowCount() > 0:
                print(f"{marks['painted']:.4f} {now:.4f}", flush=True)
                os._exit(0)
        return False

shown = main_window.MainWindow.show

def show(self):
    panel = self.stack.currentWidget()
    self._bench_spy = Painted(panel)
    panel.installEventFilter(self._bench_spy)
    panel.table.viewport().installEventFilter(self._bench_spy)
    shown(self)

main_window.MainWindow.show = show
begun = startup.Start.begin

def begin(self):
    code = begun(self)

    def type_and_enter():
        if self.steps:  # still loading: the operator is still typing
            QTimer.singleShot(50, type_and_enter)
            return
        self.signin.user.setText("zhangli")
        self.signin.password.setText("demo1234")
        self.signin.accept()

    QTimer.singleShot(1000, type_and_enter)
    return code

startup.Start.begin = begin
from hotel_phone import cli
cli.main(["--demo"])
raise SystemExit("the main window was never painted")
"""

# Each panel's first open in a signed-in window (its module imported, built, refreshed), up to its first paint:
# the panels are built on first use, and that first use must still feel instant. One line of milliseconds.
PANELS = PAINT + """
from PySide6.QtCore import QTimer
from hotel_phone import drivers
drivers.skip_unused(os.environ["DB"])
from hotel_phone.ui import app as gui
qapp = QApplication(sys.argv)
from hotel_phone.ui.language import hub
hub().set_language("zh_CN")
gui.open_target(os.environ["DB"], demo=False)
from hotel_phone.db import Operator
from hotel_phone.session import Session
from hotel_phone.ui import main_window
window = main_window.MainWindow(Session(Operator.get(Operator.username == "zhangli")), demo=True)
window.show()
times, order = [], [i for i, spec in enumerate(main_window.PANELS) if spec.key != main_window.FIRST_PANEL]

class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            times.append(time.perf_counter() - self.t0)
            QTimer.singleShot(50, next_panel)
        return False

spy = Painted()

def next_panel():
    if not order:
        print(" ".join(f"{t:.4f}" for t in times), flush=True)
        os._exit(0)
    row = order.pop(0)
    spy.t0 = time.perf_counter()
    window.nav.setCurrentRow(row)  # as Alt+n does (the panel is built here the first time)
    window.stack.currentWidget().installEventFilter(spy)
    if window.session is None or window.stack.currentWidget().isHidden():
        raise SystemExit("panel not shown")

QTimer.singleShot(500, next_panel)
qapp.exec()
"""

KINDS = {"bare": BARE, "signin": SIGNIN, "main": MAIN, "enter": ENTER}
LABELS = {"bare": "bare PySide6 window, one label", "signin": "start -> sign-in first paint (hotel-phone --demo)",
          "main": "start -> main window, signed in", "enter": "Enter (password checked) -> main window painted",
          "enter_rows": "Enter (password checked) -> the register's rows painted"}


def run(code: str, env: dict) -> list[float]:
    env = dict(env, T0=repr(time.time()))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    if out.returncode != 0 or not out.stdout.strip():
        raise SystemExit(out.stderr[-2000:] or out.stdout[-2000:])
    return [float(x) for x in out.stdout.strip().splitlines()[-1].split()]


def compile_sources() -> None:
    """Our modules as an installed copy has them: compiled once (see the module's docstring)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "hotel_phone")], check=True)


def prepare(rooms: int, demo_file: str | None = None) -> dict:
    """A fresh data folder with the demo hotel where `hotel-phone --demo` finds it (built with `rooms` rooms, or a
    consistent copy of `demo_file`); the environment to run in."""
    folder = Path(tempfile.mkdtemp(prefix="hp-start-"))
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               HOTEL_PHONE_DATA_DIR=str(folder / "data"), HOTEL_PHONE_CONFIG_DIR=str(folder / "config"))
    env.pop("HOTEL_PHONE_LANG", None)
    db_path = folder / "data" / "demo-hotel.sqlite3"
    env["DB"] = str(db_path)
    if demo_file:
        db_path.parent.mkdir(parents=True)
        source, copy = sqlite3.connect(demo_file), sqlite3.connect(db_path)
        source.backup(copy)
        source.close(), copy.close()
    else:
        subprocess.run([sys.executable, "-m", "hotel_phone", "init", "--demo", "--rooms", str(rooms), "--db",
                        str(db_path)], env=env, check=True, capture_output=True)
    return env


def measure(runs: int, rooms: int = 300, kinds=("bare", "signin", "main", "enter"), demo_file: str | None = None,
            compiled: bool = True) -> dict[str, list[float]]:
    if compiled:
        compile_sources()
    env = prepare(rooms, demo_file)
    run(FIRST_START, env)
    for kind in kinds:  # warm the file cache (and make today's backup): every kind starts from the same state
        run(KINDS[kind], env)
    samples: dict[str, list[float]] = {kind: [] for kind in kinds}
    if "enter" in kinds:
        samples["enter_rows"] = []
    for _ in range(runs):
        for kind in kinds:
            values = run(KINDS[kind], env)
            samples[kind].append(values[0])
            if kind == "enter":
                samples["enter_rows"].append(values[1])
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rooms", type=int, default=300)
    parser.add_argument("--panels", action="store_true", help="also time each panel's first open")
    parser.add_argument("--source-only", action="store_true",
                        help="do not compile our modules first (as the script measured before 2026-11-29 18:30)")
    args = parser.parse_args()
    print(f"load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    samples = measure(args.runs, args.rooms, compiled=not args.source_only)
    bare = statistics.median(samples["bare"])
    for kind, values in samples.items():
        m = statistics.median(values)
        paired = statistics.median(x / b for x, b in zip(values, samples["bare"]))
        print(f"{LABELS[kind]:<52} median {m * 1000:5.0f} ms  {m / bare:5.2f}x  (paired {paired:4.2f}x)  "
              f"(runs: {', '.join(f'{x * 1000:.0f}' for x in values)})")
    if args.panels:
        sys.path.insert(0, str(ROOT))
        from hotel_phone.ui.main_window import FIRST_PANEL, PANELS as SPECS

        keys = [spec.key for spec in SPECS if spec.key != FIRST_PANEL]
        env = prepare(args.rooms)
        opens = [run(PANELS, env) for _ in range(args.runs)]
        print("first open of each panel, to its first paint (median of runs, ms): " + ", ".join(
            f"{key} {statistics.median(o[i] for o in opens) * 1000:.0f}" for i, key in enumerate(keys)))
        slowest = max(statistics.median(o[i] for o in opens) for i in range(len(keys)))
        print(f"slowest panel's first open: {slowest * 1000:.0f} ms")
    print(f"{args.runs} runs each, alternating, {args.rooms}-room demo, QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM', 'offscreen')}"
          f", {'sources only' if args.source_only else 'compiled'}; load average after: "
          f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
