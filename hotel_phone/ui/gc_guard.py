"""Python's cyclic garbage collected on the GUI thread only.

The collector runs on whichever thread happens to allocate when a threshold is
crossed; with jobs on the worker's threads (imports, check-outs, PDFs) that can
be a pool thread, and a cycle holding a Qt object is then torn down off the GUI
thread: the suite once ended in a segfault exactly so ("Garbage-collecting" in
a worker job). Automatic collection is switched off and a timer on the GUI
thread collects whenever the thresholds are passed, as the collector would.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

_guard = None


class _GuiThreadCollector(QObject):
    def __init__(self, interval_ms: int):
        super().__init__()
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> None:
        g0, g1, g2 = gc.get_count()
        if g0 > self.threshold[0]:
            gc.collect(0)
            if g1 > self.threshold[1]:
                gc.collect(1)
                if g2 > self.threshold[2]:
                    gc.collect(2)


def install(interval_ms: int = 500) -> None:
    """Once per process, after the QApplication exists."""
    global _guard
    if _guard is None:
        _guard = _GuiThreadCollector(interval_ms)
