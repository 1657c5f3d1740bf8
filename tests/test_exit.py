"""Quitting never crashes: the app is started and quit (Ctrl+Q) in fresh processes, each must end cleanly."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from hotel_phone import auth, demo, db
from hotel_phone.ui import app as app_module
from hotel_phone.ui.main_window import MainWindow
qapp = QApplication([])
db.open_database(sys.argv[1])
window = MainWindow(auth.sign_in("anna", demo.DEMO_PASSWORD), demo=True)
window.show()
window.call.new_call("outside")
window.call.act("end")
QTimer.singleShot(300, window.actions["app.quit"].trigger)  # Ctrl+Q: no call open, so no question
app_module.leave(qapp.exec())
"""


def test_quits_end_cleanly(tmp_path):
    from hotel_phone import db, demo

    path = tmp_path / "demo.sqlite3"
    db.open_database(path)
    demo.build()
    db.close_database()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    quits = int(os.environ.get("HOTEL_PHONE_QUITS", "5"))  # benchmarks/quit_20.sh runs 20
    for n in range(quits):
        done = subprocess.run([sys.executable, "-c", SCRIPT, str(path)], env=env, capture_output=True, text=True, check=False,
                              timeout=120)
        assert done.returncode == 0 and "Fatal Python error" not in done.stderr, (n, done.stderr[-2000:])
