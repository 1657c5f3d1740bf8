"""The cashier takes a slip and prints a folio; a supervisor voids a line; settlement after check-out."""

import io

from datetime import timedelta

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from hotel_phone import checkout, clock, folio, longdistance as ld, stays
from hotel_phone.db import ChargeSlip, FolioPosting
from hotel_phone.ui import printing, worker
from hotel_phone.ui.language import hub
from tests.uihelpers import open_window, sign_in_as, type_into, type_text


@pytest.fixture
def ended_call(demo):
    g = next(r for r in stays.search("Björn Schäfer"))
    b = ld.book(demo, g.id, "Siemens", "+49 89 12345678")
    ld.place(demo, b.id)
    ld.connected(demo, b.id)
    clock.get_clock().advance(minutes=4, seconds=5)
    return g, ld.end(demo, b.id)


def test_cashier_takes_slip_and_prints_folio(qtbot, ended_call, tmp_path):
    guest, booking = ended_call
    window = open_window(qtbot, "chenjing")  # the cashier
    cashier = window.cashier
    window.nav.setCurrentRow(window.panels.index(cashier))
    cashier.refresh()
    assert [r.booking_id for r in cashier.model.rows] == [booking.id]
    cashier.table.selectRow(0)
    qtbot.mouseClick(cashier.take_button, Qt.MouseButton.LeftButton)
    slip = ChargeSlip.get(ChargeSlip.booking == booking.id)
    assert slip.taken_by.username == "chenjing" and cashier.model.rows == []

    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    panel = window.folio
    assert window.stack.currentWidget() is panel
    type_text(qtbot, panel.query, "bjorn")
    assert panel.model.rows[0].amount_fen == booking.charge_fen
    assert panel.balance.text().startswith("余额:")  # the cashier works in Chinese
    qtbot.mouseClick(panel.buttons["preview"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.preview is not None, timeout=15000)
    worker.wait_all()
    preview = panel.preview
    assert preview.count.text() == "共 1 页"
    preview.save(str(tmp_path / "folio.pdf"))
    text = PdfReader(tmp_path / "folio.pdf").pages[0].extract_text()
    assert "Björn Schäfer" in text and f"{booking.charge_fen / 100:.2f}" in text
    printing.choose("folio", printing.PDF_PREFIX + str(tmp_path / "printed"), "A4")  # this station's folio printer
    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not preview.print_job.running, timeout=20000)
    (printed,) = (tmp_path / "printed").glob("folio-*.pdf")
    assert "已发送到打印机" in preview.message.text() and printed.stat().st_size > 1000
    assert "Björn Schäfer" in PdfReader(printed).pages[0].extract_text()


def test_cashier_cannot_void(qtbot, ended_call):
    window = open_window(qtbot, "chenjing")
    panel = window.folio
    window.nav.setCurrentRow(window.panels.index(panel))
    type_text(qtbot, panel.query, "bjorn")
    panel.table.selectRow(0)
    panel.correct(adjust=False)
    type_text(qtbot, panel.dialog.reason, "wrong")
    qtbot.keyClick(panel.dialog.reason, Qt.Key.Key_Return)
    assert "您的角色无权执行此操作" in panel.dialog.message.text()
    assert FolioPosting.select().count() == 1


def test_supervisor_posts_and_voids(qtbot, demo):
    window = open_window(qtbot, "wangfang")  # supervisor, works in Chinese
    panel = window.folio
    window.nav.setCurrentRow(window.panels.index(panel))
    type_text(qtbot, panel.query, "张伟")
    stay_id = panel.stay_id()
    qtbot.mouseClick(panel.buttons["post"], Qt.MouseButton.LeftButton)
    d = panel.dialog
    d.code.setCurrentIndex(d.code.findData("FAX"))
    type_into(qtbot, d.amount, "abc")
    qtbot.keyClick(d.amount, Qt.Key.Key_Return)
    assert "不是金额" in d.message.text()
    type_into(qtbot, d.amount, "12.50")
    qtbot.keyClick(d.amount, Qt.Key.Key_Return)
    assert folio.balance(stay_id) == 1250
    panel.table.selectRow(0)
    panel.correct(adjust=False)
    qtbot.keyClick(panel.dialog.reason, Qt.Key.Key_Return)
    assert "请填写原因" in panel.dialog.message.text()
    type_text(qtbot, panel.dialog.reason, "发错房间")
    qtbot.keyClick(panel.dialog.reason, Qt.Key.Key_Return)
    assert folio.balance(stay_id) == 0 and len(panel.model.rows) == 2
    assert clock.now() - FolioPosting.select().order_by(FolioPosting.id.desc()).get().posted_at < timedelta(seconds=1)


def test_daily_report_from_the_cashier_panel(qtbot, ended_call):
    window = open_window(qtbot, "chenjing")
    window.cashier.daily_report()
    qtbot.waitUntil(lambda: window.cashier.last_report is not None, timeout=10000)
    worker.wait_all()
    assert "总机日报" in PdfReader(window.cashier.last_report).pages[0].extract_text()
    csv_text = window.cashier.last_report.with_suffix(".csv").read_text(encoding="utf-8-sig")
    assert csv_text.startswith("栏目,项目,数量,金额(元)")


