"""Operators: passwords kept as salted scrypt hashes, sign-in slowed after failures."""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import os
from dataclasses import dataclass
from datetime import timedelta

from hotel_phone import anchors, applog, audit, clock
from hotel_phone.db import Operator, SignInFailure, database, retrying
from hotel_phone.errors import PermissionDenied, SignInError, ValidationError
from hotel_phone.i18n import N_, normalize
from hotel_phone.session import Session
from hotel_phone.textcheck import clean, strip_invisible
# Imports inside functions: getpass and pathlib load only for the owner's recovery command (for speed at start).

# scrypt at OWASP's current minimum (N=2^17, r=8, p=1): 128 MiB and ~0.3 s a check on a desk PC, so a
# stolen database file costs a guesser that much per guess. Older hashes are redone at the next sign-in.
# (scrypt rather than argon2id: it is in Python's standard library, and the stored parameters say when to rehash.)
PRODUCTION_COST = (2**17, 8, 1)
COST = PRODUCTION_COST  # tests lower it (tests/conftest.py); test_signin_trust asserts this one
MAX_N = 2**20  # a stored hash asking for more is refused, not computed (memory)
MIN_PASSWORD = 6
FREE_ATTEMPTS = 3  # after these, each failure doubles the wait
MAX_DELAY_SECONDS = 300
LOCK_AFTER = 10  # failures in a row lock the account until an administrator unlocks it
ROLE_LABELS = {"operator": N_("operator"), "supervisor": N_("supervisor"), "cashier": N_("cashier"),
               "administrator": N_("administrator"), "manager": N_("department manager")}
WRONG = N_("Wrong user name or password.")
LOCKED = N_("This account is locked after too many failed sign-ins; an administrator can unlock it.")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=dklen, maxmem=128 * n * r * p + 2**24)


def hash_password(password: str) -> str:
    n, r, p = COST
    salt = os.urandom(16)
    digest = _scrypt(password, salt, n, r, p, 32)
    enc = base64.b64encode
    return f"scrypt${n}${r}${p}${enc(salt).decode()}${enc(digest).decode()}"


def _params(stored: str) -> tuple[int, int, int] | None:
    try:
        scheme, n, r, p, _salt, _digest = stored.split("$")
        return (int(n), int(r), int(p)) if scheme == "scrypt" else None
    except ValueError:
        return None


def needs_rehash(stored: str) -> bool:
    """True when the hash was made at a lower cost than today's."""
    params = _params(stored)
    return params is None or any(have < want for have, want in zip(params, COST, strict=True))


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt" or int(n) > MAX_N or int(r) * int(p) > 64:
            return False
        expected = base64.b64decode(digest)
        got = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p), len(expected))
    except (ValueError, TypeError, MemoryError):
        return False
    return hmac.compare_digest(got, expected)


_DUMMY: dict[tuple, str] = {}


def _dummy_hash() -> str:
    """A hash at today's cost, so an unknown name takes as long to refuse as a known one."""
    if COST not in _DUMMY:
        _DUMMY[COST] = hash_password("not a password")
    return _DUMMY[COST]


def retry_delay(failed_attempts: int) -> int:
    """Seconds an operator must wait after this many failures in a row."""
    if failed_attempts < FREE_ATTEMPTS:
        return 0
    return min(2 ** (failed_attempts - FREE_ATTEMPTS + 1), MAX_DELAY_SECONDS)


def _check_new(username: str, display_name: str, role: str, password: str) -> None:
    if (not username.strip() or len(username) > 40 or any(c.isspace() for c in username)
            or strip_invisible(username) != username):
        raise ValidationError(N_("A user name is 1 to 40 characters without spaces."))
    if not strip_invisible(display_name).strip() or len(display_name) > 80:
        raise ValidationError(N_("Please give the operator's name."))
    if role not in Operator.ROLES:
        raise ValidationError(N_("Unknown role: {role}"), role=role)
    if len(password) < MIN_PASSWORD:
        raise ValidationError(N_("A password needs at least {n} characters."), n=MIN_PASSWORD)


def system_operator_row(username: str, display_name: str) -> int:
    """The operator row automatic work (PBX postings) is recorded under, made once inside the caller's
    transaction; it has no password and is inactive, so nobody can ever sign in as it."""
    op = Operator.get_or_none(Operator.username == username)
    if op is None:
        op = Operator.create(username=username, display_name=display_name, role="operator", password_hash="!",
                             active=False, created_at=clock.now())
        audit.record(None, "operator_created", op, f"{username} (automatic postings)")  # sealed like any operator
    return op.id


