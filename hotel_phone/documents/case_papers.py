"""The papers of a case: the work order (派工单) for the department, and the monthly statistics.

Both are bilingual (the reader's language, the other beneath) in the embedded CJK font.
Rendering takes rows the core has read; it never queries.
"""

from __future__ import annotations

import io

from hotel_phone import hoteltime, settings
from hotel_phone.casecodes import PRIORITY_LABELS
from hotel_phone.cases import CHANNELS, KINDS
from hotel_phone.documents.common import other_language, p, styles
from hotel_phone.documents.fonts import cjk_font
from hotel_phone.i18n import N_, format_datetime, gettext_in
# Imports inside functions: reportlab loads when a document is first drawn (for speed at start).

WORK_ORDER = N_("Work order")
STATISTICS = N_("Case statistics")
WORK_LABELS = (N_("Case No."), N_("Kind"), N_("Issue"), N_("Where"), N_("Reported by"), N_("Channel"),
               N_("Priority"), N_("Opened"), N_("Respond by"), N_("Complete by"), N_("Department"), N_("Person"),
               N_("What happened"))
SIGN_LABELS = (N_("Received by"), N_("Done at"), N_("Signature"))
STAT_HEAD = (N_("Department"), N_("Issue"), N_("Cases"), N_("Median minutes to respond"),
             N_("Median minutes to complete"), N_("Overdue"))


def _doc(buf, title: str, landscape_page: bool = False):
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    return SimpleDocTemplate(buf, pagesize=landscape(A4) if landscape_page else A4, leftMargin=16 * mm,
                             rightMargin=16 * mm, topMargin=14 * mm, bottomMargin=14 * mm, title=title)


def _label(msgid: str, lang: str, st):
    from reportlab.platypus import Paragraph

    other = other_language(lang)
    return Paragraph(f"{p(gettext_in(lang, msgid))}<br/><font size=6.5>{p(gettext_in(other, msgid))}</font>",
                     st["label"])


def _title(msgid: str, lang: str, st, subtitle: str = "") -> list:
    from reportlab.platypus import Paragraph, Spacer

    other = other_language(lang)
    flow = [Paragraph(p(settings.hotel_name(lang)), st["title"]),
            Paragraph(p(f"{gettext_in(lang, msgid)} · {gettext_in(other, msgid)}"), st["title"])]
    if subtitle:
        flow.append(Paragraph(p(subtitle), st["subtitle"]))
    return flow + [Spacer(1, 8)]


def _both(msgid: str, lang: str) -> str:
    return f"{gettext_in(lang, msgid)} / {gettext_in(other_language(lang), msgid)}"


def work_order(row, dispatch, lang: str = "zh_CN") -> bytes:
    """One case on one page for the department's office; `row` is a cases.CaseRow, `dispatch` a cases.Dispatch."""
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    st = styles()
    tz = hoteltime.zone()
    buf = io.BytesIO()
    doc = _doc(buf, f"{gettext_in('en', WORK_ORDER)} {row.number}")
    first, second = (row.issue_zh, row.issue_en) if lang == "zh_CN" else (row.issue_en, row.issue_zh)
    places = (row.where_zh, row.where_en) if lang == "zh_CN" else (row.where_en, row.where_zh)
    where = " / ".join(places) if places[0] != places[1] else places[0]
    departments = (dispatch.department_zh, dispatch.department_en) if lang == "zh_CN" else (
        dispatch.department_en, dispatch.department_zh)
    values = (row.number, _both(KINDS[row.kind], lang), f"{first} / {second}", where, row.reporter,
              _both(CHANNELS.get(row.channel, row.channel), lang), _both(PRIORITY_LABELS[row.priority], lang),
              format_datetime(row.created_at, tz, lang, "short"), format_datetime(row.respond_by, tz, lang, "short"),
              format_datetime(row.complete_by, tz, lang, "short"),
              f"{departments[0]} / {departments[1]} · {dispatch.extension}", row.staff or "—",
              row.text or "—")
    facts = Table([[_label(k, lang, st), Paragraph(p(v), st["value"])] for k, v in zip(WORK_LABELS, values)],
                  colWidths=[120, None])
    facts.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.25, "#bbbbbb")]))
    signs = Table([[_label(k, lang, st), ""] for k in SIGN_LABELS], colWidths=[120, None], rowHeights=28)
    signs.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("GRID", (0, 0), (-1, -1), 0.25, "#999999")]))
    flow = _title(WORK_ORDER, lang, st, row.number) + [facts, Spacer(1, 10),
                                                       Paragraph(p(dispatch.to_department), st["body"]),
                                                       Spacer(1, 14), signs]
    doc.build(flow)
    return buf.getvalue()


def _minutes(value) -> str:
    return "—" if value is None else f"{value:.0f}"


def statistics(year: int, month: int, rows, lang: str = "zh_CN") -> bytes:
    """The month's counts and times by department and issue code; `rows` are casestats.StatRow."""
    from reportlab.platypus import Paragraph, Table, TableStyle

    st = styles()
    buf = io.BytesIO()
    doc = _doc(buf, f"{gettext_in('en', STATISTICS)} {year}-{month:02d}", landscape_page=True)
    head = [_label(h, lang, st) for h in STAT_HEAD]
    body = []
    for r in rows:
        dept = (r.department_zh, r.department_en) if lang == "zh_CN" else (r.department_en, r.department_zh)
        issue = (r.code_zh, r.code_en) if lang == "zh_CN" else (r.code_en, r.code_zh)
        dept, issue = (p("\n".join(pair)) for pair in (dept, issue))
        body.append([Paragraph(dept, st["value"]), Paragraph(issue, st["value"]), str(r.count),
                     _minutes(r.median_respond), _minutes(r.median_complete), str(r.overdue)])
    total = sum(r.count for r in rows)
    late = sum(r.overdue for r in rows)
    body.append([_label(N_("Total"), lang, st), "", str(total), "", "", str(late)])
    table = Table([head] + body, repeatRows=1, colWidths=[150, 150, 60, 110, 110, 60])
    table.setStyle(TableStyle([("FONTNAME", (0, 1), (-1, -1), cjk_font()), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("ALIGN", (2, 1), (-1, -1), "RIGHT"), ("GRID", (0, 0), (-1, -1), 0.25, "#999999"),
                               ("BACKGROUND", (0, 0), (-1, 0), "#eeeeee")]))
    doc.build(_title(STATISTICS, lang, st, f"{year}-{month:02d}") + [table])
    return buf.getvalue()
