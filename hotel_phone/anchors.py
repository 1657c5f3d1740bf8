"""Copies of the audit chain's head kept outside the database, so a log rewritten or cut is caught.

Three places hold them: an append-only file beside the database (a line at each
sign-in, sign-out, backup, report and restore), a sidecar beside every backup,
and the daily report (PDF and CSV, so paper holds one). `compare` checks the log
against every anchor it finds. Someone who rewrites the database *and* every
anchor, or who removes the database together with all of them, is not caught;
paper is the anchor they cannot reach.
"""

from __future__ import annotations

import csv
import json
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import peewee as pw

from hotel_phone import audit, clock, paths
from hotel_phone.audit import Finding, Head, Verdict
from hotel_phone.db import database
from hotel_phone.i18n import LANGUAGES, N_, gettext_in

log = logging.getLogger("hotel_phone")
SIDECAR = ".anchor.json"


def database_path() -> Path | None:
    obj = database.obj
    if isinstance(obj, pw.SqliteDatabase):
        return Path(obj.database).resolve()
    return None


def anchor_file() -> Path:
    """Beside a SQLite file; for a database server, in this station's data folder."""
    path = database_path()
    if path is not None:
        return path.with_name(path.name + ".anchors")
    from hotel_phone import pg  # only a server's database gets here

    return paths.data_dir() / f"audit-{pg.file_label(database.obj.database)}.anchors"


def _origin() -> str:
    first = audit.AuditEvent.select(audit.AuditEvent.hash).order_by(audit.AuditEvent.id).first()
    return first.hash if first else ""


def _stamp() -> str:
    return clock.now().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry(h: Head, why: str) -> dict:
    return {"at": _stamp(), "why": why, "events": h.events, "last_id": h.last_id, "hash": h.hash,
            "origin": _origin(), "database": str(database_path() or "")}


def write(why: str, h: Head | None = None) -> Head | None:
    """Append the chain head to the anchor file; a failure is logged, never in the operator's way."""
    try:
        h = h or audit.head()
        line = json.dumps(entry(h, why), ensure_ascii=True) + "\n"
        fd = os.open(anchor_file(), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.encode("ascii"))
            os.fsync(fd)
        finally:
            os.close(fd)
        return h
    except (OSError, pw.DatabaseError) as exc:
        log.warning("audit anchor not written: %s", exc)
        return None


_last_written: tuple[str, int] | None = None


def write_if_moved(why: str) -> None:
    """Anchor again only when events were added since this station last did."""
    global _last_written
    try:
        h = audit.head()
    except pw.DatabaseError:
        return
    key = (str(anchor_file()), h.events)
    if key != _last_written and write(why, h) is not None:
        _last_written = key


def write_sidecar(backup_file: Path, h: Head, origin: str) -> Path:
    """The head of a backup's own log, beside it."""
    side = Path(str(backup_file) + SIDECAR)
    data = {"at": _stamp(), "why": "backup", "events": h.events, "last_id": h.last_id, "hash": h.hash,
            "origin": origin, "database": str(database_path() or ""), "backup": backup_file.name}
    side.write_text(json.dumps(data, indent=1), encoding="ascii")
    return side


@dataclass(frozen=True)
class Anchor:
    source: str
    at: str
    events: int
    hash: str
    why: str = ""


# The daily report's CSV (report.to_csv) is in the report's language: its first column and its audit row are
# found by these words in every language.
CSV_FIRST_COLUMN = N_("Section")
AUDIT_SECTION = N_("Audit log anchor")


def _words(msgid: str) -> set[str]:
    return {gettext_in(lang, msgid) for lang in LANGUAGES} | {msgid}


