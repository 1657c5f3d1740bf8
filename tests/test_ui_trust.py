"""What an operator sees when the trust checks find something."""



from tests.uihelpers import open_window


def test_administrator_changes_a_role_and_deactivates_in_the_operators_panel(qtbot, demo):
    from PySide6.QtCore import Qt

    from hotel_phone.db import Operator

    w = open_window(qtbot, "admin")
    panel = w.panel("operators")
    row = [r.username for r in panel.model.rows].index("anna")
    panel.table.selectRow(row)
    panel.role.setCurrentIndex(panel.role.findData("supervisor"))
    qtbot.mouseClick(panel.role_button, Qt.MouseButton.LeftButton)
    assert Operator.get(Operator.username == "anna").role == "supervisor" and "anna" in panel.message.text()
    row = [r.username for r in panel.model.rows].index("anna")
    panel.table.selectRow(row)
    qtbot.mouseClick(panel.deactivate_button, Qt.MouseButton.LeftButton)
    assert not Operator.get(Operator.username == "anna").active
    assert "anna" not in [r.username for r in panel.model.rows]
