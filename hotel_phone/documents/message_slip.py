"""The message slip: numbered, small enough to slide under a door (A6), in the guest's language
with the other language beneath."""

from __future__ import annotations

import io

from hotel_phone import hoteltime, settings
from hotel_phone.documents.common import bilingual, other_language, p, styles
from hotel_phone.i18n import N_, format_datetime, gettext_in
from hotel_phone.messages import SlipRow, message_text
# Imports inside functions: reportlab loads when a document is first drawn (for speed at start).

TITLE = N_("Telephone message")
LABELS = {
    "to": N_("To"), "room": N_("Room"), "from": N_("From"), "callback": N_("Call back on"),
    "time": N_("Time"), "message": N_("Message"), "taken_by": N_("Taken by"),
}
URGENT = N_("URGENT")


def build(row: SlipRow) -> bytes:
    """The slip as PDF bytes (pure: no Qt, safe to run off the GUI thread)."""
    from reportlab.lib.pagesizes import A6
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    lang, other = row.language, other_language(row.language)
    st = styles()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A6, leftMargin=7 * mm, rightMargin=7 * mm, topMargin=7 * mm,
                            bottomMargin=7 * mm, title=f"{gettext_in('en', TITLE)} {row.number}")
    flow = [
        Paragraph(p(settings.hotel_name(lang)), st["title"]),
        Paragraph(p(settings.hotel_name(other)), st["subtitle"]),
        Spacer(1, 2 * mm),
        Paragraph(p(f"{gettext_in(lang, TITLE)} · {gettext_in(other, TITLE)}   No. {row.number:05d}"),
                  st["subtitle"]),
    ]
    if row.urgent:
        flow.append(Paragraph(f"<b>{p(gettext_in(lang, URGENT))} / {p(gettext_in(other, URGENT))}</b>",
                              st["title"]))
    flow.append(Spacer(1, 2 * mm))
    when = format_datetime(row.taken_at, hoteltime.zone(), lang, format="short")
    message = p(message_text(row, lang))
    if row.template:
        message += "<br/><font size=8>" + p(message_text(row, other)) + "</font>"
    values = {
        "to": row.recipient, "room": row.room, "from": row.from_name, "callback": row.callback_number,
        "time": when, "message": None, "taken_by": row.taken_by,
    }
    data = []
    for key, msgid in LABELS.items():
        if key == "room" and not row.room:
            continue
        if key == "callback" and not row.callback_number:
            continue
        first, second = bilingual(msgid, lang)
        label = [Paragraph(p(first), st["label"]), Paragraph(p(second), st["small"])]
        value = Paragraph(message, st["body"]) if key == "message" else Paragraph(p(values[key]), st["value"])
        data.append([label, value])
    table = Table(data, colWidths=[22 * mm, None])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -2), 0.25, "#999999"),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    flow.append(table)
    doc.build(flow)
    return buf.getvalue()
