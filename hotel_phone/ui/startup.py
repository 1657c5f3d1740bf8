"""The start of the GUI: the sign-in first, everything else in short steps while the operator types.

What an operator sees first is the sign-in. On a station that opened this database
before, the sign-in is painted before the database is opened: its hotel's name and
the demo hint are remembered (per database) from the last start. Then, one short
step per turn of the event loop, the database is opened and checked, the sign-in
shows the name the database holds, today's backup starts on the worker, and the
main window's modules are imported, so keys typed meanwhile are taken at once.
Enter runs whatever steps are left before the password is checked; the main
window is built after the sign-in. The first start with a database (nothing
remembered) opens it first, as it may need the first-run setup instead.
"""

from __future__ import annotations

import logging
import zlib
from datetime import datetime, timezone
from collections import deque
from importlib import import_module
from typing import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from hotel_phone import i18n
from hotel_phone.errors import DomainError
from hotel_phone.ui import diagnostics
from hotel_phone.ui.common import qsettings
from hotel_phone.ui.language import hub
from hotel_phone.ui.signin import SignInDialog

log = logging.getLogger("hotel_phone")

# Imported one per step after the sign-in is painted: the main window and its first panel need them.
# Order: what the others import first, so each step stays short.
WINDOW_MODULES = (
    "hotel_phone.auth",
    "hotel_phone.stays",
    "hotel_phone.wakeup",
    "hotel_phone.messages",
    "hotel_phone.calls",
    "hotel_phone.longdistance",
    "hotel_phone.cases",
    "hotel_phone.handover",
    "hotel_phone.ui.heartbeat",
    "hotel_phone.ui.wakeup_panel",
    "hotel_phone.ui.cases_panel",
    "hotel_phone.ui.main_window",
    "hotel_phone.ui.guest_register",
)


def _warm_language(lang: str) -> None:
    """A language's catalog and babel's data for its dates, read while the operator types: the main window's
    first paint shows dates (the register) in the operator's language, which may not be the sign-in's."""
    i18n.translations(lang)
    i18n.format_datetime(datetime(2000, 1, 1, tzinfo=timezone.utc), timezone.utc, lang)


def _remember_key(target: str) -> str:
    return f"start/{zlib.crc32(target.encode('utf-8')):08x}"  # zlib is loaded already; hashlib is not


