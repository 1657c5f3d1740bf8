"""Every core entry point that takes text, fed arbitrary Unicode, control characters, huge strings and
malformed files: only clear domain errors, never a crash, nothing half-saved."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from hotel_phone import (calls, directory, guest_import, hoteltime, longdistance, messages, money, names, phones,
                         stays, tariff, worldclock)
from hotel_phone.db import AuditEvent, MessageSlip, Stay
from hotel_phone.errors import DomainError
from hotel_phone.stays import StayInput

TEXT = st.one_of(st.text(), st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
                 st.just("\x00"), st.just(":"), st.just("'; DROP TABLE stay; --"), st.just("%_\\"),
                 st.just("a" * 100_000), st.just("\u202e\u0000\ud7ff"))
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])


def only_domain_errors(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except DomainError as exc:
        assert exc.message()  # a sentence for the operator
        return None


@FUZZ
@given(TEXT)
def test_searches(demo, text):
    stays.search(text)
    directory.search(text)
    names.fold_query(text)
    only_domain_errors(worldclock.lookup, text)


@FUZZ
@given(TEXT)
def test_numbers_times_amounts(hotel, text):
    only_domain_errors(phones.parse, text)
    only_domain_errors(longdistance.destination, text)
    only_domain_errors(hoteltime.parse_time, text)
    only_domain_errors(money.parse, text)


@FUZZ
@given(name=TEXT, text=TEXT, number=TEXT)
def test_message_text(hotel, name, text, number):
    stay = Stay.select().first() or stays.check_in(hotel, StayInput(
        room="305", name="John Smith", arrival=date(2026, 11, 28), departure=date(2026, 11, 30)))
    before = (MessageSlip.select().count(), AuditEvent.select().count())
    if only_domain_errors(messages.take, hotel, stay_id=stay.id, from_name=name, text=text,
                          callback_number=number) is None:
        assert (MessageSlip.select().count(), AuditEvent.select().count()) == before


@FUZZ
@given(name=TEXT, name_zh=TEXT, notes=TEXT, room=TEXT)
def test_check_in_text(hotel, name, name_zh, notes, room):
    before = (Stay.select().count(), AuditEvent.select().count())
    data = StayInput(room=room, name=name, name_zh=name_zh, notes=notes, arrival=date(2026, 11, 28),
                     departure=date(2026, 11, 29))
    if only_domain_errors(stays.check_in, hotel, data) is None:
        assert (Stay.select().count(), AuditEvent.select().count()) == before


@FUZZ
@given(caller=TEXT, purpose=TEXT, number=TEXT)
def test_call_screening_text(hotel, caller, purpose, number):
    call = calls.start(hotel, "outside", "en")
    only_domain_errors(calls.identify_caller, hotel, call.id, caller, purpose, number)
    only_domain_errors(calls.not_found, hotel, call.id, caller)


@FUZZ
@given(st.binary(max_size=3000))
def test_malformed_guest_files(hotel, tmp_path_factory, blob):
    path = tmp_path_factory.mktemp("csv") / "guests.csv"
    path.write_bytes(blob)
    before = Stay.select().count()
    report = only_domain_errors(guest_import.import_guests, hotel, path)
    if report is None:
        assert Stay.select().count() == before


@FUZZ
@given(prefixes=st.lists(TEXT, max_size=3), price=st.integers(-10**6, 10**6), secs=st.integers(-5, 10**5))
def test_tariffs(hotel, prefixes, price, secs):
    zone = tariff.Zone("z", "z", "z", tuple(prefixes), secs, price, 6, price)
    only_domain_errors(tariff.store, hotel, tariff.TariffSpec("fuzz", (zone,)))


@pytest.mark.parametrize("bad", ["", "   ", "\x00", "a" * 5000])
def test_directory_entries(hotel, bad):
    assert only_domain_errors(directory.add, hotel, directory.EntryInput("hospital", bad, bad, bad)) is None
