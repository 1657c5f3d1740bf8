"""Backups: a consistent copy while the app runs (SQLite's online backup), a daily one kept in
rotation, checks that a copy is sound, and a restore that keeps the current database aside."""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import peewee as pw

from hotel_phone import anchors, audit, clock, paths, settings
from hotel_phone.audit import Head
from hotel_phone.db import MODELS, SCHEMA_VERSION, SQLITE_HEADER, database, looking_at
from hotel_phone.errors import DomainError, ValidationError
from hotel_phone.i18n import N_, _


def _sqlite_connection() -> sqlite3.Connection:
    db = database.obj
    if not isinstance(db, pw.SqliteDatabase):
        raise ValidationError(N_("Backups from here are for SQLite; back up a database server with its own tools."))
    return db.connection()


def backup(target: str | Path) -> Path:
    """Copy the open database to `target`, consistent even while other stations write."""
    target = Path(target)
    if target.exists():
        raise ValidationError(N_("{path} exists already; choose a new file name."), path=target)
    if not target.parent.is_dir():
        raise ValidationError(N_("The folder for {path} does not exist."), path=target)
    tmp = target.with_name(target.name + ".partial")
    dest = sqlite3.connect(tmp)
    try:
        _sqlite_connection().backup(dest, pages=1024)
    finally:
        dest.close()
    tmp.rename(target)  # a half-written file never carries the final name
    _sidecar(target)
    return target


def _sidecar(copy: Path) -> None:
    """The copy's own chain head beside it: an anchor a later `audit verify` compares with."""

    conn = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        count = conn.execute("SELECT count(*) FROM audit_event").fetchone()[0]
        last = conn.execute("SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1").fetchone() or (0, "")
        first = conn.execute("SELECT hash FROM audit_event ORDER BY id LIMIT 1").fetchone() or ("",)
    except sqlite3.DatabaseError as exc:  # a damaged copy: the check after writing says so
        Path(str(copy) + anchors.SIDECAR).write_text(json.dumps({"error": str(exc)}), encoding="ascii")
        return
    finally:
        conn.close()
    anchors.write_sidecar(copy, Head(count, last[0], last[1]), first[0])


@dataclass(frozen=True)
class Check:
    ok: bool
    problems: list[str]


def check(path: str | Path) -> Check:
    """Is this file a sound hotel_phone database? (SQLite integrity, schema, audit chain, postings.)"""
    path = Path(path)
    try:
        with path.open("rb") as f:
            if f.read(16) != SQLITE_HEADER:
                raise ValidationError(N_("{path} is not a hotel_phone database (not an SQLite file). It was not "
                                         "changed."), path=path)
    except OSError as exc:
        raise ValidationError(N_("Cannot read {path}: {reason}"), path=path, reason=exc.strerror) from exc
    problems = []
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "schema_version" not in tables:
            raise ValidationError(N_("{target} is not a hotel_phone database."), target=path)
        version = conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] or 0
        if version > SCHEMA_VERSION:
            raise ValidationError(N_("The database {target} was written by a newer version of hotel_phone "
                                     "(schema {found}, this program knows {known}). It was not changed; "
                                     "please update the program."), target=path, found=version, known=SCHEMA_VERSION)
        if version == SCHEMA_VERSION:
            problems += _schema_problems(conn, tables)
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            problems.append(f"integrity_check: {result}")
        if conn.execute("PRAGMA foreign_key_check").fetchone():
            problems.append("foreign_key_check: dangling references")
        bad = conn.execute(
            # A charged call is posted once under its source key; a call rated at nothing posts nothing.
            "SELECT b.id FROM long_distance_booking b LEFT JOIN folio_posting p "
            "ON p.source_key = 'longdistance:' || b.id "
            "WHERE b.status = 'ended' AND b.charge_fen > 0 AND (p.id IS NULL OR p.amount_fen != b.charge_fen)"
        ).fetchall()
        if bad:
            problems.append(f"ended calls without their posting: {[r[0] for r in bad][:10]}")
    except sqlite3.DatabaseError as exc:
        problems.append(str(exc))
    finally:
        conn.close()
    if not problems:
        problems += _audit_problems(path)
    return Check(not problems, problems)


