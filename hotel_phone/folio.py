"""The guest folio: postings, voids and adjustments, the running balance, the cashier's slips.

Postings are never edited or deleted. A void is a new posting of the opposite
amount, by a supervisor, with a reason, linked to the posting it reverses; an
adjustment is a new posting of the difference, linked the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

import peewee as pw

from hotel_phone import audit, auth, clock, hoteltime, money, names, people, settings, stays, tariff
from hotel_phone.db import (ChargeCode, ChargeSlip, FolioPosting, LongDistanceBooking, Operator, PbxCall, PbxSlip, Room,
                             Settlement, Stay, database, next_number, reserve_ids, retrying, stay_search_matches)
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_
from hotel_phone.session import Session
from hotel_phone.stays import in_house_stay
from hotel_phone.textcheck import clean

MAX_FEN = 10_000_000  # ¥100,000 on one line is a typing error, not a phone charge
BUILTIN_CODES = {"TEL": ("电话费", "Telephone"), "VOID": ("冲销", "Void"), "ADJ": ("调整", "Adjustment"),
                 "PAY": ("结账", "Settlement")}
# How the guest paid at the cashier: (中文, English) as printed on the folio.
SETTLEMENT_METHODS = {"cash": ("现金", "cash"), "card": ("银行卡", "card"),
                      "pms": ("转入 PMS 账户", "transferred to the PMS account")}
SETTLEMENT_LABELS = {"cash": N_("Cash"), "card": N_("Card"), "pms": N_("Transferred to the PMS account")}
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


class CallCharge(NamedTuple):  # a tuple: a PBX batch makes thousands (a frozen dataclass is 3x slower to make)
    """A call's charge (a PBX record, a long-distance booking), for post_call_charge(s)."""

    stay_id: int
    amount_fen: int
    currency: str
    description_zh: str
    description_en: str
    source_kind: str  # a key of CALL_SOURCES
    source_key: str  # unique within its kind: the same key is never posted twice


SYSTEM_OPERATORS = {"pbx": ("[pbx]", "PBX")}  # postings nobody typed: this name shows as their operator
CALL_SOURCES = ("longdistance", *SYSTEM_OPERATORS)  # who may post a call charge; a new source is added here


def _system_operator(kind: str) -> int:
    """The operator row automatic postings are made under (auth keeps operators)."""
    return auth.system_operator_row(*SYSTEM_OPERATORS[kind])


