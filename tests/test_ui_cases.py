"""A case from the keyboard during an inside call: logged, sent, chased from the alert bar, closed later."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hotel_phone import stays
from hotel_phone.db import Case, CaseEvent
from hotel_phone.ui.cases_panel import CaseDialog, DispatchDialog
from hotel_phone.ui.main_window import PANELS
from tests.uihelpers import open_window, type_into


def test_case_from_the_keyboard_during_an_inside_call_then_closed(qtbot, demo, fixed_clock, monkeypatch):
    window = open_window(qtbot)
    guest = next(iter(stays.search("Björn Schäfer")))
    qtbot.keyClick(window, Qt.Key.Key_F2, Qt.KeyboardModifier.ShiftModifier)  # the room rings the switchboard
    call = window.call
    assert call.open_call() is not None and call.caller_name.hasFocus()
    type_into(qtbot, call.purpose, "air conditioning not cooling")
    type_into(qtbot, call.number, guest.room)

    qtbot.keyClick(call.number, Qt.Key.Key_F10)  # one key: a case from this call
    dialog = window.cases.dialog
    assert isinstance(dialog, CaseDialog) and dialog.isVisible()
    assert dialog.room.text() == guest.room and dialog.by_guest.isChecked()
    assert "Björn" in dialog.by_guest.text() and dialog.text.toPlainText() == "air conditioning not cooling"
    qtbot.waitUntil(dialog.code.hasFocus, timeout=3000)
    assert dialog.code.currentText().startswith("AC")
    assert dialog.department.currentText() == "Engineering"
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)  # log it

    case = Case.get()
    assert case.kind == "repair" and case.stay_id == guest.id and case.call_id == call.call_id
    sent = window.cases.dialog
    assert isinstance(sent, DispatchDialog) and sent.isVisible()
    assert "8601" in sent.findChildren(type(sent.to_department))[0].text()
    assert sent.to_caller.text().startswith("Thank you. I have passed it to Engineering")  # the guest's English
    qtbot.keyClick(sent.sent, Qt.Key.Key_Return)  # rang the department: sent
    assert Case.get().status == "sent" and not sent.isVisible()
    # Keys beyond typing, from the call to a case sent: F10, Enter, Enter.
    window.handover.refresh()
    assert f"{case.id:05d}  room {guest.room}  Air conditioning  Engineering" in window.handover.items.toPlainText()
    window.activateWindow()  # the window manager's job when a dialog closes; offscreen has none
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window, Qt.Key.Key_F12)  # end the call
    assert call.open_call() is None

    # Twelve minutes later, nobody has responded: the alert shows over the register.
    window.nav.setCurrentRow(window.panels.index(window.guests))
    window.guests.refresh()
    row = next(i for i, r in enumerate(window.guests.model.rows) if r.id == guest.id)
    assert window.guests.model.data(window.guests.model.index(row, 7)) == "1"
    beeps = []
    monkeypatch.setattr("hotel_phone.ui.cases_panel.QApplication.beep", lambda: beeps.append(1))
    fixed_clock.advance(minutes=12)
    window.tick()
    bar = window.case_alert
    assert bar.isVisible() and beeps == [1] and window.stack.currentWidget() is window.guests
    assert bar.title.text().startswith(f"Case {case.id:05d} overdue: Air conditioning, room {guest.room}")
    assert bar.advice.text() == "Ring Engineering on 8601." and "Cases overdue: 1" in window.cases_label.text()
    monkeypatch.setattr("hotel_phone.ui.cases_panel.ask_text", lambda *a, **k: ("on the way", True))
    qtbot.mouseClick(bar.chase_button, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()
    assert [e.target for e in CaseEvent.select().where(CaseEvent.kind == "chase_respond")] == ["8601"]

    # Later: the cases panel, from the keyboard.
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    panel = window.cases
    assert window.stack.currentWidget() is panel and panel.search.hasFocus()
    type_into(qtbot, panel.search, "schafer")
    qtbot.keyClick(panel.search, Qt.Key.Key_Down)
    assert panel.selected().id == case.id and "chased: not responded" in panel.details.text()
    for key, answer in (("start", None), ("done", "compressor reset"), ("call_back", "cool now, thanks")):
        if answer:
            monkeypatch.setattr("hotel_phone.ui.cases_panel.ask_text", lambda *a, _v=answer, **k: (_v, True))
        fixed_clock.advance(minutes=5)
        assert panel.buttons[key].isEnabled(), key
        qtbot.mouseClick(panel.buttons[key], Qt.MouseButton.LeftButton)
    assert Case.get().status == "called_back" and panel.buttons["close"].isEnabled()
    qtbot.mouseClick(panel.buttons["close"], Qt.MouseButton.LeftButton)
    case = Case.get()
    assert case.status == "closed" and case.answer == "cool now, thanks"
    assert panel.message.text() == f"Case {case.id:05d}: closed."
    assert panel.model.rows == []  # the filter shows open cases
    QApplication.processEvents()
    assert not bar.isVisible()


def test_work_order_statistics_and_the_supervisors_codes(qtbot, demo, fixed_clock, monkeypatch, tmp_path):
    from pypdf import PdfReader

    from hotel_phone import auth, casecodes, cases
    from hotel_phone.ui import printing

    anna = auth.sign_in("anna", "demo1234")
    noise = next(c for c in casecodes.active_codes() if c.code == "NOISE")
    complaint = cases.open_case(anna, cases.CaseInput(kind="complaint", code_id=noise.id, place="Lobby bar",
                                                      caller_name="Mr Li", text="too loud"))
    window = open_window(qtbot)  # anna, an operator
    panel = window.cases
    window.nav.setCurrentRow(window.panels.index(panel))
    panel.show_case(complaint.id)
    assert not panel.buttons["codes"].isVisible()
    printing.choose("work_order", printing.PDF_PREFIX + str(tmp_path / "printed"), "A4")
    qtbot.mouseClick(panel.buttons["work_order"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.printed == complaint.id, timeout=20000)
    assert Case.get_by_id(complaint.id).status == "sent" and "printed" in panel.message.text()
    (page,) = PdfReader(next((tmp_path / "printed").glob("work_order-*.pdf"))).pages
    assert abs(float(page.mediabox.width) - 595.3) < 2  # A4, on the station's printer for work orders
    for key in ("start", "done"):
        monkeypatch.setattr("hotel_phone.ui.cases_panel.ask_text", lambda *a, **k: ("", True))
        qtbot.mouseClick(panel.buttons[key], Qt.MouseButton.LeftButton)
    monkeypatch.setattr("hotel_phone.ui.cases_panel.ask_text", lambda *a, **k: ("quiet now", True))
    qtbot.mouseClick(panel.buttons["call_back"], Qt.MouseButton.LeftButton)
    assert Case.get_by_id(complaint.id).status == "called_back"
    assert not panel.buttons["close"].isEnabled() and not panel.buttons["cancel"].isEnabled()  # a supervisor's

    panel.last_pdf = None
    panel.monthly_statistics("2026-11")
    qtbot.waitUntil(lambda: panel.last_pdf is not None, timeout=10000)
    assert "Noise" in PdfReader(panel.last_pdf).pages[0].extract_text()
    assert "NOISE" in panel.last_csv.read_text(encoding="utf-8-sig")
    window.close()

    supervisor = open_window(qtbot, "wangfang")
    panel = supervisor.cases
    supervisor.nav.setCurrentRow(supervisor.panels.index(panel))
    panel.show_case(complaint.id)
    assert panel.buttons["close"].isEnabled()
    qtbot.mouseClick(panel.buttons["close"], Qt.MouseButton.LeftButton)
    assert Case.get_by_id(complaint.id).status == "closed"
    assert panel.buttons["codes"].isVisible()
    qtbot.mouseClick(panel.buttons["codes"], Qt.MouseButton.LeftButton)
    codes = panel.dialog
    codes.table.selectRow(next(i for i, c in enumerate(codes.model.rows) if c.code == "NOISE"))
    assert codes.minutes[2].text() == "10/60"
    type_into(qtbot, codes.minutes[2], "5/30")
    qtbot.mouseClick(codes.save_button, Qt.MouseButton.LeftButton)
    assert next(c for c in casecodes.active_codes() if c.code == "NOISE").targets[2] == (5, 30)
    type_into(qtbot, codes.minutes[3], "90")
    qtbot.mouseClick(codes.save_button, Qt.MouseButton.LeftButton)
    assert "10/60" in codes.message.text() and casecodes.active_codes()  # refused, the list unchanged


def test_the_next_operator_sees_what_their_role_may_do(qtbot, demo):
    from hotel_phone import auth, casecodes, cases

    anna = auth.sign_in("anna", "demo1234")
    noise = next(c for c in casecodes.active_codes() if c.code == "NOISE")
    case = cases.open_case(anna, cases.CaseInput(kind="complaint", code_id=noise.id, place="Lobby bar",
                                                 caller_name="Mr Li"))
    cases.done(anna, case.id)
    cases.call_back(anna, case.id, True, "fine")
    window = open_window(qtbot)
    window.nav.setCurrentRow(window.panels.index(window.cases))
    window.cases.show_case(case.id)
    assert not window.cases.buttons["close"].isEnabled()
    window.sessions.switch_operator()
    qtbot.keyClicks(window.sessions.signin.user, "wangfang")  # the supervisor signs in at the shift change
    qtbot.keyClicks(window.sessions.signin.password, "demo1234")
    qtbot.keyClick(window.sessions.signin.password, Qt.Key.Key_Return)
    assert window.session.operator.username == "wangfang"
    assert window.cases.buttons["close"].isEnabled() and window.cases.buttons["codes"].isVisible()


def test_an_overdue_case_shows_over_the_sign_in_and_is_chased_by_key(qtbot, demo, fixed_clock, monkeypatch):
    from hotel_phone import auth, casecodes, cases

    anna = auth.sign_in("anna", "demo1234")
    guest = next(iter(stays.search("Björn Schäfer")))
    ac = next(c for c in casecodes.active_codes() if c.code == "AC")
    case = cases.open_case(anna, cases.CaseInput(kind="repair", code_id=ac.id, room=guest.room, stay_id=guest.id))
    window = open_window(qtbot)
    monkeypatch.setattr("hotel_phone.ui.cases_panel.QApplication.beep", lambda: None)
    window.sessions.switch_operator()  # shift change: nobody signed in
    fixed_clock.advance(minutes=11)
    window.tick()
    bar = window.case_alert
    assert bar.isVisible() and bar.isWindow() and not bar.chase_button.isEnabled()
    assert "Sign in" in bar.waiting.text() and f"Case {case.id:05d} overdue" in bar.title.text()
    qtbot.keyClicks(window.sessions.signin.user, "anna")
    qtbot.keyClicks(window.sessions.signin.password, "demo1234")
    qtbot.keyClick(window.sessions.signin.password, Qt.Key.Key_Return)
    assert bar.isVisible() and bar.chase_button.isEnabled() and not bar.waiting.isVisible()
    monkeypatch.setattr("hotel_phone.ui.cases_panel.ask_text", lambda *a, **k: ("coming", True))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert CaseEvent.get(CaseEvent.kind == "chase_respond").detail == "coming" and not bar.isVisible()


def test_the_panels_filters_by_department_and_kind_narrow_the_list(qtbot, demo):
    from hotel_phone import auth, casecodes, cases

    anna = auth.sign_in("anna", "demo1234")
    guest = next(iter(stays.search("Björn Schäfer")))
    codes = {c.code: c for c in casecodes.active_codes()}
    tv = cases.open_case(anna, cases.CaseInput(kind="repair", code_id=codes["TV"].id, room=guest.room,
                                               stay_id=guest.id))
    other_department = next(c for c in codes.values() if c.department_id != codes["TV"].department_id)
    elsewhere = cases.open_case(anna, cases.CaseInput(kind="request", code_id=other_department.id, place="Lobby",
                                                      caller_name="Li Wei"))
    window = open_window(qtbot)
    panel = window.panel("cases")
    window.nav.setCurrentRow([s.key for s in PANELS].index("cases"))

    def shown():
        return {r.id for r in panel.model.rows}

    assert {tv.id, elsewhere.id} <= shown()
    panel.department.setCurrentIndex(panel.department.findData(codes["TV"].department_id))
    assert tv.id in shown() and elsewhere.id not in shown()
    panel.department.setCurrentIndex(0)  # all departments
    panel.kind.setCurrentIndex(panel.kind.findData("request"))
    assert shown() == {elsewhere.id}
    panel.kind.setCurrentIndex(panel.kind.findData(""))
    assert {tv.id, elsewhere.id} <= shown()
