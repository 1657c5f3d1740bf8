"""Putting a backup in place of the hotel's database without losing any station's work.

An administrator's password is checked against the database being replaced.
The restore takes SQLite's exclusive lock on that database, so it is refused
while any other station has it open (each open station holds a shared lock),
and no station can open it half-way. The backup is copied to a temporary file
in the same folder, checked, given its audit event, and renamed over the old
file in one step: a kill at any moment leaves the old or the new database,
whole. The old file is kept under a name no other restore can take, with an
audit event of its own. A station that opened the old file anyway refuses to
write once the name points at the new one (db.HotelSqliteDatabase).
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from pathlib import Path

import peewee as pw

from hotel_phone import anchors, audit, auth, backup, clock, db
from hotel_phone.db import Operator, database, looking_at
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_
from hotel_phone.session import Session

STAGING = ".restoring-"


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:  # folders cannot be synced on every system
        pass
    finally:
        os.close(fd)


def _administrator(path: Path, username: str, password: str) -> str:
    """Sign in to `path` as an administrator (audited there); the user name, for the events."""
    db.open_database(path)
    try:
        session = auth.sign_in(username, password)
        session.require("administrator")
        return session.operator.username
    finally:
        db.close_database()


def _exclusive(path: Path) -> pw.SqliteDatabase:
    """The database opened so that no other connection can read or write it; refused if one has it open."""
    held = pw.SqliteDatabase(str(path), pragmas={"locking_mode": "exclusive", "busy_timeout": 0,
                                                 "foreign_keys": 1})
    held.connect()
    refused = False
    try:
        held.execute_sql("BEGIN EXCLUSIVE")
        held.execute_sql("COMMIT")
    except (pw.OperationalError, sqlite3.OperationalError):
        refused = True
    if refused:  # outside the handler: no traceback keeps a cursor, and so the connection and its lock, alive
        held.close()
        raise ValidationError(N_("Another station has the database open. Close the program on every other "
                                 "station, then restore again; nothing was changed."))
    return held


def _stage(source: Path, target: Path) -> Path:
    """A checked copy of the backup beside the target, under a name no one else uses."""
    tmp = target.with_name(f"{target.name}{STAGING}{uuid.uuid4().hex}")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dest = sqlite3.connect(tmp)
    try:
        src.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file to rename
    finally:
        dest.close()
        src.close()
    _fsync(tmp)
    verdict = backup.check(tmp)
    if not verdict.ok:
        tmp.unlink()
        raise ValidationError(N_("{path} is damaged and was not restored: {problems}"), path=source,
                              problems="; ".join(verdict.problems))
    return tmp


def _record_in(target: pw.Database, username: str, action: str, detail: str) -> None:
    """One audit event in a database other than the one the app has open."""
    with looking_at(target), database.atomic():
        op = Operator.get_or_none(Operator.username == username)
        audit.record(Session(op) if op is not None else None, action, detail=detail)


def _set_aside_name(target: Path) -> Path:
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    for n in range(1, 10000):
        aside = target.with_name(f"{target.name}.before-restore-{stamp}" + (f"-{n}" if n > 1 else ""))
        try:
            os.link(target, aside)  # fails if the name is taken: two restores never share one
            return aside
        except FileExistsError:
            continue
        except OSError:  # no hard links on this file system: an exclusive copy instead
            try:
                with target.open("rb") as src, aside.open("xb") as dst:
                    while chunk := src.read(1 << 20):
                        dst.write(chunk)
                    dst.flush()
                    os.fsync(dst.fileno())
                return aside
            except FileExistsError:
                continue
    raise ValidationError(N_("No free name to keep the current database aside; nothing was changed."))


def leftovers(target: Path) -> list[Path]:
    """Staging copies a restore killed part-way left behind."""
    return sorted(target.parent.glob(f"{target.name}{STAGING}*"))


def restore(source: str | Path, target: str | Path, username: str, password: str) -> Path | None:
    """Put `source` in place of the database `target`; returns where the old one was kept (None if none)."""
    source, target = Path(source).resolve(), Path(target).expanduser().resolve()
    verdict = backup.check(source)
    if not verdict.ok:
        raise ValidationError(N_("{path} is damaged and was not restored: {problems}"), path=source,
                              problems="; ".join(verdict.problems))
    db.close_database()  # this station's own connection would count as another one
    for old in leftovers(target):
        old.unlink(missing_ok=True)
    exists = target.exists() and target.stat().st_size > 0
    username = _administrator(target if exists else source, username, password)
    held = _exclusive(target) if exists else None
    aside = None
    try:
        tmp = _stage(source, target)
        if held is not None:
            _record_in(held, username, "database_set_aside", f"replaced by {source.name} by {username}")
            held.execute_sql("PRAGMA journal_mode=DELETE")  # its WAL folded in: the kept file stands alone
            aside = _set_aside_name(target)
        staged = pw.SqliteDatabase(str(tmp), pragmas={"foreign_keys": 1})
        try:
            _record_in(staged, username, "database_restored", f"from {source.name} by {username}"
                       + (f"; the previous database kept as {aside.name}" if aside else ""))
        finally:
            staged.close()
        _fsync(tmp)
        os.replace(tmp, target)
        _fsync(target.parent)
    finally:
        if held is not None:
            held.close()
    db.open_database(target)
    try:
        anchors.write("restore")  # anchors before this line belong to the database set aside
    finally:
        db.close_database()
    return aside

