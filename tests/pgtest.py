"""The PostgreSQL half of the suite: a template database made once, a fresh copy per test."""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

import psycopg

from hotel_phone import db


def with_dbname(url: str, name: str) -> str:
    """The same server address with another database name."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


class TestServer:
    __test__ = False  # not a test class

    def __init__(self, admin_url: str):
        from hotel_phone import pg

        self.admin_url = pg.normalise_url(admin_url)
        prefix = f"hotel_phone_test_{os.getpid()}"
        self.template = prefix + "_template"
        self.current = prefix
        self._demo_built = False
        self._extra: set[str] = set()
        self._admin = psycopg.connect(self.admin_url, autocommit=True)
        self._drop(self.template)
        self._exec(f'CREATE DATABASE "{self.template}"')
        db.open_database(self.url(self.template))  # today's schema, migrations and protections, once
        db.close_database()

    def url(self, name: str) -> str:
        return with_dbname(self.admin_url, name)

    def _exec(self, sql: str) -> None:
        try:
            self._admin.execute(sql)
        except psycopg.OperationalError:  # a test restarted the server
            self._admin = psycopg.connect(self.admin_url, autocommit=True)
            self._admin.execute(sql)

    def _drop(self, name: str) -> None:
        self._exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def fresh_database(self, demo: bool = False) -> str:
        """An empty hotel database (or the demo hotel), a copy of a template: faster than building it."""
        self._drop(self.current)
        template = self._demo_template() if demo else self.template
        self._exec(f'CREATE DATABASE "{self.current}" TEMPLATE "{template}"')
        return self.url(self.current)

    def empty_database(self, suffix: str) -> str:
        """A database with nothing in it (no schema): where a backup is restored or a hotel moved."""
        name = f"{self.current}_{suffix}"
        self._drop(name)
        self._exec(f'CREATE DATABASE "{name}" TEMPLATE template0')
        self._extra.add(name)
        return self.url(name)

    def _demo_template(self) -> str:
        """The demo hotel built once (under the suite's fixed clock), copied for each test that wants it."""
        from hotel_phone import demo

        name = self.template + "_demo"
        if not self._demo_built:
            self._drop(name)
            self._exec(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
            db.open_database(self.url(name))
            demo.build()
            db.close_database()
            self._demo_built = True
        return name

    def drop_all(self) -> None:
        db.close_database()
        for name in (*self._extra, self.current, self.template + "_demo", self.template):
            self._drop(name)
        self._admin.close()
