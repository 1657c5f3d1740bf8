"""One running hotel_phone per PC (per data folder): a second start raises the first.

Two windows on one station would ring every wake-up alert twice. The first
start holds a QLockFile in the data folder and listens on a QLocalServer; a
second start finds the lock taken, asks the first to come to the front, and
exits. QLockFile with a stale time of 0 treats a lock whose process is gone
(a crash, a kill -9) as free, so a crash never blocks the next start.

At start the lock is taken before anything is shown, and the first start begins
listening once its sign-in is painted (`listen`, from ui/startup.py): QtNetwork
and hashlib load then (~10 ms). A second start in that moment finds the lock
taken and exits without raising the first.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtWidgets import QApplication

from hotel_phone import paths

log = logging.getLogger("hotel_phone")
RAISE = b"raise\n"


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

    def acquire(self, listen: bool = True) -> bool:
        """True for the first start on this PC; False after asking the running one to show itself.

        listen=False: the first start calls listen() itself later (after its first paint)."""
        if self._lock.tryLock(200):
            if listen:
                self.listen()
            return True
        from PySide6.QtNetwork import QLocalSocket  # for speed: only a second start talks to the first

        socket = QLocalSocket()
        socket.connectToServer(_server_name())
        if socket.waitForConnected(2000):
            socket.write(RAISE)
            socket.waitForBytesWritten(2000)
            socket.disconnectFromServer()
        return False

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
            socket.readyRead.connect(lambda s=socket: self._on_message(s))
            socket.disconnected.connect(socket.deleteLater)

    def _on_message(self, socket) -> None:
        if bytes(socket.readAll()).startswith(RAISE.strip()):
            log.info("single instance: a second start asked this window to come to the front")
            self.raise_requested.emit()


def raise_windows() -> None:
    """Bring whatever the operator sees (sign-in, main window) to the front."""
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            if widget.isMinimized():
                widget.showNormal()
            widget.raise_()
            widget.activateWindow()
