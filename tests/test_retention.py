from datetime import date

from hotel_phone import audit, calls, folio, longdistance as ld, messages, retention, stays
from hotel_phone.db import FolioPosting, LongDistanceBooking, MessageSlip, ScreenedCall, Stay
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

