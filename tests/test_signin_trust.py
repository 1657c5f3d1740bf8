"""Sign-in and the screen lock: counted, slowed and audited alike; the same answers for unknown names."""

import os

import pytest

from hotel_phone import audit, auth, cli, db
from hotel_phone.db import AuditEvent, Operator
from hotel_phone.errors import PermissionDenied, SignInError, ValidationError
from tests.helpers import audit_actions


def test_production_cost_is_owasp_minimum_and_old_hashes_are_redone(hotel, monkeypatch):
    assert auth.PRODUCTION_COST == (2**17, 8, 1)
    monkeypatch.setattr(auth, "COST", auth.PRODUCTION_COST)
    strong = auth.hash_password("secret123")  # one real hash: 128 MiB, a fraction of a second
    assert strong.startswith("scrypt$131072$8$1$") and auth.verify_password("secret123", strong)
    assert not auth.needs_rehash(strong)
    monkeypatch.setattr(auth, "COST", (2**10, 8, 1))
    auth.create_operator(hotel, "li", "Li", "operator", "secret123")  # made at an older, lower cost
    monkeypatch.setattr(auth, "COST", (2**11, 8, 1))
    assert auth.needs_rehash(Operator.get(Operator.username == "li").password_hash)
    auth.sign_in("li", "secret123")
    stored = Operator.get(Operator.username == "li").password_hash
    assert stored.startswith("scrypt$2048$8$1$") and "password_rehashed" in audit_actions()
    assert audit.verify().ok  # the changed hash is sealed by its event


def _answers(fixed_clock, username, n=12):
    out = []
    for _ in range(n):
        with pytest.raises(SignInError) as err:
            auth.sign_in(username, "wrong")
        out.append(err.value.message())
        fixed_clock.advance(seconds=1)
    return out


def test_unknown_names_get_the_same_words_and_waits(hotel, fixed_clock):
    auth.create_operator(hotel, "li", "Li", "operator", "secret123")
    known = _answers(fixed_clock, "li")
    unknown = _answers(fixed_clock, "nobody-here")
    assert known == unknown
    assert any("Try again in" in a for a in known)
    fixed_clock.advance(hours=1)
    locked = _answers(fixed_clock, "li", 1) + _answers(fixed_clock, "nobody-here", 1)
    assert locked[0] == locked[1]
    assert "nobody-here" not in " ".join(e.detail for e in AuditEvent.select())


def test_screen_lock_counts_waits_audits_and_refuses_a_locked_account(hotel, fixed_clock):
    auth.create_operator(hotel, "li", "Li", "operator", "secret123")
    li = auth.sign_in("li", "secret123")
    for _ in range(auth.FREE_ATTEMPTS):
        with pytest.raises(SignInError, match="Wrong"):
            auth.confirm(li, "wrong")
    assert audit_actions().count("screen_unlock_failed") == auth.FREE_ATTEMPTS
    with pytest.raises(SignInError, match="Try again in"):
        auth.confirm(li, "secret123")  # must wait, even with the right password
    for _ in range(auth.LOCK_AFTER - auth.FREE_ATTEMPTS):
        fixed_clock.advance(seconds=auth.MAX_DELAY_SECONDS + 1)
        with pytest.raises(SignInError):
            auth.confirm(li, "wrong")
    fixed_clock.advance(seconds=auth.MAX_DELAY_SECONDS + 1)
    with pytest.raises(SignInError, match="locked"):
        auth.confirm(li, "secret123")
    auth.unlock(hotel, "li")
    auth.confirm(li, "secret123")
    assert audit_actions()[-1] == "screen_unlocked"


def test_deactivate_and_change_role_are_audited_and_keep_an_administrator(hotel):
    auth.create_operator(hotel, "li", "Li", "operator", "secret123")
    auth.set_role(hotel, "li", "supervisor")
    assert Operator.get(Operator.username == "li").role == "supervisor"
    auth.deactivate(hotel, "li")
    with pytest.raises(SignInError, match="Wrong"):
        auth.sign_in("li", "secret123")
    assert {"operator_role_changed", "operator_deactivated"} <= set(audit_actions())
    with pytest.raises(ValidationError, match="last administrator"):
        auth.deactivate(hotel, "admin")
    with pytest.raises(ValidationError, match="last administrator"):
        auth.set_role(hotel, "admin", "operator")
    sup = _supervisor(hotel)
    with pytest.raises(PermissionDenied):
        auth.deactivate(sup, "admin")
    assert audit.verify().ok
    assert [o.username for o in auth.listing()] == ["admin", "sup"]
    assert [o.active for o in auth.listing(everyone=True)] == [True, False, True]


def _supervisor(admin):
    auth.create_operator(admin, "sup", "Sup", "supervisor", "secret123")
    return auth.sign_in("sup", "secret123")


def test_users_list_deactivate_and_role_from_the_command_line(hotel, database, monkeypatch, capsys):
    auth.create_operator(hotel, "li", "Li", "operator", "secret123")
    db.close_database()
    monkeypatch.setenv("HOTEL_PHONE_PASSWORD", "secret123")
    base = ["--lang", "en", "users"]
    assert cli.main(base + ["role", "li", "cashier", "--user", "admin", "--db", str(database)]) == 0
    assert cli.main(base + ["deactivate", "li", "--user", "admin", "--db", str(database)]) == 0
    capsys.readouterr()
    assert cli.main(base + ["list", "--user", "admin", "--db", str(database)]) == 0
    out = capsys.readouterr().out
    assert "li\tLi\tcashier\tdeactivated" in out and "admin\tAdmin\tadministrator\tactive" in out


@pytest.mark.sqlite_only("the owner of the SQLite file; a server's administrator resets accounts there")
def test_locked_sole_administrator_is_recovered_by_the_file_owner(hotel, database, fixed_clock, monkeypatch,
                                                                  capsys):
    for _ in range(auth.LOCK_AFTER):
        with pytest.raises(SignInError):
            auth.sign_in("admin", "wrong")
        fixed_clock.advance(seconds=auth.MAX_DELAY_SECONDS + 1)
    db.close_database()
    monkeypatch.setenv("HOTEL_PHONE_NEW_PASSWORD", "new-secret-1")
    args = ["--lang", "en", "users", "recover", "admin", "--db", str(database)]
    if hasattr(os, "getuid"):
        real = os.getuid()
        monkeypatch.setattr(os, "getuid", lambda: real + 1)  # someone else on this computer
        assert cli.main(args) == 2 and "owns" in capsys.readouterr().err
        monkeypatch.setattr(os, "getuid", lambda: real)
    assert cli.main(args) == 0
    db.close_database()
    db.open_database(database)
    assert auth.sign_in("admin", "new-secret-1").operator.role == "administrator"
    event = AuditEvent.get(AuditEvent.action == "administrator_recovered")
    assert "by computer account" in event.detail and audit.verify().ok