def _parse_lines(path: Path) -> list[dict]:
    out = []
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return out
    stripped = text.lstrip()
    if stripped.startswith("{") and "\n{" not in stripped.strip():
        try:
            return [json.loads(stripped)]
        except ValueError:
            return out
    if stripped.lstrip("\ufeff").split(",", 1)[0] in _words(CSV_FIRST_COLUMN):  # a daily report's CSV
        audit_words = _words(AUDIT_SECTION)
        for row in csv.reader(text.lstrip("\ufeff").splitlines()):
            if len(row) >= 3 and row[0] in audit_words and row[2].isdigit():
                out.append({"at": "", "why": "report", "events": int(row[2]), "hash": row[1]})
        return out
    for line in text.splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue  # a line cut by a crash
        if isinstance(item, dict) and isinstance(item.get("events"), int):
            out.append(item)
    return out


def collect(extra: list[str | Path] = (), heads: list[tuple[int, str]] = ()) -> tuple[list[Anchor], int]:
    """Every anchor for this database: (anchors, how many were from before the last restore and not compared)."""
    here = anchor_file()
    lines = _parse_lines(here)
    restores = [i for i, item in enumerate(lines) if item.get("why") == "restore"]
    cut_at = restores[-1] if restores else 0
    since = lines[cut_at]["at"] if restores else ""
    skipped = cut_at
    found = [Anchor(str(here), item.get("at", ""), item["events"], item.get("hash", ""), item.get("why", ""))
             for item in lines[cut_at:]]
    me = str(database_path() or "")
    origin = _origin()
    for side in sorted((paths.data_dir() / "backups").glob("*" + SIDECAR)) if me else []:
        for item in _parse_lines(side):
            if item.get("database") != me and not (origin and item.get("origin") == origin):
                continue  # another hotel's (or the demo's) backups
            if since and item.get("at", "") < since:
                skipped += 1
                continue
            found.append(Anchor(str(side), item.get("at", ""), item["events"], item.get("hash", ""), "backup"))
    for path in extra:
        for item in _parse_lines(Path(path)):
            found.append(Anchor(str(path), item.get("at", ""), item["events"], item.get("hash", ""),
                                item.get("why", "")))
    for n, h in heads:
        found.append(Anchor("--head", "", n, h, "given"))
    return found, skipped


def compare(verdict: Verdict, anchors: list[Anchor]) -> list[Finding]:
    """What the anchors say about the log: cut after event N, or rewritten up to an anchor."""
    findings = []
    comparable = len(verdict.hashes)  # a broken chain is only compared up to the break
    longest = max((a for a in anchors if a.events > verdict.events), key=lambda a: a.events, default=None)
    if longest is not None:
        findings.append(Finding(
            N_("The audit log was cut after event {last}: the anchor of {when} in {source} counts {n} events, "
               "the log now holds {count}."),
            {"last": _last_before(longest, verdict.events), "when": longest.at or "—", "source": longest.source,
             "n": longest.events, "count": verdict.events}))
    ordered = sorted((a for a in anchors if 0 < a.events <= comparable), key=lambda a: a.events)
    good = 0
    for a in ordered:
        if verdict.hashes[a.events - 1] == a.hash:
            good = max(good, a.events)
            continue
        findings.append(Finding(
            N_("The audit log differs from the anchor of {when} in {source}: event {n} no longer ends in the "
               "recorded hash, so an event after {good} and up to {n} was altered, deleted or inserted and the "
               "chain recomputed."),
            {"when": a.at or "—", "source": a.source, "n": a.events, "good": good}))
        break
    return findings


def _last_before(anchor: Anchor, count: int) -> int:
    """The last event that was already there when the anchor was written (later ones came after the cut)."""
    try:
        when = datetime.strptime(anchor.at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except ValueError:
        return count
    last = (audit.AuditEvent.select(audit.AuditEvent.id).where(audit.AuditEvent.at <= when)
            .order_by(audit.AuditEvent.id.desc()).first())
    return last.id if last else 0


def verify(extra: list[str | Path] = (), heads: list[tuple[int, str]] = ()) -> tuple[Verdict, int]:
    """The whole check: chain, sealed rows, triggers and every anchor; (verdict, anchors compared)."""
    verdict = audit.verify()
    anchors, _skipped = collect(extra, heads)
    more = compare(verdict, anchors)
    verdict = Verdict(verdict.events, verdict.first_broken, verdict.findings + tuple(more), verdict.hashes)
    return verdict, len(anchors)
