"""Cases fed arbitrary text: only clear domain errors, never a crash, nothing half-saved."""

from hypothesis import given
from hypothesis import strategies as st

from hotel_phone import auth, casecodes, cases, casestats
from hotel_phone.db import AuditEvent, Case
from tests.test_fuzz import FUZZ, TEXT, only_domain_errors


@FUZZ
@given(text=TEXT, room=TEXT, place=TEXT, name=TEXT, number=TEXT, kind=st.sampled_from(list(cases.KINDS) + ["x"]))
def test_a_case_from_any_text(demo, text, room, place, name, number, kind):
    anna = auth.sign_in("anna", "demo1234")
    code = casecodes.active_codes()[0]
    before = (Case.select().count(), AuditEvent.select().count())
    data = cases.CaseInput(kind=kind, code_id=code.id, text=text, room=room, place=place, caller_name=name,
                           caller_number=number)
    case = only_domain_errors(cases.open_case, anna, data)
    if case is None:
        assert (Case.select().count(), AuditEvent.select().count()) == before
    else:
        only_domain_errors(cases.add_note, anna, case.id, text)
        assert cases.get_row(case.id).text == case.text  # a note never changes the text
    cases.listing(query=text)
    cases.listing(room=room)
    only_domain_errors(casestats.parse_month, text)
    only_domain_errors(casecodes.parse_minutes, text, 1)
