"""The PBX panel, driven from the keyboard: an unmatched call charged to the guest the operator chooses."""

from __future__ import annotations

from datetime import timedelta

import peewee as pw
from PySide6.QtCore import Qt

from hotel_phone import audit, folio
from hotel_phone.db import FolioPosting, PbxCall, Room, Stay
from hotel_phone.pbx import ingest, sources
from tests.conftest import NOW
from tests.uihelpers import open_window, sign_in_as, type_into


def _vacant_and_occupied() -> tuple[str, Stay]:
    busy = {s.room_id for s in Stay.select().where(Stay.status == "in_house")}
    vacant = next(r for r in Room.select().order_by(Room.number) if r.id not in busy)
    guest = Stay.select().where(Stay.status == "in_house").order_by(Stay.id).first()
    return vacant.extension, guest


def _line(ext: str, key: str, hour: str = "01:30") -> bytes:
    """A call at `hour` UTC on 28 Nov (the demo's guests checked in at 02:00 UTC, ten in the morning there)."""
    return (f'"","{ext}","962345678","from-rooms","""Room"" <{ext}>","SIP/{ext}-1","SIP/trunk-2","Dial","x",'
            f'"2026-11-28 {hour}:00","2026-11-28 {hour}:05","2026-11-28 {hour}:05",185,180,"ANSWERED",'
            f'"DOCUMENTATION","{key}",""').encode()


def test_unmatched_call_charged_to_a_guest_with_the_keyboard(qtbot, demo):
    vacant, guest = _vacant_and_occupied()
    src = sources.add_source(None, "Asterisk", "asterisk-uniqueid", records_tz="UTC", strip_prefix="9")
    ingest.ingest(src, [_line(vacant, "1.1"), _line(vacant, "1.2")])
    w = open_window(qtbot)
    w.nav.setCurrentRow(w.panels.index(w.pbx))
    panel = w.pbx
    assert len(panel.call_model.rows) == 2 and panel.source_model.rows[0].name == "Asterisk"
    assert panel.call_model.cells(panel.call_model.rows[0])[7] == "room vacant at the time"
    panel.call_table.setFocus()
    qtbot.keyClick(panel.call_table, Qt.Key.Key_Down)
    panel.call_table.selectRow(0)
    qtbot.keyClick(panel.call_table, Qt.Key.Key_Return)
    dialog = panel.dialog
    assert dialog is not None and dialog.stay.count() == 0  # the vacant room had no guest: none is guessed
    type_into(qtbot, dialog.room, guest.room.number)
    assert dialog.stay.count() >= 1 and dialog.stay.currentData() == guest.id
    qtbot.keyClick(dialog.room, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.dialog is None)
    call = PbxCall.get(PbxCall.natural_key == "1.1")
    assert (call.status, call.stay_id) == ("posted", guest.id)
    assert FolioPosting.get_by_id(call.posting_id).stay_id == guest.id
    assert any(s.pbx_call_id == call.id for s in folio.slips())
    assert len(panel.call_model.rows) == 1
    # Delete writes the other one off, with a reason.
    panel.call_table.setFocus()
    panel.call_table.selectRow(0)
    qtbot.keyClick(panel.call_table, Qt.Key.Key_Delete)
    type_into(qtbot, panel.dialog.reason, "engineer testing the line")
    qtbot.keyClick(panel.dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.dialog is None)
    assert PbxCall.get(PbxCall.natural_key == "1.2").status == "resolved"
    assert panel.call_model.rows == []


