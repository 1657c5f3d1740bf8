"""Backups: a consistent copy while the app runs (SQLite's online backup), a daily one kept in
rotation, checks that a copy is sound, and a restore that keeps the current database aside."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import peewee as pw

from hotel_phone import audit, clock, paths, settings
from hotel_phone.db import SCHEMA_VERSION, SQLITE_HEADER, database
from hotel_phone.errors import DomainError, ValidationError
from hotel_phone.i18n import N_


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
    return target


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
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            problems.append(f"integrity_check: {result}")
        if conn.execute("PRAGMA foreign_key_check").fetchone():
            problems.append("foreign_key_check: dangling references")
        bad = conn.execute(
            "SELECT b.id FROM long_distance_booking b LEFT JOIN folio_posting p ON p.booking_id = b.id "
            "WHERE b.status = 'ended' AND (p.id IS NULL OR p.amount_fen != b.charge_fen)").fetchall()
        if bad:
            problems.append(f"ended calls without their posting: {[r[0] for r in bad][:10]}")
    except sqlite3.DatabaseError as exc:
        problems.append(str(exc))
    finally:
        conn.close()
    if not problems:
        problems += _audit_problems(path)
    return Check(not problems, problems)


def _audit_problems(path: Path) -> list[str]:
    current = database.obj
    probe = pw.SqliteDatabase(f"file:{path}?mode=ro", uri=True)
    database.initialize(probe)
    try:
        verdict = audit.verify()
    finally:
        probe.close()
        database.initialize(current)
    return [] if verdict.ok else [f"audit chain broken at event {verdict.first_broken}"]


def restore(source: str | Path, target: str | Path) -> Path:
    """Put `source` in place of the database file `target` (closed); the current file is kept aside."""
    source, target = Path(source), Path(target)
    verdict = check(source)
    if not verdict.ok:
        raise ValidationError(N_("{path} is damaged and was not restored: {problems}"), path=source,
                              problems="; ".join(verdict.problems))
    aside = None
    if target.exists():
        stamp = clock.now().strftime("%Y%m%d-%H%M%S")
        aside = target.with_name(f"{target.name}.before-restore-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            part = Path(str(target) + suffix)
            if part.exists():
                part.rename(Path(str(aside) + suffix))
    shutil.copyfile(source, target)
    return aside or target


def auto_backup(folder: Path, keep: int, now: datetime | None = None) -> Path | None:
    """Once a day into `folder`, keeping the newest `keep` copies."""
    folder.mkdir(parents=True, exist_ok=True)
    day = (now or clock.now()).strftime("%Y-%m-%d")
    target = folder / f"hotel-{day}.sqlite3"
    made = None
    if not target.exists():
        made = backup(target)
    copies = sorted(folder.glob("hotel-*.sqlite3"))
    for old in copies[:-keep] if keep > 0 else []:
        old.unlink()
    return made


def daily() -> None:
    """Today's automatic backup in the data folder, if not made yet; a failure is logged, never in the way."""
    log = logging.getLogger("hotel_phone")
    try:
        auto_backup(paths.data_dir() / "backups", settings.get("backups_keep"))
    except DomainError as exc:
        log.warning("automatic backup skipped: %s", exc.msgid)
    except OSError:
        log.exception("automatic backup failed")