def new_operator_row(username: str, display_name: str, role: str, password: str, language: str,
                     session: Session | None = None) -> Operator:
    """Create an operator inside the caller's transaction (audited: the row is sealed by its event)."""
    _check_new(username, display_name, role, password)
    if Operator.select().where(Operator.username == username.strip()).exists():
        raise ValidationError(N_("The user name {name} is taken."), name=username)
    op = Operator.create(
        username=username.strip(),
        display_name=clean(display_name, N_("Name"), 80, required=True),
        role=role,
        password_hash=hash_password(password),
        language=normalize(language),
        created_at=clock.now(),
    )
    audit.record(session, "operator_created", op, f"{op.username} ({role})")
    return op


@retrying
def create_operator(session: Session, username: str, display_name: str, role: str, password: str,
                    language: str = "zh_CN") -> Operator:
    session.require_may("operators.manage")
    with database.atomic():
        op = new_operator_row(username, display_name, role, password, language, session)
    return op


def _name_key(username: str) -> str:
    """A name that is no operator's, kept only as a hash keyed by this database's first audit event."""
    first = audit.AuditEvent.select(audit.AuditEvent.hash).order_by(audit.AuditEvent.id).first()
    secret = (first.hash if first else "hotel_phone").encode()
    return hmac.new(secret, username.strip().casefold().encode(), hashlib.sha256).hexdigest()


def _gate(failed: int, last_failed_at, now) -> None:
    """Refuse a locked account, or one that must still wait; the same words whether the name exists or not."""
    if failed >= LOCK_AFTER:
        raise SignInError(LOCKED)
    wait = retry_delay(failed)
    until = last_failed_at + timedelta(seconds=wait) if last_failed_at else now
    if wait and now < until:
        left = max(1, math.ceil((until - now).total_seconds()))
        raise SignInError(N_("Too many failed sign-ins. Try again in {seconds} seconds."), seconds=left)


def _failed(op: Operator, now, action: str, session: Session | None = None) -> None:
    Operator.update(failed_attempts=Operator.failed_attempts + 1, last_failed_at=now).where(
        Operator.id == op.id).execute()
    audit.record(session, action, op, op.username)


def sign_in(username: str, password: str) -> Session:
    """Check a password; failures are counted and make the next try wait, for unknown names too.

    A failure is committed (counter and audit event), then raised. A hash made at
    a lower cost than today's is redone with the password just checked.
    """
    session = _check_sign_in(username, password)
    if session is None:
        raise SignInError(WRONG)
    anchors.write("sign_in")  # outside the retried transaction: written once
    applog.signed_in(session.operator.username)
    return session


@retrying
def _check_sign_in(username: str, password: str) -> Session | None:
    with database.atomic():
        op = Operator.get_or_none(Operator.username == username.strip())
        now = clock.now()
        if op is None or not op.active:
            key = _name_key(username)
            row = SignInFailure.get_or_none(SignInFailure.key == key)
            _gate(row.failed_attempts if row else 0, row.last_failed_at if row else None, now)
            verify_password(password, _dummy_hash())  # the same time as a real check
            if row is None:
                SignInFailure.create(key=key, failed_attempts=1, last_failed_at=now)
            else:
                SignInFailure.update(failed_attempts=SignInFailure.failed_attempts + 1, last_failed_at=now).where(
                    SignInFailure.id == row.id).execute()
            audit.record(None, "sign_in_failed", detail="unknown user name")  # never echo what was typed
            session = None
        else:
            _gate(op.failed_attempts, op.last_failed_at, now)
            if verify_password(password, op.password_hash):
                changes = {"failed_attempts": 0, "last_failed_at": None}
                rehash = needs_rehash(op.password_hash)
                if rehash:
                    changes["password_hash"] = hash_password(password)
                Operator.update(**changes).where(Operator.id == op.id).execute()
                session = Session(Operator.get_by_id(op.id))
                if rehash:
                    audit.record(session, "password_rehashed", op, f"scrypt N={COST[0]}")
                audit.record(session, "signed_in", op)
            else:
                _failed(op, now, "sign_in_failed")
                session = None
    return session


@retrying
def unlock(session: Session, username: str) -> None:
    session.require_may("operators.manage")
    with database.atomic():
        op = Operator.get_or_none(Operator.username == username)
        if op is None:
            raise ValidationError(N_("Unknown user: {name}"), name=username)
        Operator.update(failed_attempts=0, last_failed_at=None).where(Operator.id == op.id).execute()
        audit.record(session, "operator_unlocked", op)


@retrying
def confirm(session: Session, password: str) -> None:
    """Unlock a screen locked while idle: the operator's own password, counted, slowed and audited as a
    sign-in is; a locked or deactivated account does not get back in."""
    with database.atomic():
        op = Operator.get_by_id(session.operator.id)
        now = clock.now()
        if not op.active:
            raise SignInError(N_("This account was deactivated; sign in as another operator."))
        _gate(op.failed_attempts, op.last_failed_at, now)
        ok = verify_password(password, op.password_hash)
        if ok:
            Operator.update(failed_attempts=0, last_failed_at=None).where(Operator.id == op.id).execute()
            audit.record(session, "screen_unlocked", op)
        else:
            _failed(op, now, "screen_unlock_failed", session)
    if not ok:
        raise SignInError(WRONG)


