"""What the heartbeat finds, as the operator sees it: the server away and back, a failed backup check (for
whoever may see it), a database replaced under the station, and the minute's audit anchor written off the
GUI thread."""

from __future__ import annotations

import json
import os
import shutil
import threading

import pytest
from PySide6.QtWidgets import QApplication

from hotel_phone import anchors, backup, db, folio, paths
from hotel_phone.errors import DatabaseReplaced
from hotel_phone.ui import diagnostics
from hotel_phone.ui import heartbeat as heartbeat_module
from tests.test_pg import _pg_ctl
from tests import test_ui_start as real_start
from tests.test_backup import damage_file
from tests.uihelpers import open_window, sign_in_as, type_into


def _failed_check():
    folder = paths.data_dir() / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "last-check.json").write_text(json.dumps({
        "at": "2026-11-28T02:00:00+00:00", "file": "hotel-2026-11-28.sqlite3", "ok": False,
        "problems": ["integrity_check: page 7 is never used"]}))


def test_failed_backup_check_shows_for_an_administrator_only(qtbot, demo):
    _failed_check()
    w = open_window(qtbot, "admin")
    label = w.marks.backup_label
    assert label.isVisibleTo(w) and label.text() == "备份检查失败"  # the administrator works in Chinese
    assert "hotel-2026-11-28.sqlite3" in label.toolTip() and "page 7" in label.toolTip()
    sign_in_as(qtbot, w, "wangfang")  # a supervisor may not see the backups' checks
    assert not label.isVisibleTo(w)
    sign_in_as(qtbot, w, "admin")
    assert label.isVisibleTo(w)


def test_the_mark_follows_the_next_automatic_backup(qtbot, demo, monkeypatch):
    w = open_window(qtbot, "admin")
    assert not w.marks.backup_label.isVisibleTo(w)  # no check has failed yet
    monkeypatch.setattr(heartbeat_module.backup, "daily", _failed_check)  # this backup's check fails
    with qtbot.waitSignal(w.heartbeat.backup_finished, timeout=10000):
        w.heartbeat.start_backup()
    assert w.marks.backup_label.isVisibleTo(w)


@pytest.mark.sqlite_only("a restore replaces the SQLite file; a server's restore goes into an empty database")
def test_station_stops_when_its_database_was_replaced(qtbot, demo, database, tmp_path):
    w = open_window(qtbot, "wangfang")  # works in Chinese
    guest = w.guests.model.rows[0]
    copy = tmp_path / "other.sqlite3"
    shutil.copyfile(database, copy)
    os.replace(copy, database)  # a restore from another process put a new file under this name
    w.heartbeat.beat()
    box = w.marks.replaced_box
    assert box is not None and box.isVisible()
    assert box.windowTitle() == "数据库已被替换——请重新启动"
    assert "请关闭程序后重新启动" in box.text()
    assert not w.centralWidget().isEnabled() and not w.menuBar().isEnabled()
    assert not w.actions["guests.check_in"].isEnabled() and not w.heartbeat.timer.isActive()
    with pytest.raises(DatabaseReplaced):  # and the core refuses any write to the file set aside
        folio.post(w.session, guest.id, "FAX", 500)
    box.accept()
    w.close()  # closing writes nothing (no sign-out event into the file set aside) and raises nothing


def test_the_chain_head_is_anchored_each_minute_off_the_gui_thread(qtbot, demo, monkeypatch):
    w = open_window(qtbot, "anna")
    threads = []
    real = anchors.write_if_moved

    def watched(why):
        threads.append(threading.current_thread())
        real(why)

    monkeypatch.setattr(heartbeat_module.anchors, "write_if_moved", watched)
    before = anchors.anchor_file().read_text().count('"why": "running"') if anchors.anchor_file().exists() else 0
    w.heartbeat.ticks = heartbeat_module.ANCHOR_EVERY_TICKS - 2
    w.heartbeat.beat()  # not yet a minute
    assert not w.heartbeat.anchor_running
    w.heartbeat.beat()
    qtbot.waitUntil(lambda: not w.heartbeat.anchor_running, timeout=10000)
    assert len(threads) == 1 and threads[0] is not threading.main_thread()
    lines = [json.loads(line) for line in anchors.anchor_file().read_text().splitlines()]
    running = [a for a in lines if a["why"] == "running"]
    assert len(running) == before + 1
    head = db.AuditEvent.select().count()
    assert running[-1]["events"] == head  # the head as it is now


