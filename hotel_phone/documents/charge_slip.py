"""The telephone charge slip (电话收费单) for the front-desk cashier: numbered; reprints say COPY."""

from __future__ import annotations

import io
from dataclasses import dataclass

from hotel_phone import audit, clock, settings, tariff
from hotel_phone.db import ChargeSlip, LongDistanceBooking, database
from hotel_phone.documents.common import bilingual, p, styles
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_, format_datetime, format_money, gettext_in

TITLE = N_("Telephone charge slip")
COPY = N_("COPY")
FOOTER = N_("To the front-desk cashier for posting to the guest's account.")
LABELS = (N_("Slip No."), N_("Room"), N_("Guest"), N_("Number dialled"), N_("Destination"), N_("Started"),
          N_("Ended"), N_("Duration"), N_("Tariff zone"), N_("Rule"), N_("Amount"))


@dataclass(frozen=True)
class SlipData:
    """Everything printed, read from the database first so rendering needs no database."""

    number: int
    copy: bool
    hotel: dict
    room: str
    guest: str
    dialled: str
    destination: str
    started: object
    ended: object
    seconds: int
    zone: str
    rule: dict  # language -> the rating rule in words
    charge_fen: int
    currency: str


def issue(session, booking_id: int) -> SlipData:
    """Record a print of the slip; the first is the original, every later one is a COPY."""
    with database.atomic():
        slip = ChargeSlip.get_or_none(ChargeSlip.booking == booking_id)
        if slip is None:
            raise ValidationError(N_("This call has no charge slip yet; end the call first."))
        copy = slip.print_count > 0
        ChargeSlip.update(print_count=ChargeSlip.print_count + 1, printed_at=clock.now()).where(
            ChargeSlip.id == slip.id).execute()
        audit.record(session, "charge_slip_printed", slip, "copy" if copy else "original")
    return data(LongDistanceBooking.get_by_id(booking_id), slip.number, copy)


def data(b: LongDistanceBooking, number: int, copy: bool = False) -> SlipData:
    stay = b.stay
    guest = stay.name_zh + (f" ({stay.name})" if stay.name else "") if stay.name_zh else stay.name
    zone = tariff.zone_of(b.tariff_id, b.zone_code)
    rule = {lang: tariff.describe(zone, b.discount_basis_points, lang) if zone else b.rule for lang in ("zh_CN", "en")}
    zone_name = f"{zone.name_zh} / {zone.name_en}" if zone else b.zone_code
    return SlipData(number, copy, {lang: settings.hotel_name(lang) for lang in ("zh_CN", "en")}, stay.room.number, guest,
                    b.number_dialled, f"{b.destination_zh} / {b.destination_en}", b.connected_at, b.ended_at,
                    b.duration_seconds or 0, zone_name, rule, b.charge_fen or 0, b.currency)


def render(d: SlipData, lang: str = "zh_CN") -> bytes:
    """The PDF (pure: safe off the GUI thread). For the cashier: Chinese first, English beneath."""
    from reportlab.lib.pagesizes import A5
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    st = styles()
    other = "en" if lang == "zh_CN" else "zh_CN"
    tz = settings.hotel_tz()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A5, leftMargin=12 * mm, rightMargin=12 * mm, topMargin=10 * mm,
                            bottomMargin=10 * mm, title=f"{gettext_in('en', TITLE)} {d.number}")
    minutes, seconds = divmod(d.seconds, 60)
    values = (
        f"{d.number:06d}", d.room, d.guest, d.dialled, d.destination,
        format_datetime(d.started, tz, lang, "short"), format_datetime(d.ended, tz, lang, "short"),
        f"{minutes}:{seconds:02d} ({d.seconds} s)", d.zone, d.rule[lang] + "\n" + d.rule[other],
        format_money(d.charge_fen, d.currency, lang),
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
