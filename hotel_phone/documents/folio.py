"""The printed folio (A4): the hotel, the guest, itemised lines, totals per code, page numbers on every page.

In the guest's language with the other beneath, or in one language when the cashier chooses.
"""

from __future__ import annotations

import io

from hotel_phone import hoteltime, money, settings
from hotel_phone.documents.common import other_language, p, styles
from hotel_phone.documents.fonts import cjk_font
from hotel_phone.folio import Folio
from hotel_phone.i18n import N_, format_date, format_datetime, gettext_in
# Imports inside functions: reportlab loads when a document is first drawn (for speed at start).

TITLE = N_("Guest folio")
PAGE = N_("Page {page} of {pages}")
HEAD = (N_("Date and time"), N_("Code"), N_("Description"), N_("Amount"), N_("Balance"))
TOTAL = N_("Total")
BALANCE_DUE = N_("Balance due")
VOIDED = N_("voided")


def _both(msgid: str, lang: str, bilingual: bool) -> str:
    first = gettext_in(lang, msgid)
    if not bilingual:
        return p(first)
    return f"{p(first)}<br/><font size=6.5 color='#555555'>{p(gettext_in(other_language(lang), msgid))}</font>"


def render(f: Folio, lang: str | None = None, bilingual: bool = True, hotel: dict | None = None) -> bytes:
    """PDF bytes; pure (the Folio and hotel names are read beforehand), safe off the GUI thread."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas as pdfcanvas
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    lang = lang or f.language
    other = other_language(lang)
    hotel = hotel or {k: settings.get(k) for k in ("hotel_name_zh", "hotel_name_en", "hotel_address_zh",
                                                    "hotel_address_en")}
    tz = hoteltime.zone()
    st = styles()
    font = cjk_font()
    zh_first = lang == "zh_CN"
    name_first = hotel["hotel_name_zh" if zh_first else "hotel_name_en"]
    name_second = hotel["hotel_name_en" if zh_first else "hotel_name_zh"]
    addr_first = hotel["hotel_address_zh" if zh_first else "hotel_address_en"]
    addr_second = hotel["hotel_address_en" if zh_first else "hotel_address_zh"]
    page_words = (gettext_in(lang, PAGE), gettext_in(other, PAGE) if bilingual else "")
    header_title = gettext_in(lang, TITLE) + (f" · {gettext_in(other, TITLE)}" if bilingual else "")

    class NumberedCanvas(pdfcanvas.Canvas):
        """Keeps pages until the end so each can say 'page n of N'."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            w, h = A4
            self.setFont(font, 9)
            self.drawString(15 * mm, h - 12 * mm, f"{name_first}  {header_title}")
            self.drawRightString(w - 15 * mm, h - 12 * mm, f"{f.room}  {f.guest}")
            self.line(15 * mm, h - 14 * mm, w - 15 * mm, h - 14 * mm)
            words = "   ".join(x.format(page=self._pageNumber, pages=total) for x in page_words if x)
            self.drawCentredString(w / 2, 10 * mm, words)

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=20 * mm,
                            bottomMargin=18 * mm, title=f"{gettext_in('en', TITLE)} {f.room} {f.name or f.name_zh}")
    flow = [Paragraph(p(name_first), st["title"])]
    if bilingual and name_second:
        flow.append(Paragraph(p(name_second), st["subtitle"]))
    for addr in (addr_first, addr_second if bilingual else ""):
        if addr:
            flow.append(Paragraph(p(addr), st["subtitle"]))
    flow += [Spacer(1, 4 * mm), Paragraph(_both(TITLE, lang, bilingual), st["title"]), Spacer(1, 3 * mm)]
    facts = [
        (N_("Guest"), f.guest), (N_("Room"), f.room),
        (N_("Arrival"), format_date(f.arrival, lang)), (N_("Departure"), format_date(f.departure, lang)),
    ]
    info = Table([[Paragraph(_both(k, lang, bilingual), st["label"]), Paragraph(p(v), st["value"])]
                  for k, v in facts], colWidths=[35 * mm, None])
    info.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    flow += [info, Spacer(1, 5 * mm)]

    def desc(line) -> str:
        first = line.description_zh if zh_first else line.description_en
        second = line.description_en if zh_first else line.description_zh
        text = p(first)
        if bilingual and second and second != first:
            text += f"<br/><font size=7 color='#555555'>{p(second)}</font>"
        if line.reason:
            text += f"<br/><font size=7>{p(line.reason)}</font>"
        if line.voided:
            text += f" <font size=7 color='#b00020'>({p(gettext_in(lang, VOIDED))})</font>"
        return text

    rows = [[Paragraph(_both(h, lang, bilingual), st["label"]) for h in HEAD]]
    # Only the description wraps; the other cells are plain strings (a Paragraph each costs 5x).
    for line in f.lines:
        rows.append([format_datetime(line.posted_at, tz, lang, "short"), line.code, Paragraph(desc(line), st["value"]),
                     money.format(line.amount_fen, f.currency, lang), money.format(line.balance_fen, f.currency, lang)])
    table = Table(rows, colWidths=[32 * mm, 16 * mm, None, 26 * mm, 26 * mm], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 1), (-1, -1), font), ("FONTSIZE", (0, 1), (-1, -1), 9.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, 0), 0.8, "#333333"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.2, "#bbbbbb"), ("ALIGN", (3, 0), (4, -1), "RIGHT"),
        ("BACKGROUND", (0, 0), (-1, 0), "#eeeeee"),
    ]))
    flow += [table, Spacer(1, 6 * mm)]
    totals = []
    for code, amount in sorted(f.totals.items()):
        names = f.code_names.get(code)
        label = (names[0] if zh_first else names[1]) if names else code
        totals.append([Paragraph(p(f"{code} {label}"), st["value"]),
                       Paragraph(p(money.format(amount, f.currency, lang)), st["value"])])
    totals.append([Paragraph(f"<b>{_both(BALANCE_DUE, lang, bilingual)}</b>", st["body"]),
                   Paragraph(f"<b>{p(money.format(f.balance_fen, f.currency, lang))}</b>", st["body"])])
    t = Table(totals, colWidths=[60 * mm, 35 * mm], hAlign="RIGHT")
    t.setStyle(TableStyle([("LINEABOVE", (0, -1), (-1, -1), 0.8, "#333333"), ("ALIGN", (1, 0), (1, -1), "RIGHT")]))
    flow.append(t)
    doc.build(flow, canvasmaker=NumberedCanvas)
    return buf.getvalue()
