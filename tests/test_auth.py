import pytest

from hotel_phone import auth
from hotel_phone.db import AuditEvent, Operator
from hotel_phone.errors import PermissionDenied, SignInError, ValidationError


def test_password_is_stored_as_salted_hash(hotel):
    op = Operator.get(Operator.username == "admin")
    assert op.password_hash.startswith("scrypt$") and "secret123" not in op.password_hash
    other = auth.hash_password("secret123")
    assert other != op.password_hash and auth.verify_password("secret123", other)
    assert not auth.verify_password("secret124", other)
    assert not auth.verify_password("x", "garbage")


def test_sign_in_and_audit(hotel):
    session = auth.sign_in("admin", "secret123")
    assert session.operator.username == "admin"
    event = AuditEvent.select().order_by(AuditEvent.id.desc()).get()
    assert event.action == "signed_in" and event.operator.username == "admin"


def test_unknown_user_and_wrong_password_say_the_same(hotel):
    with pytest.raises(SignInError) as a:
        auth.sign_in("nobody", "secret123")
    with pytest.raises(SignInError) as b:
        auth.sign_in("admin", "wrong")
    assert a.value.message() == b.value.message() == "Wrong user name or password."
    assert AuditEvent.select().where(AuditEvent.action == "sign_in_failed").count() == 2


def test_failures_slow_down_sign_in(hotel, fixed_clock):
    for _ in range(auth.FREE_ATTEMPTS):
        with pytest.raises(SignInError, match="Wrong"):
            auth.sign_in("admin", "wrong")
    # Now even the right password must wait.
    with pytest.raises(SignInError, match="Try again in 2 seconds"):
        auth.sign_in("admin", "secret123")
    fixed_clock.advance(seconds=3)
    with pytest.raises(SignInError, match="Wrong"):
        auth.sign_in("admin", "wrong")
    with pytest.raises(SignInError, match="Try again in 4 seconds"):
        auth.sign_in("admin", "secret123")
    fixed_clock.advance(seconds=5)
    assert auth.sign_in("admin", "secret123").operator.failed_attempts == 0


def test_retry_delay_grows_and_caps():
    delays = [auth.retry_delay(n) for n in range(0, 20)]
    assert delays[:3] == [0, 0, 0] and delays == sorted(delays) and max(delays) == auth.MAX_DELAY_SECONDS


def test_only_administrators_create_operators(hotel):
    op = auth.create_operator(hotel, "li", "Li Na", "operator", "pass1234")
    session = auth.sign_in("li", "pass1234")
    with pytest.raises(PermissionDenied):
        auth.create_operator(session, "x", "X", "operator", "pass1234")
    with pytest.raises(ValidationError, match="taken"):
        auth.create_operator(hotel, "li", "Li Na", "operator", "pass1234")
    with pytest.raises(ValidationError, match="at least 6"):
        auth.create_operator(hotel, "wu", "Wu", "operator", "123")
    with pytest.raises(ValidationError, match="Unknown role"):
        auth.create_operator(hotel, "wu", "Wu", "boss", "pass1234")
    assert op.role == "operator" and Operator.select().count() == 2


def test_language_is_remembered_per_operator(hotel):
    session = auth.set_language(hotel, "zh_CN")
    assert session.operator.language == "zh_CN"
    assert auth.sign_in("admin", "secret123").operator.language == "zh_CN"


def test_change_own_password(hotel, qtbot):
    from hotel_phone.ui.signin import PasswordDialog

    with pytest.raises(SignInError):
        auth.change_password(hotel, "wrong", "newpass123")
    with pytest.raises(ValidationError, match="at least"):
        auth.change_password(hotel, "secret123", "x")
    dialog = PasswordDialog(hotel)
    qtbot.addWidget(dialog)
    dialog.old.setText("secret123")
    dialog.new.setText("newpass123")
    dialog.new2.setText("newpass124")
    dialog.accept()
    assert "differ" in dialog.message.text()
    dialog.new2.setText("newpass123")
    dialog.accept()
    assert auth.sign_in("admin", "newpass123")
