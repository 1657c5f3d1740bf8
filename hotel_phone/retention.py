"""Guest data retention, from one registry of every column that can hold personal data.

A guest's whereabouts are sensitive personal information. Stays that ended
more than a set number of months ago lose the guest's personal data, and so do
records of that age that name people without belonging to a stay ("not found"
inquiries, booking inquiries, shift handovers); cases from outside callers
lose the caller's name, number and the text that long after they were closed.
Amounts, dates, rooms, codes and counts
stay for the hotel's books. The audit log names records (ids), never copies of
what was typed, so it stays whole and its chain intact.

PERSONAL lists, for each model, every column retention changes and how.
NOT_PERSONAL lists the other text columns with the reason they are kept.
tests/test_retention.py fails when a text column of any model is in neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import peewee as pw

from hotel_phone import audit, clock
from hotel_phone.db import (
    MODELS,
    forget_stay_search,
    AllowedCaller,
    CallNote,
    CallStep,
    Case,
    CaseEvent,
    FolioPosting,
    InquiryTask,
    LongDistanceBooking,
    MessageSlip,
    PbxCall,
    PbxLine,
    ScreenedCall,
    ShiftHandover,
    Stay,
    WakeUpCall,
    database,
    retrying,
)
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_
from hotel_phone.session import Session
# Imports inside functions: phonenumbers loads only when retention cuts a number to its destination (for speed).

ANONYMOUS = "—"

# What retention does to a column.
BLANK = "blank"  # free text, names, numbers: emptied
NAME = "name"  # the guest's name: a dash, so a folio still reads as a line
DESTINATION = "destination"  # a dialled number: cut to country and area code (+44 20)
DROP_NUMBERS = "drop numbers"  # a text that quotes a dialled number: the digits go, the words stay
DELETE_ROW = "delete row"  # the whole row goes (it is nothing but personal data)


@dataclass(frozen=True)
class Personal:
    """Which rows of a model are purged, and what happens to each of their personal columns.

    A row is purged when its `stay` is one of the old stays, or when it has no
    stay and its `age` column is older than the cut-off. `call` rows follow
    their call, `case` rows their case. `stamp` is set to the time of the purge.
    """

    columns: dict[str, str]
    stay: str = ""
    age: str = ""
    call: str = ""
    case: str = ""
    stamp: str = ""


PERSONAL: dict[type[pw.Model], Personal] = {
    Stay: Personal({"name": NAME, "name_zh": BLANK, "pinyin": BLANK, "notes": BLANK, "party": BLANK,
                    "search_key": BLANK, "family_name": BLANK, "given_name": BLANK}),
    AllowedCaller: Personal({"name": DELETE_ROW, "number": DELETE_ROW}, stay="stay"),
    ScreenedCall: Personal({"caller_name": BLANK, "caller_number": BLANK, "purpose": BLANK, "wanted": BLANK},
                           stay="stay", age="started_at"),
    CallStep: Personal({"detail": BLANK}, call="call"),
    CallNote: Personal({"text": BLANK}, call="call"),
    MessageSlip: Personal({"from_name": BLANK, "callback_number": BLANK, "text": BLANK, "wanted_name": BLANK},
                          stay="stay",
                          age="taken_at"),
    LongDistanceBooking: Personal({"party_called": BLANK, "number_dialled": BLANK, "number_e164": DESTINATION,
                                   "cancel_reason": BLANK, "rate_digits": BLANK, "extension": BLANK}, stay="stay"),
    FolioPosting: Personal({"description_zh": DROP_NUMBERS, "description_en": DROP_NUMBERS, "reason": BLANK},
                           stay="stay"),
    WakeUpCall: Personal({"note": BLANK, "cancel_reason": BLANK}, stay="stay"),
    ShiftHandover: Personal({"items": BLANK, "notes": BLANK}, age="created_at"),
    InquiryTask: Personal({"caller_name": BLANK, "caller_number": BLANK, "details": BLANK, "answer": BLANK},
                          age="created_at"),
    # Cases (#18): a reporter without a stay is purged by the date the case was closed (open ones stay).
    Case: Personal({"caller_name": BLANK, "caller_number": BLANK, "text": BLANK, "answer": BLANK,
                    "cancel_reason": BLANK, "search_key": BLANK}, stay="stay", age="closed_at", stamp="purged_at"),
    CaseEvent: Personal({"detail": BLANK, "target": BLANK}, case="case"),
    # PBX records (#13): the raw line holds the number dialled; a staff call has no stay and goes by its age.
    PbxLine: Personal({"raw": BLANK, "reason": BLANK}, age="received_at"),
    PbxCall: Personal({"dialled": BLANK, "number_e164": DESTINATION, "resolution": BLANK}, stay="stay",
                      age="started_at"),
}

# Text columns kept on purpose, with why. Anything that can name, quote or reach a guest belongs in PERSONAL.
NOT_PERSONAL: dict[str, dict[str, str]] = {
    "SchemaVersion": {},
    "Setting": {"key": "setting name", "value": "hotel settings"},
    "Operator": {"username": "staff account", "display_name": "staff account", "role": "code",
                 "password_hash": "staff account", "language": "code"},
    "Room": {"number": "room", "extension": "room", "room_type": "code"},
    "Stay": {"title": "code", "language": "code", "status": "code", "privacy": "code", "source": "code"},
    "AllowedCaller": {},
    "RoomMove": {},
    "Department": {"code": "code", "name_zh": "department", "name_en": "department",
                   "office_extension": "extension", "duty_phone": "extension"},
    "Staff": {"name": "staff directory, kept while employed", "name_zh": "staff directory",
              "pinyin": "staff directory", "title_zh": "staff directory", "title_en": "staff directory",
              "extension": "staff directory", "mobile": "staff directory", "search_key": "staff directory"},
    "DirectoryEntry": {c: "public directory of businesses and services" for c in (
        "category", "name_zh", "name_en", "number", "number_e164", "address_zh", "address_en", "notes_zh",
        "notes_en", "search_key")},
    "InfoEntry": {c: "the hotel's own information" for c in (
        "kind", "name_zh", "name_en", "hours", "price", "phone", "text_zh", "text_en", "search_key")},
    "InquiryTask": {"status": "code"},
    "Phrase": {"key": "code", "text_zh": "standard wording", "text_en": "standard wording"},
    "ScreenedCall": {"line": "code", "caller_language": "code", "kind": "code", "state": "code",
                     "outcome": "code", "routed_to": "extension"},
    "CallStep": {"step": "code"},
    "CallNote": {},
    "MessageSlip": {"template": "code", "delivery_method": "code"},
    "OutsideLine": {"name": "line label"},
    "Tariff": {"name": "tariff", "free_numbers": "tariff", "free_prefixes": "tariff"},
    "TariffZone": {"code": "tariff", "name_zh": "tariff", "name_en": "tariff", "prefixes": "tariff"},
    "TariffBand": {},
    "LongDistanceBooking": {"destination_zh": "country or city", "destination_en": "country or city",
                            "status": "code", "currency": "code", "zone_code": "code", "rule": "tariff rule",
                            "last_outcome": "code"},
    "ChargeSlip": {},
    # #16: how a folio was paid; the reference is the card slip's or PMS account's number, the hotel's own.
    "Settlement": {"method": "code", "reference": "the card slip's or PMS account's number (accounting)"},
    "ChargeCode": {"code": "code", "name_zh": "charge name", "name_en": "charge name"},
    "FolioPosting": {"code": "code", "currency": "code", "source_key": "the PBX's id of the call"},
    "PbxSource": {c: "the PBX connection's settings and state" for c in (
        "name", "format", "kind", "address", "records_tz", "strip_prefix", "file_id", "state", "state_detail")},
    "PbxLine": {"outcome": "code"},
    "PbxCall": {"natural_key": "the PBX's id of the call", "extension": "extension", "direction": "code",
                "disposition": "code", "status": "code", "reason": "code", "currency": "code", "zone_code": "code",
                "destination_zh": "country or city", "destination_en": "country or city"},
    "WakeUpCall": {"language": "code", "status": "code", "attendant_sent": "staff member"},
    "WakeUpAttempt": {"outcome": "code"},
    "ShiftHandover": {},
    "CaseCode": {"code": "code", "name_zh": "issue name", "name_en": "issue name"},
    "CaseTarget": {},
    "Case": {"kind": "code", "place": "a place in the hotel", "language": "code", "channel": "code",
             "status": "code"},
    "CaseEvent": {"kind": "code"},
    "Counter": {"name": "counter name"},
    # Staff telephones (#17): employees' calls and applications, kept under the hotel's staff rules, not a guest's.
    "StaffPhoneRules": {"name": "rules", "text": "rules"},
    "ExtensionClassChange": {c: "staff telephone record" for c in ("extension", "class_code", "reason")},
    "LongDistanceApplication": {c: "staff telephone record" for c in (
        "extension", "region", "organisation", "reason", "target", "target_prefix")},
    "ApplicationDecision": {"note": "staff telephone record"},
    "StaffCall": {c: "staff telephone record" for c in (
        "extension", "dialled", "e164", "destination_class", "region_zh", "region_en", "currency")},
    "SignInFailure": {"key": "a keyed hash, not the name typed"},
    "AuditEvent": {"action": "code", "entity": "model name", "detail": "ids, codes and amounts only: "
                   "audit.record never copies free text", "prev_hash": "hash", "hash": "hash",
                   "row_hash": "hash"},
}


def text_columns(model: type[pw.Model]) -> list[str]:
    return [f.name for f in model._meta.sorted_fields
            if isinstance(f, (pw.CharField, pw.TextField, pw.BlobField)) and not isinstance(f, pw.ForeignKeyField)]


def unclassified() -> list[str]:
    """Text columns neither in PERSONAL nor in NOT_PERSONAL, as 'Model.column'."""
    out = []
    for model in MODELS:
        personal = PERSONAL.get(model)
        kept = NOT_PERSONAL.get(model.__name__, {})
        for name in text_columns(model):
            if (personal is None or name not in personal.columns) and name not in kept:
                out.append(f"{model.__name__}.{name}")
    return out


def destination_only(e164: str) -> str:
    """+442079460958 -> +4420: the country and area (or mobile network) code, never the subscriber."""
    import phonenumbers

    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164 if e164.startswith("+") else "+" + e164)
    except phonenumbers.NumberParseException:
        return ""
    national = phonenumbers.national_significant_number(number)
    return f"+{number.country_code}{national[:phonenumbers.length_of_national_destination_code(number)]}"


_NUMBER = re.compile(r"[+(]?\d[\d\s()\-]{4,}\d")


def drop_numbers(text: str) -> str:
    return re.sub(r"\s{2,}", " ", _NUMBER.sub("", text)).strip()


def _rows(model: type[pw.Model], entry: Personal, stay_ids: list[int], cutoff, calls) -> pw.Expression:
    if entry.call:
        return getattr(model, entry.call).in_(calls)
    if entry.case:
        return getattr(model, entry.case).in_(Case.select(Case.id).where(_rows(Case, PERSONAL[Case], stay_ids,
                                                                                 cutoff, calls)))
    if model is Stay:
        return Stay.id.in_(stay_ids)
    parts = []
    if entry.stay:
        parts.append(getattr(model, entry.stay).in_(stay_ids))
    if entry.age:
        aged = getattr(model, entry.age) < cutoff
        parts.append(getattr(model, entry.stay).is_null() & aged if entry.stay else aged)
    where = parts[0]
    for part in parts[1:]:
        where = where | part
    return where


def _apply(model: type[pw.Model], entry: Personal, where: pw.Expression) -> None:
    if entry.stamp:
        model.update(**{entry.stamp: clock.now()}).where(where, getattr(model, entry.stamp).is_null()).execute()
    if DELETE_ROW in entry.columns.values():
        model.delete().where(where).execute()
        return
    simple = {name: (ANONYMOUS if how == NAME else b"" if isinstance(model._meta.fields[name], pw.BlobField) else "")
              for name, how in entry.columns.items() if how in (BLANK, NAME)}
    computed = {name: how for name, how in entry.columns.items() if how in (DESTINATION, DROP_NUMBERS)}
    if computed:
        fields = [model._meta.primary_key] + [getattr(model, n) for n in computed]
        for row in model.select(*fields).where(where).tuples().iterator():
            values = {}
            for (name, how), value in zip(computed.items(), row[1:], strict=True):
                values[name] = destination_only(value) if how == DESTINATION else drop_numbers(value)
            model.update(**values).where(model._meta.primary_key == row[0]).execute()
    if simple:
        model.update(**simple).where(where).execute()


def _old_stays(cutoff) -> list[int]:
    return [s.id for s in Stay.select(Stay.id).where(Stay.status == "departed", Stay.checked_out_at < cutoff,
                                                     Stay.name != ANONYMOUS)]


def anonymise(session: Session, months: int) -> int:
    """Blank personal data older than `months`; returns how many stays. The file is then compacted so no
    copy of the removed data stays in free pages or the write-ahead log."""
    session.require("supervisor")
    if not 1 <= months <= 600:
        raise ValidationError(N_("Months must be between 1 and 600."))
    missing = unclassified()
    if missing:  # a model added without telling retention what to do with it: refuse rather than keep data
        raise RuntimeError(f"retention registry incomplete: {', '.join(missing)}")
    old = _blank(session, months)
    compact()  # outside the retried transaction: runs once
    return len(old)


@retrying
def _blank(session: Session, months: int) -> list[int]:
    now = clock.now()
    cutoff = now - timedelta(days=round(months * 30.44))
    with database.atomic():
        old = _old_stays(cutoff)
        for i in range(0, max(len(old), 1), 500):
            ids = old[i:i + 500]
            calls = ScreenedCall.select(ScreenedCall.id).where(
                ScreenedCall.stay.in_(ids) | (ScreenedCall.stay.is_null() & (ScreenedCall.started_at < cutoff)))
            for model, entry in PERSONAL.items():  # children first: a call's steps, a case's events
                if entry.call or entry.case:
                    _apply(model, entry, _rows(model, entry, ids, cutoff, calls))
            for model, entry in PERSONAL.items():
                if not (entry.call or entry.case):
                    _apply(model, entry, _rows(model, entry, ids, cutoff, calls))
        MessageSlip.update(purged_at=clock.now()).where(MessageSlip.stay.in_(old),
                                                        MessageSlip.purged_at.is_null()).execute()
        cases = Case.select().where(Case.stay.is_null(), Case.purged_at >= now).count()
        audit.record(session, "guest_data_anonymised",
                     detail=f"{len(old)} stays ended before {cutoff.date()}; {cases} outside callers' cases")
    return old


def compact() -> bool:
    """Rewrite the file without free pages and empty the write-ahead log (SQLite); False if another
    station's open read kept old pages in the log (run again when the others are closed)."""
    obj = database.obj
    if not isinstance(obj, pw.SqliteDatabase):
        return True  # a database server reclaims space itself (VACUUM there is the server's job)
    forget_stay_search(obj)
    obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    obj.execute_sql("VACUUM")
    busy, _log, _done = obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return busy == 0
