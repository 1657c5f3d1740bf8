"""Folios, charge slips and registers go to this station's printer for their kind, off the GUI thread.

The station's settings name a "PDF files in a folder" printer: a QPrinter set
up with PDF output, as File → Printers makes it. A failed print keeps the
document, says why in the operator's language and offers to try again."""

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter

from hotel_phone import clock, longdistance as ld, paths, stays
from hotel_phone.db import ChargeSlip
from hotel_phone.ui import printing
from hotel_phone.ui.printing import print_pdf
from tests.uihelpers import open_window, type_text


def _folio_preview(qtbot, window, query):
    panel = window.folio
    window.nav.setCurrentRow(window.panels.index(panel))
    type_text(qtbot, panel.query, query)
    qtbot.mouseClick(panel.buttons["preview"], Qt.MouseButton.LeftButton)
    assert not panel.buttons["preview"].isEnabled()  # the PDF is being built off the GUI thread
    qtbot.waitUntil(lambda: panel.preview is not None, timeout=20000)
    assert panel.buttons["preview"].isEnabled()
    return panel.preview


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def zhang(demo):
    return next(r for r in stays.search("张伟"))


def test_a_folio_prints_on_the_stations_folio_printer(qtbot, demo, zhang, tmp_path):
    printing.choose("folio", printing.PDF_PREFIX + str(tmp_path / "folios"), "A4")
    window = open_window(qtbot, "chenjing")  # the cashier, in Chinese
    preview = _folio_preview(qtbot, window, "张伟")
    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    assert not preview.print_button.isEnabled()  # disabled while the job runs
    qtbot.waitUntil(lambda: preview.print_button.isEnabled(), timeout=20000)
    (printed,) = (tmp_path / "folios").glob("folio-*.pdf")
    assert "已发送到打印机" in preview.message.text() and str(tmp_path / "folios") in preview.message.text()
    text = _text(printed)
    assert "张伟" in text and zhang.room in text
    page = PdfReader(printed).pages[0]
    assert abs(float(page.mediabox.width) - 595.3) < 2  # A4
    assert not (paths.data_dir() / "unprinted").exists()  # nothing left waiting for a retry


def _ended_call(session):
    g = next(r for r in stays.search("张伟"))
    b = ld.book(session, g.id, "家里", "010 6512 3456")
    ld.place(session, b.id)
    ld.connected(session, b.id)
    clock.get_clock().advance(minutes=3, seconds=20)
    return ld.end(session, b.id)


def _slip_ready(qtbot):
    """The long-distance queue with an ended call selected, its slip to print."""
    window = open_window(qtbot)
    booking = _ended_call(window.session)
    panel = window.longdistance
    window.nav.setCurrentRow(window.panels.index(panel))
    panel.refresh()
    panel.select(booking.id)
    return panel


