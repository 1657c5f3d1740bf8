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

from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_


@dataclass(frozen=True)
class Format:
    name: str
    title: str  # N_() text: shown translated (the panel, `pbx formats`)
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
    # The three times as SQLite stores a naive UTC time, when the record already spelled them so (UTC times
    # 'YYYY-MM-DD HH:MM:SS'): storing them then costs no formatting. None: format them from the datetimes.
    utc_texts: tuple[str | None, str | None, str | None] | None = None


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
    Format("asterisk", N_("Asterisk cdr_csv (16 columns)"), columns=ASTERISK_16, **_ASTERISK),
    Format("asterisk-uniqueid", N_("Asterisk cdr_csv + loguniqueid, loguserfield (18 columns)"),
           columns=ASTERISK_16 + ("uniqueid", "userfield"), key=("uniqueid",), key_name="uniqueid", **_ASTERISK),
    Format("asterisk-linkedid", N_("Asterisk cdr_csv + uniqueid, userfield, newcdrcolumns (21 columns)"),
           columns=ASTERISK_16 + ("uniqueid", "userfield", "peeraccount", "linkedid", "sequence"),
           key=("linkedid", "sequence"), key_name="linkedid+sequence", **_ASTERISK),
    Format("freeswitch", N_("FreeSWITCH mod_cdr_csv, default template"), layout="csv",
           columns=("caller_id_name", "caller_id_number", "destination_number", "context", "start_stamp",
                    "answer_stamp", "end_stamp", "duration", "billsec", "hangup_cause", "uuid", "bleg_uuid",
                    "accountcode"),
           extra_columns=7, header="caller_id_name", caller="caller_id_number", called="destination_number",
           start="start_stamp", answer="answer_stamp", end="end_stamp", billsec="billsec", disposition="hangup_cause",
           key=("uuid",), key_name="uuid"),
    Format("avaya-ipo", N_("Avaya IP Office SMDR (CSV)"), layout="csv", columns=AVAYA + AVAYA_LATER,
           extra_columns=0, header="Call Start", time_format="%Y/%m/%d %H:%M:%S", timing="start_ring_connected",
           direction="avaya", caller="caller", called="called_number", start="call_start",
           key=("call_id", "party1_device", "party2_device"), key_name="Call ID"),
    Format("panasonic", N_("Panasonic KX-TDA/TDE/NS SMDR, 80 columns without charge (pattern A)"),
           layout="fixed", columns=("date", "time", "ext", "co", "dial", "ring", "duration", "acc", "cd"),
           widths=(8, 7, 5, 2, 25, 4, 8, 10, 2), ignore=r"^\s*(Date\b|-{5,}|=+|Page\b|\f)",
           time_format="%m/%d/%y %I:%M%p", timing="end_duration", direction="panasonic", caller="ext",
           called="dial"),
    Format("panasonic-charge", N_("Panasonic KX-TDA/TDE/NS SMDR, 80 columns with charge (pattern B)"),
           layout="fixed", columns=("date", "time", "ext", "co", "dial", "duration", "cost", "acc", "cd"),
           widths=(8, 7, 5, 2, 20, 8, 10, 10, 2), ignore=r"^\s*(Date\b|-{5,}|=+|Page\b|\f)",
           time_format="%m/%d/%y %I:%M%p", timing="end_duration", direction="panasonic", caller="ext",
           called="dial"),
)}
# Avaya IP Office writes 17 fields up to Park Time in older releases and more later: the first 17 are required.
AVAYA_MIN = len(AVAYA)


def get(name: str) -> Format:

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


def _stored_spelling(text: str) -> bool:
    """Spelled 'YYYY-MM-DD HH:MM:SS', as SQLite keeps a time (fromisoformat then checks the digits).
    Four times quicker than a regular expression, and it runs three times a line."""
    return len(text) == 19 and text[4::3] == "-- ::" and text.isascii()


def parse(fmt: Format, raw: bytes, tz: ZoneInfo | timezone, source: str = "") -> Parsed | Skip:
    """One raw line; a batch of lines goes through parse_many, which gives the same results faster."""
    return parse_many(fmt, [raw], tz, source)[0]


def parse_many(fmt: Format, raws: list[bytes], tz: ZoneInfo | timezone, source: str = "") -> list[Parsed | Skip]:
    """Each raw line (bytes, without its ending) parsed on its own: a line's error never spills into the next."""
    out: list = [None] * len(raws)
    texts: list[tuple[int, str, bytes]] = []
    for i, raw in enumerate(raws):
        if len(raw) > MAX_LINE:
            out[i] = Skip("error", "too_long")
            continue
        text = _decode(raw).rstrip("\r\n")
        if not text.strip():
            out[i] = Skip("ignored", "blank")
        else:
            texts.append((i, text, raw))
    if fmt.layout == "csv":
        parse_fields = _csv_parser(fmt)
        for (i, text, raw), fields in zip(texts, _csv_rows([t for _i, t, _r in texts]), strict=True):
            out[i] = Skip("error", "quotes") if fields is None else parse_fields(fields, raw, tz, source)
    else:
        for i, text, raw in texts:
            out[i] = _parse_fixed(fmt, text, raw, tz, source)
    return out