def _schema_problems(conn: sqlite3.Connection, tables: set[str]) -> list[str]:
    """The tables and columns this version's database must have."""

    problems = []
    for model in MODELS:
        table = model._meta.table_name
        if table not in tables:
            problems.append(f"table {table} is missing")
            continue
        have = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
        lost = [f.column_name for f in model._meta.sorted_fields if f.column_name not in have]
        if lost:
            problems.append(f"table {table} lacks {', '.join(lost)}")
    return problems


def _audit_problems(path: Path) -> list[str]:
    probe = pw.SqliteDatabase(f"file:{path}?mode=ro", uri=True)
    try:
        with looking_at(probe):  # this thread only: the window's thread stays on the hotel's database
            verdict = audit.verify()
    finally:
        probe.close()
    return [f.message() for f in verdict.findings]


STATUS = "last-check.json"


def _checked_ok(copy: Path) -> bool:
    """What the check after writing found, as its sidecar says (a copy without one is not counted good)."""
    try:
        return json.loads(Path(str(copy) + ".anchor.json").read_text(encoding="ascii")).get("checked") == "ok"
    except (OSError, ValueError, AttributeError):
        return False


def _note_check(copy: Path, verdict: Check) -> None:
    side = Path(str(copy) + ".anchor.json")
    try:
        data = json.loads(side.read_text(encoding="ascii"))
    except (OSError, ValueError):
        data = {}
    data.update(checked="ok" if verdict.ok else "failed", problems=verdict.problems[:10])
    side.write_text(json.dumps(data, indent=1), encoding="ascii")


def auto_backup(folder: Path, keep: int, now: datetime | None = None) -> Path | None:
    """Once a day into `folder`, each copy checked after writing, keeping the newest `keep` copies.

    The newest copy that passed its check is never deleted, however many damaged
    ones came after it; a failed check is recorded for the status bar and the daily report.
    """
    folder.mkdir(parents=True, exist_ok=True)
    at = now or clock.now()
    target = folder / f"hotel-{at.strftime('%Y-%m-%d')}.sqlite3"
    made = None
    if not target.exists():
        made = backup(target)
        try:
            verdict = check(made)
        except ValidationError as exc:
            verdict = Check(False, [exc.message()])
        _note_check(made, verdict)
        _write_status(folder, made, verdict, at)
    copies = sorted(folder.glob("hotel-*.sqlite3"))
    good = [c for c in copies if _checked_ok(c)]
    spare = good[-1] if good else None
    for old in copies[:-keep] if keep > 0 else []:
        if old == spare:
            continue
        old.unlink()
        Path(str(old) + ".anchor.json").unlink(missing_ok=True)
    return made


def _write_status(folder: Path, copy: Path, verdict: Check, at: datetime) -> None:
    data = {"at": at.astimezone(UTC).isoformat(), "file": copy.name, "ok": verdict.ok,
            "problems": verdict.problems[:10]}
    (folder / STATUS).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


@dataclass(frozen=True)
class Failure:
    at: datetime
    file: str
    problems: list[str]

    def message(self) -> str:

        return _("The check of the automatic backup {file} failed: {problems}. The newest good backup is "
                 "kept; please call for help.").format(file=self.file, problems="; ".join(self.problems))


def last_failure(folder: Path | None = None) -> Failure | None:
    """The newest automatic backup's check, if it failed."""

    folder = folder or paths.data_dir() / "backups"
    try:
        data = json.loads((folder / STATUS).read_text(encoding="utf-8"))
        if data.get("ok", True):
            return None
        return Failure(datetime.fromisoformat(data["at"]), str(data.get("file", "")), list(data.get("problems", [])))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def daily() -> None:
    """Today's automatic backup in the data folder, if not made yet; a failure is logged, never in the way."""
    log = logging.getLogger("hotel_phone")
    try:
        auto_backup(paths.data_dir() / "backups", settings.get("backups_keep"))
    except DomainError as exc:
        log.warning("automatic backup skipped: %s", exc.msgid)
    except OSError:
        log.exception("automatic backup failed")
