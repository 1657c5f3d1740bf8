"""100,000 Asterisk cdr_csv lines: parse + match + rate + post, beside a bare csv.reader pass over the same file.

    python benchmarks/pbx_import.py [--lines 100000]

The hotel: 300 rooms (floors 2-16, 20 a floor), a guest in every room. The
file: answered calls from those rooms (GMT times, as with the sample
cdr.conf's usegmtime) to local, mobile, long-distance and international
numbers, with 5 % incoming and 5 % busy calls. End to end means from the file
on disk to the committed postings, slips, call rows, stored raw lines and the
audit events, through `sources.import_file`, the path `hotel-phone pbx import` takes.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import os
import platform
import pstats
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NUMBERS = ("962345678", "913812345678", "902087654321", "9002125551234", "90085222345678", "9075512345678",
           "913911112222", "900442079460000", "981234567", "90812345678")


def make_file(path: Path, n: int, extensions: list[str], first: datetime) -> None:
    """Every call its own number (last four digits vary) and its own start, answer and end times."""
    stamp = "%Y-%m-%d %H:%M:%S"
    with path.open("w", newline="") as f:
        for i in range(n):
            ext = extensions[i % len(extensions)]
            begin = first + timedelta(seconds=i // 2)  # 2 calls a second
            ring = 3 + i % 17
            bill = 30 + (i * 7) % 900
            start, answer, end = (begin.strftime(stamp), (begin + timedelta(seconds=ring)).strftime(stamp),
                                  (begin + timedelta(seconds=ring + bill)).strftime(stamp))
            base = NUMBERS[i % len(NUMBERS)]
            number = base[:-4] + f"{(i * 7919) % 10000:04d}"
            if i % 20 == 7:  # incoming
                f.write(f'"","6234{i % 10000:04d}","{ext}","from-trunk","""6234"" <6234>","SIP/trunk-{i:08x}",'
                        f'"SIP/{ext}-{i:08x}","Dial","SIP/{ext},30","{start}","{answer}","{end}",{bill + ring},'
                        f'{bill},"ANSWERED","DOCUMENTATION","{1795780800 + i}.{i}",""\n')
                continue
            if i % 20 == 13:  # busy: never answered
                f.write(f'"","{ext}","{number}","from-rooms","""Room {ext}"" <{ext}>","SIP/{ext}-{i:08x}",'
                        f'"SIP/trunk-{i:08x}","Dial","SIP/trunk/{number[1:]},60,T","{start}","","{answer}",'
                        f'{ring},0,"BUSY","DOCUMENTATION","{1795780800 + i}.{i}",""\n')
                continue
            f.write(f'"","{ext}","{number}","from-rooms","""Room {ext}"" <{ext}>","SIP/{ext}-{i:08x}",'
                    f'"SIP/trunk-{i:08x}","Dial","SIP/trunk/{number[1:]},60,T","{start}","{answer}","{end}",'
                    f'{bill + ring},{bill},"ANSWERED","DOCUMENTATION","{1795780800 + i}.{i}",""\n')


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=100_000)
    ap.add_argument("--profile", action="store_true", help="print where the import's CPU time goes (cProfile)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run(Path(tmp), args)


def run(tmp: Path, args) -> None:
    os.environ["HOTEL_PHONE_DATA_DIR"] = str(tmp / "data")
    os.environ["HOTEL_PHONE_CONFIG_DIR"] = str(tmp / "config")
    from hotel_phone import clock, db, hotelsetup, hoteltime, rooms, stays
    from hotel_phone.db import FolioPosting, PbxCall
    from hotel_phone.pbx import sources

    now = datetime.now(UTC)
    clock.set_clock(clock.FixedClock(now - timedelta(days=2)))
    db.open_database(tmp / "hotel.sqlite3")
    session = hotelsetup.set_up(hotelsetup.HotelSetup(
        name_zh="测试酒店", name_en="Bench Hotel", rooms=tuple(rooms.parse_floor_spec("2-16x20")),
        admin_username="admin", admin_name="Admin", admin_password="secret123", language="en"))
    today = (now - timedelta(days=2)).astimezone(hoteltime.zone()).date()
    for number in stays.all_rooms():
        stays.check_in(session, stays.StayInput(room=number, name=f"Guest {number}", arrival=today,
                                                departure=today + timedelta(days=5)))
    clock.set_clock(clock.Clock())
    path = tmp / "Master.csv"
    make_file(path, args.lines, stays.all_rooms(), now - timedelta(hours=20))

    t0, c0 = time.perf_counter(), time.process_time()
    with path.open(newline="") as f:
        bare_rows = sum(1 for _row in csv.reader(f))
    bare, bare_cpu = time.perf_counter() - t0, time.process_time() - c0

    src = sources.add_source(None, "bench", "asterisk-uniqueid", records_tz="UTC", strip_prefix="9")
    profile = cProfile.Profile(time.process_time) if args.profile else None
    t0, c0 = time.perf_counter(), time.process_time()
    if profile:
        profile.enable()
    result = sources.import_file(src, path)
    ours, ours_cpu = time.perf_counter() - t0, time.process_time() - c0
    if profile:
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(30)
    load = os.getloadavg()[0]
    assert result.lines == bare_rows == args.lines, (result, bare_rows)
    posted = PbxCall.select().where(PbxCall.status == "posted").count()
    assert posted == FolioPosting.select().where(FolioPosting.source_key.is_null(False)).count() == result.posted
    print(f"PBX import — {date.today()}, {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}; {args.lines:,} Asterisk lines, 300 rooms; "
          f"load average {load:.1f} at the end")
    # Wall time and CPU time: on a shared machine the CPU time says what the work costs, the wall time
    # what a user waited (it also includes the fsync of each commit).
    print(f"{'':32}{'wall s':>8}{'lines/s':>12}{'CPU s':>8}{'lines/CPU s':>13}")
    print(f"{'bare csv.reader pass':32}{bare:8.2f}{args.lines / bare:12,.0f}{bare_cpu:8.2f}{args.lines / bare_cpu:13,.0f}")
    print(f"{'parse+match+rate+post+store':32}{ours:8.2f}{args.lines / ours:12,.0f}{ours_cpu:8.2f}"
          f"{args.lines / ours_cpu:13,.0f}")
    print(f"ratio {ours / bare:.1f}x wall, {ours_cpu / bare_cpu:.1f}x CPU; {result.summary()}")
    # Part of "ours", paid once per process: phonenumbers' place names load with its geocoder (all of it).
    probe = subprocess.run([sys.executable, "-c", "import time; t = time.process_time(); "
                            "from phonenumbers import geocoder; print(time.process_time() - t)"],
                           capture_output=True, text=True, check=True)
    print(f"of which once per process: loading phonenumbers' geocoder {float(probe.stdout):.2f} CPU s "
          f"(a fresh interpreter, measured apart)")
    import peewee as pw

    reasons = (PbxCall.select(PbxCall.status, PbxCall.reason, pw.fn.COUNT(PbxCall.id))
               .where(PbxCall.status != "posted").group_by(PbxCall.status, PbxCall.reason).tuples())
    print("not posted: " + ", ".join(f"{s} {r} {n}" for s, r, n in reasons))


if __name__ == "__main__":
    main()
