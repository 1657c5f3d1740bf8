"""The database: Peewee models for the whole switchboard, setup and migrations.

The database object is unbound until `open_database` binds it to a SQLite file
(the default) or a database URL. Times are stored as UTC; money as integer
minor units (fen) with a currency code.
"""

from __future__ import annotations

import functools
import os
import random
import sqlite3
import threading
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import peewee as pw
from playhouse.db_url import connect as connect_url

from hotel_phone import names
from hotel_phone.errors import (
    DatabaseBusy,
    DatabaseOpenError,
    DatabaseReplaced,
    StorageError,
)
from hotel_phone.i18n import N_
# Imports inside functions: psycopg (through pg) only for a server, playhouse.migrate only in a migration, and
# audit when a database is opened (audit imports db: the one declared exception in the contracts).

# hotel_phone.pg (and psycopg with it) is imported inside the functions that need it, for speed:
# a station on SQLite never loads the PostgreSQL driver. pg imports nothing of ours but errors: no cycle.

SCHEMA_VERSION = 12
SQLITE_HEADER = b"SQLite format 3\x00"

class _HotelProxy(pw.DatabaseProxy):
    """The models' database. One thread may look at another database for a moment (`looking_at`: a backup's
    check on the worker reads its copy) while every other thread stays on the hotel's."""

    __slots__ = ("_main", "_local")

    def __init__(self):
        object.__setattr__(self, "_local", threading.local())
        super().__init__()

    def __setattr__(self, attr, value):
        object.__setattr__(self, "_main" if attr == "obj" else attr, value)

    @property
    def obj(self):
        mine = getattr(self._local, "obj", None)
        return self._main if mine is None else mine


database = _HotelProxy()
_open_hooks: list = []


@contextmanager
def looking_at(other: pw.Database):
    """Within the block, this thread's models use `other`; other threads keep the open database."""
    before = getattr(database._local, "obj", None)
    database._local.obj = other
    try:
        yield other
    finally:
        database._local.obj = before


def on_open(fn) -> None:
    """Run `fn` whenever a database is opened: modules drop what they cached from the previous one."""
    _open_hooks.append(fn)


class UTCDateTimeField(pw.DateTimeField):
    """Aware datetimes in, aware UTC datetimes out; naive ones are refused."""

    def db_value(self, value):
        if value is None:
            return None
        if isinstance(value, datetime):
            if value.tzinfo is None:
                raise ValueError("naive datetime given to a UTC field")
            value = value.astimezone(UTC).replace(tzinfo=None)
        return super().db_value(value)

    def python_value(self, value):
        value = super().python_value(value)
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class BaseModel(pw.Model):
    class Meta:
        database = database
        legacy_table_names = False


class SchemaVersion(BaseModel):
    version = pw.IntegerField()


class Setting(BaseModel):
    """Hotel-wide settings (name, time zone, currency, lines...)."""

    key = pw.CharField(unique=True)
    value = pw.TextField()


class Operator(BaseModel):
    ROLES = ("operator", "supervisor", "cashier", "administrator", "manager")

    username = pw.CharField(unique=True)
    display_name = pw.CharField()
    role = pw.CharField(default="operator")
    password_hash = pw.CharField()
    language = pw.CharField(default="zh_CN")
    active = pw.BooleanField(default=True)
    failed_attempts = pw.IntegerField(default=0)
    last_failed_at = UTCDateTimeField(null=True)
    created_at = UTCDateTimeField()


class Room(BaseModel):
    number = pw.CharField(unique=True)
    floor = pw.IntegerField()
    extension = pw.CharField()
    room_type = pw.CharField(default="")
    active = pw.BooleanField(default=True)


class Stay(BaseModel):
    STATUSES = ("in_house", "departed")
    PRIVACY = ("normal", "dnd", "incognito")
    TITLES = ("", "mr", "ms", "mrs", "dr")

    room = pw.ForeignKeyField(Room, backref="stays")
    name = pw.CharField(default="")  # as on the guest's papers, any script
    name_zh = pw.CharField(default="")  # Chinese characters, if any
    pinyin = pw.CharField(default="")  # computed from name_zh when saved
    # The operator's console (issue 15): forms of address use the family name; filled by surname
    # rules when the stay is saved, and the operator may correct them.
    family_name = pw.CharField(default="")
    given_name = pw.CharField(default="")
    title = pw.CharField(default="")
    language = pw.CharField(default="zh_CN")
    arrival = pw.DateField()
    departure = pw.DateField()
    status = pw.CharField(default="in_house", index=True)
    privacy = pw.CharField(default="normal")
    dnd_until = UTCDateTimeField(null=True)
    vip = pw.BooleanField(default=False)
    notes = pw.TextField(default="")
    party = pw.CharField(default="")  # group or tour name, guests sharing a plan
    search_key = pw.TextField(default="")  # folded names, pinyin, initials
    source = pw.CharField(default="desk")  # desk, import, demo
    checked_in_at = UTCDateTimeField()
    checked_out_at = UTCDateTimeField(null=True)


class AllowedCaller(BaseModel):
    """Callers a guest has said to put through without asking."""

    stay = pw.ForeignKeyField(Stay, backref="allowed_callers")
    name = pw.CharField()
    number = pw.CharField(default="")
    added_at = UTCDateTimeField()


class RoomMove(BaseModel):
    stay = pw.ForeignKeyField(Stay, backref="moves")
    from_room = pw.ForeignKeyField(Room, backref="+")
    to_room = pw.ForeignKeyField(Room, backref="+")
    moved_at = UTCDateTimeField()
    operator = pw.ForeignKeyField(Operator, null=True, backref="+")


class Department(BaseModel):
    code = pw.CharField(unique=True)
    name_zh = pw.CharField()
    name_en = pw.CharField()
    office_extension = pw.CharField(default="")
    duty_phone = pw.CharField(default="")


class Staff(BaseModel):
    name = pw.CharField(default="")
    name_zh = pw.CharField(default="")
    pinyin = pw.CharField(default="")
    title_zh = pw.CharField(default="")
    title_en = pw.CharField(default="")
    department = pw.ForeignKeyField(Department, backref="staff")
    extension = pw.CharField(default="")
    mobile = pw.CharField(default="")
    superior = pw.ForeignKeyField("self", null=True, backref="reports")
    is_manager = pw.BooleanField(default=False)
    active = pw.BooleanField(default=True)
    search_key = pw.TextField(default="")


class DirectoryEntry(BaseModel):
    category = pw.CharField(index=True)
    name_zh = pw.CharField(default="")
    name_en = pw.CharField(default="")
    number = pw.CharField()  # as dialled
    number_e164 = pw.CharField(default="")
    address_zh = pw.CharField(default="")
    address_en = pw.CharField(default="")
    notes_zh = pw.TextField(default="")
    notes_en = pw.TextField(default="")
    search_key = pw.TextField(default="")
    active = pw.BooleanField(default=True)


