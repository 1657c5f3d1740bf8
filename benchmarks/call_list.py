"""The operator's call list, refreshed every second: eight live calls (four on hold), per refresh.

    python benchmarks/call_list.py

Ours: calls.live_calls() (each call's state, hold and seconds waiting) shown in the CallList table.
Beside it: the same rows read with raw sqlite3 (one SELECT) and put in a bare QTableWidget.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _median_ms(fn, n: int = 300) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> dict:
    tmp = Path(tempfile.mkdtemp())
    os.environ["HOTEL_PHONE_DATA_DIR"] = str(tmp / "data")
    os.environ["HOTEL_PHONE_CONFIG_DIR"] = str(tmp / "config")
    from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem

    app = QApplication.instance() or QApplication([])
    from hotel_phone import auth, calls, db, demo
    from hotel_phone.ui.call_panel import CallList

    path = tmp / "demo.sqlite3"
    db.open_database(path)
    demo.build()
    session = auth.sign_in("anna", demo.DEMO_PASSWORD)
    for n in range(8):
        call = calls.start(session, "outside")
        calls.identify_caller(session, call.id, f"Caller {n}", "a booking")
        if n % 2:
            calls.hold(session, call.id)
    table = CallList()

    def ours() -> None:
        table.show_calls(calls.live_calls(), None)

    raw = sqlite3.connect(path)
    bare = QTableWidget(0, 5)

    def beside() -> None:
        rows = raw.execute("SELECT id, line, caller_name, wanted, state, started_at FROM screened_call "
                           "WHERE state != 'closed' ORDER BY started_at, id").fetchall()
        bare.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c in range(5):
                bare.setItem(r, c, QTableWidgetItem(str(row[c])))

    ours(), beside()
    result = {"ours_ms": _median_ms(ours), "beside_ms": _median_ms(beside)}
    result["ratio"] = result["ours_ms"] / result["beside_ms"]
    print(f"| call list refresh, 8 live calls     | {result['ours_ms']:8.2f} ms | "
          f"{result['beside_ms']:6.2f} ms (raw sqlite3 + bare table) | {result['ratio']:5.2f} | < 10 ms a second |")
    del app
    return result


if __name__ == "__main__":
    main()