def test_a_guests_dialled_calls_from_the_register(qtbot, demo):
    _vacant, guest = _vacant_and_occupied()
    src = sources.add_source(None, "Asterisk", "asterisk-uniqueid", records_tz="UTC", strip_prefix="9")
    ingest.ingest(src, [_line(guest.room.extension, "3.1", "02:01")])
    w = open_window(qtbot)
    w.nav.setCurrentRow(w.panels.index(w.guests))
    type_into(qtbot, w.guests.search, guest.room.number)
    qtbot.keyClick(w.guests.search, Qt.Key.Key_Down)
    assert w.guests.selected().id == guest.id
    qtbot.mouseClick(w.guests.buttons["calls"], Qt.MouseButton.LeftButton)
    dialog = w.guests.dialog
    assert dialog is not None and len(dialog.model.rows) == 1
    cells = dialog.model.cells(dialog.model.rows[0])
    assert cells[3] == "962345678" and cells[6] == "posted" and cells[8]  # the number, posted, an amount
    # Ctrl+Shift+L while it is open: the list is worded again in Chinese, and back.
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    switch = (Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(dialog.table, *switch)
    qtbot.wait(50)
    header = dialog.model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
    assert header == "时间" and dialog.model.index(0, 6).data() == "已入账" and "房间直拨电话" in dialog.windowTitle()
    assert dialog.buttons.buttons()[0].text() == "关闭"
    qtbot.keyClick(dialog.table, *switch)
    qtbot.wait(50)
    assert dialog.model.index(0, 6).data() == "posted" and dialog.buttons.buttons()[0].text() == "Close"


def test_a_call_from_a_shared_room_is_charged_to_the_guest_chosen_with_one_key(qtbot, demo):
    """The hotel's rules name no payer for a shared room: the call waits for the operator, who presses the
    number of the guest who pays, from a list of just the guests in that room at the time."""
    from hotel_phone.pbx import desk

    room_id = next(r for r, in Stay.select(Stay.room).where(Stay.status == "in_house").group_by(Stay.room)
                   .having(pw.fn.COUNT(Stay.id) > 1).tuples())
    room = Room.get_by_id(room_id)
    sharers = list(Stay.select().where(Stay.room == room_id, Stay.status == "in_house").order_by(Stay.checked_in_at,
                                                                                                  Stay.id))
    src = sources.add_source(None, "Asterisk", "asterisk-uniqueid", records_tz="UTC", strip_prefix="9")
    ingest.ingest(src, [_line(room.extension, "5.1", "02:03")])
    call = PbxCall.get(PbxCall.natural_key == "5.1")
    assert (call.status, call.reason, call.stay_id) == ("unmatched", "shared_room", None)
    assert [c.stay_id for c in desk.sharing(call.id)] == [s.id for s in sharers]
    w = open_window(qtbot)
    w.nav.setCurrentRow(w.panels.index(w.pbx))
    panel = w.pbx
    assert panel.call_model.cells(panel.call_model.rows[0])[7] == "shared room: choose the guest"
    panel.call_table.setFocus()
    panel.call_table.selectRow(0)
    qtbot.keyClick(panel.call_table, Qt.Key.Key_Return)
    dialog = panel.dialog
    assert dialog is not None and dialog.list.count() == len(sharers)  # only that room's guests, then
    assert (sharers[1].name_zh or sharers[1].name) in dialog.list.item(1).text()
    qtbot.keyClick(dialog.find, Qt.Key.Key_2)  # the focus is in the field: one key still charges
    qtbot.waitUntil(lambda: panel.dialog is None)
    call = PbxCall.get_by_id(call.id)
    assert (call.status, call.stay_id, call.reason) == ("posted", sharers[1].id, "shared_room")
    assert FolioPosting.get_by_id(call.posting_id).stay_id == sharers[1].id
    assert "shared_room -> stay" in audit.AuditEvent.select().order_by(audit.AuditEvent.id.desc()).first().detail
    assert panel.call_model.rows == []


def test_a_supervisor_adds_a_source_from_the_panel_with_the_keyboard(qtbot, demo):
    from hotel_phone.db import PbxSource

    w = open_window(qtbot)  # anna, an operator: may not
    w.nav.setCurrentRow(w.panels.index(w.pbx))
    panel = w.pbx
    assert not panel.buttons["add"].isEnabled()
    panel.source_table.setFocus()
    qtbot.keyClick(panel.source_table, Qt.Key.Key_Insert)
    assert panel.dialog is None and "supervisor" in panel.message.text()
    sign_in_as(qtbot, w, "wangfang")  # a supervisor
    assert panel.buttons["add"].isEnabled()
    panel.source_table.setFocus()
    qtbot.keyClick(panel.source_table, Qt.Key.Key_Insert)
    dialog = panel.dialog
    assert dialog is not None and dialog.format.count() >= 7
    type_into(qtbot, dialog.name, "Front office PBX")
    dialog.format.setFocus()
    while dialog.format.currentData() != "asterisk-uniqueid":
        qtbot.keyClick(dialog.format, Qt.Key.Key_Down)
    dialog.kind.setFocus()
    while dialog.kind.currentData() != "watch":
        qtbot.keyClick(dialog.kind, Qt.Key.Key_Down)
    assert "Master.csv" in dialog.address.placeholderText()
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Return)  # no path yet: refused in the dialog, nothing added
    assert panel.dialog is dialog and dialog.message.text() and not PbxSource.select().exists()
    type_into(qtbot, dialog.address, "/mnt/pbx/Master.csv")
    dialog.zone.setFocus()
    qtbot.keyClick(dialog.zone, Qt.Key.Key_Down)  # UTC: usegmtime
    type_into(qtbot, dialog.prefix, "9")
    qtbot.keyClick(dialog.prefix, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.dialog is None)
    src = PbxSource.get(PbxSource.name == "Front office PBX")
    assert (src.format, src.kind, src.address, src.records_tz, src.strip_prefix) == (
        "asterisk-uniqueid", "watch", "/mnt/pbx/Master.csv", "UTC", "9")
    assert [r.name for r in panel.source_model.rows] == ["Front office PBX"]
    # A zone typed by name (the PBX writes Beijing time, the hotel is elsewhere); an unknown one is refused.
    panel.source_table.setFocus()
    qtbot.keyClick(panel.source_table, Qt.Key.Key_Insert)
    dialog = panel.dialog
    type_into(qtbot, dialog.name, "Avaya")
    type_into(qtbot, dialog.zone.lineEdit(), "Mars/Olympus")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert panel.dialog is dialog and "Mars/Olympus" in dialog.message.text()
    type_into(qtbot, dialog.zone.lineEdit(), "Asia/Shanghai")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.dialog is None)
    assert PbxSource.get(PbxSource.name == "Avaya").records_tz == "Asia/Shanghai"
    event = audit.AuditEvent.select().where(audit.AuditEvent.action == "pbx_source_added").get()
    assert event.operator.username == "wangfang"