class InfoEntry(BaseModel):
    """What callers ask about: facilities and services, sights, shopping and business districts."""

    kind = pw.CharField(index=True)  # facility, service, sight, shopping, business
    name_zh = pw.CharField(default="")
    name_en = pw.CharField(default="")
    hours = pw.CharField(default="")
    price = pw.CharField(default="")
    phone = pw.CharField(default="")
    text_zh = pw.TextField(default="")
    text_en = pw.TextField(default="")
    search_key = pw.TextField(default="")
    active = pw.BooleanField(default=True)
    updated_by = pw.ForeignKeyField(Operator, null=True, backref="+")
    updated_at = UTCDateTimeField(null=True)


class InquiryTask(BaseModel):
    """A room-booking inquiry passed to reservations; every case gets a reply (件件有回复)."""

    created_at = UTCDateTimeField(index=True)
    created_by = pw.ForeignKeyField(Operator, backref="+")
    caller_name = pw.CharField()
    caller_number = pw.CharField(default="")
    details = pw.TextField()
    status = pw.CharField(default="open", index=True)
    answer = pw.TextField(default="")
    answered_at = UTCDateTimeField(null=True)
    answered_by = pw.ForeignKeyField(Operator, null=True, backref="+")


class Phrase(BaseModel):
    """A supervisor's wording of a standard phrase, replacing the catalog's (one row per change)."""

    key = pw.CharField(index=True)
    text_zh = pw.TextField()
    text_en = pw.TextField()
    changed_by = pw.ForeignKeyField(Operator, backref="+")
    changed_at = UTCDateTimeField()


class ScreenedCall(BaseModel):
    """One incoming call and how it was handled; never edited afterwards."""

    started_at = UTCDateTimeField(index=True)
    ended_at = UTCDateTimeField(null=True)
    operator = pw.ForeignKeyField(Operator, backref="calls")
    line = pw.CharField(default="outside")  # outside, inside
    caller_name = pw.CharField(default="")
    caller_number = pw.CharField(default="")
    caller_language = pw.CharField(default="zh_CN")
    purpose = pw.TextField(default="")
    wanted = pw.CharField(default="")
    stay = pw.ForeignKeyField(Stay, null=True, backref="calls")
    staff = pw.ForeignKeyField(Staff, null=True, backref="calls")
    department = pw.ForeignKeyField(Department, null=True, backref="calls")
    kind = pw.CharField(default="call")  # call: put me through; inquiry: is X staying, which room
    state = pw.CharField(default="new")  # new, chosen, asking, consented, routing, closed
    outcome = pw.CharField(default="open", index=True)
    consent = pw.BooleanField(default=False)
    disclosed = pw.BooleanField(default=False)
    urgent = pw.BooleanField(default=False)
    routed_to = pw.CharField(default="")  # extension a staff call went to


class CallStep(BaseModel):
    call = pw.ForeignKeyField(ScreenedCall, backref="steps")
    at = UTCDateTimeField()
    step = pw.CharField()
    detail = pw.TextField(default="")


class CallNote(BaseModel):
    """A later correction or remark on a call (the call itself stays as it was)."""

    call = pw.ForeignKeyField(ScreenedCall, backref="notes")
    at = UTCDateTimeField()
    operator = pw.ForeignKeyField(Operator, backref="+")
    text = pw.TextField()


class MessageSlip(BaseModel):
    number = pw.IntegerField(unique=True)
    stay = pw.ForeignKeyField(Stay, null=True, backref="messages")
    staff = pw.ForeignKeyField(Staff, null=True, backref="messages")
    call = pw.ForeignKeyField(ScreenedCall, null=True, backref="messages")
    from_name = pw.CharField()
    callback_number = pw.CharField(default="")
    template = pw.CharField(default="")  # a standard message, printed in both languages
    text = pw.TextField(default="")  # the operator's own words
    urgent = pw.BooleanField(default=False)
    taken_by = pw.ForeignKeyField(Operator, backref="+")
    taken_at = UTCDateTimeField()
    delivered_at = UTCDateTimeField(null=True)
    delivered_by = pw.ForeignKeyField(Operator, null=True, backref="+")
    delivery_method = pw.CharField(default="")
    purged_at = UTCDateTimeField(null=True)
    # The operator's console (issue 15): a message for a name not found is kept at the desk under the
    # name asked for, until a guest of that name (an incognito one, or a later arrival) is matched.
    wanted_name = pw.CharField(default="")


class OutsideLine(BaseModel):
    number = pw.IntegerField(unique=True)
    name = pw.CharField(default="")
    active = pw.BooleanField(default=True)


class Tariff(BaseModel):
    """A tariff version; a new version replaces, never edits, the old one."""

    name = pw.CharField()
    effective_from = UTCDateTimeField()
    free_numbers = pw.TextField(default="110,119,120,122")
    free_prefixes = pw.TextField(default="800")
    created_by = pw.ForeignKeyField(Operator, null=True, backref="+")
    created_at = UTCDateTimeField()


class TariffZone(BaseModel):
    tariff = pw.ForeignKeyField(Tariff, backref="zones")
    code = pw.CharField()
    name_zh = pw.CharField()
    name_en = pw.CharField()
    prefixes = pw.TextField()  # comma-separated E.164 digit prefixes
    first_block_seconds = pw.IntegerField(default=60)
    first_block_fen = pw.IntegerField(default=0)
    increment_seconds = pw.IntegerField(default=6)
    increment_fen = pw.IntegerField(default=0)
    connection_fen = pw.IntegerField(default=0)
    minimum_fen = pw.IntegerField(default=0)
    service_fixed_fen = pw.IntegerField(default=0)
    service_basis_points = pw.IntegerField(default=0)  # 1000 = 10 %
    grace_seconds = pw.IntegerField(default=0)


class TariffBand(BaseModel):
    """A time-of-day discount: minutes after local midnight, start inclusive."""

    zone = pw.ForeignKeyField(TariffZone, backref="bands")
    start_minute = pw.IntegerField()
    end_minute = pw.IntegerField()
    discount_basis_points = pw.IntegerField()


class LongDistanceBooking(BaseModel):
    stay = pw.ForeignKeyField(Stay, backref="bookings")
    party_called = pw.CharField(default="")
    number_dialled = pw.CharField()
    number_e164 = pw.CharField()
    destination_zh = pw.CharField(default="")
    destination_en = pw.CharField(default="")
    booked_at = UTCDateTimeField(index=True)
    booked_by = pw.ForeignKeyField(Operator, backref="+")
    status = pw.CharField(default="queued", index=True)
    priority = pw.IntegerField(default=0)
    line = pw.ForeignKeyField(OutsideLine, null=True, backref="bookings")
    dialled_at = UTCDateTimeField(null=True)
    connected_at = UTCDateTimeField(null=True)
    ended_at = UTCDateTimeField(null=True)
    duration_seconds = pw.IntegerField(null=True)
    charge_fen = pw.IntegerField(null=True)
    currency = pw.CharField(default="CNY")
    zone_code = pw.CharField(default="")
    rule = pw.TextField(default="")
    tariff = pw.ForeignKeyField(Tariff, null=True, backref="+")
    discount_basis_points = pw.IntegerField(default=0)
    attempts = pw.IntegerField(default=0)
    last_outcome = pw.CharField(default="")  # busy, no_answer, failed: tried again later
    cancel_reason = pw.TextField(default="")
    rate_digits = pw.CharField(default="")  # #16: the digits the quote rated, so the charge rates the same
    extension = pw.CharField(default="")  # #16: said after 转 / ext, told to the operator, not dialled


