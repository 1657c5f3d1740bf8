"""The daily report (night audit) of the switchboard, for one hotel day: figures read from the records."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

import peewee as pw

from hotel_phone import anchors, audit, backup, calls, clock, hoteltime, settings
from hotel_phone.db import (AuditEvent, ChargeSlip, FolioPosting, LongDistanceBooking, MessageSlip, PbxCall,
                            ScreenedCall, Settlement, TariffZone, WakeUpCall)
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_, gettext_in
from hotel_phone.textcheck import SafeWriter

# Long-distance bookings by what became of them during the day (audit events name each step).
LD_OUTCOMES = (("ended", N_("connected and ended")), ("busy", N_("busy")), ("no_answer", N_("no answer")),
               ("failed", N_("failed")), ("cancelled", N_("cancelled")))
SETTLEMENT_WORDS = {"cash": N_("Cash"), "card": N_("Card"), "pms": N_("Transferred to the PMS account")}


@dataclass
class DailyReport:
    day: date
    calls_by_outcome: dict[str, int] = field(default_factory=dict)
    disclosures: int = 0
    messages_taken: int = 0
    messages_delivered: int = 0
    ld_by_zone: dict[str, tuple[int, int]] = field(default_factory=dict)  # zone -> (calls, fen)
    # Calls dialled directly, from the PBX's records (apart from the operator-booked ones above), by start time:
    pbx_by_zone: dict[str, tuple[int, int]] = field(default_factory=dict)  # posted: zone -> (calls, fen)
    pbx_by_status: dict[str, int] = field(default_factory=dict)  # posted, unmatched, not_charged, staff...
    postings_by_code: dict[str, tuple[int, int]] = field(default_factory=dict)  # code -> (lines, fen)
    voids: list[tuple[str, str, int, str]] = field(default_factory=list)  # (room, description, fen, reason)
    wakeups_done: int = 0
    wakeups_late: int = 0
    currency: str = "CNY"
    ld_outcomes: dict[str, int] = field(default_factory=dict)  # ended, busy, no_answer, failed, cancelled
    charge_slips: int = 0  # issued for the day's calls
    charge_slips_withdrawn: int = 0  # their call charge voided
    settlements: dict[str, tuple[int, int]] = field(default_factory=dict)  # method -> (folios, fen paid)
    zone_names: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (中文, English)
    audit_events: int = 0  # the audit chain's head when the report was made: paper keeps an anchor
    audit_hash: str = ""
    backup_failure: str = ""  # the newest automatic backup's failed check, for whoever reads the report

    @property
    def revenue_fen(self) -> int:
        """What the day's postings charged, voids deducted; payments are not revenue."""
        return sum(fen for code, (_n, fen) in self.postings_by_code.items() if code != "PAY")


