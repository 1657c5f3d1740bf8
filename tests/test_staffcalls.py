"""Staff long-distance calls under the company's rules, with a moved clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hotel_phone import auth, staffcalls, staffrules
from hotel_phone.db import Department, Staff
from hotel_phone.errors import PermissionDenied, ValidationError
from hotel_phone.session import Session
from tests.helpers import audit_actions

SHANGHAI = ZoneInfo("Asia/Shanghai")
CALL_AT = datetime(2026, 11, 28, 15, 0, tzinfo=SHANGHAI)  # after the hotel was set up


class Company:
    """Sales with its manager, a clerk and the general manager above; accounts for each."""

    def __init__(self, admin: Session):
        gm_dept = Department.create(code="GM", name_zh="总经理室", name_en="GM's Office", office_extension="8000")
        self.sales = Department.create(code="SA", name_zh="销售部", name_en="Sales", office_extension="8400")
        self.gm = Staff.create(name="Zhou Guoqiang", name_zh="周国强", department=gm_dept, extension="8001",
                               is_manager=True)
        self.manager = Staff.create(name="Luo Xia", name_zh="罗霞", department=self.sales, extension="8402",
                                    is_manager=True, superior=self.gm)
        self.clerk = Staff.create(name="Zheng Chao", name_zh="郑超", department=self.sales, extension="8403",
                                  superior=self.manager)
        self.sessions = {}
        for username, role, staff in (("luoxia", "manager", self.manager), ("zhouguoqiang", "manager", self.gm),
                                      ("zhengchao", "manager", self.clerk), ("desk", "operator", None),
                                      ("deskboss", "supervisor", None)):
            auth.create_operator(admin, username, username, role, "secret123", "en")
            if staff is not None:
                staffcalls.link_account(admin, username, staff.id)
            self.sessions[username] = auth.sign_in(username, "secret123")

    def apply(self, caller=None, target="010", single=False, start=None, end=None):
        caller = caller or self.clerk
        start = start or CALL_AT - timedelta(hours=1)
        return staffcalls.file_application(self.sessions["desk"], staffcalls.ApplicationInput(
            caller.id, "北京 Beijing", "Client Co.", "contract terms", target, start,
            end or start + timedelta(hours=4), single))


@pytest.fixture
def company(hotel):
    return Company(hotel)


def call(extension="8403", number="01065123456", at=CALL_AT, seconds=120):
    intake = staffcalls.take_call(extension, number, at, seconds)
    assert intake.call is not None, intake.reason
    return intake.call


def line(c, fixed_clock=None):
    from hotel_phone.db import StaffCall

    return staffcalls.standing(StaffCall.get_by_id(c.id))


def test_an_approved_call_is_charged_to_the_department(company, fixed_clock):
    app = company.apply()
    staffcalls.decide(company.sessions["luoxia"], app.id, True)
    fixed_clock.set(CALL_AT + timedelta(minutes=5))
    c = call()
    result = line(c)
    assert result.status == "business" and result.application_id == app.id
    assert result.charge_fen > 0 and result.department_fen == result.charge_fen
    assert result.caller_fen == 0 and result.fine_fen == 0
    fixed_clock.set(CALL_AT + timedelta(days=30))  # approved stays approved
    assert line(c).status == "business"
    assert {"ld_application_filed", "ld_application_approved", "staff_call_taken"} <= set(audit_actions())


def test_unapproved_call_still_approvable_at_2_days_23_hours_then_covered(company, fixed_clock):
    fixed_clock.set(CALL_AT + timedelta(minutes=5))
    c = call()
    assert line(c).status == "pending"
    fixed_clock.set(CALL_AT + timedelta(days=2, hours=23))
    assert line(c).status == "pending" and staffcalls.may_still_approve(c.id)
    assert staffcalls.time_left(line(c)) == (0, 1)
    app = staffcalls.apply_for_call(company.sessions["desk"], c.id, "Client Co.", "price confirmation")
    staffcalls.decide(company.sessions["luoxia"], app.id, True)
    fixed_clock.set(CALL_AT + timedelta(days=10))
    assert line(c).status == "business" and line(c).department_fen == c.charge_fen


@pytest.mark.parametrize("number, destination, fine", [
    ("01065123456", "domestic", 5000), ("0085221234567", "hkmotw", 10000), ("00442079460000", "international", 50000),
])
def test_at_3_days_private_with_double_charge_and_the_fine(company, fixed_clock, number, destination, fine):
    fixed_clock.set(CALL_AT + timedelta(minutes=5))
    c = call(number=number)
    assert c.destination_class == destination
    fixed_clock.set(CALL_AT + timedelta(days=3))
    result = line(c)
    assert result.status == "private"
    assert result.caller_fen == 2 * c.charge_fen and c.charge_fen > 0
    assert result.fine_fen == fine and result.department_fen == 0
    # Too late: an application approved now no longer covers it.
    app = staffcalls.apply_for_call(company.sessions["desk"], c.id, "Client Co.", "late")
    staffcalls.decide(company.sessions["luoxia"], app.id, True)
    assert line(c).status == "private"


def test_the_deadline_is_counted_on_the_hotel_clock(company, fixed_clock):
    """Three days in the hotel's zone: with New York time (DST starts 14 March 2027) it is 71 hours, not 72."""
    from hotel_phone import settings

    admin = auth.sign_in("admin", "secret123")
    settings.write(admin, {"timezone": "America/New_York"})
    start = datetime(2027, 3, 12, 12, 0, tzinfo=ZoneInfo("America/New_York"))
    c = call(at=start)
    start = start.astimezone(ZoneInfo("UTC"))  # elapsed hours, not hours on a wall clock
    fixed_clock.set(start + timedelta(hours=70, minutes=59))
    assert line(c).status == "pending"
    fixed_clock.set(start + timedelta(hours=71))
    assert line(c).status == "private"


