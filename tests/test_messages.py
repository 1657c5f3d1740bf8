import shutil
import subprocess
from datetime import date

import pytest
from pypdf import PdfReader

from hotel_phone import auth, checkout, messages, stays
from hotel_phone.db import AuditEvent, MessageSlip
from hotel_phone.documents import fonts, message_slip
from hotel_phone.errors import PermissionDenied, ValidationError
from hotel_phone.stays import StayInput


@pytest.fixture
def guest(hotel):
    return stays.check_in(hotel, StayInput(room="305", name="Jürgen Müller", title="mr", language="en",
                                           arrival=date(2026, 11, 28), departure=date(2026, 11, 30)))


@pytest.fixture
def zh_guest(hotel):
    return stays.check_in(hotel, StayInput(room="208", name_zh="王小明", name="Wang Xiaoming", title="mr",
                                           language="zh_CN", arrival=date(2026, 11, 28),
                                           departure=date(2026, 11, 30)))


def test_take_number_and_deliver(hotel, guest):
    a = messages.take(hotel, stay_id=guest.id, from_name="Li Wei", template="call_back", callback_number="13800138000")
    b = messages.take(hotel, stay_id=guest.id, from_name="Anna", text="Dinner at 8", urgent=True)
    assert (a.number, b.number) == (1, 2)
    assert messages.undelivered_count() == 2 and messages.waiting_stays() == {guest.id}
    assert [r.number for r in messages.listing()] == [2, 1]  # urgent first
    messages.deliver(hotel, a.id, "phone")
    with pytest.raises(ValidationError, match="already delivered"):
        messages.deliver(hotel, a.id, "printed")
    assert messages.undelivered_count() == 1
    assert AuditEvent.select().where(AuditEvent.action == "message_delivered").count() == 1
    assert messages.message_text(messages.get(a.id), "zh_CN") == "请回电话。"


def test_a_local_call_back_number_without_area_code_is_taken(hotel, guest):
    from hotel_phone import phones, settings

    slip = messages.take(hotel, stay_id=guest.id, from_name="Li Wei", template="call_back",
                         callback_number="6321 8888")
    assert slip.callback_number == "6321 8888"  # kept as the caller said it
    assert phones.parse("6321 8888").e164 == "+862163218888"  # the hotel's area (021) is implied
    settings.write(hotel, {"area_code": "010"})
    assert phones.parse("6321-8888").e164 == "+861063218888"
    assert phones.parse("+44 20 7946 0958").e164 == "+442079460958"  # not touched: international
    with pytest.raises(ValidationError, match="not a possible phone number"):
        phones.parse("1234567")  # a local number never starts with 1


@pytest.mark.parametrize("kwargs, message", [
    (dict(from_name="", text="x"), "required"),
    (dict(from_name="Li", text=""), "required"),
    (dict(from_name="Li", text="x", callback_number="123"), "not a possible phone number"),
    (dict(from_name="Li", template="nonsense"), "Unknown message template"),
])
def test_bad_messages_save_nothing(hotel, guest, kwargs, message):
    with pytest.raises(ValidationError, match=message):
        messages.take(hotel, stay_id=guest.id, **kwargs)
    assert MessageSlip.select().count() == 0


def test_no_message_for_a_guest_who_left(hotel, guest):
    stays.check_out(hotel, guest.id)
    with pytest.raises(ValidationError, match="already checked out"):
        messages.take(hotel, stay_id=guest.id, from_name="Li", text="x")


def test_checkout_shows_undelivered_and_purge_after_retention(hotel, guest, fixed_clock):
    messages.take(hotel, stay_id=guest.id, from_name="Li Wei", text="Call me")
    assert checkout.warnings(guest.id) == ["1 message not yet delivered.",
                                                 "No. 00001 from Li Wei: Call me"]
    stays.check_out(hotel, guest.id)
    assert messages.purge(hotel) == 0  # still within 30 days
    fixed_clock.advance(days=31)
    assert messages.purge(hotel) == 1
    slip = MessageSlip.get()
    assert slip.purged_at is not None and slip.text == "" and slip.from_name == "" and slip.number == 1
    assert AuditEvent.select().where(AuditEvent.action == "messages_purged").count() == 2
    auth.create_operator(hotel, "op", "Op", "operator", "secret123")
    with pytest.raises(PermissionDenied):
        messages.purge(auth.sign_in("op", "secret123"))


def test_slip_pdf_in_both_languages(hotel, zh_guest, guest, tmp_path):
    assert fonts.embedded(), "a TrueType CJK font must be installed (fonts-wqy-microhei)"
    slip = messages.take(hotel, stay_id=zh_guest.id, from_name="John Smith", template="call_back",
                         callback_number="+44 20 7946 0958", text="合同的事", urgent=True)
    pdf = message_slip.build(messages.get(slip.id))
    path = tmp_path / "slip.pdf"
    path.write_bytes(pdf)
    text = PdfReader(path).pages[0].extract_text()
    for expected in ("王小明", "Wang Xiaoming", "请回电话", "Please call back", "合同的事", "208", "00001",
                     "电话留言单", "Telephone message", "紧急", "+44 20 7946 0958"):
        assert expected in text, expected
    en = messages.take(hotel, stay_id=guest.id, from_name="李伟", template="parcel")
    text = PdfReader(__import__("io").BytesIO(message_slip.build(messages.get(en.id)))).pages[0].extract_text()
    assert text.index("A parcel is waiting") < text.index("前台有您的包裹")  # guest's language first
    assert "Jürgen Müller" in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_slip_renders(hotel, zh_guest, tmp_path):
    slip = messages.take(hotel, stay_id=zh_guest.id, from_name="Li", template="visitor")
    (tmp_path / "slip.pdf").write_bytes(message_slip.build(messages.get(slip.id)))
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(tmp_path / "slip.pdf"), str(tmp_path / "slip")], check=True)
    assert list(tmp_path.glob("slip*.png"))


def test_a_desk_message_goes_to_the_guest_who_arrives_later_and_never_to_one_of_two_namesakes(hotel, guest):
    early = messages.take(hotel, wanted_name="Zebediah Quuxworth", from_name="Li Wei", text="Call me")
    assert early.stay_id is None  # nobody of that name yet: kept at the desk
    arrived = stays.check_in(hotel, StayInput(room="306", name="Zebediah Quuxworth", language="en",
                                              arrival=date(2026, 11, 28), departure=date(2026, 11, 30)))
    assert MessageSlip.get_by_id(early.id).stay_id == arrived.id  # matched at check-in
    assert messages.undelivered_for_stay(arrived.id)[0].id == early.id
    stays.check_in(hotel, StayInput(room="307", name="Zebediah Quuxworth", language="en",
                                    arrival=date(2026, 11, 28), departure=date(2026, 11, 30)))
    later = messages.take(hotel, wanted_name="Zebediah Quuxworth", from_name="Li Wei", text="Again")
    assert later.stay_id is None  # two of that name now: it waits at the desk rather than guess
