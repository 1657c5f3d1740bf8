"""Durability soak: kill a writing station with SIGKILL at random moments, again and again,
and check after every kill that nothing acknowledged was lost and the database is sound.

    python benchmarks/soak.py [--kills 1000] [--db PATH]

The writer posts charges to one folio and, after each commit, appends the
posting's id to an acknowledgement file (fsync'd): those are the writes an
operator was told had succeeded. After each kill: PRAGMA integrity_check is
ok, every acknowledged posting is there, each posting has its audit event
(they share a transaction), the audit chain holds, and the folio balance
equals the sum of its postings.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def writer(db_path: str, ack_path: str) -> None:
    from hotel_phone import db, folio
    from hotel_phone.db import Operator, Stay
    from hotel_phone.session import Session

    db.open_database(db_path)
    session = Session(Operator.get(Operator.username == "admin"))
    stay_id = Stay.select().where(Stay.status == "in_house").first().id
    with open(ack_path, "a", encoding="ascii") as ack:
        while True:
            posting = folio.post(session, stay_id, "PRINT", random.randint(1, 999))
            ack.write(f"{posting.id}\n")
            ack.flush()
            os.fsync(ack.fileno())


def setup(db_path: str) -> None:
    from datetime import timedelta

    from hotel_phone import db, hotelsetup, hoteltime, rooms, stays

    db.open_database(db_path)
    session = hotelsetup.set_up(hotelsetup.HotelSetup(name_zh="耐久测试", name_en="Soak", admin_password="secret123",
                                                       rooms=tuple(rooms.parse_floor_spec("2x2"))))
    today = hoteltime.today()
    stays.check_in(session, stays.StayInput(room="201", name="Soak Guest", arrival=today,
                                            departure=today + timedelta(days=300)))
    db.close_database()


def verify(db_path: str, ack_path: str) -> list[str]:
    problems = []
    conn = sqlite3.connect(db_path)
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            problems.append("integrity_check failed")
        acked = {int(x) for x in Path(ack_path).read_text().split()}
        present = {r[0] for r in conn.execute("SELECT id FROM folio_posting")}
        lost = acked - present
        if lost:
            problems.append(f"{len(lost)} acknowledged postings lost")
        events = conn.execute("SELECT count(*) FROM audit_event WHERE action = 'posted'").fetchone()[0]
        if events != len(present):
            problems.append(f"{len(present)} postings but {events} audit events")
    finally:
        conn.close()
    from hotel_phone import audit, db, folio
    from hotel_phone.db import FolioPosting, Stay

    db.open_database(db_path)
    try:
        if not audit.verify().ok:
            problems.append("audit chain broken")
        for stay in Stay.select():
            if folio.balance(stay.id) != sum(p.amount_fen for p in FolioPosting.select().where(FolioPosting.stay == stay)):
                problems.append(f"balance of stay {stay.id} differs from its postings")
    finally:
        db.close_database()
    return problems


def soak(kills: int, db_path: str | None = None, quiet: bool = False) -> dict:
    folder = Path(tempfile.mkdtemp())
    db_path = db_path or str(folder / "soak.sqlite3")
    ack_path = str(folder / "acks.txt")
    Path(ack_path).touch()
    setup(db_path)
    rnd = random.Random(5)
    failures = 0
    started = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for n in range(1, kills + 1):
        proc = subprocess.Popen([sys.executable, __file__, "--writer", db_path, ack_path], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Start-up time varies with the machine's load: wait for its first acknowledged posting, then kill
        # it at a random moment while it writes.
        before = len(Path(ack_path).read_text().split())
        deadline = time.monotonic() + 60
        while len(Path(ack_path).read_text().split()) == before and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rnd.uniform(0.0, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        problems = verify(db_path, ack_path)
        if problems:
            failures += 1
            print(f"kill {n}: {'; '.join(problems)}")
        elif not quiet and n % 50 == 0:
            print(f"kill {n}: ok ({len(Path(ack_path).read_text().split())} acknowledged so far)")
    acked = len(Path(ack_path).read_text().split())
    result = {"kills": kills, "acknowledged": acked, "failures": failures,
              "seconds": round(time.perf_counter() - started, 1)}
    print(f"{kills} kills, {acked} acknowledged postings, {failures} kills with a problem, "
          f"{result['seconds']} s")
    return result


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--writer":
        writer(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--db")
    args = parser.parse_args()
    sys.exit(1 if soak(args.kills, args.db)["failures"] else 0)


if __name__ == "__main__":
    main()
