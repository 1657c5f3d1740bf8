"""The hotel's database server from the command line: backups, restore, and moving a hotel onto it.

Backups are pg_dump's custom format; a restore goes only into an empty
database, never over the live one. Moving copies a hotel from its SQLite file
into an empty server database in one transaction, checks it, and leaves the
file as it was (it is opened read-only).
"""

from __future__ import annotations

import glob
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from hotel_phone import db
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_
# Imports inside functions: psycopg, audit and the address helpers load only in the server commands (for speed).


def _tool(name: str) -> str:
    """pg_dump / pg_restore: on PATH, else Debian's newest server binaries."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    if candidates:
        return candidates[-1]
    raise ValidationError(N_("{tool} was not found; install the PostgreSQL client programs."), tool=name)


def _run(args: list[str]) -> None:
    proc = subprocess.run(args, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise ValidationError(N_("{tool} failed: {reason}"), tool=Path(args[0]).name,
                              reason=(proc.stderr or proc.stdout).strip()[-500:])


def backup(url: str, target: str | Path) -> Path:
    """pg_dump's custom format: consistent while stations write (one snapshot), restored with pg_restore."""
    target = Path(target).expanduser()
    if target.exists():
        raise ValidationError(N_("{path} exists already; a backup never overwrites a file."), path=target)
    if not target.parent.is_dir():
        raise ValidationError(N_("The folder for {path} does not exist."), path=target)
    tmp = target.with_name(target.name + ".partial")
    _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={tmp}", f"--dbname={url}"])
    tmp.replace(target)
    return target


def _is_empty(url: str) -> bool:
    import psycopg

    with psycopg.connect(url, connect_timeout=5) as conn:
        return conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()").fetchone()[0] == 0


def restore(source: str | Path, url: str) -> None:
    """pg_restore into an empty database only; afterwards the hotel must open and its audit chain verify."""
    source = Path(source).expanduser()
    if not source.is_file():
        raise ValidationError(N_("{path} does not exist."), path=source)
    with source.open("rb") as f:
        if f.read(5) != b"PGDMP":
            raise ValidationError(N_("{path} is not a backup of a database server (pg_dump custom format)."),
                                  path=source)
    if not _is_empty(url):
        raise ValidationError(N_("The database {target} is not empty. A backup is restored only into a new, "
                                 "empty database, never over the one in use."), target=_safe(url))
    _run([_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
          f"--dbname={url}", str(source)])
    from hotel_phone import audit

    db.open_database(url)
    try:
        if not audit.verify().ok:
            raise ValidationError(N_("The restored database's audit log does not verify."))
    finally:
        db.close_database()


