"""Monthly case statistics match the cases, over random case histories (hypothesis)."""

import statistics
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotel_phone import auth, casecodes, cases, casestats, clock, db, stays
from hotel_phone.db import Case, CaseEvent

SH = ZoneInfo("Asia/Shanghai")
MONTH_START = datetime(2026, 11, 1, tzinfo=SH)
MONTH_END = datetime(2026, 12, 1, tzinfo=SH)
CODES = ("AC", "NOISE", "HK", "MINI")

history = st.fixed_dictionaries({
    "code": st.sampled_from(CODES),
    "priority": st.integers(1, 4),
    "opened": st.integers(-3 * 24 * 60, 33 * 24 * 60),  # minutes from the month's start: some fall outside
    "respond": st.none() | st.integers(0, 600),  # minutes until the department responded
    "complete": st.none() | st.integers(0, 900),  # minutes after that until done
    "cancelled": st.booleans(),
})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(history, max_size=25))
def test_statistics_match_the_cases(demo_db_for_hypothesis, histories):
    db.open_database(demo_db_for_hypothesis)
    CaseEvent.delete().execute()
    Case.delete().execute()
    anna = auth.sign_in("anna", "demo1234")
    codes = {c.code: c for c in casecodes.active_codes()}
    room = next(iter(stays.search(""))).room
    fixed = clock.get_clock()
    expected: dict[str, list] = {}
    for h in histories:
        opened = MONTH_START + timedelta(minutes=h["opened"])
        fixed.set(opened)
        code = codes[h["code"]]
        case = cases.open_case(anna, cases.CaseInput(kind="repair", code_id=code.id, room=room, caller_name="x",
                                                     priority=h["priority"]))
        started = done = None
        if h["respond"] is not None:
            fixed.set(opened + timedelta(minutes=h["respond"]))
            cases.start(anna, case.id)
            started = h["respond"]
            if h["complete"] is not None:
                fixed.set(opened + timedelta(minutes=h["respond"] + h["complete"]))
                cases.done(anna, case.id)
                done = h["respond"] + h["complete"]
        if h["cancelled"] and done is None:
            cases.cancel(anna, case.id, "test")
            continue
        if not MONTH_START <= opened < MONTH_END:
            continue
        respond_limit, complete_limit = code.targets[h["priority"]]
        expected.setdefault(h["code"], []).append((started, done, respond_limit, complete_limit, h["opened"]))

    now = MONTH_END + timedelta(days=5)
    fixed.set(now)
    now_minutes = (now - MONTH_START).total_seconds() / 60
    rows = {r.code: r for r in casestats.monthly(2026, 11)}
    assert set(rows) == set(expected)
    for code, items in expected.items():
        row = rows[code]
        assert row.count == len(items)
        assert row.department_en == codes[code].department_en
        responds = [s for s, _d, *_rest in items if s is not None]
        completes = [d for _s, d, *_rest in items if d is not None]
        assert row.median_respond == (statistics.median(responds) if responds else None)
        assert row.median_complete == (statistics.median(completes) if completes else None)
        late = sum(1 for s, d, rl, cl, at in items
                   if (s if s is not None else now_minutes - at) > rl or (d if d is not None else now_minutes - at) > cl)
        assert row.overdue == late
    csv_lines = casestats.to_csv(list(rows.values())).splitlines()
    assert len(csv_lines) == len(rows) + 1 and csv_lines[0].startswith("department_code,")