def test_server_away_is_marked_then_cleared_and_the_station_goes_on(qtbot, demo, database, backend):
    if backend != "pg":
        pytest.skip("needs a PostgreSQL server (--pg URL or HOTEL_PHONE_TEST_PG)")
    import psycopg

    w = open_window(qtbot, "anna")
    register = w.guests
    type_into(qtbot, register.search, "Zhang")  # what the operator typed before the server went away
    folio_panel = w.panel("folio")  # built while the server answers
    label = w.marks.server_label
    qtbot.waitUntil(lambda: db.server_connected() is True, timeout=10000)
    assert not label.isVisibleTo(w)
    _pg_ctl("stop")
    try:
        qtbot.waitUntil(lambda: label.isVisibleTo(w), timeout=10000)  # within a few heartbeats
        assert label.text() == "Database server unreachable — retrying"
        assert register.search.text() == "Zhang"
        # Typing on while it is away: every keystroke's search fails, and no box takes the keys (an
        # exception escaping the slot would also fail this test through pytest-qt).
        type_into(qtbot, register.search, "Zhangx")
        type_into(qtbot, folio_panel.query, "Li")
        type_into(qtbot, register.search, "Zhang")
        assert not diagnostics._dialogs and label.isVisibleTo(w)
    finally:
        _pg_ctl("start")
    with psycopg.connect(str(database), autocommit=True) as other:  # another station, the moment it is back
        other.execute("UPDATE stay SET name = 'Zhang Weiming' WHERE id = (SELECT id FROM stay WHERE status = 'in_house' AND name = 'Zhang Wei' "
                      "ORDER BY id LIMIT 1)")
    qtbot.waitUntil(lambda: not label.isVisibleTo(w), timeout=20000)  # it reconnected by itself
    assert register.search.text() == "Zhang"  # what was typed is kept
    qtbot.waitUntil(lambda: "Zhang Weiming" in [r.name for r in register.model.rows], timeout=5000)
    stay_id = register.model.rows[0].id
    before = folio.balance(stay_id)
    folio.post(w.session, stay_id, "FAX", 500)  # and a write works
    assert folio.balance(stay_id) == before + 500
    QApplication.processEvents()
    assert w.isEnabled()


def test_the_marks_change_language_with_the_operator(qtbot, demo):
    from hotel_phone.ui.language import hub

    _failed_check()
    w = open_window(qtbot, "admin")
    w.marks.server_label.show()  # as the heartbeat shows it while the server is away
    assert w.marks.server_label.text() == "无法连接数据库服务器——正在重试"
    hub().set_language("en")
    assert w.marks.server_label.text() == "Database server unreachable — retrying"
    assert w.marks.backup_label.text() == "Backup check failed"


@pytest.mark.sqlite_only("a restore replaces the SQLite file; a server's restore goes into an empty database")
def test_a_worker_connecting_after_a_restore_does_not_hide_it(hotel, database, tmp_path):
    from hotel_phone.ui import worker

    copy = tmp_path / "other.sqlite3"
    shutil.copyfile(database, copy)
    os.replace(copy, database)
    done = []
    job = threading.Thread(target=lambda: done.append(worker._on_own_connection(  # a backup or anchor job
        lambda: db.Operator.select().count())))
    job.start()
    job.join(10)
    assert done == [1]  # it read the new file, on its own connection...
    assert db.replaced()  # ...and the window's check still sees the file it opened is gone


demo_file, started = real_start.demo_file, real_start.started  # fixtures: the real start, as in test_ui_start


def test_the_start_of_day_backups_failed_check_is_marked_as_soon_as_it_is_known(qtbot, started, demo_file,
                                                                                   monkeypatch):
    """The start's backup runs on the worker while the operator signs in; a big file's copy and check end
    after the window is up. Its failed check shows then, not with the next hourly backup. (An SQLite file of
    its own, whatever the suite's backend: the start's backup copies that file.)"""
    damage_file(demo_file)  # every copy of it fails its check
    real, gate = backup.auto_backup, threading.Event()

    def slow(*args, **kwargs):  # a big file: the copy and its check end after the window opened
        gate.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(backup, "auto_backup", slow)
    start = started(demo_file)
    try:
        real_start.sign_in(qtbot, start.signin, "admin")
        qtbot.waitUntil(lambda: start.window is not None and start.window.isVisible())
        w = start.window
        label = w.marks.backup_label
        assert not label.isVisibleTo(w)  # the copy is being checked: nothing known yet
    finally:
        gate.set()
    qtbot.waitUntil(lambda: label.isVisibleTo(w), timeout=15000)
    assert label.text() == "备份检查失败"  # the administrator works in Chinese
    assert "hotel-2026-11-28.sqlite3" in label.toolTip() and "integrity_check" in label.toolTip()
    assert w.heartbeat.ticks < heartbeat_module.BACKUP_EVERY_TICKS  # no hourly backup came in between


def test_every_field_that_searches_as_it_is_typed_leaves_a_server_away_to_the_status_bar():
    """The README names the register, folio, long distance, messages, cases, PBX and directory: each of their
    typing fields (every textChanged in ui/) goes through heartbeat.while_typing; the world clock reads no
    database. The behaviour itself is attacked above with the server really stopped."""
    import re
    from pathlib import Path

    ui = Path(heartbeat_module.__file__).parent
    bare = [f"{path.name}: {line.strip()}" for path in sorted(ui.glob("*.py"))
            for line in path.read_text(encoding="utf-8").splitlines()
            if re.search(r"\.text(Changed|Edited)\.connect\(", line) and "while_typing(" not in line]
    assert bare == ["worldclock_panel.py: self.query.textChanged.connect(self.lookup)"]
    wrapped = {path.name for path in ui.glob("*.py") if "textChanged.connect(while_typing(" in path.read_text()}
    assert {"guest_register.py", "folio_panel.py", "longdistance_panel.py", "messages_panel.py", "cases_panel.py",
            "pbx_panel.py", "reference_panel.py"} <= wrapped
