"""An unexpected error in a panel: a dialog in the operator's language, the traceback in the log, no guest data."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from hotel_phone import applog, stays
from hotel_phone.db import Stay
from hotel_phone.ui import diagnostics
from tests.uihelpers import open_window, type_into


@pytest.fixture
def crash_handling():
    before = sys.excepthook
    diagnostics.install()
    yield
    sys.excepthook = before


@pytest.mark.qt_no_exception_capture
@pytest.mark.parametrize("lang, words", [("en", "Nothing was saved half-way"), ("zh_CN", "没有保存一半")])
def test_error_in_a_panel_slot_shows_the_dialog_and_logs_without_guest_names(
        qtbot, demo, monkeypatch, crash_handling, lang, words):
    chinese = Stay.select().where(Stay.name_zh != "").first()
    latin = Stay.select().where(Stay.name_zh == "").first()
    names = [chinese.name_zh, latin.name]

    def broken_search(text, *args, **kwargs):
        raise RuntimeError(f"row for {names[0]} ({names[1]}) is broken")

    window = open_window(qtbot)
    log = applog.setup()
    from hotel_phone.ui.language import hub

    hub().set_language(lang)
    window.nav.setCurrentRow(window.panels.index(window.guests))
    monkeypatch.setattr(stays, "search", broken_search)
    type_into(qtbot, window.guests.search, "1")  # textChanged -> the panel's refresh slot raises

    def dialog():
        boxes = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QMessageBox) and w.objectName() == "crashDialog" and w.isVisible()]
        assert boxes
        return boxes[0]

    qtbot.waitUntil(lambda: dialog() and None, timeout=5000)
    box = dialog()
    assert words in box.text()
    assert str(applog.log_path()) in box.text()
    assert window.guests.title() in box.text()  # what was being done
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError" in text and "broken_search" in text
    for name in names:
        assert name and name not in text
    box.accept()


def test_station_printers_are_chosen_per_kind_of_document(qtbot, demo, tmp_path):
    from hotel_phone.ui import printing
    from hotel_phone.ui.printers_dialog import PrintersDialog

    assert printing.printer_choice("folio") == printing.ASK  # the default: ask every time
    printing.choose("message_slip", printing.PDF_PREFIX + str(tmp_path / "slips"), "A6")
    dialog = PrintersDialog()
    qtbot.addWidget(dialog)
    assert dialog.printers["message_slip"].currentData() == printing.PDF_PREFIX + str(tmp_path / "slips")
    dialog.papers["folio"].setCurrentIndex(dialog.papers["folio"].findData("Letter"))
    dialog.save()
    assert printing.paper_choice("folio") == "Letter"
    assert printing.printer_choice("message_slip").endswith("slips")
    assert printing.printer_choice("folio") == printing.ASK


def test_about_names_version_database_schema_and_qt(qtbot, demo, database, monkeypatch):
    from hotel_phone import __version__
    from hotel_phone.ui import about

    window = open_window(qtbot)
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    window.actions["help.about"].trigger()
    assert __version__ in shown[0] and str(database) in shown[0] and "Qt:" in shown[0]
    assert about.current_target() == str(database)
