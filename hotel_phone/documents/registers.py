"""The wake-up register (住客叫醒登记表) and the shift handover record (交接班记录), as PDFs."""

from __future__ import annotations

import io
from datetime import date
from typing import TYPE_CHECKING

from hotel_phone import hoteltime, i18n, settings
from hotel_phone.documents.common import other_language, p, styles
from hotel_phone.documents.fonts import cjk_font
from hotel_phone.i18n import N_, format_date, format_datetime, gettext_in
from hotel_phone.wakeup import STATUS_LABELS
# Imports inside functions: reportlab loads when a document is first drawn (for speed at start).

if TYPE_CHECKING:
    from hotel_phone.handover import HandoverRecord

REGISTER_TITLE = N_("Wake-up register")
HANDOVER_TITLE = N_("Shift handover record")
REGISTER_HEAD = (N_("Time"), N_("Room"), N_("Guest"), N_("Language"), N_("Note"), N_("Status"), N_("Tries"),
                 N_("Floor attendant"), N_("Minutes late"))


def _doc(buf, title: str, landscape_page: bool = False):
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    size = landscape(A4) if landscape_page else A4
    return SimpleDocTemplate(buf, pagesize=size, leftMargin=14 * mm, rightMargin=14 * mm, topMargin=14 * mm,
                             bottomMargin=14 * mm, title=title)


def _title(msgid: str, lang: str, st) -> list:
    from reportlab.platypus import Paragraph

    other = other_language(lang)
    return [Paragraph(p(settings.hotel_name(lang)), st["title"]),
            Paragraph(p(f"{gettext_in(lang, msgid)} · {gettext_in(other, msgid)}"), st["title"])]


def wakeup_register(day: date, rows, lang: str = "zh_CN") -> bytes:
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle


    st = styles()
    tz = hoteltime.zone()
    buf = io.BytesIO()
    doc = _doc(buf, f"{gettext_in('en', REGISTER_TITLE)} {day}", landscape_page=True)
    other = other_language(lang)
    head = [Paragraph(f"{p(gettext_in(lang, h))}<br/><font size=6.5>{p(gettext_in(other, h))}</font>", st["label"])
            for h in REGISTER_HEAD]
    data = [head] + [[
        r.due_at.astimezone(tz).strftime("%H:%M"), r.room, Paragraph(p(r.guest), st["value"]),
        i18n.LANGUAGE_NAMES.get(r.language, r.language), Paragraph(p(r.note), st["value"]),
        Paragraph(p(gettext_in(lang, STATUS_LABELS.get(r.status, r.status))), st["value"]), str(r.attempts),
        Paragraph(p(r.attendant), st["value"]), "" if r.minutes_late is None else str(r.minutes_late),
    ] for r in rows]
    table = Table(data, repeatRows=1, colWidths=[16 * 2.83, 16 * 2.83, None, 20 * 2.83, None, 40 * 2.83,
                                                 14 * 2.83, 30 * 2.83, 20 * 2.83])

    table.setStyle(TableStyle([("FONTNAME", (0, 1), (-1, -1), cjk_font()), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("GRID", (0, 0), (-1, -1), 0.25, "#999999"), ("BACKGROUND", (0, 0), (-1, 0), "#eeeeee")]))
    flow = _title(REGISTER_TITLE, lang, st) + [Paragraph(p(format_date(day, lang, "full")), st["subtitle"]),
                                                Spacer(1, 8), table]
    doc.build(flow)
    return buf.getvalue()


def handover(h: HandoverRecord, lang: str = "zh_CN") -> bytes:
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    st = styles()
    tz = hoteltime.zone()
    buf = io.BytesIO()
    doc = _doc(buf, f"{gettext_in('en', HANDOVER_TITLE)} {h.id}")
    other = other_language(lang)

    def label(msgid: str) -> Paragraph:
        return Paragraph(f"{p(gettext_in(lang, msgid))}<br/><font size=6.5>{p(gettext_in(other, msgid))}</font>",
                         st["label"])

    facts = [
        (N_("Outgoing operator"), h.outgoing), (N_("Handed over at"), format_datetime(h.created_at, tz, lang, "short")),
        (N_("Incoming operator"), h.incoming or "—"),
        (N_("Acknowledged at"), format_datetime(h.acknowledged_at, tz, lang, "short") if h.acknowledged_at else "—"),
    ]
    info = Table([[label(k), Paragraph(p(v), st["value"])] for k, v in facts], colWidths=[110, None])
    info.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.25, "#bbb")]))
    flow = _title(HANDOVER_TITLE, lang, st) + [Spacer(1, 8), info, Spacer(1, 10), label(N_("Open items")),
                                                Paragraph(p(h.items), st["value"]), Spacer(1, 10), label(N_("Notes")),
                                                Paragraph(p(h.notes or "—"), st["value"])]
    doc.build(flow)
    return buf.getvalue()
