"""How long the window stops answering while a long write runs: on the GUI thread (as before) and on the worker.

The register panel imports a PMS export of in-house guests (--guests rows over
all the demo hotel's rooms) twice, on fresh copies of the same hotel: once
calling the core on the GUI thread as the panel did before, once through the
panel's import (on the worker). Meanwhile a 10 ms timer ticks; the longest gap
between two ticks is how long the window could not repaint or take a key.

    python benchmarks/frozen.py [--rooms 2000] [--guests 5000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def longest_gap(start, finished) -> tuple[float, float]:
    """Run `start()`, tick every 10 ms until `finished()`; (longest gap between ticks, total) in seconds."""
    from PySide6.QtCore import QEventLoop, QTimer

    ticks = [time.perf_counter()]
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(10)

    def tick() -> None:
        ticks.append(time.perf_counter())
        if finished():
            loop.quit()

    timer.timeout.connect(tick)
    timer.start()
    began = time.perf_counter()
    QTimer.singleShot(0, start)
    loop.exec()
    timer.stop()
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    return max(gaps), time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rooms", type=int, default=2000)
    parser.add_argument("--guests", type=int, default=5000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="hp-frozen-"))
    os.environ["HOTEL_PHONE_DATA_DIR"] = str(folder / "data")
    os.environ["HOTEL_PHONE_CONFIG_DIR"] = str(folder / "config")
    from PySide6.QtWidgets import QApplication

    from hotel_phone import db, demo, guest_import, hoteltime, stays
    from hotel_phone.session import Session
    from hotel_phone.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    built = folder / "built.sqlite3"
    db.open_database(built)
    demo.build(args.rooms)
    every = stays.all_rooms()
    today = hoteltime.today()
    csv = folder / "arrivals.csv"
    csv.write_text("room,name,arrival,departure\n" + "".join(
        f"{every[i % len(every)]},Guest {i:05d},{today},{today + timedelta(days=2)}\n" for i in range(args.guests)),
        encoding="utf-8")
    db.close_database()

    results = {}
    for how in ("GUI thread", "worker"):
        copy = folder / f"{how.replace(' ', '-')}.sqlite3"
        shutil.copyfile(built, copy)
        db.open_database(copy)
        window = MainWindow(Session(db.Operator.get(db.Operator.username == "zhangli")), demo=True)
        window.show()
        app.processEvents()
        panel = window.guests
        if how == "GUI thread":
            done = []
            gap, total = longest_gap(lambda: done.append(guest_import.import_guests(window.session, str(csv))),
                                     lambda: bool(done))
        else:
            gap, total = longest_gap(lambda: panel.import_csv(str(csv)), lambda: panel.buttons["import"].isEnabled())
        results[how] = (gap, total, stays.in_house_count())
        window.close()
        db.close_database()
    for how, (gap, total, in_house) in results.items():
        print(f"import of {args.guests} guests on the {how:<10}: window unanswering at most {gap * 1000:7.0f} ms "
              f"(import {total:.2f} s; {in_house} in house after)")
    gui, work = results["GUI thread"][0], results["worker"][0]
    print(f"longest stall, worker vs GUI thread: {work * 1000:.0f} ms vs {gui * 1000:.0f} ms ({gui / work:.0f}x shorter)")
    os._exit(0)


if __name__ == "__main__":
    main()
