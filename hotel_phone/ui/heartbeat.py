"""The console's pulse, once a second: what other stations changed, alerts due, the server, backups, anchors.

The backup (a copy of the whole file) and the minute's audit anchor run on the
worker's thread pool, never on the GUI thread. The change check stays on the
GUI thread on purpose: on SQLite it is one PRAGMA on the window's own
connection (data_version counts only other connections' commits, so another
thread's connection would count our own writes); on PostgreSQL it only drains
what the listening thread collected, and says whether that thread's
connection to the server is up.

While the database server does not answer, the window's own once-a-second work
(counters, alerts: all reads) waits; the heartbeat goes on asking and says
when the server is back, so the window reloads what it shows. A station whose
database file was replaced under it (a restore from another process) stops.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from hotel_phone import anchors, backup, db
from hotel_phone.errors import DatabaseUnreachable
from hotel_phone.ui import worker

log = logging.getLogger("hotel_phone")
BACKUP_EVERY_TICKS = 3600  # hourly: a new day gets its backup while the app runs
ANCHOR_EVERY_TICKS = 60  # the audit chain's head leaves the database each minute it moved


class Backups(QObject):
    """This station's automatic backup, one at a time, whoever starts it: the start of the day (ui/startup.py)
    or the hour (the heartbeat). `finished` as soon as a backup and its check ended, well or not, so the status
    mark shows a failed check then, not an hour later."""

    finished = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.running = False

    def start(self) -> None:
        """Today's automatic backup, off the GUI thread; a second one is not started while one runs."""
        if self.running:
            return
        self.running = True
        worker.run(backup.daily, lambda _r: self._done(), self._done)

    def _done(self, exc: Exception | None = None) -> None:
        self.running = False
        if exc is not None:
            log.warning("automatic backup failed: %s", exc)
        self.finished.emit()


_backups: Backups | None = None


def backups() -> Backups:
    """The one runner of the application (made at the first backup, usually the start's)."""
    global _backups
    if _backups is None:
        _backups = Backups(QApplication.instance())
    return _backups


_current: Heartbeat | None = None  # the window's heartbeat (one window per process)


def while_typing(slot: Callable) -> Callable:
    """`slot` for a field that searches as the operator types: when the server is away, the status bar says
    so and the panel reloads once it is back; no box takes the keys being typed. (A button's action still
    says "nothing was saved" in a box.)"""
    takes = len(inspect.signature(slot).parameters)  # textChanged gives the text; a refresh() takes none

    def run(*args) -> None:
        try:
            slot(*args[:takes])
        except DatabaseUnreachable:
            if _current is None:
                raise
            _current.note_unreachable()

    return run


class Heartbeat(QObject):
    tick = Signal()  # every second, while the database answers
    changed_elsewhere = Signal()  # another station committed (only while someone is signed in)
    server_away = Signal(bool)  # True: the database server stopped answering; False: it answers again
    database_replaced = Signal()  # the database file was replaced under this station: it must stop
    backup_finished = Signal()  # an automatic backup (and its check) ended, well or not: the start's or hourly

    def __init__(self, ctx, parent: QObject | None = None, interval_ms: int = 1000):
        super().__init__(parent)
        self.ctx = ctx
        self.ticks = 0
        self.away = False
        self.replaced = False
        self.anchor_running = False
        self._unreachable = False  # a guarded slot met the server away during this beat
        global _current
        _current = self
        backups().finished.connect(self.backup_finished)  # the start's backup too, when it ends after this
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.beat)
        self.timer.start(interval_ms)

    def stop(self) -> None:
        self.timer.stop()

    def guarded(self, slot: Callable[[], None]) -> Callable[[], None]:
        """`slot` for tick or changed_elsewhere: when the server goes away in the middle of it, the status bar
        says so (through server_away) instead of an error reaching the operator."""
        def run(*_args) -> None:
            try:
                slot()
            except DatabaseUnreachable:
                self.note_unreachable()

        return run

    def note_unreachable(self) -> None:
        """A read outside the beat found the server away: mark it now; the beat says when it is back."""
        self._unreachable = True
        self._set_away(True)

    def beat(self) -> None:
        if self.replaced:
            return
        if db.replaced():
            self.replaced = True
            self.timer.stop()  # nothing more is started against a file set aside
            self.database_replaced.emit()
            return
        self.ticks += 1
        if self.ticks % BACKUP_EVERY_TICKS == 0:
            self.start_backup()
        self._unreachable = False
        try:
            changed = db.changed_elsewhere()  # on the server: also starts the listening connection
            away = db.server_connected() is False
        except DatabaseUnreachable:
            changed, away = False, True
        self._set_away(away)
        if away:
            return  # the window's reads wait for the server; the next beat asks again
        if self.ticks % ANCHOR_EVERY_TICKS == 0:
            self.write_anchor()
        if changed and self.ctx.session is not None:
            self.changed_elsewhere.emit()
        if not self._unreachable:
            self.tick.emit()

    def _set_away(self, away: bool) -> None:
        if away == self.away:
            return
        self.away = away
        if away:
            log.warning("database server unreachable")
        else:
            log.info("database server answers again")
        self.server_away.emit(away)

    def start_backup(self) -> None:
        """Today's automatic backup (the hourly one): the start's may still be running, then nothing new."""
        backups().start()

    def write_anchor(self) -> None:
        """The audit chain's head into the anchor file when it moved, off the GUI thread; one at a time."""
        if self.anchor_running:
            return
        self.anchor_running = True
        worker.run(lambda: anchors.write_if_moved("running"), lambda _r: self._anchor_done(),
                   lambda exc: self._anchor_done(exc))

    def _anchor_done(self, exc: Exception | None = None) -> None:
        self.anchor_running = False
        if exc is not None:
            log.warning("audit anchor not written: %s", exc)
