"""The console's pulse, once a second: what other stations changed, alerts due, and the daily backup.

The backup (a copy of the whole file) runs on the worker's thread pool, never
on the GUI thread. The change check stays on the GUI thread on purpose: on
SQLite it is one PRAGMA on the window's own connection (data_version counts
only other connections' commits, so another thread's connection would count
our own writes); on PostgreSQL it only drains what the listening thread
collected.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from hotel_phone import backup, db
from hotel_phone.ui import worker

log = logging.getLogger("hotel_phone")
BACKUP_EVERY_TICKS = 3600  # hourly: a new day gets its backup while the app runs


class Heartbeat(QObject):
    tick = Signal()  # every second
    changed_elsewhere = Signal()  # another station committed (only while someone is signed in)

    def __init__(self, ctx, parent: QObject | None = None, interval_ms: int = 1000):
        super().__init__(parent)
        self.ctx = ctx
        self.ticks = 0
        self.backup_running = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.beat)
        self.timer.start(interval_ms)

    def stop(self) -> None:
        self.timer.stop()

    def beat(self) -> None:
        self.ticks += 1
        if self.ticks % BACKUP_EVERY_TICKS == 0:
            self.start_backup()
        if self.ctx.session is not None and db.changed_elsewhere():
            self.changed_elsewhere.emit()
        self.tick.emit()

    def start_backup(self) -> None:
        """Today's automatic backup, off the GUI thread; a second one is not started while one runs."""
        if self.backup_running:
            return
        self.backup_running = True
        worker.run(backup.daily, lambda _r: self._backup_done(), lambda exc: self._backup_done(exc))

    def _backup_done(self, exc: Exception | None = None) -> None:
        self.backup_running = False
        if exc is not None:
            log.warning("automatic backup failed: %s", exc)
