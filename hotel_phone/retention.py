"""Guest data retention: a guest's whereabouts are sensitive personal information.

Stays that ended more than a set number of months ago lose the guest's
personal data (names, notes, who called and what they said, the numbers the
guest called); amounts, dates, rooms and counts stay for the hotel's books.
The audit log never held such data (it names records, not people), so it
stays whole and its chain intact.
"""

from __future__ import annotations

from datetime import timedelta

from hotel_phone import audit, clock
from hotel_phone.db import (AllowedCaller, CallStep, LongDistanceBooking, MessageSlip, ScreenedCall, Stay, WakeUpCall,
                            database)
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
        audit.record(session, "guest_data_anonymised", detail=f"{len(old)} stays ended before {cutoff.date()}")
    return len(old)
