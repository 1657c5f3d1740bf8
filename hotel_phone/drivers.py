"""Database drivers a station does not use are not loaded.

peewee imports psycopg when peewee itself is imported, whether or not the
database is PostgreSQL; on these machines that took about as long as loading
Qt. A station on SQLite (the default, one PC) never needs it, so the entry
point says which database it opens before anything imports peewee.
"""

from __future__ import annotations

import sys


def is_postgres_url(target: str) -> bool:
    return str(target).startswith(("postgres://", "postgresql://", "postgresext://"))


def skip_unused(target: str) -> None:
    """Before peewee is imported: for a SQLite database, make `import psycopg` fail fast (peewee expects that)."""
    if is_postgres_url(target) or "peewee" in sys.modules:
        return
    for name in ("psycopg", "psycopg2"):
        sys.modules.setdefault(name, None)  # None: "not installed" to the import system
