"""When something unexpected happens: the log gets the details, the operator a plain dialog.

sys.excepthook and Qt's own messages go to the station's log (applog). The
dialog says, in the operator's language, what was being done, where the log is,
and that nothing was saved half-way: every change of state is one transaction,
so an error before its commit leaves the database as it was.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from hotel_phone import applog
from hotel_phone.errors import DomainError
from hotel_phone.i18n import N_, _

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
_qt_log = logging.getLogger("hotel_phone.qt")
log = logging.getLogger("hotel_phone")
_dialogs: list[QMessageBox] = []  # kept alive while shown


def install(qt_messages: bool = True) -> None:
    """Route unhandled exceptions and Qt's messages to the log and the crash dialog.

    At start Qt's messages are routed after the sign-in is painted (ui/startup.py): the first message
    handed to Python makes PySide6 build all of QtCore's enums (~25 ms); until then Qt prints them."""
    sys.excepthook = excepthook
    if qt_messages:
        route_qt_messages()


def route_qt_messages() -> None:
    """Qt's messages to the log; the log file is set up here too if the start has not yet done it."""
    applog.setup()
    qInstallMessageHandler(_qt_message)


def _qt_message(mode, _context, message: str) -> None:
    _qt_log.log(_QT_LEVELS.get(mode, logging.WARNING), "%s", message)


def excepthook(exc_type, exc, tb) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if isinstance(exc, DomainError):  # a refusal that escaped a panel: its own words, not a crash
        log.info("refused: %s", exc_type.__name__)
        if QApplication.instance() is not None:
            from hotel_phone.ui.questions import Box  # (loaded when first needed: not on the start's path)

            _show(Box(QMessageBox.Icon.Warning, lambda: "hotel_phone", exc.message, QApplication.activeWindow(),
                      QMessageBox.StandardButton.Ok))
        return
    applog.setup()  # an error before the start set the log up is still written to it
    applog.log_error(exc_type, exc, tb)
    if QApplication.instance() is not None:
        show_crash_dialog()


def crash_text() -> str:
    doing = applog.activity()
    what = (_("Something unexpected went wrong while working in “{activity}”.").format(activity=doing)
            if doing != "-" else _("Something unexpected went wrong."))
    return "\n\n".join((
        what,
        _("Nothing was saved half-way: each change is saved whole or not at all. "
          "Check the last thing you did, and do it again if it is not there."),
        _("The details for support are in the log: {path}").format(path=applog.log_path()),
    ))


def show_crash_dialog() -> QMessageBox:
    """Shown without blocking, so an alert (a due wake-up) still reaches the operator."""
    from hotel_phone.ui.questions import Box  # as above

    box = Box(QMessageBox.Icon.Critical, N_("hotel_phone: unexpected error"), crash_text, QApplication.activeWindow(),
              QMessageBox.StandardButton.Ok)
    box.setObjectName("crashDialog")
    return _show(box)


def _show(box: QMessageBox) -> QMessageBox:
    """Open without blocking (window-modal): an alert (a due wake-up) still reaches the operator."""
    box.finished.connect(lambda _result: _dialogs.remove(box) if box in _dialogs else None)
    _dialogs.append(box)
    box.open()
    return box
