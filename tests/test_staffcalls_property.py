"""The statement's totals are the sums of its lines, whatever calls and approvals happened."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from hotel_phone import auth, clock, staffcalls
from hotel_phone.db import Department, Staff, StaffCall, database

NUMBERS = ("01065123456", "075588776655", "0085221234567", "0085328123456", "00442079460000", "0018005550100",
           "110", "119", "120")
EXTENSIONS = ("8402", "8403", "8400")

calls_strategy = st.lists(st.tuples(
    st.sampled_from(EXTENSIONS), st.sampled_from(NUMBERS), st.integers(0, 29 * 24 * 60),  # minute of November
    st.integers(1, 3600), st.booleans(),  # approved within the deadline?
), min_size=0, max_size=12)


def _setup():
    if Staff.select().where(Staff.extension == "8403").exists():
        return
    from hotel_phone import hotelsetup, rooms

    admin = hotelsetup.set_up(hotelsetup.HotelSetup(
        name_zh="测试酒店", name_en="Test Hotel", rooms=tuple(rooms.parse_floor_spec("2x5")), admin_username="admin",
        admin_name="Admin", admin_password="secret123", language="en"))
    gm_dept = Department.create(code="GM", name_zh="总经理室", name_en="GM", office_extension="8000")
    sales = Department.create(code="SA", name_zh="销售部", name_en="Sales", office_extension="8400")
    gm = Staff.create(name="GM", name_zh="周国强", department=gm_dept, extension="8001", is_manager=True)
    Staff.create(name="Luo Xia", name_zh="罗霞", department=sales, extension="8402", is_manager=True, superior=gm)
    Staff.create(name="Zheng Chao", name_zh="郑超", department=sales, extension="8403")
    auth.create_operator(admin, "gm", "GM", "manager", "secret123", "en")
    staffcalls.link_account(admin, "gm", gm.id)


@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(calls=calls_strategy)
def test_statement_totals_equal_the_sum_of_the_lines(database, fixed_clock, calls):
    from tests.conftest import NOW

    _setup()
    with database_cleared():
        start = NOW.replace(day=1, hour=0)
        gm = auth.sign_in("gm", "secret123")
        desk = gm
        expected = {"business": 0, "private": 0, "fines": 0}
        for ext, number, minute, seconds, approve in calls:
            at = start + timedelta(minutes=minute)
            fixed_clock.set(at)
            intake = staffcalls.take_call(ext, number, at, seconds)
            c = intake.call
            if c is None:
                continue
            if approve and c.destination_class != "emergency":
                fixed_clock.set(at + timedelta(days=1))
                app = staffcalls.apply_for_call(desk, c.id, "Org", "business")
                staffcalls.decide(gm, app.id, True)
        fixed_clock.set(start + timedelta(days=45))  # every deadline has passed
        for c in StaffCall.select():
            line = staffcalls.standing(c)
            if line.status == "business":
                expected["business"] += c.charge_fen
            elif line.status == "private":
                expected["private"] += 2 * c.charge_fen
                expected["fines"] += {"domestic": 5000, "hkmotw": 10000, "international": 50000}[c.destination_class]
        sales = Department.get(Department.code == "SA")
        s = staffcalls.statement(sales.id, start.date())
        assert s.business_fen == sum(x.department_fen for x in s.business) == expected["business"]
        assert s.private_fen == sum(x.caller_fen for x in s.private) == expected["private"]
        assert s.fines_fen == sum(x.fine_fen for x in s.private) == expected["fines"]
        assert sum(p.private_fen for p in s.people) == s.private_fen
        assert sum(p.fines_fen for p in s.people) == s.fines_fen
        assert len(s.business) + len(s.private) + len(s.pending) + len(s.emergency) == StaffCall.select().count()
        rows = list(csv.reader(io.StringIO(staffcalls.to_csv(s))))
        billed = {"business": Decimal(0), "private": Decimal(0), "fine": Decimal(0)}
        for r in rows[1:]:
            if r[0] in ("business", "private"):
                billed[r[0]] += Decimal(r[9])
                billed["fine"] += Decimal(r[10])
        total_b = next(r for r in rows if r[0] == "total_business")
        total_p = next(r for r in rows if r[0] == "total_private")
        assert Decimal(total_b[9]) == billed["business"]
        assert Decimal(total_p[9]) == billed["private"] and Decimal(total_p[10]) == billed["fine"]


class database_cleared:
    """Each example starts with no calls or applications (the hotel and staff stay)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        from hotel_phone.db import (
            ApplicationDecision,
            LongDistanceApplication,
            StaffCallApproval,
        )

        with database.atomic():
            for model in (StaffCallApproval, ApplicationDecision, LongDistanceApplication, StaffCall):
                model.delete().execute()
        clock.get_clock().set(clock.get_clock().now())