def build(day: date) -> DailyReport:
    today = clock.now().astimezone(hoteltime.zone()).date()
    if day > today:
        raise ValidationError(N_("{day} is in the future; there is nothing to report yet."), day=day.isoformat())
    start, stop = hoteltime.day_bounds(day)
    r = DailyReport(day, currency=settings.get("currency"))
    in_day = (ScreenedCall.started_at >= start) & (ScreenedCall.started_at < stop)
    for outcome, n in (ScreenedCall.select(ScreenedCall.outcome, pw.fn.COUNT(ScreenedCall.id)).where(in_day)
                       .group_by(ScreenedCall.outcome).tuples()):
        r.calls_by_outcome[outcome] = n
    r.disclosures = ScreenedCall.select().where(in_day, ScreenedCall.disclosed == True).count()  # noqa: E712
    r.messages_taken = MessageSlip.select().where(MessageSlip.taken_at >= start, MessageSlip.taken_at < stop).count()
    r.messages_delivered = MessageSlip.select().where(MessageSlip.delivered_at >= start,
                                                      MessageSlip.delivered_at < stop).count()
    # A call whose charge was voided is not long-distance revenue; the void is listed below.
    voids = FolioPosting.select(FolioPosting.corrects).where(FolioPosting.code == "VOID")
    voided = [int(key.split(":", 1)[1]) for (key,) in FolioPosting.select(FolioPosting.source_key).where(
        FolioPosting.source_key.startswith("longdistance:"), FolioPosting.id.in_(voids)).tuples()]
    ended = (LongDistanceBooking.status == "ended") & (LongDistanceBooking.ended_at >= start) & (
        LongDistanceBooking.ended_at < stop)
    for zone, n, fen in (LongDistanceBooking.select(LongDistanceBooking.zone_code, pw.fn.COUNT(LongDistanceBooking.id),
                                                    pw.fn.SUM(LongDistanceBooking.charge_fen))
                         .where(ended, LongDistanceBooking.id.not_in(voided))
                         .group_by(LongDistanceBooking.zone_code).tuples()):
        r.ld_by_zone[zone] = (n, fen or 0)
    for z in TariffZone.select().order_by(TariffZone.id):  # the latest tariff's names win
        r.zone_names[z.code] = (z.name_zh, z.name_en)
    r.ld_outcomes["ended"] = LongDistanceBooking.select().where(ended).count()
    in_day = (AuditEvent.at >= start) & (AuditEvent.at < stop)
    for detail, n in (AuditEvent.select(AuditEvent.detail, pw.fn.COUNT(AuditEvent.id))
                      .where(in_day, AuditEvent.action == "call_not_connected").group_by(AuditEvent.detail).tuples()):
        r.ld_outcomes[detail] = n
    r.ld_outcomes["cancelled"] = AuditEvent.select().where(in_day, AuditEvent.action == "call_cancelled").count()
    r.charge_slips = ChargeSlip.select().where(ChargeSlip.printed_at >= start, ChargeSlip.printed_at < stop).count()
    r.charge_slips_withdrawn = (ChargeSlip.select().join(LongDistanceBooking)
                                .where(ChargeSlip.printed_at >= start, ChargeSlip.printed_at < stop,
                                       LongDistanceBooking.id.in_(voided)).count())
    pbx_day = (PbxCall.started_at >= start) & (PbxCall.started_at < stop)
    for zone, n, fen in (PbxCall.select(PbxCall.zone_code, pw.fn.COUNT(PbxCall.id), pw.fn.SUM(PbxCall.charge_fen))
                         .where(pbx_day, PbxCall.status == "posted").group_by(PbxCall.zone_code).tuples()):
        r.pbx_by_zone[zone] = (n, fen or 0)
    for status, n in (PbxCall.select(PbxCall.status, pw.fn.COUNT(PbxCall.id)).where(pbx_day)
                      .group_by(PbxCall.status).tuples()):
        r.pbx_by_status[status] = n
    posted = (FolioPosting.posted_at >= start) & (FolioPosting.posted_at < stop)
    for code, n, fen in (FolioPosting.select(FolioPosting.code, pw.fn.COUNT(FolioPosting.id),
                                             pw.fn.SUM(FolioPosting.amount_fen))
                         .where(posted).group_by(FolioPosting.code).tuples()):
        r.postings_by_code[code] = (n, fen or 0)
    for v in FolioPosting.select().where(posted, FolioPosting.code == "VOID").order_by(FolioPosting.id):
        r.voids.append((v.stay.room.number, v.description_en, v.amount_fen, v.reason))
    for method, n, fen in (Settlement.select(Settlement.method, pw.fn.COUNT(Settlement.id),
                                             pw.fn.SUM(FolioPosting.amount_fen))
                           .join(FolioPosting).where(posted).group_by(Settlement.method).tuples()):
        r.settlements[method] = (n, -(fen or 0))
    done = WakeUpCall.select().where(WakeUpCall.due_at >= start, WakeUpCall.due_at < stop,
                                     WakeUpCall.status == "done")
    r.wakeups_done = done.count()
    r.wakeups_late = done.where(WakeUpCall.minutes_late > 0).count()
    failure = backup.last_failure()
    r.backup_failure = failure.message() if failure else ""
    h = anchors.write("report") or audit.head()
    r.audit_events, r.audit_hash = h.events, h.hash
    return r


def zone_name(r: DailyReport, code: str, lang: str) -> str:
    names = r.zone_names.get(code)
    if names is None:
        return gettext_in(lang, N_("free")) if code == "free" else code
    return names[0] if lang == "zh_CN" else names[1]


