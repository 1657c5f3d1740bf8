"""Long writes run on the worker: the action is disabled and a bar moves while it runs, the result or a
sentence in the operator's language is shown after, and the action is back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from hotel_phone import stays
from hotel_phone.db import Stay
from hotel_phone.ui.language import hub
from tests.uihelpers import open_window, type_into


@pytest.fixture
def window(qtbot, demo):
    return open_window(qtbot)  # anna, an operator: may check out and import; English


def test_guest_import_runs_on_the_worker(qtbot, window, tmp_path):
    panel = window.guests
    csv = tmp_path / "arrivals.csv"
    free = next(n for n in stays.all_rooms() if not stays.search(n) and n.startswith("3"))
    csv.write_text(f"room,name,arrival,departure\n{free},Ingrid Solberg,2026-11-28,2026-11-30\n"
                   "1999,Ghost,2026-11-28,2026-11-29\n", encoding="utf-8")
    panel.import_csv(str(csv))
    # Until the worker's answer is taken (the event loop has not run yet): the button waits, the bar moves.
    assert not panel.buttons["import"].isEnabled() and panel.busy.isVisibleTo(panel)
    assert "Importing guests from arrivals.csv" in panel.message.text()
    panel.import_csv(str(csv))  # the key pressed again meanwhile starts nothing
    qtbot.waitUntil(lambda: panel.buttons["import"].isEnabled(), timeout=10000)
    assert not panel.busy.isVisibleTo(panel)
    text = panel.message.text()
    assert "1 imported" in text and "line 3" in text
    assert Stay.select().where(Stay.name == "Ingrid Solberg").count() == 1  # imported once, not twice
    assert any(r.name == "Ingrid Solberg" for r in panel.model.rows)


def test_a_refused_import_says_why_in_the_operators_language(qtbot, window, tmp_path):
    hub().set_language("zh_CN")
    panel = window.guests
    csv = tmp_path / "wrong.csv"
    csv.write_text("guest,when\nWang,today\n", encoding="utf-8")
    panel.import_csv(str(csv))
    assert not panel.buttons["import"].isEnabled()
    qtbot.waitUntil(lambda: panel.buttons["import"].isEnabled(), timeout=10000)
    assert panel.message.text() == "文件首行须为列名,至少包括 room(房号)和 name(姓名)。"


def _check_out_dialog(qtbot, window, name: str):
    panel = window.guests
    type_into(qtbot, panel.search, name)
    qtbot.keyClick(panel.search, Qt.Key.Key_Down)
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    return panel, panel.dialog


def test_check_out_runs_on_the_worker(qtbot, window):
    row = stays.search("")[0]
    panel, dialog = _check_out_dialog(qtbot, window, row.room)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.working and not any(b.isEnabled() for b in dialog.buttons.buttons())
    assert dialog.busy.isVisibleTo(dialog) and "Checking out" in dialog.message.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # the form stays until the write is done
    qtbot.waitUntil(lambda: panel.dialog is None, timeout=10000)
    assert Stay.get_by_id(row.id).status == "departed"
    assert f"Checked out of room {row.room}" in panel.message.text()
    assert row.id not in [r.id for r in panel.model.rows]


def test_a_refused_check_out_is_said_and_the_form_stays(qtbot, window):
    hub().set_language("zh_CN")
    row = stays.search("")[0]
    panel, dialog = _check_out_dialog(qtbot, window, row.room)
    stays.check_out(window.session, row.id)  # another station checked the guest out meanwhile
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert not dialog.buttons.buttons()[0].isEnabled()
    qtbot.waitUntil(lambda: not dialog.working, timeout=10000)
    assert dialog.message.text() == "该客人已经退房。" and panel.dialog is dialog
    assert all(b.isEnabled() for b in dialog.buttons.buttons()) and not dialog.busy.isVisibleTo(dialog)


def test_a_long_folio_is_read_on_the_worker(qtbot, demo, monkeypatch):
    from hotel_phone import folio
    from hotel_phone.ui.folio_panel import FolioPanel
    from tests.uihelpers import type_text

    monkeypatch.setattr(FolioPanel, "BIG_FOLIO", 3)  # "long" for this test: three lines
    g = next(r for r in stays.search("Björn Schäfer"))
    for n in range(4):
        folio.post(demo, g.id, "FAX", 500 + n, f"page {n}")
    window = open_window(qtbot)
    window.nav.setCurrentRow(window.panels.index(window.folio))
    panel = window.folio
    type_text(qtbot, panel.query, "bjorn")
    assert not panel.buttons["post"].isEnabled() and panel.busy.isVisibleTo(panel)
    assert panel.message.text() == "Reading the folio…"
    qtbot.waitUntil(lambda: panel.buttons["post"].isEnabled(), timeout=10000)
    assert [r.amount_fen for r in panel.model.rows][-4:] == [500, 501, 502, 503]
    assert not panel.busy.isVisibleTo(panel) and panel.message.text() == ""
    assert panel.balance.text().startswith("Balance:")


def test_a_job_reads_on_its_own_connection_and_closes_it(qtbot, demo, monkeypatch):
    import threading

    from hotel_phone import db
    from hotel_phone.ui import worker

    obj = db.database.obj
    closed = []
    close = type(obj).close
    monkeypatch.setattr(type(obj), "close", lambda self: (closed.append(threading.get_ident()), close(self))[1])
    results = []
    worker.run(lambda: (threading.get_ident(), stays.in_house_count()), results.append, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=10000)
    thread, count = results[0]
    assert thread != threading.get_ident() and count == stays.in_house_count()
    assert closed == [thread]  # the job's own connection, closed on its thread when it ended
    assert not obj.is_closed()  # the window's connection is untouched
    results.clear()
    worker.run(lambda: "a PDF", results.append, results.append)  # reads nothing: opens nothing
    qtbot.waitUntil(lambda: bool(results), timeout=10000)
    assert results == ["a PDF"] and closed == [thread]


def test_garbage_is_collected_on_the_gui_thread(qtbot):
    import gc
    import weakref

    assert not gc.isenabled()  # switched off: no worker thread ever collects (ui/gc_guard.py)

    class Node:
        pass

    first = Node()
    first.me = first  # a cycle only the collector frees
    gone = weakref.ref(first)
    del first
    cycles = [Node() for _ in range(2000)]  # past the first generation's threshold
    for node in cycles:
        node.me = node
    del cycles
    qtbot.waitUntil(lambda: gone() is None, timeout=5000)  # the GUI thread's timer collected it
