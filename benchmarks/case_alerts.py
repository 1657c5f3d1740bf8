"""Cases at a year's volume: the overdue check the window runs every second, the open list, and a month's
statistics, each beside raw sqlite3 doing the same reads.

A year of 36,000 closed cases (about 100 a day), 300 open of which about 60 overdue.

    python benchmarks/case_alerts.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hotel_phone import casestats, clock, db, demo  # noqa: E402
from hotel_phone import cases as cases_mod  # noqa: E402
from hotel_phone.db import Case, CaseCode, CaseTarget, Room  # noqa: E402

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def timed(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def fill(session, rnd: random.Random) -> None:
    codes = list(CaseCode.select().where(CaseCode.active))
    targets = {(t.code_id, t.priority): (t.respond_minutes, t.complete_minutes) for t in CaseTarget.select()}
    rooms = [r.id for r in Room.select(Room.id)]
    rows = []
    for i in range(36_300):
        code = rnd.choice(codes)
        priority = rnd.randint(1, 4)
        respond, complete = targets[(code.id, priority)]
        opened = NOW - timedelta(minutes=rnd.randint(0, 365 * 24 * 60)) if i < 36_000 else \
            NOW - timedelta(minutes=rnd.randint(0, 30))
        started = opened + timedelta(minutes=rnd.randint(1, respond * 2))
        done = started + timedelta(minutes=rnd.randint(1, complete))
        closed = i < 36_000
        rows.append({"kind": "repair", "room": rnd.choice(rooms), "caller_name": f"Caller {i}", "code": code.id,
                     "text": "bench", "department": code.department_id, "priority": priority,
                     "status": "closed" if closed else "sent", "created_at": opened, "created_by": session.operator.id,
                     "respond_by": opened + timedelta(minutes=respond), "complete_by": opened + timedelta(minutes=complete),
                     "started_at": started if closed else None, "done_at": done if closed else None,
                     "closed_at": done + timedelta(minutes=30) if closed else None,
                     "search_key": f"|caller{i}|"})
    with db.database.atomic():
        for i in range(0, len(rows), 500):
            Case.insert_many(rows[i:i + 500]).execute()


RAW_ALERTS = """
SELECT c.id, c.status, c.respond_by, c.complete_by, k.name_zh, k.name_en, d.name_zh, d.name_en, d.duty_phone, r.number
FROM "case" c JOIN case_code k ON k.id = c.code_id JOIN department d ON d.id = c.department_id
LEFT JOIN room r ON r.id = c.room_id
WHERE c.status IN ('new', 'sent', 'in_progress') AND c.respond_by <= ? ORDER BY c.priority, c.respond_by, c.id"""
RAW_OPEN = """
SELECT c.*, k.name_zh, k.name_en, d.name_zh, d.name_en, r.number FROM "case" c JOIN case_code k ON k.id = c.code_id
JOIN department d ON d.id = c.department_id LEFT JOIN room r ON r.id = c.room_id
WHERE c.status IN ('new', 'sent', 'in_progress', 'done', 'called_back') ORDER BY c.created_at DESC LIMIT 500"""
RAW_MONTH = """
SELECT d.code, k.code, c.created_at, c.started_at, c.done_at FROM "case" c JOIN case_code k ON k.id = c.code_id
JOIN department d ON d.id = c.department_id WHERE c.created_at >= ? AND c.created_at < ? AND c.status != 'cancelled'"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    clock.set_clock(clock.FixedClock(NOW))
    path = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    db.open_database(path)
    session = demo.build()
    fill(session, random.Random(18))
    raw = db.database.obj.connection()
    now_text = Case.respond_by.db_value(NOW)
    start, stop = casestats.month_bounds(2026, 10)

    def raw_month():
        groups = {}
        for dept, code, created, started, done in raw.execute(RAW_MONTH, (Case.created_at.db_value(start),
                                                                          Case.created_at.db_value(stop))):
            groups.setdefault((dept, code), []).append((created, started, done))
        return {k: (len(v), statistics.median(datetime.fromisoformat(s).timestamp()
                                              - datetime.fromisoformat(c).timestamp() for c, s, _d in v if s))
                for k, v in groups.items()}

    overdue = len(cases_mod.alerts())
    measures = (
        (f"overdue check ({overdue} overdue of 300 open)", lambda: cases_mod.alerts(),
         lambda: raw.execute(RAW_ALERTS, (now_text,)).fetchall()),
        ("open cases list", lambda: cases_mod.listing("open"), lambda: raw.execute(RAW_OPEN).fetchall()),
        ("month's statistics (~3,000 cases)", lambda: casestats.monthly(2026, 10), raw_month),
    )
    for name, ours, bare in measures:
        a, b = timed(ours, args.repeat), timed(bare, args.repeat)
        print(f"| {name:<40} | {a * 1000:8.2f} ms | {b * 1000:8.2f} ms (raw sqlite3) | {a / b:6.2f} |")


if __name__ == "__main__":
    main()
