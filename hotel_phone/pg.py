"""PostgreSQL, the hotel's database server when several desks share one hotel.

Everything only the server understands lives here; db.py calls it where the
backends differ. The driver is psycopg 3 (peewee would otherwise prefer psycopg2).

One writer at a time, as on SQLite: every transaction takes one advisory lock
when it begins (SQLite's BEGIN IMMEDIATE does the same with its file lock), so
read-then-write rules, the audit chain and slip counters behave identically on
both backends and transactions of the app never deadlock one another.
"""

from __future__ import annotations

import logging
import re
import threading
import time

import peewee as pw
import psycopg

from hotel_phone.errors import DatabaseUnreachable
# Imports inside functions: the address parser and the words of a refusal load where first needed (for speed).

log = logging.getLogger("hotel_phone")

WRITER_LOCK = 0x484F54454C  # advisory lock key: "HOTEL"
CHANNEL = "hotel_phone"
RETRY_SQLSTATES = ("40001", "40P01")  # serialization failure, deadlock detected
NOTIFY_IDS = 50  # ids named in one notification; more and it says only the table


def normalise_url(url: str) -> str:
    # libpq accepts both schemes; peewee hands the string to psycopg only when it starts with postgresql://
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    return url


def file_label(url: str) -> str:
    """Host, port and database name for a file name (the station's anchor file); never the password."""
    from psycopg.conninfo import conninfo_to_dict

    info = conninfo_to_dict(normalise_url(url))
    label = "-".join((str(info.get("host") or "localhost"), str(info.get("port") or 5432), str(info.get("dbname", ""))))
    return re.sub(r"[^A-Za-z0-9._-]+", "_", label).strip("_.")


def original(exc: BaseException) -> BaseException:
    """The driver's exception behind peewee's wrapper."""
    if exc.args and isinstance(exc.args[0], BaseException):
        return exc.args[0]
    return exc.__context__ or exc


def sqlstate(exc: BaseException) -> str | None:
    return getattr(original(exc), "sqlstate", None)


_own_pids: set[int] = set()  # this process's server connections: their notifications are not "elsewhere"


class HotelPostgres(pw.PostgresqlDatabase):
    """peewee's PostgreSQL database with the writer lock, and reconnection after the server went away."""

    def _connect(self):
        try:
            conn = super()._connect()
        except psycopg.OperationalError as exc:
            raise DatabaseUnreachable() from exc
        _own_pids.add(conn.info.backend_pid)
        return conn

    def _lost(self) -> bool:
        return self._state.closed or self._state.conn.closed

    def _forget_dead_connection(self) -> None:
        # Only between transactions: peewee's transaction stack lives in the same state.
        if not self.in_transaction() and not self._state.closed and self._state.conn.closed:
            self._state.reset()

    def begin(self, isolation_level=None):
        self._forget_dead_connection()
        for attempt in range(3):
            try:
                cursor = self.cursor()
                cursor.execute("BEGIN")
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))
                return
            except DatabaseUnreachable:
                raise
            except psycopg.Error as exc:
                if self._state.closed or self._state.conn.closed:
                    self._state.reset()
                    if attempt == 2:
                        raise DatabaseUnreachable() from exc
                    continue  # the server restarted since our last query: a new connection, nothing lost
                if exc.sqlstate in RETRY_SQLSTATES and attempt < 2:
                    cursor.execute("ROLLBACK")
                    continue
                raise pw.OperationalError(exc) from exc

    def execute_sql(self, sql, params=None):
        self._forget_dead_connection()
        if params and any(isinstance(p, str) and "\x00" in p for p in params):
            params = _without_nul(sql, params)
        try:
            return super().execute_sql(sql, params)
        except DatabaseUnreachable:
            raise
        except (pw.OperationalError, pw.InterfaceError) as exc:
            if not self._lost():
                raise
            if self.in_transaction():
                raise DatabaseUnreachable() from exc  # the transaction is gone with it; rollback follows
            self._state.reset()
            if sql.lstrip()[:6].upper() != "SELECT":
                raise DatabaseUnreachable() from exc  # a write may or may not have landed: never guess
            try:
                return super().execute_sql(sql, params)  # a read is safe to ask again
            except (pw.OperationalError, pw.InterfaceError) as again:
                self._forget_dead_connection()
                raise DatabaseUnreachable() from again

    def rollback(self):
        if self._lost():
            if not self._state.closed:
                self._state.reset()  # the server rolled it back when the connection died
            return
        super().rollback()

    def commit(self):
        try:
            super().commit()
        except (pw.OperationalError, pw.InterfaceError) as exc:
            if self._lost():
                raise DatabaseUnreachable() from exc
            raise


