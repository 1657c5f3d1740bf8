"""First start on a PC: this PC only, or the hotel's database server (address, connection test)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from hotel_phone import station
from hotel_phone.ui.database_choice import DatabaseChoiceDialog
from hotel_phone.ui.language import hub
from tests.uihelpers import type_into


def _ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_this_pc_only_is_remembered(qtbot):
    hub().set_language("en")
    dialog = DatabaseChoiceDialog()
    qtbot.addWidget(dialog)
    assert dialog.local.isChecked() and not dialog.address.isEnabled()
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() == DatabaseChoiceDialog.DialogCode.Accepted
    assert station.chosen() == station.LOCAL and station.database_address() is None


def test_a_wrong_server_address_is_refused_and_kept(qtbot):
    hub().set_language("en")
    dialog = DatabaseChoiceDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.server, Qt.MouseButton.LeftButton)
    wrong = "postgresql://hotel_app@/hotel?host=/nonexistent&port=1"
    type_into(qtbot, dialog.address, wrong)
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "did not accept the connection" in dialog.message.text()
    assert dialog.address.text() == wrong and station.chosen() is None
    hub().set_language("zh_CN")
    assert dialog.server.text() == "酒店的数据库服务器"
    hub().set_language("en")


def test_a_working_server_is_tested_and_remembered(qtbot, database, backend):
    import pytest

    if backend != "pg":
        pytest.skip("needs a PostgreSQL server (--pg URL or HOTEL_PHONE_TEST_PG)")
    hub().set_language("en")
    dialog = DatabaseChoiceDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.server, Qt.MouseButton.LeftButton)
    type_into(qtbot, dialog.address, str(database))
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text().startswith("Connected: PostgreSQL 15")
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert station.database_address() == str(database)