def check_amount(fen: int) -> int:
    if not isinstance(fen, int) or isinstance(fen, bool):
        raise ValidationError(N_("An amount must be a whole number of fen."))
    if fen == 0 or abs(fen) > MAX_FEN:
        raise ValidationError(N_("An amount must be more than zero and less than {limit}."), limit=MAX_FEN // 100)
    return fen


def codes() -> list[ChargeCode]:
    return list(ChargeCode.select().where(ChargeCode.active).order_by(ChargeCode.code))


@retrying
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


def _check_currency(stay_id: int, *currencies: str) -> None:
    """A folio is in one currency: a posting in another is refused, never converted."""
    existing = (FolioPosting.select(FolioPosting.currency).where(FolioPosting.stay == stay_id).distinct())
    money.one_currency([p.currency for p in existing] + list(currencies))


def _check_currencies(charges: list[CallCharge]) -> None:
    """_check_currency for many stays in one query. Every posting is checked against its folio's currency,
    so one existing posting per stay tells the folio's currency (reading them all grows with every batch)."""
    new: dict[int, set[str]] = {}
    for c in charges:
        new.setdefault(c.stay_id, set()).add(c.currency)
    ids = list(new)
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        first = FolioPosting.select(FolioPosting.currency).where(FolioPosting.stay == Stay.id).limit(1)
        for stay_id, currency in (Stay.select(Stay.id, first.alias("currency")).where(Stay.id.in_(part))
                                  .tuples()):
            if currency is not None:
                new[stay_id].add(currency)
    for currencies in new.values():
        money.one_currency(currencies)


@retrying
def post(session: Session, stay_id: int, code: str, amount_fen: int, note: str = "") -> FolioPosting:
    """Post a switchboard charge (calls go through post_call_charge)."""
    session.require_may("folio.post")
    check_amount(amount_fen)
    if amount_fen < 0:
        raise ValidationError(N_("A charge is positive; a correction is a void or an adjustment."))
    note = clean(note, N_("Note"), 100)
    with database.atomic():
        stay = in_house_stay(stay_id)
        cc = ChargeCode.get_or_none(ChargeCode.code == code, ChargeCode.active)
        if cc is None:
            raise ValidationError(N_("Unknown charge code: {code}"), code=code)
        currency = settings.get("currency")
        _check_currency(stay.id, currency)
        posting = FolioPosting.create(
            stay=stay, posted_at=clock.now(), operator=session.operator, code=cc.code,
            description_zh=cc.name_zh + (f" {note}" if note else ""),
            description_en=cc.name_en + (f" {note}" if note else ""), amount_fen=amount_fen, currency=currency)
        audit.record(session, "posted", posting, f"{cc.code} {amount_fen} fen")
    return posting


def _key(source_kind: str, source_key) -> str:
    return f"{source_kind}:{source_key}"


def _check_charge(c: CallCharge) -> None:
    if c.source_kind not in CALL_SOURCES:
        raise ValidationError(N_("Unknown source of a call charge: {kind}"), kind=c.source_kind)
    if not str(c.source_key or "").strip():
        raise ValidationError(N_("A call charge needs the key of the call it charges."))
    if c.amount_fen:  # a call rated at nothing is still recorded
        check_amount(c.amount_fen)
    if c.amount_fen < 0:
        raise ValidationError(N_("A charge is positive; a correction is a void or an adjustment."))


@retrying
def post_call_charge(session: Session | None, stay_id: int, amount_fen: int, currency: str, *, description_zh: str,
                     description_en: str, source_kind: str, source_key, number: str = "") -> FolioPosting:
    """The one way a call's charge reaches a folio: checked, and posted once per (source_kind, source_key).

    `description_*` name the call ("长途电话 伦敦", "Telephone London"); `number`, what was dialled, is added
    to both. The same source posted again returns the first posting unchanged, also when another station
    posted it a moment before. With a session (an operator ended the call) the posting is that operator's
    and has its audit event; without one (the PBX) it is the source's system operator's and the caller's
    transaction records one event for its batch. The stay may have checked out: a late charge still lands.
    """
    charge = CallCharge(stay_id, amount_fen, currency, f"{description_zh} {number}".strip()[:255],
                        f"{description_en} {number}".strip()[:255], source_kind, str(source_key).strip())
    _check_charge(charge)
    key = _key(source_kind, charge.source_key)
    try:
        with database.atomic():
            existing = FolioPosting.get_or_none(FolioPosting.source_key == key)
            if existing is not None:
                return existing
            if session is None:
                return FolioPosting.get_by_id(post_call_charges([charge])[0])
            if not Stay.select().where(Stay.id == stay_id).exists():
                raise ValidationError(N_("This stay does not exist."))
            _check_currency(stay_id, currency)
            posting = FolioPosting.create(
                stay=stay_id, posted_at=clock.now(), operator=session.operator, code="TEL",
                description_zh=charge.description_zh, description_en=charge.description_en, amount_fen=amount_fen,
                currency=currency, source_key=key)
            audit.record(session, "charge_posted", posting, f"{key}: {amount_fen} fen")
            return posting
    except pw.IntegrityError:  # another station posted it first
        return FolioPosting.get(FolioPosting.source_key == key)


def post_call_charges(charges: list[CallCharge]) -> list[int]:
    """Many system charges (a PBX batch) in the caller's transaction with one statement; returns their ids.

    Same checks as post_call_charge; the unique source key refuses (IntegrityError, the whole transaction
    rolls back) a key posted before, so the caller checks for keys it may have posted already.
    """
    if not charges:
        return []
    for c in charges:
        _check_charge(c)
        if c.source_kind not in SYSTEM_OPERATORS:
            raise ValidationError(N_("Unknown source of a call charge: {kind}"), kind=c.source_kind)
    if not database.in_transaction():
        raise RuntimeError("post_call_charges must run inside the caller's transaction")
    _check_currencies(charges)
    ids = reserve_ids(FolioPosting, len(charges))
    now = FolioPosting.posted_at.db_value(clock.now())
    if database.param == "?":
        now = now.isoformat(" ")  # as SQLite's adapter would spell it, once instead of once a row
    operators = {kind: _system_operator(kind) for kind in {c.source_kind for c in charges}}
    sql = ("INSERT INTO folio_posting (id, stay_id, posted_at, operator_id, code, description_zh, description_en, "
           "amount_fen, currency, reason, source_key) VALUES (?, ?, ?, ?, 'TEL', ?, ?, ?, ?, '', ?)")
    if database.param != "?":
        sql = sql.replace("?", database.param)
    rows = [(i, c.stay_id, now, operators[c.source_kind], c.description_zh, c.description_en, c.amount_fen,
             c.currency, _key(c.source_kind, c.source_key)) for i, c in zip(ids, charges)]
    database.cursor().executemany(sql, rows)
    # One event vouches for the whole batch; the rows are hashed as written (SEALED's columns of FolioPosting).
    written = {r[0]: (r[1], now, r[3], "TEL", r[6], r[7], None, None) for r in rows}
    audit.seal_rows(None, FolioPosting, ids, "call_charges_sealed", written)
    return ids


def posting_for(source_kind: str, source_key) -> FolioPosting | None:
    return FolioPosting.get_or_none(FolioPosting.source_key == _key(source_kind, source_key))


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
    session.require_may("folio.correct")
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
        audit.record(session, "posting_voided", reversal, f"posting {original.id}")  # the reason stays on the row
    return reversal


@retrying
def adjust(session: Session, posting_id: int, new_amount_fen: int, reason: str) -> FolioPosting:
    """Correct a posting's amount with a new line of the difference (supervisors only)."""
    session.require_may("folio.correct")
    reason = clean(reason, N_("Reason"), 200, required=True)
    check_amount(new_amount_fen)
    with database.atomic():
        original = _correctable(posting_id)
        if original.code == "PAY":
            raise ValidationError(N_("A settlement is not adjusted: a supervisor voids it and the cashier settles again."))
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


@retrying
def settle(session: Session, stay_id: int, method: str, reference: str = "") -> FolioPosting:
    """The cashier records how the guest paid the balance; the folio then stands at zero.

    Works after check-out (the guest pays on the way out). Undone only by a supervisor's void.
    """
    session.require_may("folio.settle")
    if method not in SETTLEMENT_METHODS:
        raise ValidationError(N_("Choose how the guest paid."))
    reference = clean(reference, N_("Reference"), 60, required=method == "pms")
    with database.atomic():
        stay = Stay.get_or_none(Stay.id == stay_id)
        if stay is None:
            raise ValidationError(N_("This stay does not exist."))
        due = balance(stay_id)
        if due <= 0:
            raise ValidationError(N_("Nothing to settle: the balance is {amount}."),
                                  amount=money.format(due, settings.get("currency")))
        zh, en = SETTLEMENT_METHODS[method]
        ref = f" {reference}" if reference else ""
        posting = FolioPosting.create(
            stay=stay, posted_at=clock.now(), operator=session.operator, code="PAY",
            description_zh=f"结账:{zh}{ref}", description_en=f"Settlement: {en}{ref}", amount_fen=-due,
            currency=settings.get("currency"))
        Settlement.create(posting=posting, method=method, reference=reference)
        audit.record(session, "folio_settled", posting, f"stay {stay.id}: {due} fen by {method}")
    return posting


def balance(stay_id: int) -> int:
    return FolioPosting.select(pw.fn.SUM(FolioPosting.amount_fen)).where(FolioPosting.stay == stay_id).scalar() or 0


def line_count(stay_id: int) -> int:
    """How many lines the folio has (one indexed count): the window loads a long one on the worker."""
    return FolioPosting.select().where(FolioPosting.stay == stay_id).count()


def load(stay_id: int) -> Folio:
    """The whole folio: one query for the postings with their operators (thousands of lines stay fast)."""
    stay = Stay.get_or_none(Stay.id == stay_id)
    if stay is None:
        raise ValidationError(N_("This stay does not exist."))
    postings = (FolioPosting.select(FolioPosting.id, FolioPosting.posted_at, FolioPosting.code,
                                    FolioPosting.description_zh, FolioPosting.description_en,
                                    FolioPosting.amount_fen, FolioPosting.currency, FolioPosting.corrects,
                                    FolioPosting.reason, Operator.display_name)
                .join(Operator).where(FolioPosting.stay == stay_id)
                .order_by(FolioPosting.posted_at, FolioPosting.id).tuples())
    rows = list(postings)
    currency = money.one_currency(r[6] for r in rows) or settings.get("currency")
    voided = {r[7] for r in rows if r[2] == "VOID"}
    lines, running, totals = [], 0, {}
    for pid, posted_at, code, desc_zh, desc_en, amount, _cur, corrects, reason, operator in rows:
        running += amount
        totals[code] = totals.get(code, 0) + amount
        lines.append(FolioLine(pid, posted_at, code, desc_zh, desc_en, amount, running, operator, corrects, reason,
                               pid in voided))
    names = dict(BUILTIN_CODES)
    names.update({c.code: (c.name_zh, c.name_en) for c in ChargeCode.select()})
    return Folio(stay.id, stay.room.number, people.display_name(stay), stay.name, stay.name_zh, stay.language,
                 stay.arrival, stay.departure, stay.status, currency, lines, totals, running, names)


# -- finding a folio, the departed ones too ------------------------------------------

@dataclass(frozen=True)
class StayChoice:
    stay_id: int
    room: str
    name: str
    departed_on: date | None  # the hotel day of check-out; None while in house


def find_stays(query: str, limit: int = 30) -> list[StayChoice]:
    """In-house stays matching the query, then departed ones (latest first): a folio follows its guest."""

    text = (query or "").strip()
    if not text:
        return []
    found = [StayChoice(r.id, r.room, r.display_name(), None) for r in stays.search(text, limit)]
    folded = names.fold_query(text)
    if not folded:
        return found
    departed = (Stay.select(Stay, Room).join(Room).where(Stay.status == "departed")
                .order_by(Stay.checked_out_at.desc(), Stay.id.desc()).limit(limit))
    if folded.isdigit():  # a room: its number exactly, or the rooms it begins from the third digit on
        departed = departed.where((Room.number == folded) if len(folded) < 3 else Room.number.startswith(folded))
    elif len(folded) < 3:  # two letters match half the past guests: departed ones from the third letter on
        return found
    else:
        departed = departed.where(stay_search_matches(folded, newest=limit * 10))
    tz = hoteltime.zone()
    for s in departed:
        name = s.name_zh + (f" {s.name}" if s.name else "") if s.name_zh else s.name
        day = s.checked_out_at.astimezone(tz).date() if s.checked_out_at else s.departure
        found.append(StayChoice(s.id, s.room.number, name, day))
    return found[:limit]


def stays_for_room(room: str, day: date | None = None, stay_id: int | None = None) -> list[Stay]:
    """The stays whose folio is wanted: by id, by room on a hotel day (departed too), or in house now."""

    if stay_id is not None:
        stay = Stay.get_or_none(Stay.id == stay_id)
        if stay is None or (room and stay.room.number != room):
            raise ValidationError(N_("Stay {id} is not in room {room}."), id=stay_id, room=room)
        return [stay]
    if day is None:
        return stays.stays_in_room(room)
    r = Room.get_or_none(Room.number == room)
    if r is None:
        raise ValidationError(N_("Room {room} does not exist."), room=room)
    tz = hoteltime.zone()
    out = []
    for s in Stay.select().where(Stay.room == r).order_by(Stay.id):
        last = s.checked_out_at.astimezone(tz).date() if s.checked_out_at else max(s.departure, day)
        if s.arrival <= day <= last:
            out.append(s)
    if not out:
        raise ValidationError(N_("Nobody stayed in room {room} on {day}."), room=room, day=day.isoformat())
    return out


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


def _voided_bookings() -> list[int]:
    """Bookings whose call charge was voided (found by the posting's source key): their slips are withdrawn."""
    voids = FolioPosting.select(FolioPosting.corrects).where(FolioPosting.code == "VOID")
    keys = FolioPosting.select(FolioPosting.source_key).where(FolioPosting.source_key.startswith("longdistance:"),
                                                              FolioPosting.id.in_(voids))
    return [int(key.split(":", 1)[1]) for (key,) in keys.tuples()]


def slips(untaken_only: bool = True) -> list[SlipRow]:
    """The charge slips for the cashier; a voided call's slip is withdrawn from the list."""
    q = (ChargeSlip.select(ChargeSlip, LongDistanceBooking).join(LongDistanceBooking)
         .where(LongDistanceBooking.id.not_in(_voided_bookings()))
         .order_by(ChargeSlip.number.desc()).limit(500))
    if untaken_only:
        q = q.where(ChargeSlip.taken_at.is_null())
    out = []
    for s in q:
        b = s.booking
        out.append(SlipRow(b.id, s.number, b.stay.room.number, people.short_name(b.stay), b.number_dialled,
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
    return _take(session, PbxSlip, PbxSlip.call == call_id, N_("This call has no charge slip."))


def take_slip(session: Session, booking_id: int) -> ChargeSlip:
    """The cashier has the slip: who and when."""
    return _take(session, ChargeSlip, ChargeSlip.booking == booking_id,
                 N_("This call has no charge slip yet; end the call first."))


@retrying
def _take(session: Session, model, which, missing: str):
    """One rule for both kinds of slip: taken once, by whom and when, audited."""
    session.require_may("folio.take_slip")
    with database.atomic():
        slip = model.get_or_none(which)
        if slip is None:
            raise ValidationError(missing)
        if slip.taken_at is not None:
            raise ValidationError(N_("Slip {number} was already taken by the cashier."), number=slip.number)
        model.update(taken_at=clock.now(), taken_by=session.operator).where(model.id == slip.id).execute()
        slip = model.get_by_id(slip.id)
        audit.record(session, "charge_slip_taken", slip, f"slip {slip.number}")
    return slip


def number_slip(booking: LongDistanceBooking) -> ChargeSlip:
    """The next slip number for an ended call, inside the caller's transaction (IMMEDIATE: never two alike)."""
    number = next_number("charge_slip")  # a locked counter: never twice, no gaps, on both backends
    slip = ChargeSlip.create(number=number, booking=booking, printed_at=clock.now(), print_count=0)
    audit.record(None, "charge_slip_made", slip, f"slip {number}")  # a sealed row: its event vouches for it
    return slip


@dataclass(frozen=True)
class SlipData:
    """Everything a charge slip prints, read from the database first so rendering needs no database."""

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


@retrying
def issue_slip(session: Session, booking_id: int) -> SlipData:
    """Record a print of the slip; the first is the original, every later one is a COPY."""
    with database.atomic():
        slip = ChargeSlip.get_or_none(ChargeSlip.booking == booking_id)
        if slip is None:
            raise ValidationError(N_("This call has no charge slip yet; end the call first."))
        copy = slip.print_count > 0
        ChargeSlip.update(print_count=ChargeSlip.print_count + 1, printed_at=clock.now()).where(
            ChargeSlip.id == slip.id).execute()
        audit.record(session, "charge_slip_printed", slip, "copy" if copy else "original")
    return slip_data(LongDistanceBooking.get_by_id(booking_id), slip.number, copy)


def slip_data(b: LongDistanceBooking, number: int, copy: bool = False) -> SlipData:
    zone = tariff.zone_of(b.tariff_id, b.zone_code)
    rule = {lang: tariff.describe(zone, b.discount_basis_points, lang) if zone else b.rule for lang in ("zh_CN", "en")}
    zone_name = f"{zone.name_zh} / {zone.name_en}" if zone else b.zone_code
    return SlipData(number, copy, {lang: settings.hotel_name(lang) for lang in ("zh_CN", "en")}, b.stay.room.number,
                    people.display_name(b.stay), b.number_dialled, f"{b.destination_zh} / {b.destination_en}",
                    b.connected_at, b.ended_at, b.duration_seconds or 0, zone_name, rule, b.charge_fen or 0,
                    b.currency)


def untaken_slips_for_stay(stay_id: int) -> int:
    return (ChargeSlip.select().join(LongDistanceBooking)
            .where(LongDistanceBooking.stay == stay_id, ChargeSlip.taken_at.is_null(),
                   LongDistanceBooking.id.not_in(_voided_bookings())).count())


def unposted_calls_for_stay(stay_id: int) -> int:
    """Ended long-distance calls of the stay with a charge that is not on the folio."""
    posted = {p.source_key for p in FolioPosting.select(FolioPosting.source_key).where(
        FolioPosting.stay == stay_id, FolioPosting.source_key.startswith("longdistance:"))}
    ended = LongDistanceBooking.select(LongDistanceBooking.id).where(LongDistanceBooking.stay == stay_id,
                                                                      LongDistanceBooking.status == "ended",
                                                                      LongDistanceBooking.charge_fen > 0)
    return sum(1 for b in ended if _key("longdistance", b.id) not in posted)


def seed_codes() -> None:
    """The usual switchboard charges, inside the caller's transaction (hotel setup)."""
    for code, zh, en, fen in DEFAULT_CODES:
        ChargeCode.create(code=code, name_zh=zh, name_en=en, default_fen=fen)
