"""The operator's hands on the keyboard: sign in, switch language, find, check in, move, check out."""

from datetime import date

import pytest
from PySide6.QtCore import Qt

from hotel_phone import hoteltime, i18n, stays
from hotel_phone.db import Operator, RoomMove, Stay
from hotel_phone.ui.language import hub
from hotel_phone.ui.signin import SignInDialog
from tests.uihelpers import open_window, type_into, type_text


@pytest.fixture
def window(qtbot, demo):
    return open_window(qtbot)


def test_sign_in_with_the_keyboard(qtbot, demo):
    hub().set_language("en")
    dialog = SignInDialog("Test", demo_hint=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.user, "zhangli")
    qtbot.keyClicks(dialog.password, "wrong")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.session is None and "Wrong user name or password" in dialog.message.text()
    assert dialog.password.text() == ""
    qtbot.keyClicks(dialog.password, "demo1234")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.session.operator.username == "zhangli"


def test_sign_in_dialog_switches_language(qtbot, demo):
    hub().set_language("en")
    dialog = SignInDialog("Test")
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findText(i18n.LANGUAGE_NAMES["zh_CN"]))
    assert i18n.current_language() == "zh_CN"
    assert dialog.windowTitle() == "登录"
    dialog.language.setCurrentIndex(dialog.language.findText(i18n.LANGUAGE_NAMES["en"]))
    assert dialog.windowTitle() == "Sign in"


def test_switch_language_both_ways_and_remember_it(qtbot, window):
    assert window.menu_file.title() == "&File"
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert i18n.current_language() == "zh_CN"
    assert window.menu_file.title() == "文件(&F)"
    assert window.guests.model.headerData(0, Qt.Orientation.Horizontal) == "房号"
    assert "话务员" in window.operator_label.text()
    assert Operator.get(Operator.username == "anna").language == "zh_CN"
    window.language_actions["en"].trigger()
    assert window.menu_file.title() == "&File" and window.nav.item(window.panels.index(window.guests)).text() == "Guests in house  (Alt+2)"
    assert Operator.get(Operator.username == "anna").language == "en"


@pytest.mark.parametrize("query", ["张伟", "zhangwei", "zhang wei", "zhāng wěi", "zw"])
def test_find_guest_by_characters_pinyin_and_initials(qtbot, window, query):
    type_into(qtbot, window.guests.search, query)
    names = [r.name_zh for r in window.guests.model.rows]
    assert names.count("张伟") == 2


@pytest.mark.parametrize("query", ["muller", "MÜLLER", "jurgen"])
def test_find_guest_by_accented_name(qtbot, window, query):
    type_into(qtbot, window.guests.search, query)
    assert any("Müller" in r.name for r in window.guests.model.rows)


def test_check_in_move_check_out_by_keyboard(qtbot, window):
    panel = window.guests
    free = next(n for n in stays.all_rooms() if not stays.search(n) and n.startswith("3"))
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = panel.dialog
    assert dialog is not None and not dialog.editing
    qtbot.keyClicks(dialog.room, free)
    type_text(qtbot, dialog.name, "Åsa Öberg")
    dialog.language.setCurrentIndex(dialog.language.findText(i18n.LANGUAGE_NAMES["en"]))
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert panel.dialog is None
    stay = Stay.get(Stay.name == "Åsa Öberg")
    assert stay.room.number == free and stay.status == "in_house"
    assert f"room {free}" in panel.message.text()

    type_into(qtbot, panel.search, "asa oberg")
    assert [r.id for r in panel.model.rows] == [stay.id]
    qtbot.keyClick(panel.search, Qt.Key.Key_Down)
    assert panel.selected().id == stay.id

    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    move = panel.dialog
    qtbot.keyClicks(move.room, "1999")
    qtbot.keyClick(move.room, Qt.Key.Key_Return)
    assert "Room 1999 does not exist" in move.message.text() and panel.dialog is move
    target = next(n for n in stays.all_rooms() if n.startswith("16"))
    move.room.clear()
    qtbot.keyClicks(move.room, target)
    qtbot.keyClick(move.room, Qt.Key.Key_Return)
    assert Stay.get_by_id(stay.id).room.number == target
    assert RoomMove.select().where(RoomMove.stay == stay.id).count() == 1

    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    checkout = panel.dialog
    assert "Nothing is open" in checkout.warnings.text()
    qtbot.keyClick(checkout, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.dialog is None)  # the check-out ran on the worker
    assert Stay.get_by_id(stay.id).status == "departed"
    assert panel.model.rows == []


