"""Staff calls: taking calls from the PBX records and a department's monthly statement.

    python benchmarks/staff_statement.py [--calls 3000]

Rows, measured side by side in one run (printed, never asserted):
- taking N staff calls (parse, classify, rate, match, audit) vs a bare INSERT of the same rows;
- the monthly statement of N calls (every call's standing, people, totals) vs raw sqlite3
  fetching the same calls joined with their staff and approvals.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

NUMBERS = ("01065123456", "075588776655", "0085221234567", "00442079460000", "02087654321", "110")


def main(calls: int) -> None:
    from hotel_phone import auth, clock, db, hotelsetup, rooms, staffcalls
    from hotel_phone.db import Department, Staff

    folder = Path(tempfile.mkdtemp())
    path = folder / "bench.sqlite3"
    start = datetime(2026, 11, 1, tzinfo=ZoneInfo("Asia/Shanghai"))
    fixed = clock.FixedClock(start)
    clock.set_clock(fixed)
    db.open_database(path)
    admin = hotelsetup.set_up(hotelsetup.HotelSetup(name_zh="基准", name_en="Bench", admin_password="secret123",
                                                    rooms=tuple(rooms.parse_floor_spec("2x10"))))
    sales = Department.create(code="SA", name_zh="销售部", name_en="Sales", office_extension="8400")
    gm = Staff.create(name="GM", name_zh="总经理", department=sales, extension="8001", is_manager=True)
    for n in range(20):
        Staff.create(name=f"Clerk {n}", name_zh=f"职员{n}", department=sales, extension=f"84{n + 10}",
                     superior=gm)
    auth.create_operator(admin, "gm", "GM", "manager", "secret123", "en")
    staffcalls.link_account(admin, "gm", gm.id)
    rnd = random.Random(17)
    rows = [(f"84{rnd.randrange(10, 30)}", rnd.choice(NUMBERS), start + timedelta(minutes=rnd.randrange(29 * 1440)),
             rnd.randrange(10, 900)) for _ in range(calls)]
    rows.sort(key=lambda r: r[2])
    t = time.perf_counter()
    for ext, number, at, seconds in rows:
        staffcalls.take_call(ext, number, at, seconds)
    ours_take = time.perf_counter() - t

    bare = sqlite3.connect(folder / "bare.sqlite3")
    bare.execute("CREATE TABLE c (ext TEXT, number TEXT, started TEXT, billsec INT)")
    t = time.perf_counter()
    for r in rows:
        with bare:
            bare.execute("INSERT INTO c VALUES (?, ?, ?, ?)", (r[0], r[1], r[2].isoformat(), r[3]))
    bare_take = time.perf_counter() - t

    fixed.set(start + timedelta(days=40))
    t = time.perf_counter()
    s = staffcalls.statement(sales.id, start.date())
    ours_statement = time.perf_counter() - t
    conn = sqlite3.connect(path)
    t = time.perf_counter()
    fetched = conn.execute(
        "SELECT c.*, s.name_zh, a.application_id FROM staff_call c LEFT JOIN staff s ON s.id = c.staff_id "
        "LEFT JOIN staff_call_approval a ON a.call_id = c.id WHERE c.department_id = ? AND c.started_at >= ? "
        "ORDER BY c.started_at, c.id", (sales.id, "2026-10-31 16:00:00")).fetchall()
    bare_statement = time.perf_counter() - t
    taken = len(s.business) + len(s.private) + len(s.pending) + len(s.emergency)
    assert taken == len(fetched)
    print(f"| take {calls:,} staff calls           | {calls / ours_take:10,.0f} /s | "
          f"{calls / bare_take:10,.0f} /s (bare INSERT, one commit each) | {bare_take and ours_take / bare_take:6.2f} |")
    print(f"| statement of {taken:,} calls          | {ours_statement * 1000:10.0f} ms | "
          f"{bare_statement * 1000:10.1f} ms (raw sqlite3, same rows joined) | {ours_statement / bare_statement:6.0f} |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=3000)
    main(parser.parse_args().calls)
