"""The staff-telephone panel driven by keys: an application filed, refused to the desk, approved by its manager."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hotel_phone import money, staffcalls
from hotel_phone.ui import worker
from tests.uihelpers import open_window, type_into, type_text


@pytest.fixture
def window(qtbot, demo):
    w = open_window(qtbot)
    w.nav.setCurrentRow(w.panels.index(w.staff_phones))
    return w


def _dialog(panel):
    assert panel.dialog is not None and panel.dialog.isVisible()
    return panel.dialog


def test_file_an_application_and_only_the_manager_approves_it(qtbot, window):
    panel = window.staff_phones
    assert window.stack.currentWidget() is panel
    assert [r.status for r in panel.app_model.rows] == ["pending", "approved"]  # the demo's two
    panel.app_table.setFocus()
    qtbot.keyClick(panel.app_table, Qt.Key.Key_Insert)
    d = _dialog(panel)
    d.caller.setFocus()
    d.caller.setCurrentIndex(d.caller.findText("郑超", Qt.MatchFlag.MatchStartsWith))
    type_into(qtbot, d.region, "Shanghai ")
    type_text(qtbot, d.region, "上海")
    type_into(qtbot, d.organisation, "Client Co.")
    type_into(qtbot, d.target, "021")
    d.reason.setFocus()
    type_text(qtbot, d.reason, "contract")
    qtbot.keyClick(d.target, Qt.Key.Key_Return)
    assert panel.dialog is None
    row = panel.app_model.rows[0]
    assert (row.caller, row.target, row.status) == ("郑超", "021", "pending")
    assert panel.approve_button.isEnabled() and "filed" in panel.app_message.text()

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(panel.app_table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)  # approve
    d = _dialog(panel)
    type_into(qtbot, d.username, "anna")
    type_into(qtbot, d.password, "demo1234")
    qtbot.keyClick(d.password, Qt.Key.Key_Return)
    assert panel.dialog is d and "operator cannot approve" in d.message.text()
    type_into(qtbot, d.username, "luoxia")
    type_into(qtbot, d.password, "demo1234")
    qtbot.keyClick(d.password, Qt.Key.Key_Return)
    assert panel.dialog is None
    assert staffcalls.application(row.id).status == "approved"
    assert panel.app_model.rows[0].status == "approved" and not panel.approve_button.isEnabled()


def test_awaiting_and_statement_tabs(qtbot, window, tmp_path):
    panel = window.staff_phones
    panel.app_table.setFocus()
    qtbot.keyClick(panel.app_table, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert panel.tabs.currentIndex() == 1
    assert len(panel.wait_model.rows) == 2 and "1 application awaits" in panel.wait_note.text()
    panel.wait_table.setFocus()
    panel.wait_table.selectRow(0)
    qtbot.keyClick(panel.wait_table, Qt.Key.Key_Insert)
    d = _dialog(panel)
    type_into(qtbot, d.organisation, "Supplier")
    type_into(qtbot, d.reason, "delivery")
    qtbot.keyClick(d.reason, Qt.Key.Key_Return)
    assert panel.dialog is None and "filed" in panel.wait_message.text()

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    panel.wait_table.setFocus()
    qtbot.keyClick(panel.wait_table, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert panel.tabs.currentIndex() == 2
    panel.st_dept.setCurrentIndex(panel.st_dept.findText("SA", Qt.MatchFlag.MatchStartsWith))
    statuses = [x.status for _s, x in panel.st_model.rows]
    assert statuses.count("business") == 2 and statuses.count("private") == 1
    st = panel.statement()
    assert st.business_fen > 0 and st.fines_fen == 10000  # the demo's Hong Kong call, three days late
    assert money.format(st.business_fen) in panel.totals.text() and "¥100.00" in panel.totals.text()
    panel.st_table.setFocus()
    qtbot.keyClick(panel.st_table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # save PDF and CSV
    qtbot.waitUntil(lambda: panel.last_pdf is not None, timeout=10000)
    worker.wait_all()
    assert panel.last_pdf.read_bytes().startswith(b"%PDF") and "total_private" in panel.last_csv.read_text(
        encoding="utf-8-sig")
    qtbot.waitUntil(lambda: panel.preview.isVisible(), timeout=5000)  # shown, with Print on the station's printer
    assert panel.preview.kind == "registers"
    qtbot.keyClick(panel.preview, Qt.Key.Key_Escape)  # looked at, closed
    assert not panel.preview.isVisible()
    window.activateWindow()  # what a window manager does when a dialog closes (the offscreen platform does not)
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    type_into(qtbot, panel.month, "nonsense")
    qtbot.keyClick(panel.month, Qt.Key.Key_Return)
    assert "not a month" in panel.st_message.text()

    panel.st_table.setFocus()
    qtbot.keyClick(panel.st_table, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert panel.tabs.currentIndex() == 3 and any(r.kind == "room" for r in panel.cls_model.rows)
    panel.cls_table.setFocus()
    qtbot.keyClick(panel.cls_table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert panel.last_csv.name == "extension-classes.csv"


def test_a_supervisor_changes_a_class_the_operator_cannot(qtbot, demo):
    w = open_window(qtbot, "wangfang")  # the demo's supervisor
    panel = w.staff_phones
    w.nav.setCurrentRow(w.panels.index(panel))
    panel.tabs.setCurrentIndex(3)
    row = next(i for i, r in enumerate(panel.cls_model.rows) if r.extension == "8403")
    panel.cls_table.setFocus()
    panel.cls_table.selectRow(row)
    qtbot.keyClick(panel.cls_table, Qt.Key.Key_Insert)
    d = _dialog(panel)
    d.class_code.setFocus()
    qtbot.keyClick(d.class_code, Qt.Key.Key_Down)  # local -> national
    type_into(qtbot, d.reason, "calls suppliers")
    qtbot.keyClick(d.reason, Qt.Key.Key_Return)
    assert panel.dialog is None
    assert next(r for r in panel.cls_model.rows if r.extension == "8403").fias == 2


def test_the_panel_follows_the_language(qtbot, window):
    from hotel_phone.ui.language import hub

    hub().set_language("zh_CN")
    assert window.staff_phones.tabs.tabText(0).startswith("申请")
    assert window.staff_phones.app_model.headerData(0, Qt.Orientation.Horizontal) == "填写时间"
    hub().set_language("en")
    QApplication.processEvents()