class ChargeSlip(BaseModel):
    number = pw.IntegerField(unique=True)
    booking = pw.ForeignKeyField(LongDistanceBooking, unique=True, backref="slips")
    printed_at = UTCDateTimeField()
    print_count = pw.IntegerField(default=1)
    taken_at = UTCDateTimeField(null=True)
    taken_by = pw.ForeignKeyField(Operator, null=True, backref="+")


class ChargeCode(BaseModel):
    """Switchboard charges a supervisor defines (fax, printing, parcels) beside the telephone."""

    code = pw.CharField(unique=True)
    name_zh = pw.CharField()
    name_en = pw.CharField()
    default_fen = pw.IntegerField(default=0)
    active = pw.BooleanField(default=True)


class FolioPosting(BaseModel):
    """A line on a guest's bill; corrections are new reversing postings."""

    stay = pw.ForeignKeyField(Stay, backref="postings")
    posted_at = UTCDateTimeField(index=True)
    operator = pw.ForeignKeyField(Operator, backref="+")
    code = pw.CharField()
    description_zh = pw.CharField(default="")
    description_en = pw.CharField(default="")
    amount_fen = pw.IntegerField()
    currency = pw.CharField(default="CNY")
    # Indexed where set (see below): every call charge would add an empty entry to both indexes.
    booking = pw.ForeignKeyField(LongDistanceBooking, null=True, index=False, backref="+")  # before schema 5 (now source_key)
    corrects = pw.ForeignKeyField("self", null=True, index=False, backref="corrections")
    reason = pw.TextField(default="")
    # A call charge names where it came from (folio.post_call_charge): "longdistance:<booking>", "pbx:<call>".
    source_key = pw.CharField(null=True, unique=True)  # posted once per source


FolioPosting.add_index(FolioPosting.booking, unique=True, where=FolioPosting.booking.is_null(False))
FolioPosting.add_index(FolioPosting.corrects, where=FolioPosting.corrects.is_null(False))


class WakeUpCall(BaseModel):
    stay = pw.ForeignKeyField(Stay, backref="wakeups")
    room = pw.ForeignKeyField(Room, backref="+")
    due_at = UTCDateTimeField(index=True)
    language = pw.CharField(default="zh_CN")
    note = pw.TextField(default="")
    status = pw.CharField(default="pending", index=True)
    created_by = pw.ForeignKeyField(Operator, backref="+")
    created_at = UTCDateTimeField()
    cancel_reason = pw.TextField(default="")
    next_try_at = UTCDateTimeField(null=True)  # when an unanswered call is rung again
    escalated_at = UTCDateTimeField(null=True)  # when the floor attendant was sent
    attendant_sent = pw.CharField(default="")
    awake_at = UTCDateTimeField(null=True)
    minutes_late = pw.IntegerField(null=True)


class WakeUpAttempt(BaseModel):
    wakeup = pw.ForeignKeyField(WakeUpCall, backref="attempts")
    at = UTCDateTimeField()
    outcome = pw.CharField()
    operator = pw.ForeignKeyField(Operator, backref="+")


class ShiftHandover(BaseModel):
    outgoing = pw.ForeignKeyField(Operator, backref="+")
    incoming = pw.ForeignKeyField(Operator, null=True, backref="+")
    created_at = UTCDateTimeField()
    acknowledged_at = UTCDateTimeField(null=True)
    items = pw.TextField(default="")  # the open items as listed at handover
    notes = pw.TextField(default="")


class AuditEvent(BaseModel):
    """Append-only: who did what to which record, and when."""

    at = UTCDateTimeField(index=True)
    operator = pw.ForeignKeyField(Operator, null=True, backref="+")
    action = pw.CharField(index=True)
    entity = pw.CharField(default="")
    entity_id = pw.IntegerField(null=True)
    detail = pw.TextField(default="")
    prev_hash = pw.CharField(default="")  # the previous event's hash: a chain that shows tampering
    hash = pw.CharField(default="")
    row_hash = pw.CharField(default="")  # a sealed money or security row's content as this event left it

# -- The PBX's call records (issue 13): every raw line first, then the call it describes --------------

class PbxSource(BaseModel):
    """Where call records come from: a file read once, a watched file, a TCP feed or a serial port."""

    KINDS = ("file", "watch", "listen", "connect", "serial")

    name = pw.CharField(unique=True)
    format = pw.CharField()  # a name in hotel_phone.pbx.formats.REGISTRY
    kind = pw.CharField(default="file")
    address = pw.CharField(default="")  # the watched file's path, host:port, or a serial port PORT@BAUD,8N1
    records_tz = pw.CharField(default="")  # zone of the times in the records; "" = the hotel's, "UTC" = usegmtime
    strip_prefix = pw.CharField(default="")  # outside-line access digit the PBX records (0, 9), taken off to rate
    active = pw.BooleanField(default=True)
    file_offset = pw.BigIntegerField(default=0)  # watched file: bytes already stored
    file_id = pw.CharField(default="")  # watched file: device:inode, to see a rotation
    state = pw.CharField(default="idle")  # idle, connected, listening, waiting, error
    state_detail = pw.TextField(default="")
    state_at = UTCDateTimeField(null=True)
    last_record_at = UTCDateTimeField(null=True)
    created_at = UTCDateTimeField()


class PbxLine(BaseModel):
    """One line exactly as the PBX sent it (bytes), stored in the transaction of its parse result."""

    OUTCOMES = ("call", "ignored", "error", "duplicate")

    # Few indexes: a PBX can send 100,000 lines a day, and each index costs every insert.
    source = pw.ForeignKeyField(PbxSource, backref="lines", index=False)
    received_at = UTCDateTimeField()
    raw = pw.BlobField()
    outcome = pw.CharField()  # call: a PbxCall row holds what it says; otherwise `reason` says why not
    reason = pw.CharField(default="")


