"""The guest folio: postings, voids and adjustments, the running balance, the cashier's slips.

Postings are never edited or deleted. A void is a new posting of the opposite
amount, by a supervisor, with a reason, linked to the posting it reverses; an
adjustment is a new posting of the difference, linked the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import peewee as pw

from hotel_phone import audit, clock, settings
from hotel_phone.db import (ChargeCode, ChargeSlip, FolioPosting, LongDistanceBooking, Operator, PbxCall, PbxSlip,
                            Stay, database, reserve_ids, retrying)
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_
from hotel_phone.session import Session
from hotel_phone.stays import in_house_stay
from hotel_phone.textcheck import clean

MAX_FEN = 10_000_000  # ¥100,000 on one line is a typing error, not a phone charge
BUILTIN_CODES = {"TEL": ("电话费", "Telephone"), "VOID": ("冲销", "Void"), "ADJ": ("调整", "Adjustment")}
DEFAULT_CODES = (("FAX", "传真", "Fax", 1000), ("PRINT", "打印复印", "Printing and copies", 200),
                 ("PARCEL", "包裹代收", "Parcel handling", 500))


@dataclass(frozen=True)
class FolioLine:
    id: int
    posted_at: datetime
    code: str
    description_zh: str
    description_en: str
    amount_fen: int
    balance_fen: int
    operator: str
    corrects: int | None
    reason: str
    voided: bool  # a later void reverses this line


@dataclass(frozen=True)
class Folio:
    stay_id: int
    room: str
    guest: str
    name: str
    name_zh: str
    language: str
    arrival: object
    departure: object
    status: str
    currency: str
    lines: list[FolioLine]
    totals: dict[str, int]  # per code
    balance_fen: int
    code_names: dict[str, tuple[str, str]]  # code -> (中文, English)


@dataclass(frozen=True)
class CallCharge:
    """A call's charge from outside the desk (the PBX), for `post_call_charges`."""

    stay_id: int
    amount_fen: int
    currency: str
    description_zh: str
    description_en: str
    source_kind: str  # "pbx"
    source_key: str  # unique within its kind: the same key is never posted twice


SYSTEM_OPERATORS = {"pbx": ("[pbx]", "PBX")}  # postings nobody typed: this name shows as their operator


def _system_operator(kind: str) -> int:
    """The operator row automatic postings are made under; it can never sign in."""
    username, display = SYSTEM_OPERATORS[kind]
    op = Operator.get_or_none(Operator.username == username)
    if op is None:
        op = Operator.create(username=username, display_name=display, role="operator", password_hash="!",
                             active=False, created_at=clock.now())
    return op.id


def post_call_charge(stay_id: int, amount_fen: int, currency: str, description_zh: str, description_en: str,
                     source_kind: str, source_key: str) -> FolioPosting:
    """The one way a call charge from outside the desk reaches a folio; a key already posted returns that posting.

    The stay may have checked out (a late charge): the posting goes on its folio and the stay stays closed.
    No audit event here: the caller's transaction records one for its batch or action.
    """
    key = f"{source_kind}:{source_key}"
    existing = FolioPosting.get_or_none(FolioPosting.source_key == key)
    if existing is not None:
        return existing
    ids = post_call_charges([CallCharge(stay_id, amount_fen, currency, description_zh, description_en, source_kind,
                                        source_key)])
    return FolioPosting.get_by_id(ids[0])


def post_call_charges(charges: list[CallCharge]) -> list[int]:
    """Post many call charges in the caller's transaction with one statement; returns the postings' ids.

    The unique source key refuses (IntegrityError, the whole transaction rolls back) a key posted before.
    """
    if not charges:
        return []
    for c in charges:
        if c.source_kind not in SYSTEM_OPERATORS or not c.source_key:
            raise ValueError(f"unknown call-charge source {c.source_kind!r}")
        check_amount(c.amount_fen)
    if not database.in_transaction():
        raise RuntimeError("post_call_charges must run inside the caller's transaction")
    ids = reserve_ids(FolioPosting, len(charges))
    now = FolioPosting.posted_at.db_value(clock.now())
    operators = {kind: _system_operator(kind) for kind in {c.source_kind for c in charges}}
    sql = ("INSERT INTO folio_posting (id, stay_id, posted_at, operator_id, code, description_zh, description_en, "
           "amount_fen, currency, reason, source_key) VALUES (?, ?, ?, ?, 'TEL', ?, ?, ?, ?, '', ?)")
    if database.param != "?":
        sql = sql.replace("?", database.param)
    cursor = database.cursor()
    cursor.executemany(sql, [(i, c.stay_id, now, operators[c.source_kind], c.description_zh, c.description_en,
                              c.amount_fen, c.currency, f"{c.source_kind}:{c.source_key}")
                             for i, c in zip(ids, charges)])
    return ids


