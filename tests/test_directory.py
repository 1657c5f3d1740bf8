from datetime import date, datetime, timezone

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hotel_phone import auth, calls, directory, phrases, settings, stays
from hotel_phone.db import DirectoryEntry, InquiryTask, Phrase
from hotel_phone.errors import PermissionDenied, ValidationError
from hotel_phone.stays import StayInput
from tests.uihelpers import open_window, type_into, type_text


def kinds(query):
    return [(h.kind, h.name_zh) for h in directory.search(query)]


def test_search_everything(demo):
    assert ("staff", "刘洋 值班经理") in kinds("zbjl")
    assert ("outside", "消防报警") in kinds("fire") and ("outside", "消防报警") in kinds("消防")
    assert [h.name_zh for h in directory.search("瑞金二路")] == ["瑞金医院(示例)"]
    assert any(h.kind == "info" and h.number == "8120" for h in directory.search("游泳"))
    hit = next(h for h in directory.search("shuttle"))
    assert directory.answer_text(hit, "en").startswith("Airport shuttle 8101")
    assert directory.answer_text(hit, "zh_CN").startswith("机场班车 8101")


@pytest.mark.parametrize("entry, message", [
    (directory.EntryInput("hospital", "", "", "021 5555 0601"), "needs a name"),
    (directory.EntryInput("hospital", "医院", "", "1234"), "not a possible phone number"),
    (directory.EntryInput("casino", "赌场", "", "021 5555 0601"), "Unknown category"),
])
def test_bad_entries_save_nothing(hotel, entry, message):
    with pytest.raises(ValidationError, match=message):
        directory.add(hotel, entry)
    assert DirectoryEntry.select().count() == 0


def test_csv_import_rejects_broken_rows_and_round_trips(demo, tmp_path):
    before = directory.export_csv()
    path = tmp_path / "dir.csv"
    path.write_text(before, encoding="utf-8")
    DirectoryEntry.update(active=False).execute()
    report = directory.import_csv(demo, path)
    assert report.rejected == [] and directory.export_csv() == before
    broken = tmp_path / "broken.csv"
    broken.write_text("category,name_zh,name_en,number\nhospital,新医院,New Hospital,021 5555 0999\n"
                      "hospital,,,021 5555 0998\nfire,消防,Fire,12\n", encoding="utf-8")
    report = directory.import_csv(demo, broken)
    assert report.imported == 1 and [line for line, _r in report.rejected] == [3, 4]
    assert any(h.name_en == "New Hospital" for h in directory.search("new hospital"))


def test_booking_inquiry_gets_its_answer(hotel):
    task = directory.new_inquiry(hotel, "Mr Lee", "13800138000", "2 rooms, 12-14 Dec")
    assert [t.id for t in directory.open_inquiries()] == [task.id]
    directory.answer_inquiry(hotel, task.id, "Reservations called back: booked, ref 5521")
    with pytest.raises(ValidationError, match="already has its answer"):
        directory.answer_inquiry(hotel, task.id, "again")
    assert directory.open_inquiries() == [] and InquiryTask.get().status == "answered"
    with pytest.raises(ValidationError):
        directory.new_inquiry(hotel, "", "13800138000", "x")