def _active_administrators() -> int:
    return Operator.select().where(Operator.role == "administrator", Operator.active).count()


def _operator(username: str) -> Operator:
    op = Operator.get_or_none(Operator.username == username.strip())
    if op is None:
        raise ValidationError(N_("Unknown user: {name}"), name=username)
    return op


@retrying
def deactivate(session: Session, username: str) -> None:
    """An operator who left: no more sign-ins; the account and what it did stay in the records."""
    session.require("administrator")
    with database.atomic():
        op = _operator(username)
        if not op.active:
            raise ValidationError(N_("{name} is already deactivated."), name=op.username)
        if op.role == "administrator" and _active_administrators() <= 1:
            raise ValidationError(N_("{name} is the last administrator; make another administrator first."),
                                  name=op.username)
        Operator.update(active=False).where(Operator.id == op.id).execute()
        audit.record(session, "operator_deactivated", op)


@retrying
def set_role(session: Session, username: str, role: str) -> None:
    session.require("administrator")
    if role not in Operator.ROLES:
        raise ValidationError(N_("Unknown role: {role}"), role=role)
    with database.atomic():
        op = _operator(username)
        if op.role == role:
            raise ValidationError(N_("{name} already has this role."), name=op.username)
        if op.role == "administrator" and op.active and _active_administrators() <= 1:
            raise ValidationError(N_("{name} is the last administrator; make another administrator first."),
                                  name=op.username)
        Operator.update(role=role).where(Operator.id == op.id).execute()
        audit.record(session, "operator_role_changed", op, f"{op.role} -> {role}")


@retrying
def recover_administrator(database_file: str | os.PathLike, username: str, new_password: str) -> None:
    """The documented way back in for a locked-out (sole) administrator, from the command line.

    Only the operating-system user who owns the database file may do it (on systems
    without file owners: one who may write it); the account is unlocked, reactivated
    and given the new password, and the audit log records it with that user's name.
    """
    import getpass
    from pathlib import Path

    path = Path(database_file)
    owner_ok = (path.stat().st_uid == os.getuid()) if hasattr(os, "getuid") else os.access(path, os.W_OK)
    if not owner_ok:
        raise PermissionDenied(N_("Only the computer account that owns {path} may recover an administrator."),
                               path=path)
    if len(new_password) < MIN_PASSWORD:
        raise ValidationError(N_("A password needs at least {n} characters."), n=MIN_PASSWORD)
    with database.atomic():
        op = _operator(username)
        if op.role != "administrator":
            raise ValidationError(N_("{name} is not an administrator; an administrator can unlock other "
                                     "accounts."), name=op.username)
        Operator.update(failed_attempts=0, last_failed_at=None, active=True,
                        password_hash=hash_password(new_password)).where(Operator.id == op.id).execute()
        audit.record(None, "administrator_recovered", op, f"by computer account {getpass.getuser()}")


@retrying
def change_password(session: Session, old: str, new: str) -> None:
    """An operator's own password: the old one first (a passer-by at the desk cannot change it)."""
    if not verify_password(old, Operator.get_by_id(session.operator.id).password_hash):
        raise SignInError(WRONG)
    if len(new) < MIN_PASSWORD:
        raise ValidationError(N_("A password needs at least {n} characters."), n=MIN_PASSWORD)
    with database.atomic():
        Operator.update(password_hash=hash_password(new)).where(Operator.id == session.operator.id).execute()
        audit.record(session, "password_changed", session.operator)


def sign_out(session: Session) -> None:
    _record_sign_out(session)
    anchors.write("sign_out")
    applog.signed_out(session.operator.username)


@retrying
def _record_sign_out(session: Session) -> None:
    with database.atomic():
        audit.record(session, "signed_out", session.operator)


@retrying
def set_language(session: Session, language: str) -> Session:
    """Remember the operator's UI language; returns the refreshed session."""
    language = normalize(language)
    with database.atomic():
        Operator.update(language=language).where(Operator.id == session.operator.id).execute()
        audit.record(session, "language_changed", session.operator, language)
    return Session(Operator.get_by_id(session.operator.id))


def operators() -> list[tuple[str, str]]:
    """(user name, name shown) of every operator, for filters."""
    return [(o.username, o.display_name) for o in Operator.select().order_by(Operator.id)]


@dataclass(frozen=True)
class OperatorRow:
    username: str
    display_name: str
    role: str
    language: str
    locked: bool
    active: bool = True


def listing(everyone: bool = False) -> list[OperatorRow]:
    """Operators who may sign in (and, with `everyone`, the deactivated ones too)."""
    q = Operator.select().order_by(Operator.id)
    if not everyone:
        q = q.where(Operator.active)
    return [OperatorRow(o.username, o.display_name, o.role, o.language, o.failed_attempts >= LOCK_AFTER, o.active)
            for o in q]
