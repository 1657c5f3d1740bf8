"""What the trust checks cost (issue 14): sealed postings, a full audit verify, the stronger password hash.

    python benchmarks/trust.py [--postings 2000]

Each row is measured beside its baseline in the same run: a posting whose audit
event seals the row against one whose event does not; `audit verify` (chain,
sealed rows, triggers, anchors) against recomputing the bare hash chain; a
password check at scrypt N=2^17 against the former N=2^14.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _hotel(path: Path):
    from hotel_phone import db, hotelsetup, rooms, stays

    db.open_database(path)
    session = hotelsetup.set_up(hotelsetup.HotelSetup(name_zh="基准", name_en="Bench", admin_password="secret123",
                                                       rooms=tuple(rooms.parse_floor_spec("2x20"))))
    today = stays.hotel_today()
    from datetime import timedelta

    stay = stays.check_in(session, stays.StayInput(room="201", name="Bench Guest", arrival=today,
                                                   departure=today + timedelta(days=3)))
    return session, stay.id


def _post_rate(session, stay_id: int, n: int) -> float:
    from hotel_phone import folio

    started = time.perf_counter()
    for i in range(n):
        folio.post(session, stay_id, "PRINT", 100 + i % 50)
    return n / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postings", type=int, default=2000)
    args = parser.parse_args()
    os.environ.setdefault("HOTEL_PHONE_DATA_DIR", tempfile.mkdtemp())
    from hotel_phone import anchors, audit, auth, db
    from hotel_phone.db import FolioPosting

    folder = Path(tempfile.mkdtemp())
    session, stay_id = _hotel(folder / "sealed.sqlite3")
    sealed = _post_rate(session, stay_id, args.postings)
    started = time.perf_counter()
    verdict, _n = anchors.verify()
    full = time.perf_counter() - started
    events = verdict.events
    assert verdict.ok
    started = time.perf_counter()  # baseline: the bare chain, sha256 over the same rows
    prev = ""
    for row in db.database.execute_sql("SELECT at, operator_id, action, entity, entity_id, detail FROM audit_event "
                                       "ORDER BY id"):
        prev = hashlib.sha256("\x1f".join([prev, *(str(v) for v in row)]).encode()).hexdigest()
    bare = time.perf_counter() - started
    db.close_database()

    saved = dict(audit.SEALED)
    audit.SEALED.pop(FolioPosting)  # baseline: the same postings, their events not sealing the row
    session, stay_id = _hotel(folder / "unsealed.sqlite3")
    unsealed = _post_rate(session, stay_id, args.postings)
    audit.SEALED.update(saved)
    db.close_database()

    def check_time(cost: tuple[int, int, int]) -> float:
        auth.COST = cost
        stored = auth.hash_password("secret123")
        times = []
        for _ in range(5):
            started = time.perf_counter()
            auth.verify_password("secret123", stored)
            times.append(time.perf_counter() - started)
        return statistics.median(times)

    strong, former = check_time(auth.PRODUCTION_COST), check_time((2**14, 8, 1))
    print(f"hotel_phone trust benchmark — {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores")
    print("| measure | ours | beside | ratio |")
    print("|---|---|---|---|")
    print(f"| posting with its row sealed in the audit event | {sealed:,.0f} /s | {unsealed:,.0f} /s (event without "
          f"seal) | {unsealed / sealed:.2f} |")
    print(f"| audit verify, {events:,} events (chain, sealed rows, triggers, anchors) | {full * 1000:,.0f} ms | "
          f"{bare * 1000:,.0f} ms (bare sha256 chain) | {full / bare:.2f} |")
    print(f"| password check, scrypt N=2^17 r=8 p=1 | {strong * 1000:,.0f} ms | {former * 1000:,.0f} ms "
          f"(N=2^14, before) | {strong / former:.2f} |")


if __name__ == "__main__":
    main()
