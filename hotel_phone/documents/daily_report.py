"""The daily report as a PDF, bilingual labels."""

from __future__ import annotations

import io

from hotel_phone import money, report, settings
from hotel_phone.documents.common import bilingual, other_language, p, styles
from hotel_phone.i18n import N_, format_date, gettext_in
from hotel_phone.report import DailyReport
# Imports inside functions: reportlab loads when a document is first drawn (for speed at start).

TITLE = N_("Switchboard daily report")


def render(r: DailyReport, lang: str = "zh_CN") -> bytes:
    """The same figures as the CSV (report.rows), sections titled in both languages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    st = styles()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=f"{gettext_in('en', TITLE)} {r.day}")
    a, b = bilingual(TITLE, lang)
    flow = [Paragraph(p(settings.hotel_name(lang)), st["title"]),
            Paragraph(f"{p(a)} <font size=7 color='#555555'>{p(b)}</font>", st["title"]),
            Paragraph(p(format_date(r.day, lang, "full")), st["subtitle"])]
    sections: dict[str, tuple[str, list]] = {}
    for (section, item, count, fen), (other, *_rest) in zip(report.rows(r, lang), report.rows(r, other_language(lang))):
        amount = money.format(fen, r.currency, lang) if fen is not None else ""
        sections.setdefault(section, (other, []))[1].append((item, str(count), amount))
    for section, (other, lines) in sections.items():
        table = Table([[Paragraph(p(x), st["value"]), Paragraph(p(y), st["value"]), Paragraph(p(z), st["value"])]
                       for x, y, z in lines], colWidths=[95 * mm, 25 * mm, 40 * mm])
        table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.2, "#bbbbbb"),
                                   ("ALIGN", (1, 0), (2, -1), "RIGHT")]))
        flow += [Spacer(1, 4 * mm),
                 Paragraph(f"<b>{p(section)} <font size=7 color='#555555'>{p(other)}</font></b>", st["body"]), table]
    doc.build(flow)
    return buf.getvalue()