_server_sql: dict[str, str] = {}  # a hot read's statement with the driver's %s, made once


def select_rows(db: HotelPostgres, sql: str, params: tuple) -> list[tuple]:
    """A read per keystroke without peewee's layers (about a tenth of a millisecond of Python each time).

    Only on a live connection and plain parameters; the first failure of any kind goes
    through execute_sql, which reconnects after a restart and words errors as everywhere else.
    """
    text = _server_sql.get(sql)
    if text is None:
        text = _server_sql.setdefault(sql, sql.replace("?", "%s"))
    state = db._state
    conn = state.conn
    if not state.closed and not conn.closed and not any(isinstance(p, str) and "\x00" in p for p in params):
        try:
            return conn.execute(text, params, prepare=True).fetchall()
        except psycopg.Error:
            pass  # asked again below, the ordinary way
    return db.execute_sql(text, params).fetchall()


def _without_nul(sql: str, params):
    """PostgreSQL text cannot hold NUL, SQLite's can. Nothing stored holds one (input is cleaned first), so a
    lookup by such a value finds nothing, as on SQLite; a write of one is refused in words."""
    if sql.lstrip()[:6].upper() != "SELECT":
        from hotel_phone.errors import ValidationError
        from hotel_phone.i18n import N_

        raise ValidationError(N_("The text contains a character that cannot be stored."))
    return type(params)(p.replace("\x00", "\ufffd") if isinstance(p, str) else p for p in params)


def make_database(url: str) -> HotelPostgres:
    return HotelPostgres(normalise_url(url), prefer_psycopg3=True, autoconnect=True,
                         connect_timeout=5, application_name="hotel_phone")


# -- schema pieces only the server has -------------------------------------------------------

_NOTIFY_FUNCTION = f"""
CREATE OR REPLACE FUNCTION hotel_phone_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids text; n bigint;
BEGIN
    -- One notification per statement: the table and, when few, the ids (a payload stays far below 8000 bytes).
    IF TG_OP = 'DELETE' THEN
        SELECT count(*), string_agg(id::text, ',') FILTER (WHERE rn <= {NOTIFY_IDS}) INTO n, ids
          FROM (SELECT id, row_number() OVER () AS rn FROM old_rows) r;
    ELSE
        SELECT count(*), string_agg(id::text, ',') FILTER (WHERE rn <= {NOTIFY_IDS}) INTO n, ids
          FROM (SELECT id, row_number() OVER () AS rn FROM new_rows) r;
    END IF;
    IF n > 0 THEN
        PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME || ':' || CASE WHEN n > {NOTIFY_IDS} THEN '*' ELSE ids END);
    END IF;
    RETURN NULL;
END $$"""

_AUDIT_FUNCTION = """
CREATE OR REPLACE FUNCTION hotel_phone_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'integrity_constraint_violation';
END $$"""


def protect_audit_log(db: pw.Database) -> None:
    """The server refuses UPDATE, DELETE and TRUNCATE on the audit log, whoever asks."""
    db.execute_sql(_AUDIT_FUNCTION)
    for op, level in (("UPDATE", "ROW"), ("DELETE", "ROW"), ("TRUNCATE", "STATEMENT")):
        db.execute_sql(f"CREATE OR REPLACE TRIGGER audit_event_no_{op.lower()} BEFORE {op} ON audit_event "
                       f"FOR EACH {level} EXECUTE FUNCTION hotel_phone_audit_append_only()")