def _csv_rows(texts: list[str]) -> list[list[str] | None]:
    """The fields of each text read as one CSV line, or None where it is not one (unterminated quotes...).

    One reader goes through all the texts (half the cost of a reader per line); a row that took more than
    one text (an open quote swallowed the next line) or raised marks its first text bad, and reading starts
    again after it, so each text ends up read exactly as it would be on its own.
    """
    out: list[list[str] | None] = [None] * len(texts)
    start = 0
    while start < len(texts):
        reader = csv.reader(iter(texts[start:]), strict=True)
        pos = start  # the text the reader's next row begins with
        try:
            for fields in reader:
                if start + reader.line_num - 1 != pos:
                    break  # this row spans texts: the text at pos is not a whole line
                out[pos] = fields
                pos += 1
            else:
                return out
        except csv.Error:
            pass
        start = pos + 1  # out[pos] stays None
    return out


def _csv_parser(fmt: Format):
    """The fields of one CSV record to a Parsed or a Skip, with the format's columns looked up once."""
    if fmt.direction == "avaya":
        return lambda fields, raw, tz, source: _parse_avaya(fmt, fields, raw, tz, source)
    at = {name: i for i, name in enumerate(fmt.columns)}
    lowest, highest = len(fmt.columns), len(fmt.columns) + fmt.extra_columns
    header = fmt.header
    i_caller, i_called, i_start, i_answer, i_end, i_bill, i_disp = (
        at[fmt.caller], at[fmt.called], at[fmt.start], at[fmt.answer], at[fmt.end], at[fmt.billsec],
        at[fmt.disposition])
    key_at = tuple(at[k] for k in fmt.key)
    one_key = key_at[0] if len(key_at) == 1 else None
    answered_when = frozenset(fmt.answered_when)
    iso = fmt.time_format == "%Y-%m-%d %H:%M:%S"
    fromiso = datetime.fromisoformat

    def parse_fields(fields: list[str], raw: bytes, tz, source: str) -> Parsed | Skip:
        if fields and fields[0].strip() == header:
            return Skip("ignored", "header")
        if not lowest <= len(fields) <= highest:
            return Skip("error", "columns")
        start, answer, end = fields[i_start].strip(), fields[i_answer].strip(), fields[i_end].strip()
        try:
            if (iso and tz is UTC and _stored_spelling(start) and _stored_spelling(end)
                    and (not answer or _stored_spelling(answer))):
                # UTC times spelled as stored (usegmtime): read without replace(tzinfo=...), stored as they are
                started, ended = fromiso(start + "+00:00"), fromiso(end + "+00:00")
                answered_at = fromiso(answer + "+00:00") if answer else None
                stored = (start, answer or None, end)
            else:
                started, answered_at, ended = _when(start, fmt, tz), _when(answer, fmt, tz), _when(end, fmt, tz)
                stored = None
        except ValueError:
            return Skip("error", "time")
        if started is None:
            return Skip("error", "time")
        try:
            billsec = int(fields[i_bill].strip() or 0)
        except ValueError:
            return Skip("error", "seconds")
        if billsec < 0:
            return Skip("error", "seconds")
        disposition = fields[i_disp].strip()
        answered = disposition in answered_when if answered_when else answered_at is not None
        if one_key is not None:
            key = fields[one_key].strip()
        else:
            key = ":".join([fields[k].strip() for k in key_at]) if key_at else ""
        if not key.strip(":"):
            key = hash_key(source, raw)
        return Parsed(key, fields[i_caller].strip(), fields[i_called].strip(), "", started, answered_at, ended,
                      billsec if answered else 0, disposition, answered, stored)

    return parse_fields


def _parse_avaya(fmt: Format, fields: list[str], raw: bytes, tz, source: str) -> Parsed | Skip:
    if fields and fields[0].strip() == fmt.header:
        return Skip("ignored", "header")
    # Trailing empty fields are common (a comma per unused later field).
    while len(fields) > len(fmt.columns) and fields[-1] == "":
        fields.pop()
    if not AVAYA_MIN <= len(fields) <= len(fmt.columns):
        return Skip("error", "columns")
    try:
        return _avaya(fmt, dict(zip(fmt.columns, fields)), raw, tz, source)
    except ValueError:
        return Skip("error", "time")


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
