"""One running hotel_phone per PC (per data folder): a second start raises the first.

Two windows on one station would ring every wake-up alert twice. The first
start holds a QLockFile in the data folder and listens on a QLocalServer; a
second start finds the lock taken, asks the first to come to the front, and
exits. QLockFile with a stale time of 0 treats a lock whose process is gone
(a crash, a kill -9) as free, so a crash never blocks the next start.

At start the lock is taken before anything is shown, and the first start begins
listening once its sign-in is painted (`listen`, from ui/startup.py): QtNetwork
and hashlib load then (~10 ms). A second start in that moment finds the lock
taken and nobody listening yet: it asks again every 50 ms until the first
answers (or ends, and the lock is free: then it is the first), for at most
ANSWER_WAIT seconds. A request that arrives before the first has a window on
screen is kept until one shows. Never two windows, never a silent exit.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QLockFile, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from hotel_phone import paths

log = logging.getLogger("hotel_phone")
RAISE = b"raise\n"
ANSWER_WAIT = 30.0  # seconds a second start waits for a first one still starting (a loaded PC, a slow disk)
RETRY = 0.05  # seconds between its requests


def _server_name() -> str:
    import hashlib  # for speed, as QtNetwork: needed once the sign-in is painted

    folder = str(paths.data_dir().resolve())
    return "hotel_phone-" + hashlib.sha256(folder.encode("utf-8")).hexdigest()[:16]


class SingleInstance(QObject):
    raise_requested = Signal()

    def __init__(self):
        super().__init__()
        self._lock = QLockFile(str(paths.data_dir() / "hotel_phone.lock"))
        self._lock.setStaleLockTime(0)
        self._server = None
        self.answered = False  # a second start: the running one took the request to come to the front

    def acquire(self, listen: bool = True, wait: float = ANSWER_WAIT) -> bool:
        """True for the first start on this PC; False for a second one, after asking the running one to
        show itself (`answered`), or after `wait` seconds without an answer (`answered` stays False).

        listen=False: the first start calls listen() itself later (after its first paint)."""
        if self._lock.tryLock(200):
            if listen:
                self.listen()
            return True
        deadline = time.monotonic() + wait
        while True:
            if self._ask_to_raise():
                self.answered = True
                return False
            if self._lock.tryLock(0):  # the running one ended meanwhile: this start is the running one now
                if listen:
                    self.listen()
                return True
            if time.monotonic() >= deadline:
                log.warning("single instance: the running start did not answer within %.0f s", wait)
                return False
            time.sleep(RETRY)  # the first is still starting: it listens once its sign-in is painted

    @staticmethod
    def _ask_to_raise() -> bool:
        from PySide6.QtNetwork import QLocalSocket  # for speed: only a second start talks to the first

        socket = QLocalSocket()
        socket.connectToServer(_server_name())
        if not socket.waitForConnected(1000):
            return False
        socket.write(RAISE)
        sent = socket.waitForBytesWritten(2000)
        socket.disconnectFromServer()
        return sent

    def listen(self) -> None:
        """Answer later starts' requests to come to the front (the lock is held already)."""
        from PySide6.QtNetwork import QLocalServer  # for speed: after the first paint at start

        if self._server is not None:
            return
        QLocalServer.removeServer(_server_name())  # a socket left behind by a crash
        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._on_connection)
        if not self._server.listen(_server_name()):
            log.warning("single instance: cannot listen: %s", self._server.errorString())
        log.info("single instance: this start is the running one")

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
        self._lock.unlock()

    def _on_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            # A method, not a lambda holding self: the socket's connection must not keep this object alive past
            # its owner (freed from inside the socket's own deleteLater, it crashed a test run once).
            socket.readyRead.connect(self._on_message)
            socket.disconnected.connect(socket.deleteLater)

    def _on_message(self) -> None:
        socket = self.sender()
        if socket is not None and bytes(socket.readAll()).startswith(RAISE.strip()):
            log.info("single instance: a second start asked this window to come to the front")
            self.raise_requested.emit()


def raise_windows(tries: int = 150) -> None:
    """Bring whatever the operator sees (sign-in, main window) to the front; while nothing is on screen yet
    (the start is between two windows), once something is: asked again every 200 ms, for up to 30 s."""
    shown = [widget for widget in QApplication.topLevelWidgets() if widget.isVisible()]
    if not shown:
        if tries > 0:
            QTimer.singleShot(200, lambda: raise_windows(tries - 1))
        else:
            log.warning("single instance: no window to bring to the front")
        return
    for widget in shown:
        if widget.isMinimized():
            widget.showNormal()
        widget.raise_()
        widget.activateWindow()
    log.info("single instance: brought to the front: %s", ", ".join(
        type(widget).__name__ for widget in shown))