class PbxCall(BaseModel):
    """A call the PBX recorded; charged once at most (the natural key is unique per source)."""

    STATUSES = ("posted", "unmatched", "not_charged", "staff", "resolved")

    line = pw.ForeignKeyField(PbxLine, backref="+", index=False)  # one call per line, by construction
    source = pw.ForeignKeyField(PbxSource, backref="calls", index=False)  # (source, natural_key) is indexed
    natural_key = pw.CharField()  # uniqueid/linkedid+sequence, uuid, Call ID..., else a hash of source + raw line
    extension = pw.CharField()
    direction = pw.CharField()  # out, in, internal
    dialled = pw.CharField(default="")  # as the PBX recorded it
    number_e164 = pw.CharField(default="")
    started_at = UTCDateTimeField(index=True)
    answered_at = UTCDateTimeField(null=True)
    ended_at = UTCDateTimeField(null=True)
    billsec = pw.IntegerField(default=0)
    disposition = pw.CharField(default="")
    answered = pw.BooleanField(default=False)
    room = pw.ForeignKeyField(Room, null=True, backref="+", index=False)
    stay = pw.ForeignKeyField(Stay, null=True, backref="pbx_calls")
    staff = pw.ForeignKeyField(Staff, null=True, index=False, backref="pbx_calls")  # indexed where set (below)
    status = pw.CharField()  # indexed where it is "unmatched" only (see below): the list the desk works on
    reason = pw.CharField(default="")  # why unmatched or not charged (a code; the panel words it)
    charge_fen = pw.IntegerField(default=0)
    currency = pw.CharField(default="CNY")
    zone_code = pw.CharField(default="")
    destination_zh = pw.CharField(default="")
    destination_en = pw.CharField(default="")
    tariff = pw.ForeignKeyField(Tariff, null=True, backref="+", index=False)
    posting = pw.ForeignKeyField(FolioPosting, null=True, backref="+", index=False)  # its source_key is unique
    late = pw.BooleanField(default=False)  # posted after the guest had checked out: for the cashier
    resolved_by = pw.ForeignKeyField(Operator, null=True, backref="+", index=False)
    resolved_at = UTCDateTimeField(null=True)
    resolution = pw.TextField(default="")

    class Meta:
        indexes = ((("source", "natural_key"), True),)


PbxCall.add_index(PbxCall.status, where=(PbxCall.status == "unmatched"))
PbxCall.add_index(PbxCall.staff, where=PbxCall.staff.is_null(False))


class PbxSlip(BaseModel):
    """The cashier's slip for a posted PBX call (numbered with the long-distance slips)."""

    number = pw.IntegerField(unique=True)
    call = pw.ForeignKeyField(PbxCall, unique=True, backref="slips")
    printed_at = UTCDateTimeField()
    taken_at = UTCDateTimeField(null=True)
    taken_by = pw.ForeignKeyField(Operator, null=True, backref="+", index=False)


# -- staff telephones (#17): the company's rules, extension classes, long-distance applications, staff calls --

class StaffPhoneRules(BaseModel):
    """A version of the company's staff-telephone rules (a JSON document); a new version replaces the old."""

    name = pw.CharField()
    text = pw.TextField()  # the rules file as stored, amounts in fen
    effective_from = UTCDateTimeField(index=True)
    created_by = pw.ForeignKeyField(Operator, null=True, backref="+")
    created_at = UTCDateTimeField()


class StaffAccount(BaseModel):
    """Which staff member a sign-in account belongs to (a manager signs applications with it)."""

    operator = pw.ForeignKeyField(Operator, unique=True, backref="+")
    staff = pw.ForeignKeyField(Staff, backref="+")
    linked_by = pw.ForeignKeyField(Operator, null=True, backref="+")
    linked_at = UTCDateTimeField()


class ExtensionClassChange(BaseModel):
    """A class of service set for a staff extension (stay empty) or for one stay's room; the latest row holds."""

    extension = pw.CharField(index=True)
    stay = pw.ForeignKeyField(Stay, null=True, backref="+")
    class_code = pw.CharField()  # internal, local, national, international
    set_by = pw.ForeignKeyField(Operator, backref="+")
    set_at = UTCDateTimeField()
    reason = pw.TextField(default="")


class LongDistanceApplication(BaseModel):
    """长途电话申请单: filed for a caller, decided once by the department's manager (a separate row)."""

    department = pw.ForeignKeyField(Department, backref="+")
    caller = pw.ForeignKeyField(Staff, backref="+")
    extension = pw.CharField()
    region = pw.CharField()  # destination region as the caller names it
    organisation = pw.CharField()
    reason = pw.TextField()
    target = pw.CharField()  # the number or area code as written
    target_prefix = pw.CharField()  # its E.164 digits: a call matches when its number starts with them
    single_call = pw.BooleanField(default=False)
    period_start = UTCDateTimeField()
    period_end = UTCDateTimeField()
    filed_by = pw.ForeignKeyField(Operator, backref="+")
    filed_at = UTCDateTimeField(index=True)


class ApplicationDecision(BaseModel):
    application = pw.ForeignKeyField(LongDistanceApplication, unique=True, backref="decisions")
    approved = pw.BooleanField()
    by_operator = pw.ForeignKeyField(Operator, backref="+")
    by_staff = pw.ForeignKeyField(Staff, backref="+")
    at = UTCDateTimeField()
    note = pw.TextField(default="")


class StaffCall(BaseModel):
    """A staff extension's outside call taken from the PBX records, rated once; never edited."""

    pbx_call = pw.ForeignKeyField(PbxCall, null=True, unique=True, backref="+")  # the PBX record it came from
    extension = pw.CharField(index=True)
    staff = pw.ForeignKeyField(Staff, null=True, backref="+")
    department = pw.ForeignKeyField(Department, backref="+")
    dialled = pw.CharField()
    e164 = pw.CharField(default="")
    destination_class = pw.CharField()  # emergency, domestic, hkmotw, international
    region_zh = pw.CharField(default="")
    region_en = pw.CharField(default="")
    started_at = UTCDateTimeField(index=True)
    billsec = pw.IntegerField()
    charge_fen = pw.IntegerField()  # the tariff's charge, before any multiplier
    currency = pw.CharField(default="CNY")
    tariff = pw.ForeignKeyField(Tariff, null=True, backref="+")
    rules = pw.ForeignKeyField(StaffPhoneRules, backref="+")  # the rules in force when it was made
    taken_at = UTCDateTimeField()


class StaffCallApproval(BaseModel):
    """A staff call covered by an approved application (made when either arrives)."""

    call = pw.ForeignKeyField(StaffCall, unique=True, backref="approvals")
    application = pw.ForeignKeyField(LongDistanceApplication, backref="calls")
    at = UTCDateTimeField()


# -- cases: guest requests, repairs, complaints, lost and found (issue 18) ---------------------------

class CaseCode(BaseModel):
    """One coded issue on the supervisor's list; a changed code is a new row, the old one retired."""

    code = pw.CharField(index=True)
    name_zh = pw.CharField()
    name_en = pw.CharField()
    department = pw.ForeignKeyField(Department, backref="+")
    priority = pw.IntegerField(default=3)  # the default priority, 1 (most urgent) to 4
    active = pw.BooleanField(default=True)
    changed_by = pw.ForeignKeyField(Operator, null=True, backref="+")
    changed_at = UTCDateTimeField()


class CaseTarget(BaseModel):
    """For a code and a priority: minutes to respond and to complete."""

    code = pw.ForeignKeyField(CaseCode, backref="targets")
    priority = pw.IntegerField()
    respond_minutes = pw.IntegerField()
    complete_minutes = pw.IntegerField()


