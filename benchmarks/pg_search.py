"""Guest search per keystroke on PostgreSQL at 2,000 rooms and 1,000,000 past stays, beside a bare psycopg cursor.

    python benchmarks/pg_search.py --db postgresql://... [--rooms 2000] [--past 1000000] [--repeat 30]

The database must be empty; the 2,000-room demo hotel is built in it, then
departed stays (years of history) are added with COPY. Each keystroke of a few
typed queries is timed through the app's search (hotel_phone.stays.search: the
statement through db.select_rows, rows made into StayRow tuples) and through a
bare psycopg cursor on its own connection running the same statement, the two
in turns. Printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg  # noqa: E402

from guest_search import PAST_COLUMNS, TYPED, p95, past_rows, time_calls  # noqa: E402
from hotel_phone import db, demo, pg, stays  # noqa: E402


def add_past_stays(url: str, count: int) -> None:
    with psycopg.connect(url) as conn:
        room_ids = [r[0] for r in conn.execute("SELECT id FROM room")]
        with conn.cursor().copy(f"COPY stay ({PAST_COLUMNS}) FROM STDIN") as copy:
            for row in past_rows(room_ids, count):
                copy.write_row(row)
        conn.execute("ANALYZE")


def time_pairs(app, bare, repeat: int) -> tuple[list[float], list[float]]:
    """The app and the bare cursor in turns, so a burst of load from elsewhere falls on both alike.

    Each first runs six times untimed: psycopg prepares a statement on its fifth use, the app on its first.
    """
    for _ in range(6):
        app()
        bare()
    a, b = [], []
    for _ in range(repeat):
        a += time_calls(app, 1)
        b += time_calls(bare, 1)
    return a, b


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True, help="an empty PostgreSQL database")
    parser.add_argument("--rooms", type=int, default=2000)
    parser.add_argument("--past", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="time a database this script built before")
    args = parser.parse_args()
    t = time.perf_counter()
    db.open_database(args.db)
    if not args.reuse:
        if not db.is_empty():
            sys.exit("the database is not empty")
        demo.build(args.rooms)
        db.close_database()
        add_past_stays(args.db, args.past)
        db.open_database(args.db)
    print(f"load average {' / '.join(f'{x:.2f}' for x in os.getloadavg())} (1 / 5 / 15 min)")
    made = "reused (built by an earlier run)" if args.reuse else f"built in {time.perf_counter() - t:.1f} s"
    print(f"{args.rooms} rooms, {stays.in_house_count()} in house, {args.past} past stays, {made}; "
          f"PostgreSQL {db.database.server_version}")
    bare = psycopg.connect(pg.normalise_url(args.db), autocommit=True)
    app_all, bare_all = [], []
    print(f"{'keystrokes':<14}{'hits':>5}{'app median':>12}{'app p95':>10}{'bare median':>13}{'bare p95':>10}"
          f"{'ratio':>7}")
    for word in TYPED:
        for n in range(1, len(word) + 1):
            query = word[:n]
            sql, params = stays.search_sql(query)
            sql = sql.replace("?", "%s")
            hits = len(stays.search(query))
            a, b = time_pairs(lambda: stays.search(query), lambda: bare.execute(sql, params).fetchall(), args.repeat)
            app_all += a
            bare_all += b
            print(f"{query:<14}{hits:>5}{statistics.median(a):>10.3f}ms{p95(a):>8.3f}ms"
                  f"{statistics.median(b):>11.3f}ms{p95(b):>8.3f}ms{statistics.median(a) / statistics.median(b):>7.2f}")
    print(f"{'all':<14}{'':>5}{statistics.median(app_all):>10.3f}ms{p95(app_all):>8.3f}ms"
          f"{statistics.median(bare_all):>11.3f}ms{p95(bare_all):>8.3f}ms"
          f"{statistics.median(app_all) / statistics.median(bare_all):>7.2f}")
    with db.database.atomic():
        sql, params = stays.search_sql("zhang")
        plan = [r[0] for r in db.database.execute_sql("EXPLAIN ANALYZE " + sql.replace("?", "%s"), params)]
    print("plan for 'zhang':\n  " + "\n  ".join(plan))


if __name__ == "__main__":
    main()
