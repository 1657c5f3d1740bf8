"""Each protected action is refused in the core for each role that may not do it."""

from datetime import date

import pytest
from PySide6.QtCore import Qt

from hotel_phone import (audit, auth, calls, directory, folio, longdistance, messages, phrases, settings, stays,
                         tariff)
from hotel_phone.errors import PermissionDenied, SignInError
from hotel_phone.stays import StayInput

ROLES = ("operator", "supervisor", "cashier", "administrator")


@pytest.fixture
def world(hotel):
    sessions = {"administrator": hotel}
    for role in ("operator", "supervisor", "cashier"):
        auth.create_operator(hotel, role, role.title(), role, "secret123")
        sessions[role] = auth.sign_in(role, "secret123")
    stay = stays.check_in(hotel, StayInput(room="305", name="John Smith", arrival=date(2026, 11, 28),
                                           departure=date(2026, 11, 30)))
    posting = folio.post(hotel, stay.id, "FAX", 1000)
    booking = longdistance.book(hotel, stay.id, "x", "+442079460958")
    return sessions, stay, posting, booking


ACTIONS = {
    # action: (roles allowed besides the administrator, the call)
    "check in": (("operator", "supervisor"), lambda s, w: stays.check_in(s, StayInput(
        room="306", name="A B", arrival=date(2026, 11, 28), departure=date(2026, 11, 29)))),
    "privacy / edit a stay": (("operator", "supervisor"), lambda s, w: stays.update(s, w[1].id, StayInput(
        name="John Smith", privacy="incognito", arrival=date(2026, 11, 28), departure=date(2026, 11, 30)))),
    "void": (("supervisor",), lambda s, w: folio.void(s, w[2].id, "mistake")),
    "adjust": (("supervisor",), lambda s, w: folio.adjust(s, w[2].id, 500, "mistake")),
    "tariff": (("supervisor",), lambda s, w: tariff.store(s, tariff.default_spec())),
    "create a user": ((), lambda s, w: auth.create_operator(s, "new", "New", "operator", "secret123")),
    "settings": ((), lambda s, w: settings.write(s, {"outside_lines": 6})),
    "purge messages": (("supervisor",), lambda s, w: messages.purge(s)),
    "move a call up": (("supervisor",), lambda s, w: longdistance.move_up(s, w[3].id)),
    "guest trail": (("supervisor",), lambda s, w: audit.guest_trail(s, w[1].id)),
    "disclosure log": (("supervisor",), lambda s, w: calls.log(date(2026, 11, 28), disclosures_only=True, session=s)),
    "reword a phrase": (("supervisor",), lambda s, w: phrases.reword(s, "hold", "请稍候。", "Please hold.")),
    "import directory": (("supervisor",), lambda s, w: directory.import_csv(s, "/nonexistent.csv")),
    "take a charge slip": (("cashier", "supervisor"), lambda s, w: folio.take_slip(s, w[3].id)),
}


REFUSED = [(action, role) for action, (allowed, _call) in ACTIONS.items()
           for role in ROLES if role != "administrator" and role not in allowed]


@pytest.mark.parametrize("action, role", REFUSED)
def test_refused_for_roles_that_may_not(world, action, role):
    with pytest.raises(PermissionDenied):
        ACTIONS[action][1](world[0][role], world)


def test_lock_after_repeated_failures_and_unlock(hotel, fixed_clock):
    auth.create_operator(hotel, "li", "Li", "operator", "secret123")
    for _ in range(auth.LOCK_AFTER):
        with pytest.raises(SignInError):
            auth.sign_in("li", "wrong")
        fixed_clock.advance(seconds=auth.MAX_DELAY_SECONDS + 1)
    with pytest.raises(SignInError, match="locked"):
        auth.sign_in("li", "secret123")
    auth.unlock(hotel, "li")
    assert auth.sign_in("li", "secret123").operator.username == "li"