def _safe(url: str) -> str:
    """An address without its password, for messages."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(":" + parts.password + "@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


# -- moving a hotel from its SQLite file to the server ---------------------------------------

@dataclass(frozen=True)
class MoveReport:
    rows: dict[str, int]  # per table
    folio_total_fen: int
    audit_events: int


def _counts(database: pw.Database) -> dict[str, int]:
    return {m._meta.table_name: m.select().count(database) for m in db.MODELS if m is not db.SchemaVersion}


def _folio_totals(database: pw.Database) -> dict[int, int]:
    q = (db.FolioPosting.select(db.FolioPosting.stay, pw.fn.SUM(db.FolioPosting.amount_fen))
         .group_by(db.FolioPosting.stay).tuples())
    return {stay: int(total) for stay, total in q.execute(database)}


def move_to_server(sqlite_path: str | Path, url: str) -> MoveReport:
    """Copy every row, ids kept, into an empty server database; check counts, folio totals and the audit chain."""
    from hotel_phone import audit

    sqlite_path = Path(sqlite_path).expanduser()
    if not db.is_postgres_url(url):
        raise ValidationError(N_("Move to a database server's address (postgresql://...)."))
    if not sqlite_path.is_file():
        raise ValidationError(N_("{path} does not exist."), path=sqlite_path)
    db._check_sqlite_file(sqlite_path)
    source = pw.SqliteDatabase(f"file:{sqlite_path}?mode=ro", uri=True)  # read-only: the file stays as it was
    version = db._schema_version(source)
    if version != db.SCHEMA_VERSION:
        source.close()
        raise ValidationError(N_("{path} has schema {found}; open it once with this version of hotel_phone "
                                 "(which upgrades it) before moving it."), path=sqlite_path, found=version)
    target = db.open_database(url)
    try:
        if any(n for table, n in _counts(target).items() if table != "counter"):
            raise ValidationError(N_("The database {target} already holds a hotel; a hotel moves only into an "
                                     "empty database."), target=_safe(url))
        with target.atomic():
            db.Counter.delete().execute()  # the fresh schema's counters; the file's own are copied
            for model in pw.sort_models(db.MODELS):
                if model is db.SchemaVersion:
                    continue
                _copy_table(model, source, target)
            _set_sequences(target)
            expected = _counts(source)
            got = _counts(target)
            if got != expected:
                raise ValidationError(N_("The copy's row counts differ ({detail}); nothing was moved."),
                                      detail=", ".join(f"{k} {expected[k]}/{got[k]}" for k in expected
                                                       if expected[k] != got.get(k)))
            if _folio_totals(source) != _folio_totals(target):
                raise ValidationError(N_("The copy's folio totals differ; nothing was moved."))
            verdict = audit.verify()
            if not verdict.ok:
                raise ValidationError(N_("The copy's audit chain does not verify (event {id}); nothing was moved."),
                                      id=verdict.first_broken)
        report = MoveReport(got, sum(_folio_totals(target).values()), verdict.events)
    finally:
        source.close()
        db.close_database()
    return report


def _copy_table(model, source: pw.Database, target: pw.Database) -> None:
    fields = list(model._meta.sorted_fields)
    self_refs = [f for f in fields if isinstance(f, pw.ForeignKeyField) and f.rel_model is model]
    # Positions by identity: a peewee field's == builds an expression, so list.index would match the first.
    self_ref_at = [i for i, f in enumerate(fields) if any(f is r for r in self_refs)]
    order = model._meta.primary_key
    batch = []

    def flush():
        if batch:
            model.insert_many(batch, fields=fields).execute(target)
            batch.clear()

    for row in model.select(*fields).order_by(order).tuples().iterator(source):
        row = list(row)
        for i in self_ref_at:  # pointed-at rows may come later: set after the copy
            row[i] = None
        batch.append(row)
        if len(batch) >= 1000:
            flush()
    flush()
    for f in self_refs:
        for pk, ref in model.select(order, f).where(f.is_null(False)).tuples().iterator(source):
            model.update({f: ref}).where(order == pk).execute(target)


def _set_sequences(target: pw.Database) -> None:
    """Ids were copied as they were: each table's sequence continues after the highest."""
    for model in db.MODELS:
        pk = model._meta.primary_key
        if isinstance(pk, pw.AutoField):
            table = model._meta.table_name
            target.execute_sql(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f"coalesce((SELECT max(id) FROM \"{table}\"), 0) + 1, false)")


# -- the stations' database role -------------------------------------------------------------

def grant_app_role(url: str, role: str) -> None:
    """As the database's owner: bring the schema up to date, then let `role` (the stations') use it.

    The stations' role reads and writes the hotel's tables but may only read and
    append to the audit log: no UPDATE, DELETE or TRUNCATE there, whatever the
    program asks (the trigger refuses them for the owner too).
    """
    import re

    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role):
        raise ValidationError(N_("{role} is not a database role name (lower-case letters, digits, _)."), role=role)
    database = db.open_database(url)
    try:
        with database.atomic():
            for sql in (
                f"GRANT USAGE ON SCHEMA public TO {role}",
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
                f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM {role}",
                f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role}",
            ):
                database.execute_sql(sql)
    finally:
        db.close_database()
