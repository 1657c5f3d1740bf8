"""Staff-telephone papers: the long-distance application form (长途电话申请单) and a department's monthly statement."""

from __future__ import annotations

import io
from datetime import date

from hotel_phone import hoteltime, money, settings
from hotel_phone.documents.common import bilingual, p, styles
from hotel_phone.i18n import (
    N_,
    format_date,
    format_datetime,
    gettext_in,
    translations,
)
from hotel_phone.staffcalls import APPLICATION_STATUS_LABELS
from hotel_phone.staffrules import DESTINATION_LABELS

# Imports inside functions: reportlab loads when a document is first drawn (for speed at start).

FORM_TITLE = N_("Long-distance call application")
STATEMENT_TITLE = N_("Staff telephone statement")
PEOPLE_TITLE = N_("Fines and private charges by person")
FORM_NOTE = N_("Signed by the department manager before the call. A call made without approval is private unless "
               "approved within the time the company rules allow; private calls are charged to the caller at the "
               "multiplied rate, and fined.")


def _doc(buf, title: str, landscape_page: bool = False):
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    return SimpleDocTemplate(buf, pagesize=landscape(A4) if landscape_page else A4, leftMargin=16 * mm,
                             rightMargin=16 * mm, topMargin=14 * mm, bottomMargin=14 * mm, title=title)


def _label(msgid: str, lang: str) -> str:
    a, b = bilingual(msgid, lang)
    return f"{p(a)}<br/><font size=6.5 color='#555555'>{p(b)}</font>"


def _heading(msgid: str, lang: str, st) -> list:
    from reportlab.platypus import Paragraph

    a, b = bilingual(msgid, lang)
    return [Paragraph(p(settings.hotel_name(lang)), st["title"]), Paragraph(p(f"{a} · {b}"), st["title"])]


