"""The daily report as a PDF, bilingual labels."""

from __future__ import annotations

import io

from hotel_phone import calls, money, settings
from hotel_phone.documents.common import bilingual, p, styles
from hotel_phone.i18n import N_, format_date, gettext_in
from hotel_phone.report import DailyReport

TITLE = N_("Switchboard daily report")
SECTIONS = {
    "calls": N_("Calls screened"), "messages": N_("Messages"), "ld": N_("Long-distance calls by zone"),
    "pbx": N_("Direct-dialled calls (PBX records) by zone"), "pbx_status": N_("PBX records"),
    "postings": N_("Postings by code"), "voids": N_("Voids"), "wakeups": N_("Wake-up calls"),
}


def render(r: DailyReport, lang: str = "zh_CN") -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    st = styles()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=f"{gettext_in('en', TITLE)} {r.day}")

    def label(msgid: str) -> str:
        a, b = bilingual(msgid, lang)
        return f"{p(a)} <font size=7 color='#555555'>{p(b)}</font>"

    def amount(fen: int) -> str:
        return money.format(fen, r.currency, lang)

    def section(msgid: str, rows: list[tuple[str, str, str]]) -> list:
        table = Table([[Paragraph(p(a), st["value"]), Paragraph(p(b), st["value"]), Paragraph(p(c), st["value"])]
                       for a, b, c in rows] or [["—", "", ""]], colWidths=[95 * mm, 25 * mm, 40 * mm])
        table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.2, "#bbbbbb"),
                                   ("ALIGN", (1, 0), (2, -1), "RIGHT")]))
        return [Spacer(1, 4 * mm), Paragraph(f"<b>{label(msgid)}</b>", st["body"]), table]

    flow = [Paragraph(p(settings.hotel_name(lang)), st["title"]), Paragraph(label(TITLE), st["title"]),
            Paragraph(p(format_date(r.day, lang, "full")), st["subtitle"])]
    flow += section(SECTIONS["calls"], [(gettext_in(lang, calls.OUTCOME_LABELS.get(k, k)), str(n), "")
                                        for k, n in sorted(r.calls_by_outcome.items())]
                    + [(gettext_in(lang, N_("stays disclosed with consent")), str(r.disclosures), "")])
    flow += section(SECTIONS["messages"], [(gettext_in(lang, N_("taken")), str(r.messages_taken), ""),
                                           (gettext_in(lang, N_("delivered")), str(r.messages_delivered), "")])
    flow += section(SECTIONS["ld"], [(z, str(n), amount(f)) for z, (n, f) in sorted(r.ld_by_zone.items())])
    flow += section(SECTIONS["pbx"], [(z, str(n), amount(f)) for z, (n, f) in sorted(r.pbx_by_zone.items())])
    from hotel_phone.pbx.desk import STATUS_LABELS

    flow += section(SECTIONS["pbx_status"], [(gettext_in(lang, STATUS_LABELS.get(k, k)), str(n), "")
                                             for k, n in sorted(r.pbx_by_status.items())])
    flow += section(SECTIONS["postings"], [(c, str(n), amount(f)) for c, (n, f) in sorted(r.postings_by_code.items())]
                    + [(gettext_in(lang, N_("Total")), "", amount(r.revenue_fen))])
    flow += section(SECTIONS["voids"], [(f"{room} {desc} — {reason}", "", amount(f)) for room, desc, f, reason in r.voids])
    flow += section(SECTIONS["wakeups"], [(gettext_in(lang, N_("done")), str(r.wakeups_done), ""),
                                          (gettext_in(lang, N_("guest woke late")), str(r.wakeups_late), "")])
    doc.build(flow)
    return buf.getvalue()