TWELVE = ("赵一", "钱二", "孙三", "李四", "周五", "吴六", "郑七", "王八", "冯九", "陈十", "褚十一", "卫十二")


def _crowded_room_call(demo, key: str) -> tuple[list[Stay], PbxCall]:
    """Twelve guests checked in to one room (a tour group's dormitory), then a call from it."""
    from hotel_phone import stays

    busy = {s.room_id for s in Stay.select().where(Stay.status == "in_house")}
    room = next(r for r in Room.select().order_by(Room.number) if r.id not in busy)
    today = NOW.date()
    group = [stays.check_in(demo, stays.StayInput(room=room.number, name_zh=name, arrival=today,
                                                  departure=today + timedelta(days=2)))
             for name in TWELVE]
    src = sources.source_named("Asterisk") or sources.add_source(None, "Asterisk", "asterisk-uniqueid",
                                                                 records_tz="UTC", strip_prefix="9")
    ingest.ingest(src, [_line(room.extension, key, "02:03")])
    call = PbxCall.get(PbxCall.natural_key == key)
    assert (call.status, call.reason) == ("unmatched", "shared_room")
    return group, call


def _open_chooser(qtbot, panel, call):
    panel.refresh()
    panel.call_table.setFocus()
    panel.call_table.selectRow(next(i for i, r in enumerate(panel.call_model.rows) if r.id == call.id))
    qtbot.keyClick(panel.call_table, Qt.Key.Key_Return)
    dialog = panel.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.find.hasFocus)  # the typing goes to the field at once
    return dialog


def test_a_room_of_twelve_guests_is_charged_by_number_name_or_arrows(qtbot, demo):
    """Past nine guests a digit alone would be ambiguous ("1" may begin "12"): the number is typed and Enter
    charges; a name (characters or pinyin) narrows the list too, and the arrows move in it."""
    group, first = _crowded_room_call(demo, "7.1")
    w = open_window(qtbot)
    w.nav.setCurrentRow(w.panels.index(w.pbx))
    panel = w.pbx
    dialog = _open_chooser(qtbot, panel, first)
    assert dialog.list.count() == 12 and "卫十二" in dialog.list.item(11).text()
    assert dialog.list.item(11).text().startswith("12 ")
    qtbot.keyClick(dialog.find, Qt.Key.Key_1)  # not charged yet: guests 1, 10, 11 and 12 fit, 1 first
    assert panel.dialog is dialog and dialog.list.count() == 4 and dialog.chosen == group[0].id
    qtbot.keyClick(dialog.find, Qt.Key.Key_2)
    assert dialog.list.count() == 1 and dialog.chosen == group[11].id
    qtbot.keyClick(dialog.find, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.dialog is None)
    call = PbxCall.get_by_id(first.id)
    assert (call.status, call.stay_id) == ("posted", group[11].id)
    assert FolioPosting.get_by_id(call.posting_id).stay_id == group[11].id

    # A name in pinyin, then the arrows: the third of those who fit.
    src = sources.source_named("Asterisk")
    room = group[0].room
    ingest.ingest(src, [_line(room.extension, "7.2", "02:04"), _line(room.extension, "7.3", "02:05")])
    dialog = _open_chooser(qtbot, panel, PbxCall.get(PbxCall.natural_key == "7.2"))
    type_into(qtbot, dialog.find, "shi")  # 陈十, 褚十一, 卫十二
    assert dialog.list.count() == 3 and dialog.chosen == group[9].id
    qtbot.keyClick(dialog.find, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.find, Qt.Key.Key_Down)
    assert dialog.chosen == group[11].id
    qtbot.keyClick(dialog.find, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.find, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.dialog is None)
    assert PbxCall.get(PbxCall.natural_key == "7.2").stay_id == group[10].id

    # Arrows alone from the top of the whole list; something that fits nobody charges nobody.
    dialog = _open_chooser(qtbot, panel, PbxCall.get(PbxCall.natural_key == "7.3"))
    type_into(qtbot, dialog.find, "xyz")
    assert dialog.list.count() == 0 and dialog.chosen is None
    qtbot.keyClick(dialog.find, Qt.Key.Key_Return)
    assert panel.dialog is dialog and dialog.message.text()  # "Choose the guest to charge."
    dialog.find.selectAll()
    qtbot.keyClick(dialog.find, Qt.Key.Key_Backspace)
    for _ in range(4):
        qtbot.keyClick(dialog.find, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.find, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.dialog is None)
    assert PbxCall.get(PbxCall.natural_key == "7.3").stay_id == group[4].id
    assert PbxCall.select().where(PbxCall.status == "posted", PbxCall.stay.in_([g.id for g in group])).count() == 3


