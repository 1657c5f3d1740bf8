"""What must be seen before a stay closes: undelivered messages, calls not posted, slips not taken, open calls.

A composition above stays, messages, folio and long distance: each of them
answers for its own table; this module only puts the answers together.
"""

from __future__ import annotations

from hotel_phone import folio, longdistance, messages
from hotel_phone.i18n import _, current_language, ngettext


def warnings(stay_id: int) -> list[str]:
    """The warnings shown in the check-out dialog, in the operator's language (empty: nothing open)."""
    out = []
    undelivered = messages.undelivered_for_stay(stay_id)
    if undelivered:
        n = len(undelivered)
        out.append(ngettext("{n} message not yet delivered.", "{n} messages not yet delivered.", n).format(n=n))
        for slip in undelivered:
            out.append(_("No. {number} from {name}: {text}").format(
                number=f"{slip.number:05d}", name=slip.from_name, text=messages.message_text(slip, current_language())))
    unposted = folio.unposted_calls_for_stay(stay_id)
    if unposted:
        out.append(ngettext("{n} call not yet posted to the folio.", "{n} calls not yet posted to the folio.",
                            unposted).format(n=unposted))
    untaken = folio.untaken_slips_for_stay(stay_id)
    if untaken:
        out.append(ngettext("{n} charge slip not yet taken by the cashier.",
                            "{n} charge slips not yet taken by the cashier.", untaken).format(n=untaken))
    open_calls = longdistance.pending_for_stay(stay_id)
    if open_calls:
        out.append(ngettext("{n} long-distance call still open.", "{n} long-distance calls still open.",
                            open_calls).format(n=open_calls))
    return out