class Case(BaseModel):
    """A repair, complaint, request or lost-and-found item; its text is never edited (notes correct it)."""

    kind = pw.CharField(index=True)  # repair, complaint, request, lost_found
    room = pw.ForeignKeyField(Room, null=True, backref="+")
    place = pw.CharField(default="")  # where, when it is not a room (lobby, car park...)
    stay = pw.ForeignKeyField(Stay, null=True, backref="cases")
    caller_name = pw.CharField(default="")  # an outside caller, or who reported it
    caller_number = pw.CharField(default="")
    language = pw.CharField(default="zh_CN")  # the reporter's: the words for the call back
    channel = pw.CharField(default="phone")  # phone, desk, hotline
    call = pw.ForeignKeyField(ScreenedCall, null=True, backref="cases")
    code = pw.ForeignKeyField(CaseCode, backref="cases")
    text = pw.TextField(default="")
    department = pw.ForeignKeyField(Department, backref="cases")
    staff = pw.ForeignKeyField(Staff, null=True, backref="+")
    priority = pw.IntegerField()
    status = pw.CharField(default="new", index=True)
    created_at = UTCDateTimeField(index=True)
    created_by = pw.ForeignKeyField(Operator, backref="+")
    respond_by = UTCDateTimeField()
    complete_by = UTCDateTimeField()
    sent_at = UTCDateTimeField(null=True)
    started_at = UTCDateTimeField(null=True)  # the department responded
    done_at = UTCDateTimeField(null=True)
    called_back_at = UTCDateTimeField(null=True)
    answer = pw.TextField(default="")  # what the guest or caller said when called back
    closed_at = UTCDateTimeField(null=True)
    closed_by = pw.ForeignKeyField(Operator, null=True, backref="+")
    cancel_reason = pw.TextField(default="")
    search_key = pw.TextField(default="")  # folded names, pinyin, code names, room: found like a guest
    purged_at = UTCDateTimeField(null=True)  # personal data blanked by retention


class CaseEvent(BaseModel):
    """Every step of a case, timed: sent, chased, called back, notes. Never edited."""

    case = pw.ForeignKeyField(Case, backref="events")
    at = UTCDateTimeField(index=True)
    operator = pw.ForeignKeyField(Operator, backref="+")
    kind = pw.CharField()
    target = pw.CharField(default="")  # the extension or number chased or rung
    detail = pw.TextField(default="")


# -- several stations (#12) ---------------------------------------------------------------


class Counter(BaseModel):
    """Numbers handed out one after another (charge slips, message slips): gap-free, never twice."""

    name = pw.CharField(primary_key=True)
    value = pw.IntegerField(default=0)


# -- #16 numbers, folio settlement ---------------------------------------------------

class Settlement(BaseModel):
    """How a folio was settled at the cashier; the money side is its FolioPosting (code PAY)."""

    posting = pw.ForeignKeyField(FolioPosting, unique=True, backref="+")
    method = pw.CharField()  # cash, card, pms (transferred to the PMS account)
    reference = pw.CharField(default="")  # card slip or PMS account number
# -- trust: sign-in (issue 14) ----------------------------------------------------------------------

class SignInFailure(BaseModel):
    """Failed sign-ins under a name that is no operator's: counted like an account's, so the answers and
    waits do not tell which names exist. The name itself is kept only as a keyed hash."""

    key = pw.CharField(unique=True)
    failed_attempts = pw.IntegerField(default=0)
    last_failed_at = UTCDateTimeField(null=True)


MODELS = [
    SchemaVersion,
    Setting,
    Operator,
    Room,
    Stay,
    AllowedCaller,
    RoomMove,
    Department,
    Staff,
    DirectoryEntry,
    InfoEntry,
    InquiryTask,
    Phrase,
    ScreenedCall,
    CallStep,
    CallNote,
    MessageSlip,
    OutsideLine,
    Tariff,
    TariffZone,
    TariffBand,
    LongDistanceBooking,
    ChargeSlip,
    ChargeCode,
    FolioPosting,
    Settlement,
    WakeUpCall,
    WakeUpAttempt,
    ShiftHandover,
    CaseCode,
    CaseTarget,
    Case,
    CaseEvent,
    AuditEvent,
    Counter,
    PbxSource,
    PbxLine,
    PbxCall,
    PbxSlip,
    StaffPhoneRules,
    StaffAccount,
    ExtensionClassChange,
    LongDistanceApplication,
    ApplicationDecision,
    StaffCall,
    StaffCallApproval,
    SignInFailure,
]

COUNTERS = {"charge_slip": (ChargeSlip, ChargeSlip.number), "message_slip": (MessageSlip, MessageSlip.number)}


def reserve_ids(model: type[BaseModel], n: int) -> list[int]:
    """Ids for `n` new rows of `model`, to insert many rows in one statement and still know their ids.

    Call inside the write transaction: SQLite's BEGIN IMMEDIATE keeps other writers out
    until it commits; PostgreSQL hands the numbers out from the table's sequence.
    """
    table = model._meta.table_name
    if n <= 0:
        return []
    if is_postgres(database.obj):
        rows = database.execute_sql(
            f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)", (n,))
        return [r[0] for r in rows.fetchall()]
    top = database.execute_sql(f"SELECT max(id) FROM {table}").fetchone()[0] or 0
    return list(range(top + 1, top + n + 1))


def create_schema(db: pw.Database) -> None:
    """A new database gets today's schema in one go (migrations are for existing ones)."""
    db.create_tables(MODELS)
    # Who is in a room now: searched by room with the status.
    db.execute_sql("CREATE INDEX IF NOT EXISTS stay_room_status ON stay (room_id, status)")
    _seed_counters()
    if is_postgres(db):
        from hotel_phone import pg

        pg.create_schema_extras(db)
    else:
        create_stay_search(db)
    protect_audit_log(db)


# The folio and cashier find departed guests by any part of a name (years of them: hundreds of thousands).
# `search_key LIKE '%text%'` reads every row; SQLite's own trigram index (FTS5) answers the same LIKE from
# an index, kept by triggers. (PostgreSQL: a pg_trgm index, see pg.create_schema_extras.)
_STAY_SEARCH = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS stay_search USING fts5(search_key, content='stay', content_rowid='id', "
    "tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS stay_search_insert AFTER INSERT ON stay BEGIN "
    "INSERT INTO stay_search (rowid, search_key) VALUES (new.id, new.search_key); END",
    "CREATE TRIGGER IF NOT EXISTS stay_search_delete AFTER DELETE ON stay BEGIN "
    "INSERT INTO stay_search (stay_search, rowid, search_key) VALUES ('delete', old.id, old.search_key); END",
    "CREATE TRIGGER IF NOT EXISTS stay_search_update AFTER UPDATE OF search_key ON stay BEGIN "
    "INSERT INTO stay_search (stay_search, rowid, search_key) VALUES ('delete', old.id, old.search_key); "
    "INSERT INTO stay_search (rowid, search_key) VALUES (new.id, new.search_key); END",
)


def create_stay_search(db: pw.Database) -> None:
    for statement in _STAY_SEARCH:
        db.execute_sql(statement)


