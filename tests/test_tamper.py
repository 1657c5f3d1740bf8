"""Tamper attacks done directly on a copy of the demo hotel's file: verify must exit non-zero and name the change."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date

import peewee as pw
import pytest

from hotel_phone import anchors, audit, auth, cli, db, demo, folio, report, stays
from hotel_phone import longdistance as ld
from hotel_phone.stays import StayInput


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """The demo hotel with a day's money on it, closed as the app leaves it (signed out)."""
    from hotel_phone import clock
    from tests.conftest import NOW

    clock.set_clock(clock.FixedClock(NOW))
    folder = tmp_path_factory.mktemp("demo")
    path = folder / "demo.sqlite3"
    db.open_database(path)
    admin = demo.build(20)
    stay = stays.check_in(admin, StayInput(room="201", name="John Smith", arrival=date(2026, 11, 28),
                                           departure=date(2026, 11, 30)))
    for fen in (1000, 2500, 400):
        folio.post(admin, stay.id, "PRINT", fen)
    wrong = folio.post(admin, stay.id, "FAX", 900)
    folio.void(admin, wrong.id, "wrong room")
    b = ld.book(admin, stay.id, "Mr Brown", "0044 20 7946 0000")
    ld.place(admin, b.id)
    ld.connected(admin, b.id)
    clock.get_clock().advance(seconds=125)
    ld.end(admin, b.id)
    auth.sign_out(admin)
    db.close_database()
    clock.set_clock(clock.Clock())
    return path


@pytest.fixture
def copy(demo_file, tmp_path, fixed_clock):
    fixed_clock.advance(hours=20)  # the attack comes later than the hotel's last work
    target = tmp_path / "hotel.sqlite3"
    shutil.copyfile(demo_file, target)
    shutil.copyfile(str(demo_file) + ".anchors", str(target) + ".anchors")
    return target


def _verify(path, capsys, *extra) -> tuple[int, str]:
    code = cli.main(["--lang", "en", "audit", "verify", "--db", str(path), *extra])
    db.close_database()
    return code, capsys.readouterr().out


def _attack(path, *statements, drop_triggers: bool = True):
    conn = sqlite3.connect(path)
    if drop_triggers:
        conn.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        conn.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    return conn


