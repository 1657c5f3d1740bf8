"""What must be seen before a stay closes: undelivered messages, calls not posted, slips not taken, open calls
and the guest's service cases not yet closed.

A composition above stays, messages, folio, long distance and cases: each of them
answers for its own table; this module only puts the answers together.
"""

from __future__ import annotations

from hotel_phone import cases, folio, longdistance, messages, money, settings
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
    due = folio.balance(stay_id)
    if due:
        out.append(_("Balance to settle at the cashier: {amount}.").format(
            amount=money.format(due, settings.get("currency"))))
    untaken = folio.untaken_slips_for_stay(stay_id)
    if untaken:
        out.append(ngettext("{n} charge slip not yet taken by the cashier.",
                            "{n} charge slips not yet taken by the cashier.", untaken).format(n=untaken))
    open_calls = longdistance.pending_for_stay(stay_id)
    if open_calls:
        out.append(ngettext("{n} long-distance call still open.", "{n} long-distance calls still open.",
                            open_calls).format(n=open_calls))
    open_cases = cases.open_for_stay(stay_id)
    if open_cases:
        n = len(open_cases)
        out.append(ngettext("{n} service case still open: {cases}.", "{n} service cases still open: {cases}.", n)
                   .format(n=n, cases=", ".join(_("{kind} No. {number}").format(kind=_(cases.KINDS[kind]), number=cases.number(case_id))
                                      for case_id, kind in open_cases)))
    return out