def _print_through_the_dialog(qtbot, preview, path):
    """Print… opens the system print dialog; the test chooses the PDF printer there and accepts."""
    from PySide6.QtWidgets import QComboBox, QLineEdit

    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: preview.print_job.dialog is not None and preview.print_job.dialog.isVisible(),
                    timeout=10000)
    assert not preview.print_button.isEnabled()  # one print at a time
    dialog = preview.print_job.dialog
    printers = dialog.findChild(QComboBox, "printers")
    printers.setCurrentIndex(next(i for i in range(printers.count()) if "PDF" in printers.itemText(i)))
    dialog.findChild(QLineEdit, "filename").setText(str(path))
    dialog.accept()
    qtbot.waitUntil(lambda: not preview.print_job.running, timeout=20000)  # sent, back on the GUI thread
    assert path.stat().st_size > 1000


def test_checkout_settlement_then_folio_printed_a_day_later_by_stay(qtbot, ended_call, tmp_path):
    from hotel_phone.db import Operator
    from hotel_phone.session import Session

    guest, booking = ended_call
    admin = Session(Operator.get(Operator.username == "admin"))
    assert any("CN¥" in w or "¥" in w for w in checkout.warnings(guest.id) if "cashier" in w)
    stays.check_out(admin, guest.id)

    window = open_window(qtbot, "chenjing")  # the cashier, in Chinese
    cashier = window.cashier
    window.nav.setCurrentRow(window.panels.index(cashier))
    type_text(qtbot, cashier.query, "schafer")
    assert "离店" in cashier.stay.currentText() and cashier.stay.currentData() == guest.id
    assert cashier.balance.text() == f"余额:¥{booking.charge_fen / 100:.2f}"
    qtbot.mouseClick(cashier.settle_button, Qt.MouseButton.LeftButton)
    dialog = cashier.dialog
    dialog.method.setCurrentIndex(dialog.method.findData("card"))
    type_text(qtbot, dialog.reference, "POS 0042")
    qtbot.keyClick(dialog.reference, Qt.Key.Key_Return)
    assert cashier.dialog is None and cashier.message.text() == "已结账;账单余额为零。"
    assert folio.balance(guest.id) == 0 and cashier.balance.text() == "余额:¥0.00"

    clock.get_clock().advance(days=1)  # the next day the guest asks for the folio by e-mail
    panel = window.folio
    window.nav.setCurrentRow(window.panels.index(panel))
    type_text(qtbot, panel.query, "schafer")
    assert panel.stay.currentData() == guest.id
    assert [line.code for line in panel.model.rows] == ["TEL", "PAY"]
    hub().set_language("en")
    assert panel.balance.text() == "Balance: CN¥0.00" and "(departed 28 Nov 2026)" in panel.stay.currentText()
    hub().set_language("zh_CN")
    qtbot.mouseClick(panel.buttons["preview"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.preview is not None, timeout=15000)
    worker.wait_all()
    preview = panel.preview
    screen = preview.screen().availableGeometry()
    frame = preview.frameGeometry()
    assert screen.contains(frame) and frame.width() <= 1366 and frame.height() <= 768
    printed = tmp_path / "printed.pdf"
    _print_through_the_dialog(qtbot, preview, printed)
    assert "已发送到打印机" in preview.message.text()
    assert len(PdfReader(printed).pages) == len(PdfReader(io.BytesIO(preview.pdf)).pages) == 1
    text = PdfReader(io.BytesIO(preview.pdf)).pages[0].extract_text()
    assert "POS 0042" in text and "0.00" in text


def test_a_remembered_oversized_preview_still_fits_the_screen(qtbot, ended_call):
    from PySide6.QtCore import QRect

    from hotel_phone.ui.common import qsettings
    from hotel_phone.ui.preview import PreviewDialog

    big = PreviewDialog("x", b"", [], "x.pdf")
    big.setGeometry(QRect(0, 0, 1400, 1000))
    big.done(0)  # remembers 1400×1000
    qtbot.addWidget(big)
    assert qsettings().value("preview/geometry") is not None
    again = PreviewDialog("x", b"", [], "x.pdf")
    qtbot.addWidget(again)
    again.show()
    screen = again.screen().availableGeometry()
    assert screen.contains(again.frameGeometry())
    assert again.print_button.isVisible() and screen.contains(again.print_button.mapToGlobal(
        again.print_button.rect().bottomRight()))



def test_folio_actions_follow_the_signed_in_operator(qtbot, demo):
    window = open_window(qtbot, "chenjing")  # the cashier settles, never voids
    panel = window.folio
    assert panel.buttons["settle"].isEnabled() and not panel.buttons["void"].isEnabled()
    sign_in_as(qtbot, window, "wangfang")  # a supervisor
    assert panel.buttons["void"].isEnabled() and panel.buttons["adjust"].isEnabled()
    sign_in_as(qtbot, window, "anna")  # an operator
    assert not panel.buttons["void"].isEnabled() and not panel.buttons["settle"].isEnabled()
    assert not window.cashier.settle_button.isEnabled()