def stay_search_matches(folded: str, newest: int | None = None):
    """The condition "a stay's search key contains these letters", through the trigram index when it can.

    newest: only the latest so many matching stays (by id) are candidates, so a common surname among a
    million past stays is answered from the index's newest entries instead of sorting all of them."""
    condition = Stay.search_key.contains(folded)
    if len(folded) >= 3 and not is_postgres(database.obj):  # a trigram needs three letters
        cap = f" ORDER BY rowid DESC LIMIT {int(newest)}" if newest else ""
        condition &= Stay.id.in_(pw.SQL(f"(SELECT rowid FROM stay_search WHERE search_key LIKE ?{cap})",
                                        (f"%{folded}%",)))
    return condition


def forget_stay_search(db: pw.Database) -> None:
    """After retention: merge the trigram index so no deleted guest's name stays in its old segments."""
    if not is_postgres(db) and "stay_search" in db.get_tables():
        db.execute_sql("INSERT INTO stay_search (stay_search) VALUES ('optimize')")


def _seed_counters() -> None:
    for name, (model, field) in COUNTERS.items():
        start = model.select(pw.fn.MAX(field)).scalar() or 0
        Counter.insert(name=name, value=start).on_conflict_ignore().execute()


def next_number(name: str) -> int:
    """The next number of a counter, inside the caller's transaction.

    One UPDATE ... RETURNING: the row is locked until the transaction ends, so two
    stations never take the same number, and a rolled-back number is handed out
    again (no gaps), on both backends.
    """
    if not database.in_transaction():
        raise RuntimeError("next_number must run inside the transaction that uses the number")
    rows = list(Counter.update(value=Counter.value + 1).where(Counter.name == name).returning(Counter.value)
                .execute())
    if not rows:
        raise RuntimeError(f"no counter named {name}")
    return rows[0].value


def next_numbers(name: str, n: int) -> list[int]:
    """`n` consecutive numbers of a counter at once (a batch of PBX slips), as `next_number` takes one."""
    if n <= 0:
        return []
    if not database.in_transaction():
        raise RuntimeError("next_numbers must run inside the transaction that uses the numbers")
    rows = list(Counter.update(value=Counter.value + n).where(Counter.name == name).returning(Counter.value)
                .execute())
    if not rows:
        raise RuntimeError(f"no counter named {name}")
    return list(range(rows[0].value - n + 1, rows[0].value + 1))


def protect_audit_log(db: pw.Database) -> None:
    """The database itself refuses to change or delete an audit event."""
    if is_postgres(db):
        from hotel_phone import pg

        pg.protect_audit_log(db)
    elif isinstance(db, pw.SqliteDatabase):
        for op in ("UPDATE", "DELETE"):
            db.execute_sql(
                f"CREATE TRIGGER IF NOT EXISTS audit_event_no_{op.lower()} BEFORE {op} ON audit_event "
                f"BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"
            )


# Numbered migrations: MIGRATIONS[n] brings an existing database from version n-1 to n.
# (Version 1 is the first released schema; a new database is created at SCHEMA_VERSION directly.)
MIGRATIONS: dict = {}


def is_postgres_url(target: str) -> bool:
    return str(target).startswith(("postgresql://", "postgres://"))


def is_postgres(db: pw.Database | None = None) -> bool:
    """True when the hotel's database (or `db`) is a PostgreSQL server."""
    db = database.obj if db is None else db
    return isinstance(db, pw.PostgresqlDatabase)


def _migrate_2_cases(db: pw.Database) -> None:
    """Cases (issue 18): new tables only."""
    db.create_tables([CaseCode, CaseTarget, Case, CaseEvent])


MIGRATIONS[2] = _migrate_2_cases


def _migrate_3_counters(db: pw.Database) -> None:
    """Slip counters (issue 12), starting after the highest numbers in use."""
    db.create_tables([Counter])
    _seed_counters()


MIGRATIONS[3] = _migrate_3_counters


def _migrate_4_pbx(db: pw.Database) -> None:
    """The PBX's call records (issue 13); charges posted from them carry a unique source key."""
    from playhouse.migrate import SchemaMigrator, migrate

    db.create_tables([PbxSource, PbxLine, PbxCall, PbxSlip])
    if "source_key" not in [c.name for c in db.get_columns("folio_posting")]:
        migrator = SchemaMigrator.from_database(db)
        migrate(migrator.add_column("folio_posting", "source_key", FolioPosting.source_key))  # with its unique index


MIGRATIONS[4] = _migrate_4_pbx


def _migrate_5_console(db: pw.Database) -> None:
    """The operator's console (issue 15): family and given names on stays, messages kept at the desk."""
    from playhouse.migrate import SchemaMigrator, migrate

    migrator = SchemaMigrator.from_database(db)
    wanted = (("stay", "family_name"), ("stay", "given_name"), ("message_slip", "wanted_name"))
    have = {(t, c.name) for t in ("stay", "message_slip") for c in db.get_columns(t)}
    migrate(*(migrator.add_column(t, c, pw.CharField(default="")) for t, c in wanted if (t, c) not in have))
    # The pinyin column with the surname readings, the names split: names is a leaf beside db (text rules only).
    for row in db.execute_sql("SELECT id, name, name_zh FROM stay").fetchall():
        family, given = names.split_name(row[1], row[2])
        db.execute_sql("UPDATE stay SET family_name = %s, given_name = %s, pinyin = %s WHERE id = %s"
                       .replace("%s", db.param), (family, given, names.to_pinyin(row[2]) if row[2] else "", row[0]))


MIGRATIONS[5] = _migrate_5_console


def _migrate_6_staff_phones(db: pw.Database) -> None:
    """Staff telephones (issue 17): new tables only."""
    db.create_tables([StaffPhoneRules, StaffAccount, ExtensionClassChange, LongDistanceApplication,
                      ApplicationDecision, StaffCall, StaffCallApproval])


MIGRATIONS[6] = _migrate_6_staff_phones


def _migrate_7_call_sources(db: pw.Database) -> None:
    """Long-distance postings get their source key from the booking they charge (one key format for all)."""
    for posting in FolioPosting.select(FolioPosting.id, FolioPosting.booking).where(
            FolioPosting.booking.is_null(False), FolioPosting.source_key.is_null()):
        FolioPosting.update(source_key=f"longdistance:{posting.booking_id}").where(
            FolioPosting.id == posting.id).execute()


MIGRATIONS[7] = _migrate_7_call_sources


def _seal_existing_rows(db: pw.Database) -> None:
    """Audit (#14): events carry the hash of the money and security rows they change; rows from before get one."""
    from playhouse.migrate import SchemaMigrator, migrate

    from hotel_phone import audit

    if "row_hash" not in {c.name for c in db.get_columns("audit_event")}:
        migrate(SchemaMigrator.from_database(db).add_column("audit_event", "row_hash", pw.CharField(default="")))
    for model in audit.SEALED:
        for row in model.select(model._meta.primary_key).order_by(model._meta.primary_key):
            audit.record(None, "row_sealed", row)


MIGRATIONS[8] = _seal_existing_rows


def _migrate_9_sign_in_failures(db: pw.Database) -> None:
    """Sign-in (#14): failures under unknown names are counted like an account's."""
    db.create_tables([SignInFailure])


