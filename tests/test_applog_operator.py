"""The log names the operator signed in at this station: nobody after building the demo, nobody after sign-out,
and the desk's operator again after a manager's countersign."""

import logging

from hotel_phone import applog, auth, demo as demo_hotel
from hotel_phone.db import ApplicationDecision, Operator
from tests.uihelpers import open_window


def _logged_line(text: str) -> str:
    path = applog.setup()
    logging.getLogger("hotel_phone").info(text)
    return next(line for line in path.read_text(encoding="utf-8").splitlines() if line.endswith(text))


def test_building_the_demo_leaves_nobody_signed_in_in_the_log(database):
    demo_hotel.build(20)
    manager = Operator.get(Operator.username == "luoxia")
    assert ApplicationDecision.select().where(ApplicationDecision.by_operator == manager).count() == 1
    assert applog.operator() == "-"  # not the demo's manager, who countersigned while it was built
    assert "[- " in _logged_line("after the demo")


def test_a_countersign_then_sign_out(demo):
    anna = auth.sign_in("anna", demo_hotel.DEMO_PASSWORD)
    assert applog.operator() == "anna"
    manager = auth.sign_in("luoxia", demo_hotel.DEMO_PASSWORD)  # a manager decides at anna's desk
    assert applog.operator() == "luoxia"
    auth.sign_out(manager)
    assert applog.operator() == "anna" and "[anna " in _logged_line("back at the desk")
    auth.sign_out(anna)
    assert applog.operator() == "-" and "[- " in _logged_line("nobody at the desk")


def test_the_windows_sign_out_clears_the_operator(qtbot, demo):
    assert applog.operator() == "-"
    window = open_window(qtbot, "chenjing")
    assert applog.operator() == "chenjing"
    window.sessions.sign_out()
    assert applog.operator() == "-"