def test_a_charge_slip_prints_on_the_stations_slip_printer(qtbot, demo, tmp_path):
    printing.choose("charge_slip", printing.PDF_PREFIX + str(tmp_path / "slips"), "A5")
    panel = _slip_ready(qtbot)
    qtbot.keyClick(panel, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not panel.buttons["slip"].isEnabled()
    qtbot.waitUntil(lambda: "sent to the printer" in panel.message.text(), timeout=20000)
    assert panel.buttons["slip"].isEnabled()
    (printed,) = (tmp_path / "slips").glob("charge_slip-*.pdf")
    text = _text(printed)
    assert "电话收费单" in text and "张伟" in text and "010 6512 3456" in text and "3:20" in text
    page = PdfReader(printed).pages[0]
    assert abs(float(page.mediabox.width) - 419.5) < 2  # A5
    assert ChargeSlip.get().print_count == 1


def test_a_failed_print_keeps_the_document_says_why_and_prints_on_retry(qtbot, demo, zhang, tmp_path):
    blocker = tmp_path / "a-file-not-a-folder"
    blocker.write_text("x")
    printing.choose("folio", printing.PDF_PREFIX + str(blocker / "folios"), "A4")  # cannot be written
    window = open_window(qtbot, "chenjing")
    preview = _folio_preview(qtbot, window, "张伟")
    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    job = preview.print_job
    qtbot.waitUntil(lambda: job.retry_box is not None, timeout=20000)
    assert preview.print_button.isEnabled() and job.kept is not None
    message = preview.message.text()
    assert "未能打印" in message and "无法写入存放 PDF 文件的文件夹" in message and str(job.kept) in message
    assert job.kept.parent == paths.data_dir() / "unprinted"
    assert "张伟" in _text(job.kept)  # the kept document is the folio itself
    box = job.retry_box
    assert "无法写入" in box.text() and str(job.kept) in box.informativeText()
    kept = job.kept

    printing.choose("folio", printing.PDF_PREFIX + str(tmp_path / "folios"), "A4")  # File → Printers, fixed
    again = next(b for b in box.buttons() if b.text() == "重试")
    qtbot.mouseClick(again, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已发送到打印机" in preview.message.text(), timeout=20000)
    (printed,) = (tmp_path / "folios").glob("folio-*.pdf")
    assert "张伟" in _text(printed)
    assert not kept.exists()  # printed at last: no longer waiting among the unprinted


def test_ask_every_time_opens_the_system_dialog_with_the_kinds_paper(qtbot, demo):
    assert printing.printer_choice("charge_slip") == printing.ASK  # the default
    panel = _slip_ready(qtbot)
    qtbot.mouseClick(panel.buttons["slip"], Qt.MouseButton.LeftButton)
    job = panel.print_job
    qtbot.waitUntil(lambda: job.dialog is not None and job.dialog.isVisible(), timeout=20000)
    assert not panel.buttons["slip"].isEnabled()
    assert job.dialog.printer().pageLayout().pageSize().id() == QPageSize.PageSizeId.A5
    job.dialog.reject()
    assert panel.buttons["slip"].isEnabled() and panel.message.text() == "Printing cancelled."


def test_a_real_printer_gets_the_pages_painted(qtbot, demo, tmp_path):
    """What a paper printer receives: each page rendered and painted through QPainter."""
    from hotel_phone import folio
    from hotel_phone.documents import charge_slip

    window = open_window(qtbot)
    booking = _ended_call(window.session)
    pdf = charge_slip.render(folio.issue_slip(window.session, booking.id))
    printer = printing._new_printer("charge_slip")
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # stands in for the paper printer's spooler
    printer.setOutputFileName(str(tmp_path / "painted.pdf"))
    print_pdf(pdf, printer)
    (page,) = PdfReader(tmp_path / "painted.pdf").pages
    assert abs(float(page.mediabox.width) - 419.5) < 2 and page.images  # A5, the slip as a picture


def test_the_daily_report_is_saved_then_printed_on_the_registers_printer(qtbot, demo, tmp_path):
    printing.choose("registers", printing.PDF_PREFIX + str(tmp_path / "registers"), "A4")
    window = open_window(qtbot, "chenjing")
    cashier = window.cashier
    window.nav.setCurrentRow(window.panels.index(cashier))
    qtbot.mouseClick(cashier.report_button, Qt.MouseButton.LeftButton)
    assert not cashier.report_button.isEnabled()  # built off the GUI thread
    qtbot.waitUntil(lambda: getattr(cashier, "preview", None) is not None, timeout=20000)
    assert cashier.report_button.isEnabled() and cashier.last_report.exists()  # kept for the record, with its CSV
    preview = cashier.preview
    assert preview.kind == "registers" and preview.count.text() == "共 1 页"
    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已发送到打印机" in preview.message.text(), timeout=20000)
    (printed,) = (tmp_path / "registers").glob("registers-*.pdf")
    assert "总机日报" in _text(printed)


def test_a_printer_gone_from_the_pc_is_said_then_asked_for(qtbot, demo):
    printing.choose("charge_slip", "Front desk LaserJet (gone)", "A5")
    panel = _slip_ready(qtbot)
    qtbot.mouseClick(panel.buttons["slip"], Qt.MouseButton.LeftButton)
    job = panel.print_job
    qtbot.waitUntil(lambda: job.dialog is not None and job.dialog.isVisible(), timeout=20000)
    assert "Front desk LaserJet (gone) is not available on this PC" in panel.message.text()
    job.dialog.reject()
    assert panel.buttons["slip"].isEnabled()


def test_asking_for_a_landscape_register_offers_landscape_paper(qtbot, demo):
    from datetime import date

    from hotel_phone import wakeup

    window = open_window(qtbot)
    room = next(r for r in stays.search("Björn Schäfer")).room
    wakeup.schedule(window.session, [room], "06:30", first=date(2026, 11, 29))
    panel = window.wakeups
    window.nav.setCurrentRow(window.panels.index(panel))
    qtbot.mouseClick(panel.buttons["print"], Qt.MouseButton.LeftButton)
    job = panel.print_job
    qtbot.waitUntil(lambda: job.dialog is not None and job.dialog.isVisible(), timeout=20000)
    layout = job.dialog.printer().pageLayout()
    assert layout.orientation() == QPageLayout.Orientation.Landscape
    assert layout.pageSize().id() == QPageSize.PageSizeId.A4  # the registers' paper
    job.dialog.reject()