# Column names of the CSV, in the report's language.
CSV_HEADER = (anchors.CSV_FIRST_COLUMN, N_("Item"), N_("Count"), N_("Amount (yuan)"))
AUDIT_SECTION = anchors.AUDIT_SECTION


def rows(r: DailyReport, lang: str) -> list[tuple[str, str, int | str, int | None]]:
    """Every figure of the report as (section, item, count, fen or None), in `lang`: the CSV's rows."""
    t = lambda text: gettext_in(lang, text)  # noqa: E731
    out: list[tuple[str, str, int | str, int | None]] = []
    sec = t(N_("Calls screened"))
    out += [(sec, t(calls.OUTCOME_LABELS.get(k, k)), n, None) for k, n in sorted(r.calls_by_outcome.items())]
    out.append((sec, t(N_("stays disclosed with consent")), r.disclosures, None))
    sec = t(N_("Messages"))
    out += [(sec, t(N_("message slips taken")), r.messages_taken, None),
            (sec, t(N_("delivered")), r.messages_delivered, None)]
    sec = t(N_("Long-distance calls"))
    out += [(sec, t(label), r.ld_outcomes.get(key, 0), None) for key, label in LD_OUTCOMES]
    out += [(sec, t(N_("charge slips issued")), r.charge_slips, None),
            (sec, t(N_("charge slips withdrawn (charge voided)")), r.charge_slips_withdrawn, None)]
    sec = t(N_("Long-distance calls by zone"))
    out += [(sec, zone_name(r, z, lang), n, fen) for z, (n, fen) in sorted(r.ld_by_zone.items())]
    from hotel_phone.pbx.desk import STATUS_LABELS  # the PBX's words for its records

    sec = t(N_("Direct-dialled calls (PBX records) by zone"))
    out += [(sec, zone_name(r, z, lang), n, fen) for z, (n, fen) in sorted(r.pbx_by_zone.items())]
    sec = t(N_("PBX records"))
    out += [(sec, t(STATUS_LABELS.get(k, k)), n, None) for k, n in sorted(r.pbx_by_status.items())]
    sec = t(N_("Postings by code"))
    out += [(sec, code, n, fen) for code, (n, fen) in sorted(r.postings_by_code.items()) if code != "PAY"]
    out.append((sec, t(N_("Total")), sum(n for c, (n, _f) in r.postings_by_code.items() if c != "PAY"),
                r.revenue_fen))
    sec = t(N_("Voids"))
    out += [(sec, f"{room} {desc} ({reason})", 1, fen) for room, desc, fen, reason in r.voids]
    sec = t(N_("Settlements at the cashier"))
    out += [(sec, t(SETTLEMENT_WORDS.get(m, m)), n, fen) for m, (n, fen) in sorted(r.settlements.items())]
    sec = t(N_("Wake-up calls"))
    out += [(sec, t(N_("done")), r.wakeups_done, None), (sec, t(N_("guest woke late")), r.wakeups_late, None)]
    if r.backup_failure:
        out.append((t(N_("Automatic backup")), r.backup_failure, 1, None))
    # Paper keeps the chain head: `audit verify --anchor` reads this row (anchors.AUDIT_SECTION).
    out.append((t(AUDIT_SECTION), r.audit_hash, r.audit_events, None))
    return out


def csv_bytes(header: list[str] | tuple[str, ...], body: list[list | tuple]) -> bytes:
    """The one CSV writer: UTF-8 with a BOM, so Excel on a Chinese Windows opens it as Chinese."""
    out = io.StringIO()
    w = SafeWriter(out)  # a cell that starts like a formula is not run by Excel
    w.writerow(header)
    w.writerows(body)
    return out.getvalue().encode("utf-8-sig")


def yuan(fen: int | None) -> str:
    """Fen as yuan with two decimals, exactly (no float): 1234 -> '12.34', -5 -> '-0.05'."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def to_csv(r: DailyReport, lang: str = "zh_CN") -> bytes:
    """The report for Excel: column names and items in `lang`, amounts in yuan."""
    return csv_bytes([gettext_in(lang, h) for h in CSV_HEADER],
                     [(section, item, count, yuan(fen)) for section, item, count, fen in rows(r, lang)])
