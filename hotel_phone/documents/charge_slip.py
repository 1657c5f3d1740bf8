"""The telephone charge slip (电话收费单) for the front-desk cashier: numbered; reprints say COPY.

Only renders: the slip's number and its prints are the folio's (folio.issue_slip gives the data).
"""

from __future__ import annotations

import io

from hotel_phone import hoteltime, money
from hotel_phone.documents.common import bilingual, p, styles
from hotel_phone.folio import SlipData
from hotel_phone.i18n import N_, format_datetime, gettext_in
# Imports inside functions: reportlab loads when a document is first drawn (for speed at start).

TITLE = N_("Telephone charge slip")
COPY = N_("COPY")
FOOTER = N_("To the front-desk cashier for posting to the guest's account.")
LABELS = (N_("Slip No."), N_("Room"), N_("Guest"), N_("Number dialled"), N_("Destination"), N_("Started"),
          N_("Ended"), N_("Duration"), N_("Tariff zone"), N_("Rule"), N_("Amount"))


def render(d: SlipData, lang: str = "zh_CN") -> bytes:
    """The PDF (pure: safe off the GUI thread). For the cashier: Chinese first, English beneath."""
    from reportlab.lib.pagesizes import A5
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    st = styles()
    other = "en" if lang == "zh_CN" else "zh_CN"
    tz = hoteltime.zone()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A5, leftMargin=12 * mm, rightMargin=12 * mm, topMargin=10 * mm,
                            bottomMargin=10 * mm, title=f"{gettext_in('en', TITLE)} {d.number}")
    minutes, seconds = divmod(d.seconds, 60)
    values = (
        f"{d.number:06d}", d.room, d.guest, d.dialled, d.destination,
        format_datetime(d.started, tz, lang, "short"), format_datetime(d.ended, tz, lang, "short"),
        f"{minutes}:{seconds:02d} ({d.seconds} s)", d.zone, d.rule[lang] + "\n" + d.rule[other],
        money.format(d.charge_fen, d.currency, lang),
    )
    flow = [Paragraph(p(d.hotel[lang]), st["title"]), Paragraph(p(d.hotel[other]), st["subtitle"]),
            Spacer(1, 3 * mm),
            Paragraph(p(f"{gettext_in(lang, TITLE)} · {gettext_in(other, TITLE)}"), st["title"])]
    if d.copy:
        flow.append(Paragraph(f"<b>{p(gettext_in(lang, COPY))} / {p(gettext_in(other, COPY))}</b>", st["title"]))
    flow.append(Spacer(1, 3 * mm))
    rows = []
    for msgid, value in zip(LABELS, values):
        first, second = bilingual(msgid, lang)
        amount = msgid == LABELS[-1]
        rows.append([[Paragraph(p(first), st["label"]), Paragraph(p(second), st["small"])],
                     Paragraph(f"<b>{p(value)}</b>" if amount else p(value), st["body"] if amount else st["value"])])
    table = Table(rows, colWidths=[32 * mm, None])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LINEBELOW", (0, 0), (-1, -2), 0.25, "#999999"),
                               ("BOX", (0, 0), (-1, -1), 0.5, "#333333")]))
    flow += [table, Spacer(1, 6 * mm),
             Paragraph(p(gettext_in(lang, FOOTER) + " · " + gettext_in(other, FOOTER)), st["small"])]
    doc.build(flow)
    return buf.getvalue()
