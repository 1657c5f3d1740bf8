"""What support asks first: the program's version, its database and the schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from hotel_phone import __version__, db
from hotel_phone.i18n import _


def schema_found(target: str) -> str:
    """The schema version written in the database, read without changing anything."""
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