@pytest.mark.parametrize("number", ["110", "119", "120", "122"])
def test_emergency_numbers_are_never_charged(company, fixed_clock, number):
    c = call(number=number, seconds=600)
    fixed_clock.set(CALL_AT + timedelta(days=40))
    result = line(c)
    assert result.status == "emergency"
    assert (result.charge_fen, result.department_fen, result.caller_fen, result.fine_fen) == (0, 0, 0, 0)
    s = staffcalls.statement(company.sales.id, staffcalls.parse_month("2026-11"))
    assert s.private_fen == s.fines_fen == s.business_fen == 0


def test_a_manager_cannot_approve_their_own_application_but_their_superior_can(company):
    app = company.apply(caller=company.manager, target="02087654321")
    with pytest.raises(PermissionDenied) as err:
        staffcalls.decide(company.sessions["luoxia"], app.id, True)
    assert "own application" in err.value.message()
    assert not staffcalls.may_decide(company.sessions["luoxia"], app.id)
    staffcalls.decide(company.sessions["zhouguoqiang"], app.id, True)
    assert staffcalls.application(app.id).status == "approved"


def test_an_operator_cannot_approve_at_all(company):
    app = company.apply()
    before = audit_actions()
    for who in ("desk", "deskboss", "zhengchao"):  # the desk, a supervisor without a staff link, a non-manager
        with pytest.raises(PermissionDenied):
            staffcalls.decide(company.sessions[who], app.id, True)
    # Even an operator account linked to the department's manager may not sign.
    admin = auth.sign_in("admin", "secret123")
    staffcalls.link_account(admin, "desk", company.manager.id)
    with pytest.raises(PermissionDenied) as err:
        staffcalls.decide(auth.sign_in("desk", "secret123"), app.id, False)
    assert "operator" in err.value.message()
    assert staffcalls.application(app.id).status == "pending"
    assert "ld_application_approved" not in audit_actions()[len(before):]


def test_a_refused_application_leaves_the_call_unapproved(company, fixed_clock):
    app = company.apply()
    staffcalls.decide(company.sessions["luoxia"], app.id, False, "not business")
    c = call()
    assert line(c).status == "pending"
    with pytest.raises(ValidationError):
        staffcalls.decide(company.sessions["zhouguoqiang"], app.id, True)


def test_matching_needs_the_same_extension_region_and_period(company, fixed_clock):
    app = company.apply(target="010")
    staffcalls.decide(company.sessions["luoxia"], app.id, True)
    assert line(call(extension="8403", number="075565123456")).status == "pending"  # another region
    assert line(call(extension="8402", number="01065123456")).status == "pending"  # another extension
    assert line(call(at=CALL_AT + timedelta(hours=5))).status == "pending"  # after the period
    assert line(call(at=CALL_AT + timedelta(hours=2))).status == "business"


def test_a_single_call_application_covers_one_call(company, fixed_clock):
    app = company.apply(single=True)
    staffcalls.decide(company.sessions["luoxia"], app.id, True)
    first, second = call(), call(at=CALL_AT + timedelta(minutes=30))
    assert line(first).status == "business" and line(second).status == "pending"


def test_local_unanswered_and_unknown_extensions_are_not_taken(company):
    assert staffcalls.take_call("8403", "65123456", CALL_AT, 60).reason == "a local call"
    assert staffcalls.take_call("8403", "01065123456", CALL_AT, 0, answered=False).reason == "not answered"
    assert staffcalls.take_call("2001", "01065123456", CALL_AT, 60).reason == "not a staff extension"


def test_an_office_line_is_answered_for_by_the_department_manager(company):
    c = call(extension="8400")
    assert c.staff_id == company.manager.id and c.department_id == company.sales.id


def test_awaiting_lists_pending_calls_and_undecided_applications_with_time_left(company, fixed_clock):
    c = call()
    app = company.apply(target="021")
    fixed_clock.set(CALL_AT + timedelta(days=1, hours=2))
    waiting = staffcalls.awaiting(company.sales.id)
    assert [x.id for x in waiting.calls] == [c.id]
    assert staffcalls.time_left(waiting.calls[0]) == (1, 22)
    assert [a.id for a in waiting.applications] == [app.id]