def check_amount(fen: int) -> int:
    if not isinstance(fen, int) or isinstance(fen, bool):
        raise ValidationError(N_("An amount must be a whole number of fen."))
    if fen == 0 or abs(fen) > MAX_FEN:
        raise ValidationError(N_("An amount must be more than zero and less than {limit}."), limit=MAX_FEN // 100)
    return fen


def parse_yuan(text: str) -> int:
    """'12.50' or '12' -> 1250 fen; refuses anything else."""
    from decimal import Decimal, InvalidOperation

    raw = (text or "").strip().replace(",", "").lstrip("¥￥")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError(N_("{value!r} is not an amount (write e.g. 12.50)."), value=text) from None
    try:
        exact = value.is_finite() and value == value.quantize(Decimal("0.01"))
    except InvalidOperation:  # 1E100: too many digits to quantize
        exact = False
    if not exact:
        raise ValidationError(N_("{value!r} is not an amount (write e.g. 12.50)."), value=text)
    return int(value * 100)


def codes() -> list[ChargeCode]:
    return list(ChargeCode.select().where(ChargeCode.active).order_by(ChargeCode.code))


def define_code(session: Session, code: str, name_zh: str, name_en: str, default_fen: int = 0) -> ChargeCode:
    """A supervisor adds a switchboard charge (fax, printing...)."""
    session.require("supervisor")
    code = clean(code, N_("Code"), 10, required=True).upper()
    if not code.isalnum() or code in BUILTIN_CODES:
        raise ValidationError(N_("{code} cannot be used as a charge code."), code=code)
    name_zh = clean(name_zh, N_("Name (Chinese)"), 40, required=True)
    name_en = clean(name_en, N_("Name (English)"), 60, required=True)
    if default_fen < 0 or default_fen > MAX_FEN:
        raise ValidationError(N_("An amount must be more than zero and less than {limit}."), limit=MAX_FEN // 100)
    with database.atomic():
        if ChargeCode.select().where(ChargeCode.code == code).exists():
            raise ValidationError(N_("The charge code {code} exists already."), code=code)
        row = ChargeCode.create(code=code, name_zh=name_zh, name_en=name_en, default_fen=default_fen)
        audit.record(session, "charge_code_defined", row, code)
    return row


@retrying
def post(session: Session, stay_id: int, code: str, amount_fen: int, note: str = "") -> FolioPosting:
    """Post a switchboard charge (not a call: calls post themselves when they end)."""
    session.require("operator", "supervisor", "cashier")
    check_amount(amount_fen)
    if amount_fen < 0:
        raise ValidationError(N_("A charge is positive; a correction is a void or an adjustment."))
    note = clean(note, N_("Note"), 100)
    with database.atomic():
        stay = in_house_stay(stay_id)
        cc = ChargeCode.get_or_none(ChargeCode.code == code, ChargeCode.active)
        if cc is None:
            raise ValidationError(N_("Unknown charge code: {code}"), code=code)
        posting = FolioPosting.create(
            stay=stay, posted_at=clock.now(), operator=session.operator, code=cc.code,
            description_zh=cc.name_zh + (f" {note}" if note else ""),
            description_en=cc.name_en + (f" {note}" if note else ""), amount_fen=amount_fen,
            currency=settings.get("currency"))
        audit.record(session, "posted", posting, f"{cc.code} {amount_fen} fen")
    return posting


def _correctable(posting_id: int) -> FolioPosting:
    original = FolioPosting.get_or_none(FolioPosting.id == posting_id)
    if original is None:
        raise ValidationError(N_("This posting does not exist."))
    if original.corrects_id is not None:
        raise ValidationError(N_("A void or an adjustment cannot itself be voided or adjusted; post a new line."))
    if FolioPosting.select().where(FolioPosting.corrects == original.id, FolioPosting.code == "VOID").exists():
        raise ValidationError(N_("This posting is already voided."))
    return original


@retrying
def void(session: Session, posting_id: int, reason: str) -> FolioPosting:
    """Reverse a posting in full (supervisors only)."""
    session.require("supervisor")
    reason = clean(reason, N_("Reason"), 200, required=True)
    with database.atomic():
        original = _correctable(posting_id)
        adjusted = FolioPosting.select(pw.fn.SUM(FolioPosting.amount_fen)).where(
            FolioPosting.corrects == original.id).scalar() or 0
        reversal = FolioPosting.create(
            stay=original.stay, posted_at=clock.now(), operator=session.operator, code="VOID",
            description_zh=f"冲销:{original.description_zh}", description_en=f"Void: {original.description_en}",
            amount_fen=-(original.amount_fen + adjusted), currency=original.currency, corrects=original,
            reason=reason)
        audit.record(session, "posting_voided", reversal, f"posting {original.id}: {reason}")
    return reversal


@retrying
def adjust(session: Session, posting_id: int, new_amount_fen: int, reason: str) -> FolioPosting:
    """Correct a posting's amount with a new line of the difference (supervisors only)."""
    session.require("supervisor")
    reason = clean(reason, N_("Reason"), 200, required=True)
    check_amount(new_amount_fen)
    with database.atomic():
        original = _correctable(posting_id)
        current = original.amount_fen + (FolioPosting.select(pw.fn.SUM(FolioPosting.amount_fen)).where(
            FolioPosting.corrects == original.id).scalar() or 0)
        if new_amount_fen == current:
            raise ValidationError(N_("The amount is unchanged."))
        line = FolioPosting.create(
            stay=original.stay, posted_at=clock.now(), operator=session.operator, code="ADJ",
            description_zh=f"调整:{original.description_zh}", description_en=f"Adjustment: {original.description_en}",
            amount_fen=new_amount_fen - current, currency=original.currency, corrects=original, reason=reason)
        audit.record(session, "posting_adjusted", line, f"posting {original.id}: {current} -> {new_amount_fen}")
    return line


def balance(stay_id: int) -> int:
    return FolioPosting.select(pw.fn.SUM(FolioPosting.amount_fen)).where(FolioPosting.stay == stay_id).scalar() or 0


def load(stay_id: int) -> Folio:
    stay = Stay.get_or_none(Stay.id == stay_id)
    if stay is None:
        raise ValidationError(N_("This stay does not exist."))
    # The operator joined in: one query, not one per line (a round trip each on a database server).
    postings = list(FolioPosting.select(FolioPosting, Operator).join(Operator)
                    .where(FolioPosting.stay == stay_id).order_by(FolioPosting.posted_at, FolioPosting.id))
    voided = {p.corrects_id for p in postings if p.code == "VOID"}
    lines, running, totals = [], 0, {}
    for p in postings:
        running += p.amount_fen
        totals[p.code] = totals.get(p.code, 0) + p.amount_fen
        lines.append(FolioLine(p.id, p.posted_at, p.code, p.description_zh, p.description_en, p.amount_fen, running,
                               p.operator.display_name, p.corrects_id, p.reason, p.id in voided))
    guest = stay.name_zh + (f" ({stay.name})" if stay.name else "") if stay.name_zh else stay.name
    names = dict(BUILTIN_CODES)
    names.update({c.code: (c.name_zh, c.name_en) for c in ChargeCode.select()})
    return Folio(stay.id, stay.room.number, guest, stay.name, stay.name_zh, stay.language, stay.arrival,
                 stay.departure, stay.status, settings.get("currency"), lines, totals, running, names)




# -- the cashier ---------------------------------------------------------------

@dataclass(frozen=True)
class SlipRow:
    booking_id: int
    number: int
    room: str
    guest: str
    number_dialled: str
    amount_fen: int
    ended_at: datetime
    taken_at: datetime | None
    taken_by: str
    pbx_call_id: int | None = None  # a call the guest dialled directly (the PBX's record), not a booking
    late: bool = False  # posted after the guest had checked out


def slips(untaken_only: bool = True) -> list[SlipRow]:
    q = (ChargeSlip.select(ChargeSlip, LongDistanceBooking).join(LongDistanceBooking)
         .order_by(ChargeSlip.number.desc()).limit(500))
    if untaken_only:
        q = q.where(ChargeSlip.taken_at.is_null())
    out = []
    for s in q:
        b = s.booking
        out.append(SlipRow(b.id, s.number, b.stay.room.number, b.stay.name_zh or b.stay.name, b.number_dialled,
                           b.charge_fen or 0, b.ended_at, s.taken_at, s.taken_by.display_name if s.taken_by_id else ""))
    pq = (PbxSlip.select(PbxSlip, PbxCall, Stay).join(PbxCall).join(Stay).order_by(PbxSlip.number.desc()).limit(500))
    if untaken_only:
        pq = pq.where(PbxSlip.taken_at.is_null())
    for s in pq:
        c = s.call
        out.append(SlipRow(0, s.number, c.stay.room.number, c.stay.name_zh or c.stay.name, c.dialled, c.charge_fen,
                           c.ended_at or c.started_at, s.taken_at, s.taken_by.display_name if s.taken_by_id else "",
                           c.id, c.late))
    out.sort(key=lambda r: r.number, reverse=True)
    return out[:500]


def take_pbx_slip(session: Session, call_id: int) -> PbxSlip:
    """The cashier has the slip of a directly dialled call (a late one is settled apart from the closed folio)."""
    session.require("cashier", "supervisor")
    with database.atomic():
        slip = PbxSlip.get_or_none(PbxSlip.call == call_id)
        if slip is None:
            raise ValidationError(N_("This call has no charge slip."))
        if slip.taken_at is not None:
            raise ValidationError(N_("Slip {number} was already taken by the cashier."), number=slip.number)
        PbxSlip.update(taken_at=clock.now(), taken_by=session.operator).where(PbxSlip.id == slip.id).execute()
        slip = PbxSlip.get_by_id(slip.id)
        audit.record(session, "charge_slip_taken", slip, f"slip {slip.number}")
    return slip


@retrying
def take_slip(session: Session, booking_id: int) -> ChargeSlip:
    """The cashier has the slip: who and when."""
    session.require("cashier", "supervisor")
    with database.atomic():
        slip = ChargeSlip.get_or_none(ChargeSlip.booking == booking_id)
        if slip is None:
            raise ValidationError(N_("This call has no charge slip yet; end the call first."))
        if slip.taken_at is not None:
            raise ValidationError(N_("Slip {number} was already taken by the cashier."), number=slip.number)
        ChargeSlip.update(taken_at=clock.now(), taken_by=session.operator).where(ChargeSlip.id == slip.id).execute()
        slip = ChargeSlip.get_by_id(slip.id)
        audit.record(session, "charge_slip_taken", slip, f"slip {slip.number}")
    return slip


def untaken_slips_for_stay(stay_id: int) -> int:
    return (ChargeSlip.select().join(LongDistanceBooking)
            .where(LongDistanceBooking.stay == stay_id, ChargeSlip.taken_at.is_null()).count())


def unposted_calls_for_stay(stay_id: int) -> int:
    posted = FolioPosting.select(FolioPosting.booking).where(FolioPosting.booking.is_null(False))
    return (LongDistanceBooking.select().where(LongDistanceBooking.stay == stay_id,
                                               LongDistanceBooking.status == "ended",
                                               LongDistanceBooking.id.not_in(posted)).count())


def seed_codes() -> None:
    """The usual switchboard charges, inside the caller's transaction (hotel setup)."""
    for code, zh, en, fen in DEFAULT_CODES:
        ChargeCode.create(code=code, name_zh=zh, name_en=en, default_fen=fen)
