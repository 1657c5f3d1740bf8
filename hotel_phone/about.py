"""What support asks first: the program's version, its database and the schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from hotel_phone import __version__, db
from hotel_phone.i18n import _
# Imports inside functions: psycopg's version is read only when the database is a server (for speed).


def schema_found(target: str) -> str:
    """The schema version written in the database, read without changing anything."""
    if db.is_postgres_url(target):
        return _server_schema(target)
    if "://" in target:
        return _("on the database server")
    path = Path(target)
    if not path.exists():
        return _("not created yet")
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT max(version) FROM schema_version").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return _("unreadable")
    return str(row[0]) if row and row[0] is not None else _("unreadable")


def _server_schema(url: str) -> str:
    """Read in a read-only transaction on a short timeout: --version must answer even without the server."""
    import psycopg

    from hotel_phone import pg

    try:
        with psycopg.connect(pg.normalise_url(url), connect_timeout=3) as con:
            con.read_only = True
            row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    except psycopg.OperationalError:
        return _("database server unreachable")
    except psycopg.Error:
        return _("unreadable")
    return str(row[0]) if row and row[0] is not None else _("unreadable")


def shown_target(target: str) -> str:
    """A database address fit to show: a server address loses its password."""
    if "://" not in target:
        return str(Path(target).resolve())
    parts = urlsplit(target)
    if parts.password is None:
        return target
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def lines(target: str, qt_version: str) -> list[str]:
    return [
        _("hotel_phone {version}").format(version=__version__),
        _("Database: {target}").format(target=shown_target(target)),
        _("Schema: {found} (this program writes {known})").format(found=schema_found(target),
                                                                   known=db.SCHEMA_VERSION),
        _("Qt: {version}").format(version=qt_version),
    ]