def _dialog_texts(dialog) -> list[str]:
    """What the dialog shows in words: labels, buttons, placeholders, list and combo items, its title."""
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit

    out = [dialog.windowTitle()]
    for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton):
        if w.isVisibleTo(dialog) and w.text():
            out.append(w.text())
    for w in dialog.findChildren(QLineEdit):
        if w.placeholderText():
            out.append(w.placeholderText())
    for w in dialog.findChildren(QComboBox):
        out += [w.itemText(i) for i in range(w.count())]
    return out


def test_add_source_shows_the_formats_in_chinese_and_follows_ctrl_shift_l_while_open(qtbot, demo):
    import re

    from hotel_phone import i18n
    from hotel_phone.pbx import formats

    han = re.compile(r"[\u4e00-\u9fff]")
    w = open_window(qtbot)
    sign_in_as(qtbot, w, "wangfang")  # a supervisor, who works in Chinese
    assert i18n.current_language() == "zh_CN"
    w.nav.setCurrentRow(w.panels.index(w.pbx))
    panel = w.pbx
    panel.source_table.setFocus()
    qtbot.keyClick(panel.source_table, Qt.Key.Key_Insert)
    dialog = panel.dialog
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.wait(50)  # Qt's catalog of the sign-in's switch reaches the form after it opened: still our words
    titles = [dialog.format.itemText(i) for i in range(dialog.format.count())]
    assert len(titles) == len(formats.REGISTRY)
    assert all(han.search(t) for t in titles), titles  # every format's title in Chinese, not only its name
    assert titles[0] == "asterisk — Asterisk cdr_csv（16 列）"
    type_into(qtbot, dialog.name, "Front office PBX")
    type_into(qtbot, dialog.zone.lineEdit(), "Asia/Shanghai")  # typed by name: kept through the switch
    chinese = _dialog_texts(dialog)
    assert [b.text() for b in dialog.buttons.buttons()] == ["添加", "取消"]
    assert all(han.search(t) for t in chinese if t not in ("Front office PBX", "Asia/Shanghai")), chinese

    qtbot.keyClick(dialog.name, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert i18n.current_language() == "en" and panel.dialog is dialog
    english = _dialog_texts(dialog)
    assert not [t for t in english if han.search(t)], english
    # Qt's own catalog goes after ours and resets the stock buttons; ours are put back after it (with many
    # widgets alive, as late in the suite, that takes longer than a fixed pause).
    qtbot.waitUntil(lambda: [b.text() for b in dialog.buttons.buttons()] == ["Add", "Cancel"], timeout=5000)
    assert dialog.windowTitle() == "Add a source of call records"
    assert dialog.format.itemText(0) == "asterisk — Asterisk cdr_csv (16 columns)"
    assert dialog.kind.currentText() == "file" and dialog.zone.itemText(0) == "the hotel's time zone"
    assert dialog.name.text() == "Front office PBX" and dialog.records_tz() == "Asia/Shanghai"

    qtbot.keyClick(dialog.name, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: _dialog_texts(dialog) == chinese, timeout=5000)
    assert i18n.current_language() == "zh_CN"
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: panel.dialog is None)