MIGRATIONS[9] = _migrate_9_sign_in_failures
def _migrate_10_numbers_and_settlement(db: pw.Database) -> None:
    """#16: the digits a booking is rated on, its extension, and the cashier's settlements."""
    from playhouse.migrate import SchemaMigrator, migrate

    migrator = SchemaMigrator.from_database(db)
    table = LongDistanceBooking._meta.table_name
    have = {c.name for c in db.get_columns(table)}
    migrate(*(migrator.add_column(table, name, pw.CharField(default=""))
              for name in ("rate_digits", "extension") if name not in have))
    db.create_tables([Settlement])  # safe: only when missing


MIGRATIONS[10] = _migrate_10_numbers_and_settlement


def _migrate_11_departed_search(db: pw.Database) -> None:
    """Departed guests found by part of a name without reading every past stay (folio, cashier)."""
    if is_postgres(db):
        from hotel_phone import pg

        pg.create_schema_extras(db)
        return
    create_stay_search(db)
    db.execute_sql("INSERT INTO stay_search (stay_search) VALUES ('rebuild')")


MIGRATIONS[11] = _migrate_11_departed_search


# Indexes that only name the rows with a value: nearly every posting and PBX call leaves these columns empty.
PARTIAL_INDEXES = ((FolioPosting, "folio_posting_booking_id"), (FolioPosting, "folio_posting_corrects_id"),
                   (PbxCall, "pbx_call_staff_id"))


def _migrate_12_partial_indexes(db: pw.Database) -> None:
    """A PBX batch wrote an empty entry per call into three indexes (a tenth of its time): they hold only
    the rows that have a value now, under the same names."""
    for _model, name in PARTIAL_INDEXES:
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
    for model in {m for m, _n in PARTIAL_INDEXES}:
        model._schema.create_indexes(safe=True)


MIGRATIONS[12] = _migrate_12_partial_indexes


def _sqlite_path(target: str) -> Path | None:
    if "://" in target:
        return None
    return Path(target).expanduser()


def _check_sqlite_file(path: Path) -> None:
    if path.is_dir():
        raise DatabaseOpenError(N_("{path} is a folder, not a database file."), path=path)
    if path.exists() and path.stat().st_size == 0:  # not a new hotel: something emptied it, or another program
        raise DatabaseOpenError(N_("{path} is empty (0 bytes), so it is not a hotel_phone database. It was not "
                                   "changed; restore a backup, or choose a new file name for a new hotel."),
                                path=path)
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as f:
            if f.read(16) != SQLITE_HEADER:
                raise DatabaseOpenError(
                    N_("{path} is not a hotel_phone database (not an SQLite file). It was not changed."),
                    path=path,
                )
    elif not path.parent.exists():
        raise DatabaseOpenError(N_("The folder for {path} does not exist."), path=path)


# What SQLite says when the storage fails, and the one sentence the operator reads instead.
_STORAGE_ERRORS = (
    ("disk is full", N_("The disk is full: nothing was saved. Free some space on it, then try again.")),
    ("readonly", N_("The database's folder or file cannot be written (read-only, or no permission): nothing "
                    "was saved.")),
    ("unable to open", N_("The database's folder or file cannot be written (read-only, or no permission): "
                          "nothing was saved.")),
    ("disk i/o error", N_("The disk reported an error while writing: nothing was saved. Check the disk, then "
                          "try again.")),
    ("malformed", N_("The database file is damaged; nothing was read or saved. Restore the newest good backup.")),
    ("not a database", N_("The database file is damaged; nothing was read or saved. Restore the newest good "
                          "backup.")),
)


def storage_error(exc: BaseException) -> StorageError | None:
    """The operator's sentence for a storage failure SQLite reported, or None for other errors."""
    text = str(exc).lower()
    for needle, msgid in _STORAGE_ERRORS:
        if needle in text:
            return StorageError(msgid)
    return None


