"""Slow work (imports, check-outs, big folios, PDFs, backups) off the GUI thread; the result comes back
through a signal.

peewee keeps a connection per thread: a job on a pool thread gets its own
connection to the open database at its first query (on SQLite with the same
pragmas; on PostgreSQL a new session) and it is closed when the job ends, so
the GUI thread's connection and transactions are never shared.
"""

from __future__ import annotations

import logging
from typing import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRunnable, QThreadPool, Signal

from hotel_phone import db

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
            result = _on_own_connection(self.fn)
        except Exception as exc:  # reported to the widget, which shows a sentence
            log.exception("background job failed")
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


def _on_own_connection(fn: Callable[[], object]) -> object:
    """`fn` on this thread's own connection, closed afterwards. peewee opens it at the job's first query
    (a PDF or a print job that reads nothing opens none: no round trip to a server for it)."""
    database = db.database.obj
    try:
        return fn()
    finally:
        if database is not None and not database.is_closed():
            database.close()


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


def run_guarded(fn: Callable[[], object], on_done: Callable[[object], None],
                on_failed: Callable[[Exception], None], controls=(), busy=None, *,
                rules: Callable[[], None] | None) -> _Job:
    """As run(), with `controls` held disabled and the `busy` bar shown until the result is back; then the
    panel's `rules` decide them again for whoever is signed in by then (see `release`)."""
    hold(controls)
    if busy is not None:
        busy.show()

    def finish() -> None:
        release(controls, rules)
        if busy is not None and shiboken6.isValid(busy):
            busy.hide()

    return run(fn, lambda r: (finish(), on_done(r)), lambda e: (finish(), on_failed(e)))


# -- controls lent to a job ------------------------------------------------------------------------------
# A job may outlive the operator who started it (a sign-out, a shift change, the lock and someone else's
# sign-in). So nothing is restored from a snapshot taken when it began: while a control is held its panel's
# rules may run (a sign-in re-applies them) but cannot enable it, and when the last job holding it ends it is
# enabled and the panel's rules run again for the session of that moment, disabling what they forbid.

_HOLDS = "hotelPhoneJobHolds"  # a dynamic property on the widget: how many running jobs hold it


class _KeepDisabled(QObject):
    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.EnabledChange and obj.isEnabled() and (obj.property(_HOLDS) or 0) > 0:
            obj.setEnabled(False)  # a rule said yes during the job: the job still has it
        return False


_keep_disabled: _KeepDisabled | None = None


def hold(controls) -> None:
    """Disable `controls` for a job, whatever their panel's rules say until `release`."""
    global _keep_disabled
    if _keep_disabled is None:
        _keep_disabled = _KeepDisabled()
    for c in controls:
        holds = c.property(_HOLDS) or 0
        c.setProperty(_HOLDS, holds + 1)
        if not holds:
            c.installEventFilter(_keep_disabled)
        c.setEnabled(False)


def release(controls, rules: Callable[[], None] | None) -> None:
    """The job is over: each control no job holds any more is enabled, then `rules` (the panel's own, the code
    a sign-in runs) disable what the current operator may not do or the panel's state does not allow.
    `rules` None: the controls have no rule but the job's (a dialog's OK, a Print button)."""
    for c in controls:
        if not shiboken6.isValid(c):
            continue  # its window closed meanwhile
        holds = max(0, (c.property(_HOLDS) or 0) - 1)
        c.setProperty(_HOLDS, holds)
        if not holds:
            c.removeEventFilter(_keep_disabled)
            c.setEnabled(True)
    if rules is not None:
        rules()


def held(control) -> bool:
    return (control.property(_HOLDS) or 0) > 0


def wait_for(fn: Callable[[], object]) -> object:
    """`fn` on the thread pool while the GUI goes on (alerts, the clock, repaints); its result, or its
    refusal raised here. For a short wait the caller cannot go on without: a password's check (scrypt
    takes ~0.4 s on purpose), during which a wake-up alert must still ring and answer."""
    from PySide6.QtCore import QEventLoop

    from hotel_phone.errors import DomainError

    def attempt():
        try:
            return True, fn()
        except DomainError as exc:  # a refusal is an answer, not a failure of the job: nothing to log
            return False, exc

    loop = QEventLoop()
    out: dict = {}
    run(attempt, lambda r: (out.setdefault("answer", r), loop.quit()),
        lambda e: (out.setdefault("error", e), loop.quit()))
    if not out:
        loop.exec()
    if "error" in out:
        raise out["error"]
    ok, value = out["answer"]
    if not ok:
        raise value
    return value


def wait_all(msecs: int = 10000) -> bool:
    return QThreadPool.globalInstance().waitForDone(msecs)
