"""What an operator sees when the trust checks find something."""

import os
import shutil

import pytest

from tests.uihelpers import open_window


@pytest.mark.sqlite_only("replaces the SQLite file under the station")
def test_station_stops_when_its_database_was_replaced(qtbot, demo, database, tmp_path):
    w = open_window(qtbot)
    copy = tmp_path / "other.sqlite3"
    shutil.copyfile(database, copy)
    os.replace(copy, database)  # a restore on another PC put a new file under this name
    w.tick()
    assert w.replaced_box is not None and w.replaced_box.isVisible()
    assert "start it again" in w.replaced_box.text()
    assert not w.centralWidget().isEnabled()


def _failed_check():
    import json

    from hotel_phone import paths

    folder = paths.data_dir() / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "last-check.json").write_text(json.dumps({
        "at": "2026-11-28T02:00:00+00:00", "file": "hotel-2026-11-28.sqlite3", "ok": False,
        "problems": ["integrity_check: page 7 is never used"]}))


def test_failed_backup_check_shows_for_an_administrator_only(qtbot, demo):
    _failed_check()
    w = open_window(qtbot, "admin")
    assert w.backup_label.isVisibleTo(w) and "hotel-2026-11-28.sqlite3" in w.backup_label.toolTip()
    w.close()
    w = open_window(qtbot, "anna")
    assert not w.backup_label.isVisibleTo(w)


def test_administrator_changes_a_role_and_deactivates_in_the_operators_panel(qtbot, demo):
    from PySide6.QtCore import Qt

    from hotel_phone.db import Operator

    w = open_window(qtbot, "admin")
    w.nav.setCurrentRow(w.panels.index(w.operators))
    panel = w.operators
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