def _identity(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


REPLACED = N_("The hotel's database was replaced (restored from a backup) while this program had it open. "
              "Nothing more was saved here; please close the program and start it again.")


class HotelSqliteDatabase(pw.SqliteDatabase):
    """Refuses to begin a transaction once its file name points at another file (restored elsewhere).

    Without this, a station that had the old file open would go on writing into
    the copy that was set aside, and its work would be missing from the live database.
    """

    _identity: tuple[int, int] | None = None

    def _connect(self):
        conn = super()._connect()
        if self._identity is None:  # the file first opened: a later connection (another thread's) must not
            self._identity = _identity(self.database)  # adopt a file restored in its place meanwhile
        return conn

    def replaced(self) -> bool:
        return self._identity is not None and _identity(self.database) != self._identity

    @staticmethod
    def _storage(call, *args):
        try:
            return call(*args)
        except (pw.OperationalError, pw.DatabaseError) as exc:
            translated = storage_error(exc)
            if translated is None:
                raise
            raise translated from exc

    def execute_sql(self, sql, params=None):
        return self._storage(super().execute_sql, sql, params)

    def commit(self):
        return self._storage(super().commit)

    def rollback(self):
        # SQLite rolls back by itself on a full disk; a second ROLLBACK would hide the real error
        # ("cannot rollback - no transaction is active").
        conn = self._state.conn
        if conn is not None and not conn.in_transaction:
            return None
        return super().rollback()

    def begin(self, lock_type=None):
        if self.replaced():
            raise DatabaseReplaced(REPLACED)
        return self._storage(super().begin, lock_type)


def replaced() -> bool:
    """True when the open database's file was replaced under this station."""
    obj = database.obj
    return isinstance(obj, HotelSqliteDatabase) and obj.replaced()


def make_database(target: str) -> pw.Database:
    """A peewee database for a file path or a URL, not yet connected."""
    path = _sqlite_path(target)
    if path is not None:
        _check_sqlite_file(path)
        return HotelSqliteDatabase(
            str(path),
            pragmas={"foreign_keys": 1, "busy_timeout": 10000, "synchronous": "FULL"},  # money: survive power loss
            lock_type="IMMEDIATE",  # read-then-write transactions must not deadlock
            timeout=10,
        )
    if is_postgres_url(target):
        from hotel_phone import pg

        return pg.make_database(target)
    try:
        return connect_url(target)
    except Exception as exc:  # unknown scheme, missing driver
        raise DatabaseOpenError(
            N_("Cannot use the database address {target}: {reason}"), target=target, reason=exc
        ) from exc


def open_database(target: str | Path) -> pw.Database:
    """Bind the models to the database at `target` and bring its schema up to date.

    Refuses, without writing anything, a file that is not SQLite, a damaged
    file, or a database written by a newer hotel_phone.
    """
    target = str(target)
    _stop_listener()
    db = make_database(target)
    try:
        db.connect(reuse_if_open=True)
        if isinstance(db, pw.SqliteDatabase):
            # Reading the schema first detects a damaged file before any write.
            db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except DatabaseOpenError:
        raise
    except (pw.DatabaseError, pw.OperationalError, sqlite3.DatabaseError) as exc:
        if "unable to open" in str(exc).lower():
            _close_quietly(db)
            raise DatabaseOpenError(N_("The folder of {path} cannot be written (read-only, or no permission); "
                                       "nothing was created."), path=target) from exc
        raise _unreadable(db, target, exc) from exc
    except StorageError as exc:
        _close_quietly(db)
        raise DatabaseOpenError(exc.msgid) from exc
    except Exception as exc:
        _close_quietly(db)
        raise DatabaseOpenError(
            N_("Cannot connect to the database {target}: {reason}"), target=target, reason=exc
        ) from exc
    try:
        version = _schema_version(db)
        if version > SCHEMA_VERSION:
            raise DatabaseOpenError(
                N_(
                    "The database {target} was written by a newer version of hotel_phone "
                    "(schema {found}, this program knows {known}). It was not changed; "
                    "please update the program."
                ),
                target=target,
                found=version,
                known=SCHEMA_VERSION,
            )
        if version == 0 and db.get_tables():
            raise DatabaseOpenError(
                N_("{target} holds other tables and is not a hotel_phone database. It was not changed."),
                target=target,
            )
        if isinstance(db, pw.SqliteDatabase):
            db.execute_sql("PRAGMA journal_mode=WAL")
        database.initialize(db)
        _migrate(db, version)
        if is_postgres(db):
            from hotel_phone import pg

            pg.install_notify_triggers(db)
        _protect(db)
        for hook in _open_hooks:
            hook()
    except DatabaseOpenError:
        _close_quietly(db)
        raise
    except (pw.DatabaseError, sqlite3.DatabaseError) as exc:
        raise _unreadable(db, target, exc) from exc
    except StorageError:
        _close_quietly(db)
        raise
    return db


def check_readable() -> None:
    """Refuse to report from a damaged file: SQLite's quick check first (reports and folios print money)."""
    obj = database.obj
    if not isinstance(obj, pw.SqliteDatabase):
        return
    rows = [r[0] for r in obj.execute_sql("PRAGMA quick_check(5)").fetchall()]
    if rows != ["ok"]:
        raise StorageError(N_("The database file is damaged ({problem}); nothing was printed. Restore the newest "
                              "good backup."), problem="; ".join(rows)[:200])


def _protect(db: pw.Database) -> None:
    """Triggers someone dropped are put back, and the log says so."""
    from hotel_phone import audit

    audit.restore_protection()


def _unreadable(db: pw.Database, target: str, exc: Exception) -> DatabaseOpenError:
    _close_quietly(db)
    return DatabaseOpenError(N_("The database {target} cannot be read: {reason}. It was not changed."),
                             target=target, reason=exc)


def _schema_version(db: pw.Database) -> int:
    if "schema_version" not in db.get_tables():
        return 0
    row = db.execute_sql("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def _migrate(db: pw.Database, version: int) -> None:
    if version == 0:
        with db.atomic():
            create_schema(db)
            SchemaVersion.create(version=SCHEMA_VERSION)
        return
    for step in range(version + 1, SCHEMA_VERSION + 1):
        with db.atomic():
            MIGRATIONS[step](db)
            SchemaVersion.create(version=step)  # one row per step: the history


def _close_quietly(db: pw.Database) -> None:
    try:
        if not db.is_closed():
            db.close()
    except Exception:
        pass


_seen_version: int | None = None
_listener = None  # PostgreSQL: the LISTEN connection's worker, started by the first changed_elsewhere()
_last_changes: list[tuple[str, str]] = []


def changed_elsewhere() -> bool:
    """True once after another station (connection) has committed; cached settings are dropped then.

    SQLite: its data_version changes only for commits made by other connections,
    so polling it each second costs one tiny query. PostgreSQL: notifications
    (table and ids) collected by a listening connection on a worker thread; after
    that connection was lost everything counts as changed.
    """
    global _seen_version, _listener, _last_changes
    obj = database.obj
    if is_postgres(obj):
        from hotel_phone import pg

        if _listener is None:
            _listener = pg.Listener(obj.database)
        _last_changes, reload_all = _listener.drain()
        changed = bool(_last_changes) or reload_all
    elif isinstance(obj, pw.SqliteDatabase):
        version = obj.execute_sql("PRAGMA data_version").fetchone()[0]
        changed = _seen_version is not None and version != _seen_version
        _seen_version = version
    else:
        return False
    if changed:
        for hook in _open_hooks:
            hook()
    return changed


def last_changes() -> list[tuple[str, str]]:
    """What the last changed_elsewhere() saw on PostgreSQL: (table, "id,id" or "*")."""
    return list(_last_changes)


def lock_for_append() -> None:
    """Taken before reading the last row of something appended to (the audit chain).

    SQLite's IMMEDIATE transaction holds the file's write lock already; on the
    server an advisory lock, held to the end of the transaction.
    """
    obj = database.obj
    if is_postgres(obj):
        from hotel_phone import pg

        obj.execute_sql("SELECT pg_advisory_xact_lock(%s)", (pg.WRITER_LOCK,))


def select_rows(sql: str, params: tuple) -> list[tuple]:
    """The rows of a hot read written with ? parameters (the register's search, once a keystroke).

    On the server it goes straight to the driver, the statement prepared once per
    connection; SQLite and anything unusual take peewee's way.
    """
    obj = database.obj
    if is_postgres(obj):
        from hotel_phone import pg

        return pg.select_rows(obj, sql, params)
    return obj.execute_sql(sql, params).fetchall()


def server_connected() -> bool | None:
    """PostgreSQL: whether the live-refresh connection is up (None on SQLite or before the first check)."""
    return None if _listener is None else _listener.connected


def _stop_listener() -> None:
    global _listener, _seen_version
    if _listener is not None:
        _listener.stop()
        _listener = None
    _seen_version = None


RETRIES = 5


def retrying(fn):
    """Run a core function's whole transaction again when the server picked it as a conflict's victim.

    SQLSTATE 40001 (serialization failure) and 40P01 (deadlock): the transaction
    was rolled back entirely, so running it again is safe. Bounded; the operator
    never sees these, only "busy, try again" if every try lost.
    """

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        for attempt in range(RETRIES):
            try:
                return fn(*args, **kwargs)
            except pw.DatabaseError as exc:
                if not is_postgres() or database.in_transaction():
                    raise  # SQLite's IMMEDIATE transactions wait instead; an outer transaction decides
                from hotel_phone import pg

                state = pg.sqlstate(exc)
                if state not in pg.RETRY_SQLSTATES:
                    raise
                if attempt == RETRIES - 1:
                    raise DatabaseBusy(N_("The database is busy with other stations; nothing was saved. "
                                          "Please try again.")) from exc
                pg.log.info("%s: the server rolled it back (SQLSTATE %s); running it again", fn.__qualname__, state)
                time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
        raise AssertionError("unreachable")

    wrapper.retries_conflicts = True  # tests/test_retries.py finds every transaction's function and checks this
    return wrapper


def close_database() -> None:
    _stop_listener()
    obj = database.obj
    if obj is not None:
        _close_quietly(obj)


def is_empty() -> bool:
    """True for a hotel not yet set up (no settings, no operators)."""
    return not Operator.select().exists()