def test_passwords_and_messages_never_reach_logs_or_audit(hotel, database, tmp_path, monkeypatch):
    from hotel_phone import cli, db, paths
    from hotel_phone.db import AuditEvent

    stay = stays.check_in(hotel, StayInput(room="305", name="John Smith", arrival=date(2026, 11, 28),
                                           departure=date(2026, 11, 30)))
    messages.take(hotel, stay_id=stay.id, from_name="Li Wei", text="The secret contract number is 77-AB")
    auth.create_operator(hotel, "li", "Li", "operator", "hunter2-password")
    with pytest.raises(SignInError):
        auth.sign_in("li", "hunter2-wrong")
    monkeypatch.setenv("HOTEL_PHONE_PASSWORD", "hunter2-wrong")
    db.close_database()
    cli.main(["--lang", "en", "guests", "import", str(tmp_path / "x.csv"), "--user", "li", "--db", str(database)])
    log = (paths.data_dir() / "hotel_phone.log").read_text() if (paths.data_dir() / "hotel_phone.log").exists() else ""
    db.close_database()
    db.open_database(database)
    trail = " ".join(f"{e.action} {e.detail}" for e in AuditEvent.select())
    for secret in ("hunter2", "77-AB", "secret contract"):
        assert secret not in log and secret not in trail


def test_idle_screen_locks_and_the_password_unlocks(qtbot, demo):
    import time

    from PySide6.QtCore import Qt

    from tests.uihelpers import open_window

    window = open_window(qtbot, "zhangli")
    window.sessions.lock_if_idle(time.monotonic() + 9 * 60)
    assert window.sessions.lock_dialog is None
    window.sessions.lock_if_idle(time.monotonic() + 11 * 60)
    lock = window.sessions.lock_dialog
    assert lock is not None and not window.centralWidget().isVisible()
    qtbot.keyClicks(lock.password, "wrong")
    qtbot.keyClick(lock.password, Qt.Key.Key_Return)
    assert window.sessions.lock_dialog is lock and lock.message.text()
    qtbot.keyClick(lock.password, Qt.Key.Key_Escape)  # Esc does not leave a locked screen
    assert window.sessions.lock_dialog is lock
    qtbot.keyClicks(lock.password, "demo1234")
    qtbot.keyClick(lock.password, Qt.Key.Key_Return)
    assert window.sessions.lock_dialog is None and window.centralWidget().isVisible() and window.session is not None


def test_operators_added_from_the_command_line_and_the_panel(qtbot, hotel, database, monkeypatch, capsys):
    from PySide6.QtCore import Qt

    from hotel_phone import cli, db
    from tests.uihelpers import open_window, type_text

    monkeypatch.setenv("HOTEL_PHONE_PASSWORD", "secret123")
    monkeypatch.setenv("HOTEL_PHONE_NEW_PASSWORD", "night-pass1")
    db.close_database()
    assert cli.main(["--lang", "en", "users", "add", "night", "--name", "Night Operator", "--role", "operator",
                     "--user", "admin", "--db", str(database)]) == 0
    assert "Operator night (operator) added." in capsys.readouterr().out
    db.close_database()
    db.open_database(database)
    assert auth.sign_in("night", "night-pass1").operator.display_name == "Night Operator"
    window = open_window(qtbot, "admin", "secret123")
    panel = window.operators
    panel.refresh()
    assert [r.username for r in panel.model.rows] == ["admin", "night"]
    panel.add()
    d = panel.dialog
    type_text(qtbot, d.username, "cash")
    type_text(qtbot, d.name, "Cashier Chen")
    d.role.setCurrentIndex(d.role.findData("cashier"))
    type_text(qtbot, d.password, "cash-pass1")
    type_text(qtbot, d.password2, "cash-pass1")
    qtbot.keyClick(d.password2, Qt.Key.Key_Return)
    assert auth.sign_in("cash", "cash-pass1").role == "cashier"


def test_settings_panel_changes_lines_and_refuses_nonsense(qtbot, hotel):
    from hotel_phone import longdistance, settings
    from tests.uihelpers import open_window

    window = open_window(qtbot, "admin", "secret123")
    panel = window.settings_panel
    panel.edits["outside_lines"].setText("2")
    panel.edits["staff_day_end"].setText("25:00")
    panel.save()
    assert "not a time of day" in panel.message.text() and settings.get("outside_lines") == 4
    panel.edits["staff_day_end"].setText("18:00")
    panel.save()
    assert settings.get("outside_lines") == 2 and len(longdistance.free_lines()) == 2
    assert settings.get("staff_day_end") == "18:00"
    panel.edits["area_code"].setText("010")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert "rates calls to 010 as local" in panel.message.text()
    assert longdistance.quote("6512 3456", 3)[1].zone == "local"