def _recompute_chain(conn):
    """What an attacker who read audit.py does: rehash every event so the chain holds again."""
    from hotel_phone.db import AuditEvent

    prev = ""
    for row in conn.execute("SELECT id, at, operator_id, action, entity, entity_id, detail, row_hash "
                            "FROM audit_event ORDER BY id").fetchall():
        event_id, at, operator_id, action, entity, entity_id, detail, sealed = row
        digest = audit._digest(prev, AuditEvent.at.python_value(at), operator_id, action, entity, entity_id,
                               detail, sealed)
        conn.execute("UPDATE audit_event SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, event_id))
        prev = digest
    conn.commit()


def _posting(conn, code="PRINT") -> int:
    return conn.execute("SELECT id FROM folio_posting WHERE code = ? ORDER BY id", (code,)).fetchone()[0]


def test_untouched_copy_is_intact(copy, capsys):
    code, out = _verify(copy, capsys)
    assert code == 0 and "intact" in out and "anchors agree" in out


def test_changed_amount(copy, capsys):
    conn = _attack(copy, drop_triggers=False)
    pid = _posting(conn)
    conn.execute("UPDATE folio_posting SET amount_fen = 1 WHERE id = ?", (pid,))
    conn.commit()
    code, out = _verify(copy, capsys)
    assert code == 1 and f"Row {pid} of folio_posting was changed outside the program" in out


def test_changed_call_charge(copy, capsys):
    conn = _attack(copy, "UPDATE long_distance_booking SET charge_fen = charge_fen + 5000", drop_triggers=False)
    conn.close()
    code, out = _verify(copy, capsys)
    assert code == 1 and "of long_distance_booking was changed outside the program" in out


def test_deleted_posting_and_its_event_with_chain_recomputed(copy, capsys):
    conn = _attack(copy)
    pid = _posting(conn, "PRINT")
    event = conn.execute("SELECT id FROM audit_event WHERE entity = 'FolioPosting' AND entity_id = ?",
                         (pid,)).fetchone()[0]
    conn.execute("DELETE FROM folio_posting WHERE id = ?", (pid,))
    conn.execute("DELETE FROM audit_event WHERE id = ?", (event,))
    _recompute_chain(conn)
    conn.close()
    code, out = _verify(copy, capsys)
    assert code == 1
    assert f"Event {event} is missing from the audit log" in out
    assert "differs from the anchor" in out or "was cut after" in out


def test_deleted_posting_with_ids_renumbered_is_caught_by_the_anchors(copy, capsys):
    conn = _attack(copy)
    pid = _posting(conn, "PRINT")
    event = conn.execute("SELECT id FROM audit_event WHERE entity = 'FolioPosting' AND entity_id = ?",
                         (pid,)).fetchone()[0]
    conn.execute("DELETE FROM folio_posting WHERE id = ?", (pid,))
    conn.execute("DELETE FROM audit_event WHERE id = ?", (event,))
    conn.execute("UPDATE audit_event SET id = id - 1 WHERE id > ?", (event,))
    _recompute_chain(conn)
    conn.close()
    code, out = _verify(copy, capsys)
    assert code == 1 and "missing" not in out
    assert "was cut after" in out or "differs from the anchor" in out


def test_last_three_events_cut(copy, capsys):
    conn = _attack(copy)
    total = conn.execute("SELECT count(*) FROM audit_event").fetchone()[0]
    conn.execute("DELETE FROM audit_event WHERE id > ?", (total - 3,))
    conn.commit()
    conn.close()
    code, out = _verify(copy, capsys)
    assert code == 1 and f"cut after event {total - 3}" in out and f"counts {total} events" in out


def test_whole_log_deleted(copy, capsys):
    _attack(copy, "DELETE FROM audit_event").close()
    code, out = _verify(copy, capsys)
    assert code == 1 and "cut after event 0" in out
    assert "has no audit event" in out


def test_triggers_dropped_then_an_event_edited(copy, capsys):
    conn = _attack(copy)
    victim = conn.execute("SELECT id FROM audit_event WHERE action = 'posting_voided'").fetchone()[0]
    conn.execute("UPDATE audit_event SET detail = 'nothing to see' WHERE id = ?", (victim,))
    conn.commit()
    conn.close()
    code, out = _verify(copy, capsys)
    assert code == 1
    assert f"Audit event {victim} was altered" in out
    assert "protection had been removed" in out
    conn = sqlite3.connect(copy)  # opening put the triggers back
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert set(audit.TRIGGERS) <= names


def test_triggers_dropped_and_log_left_alone_is_still_reported(copy, capsys):
    _attack(copy).close()
    code, out = _verify(copy, capsys)
    assert code == 1 and "protection had been removed" in out


def test_an_administrator_acknowledges_removed_protection_and_verify_stops_repeating_it(copy, capsys, monkeypatch):
    _attack(copy).close()
    code, out = _verify(copy, capsys)
    assert code == 1 and "protection had been removed" in out
    monkeypatch.setenv("HOTEL_PHONE_PASSWORD", "demo1234")
    assert cli.main(["--lang", "en", "audit", "acknowledge", "--user", "anna", "--db", str(copy)]) != 0  # an operator
    db.close_database()
    code, out = _verify(copy, capsys)
    assert code == 1  # still reported: only an administrator acknowledges
    assert cli.main(["--lang", "en", "audit", "acknowledge", "--user", "admin", "--db", str(copy)]) == 0
    db.close_database()
    code, out = _verify(copy, capsys)
    assert code == 0 and "protection had been removed" not in out
    conn = sqlite3.connect(copy)  # the findings stay in the log: acknowledged, not erased
    assert conn.execute("SELECT count(*) FROM audit_event WHERE action = 'audit_findings_acknowledged'").fetchone()[0] == 1


def test_operator_made_administrator(copy, capsys):
    conn = _attack(copy, drop_triggers=False)
    op = conn.execute("SELECT id FROM operator WHERE role = 'operator' ORDER BY id").fetchone()[0]
    conn.execute("UPDATE operator SET role = 'administrator' WHERE id = ?", (op,))
    conn.commit()
    conn.close()
    code, out = _verify(copy, capsys)
    assert code == 1 and f"Row {op} of operator was changed outside the program" in out


def test_password_hash_replaced(copy, capsys):
    conn = _attack(copy, drop_triggers=False)
    conn.execute("UPDATE operator SET password_hash = ? WHERE username = 'admin'", (auth.hash_password("x" * 8),))
    conn.commit()
    conn.close()
    code, out = _verify(copy, capsys)
    assert code == 1 and "of operator was changed outside the program" in out


def test_rewritten_log_and_deleted_anchor_file_caught_by_the_printed_report(copy, capsys, tmp_path):
    db.open_database(copy)
    r = report.build(date(2026, 11, 28))
    csv_file = tmp_path / "report.csv"
    csv_file.write_bytes(report.to_csv(r))  # the Chinese report, as the cashier saves it
    db.close_database()
    conn = _attack(copy)
    conn.execute("DELETE FROM audit_event WHERE id > ?", (r.audit_events - 2,))  # the slip's event and sign-out
    conn.execute("DELETE FROM charge_slip")
    _recompute_chain(conn)
    db.protect_audit_log(pw.SqliteDatabase(copy))  # and puts the triggers back
    conn.close()
    (copy.parent / (copy.name + ".anchors")).unlink()
    code, out = _verify(copy, capsys, "--anchor", str(csv_file))
    assert code == 1 and f"counts {r.audit_events} events" in out
    code, out = _verify(copy, capsys, "--head", f"{r.audit_events}:{r.audit_hash}")
    assert code == 1 and "--head" in out
    code, out = _verify(copy, capsys)  # without paper, a rewrite of every copy passes: the README says so
    assert code == 0, out


def test_anchor_file_grows_at_sign_in(copy):
    db.open_database(copy)
    before = len(anchors._parse_lines(anchors.anchor_file()))
    auth.sign_in("admin", demo.DEMO_PASSWORD)
    lines = anchors._parse_lines(anchors.anchor_file())
    assert len(lines) == before + 1 and lines[-1]["events"] == audit.head().events


def test_call_charges_posted_in_one_batch_are_sealed_together(hotel):
    from hotel_phone.folio import CallCharge

    stay = stays.check_in(hotel, StayInput(room="305", name="John Smith", arrival=date(2026, 11, 28),
                                           departure=date(2026, 11, 30)))
    with db.database.atomic():
        ids = folio.post_call_charges([CallCharge(stay.id, 300 + n, "CNY", "电话", "Call", "pbx", f"k{n}")
                                       for n in range(5)])
    assert audit.verify().ok
    db.database.execute_sql("UPDATE folio_posting SET amount_fen = 1 WHERE id = %d" % ids[2])
    verdict = audit.verify()
    assert not verdict.ok and "written together" in verdict.findings[0].message()
    assert f"{ids[0]}-{ids[-1]}" in verdict.findings[0].message()