def test_bad_application_input_is_refused_clearly(company):
    with pytest.raises(ValidationError, match="area code"):
        company.apply(target="abc")
    with pytest.raises(ValidationError, match="ends before"):
        company.apply(start=CALL_AT, end=CALL_AT - timedelta(hours=1))
    assert staffcalls.target_prefix("010") == "8610"
    assert staffcalls.target_prefix("00852") == "852"
    assert staffcalls.target_prefix("+44") == "44"
    assert staffcalls.target_prefix("010 6512 3456") == "861065123456"


def test_rules_come_from_the_file_and_a_new_version_applies_to_later_calls(company, fixed_clock):
    admin = auth.sign_in("admin", "secret123")
    early = call()
    text = staffrules.to_json(staffrules.default_rules())
    edited = text.replace('"private_multiplier": 2', '"private_multiplier": 3').replace('"domestic": 5000',
                                                                                        '"domestic": 8000')
    with pytest.raises(PermissionDenied):
        staffrules.store(company.sessions["deskboss"], staffrules.from_json(edited))
    fixed_clock.set(CALL_AT + timedelta(hours=1))
    staffrules.store(admin, staffrules.from_json(edited))
    later = call(at=CALL_AT + timedelta(hours=2))
    fixed_clock.set(CALL_AT + timedelta(days=5))
    assert (line(early).caller_fen, line(early).fine_fen) == (2 * early.charge_fen, 5000)
    assert (line(later).caller_fen, line(later).fine_fen) == (3 * later.charge_fen, 8000)
    assert audit_actions().count("staff_rules_saved") == 2  # the defaults, then the edit
    for bad in ("{", '{"name": "x", "fines_fen": {"domestic": -1, "hkmotw": 1, "international": 1}}',
                '{"name": "x", "surprise": 1}', '{"name": "x", "approval_days": "three"}'):
        with pytest.raises(ValidationError):
            staffrules.from_json(bad)


def test_statement_sections_people_and_csv(company, fixed_clock):
    app = company.apply()
    staffcalls.decide(company.sessions["luoxia"], app.id, True)
    business = call()
    private = call(extension="8402", number="00442079460000", at=CALL_AT - timedelta(hours=5))
    fixed_clock.set(CALL_AT + timedelta(days=3, hours=1))
    pending = call(number="0085221234567", at=CALL_AT + timedelta(days=1))
    call(number="120")
    s = staffcalls.statement(company.sales.id, staffcalls.parse_month("2026-11"))
    assert [x.id for x in s.business] == [business.id]
    assert [x.id for x in s.private] == [private.id]
    assert [x.id for x in s.pending] == [pending.id]
    assert len(s.emergency) == 1
    assert s.people == (staffcalls.PersonTotal("罗霞", 1, 2 * private.charge_fen, 50000),)
    text = staffcalls.to_csv(s)
    rows = [r.split(",") for r in text.strip().splitlines()]
    assert rows[0][0] == "section"
    assert [r[0] for r in rows[1:]] == ["business", "private", "pending", "emergency", "person", "total_business",
                                        "total_private"]
    assert rows[-1][-3:] == [f"{2 * private.charge_fen / 100:.2f}", "500.00", "CNY"]
    assert staffcalls.statement(company.sales.id, staffcalls.parse_month("2026-10")).business == ()
    with pytest.raises(ValidationError):
        staffcalls.parse_month("November")


def test_a_staff_extension_call_in_the_pbx_records_reaches_the_rules_once(company, fixed_clock):
    """An Asterisk cdr_csv line from extension 8403 (access digit 9) becomes a staff call, taken once."""
    from pathlib import Path

    from hotel_phone.db import PbxCall, StaffCall
    from hotel_phone.pbx import ingest, sources

    sample = Path(__file__).parent / "data" / "pbx" / "asterisk-uniqueid.csv"
    line = sample.read_bytes().split(b"\n")[2].replace(b'"201"', b'"8403"')  # to 00852, 360 s billed
    src = sources.add_source(None, "pbx", "asterisk-uniqueid", records_tz="UTC", strip_prefix="9")
    ingest.ingest(src, [line])
    pbx = PbxCall.get()
    c = StaffCall.get()
    assert (pbx.status, c.pbx_call_id, c.staff_id) == ("staff", pbx.id, company.clerk.id)
    assert (c.destination_class, c.e164, c.billsec) == ("hkmotw", "85222345678", 360) and c.charge_fen > 0
    assert staffcalls.standing(c).status == "pending"
    ingest.ingest(src, [line])  # the same record again: a duplicate line, no second staff call
    assert staffcalls.take_pbx_calls() == 0 and StaffCall.select().count() == 1
    fixed_clock.set(c.started_at + timedelta(days=3))
    assert (staffcalls.standing(c).status, staffcalls.standing(c).fine_fen) == ("private", 10000)
