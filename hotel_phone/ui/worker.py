"""Slow work (PDFs, imports) off the GUI thread; the result comes back through a signal."""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger("hotel_phone")


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], object]):
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported to the widget, which shows a sentence
            log.exception("background job failed")
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


_running: set[_Job] = set()


def run(fn: Callable[[], object], on_done: Callable[[object], None],
        on_failed: Callable[[Exception], None]) -> _Job:
    """Run `fn` on the thread pool; `on_done`/`on_failed` run on the GUI thread."""
    job = _Job(fn)
    _running.add(job)
    job.signals.done.connect(lambda r: (_running.discard(job), on_done(r)))
    job.signals.failed.connect(lambda e: (_running.discard(job), on_failed(e)))
    job.setAutoDelete(False)
    QThreadPool.globalInstance().start(job)
    return job


def wait_all(msecs: int = 10000) -> bool:
    return QThreadPool.globalInstance().waitForDone(msecs)