def create_schema_extras(db: pw.Database) -> None:
    """Search indexes LIKE can use on the server, and the audit protection."""
    db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # The register's search is `search_key LIKE '%text%'` over in-house stays: a trigram index of those
    # answers it without reading the past stays (a million of them after some years).
    db.execute_sql("CREATE INDEX IF NOT EXISTS stay_search_key_trgm ON stay USING gin (search_key gin_trgm_ops) "
                   "WHERE status = 'in_house'")
    # The folio and cashier find departed guests the same way, among years of them.
    db.execute_sql("CREATE INDEX IF NOT EXISTS stay_departed_search_key_trgm ON stay "
                   "USING gin (search_key gin_trgm_ops) WHERE status = 'departed'")
    protect_audit_log(db)


def install_notify_triggers(db: pw.Database) -> None:
    """Every table tells the other stations what changed (table and ids); added where missing.

    Checked at each open so tables added by later migrations get theirs too.
    """
    existing = {r[0] for r in db.execute_sql(
        "SELECT tgname FROM pg_trigger WHERE tgname LIKE 'hotel_phone_notify_%%' AND NOT tgisinternal")}
    tables = [r[0] for r in db.execute_sql(  # tables with an id (counters have none and tell nobody)
        "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND column_name = 'id'")]
    wanted = [(t, op) for t in tables for op in ("ins", "upd", "del") if f"hotel_phone_notify_{op}_{t}" not in existing]
    if not wanted:
        return
    with db.atomic():
        db.execute_sql(_NOTIFY_FUNCTION)
        for table, op in wanted:
            event, ref = {"ins": ("INSERT", "NEW TABLE AS new_rows"), "upd": ("UPDATE", "NEW TABLE AS new_rows"),
                          "del": ("DELETE", "OLD TABLE AS old_rows")}[op]
            db.execute_sql(f'CREATE TRIGGER "hotel_phone_notify_{op}_{table}" AFTER {event} ON "{table}" '
                           f"REFERENCING {ref} FOR EACH STATEMENT EXECUTE FUNCTION hotel_phone_notify()")


# -- live refresh ----------------------------------------------------------------------------

class Listener:
    """LISTEN on its own autocommit connection, on a worker thread; the UI thread asks `drain()`.

    A notification arrives only when the writer commits, and nothing is replayed
    after a reconnect: then `drain()` reports everything as changed.
    """

    def __init__(self, url: str):
        self.url = normalise_url(url)
        self._lock = threading.Lock()
        self._changes: list[tuple[str, str]] = []
        self._reload_all = False
        self.connected = False
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hotel_phone-listen", daemon=True)
        self._thread.start()
        self._ready.wait(2.0)  # listening before the first refresh is judged (a little longer if the server is slow)

    def _run(self) -> None:
        first = True
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True, connect_timeout=5,
                                     application_name="hotel_phone listen") as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.connected = True
                    self._ready.set()
                    if not first:
                        with self._lock:
                            self._reload_all = True  # missed while away: reload everything
                    first = False
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=0.5):
                            if note.pid in _own_pids:
                                continue
                            table, _, ids = note.payload.partition(":")
                            with self._lock:
                                self._changes.append((table, ids))
            except psycopg.Error as exc:
                if self.connected:
                    log.warning("live refresh connection lost: %s", exc)
                self.connected = False
                self._ready.set()
                with self._lock:
                    self._reload_all = True
                self._stop.wait(1.0)

    def drain(self) -> tuple[list[tuple[str, str]], bool]:
        """(table, ids) changed by other stations since the last call, and whether to reload everything."""
        with self._lock:
            changes, self._changes = self._changes, []
            reload_all, self._reload_all = self._reload_all, False
        return changes, reload_all

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=3)


def wait_until(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()
