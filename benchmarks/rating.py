"""Rating throughput: 1,000,000 synthetic calls through the tariff's Rater, beside a bare
longest-prefix dictionary loop over the same calls (the floor any rater must pay).

    python benchmarks/rating.py [--calls 1000000]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hotel_phone import tariff  # noqa: E402


def synthetic_calls(n: int) -> list[tuple[str, int, int]]:
    rnd = random.Random(11)
    heads = ["8621", "8610", "8613", "8618", "852", "886", "81", "82", "44", "33", "49", "1", "61", "971", "7"]
    return [(rnd.choice(heads) + str(rnd.randrange(10**7, 10**8)), rnd.randint(0, 3600), rnd.randrange(1440))
            for _ in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=1_000_000)
    args = parser.parse_args()
    calls = synthetic_calls(args.calls)
    rater = tariff.Rater(tariff.default_spec())

    table = rater.by_prefix
    lengths = rater.lengths
    t = time.perf_counter()
    found = 0
    for digits, _seconds, _minute in calls:  # bare: the zone lookup alone
        for n in lengths:
            if digits[:n] in table:
                found += 1
                break
    bare = time.perf_counter() - t

    t = time.perf_counter()
    total = 0
    for digits, seconds, minute in calls:
        total += rater.rate(digits, seconds, minute).charge_fen
    rated = time.perf_counter() - t

    n = len(calls)
    print(f"{'':<28}{'seconds':>10}{'calls/s':>14}")
    print(f"{'bare prefix lookup':<28}{bare:>10.2f}{n / bare:>14,.0f}")
    print(f"{'Rater.rate (full rule)':<28}{rated:>10.2f}{n / rated:>14,.0f}")
    print(f"ratio {rated / bare:.2f}x; {found} zoned, total {total / 100:,.2f} yuan")


if __name__ == "__main__":
    main()
