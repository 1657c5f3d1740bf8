"""Guest search per keystroke at 2,000 rooms and 500,000 past stays, beside raw sqlite3.

    python benchmarks/guest_search.py [--rooms 2000] [--past 500000] [--repeat 50]

Builds the large demo hotel in a temporary folder, adds departed stays (years
of history), then times each keystroke of a few typed queries through the
app's search (hotel_phone.stays.search) and through a bare sqlite3 cursor
running the same statement. Timing is printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hotel_phone import db, demo, folio, names, stays  # noqa: E402

TYPED = ["zhangwei", "张伟", "wxm", "1203", "muller", "smith", "wáng xiǎo"]


PAST_COLUMNS = ("room_id, name, name_zh, pinyin, family_name, given_name, title, language, arrival, departure, "
                "status, privacy, vip, notes, party, search_key, source, checked_in_at, checked_out_at")


def past_rows(room_ids: list[int], count: int):
    """`count` departed stays over six years, 3,000 distinct names (70 % Chinese), in PAST_COLUMNS order;
    the same rows for SQLite here and for the server in pg_search.py."""
    rnd = random.Random(7)
    g = demo._load("guests.json")
    pool = []
    for _ in range(3000):  # distinct names, keys computed once
        if rnd.random() < 0.7:
            zh = rnd.choice(g["zh_surnames"]) + rnd.choice(g["zh_given"])
            name = demo._latin_from_zh(zh)
        else:
            zh, name = "", rnd.choice(g["foreign"])[0]
        pool.append((name, zh, names.to_pinyin(zh) if zh else "", names.search_key(names.name_key(name, zh))))
    start = date(2020, 1, 1)
    for i in range(count):
        name, zh, py, key = pool[i % len(pool)]
        arrival = start + timedelta(days=rnd.randint(0, 2000))
        yield (rnd.choice(room_ids), name, zh, py, "", "", "", "zh_CN" if zh else "en", arrival.isoformat(),
               (arrival + timedelta(days=rnd.randint(1, 7))).isoformat(), "departed", "normal", False, "", "",
               key, "history", f"{arrival} 06:00:00", f"{arrival} 04:00:00")


def add_past_stays(path: Path, count: int) -> None:
    conn = sqlite3.connect(path)
    room_ids = [r[0] for r in conn.execute("SELECT id FROM room")]
    conn.executemany(f"INSERT INTO stay ({PAST_COLUMNS}) VALUES ({', '.join('?' * 19)})", past_rows(room_ids, count))
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()


def time_calls(fn, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return samples


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rooms", type=int, default=2000)
    parser.add_argument("--past", type=int, default=500_000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    path = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    t = time.perf_counter()
    db.open_database(path)
    demo.build(args.rooms)
    db.close_database()
    add_past_stays(path, args.past)
    db.open_database(path)
    print(f"built {args.rooms} rooms, {stays.in_house_count()} in house, {args.past} past stays "
          f"in {time.perf_counter() - t:.1f} s")
    raw = sqlite3.connect(path)
    app_all, raw_all = [], []
    print(f"{'keystrokes':<14}{'hits':>5}{'app median':>12}{'app p95':>10}{'raw median':>12}{'raw p95':>10}{'ratio':>7}")
    for word in TYPED:
        for n in range(1, len(word) + 1):
            query = word[:n]
            sql, params = stays.search_sql(query)
            hits = len(stays.search(query))
            a = time_calls(lambda: stays.search(query), args.repeat)
            r = time_calls(lambda: raw.execute(sql, params).fetchall(), args.repeat)
            app_all += a
            raw_all += r
            print(f"{query:<14}{hits:>5}{statistics.median(a):>10.3f}ms{p95(a):>8.3f}ms"
                  f"{statistics.median(r):>10.3f}ms{p95(r):>8.3f}ms{statistics.median(a) / statistics.median(r):>7.2f}")
    print(f"{'all':<14}{'':>5}{statistics.median(app_all):>10.3f}ms{p95(app_all):>8.3f}ms"
          f"{statistics.median(raw_all):>10.3f}ms{p95(raw_all):>8.3f}ms"
          f"{statistics.median(app_all) / statistics.median(raw_all):>7.2f}")
    departed_search(raw, args.repeat)


# The folio and cashier also look among departed stays (3 letters or more, or a room number), through the
# trigram index; beside it, the plain LIKE scan over every departed stay that it replaced.
SCAN = ("SELECT s.id FROM stay s JOIN room r ON r.id = s.room_id WHERE s.status = 'departed' "
        "AND s.search_key LIKE ? ORDER BY s.checked_out_at DESC, s.id DESC LIMIT 30")


def departed_search(raw, repeat: int) -> None:
    print(f"\n{'departed':<14}{'hits':>5}{'app median':>12}{'app p95':>10}{'scan median':>13}{'ratio':>7}")
    app_all, scan_all = [], []
    for word in ("zhangwei", "muller", "smith", "wxm"):
        for n in sorted({3, len(word)}):
            query = word[:n]
            hits = len(folio.find_stays(query))
            a = time_calls(lambda: folio.find_stays(query), repeat)
            r = time_calls(lambda: raw.execute(SCAN, (f"%{names.fold_query(query)}%",)).fetchall(), 1)  # seconds each
            app_all += a
            scan_all += r
            print(f"{query:<14}{hits:>5}{statistics.median(a):>10.3f}ms{p95(a):>8.3f}ms"
                  f"{statistics.median(r):>11.3f}ms{statistics.median(a) / statistics.median(r):>7.3f}")
    print(f"{'all':<14}{'':>5}{statistics.median(app_all):>10.3f}ms{p95(app_all):>8.3f}ms"
          f"{statistics.median(scan_all):>11.3f}ms{statistics.median(app_all) / statistics.median(scan_all):>7.3f}")


if __name__ == "__main__":
    main()
