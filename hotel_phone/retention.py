"""Guest data retention: a guest's whereabouts are sensitive personal information.

Stays that ended more than a set number of months ago lose the guest's
personal data (names, notes, who called and what they said, the numbers the
guest called, the text of their cases and the answers they gave); cases from
outside callers lose the caller's name, number and the text the same number of
months after they were closed; amounts, dates, rooms and counts stay for the hotel's books.
The audit log never held such data (it names records, not people), so it
stays whole and its chain intact.
"""

from __future__ import annotations

from datetime import timedelta

from hotel_phone import audit, clock
from hotel_phone.db import (
    AllowedCaller,
    CallStep,
    Case,
    CaseEvent,
    LongDistanceBooking,
    MessageSlip,
    ScreenedCall,
    Stay,
    WakeUpCall,
    database,
)
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_
from hotel_phone.session import Session

ANONYMOUS = "—"


def anonymise(session: Session, months: int) -> int:
    """Blank personal data of stays that ended more than `months` ago; returns how many stays."""
    session.require("supervisor")
    if not 1 <= months <= 600:
        raise ValidationError(N_("Months must be between 1 and 600."))
    cutoff = clock.now() - timedelta(days=round(months * 30.44))
    with database.atomic():
        old = [s.id for s in Stay.select(Stay.id).where(Stay.status == "departed", Stay.checked_out_at < cutoff,
                                                         Stay.name != ANONYMOUS)]
        for i in range(0, len(old), 500):
            ids = old[i:i + 500]
            Stay.update(name=ANONYMOUS, name_zh="", pinyin="", notes="", party="", search_key="").where(
                Stay.id.in_(ids)).execute()
            AllowedCaller.delete().where(AllowedCaller.stay.in_(ids)).execute()
            calls = ScreenedCall.select(ScreenedCall.id).where(ScreenedCall.stay.in_(ids))
            ScreenedCall.update(caller_name="", caller_number="", purpose="", wanted="").where(
                ScreenedCall.stay.in_(ids)).execute()
            CallStep.update(detail="").where(CallStep.call.in_(calls)).execute()
            MessageSlip.update(from_name="", callback_number="", text="", purged_at=clock.now()).where(
                MessageSlip.stay.in_(ids), MessageSlip.purged_at.is_null()).execute()
            LongDistanceBooking.update(party_called="", number_dialled="").where(
                LongDistanceBooking.stay.in_(ids)).execute()
            WakeUpCall.update(note="").where(WakeUpCall.stay.in_(ids)).execute()
            _purge_cases(Case.stay.in_(ids))
        # Cases reported by outside callers: purged by the date they were closed.
        cases = _purge_cases(Case.stay.is_null() & Case.closed_at.is_null(False) & (Case.closed_at < cutoff))
        audit.record(session, "guest_data_anonymised",
                     detail=f"{len(old)} stays ended before {cutoff.date()}; {cases} outside callers' cases")
    return len(old)


def _purge_cases(where) -> int:
    """A case's text, the reporter's name and number, the answer and notes are personal data; the code,
    department, room and times stay for the statistics."""
    ids = [c.id for c in Case.select(Case.id).where(where, Case.purged_at.is_null())]
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        Case.update(caller_name="", caller_number="", text="", answer="", cancel_reason="", search_key="",
                    purged_at=clock.now()).where(Case.id.in_(chunk)).execute()
        CaseEvent.update(detail="").where(CaseEvent.case.in_(chunk)).execute()
    return len(ids)
