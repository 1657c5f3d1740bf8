"""Call-record formats as descriptions: columns or widths, time format, key fields, how to read direction.

A PBX whose records follow one of the known shapes (CSV with start/answer/end
stamps, CSV with start + ring + connected time, fixed-width print lines with an
end time and a duration) is a new `Format` entry in REGISTRY, not new code.

`parse(fmt, raw, tz)` turns one raw line (bytes, without its line ending) into
either a `Parsed` call or a `Skip` (ignored: header, blank, page line; or an
error: truncated, wrong column count, unreadable time...). It never raises.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import NamedTuple
from zoneinfo import ZoneInfo

from hotel_phone.i18n import N_


@dataclass(frozen=True)
class Format:
    name: str
    title: str
    layout: str  # "csv" or "fixed"
    columns: tuple[str, ...]  # csv: field names in order; fixed: names of the fixed-width fields
    widths: tuple[int, ...] = ()  # fixed: each field's width; fields are separated by one space
    extra_columns: int = 0  # csv: columns after `columns` a PBX may add (Avaya's later fields, codecs)
    header: str = ""  # a line whose first field is this is the header
    ignore: str = ""  # a regular expression for other lines that are not records (page headers, rules)
    time_format: str = "%Y-%m-%d %H:%M:%S"
    timing: str = "stamps"  # stamps: start/answer/end; start_ring_connected; end_duration
    direction: str = "by_extension"  # by_extension, avaya, panasonic
    caller: str = ""
    called: str = ""
    start: str = ""
    answer: str = ""
    end: str = ""
    billsec: str = ""
    disposition: str = ""
    answered_when: tuple[str, ...] = ()  # disposition values of an answered call ("" = by answer time)
    key: tuple[str, ...] = ()  # fields that make the natural key; () = a hash of source and raw line
    key_name: str = "hash"  # what the key is called in the docs and the panel


class Parsed(NamedTuple):
    """One call as the PBX recorded it.

    With a direction, `caller` is the hotel's extension and `called` the other party; with direction ""
    (the record does not say) they are as recorded, and the hotel's extensions decide which is which.
    """

    key: str
    caller: str
    called: str
    direction: str  # out, in, internal, or "" (decide by which side is a known extension)
    started_at: datetime  # aware UTC
    answered_at: datetime | None
    ended_at: datetime | None
    billsec: int
    disposition: str
    answered: bool


class Skip(NamedTuple):
    outcome: str  # ignored or error
    reason: str  # a code, worded by REASONS


REASONS = {
    "blank": N_("blank line"),
    "header": N_("header line"),
    "page": N_("page or column heading"),
    "not_a_call": N_("not a call (log-in, room status...)"),
    "columns": N_("wrong number of columns"),
    "quotes": N_("truncated line (unterminated quotes)"),
    "truncated": N_("truncated line"),
    "time": N_("unreadable time"),
    "seconds": N_("unreadable duration"),
    "cut": N_("line cut by a disconnect"),
    "too_long": N_("line too long"),
}

MAX_LINE = 4096

ASTERISK_16 = ("accountcode", "src", "dst", "dcontext", "clid", "channel", "dstchannel", "lastapp", "lastdata",
               "start", "answer", "end", "duration", "billsec", "disposition", "amaflags")
_ASTERISK = dict(layout="csv", header="accountcode", caller="src", called="dst", start="start", answer="answer",
                 end="end", billsec="billsec", disposition="disposition", answered_when=("ANSWERED",))
AVAYA = ("call_start", "connected_time", "ring_time", "caller", "direction", "called_number", "dialled_number",
         "account", "is_internal", "call_id", "continuation", "party1_device", "party1_name", "party2_device",
         "party2_name", "hold_time", "park_time")
AVAYA_LATER = ("auth_valid", "auth_code", "user_charged", "call_charge", "currency", "amount_at_last_user_change",
               "call_units", "units_at_last_user_change", "cost_per_unit", "mark_up", "external_targeting_cause",
               "external_targeter_id", "external_targeted_number", "calling_server_ip", "unique_call_id_caller",
               "called_server_ip", "unique_call_id_called", "smdr_record_time")

REGISTRY: dict[str, Format] = {f.name: f for f in (
    Format("asterisk", "Asterisk cdr_csv (16 columns)", columns=ASTERISK_16, **_ASTERISK),
    Format("asterisk-uniqueid", "Asterisk cdr_csv + loguniqueid, loguserfield (18 columns)",
           columns=ASTERISK_16 + ("uniqueid", "userfield"), key=("uniqueid",), key_name="uniqueid", **_ASTERISK),
    Format("asterisk-linkedid", "Asterisk cdr_csv + uniqueid, userfield, newcdrcolumns (21 columns)",
           columns=ASTERISK_16 + ("uniqueid", "userfield", "peeraccount", "linkedid", "sequence"),
           key=("linkedid", "sequence"), key_name="linkedid+sequence", **_ASTERISK),
    Format("freeswitch", "FreeSWITCH mod_cdr_csv, default template", layout="csv",
           columns=("caller_id_name", "caller_id_number", "destination_number", "context", "start_stamp",
                    "answer_stamp", "end_stamp", "duration", "billsec", "hangup_cause", "uuid", "bleg_uuid",
                    "accountcode"),
           extra_columns=7, header="caller_id_name", caller="caller_id_number", called="destination_number",
           start="start_stamp", answer="answer_stamp", end="end_stamp", billsec="billsec", disposition="hangup_cause",
           key=("uuid",), key_name="uuid"),
    Format("avaya-ipo", "Avaya IP Office SMDR (CSV)", layout="csv", columns=AVAYA + AVAYA_LATER,
           extra_columns=0, header="Call Start", time_format="%Y/%m/%d %H:%M:%S", timing="start_ring_connected",
           direction="avaya", caller="caller", called="called_number", start="call_start",
           key=("call_id", "party1_device", "party2_device"), key_name="Call ID"),
    Format("panasonic", "Panasonic KX-TDA/TDE/NS SMDR, 80 columns without charge (pattern A)", layout="fixed",
           columns=("date", "time", "ext", "co", "dial", "ring", "duration", "acc", "cd"),
           widths=(8, 7, 5, 2, 25, 4, 8, 10, 2), ignore=r"^\s*(Date\b|-{5,}|=+|Page\b|\f)",
           time_format="%m/%d/%y %I:%M%p", timing="end_duration", direction="panasonic", caller="ext",
           called="dial"),
    Format("panasonic-charge", "Panasonic KX-TDA/TDE/NS SMDR, 80 columns with charge (pattern B)", layout="fixed",
           columns=("date", "time", "ext", "co", "dial", "duration", "cost", "acc", "cd"),
           widths=(8, 7, 5, 2, 20, 8, 10, 10, 2), ignore=r"^\s*(Date\b|-{5,}|=+|Page\b|\f)",
           time_format="%m/%d/%y %I:%M%p", timing="end_duration", direction="panasonic", caller="ext",
           called="dial"),
)}
# Avaya IP Office writes 17 fields up to Park Time in older releases and more later: the first 17 are required.
AVAYA_MIN = len(AVAYA)


def get(name: str) -> Format:
    from hotel_phone.errors import ValidationError

    fmt = REGISTRY.get((name or "").strip())
    if fmt is None:
        raise ValidationError(N_("Unknown record format {name}; known: {known}."), name=name,
                              known=", ".join(REGISTRY))
    return fmt


def hash_key(source: str, raw: bytes) -> str:
    return "h:" + hashlib.sha256(source.encode() + b"\x00" + raw).hexdigest()[:40]


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # The bytes are kept as received; names in GBK or Latin-1 must not stop the numbers being read.
        return raw.decode("utf-8", errors="replace")


def _seconds_hms(text: str) -> int:
    """'00:01:05' or "00:01'05" -> 65; "0'05" -> 5; '65' -> 65."""
    parts = re.split(r"[:']", text.strip())
    if not parts or not all(p.isdigit() for p in parts):
        raise ValueError(text)
    total = 0
    for p in parts:
        total = total * 60 + int(p)
    return total


def _when(text: str, fmt: Format, tz) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    if fmt.time_format == "%Y-%m-%d %H:%M:%S":
        local = datetime.fromisoformat(text)  # fast path: the common format, ~20x quicker than strptime
    else:
        local = datetime.strptime(text, fmt.time_format)
    if local.tzinfo is None:
        if tz is UTC:
            return local.replace(tzinfo=UTC)  # usegmtime: already UTC
        local = local.replace(tzinfo=tz)
    return local.astimezone(UTC)


def parse(fmt: Format, raw: bytes, tz: ZoneInfo | timezone, source: str = "") -> Parsed | Skip:
    if len(raw) > MAX_LINE:
        return Skip("error", "too_long")
    text = _decode(raw).rstrip("\r\n")
    if not text.strip():
        return Skip("ignored", "blank")
    if fmt.layout == "csv":
        return _parse_csv(fmt, text, raw, tz, source)
    return _parse_fixed(fmt, text, raw, tz, source)


def _parse_csv(fmt: Format, text: str, raw: bytes, tz, source: str) -> Parsed | Skip:
    try:
        fields = next(csv.reader((text,), strict=True))
    except csv.Error:
        return Skip("error", "quotes")
    if fields and fields[0].strip() == fmt.header:
        return Skip("ignored", "header")
    n = len(fields)
    if fmt.direction == "avaya":
        # Trailing empty fields are common (a comma per unused later field).
        while len(fields) > len(fmt.columns) and fields[-1] == "":
            fields.pop()
        ok = AVAYA_MIN <= len(fields) <= len(fmt.columns)
    else:
        ok = len(fmt.columns) <= n <= len(fmt.columns) + fmt.extra_columns
    if not ok:
        return Skip("error", "columns")
    row = dict(zip(fmt.columns, fields))
    try:
        if fmt.timing == "start_ring_connected":
            return _avaya(fmt, row, raw, tz, source)
        started = _when(row[fmt.start], fmt, tz)
        if started is None:
            return Skip("error", "time")
        answered_at = _when(row[fmt.answer], fmt, tz)
        ended = _when(row[fmt.end], fmt, tz)
    except ValueError:
        return Skip("error", "time")
    try:
        billsec = int(row[fmt.billsec].strip() or 0)
    except ValueError:
        return Skip("error", "seconds")
    if billsec < 0:
        return Skip("error", "seconds")
    disposition = row[fmt.disposition].strip()
    if fmt.answered_when:
        answered = disposition in fmt.answered_when
    else:
        answered = answered_at is not None
    key = ":".join(row[k].strip() for k in fmt.key) if fmt.key else ""
    if not key.strip(":"):
        key = hash_key(source, raw)
    return Parsed(key, row[fmt.caller].strip(), row[fmt.called].strip(), "", started, answered_at, ended,
                  billsec if answered else 0, disposition, answered)


def _avaya(fmt: Format, row: dict, raw: bytes, tz, source: str) -> Parsed | Skip:
    started = _when(row["call_start"], fmt, tz)
    if started is None:
        return Skip("error", "time")
    try:
        connected = _seconds_hms(row["connected_time"])
        ring = int(row["ring_time"].strip() or 0)
        held = int(row["hold_time"].strip() or 0) + int(row["park_time"].strip() or 0)
    except ValueError:
        return Skip("error", "seconds")
    internal = row["is_internal"].strip() == "1"
    inbound = row["direction"].strip().upper() == "I"
    direction = "internal" if internal else ("in" if inbound else "out")
    caller, called = row["caller"].strip(), row["called_number"].strip()
    if inbound:
        # The extension that took the call (Party1Device is 'E' + extension number) first, the outside caller second.
        party = row["party1_device"].strip()
        caller, called = (party[1:] if party[:1] == "E" else called), caller
    answered = connected > 0
    answered_at = started + timedelta(seconds=ring) if answered else None
    ended = started + timedelta(seconds=ring + connected + held)
    key = ":".join(row[k].strip() for k in fmt.key)
    if not row["call_id"].strip():
        key = hash_key(source, raw)
    return Parsed(key, caller, called, direction, started, answered_at, ended, connected,
                  "ANSWERED" if answered else "NO ANSWER", answered)


def _slices(fmt: Format) -> list[tuple[str, int, int]]:
    out, at = [], 0
    for name, width in zip(fmt.columns, fmt.widths):
        out.append((name, at, at + width))
        at += width + 1
    return out


_DATE = re.compile(r"^\d\d/\d\d/\d\d ")


def _parse_fixed(fmt: Format, text: str, raw: bytes, tz, source: str) -> Parsed | Skip:
    if fmt.ignore and re.match(fmt.ignore, text):
        return Skip("ignored", "page")
    if not _DATE.match(text):
        return Skip("error", "truncated")
    slices = _slices(fmt)
    row = {name: text[s:e].strip() for name, s, e in slices}
    dial = row["dial"]
    if dial and not dial.startswith("<") and not re.match(r"^(EXT)?[0-9*#P=.X\-]+$", dial, re.IGNORECASE):
        return Skip("ignored", "not_a_call")  # LOG IN, Check in, Timed Reminder...
    duration_end = next(e for n, _s, e in slices if n == "duration")
    if len(text.rstrip()) < duration_end:
        return Skip("error", "truncated")
    if dial.startswith(("<D>", "<I>")):
        direction = "in"
        dial = dial.split("<I>", 1)[1] if "<I>" in dial else dial[3:]
    elif dial.upper().startswith("EXT"):
        direction, dial = "internal", dial[3:]
    elif not dial:
        return Skip("error", "truncated")
    else:
        direction = "out"
    try:
        ended = _when(f"{row['date']} {row['time']}", fmt, tz)
        if ended is None:
            return Skip("error", "time")
    except ValueError:
        return Skip("error", "time")
    try:
        seconds = _seconds_hms(row["duration"])
    except ValueError:
        return Skip("error", "seconds")
    # The print line has the end time to the minute and the duration: the start is derived from them.
    started = ended - timedelta(seconds=seconds)
    answered = seconds > 0
    dial = dial.replace("P", "").replace("=", "").rstrip(".-X")
    return Parsed(hash_key(source, raw), row["ext"], dial, direction, started, started if answered else None, ended,
                  seconds, row["cd"] or ("ANSWERED" if answered else ""), answered)