def test_phrasebook_rewording_is_used_everywhere(hotel):
    stay = stays.check_in(hotel, StayInput(room="305", name="John Smith", language="en", arrival=date(2026, 11, 28),
                                           departure=date(2026, 11, 29)))
    with pytest.raises(ValidationError, match="placeholders"):
        phrases.reword(hotel, "disclose", "{guest}住在本店。", "{guest} stays here.")
    with pytest.raises(ValidationError, match="placeholders"):
        phrases.reword(hotel, "unable", "对不起,{room}", "Sorry, {room}")  # cannot smuggle a room in
    auth.create_operator(hotel, "op", "Op", "operator", "secret123")
    with pytest.raises(PermissionDenied):
        phrases.reword(auth.sign_in("op", "secret123"), "hold", "请稍候。", "Please hold the line.")
    phrases.reword(hotel, "hold", "请稍候。", "Please hold the line.")
    call = calls.start(hotel, "outside", "en")
    calls.identify_caller(hotel, call.id, "Li", "x")
    calls.choose_guest(hotel, call.id, stay.id)
    assert calls.view(call.id).say_to_caller == "Please hold the line."
    entry = next(e for e in phrases.entries() if e.key == "hold")
    assert entry.reworded and entry.text_zh == "请稍候。" and Phrase.select().count() == 1
    phrases.reword(hotel, "hold", "请您稍等。", "One moment, please.")  # reworded again: the first is kept
    assert [(p.text_zh, p.text_en) for p in Phrase.select().order_by(Phrase.id)] == [
        ("请稍候。", "Please hold the line."), ("请您稍等。", "One moment, please.")]
    assert next(e for e in phrases.entries() if e.key == "hold").text_en == "One moment, please."


def test_reference_panel_by_keyboard(qtbot, demo):
    window = open_window(qtbot)
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    panel = window.reference
    assert window.stack.currentWidget() is panel and panel.query.hasFocus()
    type_text(qtbot, panel.query, "zbjl")
    assert panel.current().name_zh == "刘洋 值班经理"
    qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    assert QApplication.clipboard().text() == "8106"
    type_into(qtbot, panel.query, "fire")
    assert panel.current().number == "119"
    type_into(qtbot, panel.query, "")
    type_text(qtbot, panel.query, "消防")
    assert panel.current().number == "119"
    type_into(qtbot, panel.query, "")
    type_text(qtbot, panel.query, "瑞金二路")
    assert "Ruijin" in panel.current().name_en
    type_into(qtbot, panel.query, "shuttle")
    panel.caller_language = "en"
    panel.toggle_language()
    assert panel.answer.text().startswith("机场班车")
    qtbot.mouseClick(panel.inquiry_button, Qt.MouseButton.LeftButton)
    d = panel.dialog
    type_text(qtbot, d.caller, "Mr Lee")
    type_text(qtbot, d.number, "13800138000")
    qtbot.keyClick(d.number, Qt.Key.Key_Return)
    assert "Details" in d.message.text() and panel.tasks.count() == 0  # required
    type_text(qtbot, d.details, "2 rooms 12-14 Dec")
    qtbot.keyClick(d.number, Qt.Key.Key_Return)
    assert panel.tasks.count() == 1
    panel.tasks.setCurrentRow(0)
    panel.answer_inquiry("Booked by reservations, ref 5521")
    assert panel.tasks.count() == 0 and InquiryTask.get().answer.endswith("5521")


def test_reword_refuses_a_phrase_that_cannot_be_formatted(hotel):
    """Regression: "早上好,{hotel}}" was accepted, and every greeting after it raised ValueError."""
    for zh, en in (("早上好,{hotel}}", "Good morning, {hotel}."), ("早上好,{hotel}", "Good morning, {hotel!r}."),
                   ("早上好,{hotel.name}", "Good morning, {hotel}."), ("早上好,{hotel}{}", "Good morning, {hotel}."),
                   ("早上好,{hotel:>9}", "Good morning, {hotel}.")):
        with pytest.raises(ValidationError, match="placeholders"):
            phrases.reword(hotel, "greeting_morning", zh, en)
    phrases.reword(hotel, "greeting_morning", "早上好,{hotel}。{{总机}}", "Good morning, {hotel}.")
    at = datetime(2026, 11, 28, 1, 0, tzinfo=timezone.utc)  # 09:00 in Shanghai
    assert phrases.greeting("outside", "zh_CN", at) == f"早上好,{settings.hotel_name('zh_CN')}。{{总机}}"
    assert phrases.placeholders("早上好,{hotel}}") is None
