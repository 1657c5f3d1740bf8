"""The benchmark suite: one command, one table of ratios measured side by side in one run.

    python benchmarks/run_all.py [--quick]

Rows: start to the first paint of the sign-in and of the main window vs a bare PySide6 window; guest
search per keystroke at 2,000 rooms and 1,000,000 past stays vs the same query in
raw sqlite3 (median and 95th percentile); rating 1,000,000 calls vs a bare
prefix-lookup loop; a 10-page folio vs a 1-page folio; importing 100,000 guests
vs raw executemany. Timing is printed, never asserted: these machines are shared.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    args = parser.parse_args()
    past = 50_000 if args.quick else 1_000_000
    calls_n = 100_000 if args.quick else 1_000_000
    guests_n = 10_000 if args.quick else 100_000
    rows = []

    import guest_search
    import rating

    from hotel_phone import db, demo, folio, guest_import, hoteltime, stays, tariff
    from hotel_phone.documents import folio as folio_pdf

    folder = Path(tempfile.mkdtemp())
    path = folder / "bench.sqlite3"
    t = time.perf_counter()
    db.open_database(path)
    session = demo.build(2000)
    db.close_database()
    guest_search.add_past_stays(path, past)
    db.open_database(path)
    build_s = time.perf_counter() - t

    # 1. start to first paint (benchmarks/startup.py): the sign-in, and the main window signed in
    import startup

    samples = startup.measure(3, demo_file=str(path))
    bare = statistics.median(samples["bare"])
    for kind, name in (("signin", "start to sign-in first paint"), ("main", "start to main window, signed in"),
                       ("enter", "Enter (password checked) to main window painted")):
        app = statistics.median(samples[kind])
        rows.append((name, f"{app:.2f} s", f"{bare:.2f} s (bare window)", app / bare, "≤ 1.5"))

    # 2. search per keystroke
    raw = sqlite3.connect(path)
    app_ms, raw_ms = [], []
    for word in guest_search.TYPED:
        for n in range(1, len(word) + 1):
            q = word[:n]
            sql, params = stays.search_sql(q)
            app_ms += timed(lambda: stays.search(q), 20)
            raw_ms += timed(lambda: raw.execute(sql, params).fetchall(), 20)
    rows.append(("guest search / keystroke, median", f"{statistics.median(app_ms):.2f} ms",
                 f"{statistics.median(raw_ms):.2f} ms (raw sqlite3)",
                 statistics.median(app_ms) / statistics.median(raw_ms), "≤ 1.5"))
    rows.append(("guest search / keystroke, p95", f"{p95(app_ms):.2f} ms", f"{p95(raw_ms):.2f} ms (raw sqlite3)",
                 p95(app_ms) / p95(raw_ms), "≤ 1.5, p95 < 5 ms"))

    # 3. rating
    synthetic = rating.synthetic_calls(calls_n)
    rater = tariff.Rater(tariff.default_spec())
    table, lengths = rater.by_prefix, rater.lengths
    t = time.perf_counter()
    for digits, _s, _m in synthetic:
        for n in lengths:
            if digits[:n] in table:
                break
    bare_s = time.perf_counter() - t
    t = time.perf_counter()
    for digits, seconds, minute in synthetic:
        rater.rate(digits, seconds, minute)
    rate_s = time.perf_counter() - t
    rows.append((f"rating {calls_n:,} calls", f"{calls_n / rate_s:,.0f} /s", f"{calls_n / bare_s:,.0f} /s (bare loop)",
                 rate_s / bare_s, "≤ 2"))

    # 4. folio: 10 pages vs 1 page
    occupied = {r.room for r in stays.search("", 10000)}
    free = [r for r in stays.all_rooms() if r not in occupied]

    def folio_with(n: int):
        s = stays.check_in(session, stays.StayInput(room=free.pop(), name="Bench Mark", arrival=hoteltime.today(),
                                                    departure=hoteltime.today()))
        for i in range(n):
            folio.post(session, s.id, ["FAX", "PRINT", "PARCEL"][i % 3], 100 + i)
        return folio.load(s.id)

    one, ten = folio_with(20), folio_with(215)
    t1 = statistics.median(timed(lambda: folio_pdf.render(one), 3))
    t10 = statistics.median(timed(lambda: folio_pdf.render(ten), 3))
    rows.append(("folio, 10 pages vs 1 page", f"{t10:.0f} ms", f"{t1:.0f} ms (1 page)", t10 / t1, "≤ 12"))

    # 5. import guests vs raw executemany
    csv_path = folder / "guests.csv"
    room_numbers = stays.all_rooms()
    today = hoteltime.today().isoformat()
    with csv_path.open("w", encoding="utf-8") as f:
        f.write("room,name,name_zh,arrival,departure\n")
        for i in range(guests_n):
            zh = "王小明" if i % 2 else ""
            f.write(f"{room_numbers[i % len(room_numbers)]},Guest {i},{zh},{today},{today}\n")
    t = time.perf_counter()
    report = guest_import.import_guests(session, csv_path)
    imp = time.perf_counter() - t
    # The same rows, already computed, straight in: the floor for any importer.
    rows_raw = [(1, f"Guest {i}", "", "", "Guest", f"{i}", "", "zh_CN", today, today, "in_house", "normal", 0, "",
                 "", f"|guest{i}|", "import", "2026-01-01 00:00:00") for i in range(guests_n)]
    t = time.perf_counter()
    raw.execute("BEGIN")
    raw.executemany("INSERT INTO stay (room_id, name, name_zh, pinyin, family_name, given_name, title, language, "
                    "arrival, departure, status, privacy, vip, notes, party, search_key, source, checked_in_at) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows_raw)
    raw.execute("ROLLBACK")
    raw_imp = time.perf_counter() - t
    rows.append((f"import {report.imported:,} guests", f"{imp:.2f} s", f"{raw_imp:.2f} s (raw executemany)",
                 imp / raw_imp, "≤ 1.2"))

    print(f"hotel_phone benchmark suite — {time.strftime('%Y-%m-%d')}, {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}; "
          f"2,000 rooms and {past:,} past stays built in {build_s:.0f} s")
    print(f"| {'measure':<36} | {'ours':>14} | {'beside':>32} | {'ratio':>6} | {'target':<18} |")
    print(f"|{'-' * 38}|{'-' * 16}|{'-' * 34}|{'-' * 8}|{'-' * 20}|")
    for name, ours, beside, ratio, target in rows:
        print(f"| {name:<36} | {ours:>14} | {beside:>32} | {ratio:>6.2f} | {target:<18} |")


if __name__ == "__main__":
    main()