class Start(QObject):
    """From the first paint to the main window: `begin()`, then the event loop; `code` is the exit code."""

    def __init__(self, target: str, demo: bool, open_target: Callable[[str, bool], None],
                 after_paint: list[Callable[[], None]] = ()):
        super().__init__()
        self.after_paint = list(after_paint)  # the first steps (app.run: listening for a second start)
        self.target = target
        self.demo = demo
        self.open_target = open_target
        self.opened = False
        self.failed = False
        self.signin: SignInDialog | None = None
        self.window = None
        self.steps: deque[Callable[[], None]] = deque()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self._next_step)

    # -- the order -----------------------------------------------------------
    def begin(self) -> int | None:
        """Paint the first thing the operator sees; None: the event loop goes on, else the exit code now."""
        QApplication.instance().setQuitOnLastWindowClosed(False)  # the sign-in closes before the window opens
        remembered = self._remembered()
        if remembered is None:  # first start with this database: it may be empty (the setup) or refused
            diagnostics.route_qt_messages()
            for step in self.after_paint:
                step()
            self._open()
            from hotel_phone import db

            if db.is_empty():
                return self._first_run_setup()
            self._show_signin(*self._hotel())
        else:
            self._show_signin(*remembered)
            self.steps.extend(self.after_paint)
        self.steps.append(diagnostics.route_qt_messages)
        self.steps.append(self._open)
        self.steps.append(self._check_hotel)
        self.steps.append(self._backup)
        self.steps.extend((lambda name=name: import_module(name)) for name in WINDOW_MODULES)
        self.steps.extend((lambda lang=lang: _warm_language(lang)) for lang in i18n.LANGUAGES)
        # The steps begin once the sign-in is on screen (its title painted), or after a moment if it never is.
        self.signin.title.installEventFilter(self)
        QTimer.singleShot(500, self, self._start_steps)
        return None

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            self._start_steps()
        return False

    def _start_steps(self) -> None:
        if self.steps and not self.failed and not self.timer.isActive():
            self.timer.start()  # 0 ms: each step runs when the events waiting (keys, paints) are done

    def _next_step(self) -> None:
        if self.steps and not self.failed:
            self._run(self.steps.popleft())
        if self.steps and not self.failed:
            self.timer.start()

    def finish(self) -> bool:
        """Enter on the sign-in: the steps left run now; False when the start failed."""
        self.timer.stop()
        while self.steps and not self.failed:
            self._run(self.steps.popleft())
        return not self.failed

    def _run(self, step: Callable[[], None]) -> None:
        try:
            step()
        except DomainError as exc:
            self._fail(exc.message())

    # -- the steps -----------------------------------------------------------
    def _open(self) -> None:
        if not self.opened:
            self.open_target(self.target, self.demo)
            self.opened = True

    def _hotel(self) -> tuple[str, bool]:
        from hotel_phone import settings

        return settings.hotel_name(i18n.current_language()), bool(settings.get("is_demo"))

    def _check_hotel(self) -> None:
        """The database is open: the sign-in shows its name; an empty database (replaced) goes to the setup."""
        from hotel_phone import db, settings

        if db.is_empty():
            qsettings().remove(_remember_key(self.target))
            self.steps.clear()
            self._close_signin()
            code = self._first_run_setup()
            if code is not None:
                QApplication.instance().exit(code)
            return
        if self.signin is not None:
            self.signin.set_hotel(*self._hotel())
        # One string per language in i18n.LANGUAGES' order, then "demo" or "": what the next start paints first.
        qsettings().setValue(_remember_key(self.target), [settings.hotel_name(lang) for lang in i18n.LANGUAGES]
                             + ["demo" if settings.get("is_demo") else ""])

    def _backup(self) -> None:
        """Today's automatic backup, on the worker: copying a big file must not hold up the sign-in. Its check's
        verdict reaches the window's status mark when it ends (heartbeat.backups)."""
        from hotel_phone.ui import heartbeat  # a step's module: loaded after the sign-in is painted

        heartbeat.backups().start()

    def _remembered(self) -> tuple[str, bool] | None:
        raw = qsettings().value(_remember_key(self.target))
        if not isinstance(raw, list) or len(raw) != len(i18n.LANGUAGES) + 1:
            return None  # never opened here (or written by another version): the database is opened first
        return str(raw[i18n.LANGUAGES.index(i18n.current_language())]), raw[-1] == "demo"

    def _fail(self, message: str) -> None:
        self.failed = True
        self.steps.clear()
        log.warning("start failed: %s", message)
        self._close_signin()
        QMessageBox.critical(None, "hotel_phone", message)
        QApplication.instance().exit(2)

    # -- sign-in and the window ---------------------------------------------
    def _show_signin(self, hotel_name: str, demo_hint: bool) -> None:
        self.signin = SignInDialog(hotel_name, demo_hint)
        self.signin.prepare = self.finish
        self.signin.accepted.connect(self._signin_accepted)
        self.signin.rejected.connect(self._signin_rejected)
        self.signin.show()

    def _close_signin(self) -> None:
        """The start went another way (failed, or the database needs the setup): the sign-in goes quietly."""
        dialog, self.signin = self.signin, None
        if dialog is not None:
            dialog.prepare = None
            dialog.rejected.disconnect(self._signin_rejected)
            if dialog.isVisible():
                dialog.done(0)

    def _signin_accepted(self) -> None:
        dialog, self.signin = self.signin, None
        self._signed_in(dialog.session)

    def _signin_rejected(self) -> None:
        QApplication.instance().exit(0)  # closed without signing in: the app ends

    def _first_run_setup(self) -> int | None:
        from hotel_phone import settings
        from hotel_phone.ui.setup_dialog import SetupDialog

        dialog = SetupDialog()
        if not dialog.exec():
            return 0
        settings.invalidate()
        self.steps.append(self._backup)
        self._signed_in(dialog.session)
        return None

    def _signed_in(self, session) -> None:
        from hotel_phone import settings
        from hotel_phone.ui.main_window import MainWindow

        self.finish()
        if self.failed:
            return
        hub().set_language(session.operator.language)
        self.window = MainWindow(session, demo=settings.get("is_demo"), paint_first=True)
        self.window.show()
        self.window.when_loaded(self.window.after_sign_in)  # missed wake-ups, a handover: once it is painted
        QApplication.instance().setQuitOnLastWindowClosed(True)
