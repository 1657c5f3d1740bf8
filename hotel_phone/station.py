"""This PC's own choice of database: the hotel's SQLite file here, or the hotel's database server.

Kept in the station's config folder (not in the database: it says where the
database is), so operators never type the server's address.
"""

from __future__ import annotations

import json
import os

from hotel_phone import paths
from hotel_phone.errors import ValidationError
from hotel_phone.i18n import N_
# Imports inside functions: the database and psycopg load only when a station's database is tried (for speed at start).

FILE = "station.json"
LOCAL = "local"  # this PC only: the SQLite file in the data folder


def _path():
    return paths.config_dir() / FILE


def chosen() -> str | None:
    """LOCAL, a postgresql:// address, or None before the first start asked."""
    try:
        data = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get("database")
    return value if isinstance(value, str) and value else None


def database_address() -> str | None:
    """The server's address when this station uses one, else None (the local file)."""
    value = chosen()
    return value if value and value != LOCAL else None


def choose(value: str) -> None:
    """Remember LOCAL or a server address; the file is readable by this PC's user only (it may hold a password)."""
    from hotel_phone import db

    value = value.strip()
    if value != LOCAL and not db.is_postgres_url(value):
        raise ValidationError(N_("A database server's address starts with postgresql://"))
    path = _path()
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"database": value}, f)
    os.replace(tmp, path)


def test_connection(url: str) -> str:
    """Connect once: the server's version when it answers, else a ValidationError saying why."""
    import psycopg

    from hotel_phone import db, pg

    url = url.strip()
    if not db.is_postgres_url(url):
        raise ValidationError(N_("A database server's address starts with postgresql://"))
    try:
        with psycopg.connect(pg.normalise_url(url), connect_timeout=5) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ValidationError(N_("The database server did not accept the connection: {reason}"),
                              reason=reason) from None
    if int(version.split(".")[0]) < 13:
        raise ValidationError(N_("The database server runs PostgreSQL {version}; hotel_phone needs 13 or newer."),
                              version=version)
    return version
