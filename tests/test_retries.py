"""Every core transaction is retried when the server rolls it back for a conflict (SQLSTATE 40001, 40P01).

The first test reads the core's source: any function that opens a transaction
(`.atomic(`) must carry db.retrying, so a new write function cannot forget it.
The others provoke real conflicts on the PostgreSQL test server.
"""

from __future__ import annotations

import ast
import importlib
import logging
import threading
import time
from datetime import date
from pathlib import Path

import psycopg
import pytest

from hotel_phone import db, folio, pg, stays
from hotel_phone.stays import StayInput

CORE = Path(db.__file__).parent

# Functions that open a transaction but are not a station's write, with the reason.
NOT_RETRIED = {
    "hotel_phone.audit.head": "a read: one snapshot of the chain's count and last hash",
    "hotel_phone.db._migrate": "schema migrations while the database is opened, before any work",
    "hotel_phone.demo.build": "builds the demo hotel in an empty database (tests, demonstrations)",
    "hotel_phone.pg.install_notify_triggers": "DDL while the database is opened",
    "hotel_phone.pgserver.move_to_server": "the administrator's one-off move into an empty server",
    "hotel_phone.pgserver.grant_app_role": "the administrator's one-off grants",
    "hotel_phone.restore._record_in": "the restore event written into an SQLite file being restored",
}


def _transaction_functions():
    """(module, dotted name inside it, line) of every function in the core whose body opens a transaction."""
    found = []
    for path in sorted(CORE.rglob("*.py")):
        rel = path.relative_to(CORE.parent).with_suffix("")
        if "ui" in rel.parts:
            continue
        module = ".".join(rel.parts).removesuffix(".__init__")
        tree = ast.parse(path.read_text(encoding="utf-8"))

        def visit(node, prefix, nested):
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    opens = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                                and n.func.attr == "atomic" and not _inside_inner_def(child, n)
                                for n in ast.walk(child))
                    if opens:
                        found.append((module, prefix + child.name, child.lineno, nested))
                    visit(child, prefix + child.name + ".", True)
                elif isinstance(child, ast.ClassDef):
                    visit(child, prefix + child.name + ".", nested)

        visit(tree, "", False)
    return found


def _inside_inner_def(fn, call) -> bool:
    """True when `call` belongs to a function defined inside `fn` (that one is checked by itself)."""
    for node in ast.walk(fn):
        if node is not fn and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            if any(n is call for n in ast.walk(node)):
                return True
    return False


def test_every_function_that_opens_a_transaction_retries_conflicts():
    found = _transaction_functions()
    names = {f"{m}.{n}" for m, n, _line, _nested in found}
    # The search itself works: the core's main writes are among what it found.
    assert {"hotel_phone.folio.post", "hotel_phone.folio.void", "hotel_phone.longdistance.end",
            "hotel_phone.messages.take", "hotel_phone.stays.check_in", "hotel_phone.wakeup.schedule"} <= names
    assert set(NOT_RETRIED) <= names, "an exemption names a function that no longer opens a transaction"
    missing = []
    for module, name, line, nested in found:
        if f"{module}.{name}" in NOT_RETRIED:
            continue
        if nested:
            missing.append(f"{module}:{line} {name}: a nested function; open the transaction in a module-level one")
            continue
        obj = importlib.import_module(module)
        for part in name.split("."):
            obj = getattr(obj, part)
        if not getattr(obj, "retries_conflicts", False):
            missing.append(f"{module}:{line} {name}")
    assert not missing, "opens a transaction without @db.retrying:\n" + "\n".join(missing)


# --- real conflicts on the server -------------------------------------------------------------

@pytest.fixture
def server(request, backend):
    if backend != "pg":
        pytest.skip("needs a PostgreSQL server (--pg URL or HOTEL_PHONE_TEST_PG)")
    return request.getfixturevalue("pg_server")


def _waiting_on_a_lock(url: str, pid: int, timeout: float = 10) -> None:
    with psycopg.connect(url, autocommit=True) as watcher:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            row = watcher.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone()
            if row and row[0] == "Lock":
                return
            time.sleep(0.02)
    raise AssertionError(f"backend {pid} never waited on a lock")


def test_a_real_deadlock_while_posting_is_retried_and_posts_once(hotel, database, server, caplog):
    """Another station holds the guest's row and then wants the writer lock the posting holds: a deadlock.

    The server breaks it by rolling back the posting's transaction (its deadlock check runs first); the
    core runs it again once the other station is done. The operator sees a normal posting, once.
    """
    guest = stays.check_in(hotel, StayInput(room="305", name="Grace Hopper", arrival=date(2026, 11, 27),
                                            departure=date(2026, 11, 30)))
    my_pid = db.database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
    other = psycopg.connect(str(database))  # a second station's connection, in a transaction
    other.execute("SET deadlock_timeout = '60s'")  # the posting's backend notices the circle first
    other.execute("SELECT id FROM stay WHERE id = %s FOR UPDATE", (guest.id,))
    outcome = {}

    def other_station():
        try:
            _waiting_on_a_lock(str(database), my_pid)  # the posting waits for the guest's row...
            other.execute("SELECT pg_advisory_xact_lock(%s)", (pg.WRITER_LOCK,))  # ...and we for its lock
            other.commit()
            outcome["other"] = "committed"
        except Exception as exc:  # pragma: no cover - reported by the assertion below
            outcome["other"] = repr(exc)
            other.rollback()

    thread = threading.Thread(target=other_station)
    thread.start()
    with caplog.at_level(logging.INFO, logger="hotel_phone"):
        posting = folio.post(hotel, guest.id, "FAX", 500)  # no error reaches the caller
    thread.join(30)
    other.close()
    assert outcome == {"other": "committed"}
    retried = [r for r in caplog.records if "SQLSTATE 40P01" in r.getMessage()]
    assert len(retried) == 1, "the server did not pick the posting as the deadlock's victim"
    rows = list(db.FolioPosting.select().where(db.FolioPosting.stay == guest.id))
    assert [(r.id, r.amount_fen) for r in rows] == [(posting.id, 500)]  # exactly one posting
    assert folio.balance(guest.id) == 500
    from hotel_phone import audit
    assert audit.verify().ok


def test_a_nested_write_leaves_the_retry_to_the_outermost_transaction(hotel, server):
    inner_tries, outer_tries = [], []

    @db.retrying
    def inner():
        with db.database.atomic():
            inner_tries.append(1)
            db.Setting.insert(key=f"inner{len(inner_tries)}", value="x").execute()
            if len(inner_tries) == 1:
                db.database.execute_sql(
                    "DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = 'serialization_failure'; END $$")

    @db.retrying
    def outer():
        with db.database.atomic():
            outer_tries.append(1)
            db.Setting.insert(key=f"outer{len(outer_tries)}", value="x").execute()
            inner()

    outer()
    # The inner function did not try again inside the aborted transaction: the whole outer one ran again.
    assert len(outer_tries) == 2 and len(inner_tries) == 2
    keys = sorted(s.key for s in db.Setting.select().where(db.Setting.key.regexp("^(inner|outer)[0-9]")))
    assert keys == ["inner2", "outer2"]