def test_check_in_refusals_are_shown_and_change_nothing(qtbot, window):
    panel = window.guests
    before = Stay.select().count()
    panel.check_in()
    dialog = panel.dialog
    qtbot.keyClicks(dialog.room, "9999")
    qtbot.keyClicks(dialog.name, "Nobody Here")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert "Room 9999 does not exist" in dialog.message.text()
    dialog.room.clear()
    qtbot.keyClicks(dialog.room, "201")
    dialog.departure.setDate(dialog.arrival.date().addDays(-1))
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert "before the arrival" in dialog.message.text()
    assert Stay.select().count() == before
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert panel.dialog is None


def test_edit_guest(qtbot, window):
    panel = window.guests
    type_into(qtbot, panel.search, "zhangwei")
    qtbot.keyClick(panel.search, Qt.Key.Key_Down)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = panel.dialog
    dialog.vip.setChecked(True)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert Stay.get_by_id(panel.selected().id).vip


def test_error_messages_in_chinese(qtbot, window):
    window.set_language("zh_CN")
    panel = window.guests
    panel.check_in()
    dialog = panel.dialog
    qtbot.keyClicks(dialog.room, "9999")
    qtbot.keyClicks(dialog.name, "X")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.message.text() == "房间 9999 不存在。"


def test_switch_operator_keeps_the_window(qtbot, window):
    window.sessions.switch_operator()
    assert window.session is None and not window.centralWidget().isEnabled()
    dialog = window.sessions.signin
    qtbot.keyClicks(dialog.user, "zhangli")
    qtbot.keyClicks(dialog.password, "demo1234")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert window.session.operator.username == "zhangli" and window.centralWidget().isEnabled()
    # The next operator's own language comes with her.
    assert window.operator_label.text() == "话务员:张丽(话务员)"


def test_import_from_the_panel(qtbot, window, tmp_path):
    csv = tmp_path / "in.csv"
    csv.write_text("room,name,arrival,departure\n1999,Ghost,2026-11-28,2026-11-29\n")
    window.guests.import_csv(str(csv))
    qtbot.waitUntil(lambda: window.guests.buttons["import"].isEnabled())  # imported on the worker
    assert "0 imported" in window.guests.message.text() and "line 2" in window.guests.message.text()


def test_status_bar_shows_hotel_time_not_pc_time(qtbot, window):
    # The fixed clock says 10:00 in Shanghai, whatever zone this PC is in.
    assert "10:00" in window.clock_label.text()
    assert str(stays.in_house_count()) in window.in_house_label.text()
    assert date(2026, 11, 28) == hoteltime.today()


def test_setup_dialog_creates_the_hotel(qtbot, database):
    from hotel_phone import db, settings
    from hotel_phone.ui.setup_dialog import SetupDialog

    hub().set_language("en")
    dialog = SetupDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.name_zh, "新酒店")
    qtbot.keyClicks(dialog.name_en, "New Hotel")
    dialog.floors.setText("2-4x10")
    qtbot.keyClicks(dialog.password, "secret123")
    qtbot.keyClicks(dialog.password2, "secret124")
    qtbot.keyClick(dialog.password2, Qt.Key.Key_Return)
    assert "differ" in dialog.message.text() and db.is_empty()
    dialog.password2.clear()
    qtbot.keyClicks(dialog.password2, "secret123")
    qtbot.keyClick(dialog.password2, Qt.Key.Key_Return)
    assert dialog.session is not None and dialog.session.operator.role == "administrator"
    settings.invalidate()
    assert settings.get("hotel_name_zh") == "新酒店" and len(stays.all_rooms()) == 30


def test_app_refuses_a_bad_database_with_a_message(qtbot, tmp_path, monkeypatch, capsys):
    from PySide6.QtWidgets import QMessageBox

    from hotel_phone.ui import app

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    bad = tmp_path / "photo.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 100)
    assert app.run(str(bad), language="en") == 2
    assert shown and "not a hotel_phone database" in shown[0]
    assert "Traceback" not in capsys.readouterr().err


def test_demo_flag_refuses_a_real_hotel(hotel, database):
    from hotel_phone import db
    from hotel_phone.ui import app
    from hotel_phone.errors import DomainError

    db.close_database()
    with pytest.raises(DomainError, match="real hotel"):
        app.open_target(str(database), demo=True)