def application_form(row, lang: str = "zh_CN") -> bytes:
    """The paper form for the signatures the company rules require, filled from an application row."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle


    st = styles()
    tz = hoteltime.zone()
    buf = io.BytesIO()
    doc = _doc(buf, f"{gettext_in('en', FORM_TITLE)} {row.id}")

    def when(value) -> str:
        return format_datetime(value, tz, lang, "short")

    kind = N_("single call") if row.single_call else N_("period")
    facts = [
        (N_("Application number"), str(row.id)), (N_("Department"), row.department), (N_("Caller"), row.caller),
        (N_("Extension"), row.extension), (N_("Destination region"), row.region),
        (N_("Organisation called"), row.organisation), (N_("Number or area code"), row.target),
        (N_("Business reason"), row.reason),
        (N_("Requested"), f"{gettext_in(lang, kind)}: {when(row.period_start)} – {when(row.period_end)}"),
        (N_("Filed at"), when(row.filed_at)),
        (N_("Decision"), gettext_in(lang, APPLICATION_STATUS_LABELS[row.status])
         + (f" — {row.decided_by}, {when(row.decided_at)}" if row.decided_at else "")
         + (f" ({row.note})" if row.note else "")),
    ]
    table = Table([[Paragraph(_label(k, lang), st["label"]), Paragraph(p(v), st["value"])] for k, v in facts],
                  colWidths=[45 * mm, None])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("GRID", (0, 0), (-1, -1), 0.25, "#999999"),
                               ("BACKGROUND", (0, 0), (0, -1), "#f2f2f2")]))
    signatures = Table([[Paragraph(_label(N_("Caller's signature"), lang), st["label"]),
                         Paragraph(_label(N_("Department manager's signature"), lang), st["label"]),
                         Paragraph(_label(N_("Date"), lang), st["label"])], ["", "", ""]],
                       colWidths=[60 * mm, 60 * mm, None], rowHeights=[None, 18 * mm])
    signatures.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, "#999999"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    a, b = bilingual(FORM_NOTE, lang)
    flow = _heading(FORM_TITLE, lang, st) + [Spacer(1, 6 * mm), table, Spacer(1, 8 * mm), signatures,
                                              Spacer(1, 5 * mm), Paragraph(p(a), st["small"]),
                                              Paragraph(p(b), st["small"])]
    doc.build(flow)
    return buf.getvalue()


def statement(s, lang: str = "zh_CN") -> bytes:
    """A department's month: approved business calls, private calls at the multiplied charge, fines by person."""

    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle


    st = styles()
    tz = hoteltime.zone()
    buf = io.BytesIO()
    doc = _doc(buf, f"{gettext_in('en', STATEMENT_TITLE)} {s.department_code} {s.month:%Y-%m}", landscape_page=True)

    def yuan(fen: int) -> str:
        return money.format(fen, s.currency, lang)

    def head(*msgids: str) -> list:
        return [Paragraph(_label(m, lang), st["label"]) for m in msgids]

    def cell(text: str) -> Paragraph:
        return Paragraph(p(text), st["value"])

    def grid(rows: list, widths) -> Table:
        t = Table(rows, colWidths=widths, repeatRows=1)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, "#999999"), ("BACKGROUND", (0, 0), (-1, 0), "#eeeeee"),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (-3, 1), (-1, -1), "RIGHT")]))
        return t

    def call_rows(lines, amount) -> list:
        return [[cell(format_datetime(x.started_at, tz, lang, "short")), cell(x.person), cell(x.extension),
                 cell(x.number), cell(x.region_zh if lang == "zh_CN" else (x.region_en or x.region_zh)),
                 cell(gettext_in(lang, DESTINATION_LABELS[x.destination_class])), cell(f"{x.billsec}"),
                 cell(yuan(x.charge_fen)), cell(yuan(amount(x)))] for x in lines]

    columns = (N_("Time"), N_("Person"), N_("Extension"), N_("Number"), N_("Destination region"), N_("Class"),
               N_("Seconds"))
    widths = [32 * mm, 28 * mm, 18 * mm, 38 * mm, 40 * mm, 34 * mm, 16 * mm, 26 * mm, None]

    def section(title: str, rows: list, total: str | None) -> list:
        body = rows or [[cell("—")] + [""] * (len(widths) - 1)]
        if total is not None:
            body = body + [[cell(gettext_in(lang, N_("Total")))] + [""] * (len(widths) - 2) + [cell(total)]]
        heading = Paragraph(f"<b>{_label(title, lang)}</b>", st["body"])
        return [Spacer(1, 4 * mm), KeepTogether([heading, grid(body, widths)])]  # a long one still splits

    business_head = [head(*columns, N_("Charge"), N_("Charged to the department"))]
    private_head = [head(*columns, N_("Charge"), N_("Charged to the caller"))]
    pending_head = [head(*columns, N_("Charge"), N_("Approve by"))]
    month_text = format_date(date(s.month.year, s.month.month, 1), lang, "yyyy-MM")
    dept = s.department_zh if lang == "zh_CN" else s.department_en
    flow = _heading(STATEMENT_TITLE, lang, st) + [
        Paragraph(p(f"{dept} ({s.department_code}) · {month_text}"), st["subtitle"]),
        Paragraph(p(gettext_in(lang, N_("As it stands at {time}")).format(
            time=format_datetime(s.made_at, tz, lang, "short"))), st["subtitle"])]
    flow += section(N_("Approved business calls"), business_head + call_rows(s.business, lambda x: x.department_fen),
                    yuan(s.business_fen))
    flow += section(N_("Private calls (multiplied charge)"),
                    private_head + call_rows(s.private, lambda x: x.caller_fen), yuan(s.private_fen))
    pending = pending_head + [row[:-1] + [cell(format_datetime(x.deadline, tz, lang, "short"))]
                              for row, x in zip(call_rows(s.pending, lambda x: 0), s.pending)]
    flow += section(N_("Awaiting approval"), pending, None)
    people = [head(N_("Person"), N_("Private calls"), N_("Private charges"), N_("Fines"), N_("Total"))]
    people += [[cell(x.person), cell(str(x.private_calls)), cell(yuan(x.private_fen)), cell(yuan(x.fines_fen)),
                cell(yuan(x.total_fen))] for x in s.people]
    people += [[cell(gettext_in(lang, N_("Total"))), cell(str(len(s.private))), cell(yuan(s.private_fen)),
                cell(yuan(s.fines_fen)), cell(yuan(s.private_fen + s.fines_fen))]]
    flow += [Spacer(1, 4 * mm), KeepTogether([Paragraph(f"<b>{_label(PEOPLE_TITLE, lang)}</b>", st["body"]),
                                              grid(people, [60 * mm, 30 * mm, 40 * mm, 40 * mm, None])])]
    if s.emergency:
        n = len(s.emergency)
        text = translations(lang).ngettext("{n} emergency call, never charged.", "{n} emergency calls, never charged.", n)
        flow += [Spacer(1, 3 * mm), Paragraph(p(text.format(n=n)), st["small"])]
    doc.build(flow)
    return buf.getvalue()
