from datetime import date
from pathlib import Path

import pytest

from hotel_phone import audit, calls, folio, messages, retention, stays
from hotel_phone import longdistance as ld
from hotel_phone.db import (
    FolioPosting,
    LongDistanceBooking,
    MessageSlip,
    ScreenedCall,
    Stay,
)
from hotel_phone.stays import StayInput


def test_old_stays_lose_personal_data_keep_amounts(hotel, fixed_clock):
    stay = stays.check_in(hotel, StayInput(room="305", name_zh="王小明", name="Wang Xiaoming", notes="VIP of ACME",
                                           arrival=date(2026, 11, 28), departure=date(2026, 11, 30)))
    keep = stays.check_in(hotel, StayInput(room="306", name="Recent Guest", arrival=date(2026, 11, 28),
                                           departure=date(2026, 11, 30)))
    call = calls.start(hotel, "outside", "en")
    calls.identify_caller(hotel, call.id, "Li Wei", "the contract")
    calls.choose_guest(hotel, call.id, stay.id)
    messages.take(hotel, stay_id=stay.id, from_name="Li Wei", text="call me")
    b = ld.book(hotel, stay.id, "ACME", "+442079460958")
    ld.place(hotel, b.id)
    ld.connected(hotel, b.id)
    fixed_clock.advance(minutes=3)
    ld.end(hotel, b.id)
    folio.post(hotel, stay.id, "FAX", 1000)
    stays.check_out(hotel, stay.id)
    fixed_clock.advance(days=200)
    stays.check_out(hotel, keep.id)
    assert retention.anonymise(hotel, 6) == 1
    s = Stay.get_by_id(stay.id)
    assert (s.name, s.name_zh, s.notes, s.search_key) == ("—", "", "", "")
    assert ScreenedCall.get_by_id(call.id).caller_name == ""
    assert MessageSlip.get().text == "" and LongDistanceBooking.get().number_dialled == ""
    assert folio.balance(stay.id) == 1000 + LongDistanceBooking.get().charge_fen
    assert FolioPosting.select().count() == 2
    assert Stay.get_by_id(keep.id).name == "Recent Guest"
    assert audit.verify().ok
    assert retention.anonymise(hotel, 6) == 0  # nothing twice
    assert "王小明" not in " ".join(e.detail for e in audit.AuditEvent.select())



def test_every_text_column_is_classified_for_retention():
    """A model's text column must say what retention does with it (other areas add models all the time)."""
    missing = retention.unclassified()
    assert not missing, (
        "These text columns are in neither list of hotel_phone/retention.py: " + ", ".join(missing) + ".\n"
        "If it can hold anything about a guest or caller (a name, a number, words someone typed), add it to "
        "PERSONAL[Model] = Personal({'column': BLANK | NAME | DESTINATION | DROP_NUMBERS | DELETE_ROW}, "
        "stay='<foreign key to Stay>' and/or age='<datetime column>'); otherwise add it to "
        "NOT_PERSONAL['Model'] = {'column': 'why it is kept'}.")


def test_registry_names_only_real_columns():
    from hotel_phone.db import MODELS

    names = {m.__name__: m for m in MODELS}
    for model, entry in retention.PERSONAL.items():
        assert model in MODELS
        for column in entry.columns:
            assert column in model._meta.fields, f"{model.__name__}.{column}"
    for name, columns in retention.NOT_PERSONAL.items():
        for column in columns:
            assert column in names[name]._meta.fields, f"{name}.{column}"


def test_dialled_numbers_keep_only_the_destination():
    assert retention.destination_only("+442079460958") == "+4420"
    assert retention.destination_only("+8613912345678") == "+86139"
    assert retention.drop_numbers("Telephone London 0044 20 7946 0958") == "Telephone London"


@pytest.mark.sqlite_only("reads the bytes of the SQLite file and its WAL")
def test_no_trace_of_a_purged_guest_in_the_file_or_its_log(hotel, database, fixed_clock):
    """Everything personal typed about one guest, then retention: the bytes of the file and WAL hold none of it."""
    from hotel_phone import directory, handover, wakeup

    secrets = ["Zebediah", "Quuxworth", "xylophone allergy", "Yolanda Vexley", "7946 0123", "79460123",
               "meet at the quetzal bar", "79460999", "7946 0999", "wrong room zanzibar", "bring the ocelot",
               "Ignatius Plover", "forgot the marmalade", "Tobermory"]
    stay = stays.check_in(hotel, StayInput(room="305", name="Zebediah Quuxworth", notes="xylophone allergy",
                                           arrival=date(2026, 11, 28), departure=date(2026, 11, 30)))
    call = calls.start(hotel, "outside", "en")
    calls.identify_caller(hotel, call.id, "Yolanda Vexley", "meet at the quetzal bar", "+44 20 7946 0123")
    calls.choose_guest(hotel, call.id, stay.id)
    calls.add_note(hotel, call.id, "bring the ocelot")
    messages.take(hotel, stay_id=stay.id, from_name="Yolanda Vexley", text="meet at the quetzal bar",
                  callback_number="+44 20 7946 0123")
    b = ld.book(hotel, stay.id, "Tobermory", "+44 20 7946 0999")
    ld.place(hotel, b.id)
    ld.connected(hotel, b.id)
    fixed_clock.advance(minutes=3)
    ld.end(hotel, b.id)
    posting = folio.post(hotel, stay.id, "FAX", 1000)
    folio.void(hotel, posting.id, "wrong room zanzibar")
    (wake,) = wakeup.schedule(hotel, ["305"], "06:30", first=date(2026, 11, 29))
    wakeup.cancel(hotel, wake.id, "forgot the marmalade")
    lost = calls.start(hotel, "outside", "en")  # a "not found" inquiry: the caller and the name asked for
    calls.identify_caller(hotel, lost.id, "Ignatius Plover", "is Quuxworth there")
    calls.not_found(hotel, lost.id, "Zebediah Quuxworth")
    directory.new_inquiry(hotel, "Ignatius Plover", "+44 20 7946 0123", "room for Zebediah Quuxworth")
    handover.hand_over(hotel, "Zebediah Quuxworth asked about the quetzal bar")
    stays.check_out(hotel, stay.id)
    fixed_clock.advance(days=800)
    assert retention.anonymise(hotel, 24) == 1
    data = b"".join(p.read_bytes() for p in (database, Path(str(database) + "-wal")) if p.exists())
    for secret in secrets:
        for form in (secret, secret.lower(), secret.upper()):
            assert form.encode("utf-8") not in data, f"{form!r} is still in the database file"
    assert audit.verify().ok and LongDistanceBooking.get().number_e164 == "+4420"
