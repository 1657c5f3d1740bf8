"""Several stations at once on one hotel database, then a check that nothing went wrong.

Each station is its own process with its own connection. For the given time it
posts to one shared folio, voids postings, books long-distance calls (places,
connects and ends those at the head of the queue), takes message slips, and
checks a guest in and out of its own room. Every write the core acknowledged is
written to the station's log (fsync'd) before the next; afterwards the database
must hold every one of them, slip numbers must run 1..n without a gap or a
duplicate, each charged call must be posted exactly once with one charge slip,
the folio's balance must be the sum of its postings, and the audit chain must verify.

Faults: --kill-every S kills a random station with SIGKILL every S seconds (it
may be in the middle of a posting) and starts a new one in its place;
--restart-pgdata DIR restarts the PostgreSQL server (pg_ctl restart -m fast)
half-way through. Stations must ride through both by themselves.

    python benchmarks/stations.py --db postgresql://... --stations 4 --seconds 60
    python benchmarks/stations.py --db /tmp/hotel.sqlite3 --stations 4 --seconds 60
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EXPECTED_REFUSALS = (  # another station got there first: the operator would see these words, and that is right
    "is waiting before this one", "is not waiting", "All outside lines are busy", "has already been voided",
    "already", "not in house", "has checked out",
)


def setup(target: str) -> None:
    from hotel_phone import db, hotelsetup, hoteltime, rooms, stays

    db.open_database(target)
    session = hotelsetup.set_up(hotelsetup.HotelSetup(
        name_zh="多台测试", name_en="Stations", admin_password="secret123",
        rooms=tuple(rooms.parse_floor_spec("2-3x10")), outside_lines=8))
    today = hoteltime.today()
    stays.check_in(session, stays.StayInput(room="201", name="Shared Folio", arrival=today,
                                            departure=today + timedelta(days=300)))
    db.close_database()


def _ack(log, *fields) -> None:
    log.write(" ".join(str(f) for f in fields) + "\n")
    log.flush()
    os.fsync(log.fileno())


def station(target: str, number: int, seconds: float, log_path: str, seed: int) -> None:
    from hotel_phone import db, folio, hoteltime, i18n, messages, stays
    from hotel_phone import longdistance as ld
    from hotel_phone.db import Operator, Room, Stay
    from hotel_phone.errors import DatabaseUnreachable, DomainError
    from hotel_phone.session import Session

    from datetime import timedelta

    from hotel_phone import clock

    class StationClock(clock.Clock):
        ahead = timedelta(0)

        def now(self):
            return super().now() + self.ahead

    station_clock = StationClock()
    clock.set_clock(station_clock)
    rnd = random.Random(seed)
    i18n.set_language("en")  # refusals are matched by their English words
    db.open_database(target)
    session = Session(Operator.get(Operator.username == "admin"))
    shared = Stay.get(Stay.name == "Shared Folio").id
    room = f"3{(number - 1) % 10 + 1:02d}"  # a room of its own for check-in and check-out
    deadline = time.monotonic() + seconds
    mine: list[int] = []  # this station's postings, some to void later
    with open(log_path, "a", encoding="ascii") as log:

        def post():
            amount = rnd.randint(1, 9999)
            t = time.perf_counter()
            p = folio.post(session, shared, "PRINT", amount)
            _ack(log, "post", p.id, amount, round((time.perf_counter() - t) * 1000, 3))
            mine.append(p.id)

        def void():
            if not mine:
                return post()
            pid = mine.pop(rnd.randrange(len(mine)))
            v = folio.void(session, pid, "station test")
            _ack(log, "void", pid, v.id)

        def call():
            b = ld.book(session, shared, "Test", "+44 20 7946 0000")
            _ack(log, "booked", b.id)
            head = ld.next_booking()
            if head is None:
                return
            placed = ld.place(session, head.id)
            ld.connected(session, placed.id)
            station_clock.ahead = timedelta(minutes=3)  # the call lasts 3 minutes: past the grace, so charged
            try:
                ended = ld.end(session, placed.id)
            finally:
                station_clock.ahead = timedelta(0)
            _ack(log, "ended", ended.id)

        def slip():
            s = messages.take(session, stay_id=shared, from_name="Caller", text="please call back")
            _ack(log, "slip", s.id, s.number)

        def in_out():
            today = hoteltime.today()
            for s in Stay.select().where(Stay.room == Room.get(Room.number == room).id, Stay.status == "in_house"):
                stays.check_out(session, s.id)
                _ack(log, "out", s.id)
            s = stays.check_in(session, stays.StayInput(room=room, name=f"Guest {number}", arrival=today,
                                                        departure=today + timedelta(days=1)))
            _ack(log, "in", s.id)

        ops = [post] * 5 + [void, call, slip, in_out]
        first = [post, void, call, slip, in_out]  # each kind once, however slow the machine, then at random
        while first or time.monotonic() < deadline:
            op = first.pop(0) if first else rnd.choice(ops)
            try:
                op()
            except DatabaseUnreachable:
                _ack(log, "unreachable", op.__name__)
                time.sleep(0.2)  # what an operator sees: "retrying"; the station reconnects by itself
            except DomainError as exc:
                text = exc.message()
                kind = "refused" if any(r in text for r in EXPECTED_REFUSALS) else "error"
                _ack(log, kind, op.__name__, json.dumps(text))
            except Exception as exc:  # noqa: BLE001 - anything else is an error the test counts
                _ack(log, "error", op.__name__, json.dumps(repr(exc)))
    db.close_database()


def verify(target: str, logs: list[Path]) -> dict:
    from hotel_phone import audit, db, folio
    from hotel_phone.db import (
        ChargeSlip,
        FolioPosting,
        LongDistanceBooking,
        MessageSlip,
        Stay,
    )

    acks: dict[str, list[list[str]]] = {}
    latencies = []
    for path in logs:
        for line in path.read_text().splitlines():
            kind, *rest = line.split(" ")
            acks.setdefault(kind, []).append(rest)
            if kind == "post":
                latencies.append(float(rest[2]))
    db.open_database(target)
    problems = []
    try:
        postings = {p.id: p for p in FolioPosting.select()}
        lost = [a for a in acks.get("post", []) if int(a[0]) not in postings]
        lost += [a for a in acks.get("void", []) if int(a[1]) not in postings]
        slips_acked = {int(a[1]) for a in acks.get("slip", [])}
        numbers = sorted(s.number for s in MessageSlip.select(MessageSlip.number))
        lost += [n for n in slips_acked if n not in set(numbers)]
        if lost:
            problems.append(f"{len(lost)} acknowledged writes lost")
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append("message slip numbers have gaps or duplicates")
        charge = sorted(s.number for s in ChargeSlip.select(ChargeSlip.number))
        if charge != list(range(1, len(charge) + 1)):
            problems.append("charge slip numbers have gaps or duplicates")
        ended_rows = list(LongDistanceBooking.select(LongDistanceBooking.id, LongDistanceBooking.charge_fen)
                          .where(LongDistanceBooking.status == "ended").tuples())
        ended = [bid for bid, _fen in ended_rows]
        for bid, fen in ended_rows:
            # A charged call is posted once with one slip; one rated at nothing (it never ran) has neither.
            want = 1 if fen else 0
            if FolioPosting.select().where(FolioPosting.source_key == f"longdistance:{bid}").count() != want:
                problems.append(f"call {bid} not posted exactly once" if want else f"uncharged call {bid} posted")
            if ChargeSlip.select().where(ChargeSlip.booking == bid).count() != want:
                problems.append(f"call {bid} has no charge slip" if want else f"uncharged call {bid} has a slip")
        lost_ended = [a for a in acks.get("ended", []) if int(a[0]) not in set(ended)]
        if lost_ended:
            problems.append(f"{len(lost_ended)} acknowledged ended calls lost")
        for stay in Stay.select():
            if folio.balance(stay.id) != sum(p.amount_fen for p in postings.values() if p.stay_id == stay.id):
                problems.append(f"balance of stay {stay.id} differs from its postings")
        verdict = audit.verify()
        if not verdict.ok:
            problems.append(f"audit chain broken at event {verdict.first_broken}")
        errors = acks.get("error", [])
        if errors:
            problems.append(f"{len(errors)} errors, e.g. {' '.join(errors[0])}")
        latencies.sort()
        result = {
            "postings": len(acks.get("post", [])), "voids": len(acks.get("void", [])),
            "calls_ended": len(acks.get("ended", [])), "slips": len(slips_acked),
            "calls_charged": sum(1 for _bid, fen in ended_rows if fen),
            "check_ins": len(acks.get("in", [])), "check_outs": len(acks.get("out", [])),
            "refused": len(acks.get("refused", [])), "unreachable": len(acks.get("unreachable", [])),
            "errors": len(errors), "audit_events": verdict.events, "problems": problems,
            "post_p50_ms": round(latencies[len(latencies) // 2], 2) if latencies else None,
            "post_p99_ms": round(latencies[int(len(latencies) * 0.99)], 2) if latencies else None,
        }
    finally:
        db.close_database()
    return result


def run(target: str, stations: int = 4, seconds: float = 60, kill_every: float = 0,
        restart_pgdata: str = "", folder: str | None = None) -> dict:
    folder = Path(folder or tempfile.mkdtemp(prefix="hotel-stations-"))
    setup(target)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    logs: list[Path] = []
    procs: dict[int, subprocess.Popen] = {}
    started = time.monotonic()

    def start(slot: int, remaining: float) -> None:
        log = folder / f"station-{slot}-{len(logs)}.log"
        log.touch()
        logs.append(log)
        procs[slot] = subprocess.Popen(
            [sys.executable, __file__, "--station", str(slot), "--db", target, "--seconds", str(remaining),
             "--log", str(log), "--seed", str(len(logs))], env=env)

    for slot in range(1, stations + 1):
        start(slot, seconds)
    rnd = random.Random(7)
    kills = restarts = 0
    next_kill = started + kill_every if kill_every else None
    restart_at = started + seconds / 2 if restart_pgdata else None
    while any(p.poll() is None for p in procs.values()):
        now = time.monotonic()
        if next_kill and now >= next_kill and now < started + seconds - 2:
            slot = rnd.choice(list(procs))
            procs[slot].send_signal(signal.SIGKILL)
            procs[slot].wait()
            kills += 1
            start(slot, started + seconds - time.monotonic())
            next_kill = now + kill_every
        if restart_at and now >= restart_at:
            restart_at = None
            pg_ctl = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin") + "/pg_ctl"
            cmd = [pg_ctl, "-D", restart_pgdata, "-w", "-m", "fast", "restart"]
            if os.getuid() == 0:
                cmd = ["runuser", "-u", "postgres", "--", *cmd]
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            restarts += 1
        time.sleep(0.05)
    crashed = [p.returncode for p in procs.values() if p.returncode not in (0, -signal.SIGKILL)]
    result = verify(target, logs)
    result.update(stations=stations, seconds=seconds, kills=kills, server_restarts=restarts,
                  backend="postgresql" if target.startswith("postgres") else "sqlite")
    if crashed:
        result["problems"].append(f"stations exited with {crashed}")
    return result


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", required=True, help="an empty database: SQLite file path or postgresql:// address")
    p.add_argument("--stations", type=int, default=4)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--kill-every", type=float, default=0)
    p.add_argument("--restart-pgdata", default="")
    p.add_argument("--station", type=int)
    p.add_argument("--log")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    if args.station:
        station(args.db, args.station, args.seconds, args.log, args.seed)
        return
    result = run(args.db, args.stations, args.seconds, args.kill_every, args.restart_pgdata)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    sys.exit(1 if result["problems"] else 0)


if __name__ == "__main__":
    main()
