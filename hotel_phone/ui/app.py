"""Starts the GUI: the sign-in (or the first-run setup), the database, the main window.

The entry point of the GUI (cli.py starts it); it lives in ui/ because it builds widgets.
The order after the first checks is ui/startup.py's: the sign-in is painted first.
"""

from __future__ import annotations

import sys

from hotel_phone import i18n
from hotel_phone.errors import DomainError
from hotel_phone.i18n import N_, _


def open_target(target: str, demo: bool) -> None:
    """Open (and for the demo, fill) the database; raises DomainError with the reason.

    The demo and the real hotel never share a file: --demo refuses a real hotel's database.
    """
    from hotel_phone import db, settings  # for speed: imported after the sign-in is painted (ui/startup.py)

    db.open_database(target)
    settings.invalidate()
    if demo:
        if db.is_empty():
            from hotel_phone import demo as demo_hotel  # for speed: building the demo is needed once

            demo_hotel.build()
        elif not settings.get("is_demo"):
            raise DomainError(N_("{target} holds a real hotel, not the demo; it was not changed."), target=target)


def run(target: str, demo: bool = False, language: str | None = None, ask_where: bool = False) -> int:
    from PySide6.QtWidgets import QApplication

    from hotel_phone.ui import diagnostics, gc_guard
    from hotel_phone.ui.common import qsettings
    from hotel_phone.ui.language import hub
    from hotel_phone.ui.single_instance import SingleInstance, raise_windows

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("hotel_phone")
    gc_guard.install()  # garbage collected on this thread only: the worker's jobs never tear down Qt objects
    diagnostics.install(qt_messages=False)  # routed after the first paint (ui/startup.py)
    instance = SingleInstance()
    if not instance.acquire(listen=False):  # it listens once the sign-in is painted
        return _second_start(instance.answered, language)
    instance.raise_requested.connect(raise_windows)
    hub().set_language(language or qsettings().value("language") or i18n.DEFAULT_LANGUAGE)
    if ask_where:  # first start on this PC: its own file, or the hotel's database server
        instance.listen()  # the choice waits for the operator: a second start meanwhile raises it
        from hotel_phone import station
        from hotel_phone.ui.database_choice import DatabaseChoiceDialog

        if not DatabaseChoiceDialog().exec():
            return 0
        target = station.database_address() or target
    from hotel_phone.ui.startup import Start

    start = Start(target, demo, open_target, after_paint=[instance.listen])
    try:
        code = start.begin()
    except DomainError as exc:
        from PySide6.QtWidgets import QMessageBox

        print(exc.message(), file=sys.stderr)
        QMessageBox.critical(None, "hotel_phone", exc.message())
        return 2
    if code is not None:
        return code
    return leave(app.exec())


NO_ANSWER = N_("hotel_phone is already running on this PC but does not answer. Wait a minute and start it again; "
               "if it still does not answer, restart the PC.")


def _second_start(answered: bool, language: str | None) -> int:
    """Another start runs on this PC: it was asked to come to the front; if it never answered, say so."""
    if answered:
        if sys.stdout is not None:  # the windowed Windows program has no console
            print(_("hotel_phone is already running on this PC; its window was brought to the front."))
        return 0
    from PySide6.QtWidgets import QMessageBox  # for speed, as in run(): only this rare case shows it
    from hotel_phone.ui.common import qsettings  # for speed, as in run()
    from hotel_phone.ui.language import hub  # for speed, as in run()

    hub().set_language(language or qsettings().value("language") or i18n.DEFAULT_LANGUAGE)
    text = _(NO_ANSWER)
    if sys.stderr is not None:
        print(text, file=sys.stderr)
    QMessageBox.warning(None, "hotel_phone", text)
    return 1


def leave(code: int) -> int:
    """End the process as soon as the window is closed and the database with it.

    Letting the interpreter finalize PySide6's wrappers crashed one quit in three
    ("Fatal Python error: none_dealloc"); nothing is left to do by then, so the
    process ends here, after the logs are flushed."""
    import logging
    import os

    from hotel_phone import db

    db.close_database()
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    os._exit(code)

