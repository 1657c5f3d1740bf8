"""Operators: passwords kept as salted scrypt hashes, sign-in slowed after failures."""

from __future__ import annotations

import base64
from dataclasses import dataclass
import hashlib
import hmac
import math
import os
from datetime import timedelta

from hotel_phone import applog, audit, clock
from hotel_phone.db import Operator, database
from hotel_phone.errors import SignInError, ValidationError
from hotel_phone.i18n import N_, normalize
from hotel_phone.session import Session

# scrypt cost: ~50 ms a check on a small PC; slow enough to make guessing costly.
_N, _R, _P = 2**14, 8, 1
MIN_PASSWORD = 6
FREE_ATTEMPTS = 3  # after these, each failure doubles the wait
MAX_DELAY_SECONDS = 300
LOCK_AFTER = 10  # failures in a row lock the account until an administrator unlocks it
ROLE_LABELS = {"operator": N_("operator"), "supervisor": N_("supervisor"), "cashier": N_("cashier"),
               "administrator": N_("administrator"), "manager": N_("department manager")}


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    enc = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${enc(salt).decode()}${enc(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


_DUMMY_HASH = None


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password("not a password")
    return _DUMMY_HASH


def retry_delay(failed_attempts: int) -> int:
    """Seconds an operator must wait after this many failures in a row."""
    if failed_attempts < FREE_ATTEMPTS:
        return 0
    return min(2 ** (failed_attempts - FREE_ATTEMPTS + 1), MAX_DELAY_SECONDS)


def _check_new(username: str, display_name: str, role: str, password: str) -> None:
    if not username.strip() or len(username) > 40 or any(c.isspace() for c in username):
        raise ValidationError(N_("A user name is 1 to 40 characters without spaces."))
    if not display_name.strip() or len(display_name) > 80:
        raise ValidationError(N_("Please give the operator's name."))
    if role not in Operator.ROLES:
        raise ValidationError(N_("Unknown role: {role}"), role=role)
    if len(password) < MIN_PASSWORD:
        raise ValidationError(N_("A password needs at least {n} characters."), n=MIN_PASSWORD)


def new_operator_row(username: str, display_name: str, role: str, password: str, language: str) -> Operator:
    """Create an operator inside the caller's transaction."""
    _check_new(username, display_name, role, password)
    if Operator.select().where(Operator.username == username.strip()).exists():
        raise ValidationError(N_("The user name {name} is taken."), name=username)
    return Operator.create(
        username=username.strip(),
        display_name=display_name.strip(),
        role=role,
        password_hash=hash_password(password),
        language=normalize(language),
        created_at=clock.now(),
    )


def create_operator(session: Session, username: str, display_name: str, role: str, password: str,
                    language: str = "zh_CN") -> Operator:
    session.require_may("operators.manage")
    with database.atomic():
        op = new_operator_row(username, display_name, role, password, language)
        audit.record(session, "operator_created", op, f"{op.username} ({role})")
    return op


def sign_in(username: str, password: str) -> Session:
    """Check a password; failures are counted and make the next try wait.

    A failure is committed (counter and audit event), then raised.
    """
    with database.atomic():
        op = Operator.get_or_none(Operator.username == username.strip())
        now = clock.now()
        if op is None or not op.active:
            verify_password(password, _dummy_hash())  # same time as a real check
            audit.record(None, "sign_in_failed", detail="unknown user name")  # never echo what was typed
            session = None
        elif op.failed_attempts >= LOCK_AFTER:
            raise SignInError(N_("This account is locked after too many failed sign-ins; an administrator "
                                 "can unlock it."))
        else:
            wait = retry_delay(op.failed_attempts)
            until = op.last_failed_at + timedelta(seconds=wait) if op.last_failed_at else now
            if wait and now < until:
                left = max(1, math.ceil((until - now).total_seconds()))
                raise SignInError(N_("Too many failed sign-ins. Try again in {seconds} seconds."), seconds=left)
            if verify_password(password, op.password_hash):
                Operator.update(failed_attempts=0, last_failed_at=None).where(Operator.id == op.id).execute()
                session = Session(Operator.get_by_id(op.id))
                audit.record(session, "signed_in", op)
            else:
                Operator.update(failed_attempts=Operator.failed_attempts + 1, last_failed_at=now).where(
                    Operator.id == op.id
                ).execute()
                audit.record(None, "sign_in_failed", op, op.username)
                session = None
    if session is None:
        raise SignInError(N_("Wrong user name or password."))
    applog.set_operator(session.operator.username)
    return session


def unlock(session: Session, username: str) -> None:
    session.require_may("operators.manage")
    with database.atomic():
        op = Operator.get_or_none(Operator.username == username)
        if op is None:
            raise ValidationError(N_("Unknown user: {name}"), name=username)
        Operator.update(failed_attempts=0, last_failed_at=None).where(Operator.id == op.id).execute()
        audit.record(session, "operator_unlocked", op)


def confirm(session: Session, password: str) -> None:
    """Unlock a screen locked while idle: the signed-in operator's own password."""
    if not verify_password(password, Operator.get_by_id(session.operator.id).password_hash):
        raise SignInError(N_("Wrong user name or password."))
    with database.atomic():
        audit.record(session, "screen_unlocked", session.operator)


def change_password(session: Session, old: str, new: str) -> None:
    """An operator's own password: the old one first (a passer-by at the desk cannot change it)."""
    if not verify_password(old, Operator.get_by_id(session.operator.id).password_hash):
        raise SignInError(N_("Wrong user name or password."))
    if len(new) < MIN_PASSWORD:
        raise ValidationError(N_("A password needs at least {n} characters."), n=MIN_PASSWORD)
    with database.atomic():
        Operator.update(password_hash=hash_password(new)).where(Operator.id == session.operator.id).execute()
        audit.record(session, "password_changed", session.operator)


def sign_out(session: Session) -> None:
    with database.atomic():
        audit.record(session, "signed_out", session.operator)
    applog.set_operator(None)


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


def listing() -> list[OperatorRow]:
    return [OperatorRow(o.username, o.display_name, o.role, o.language, o.failed_attempts >= LOCK_AFTER)
            for o in Operator.select().where(Operator.active).order_by(Operator.id)]
