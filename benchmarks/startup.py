"""Start to first paint: the switchboard's main window against a bare PySide6 window with one label.

Each run starts a fresh Python process; the time is from just before the
process is started to the first paint event of the window's content (the bare
window's label; the app's first panel). The app opens the demo hotel's file and
builds the main window for a signed-in operator (the password check, which
waits for the operator anyway, is not timed). App and bare runs alternate, so
both see the same machine load; medians are reported with their ratio.

    python benchmarks/startup.py [--runs 7] [--rooms 300]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PAINT = """
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

class FirstPaint(QObject):
    def __init__(self, target):
        super().__init__()
        self.target = target

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj is self.target():
            print(f"{time.time() - float(os.environ['T0']):.4f}", flush=True)
            QTimer.singleShot(0, QApplication.instance().quit)
        return False
"""

BARE = PAINT + """
from PySide6.QtWidgets import QLabel
app = QApplication(sys.argv)
label = QLabel("总机 Switchboard")
spy = FirstPaint(lambda: label)
app.installEventFilter(spy)
label.show()
app.exec()
"""

APP = PAINT + """
from hotel_phone import drivers
drivers.skip_unused(os.environ["DB"])  # as the entry point does (cli.main)
from hotel_phone.ui import app as gui
qapp = QApplication(sys.argv)
from hotel_phone.ui.language import hub
hub().set_language("zh_CN")
gui.open_target(os.environ["DB"], demo=False)
from hotel_phone.db import Operator
from hotel_phone.session import Session
from hotel_phone.ui.main_window import MainWindow
window = MainWindow(Session(Operator.get(Operator.username == "zhangli")), demo=True)
spy = FirstPaint(lambda: window.stack.currentWidget())
qapp.installEventFilter(spy)
window.show()
qapp.exec()
"""


def run(code: str, env: dict) -> float:
    env = dict(env, T0=repr(time.time()))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    if out.returncode != 0 or not out.stdout.strip():
        raise SystemExit(out.stderr[-2000:])
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rooms", type=int, default=300)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="hp-start-"))
    db_path = folder / "demo.sqlite3"
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               HOTEL_PHONE_DATA_DIR=str(folder / "data"), HOTEL_PHONE_CONFIG_DIR=str(folder / "config"),
               DB=str(db_path))
    subprocess.run([sys.executable, "-m", "hotel_phone", "init", "--demo", "--rooms", str(args.rooms), "--db",
                    str(db_path)], env=env, check=True, capture_output=True)
    run(BARE, env), run(APP, env)  # warm the file cache: both start from the same state
    bare, app = [], []
    for _ in range(args.runs):
        bare.append(run(BARE, env))
        app.append(run(APP, env))
    b, a = statistics.median(bare), statistics.median(app)
    print(f"bare PySide6 window, one label: median {b * 1000:.0f} ms  (runs: {', '.join(f'{x * 1000:.0f}' for x in bare)})")
    print(f"hotel_phone main window:       median {a * 1000:.0f} ms  (runs: {', '.join(f'{x * 1000:.0f}' for x in app)})")
    print(f"ratio {a / b:.2f}x  ({args.runs} runs each, alternating, {args.rooms}-room demo, "
          f"QT_QPA_PLATFORM={env['QT_QPA_PLATFORM']})")


if __name__ == "__main__":
    main()
