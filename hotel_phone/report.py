"""The daily report (night audit) of the switchboard, for one hotel day: figures read from the records."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

import peewee as pw

from hotel_phone import clock, hoteltime, settings
from hotel_phone.db import (FolioPosting, LongDistanceBooking, MessageSlip, PbxCall, ScreenedCall, WakeUpCall)
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_


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

    @property
    def revenue_fen(self) -> int:
        return sum(fen for _n, fen in self.postings_by_code.values())


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
    for zone, n, fen in (LongDistanceBooking.select(LongDistanceBooking.zone_code, pw.fn.COUNT(LongDistanceBooking.id),
                                                    pw.fn.SUM(LongDistanceBooking.charge_fen))
                         .where(LongDistanceBooking.status == "ended", LongDistanceBooking.ended_at >= start,
                                LongDistanceBooking.ended_at < stop)
                         .group_by(LongDistanceBooking.zone_code).tuples()):
        r.ld_by_zone[zone] = (n, fen or 0)
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
    done = WakeUpCall.select().where(WakeUpCall.due_at >= start, WakeUpCall.due_at < stop,
                                     WakeUpCall.status == "done")
    r.wakeups_done = done.count()
    r.wakeups_late = done.where(WakeUpCall.minutes_late > 0).count()
    return r


def to_csv(r: DailyReport) -> str:
    """One row per figure: section, key, count, amount in fen (machine-readable, English keys)."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["section", "key", "count", "amount_fen"])
    for outcome, n in sorted(r.calls_by_outcome.items()):
        w.writerow(["calls", outcome, n, ""])
    w.writerow(["calls", "disclosures", r.disclosures, ""])
    w.writerow(["messages", "taken", r.messages_taken, ""])
    w.writerow(["messages", "delivered", r.messages_delivered, ""])
    for zone, (n, fen) in sorted(r.ld_by_zone.items()):
        w.writerow(["long_distance", zone, n, fen])
    for zone, (n, fen) in sorted(r.pbx_by_zone.items()):
        w.writerow(["pbx_posted", zone, n, fen])
    for status, n in sorted(r.pbx_by_status.items()):
        w.writerow(["pbx_records", status, n, ""])
    for code, (n, fen) in sorted(r.postings_by_code.items()):
        w.writerow(["postings", code, n, fen])
    w.writerow(["postings", "total", sum(n for n, _f in r.postings_by_code.values()), r.revenue_fen])
    for room, desc, fen, reason in r.voids:
        w.writerow(["void", f"{room} {desc} ({reason})", 1, fen])
    w.writerow(["wakeups", "done", r.wakeups_done, ""])
    w.writerow(["wakeups", "late", r.wakeups_late, ""])
    return out.getvalue()
