"""Numbers as typed and cities by name, per keystroke, beside bare baselines in the same run.

- quote: longdistance.destination (dialling plan, geocoder, time zones, a range when ambiguous)
  beside phonenumbers.parse + is_valid_number alone on the same numbers;
- city search: places.find (CLDR cities and countries, pinyin, accent-free, ranked) beside a bare
  substring scan of the same English names; and the one-off cost of building the index.

    python benchmarks/numbers_and_cities.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

NUMBERS = ["6321 8888", "021-6321 8888 转 123", "010 6512 3456", "138 0013 8000", "12345", "95588", "400 800 8888",
           "+1 800 356 9377", "+44 20 7946 0958", "+61 412 345 678", "+61 8 9222 1234", "00852 2123 4567",
           "+81 3 1234 5678", "+64 21 123 4567", "+49 89 12345678", "+7 913 123 4567"]
QUERIES = ["f", "fr", "fra", "frank", "frankfurt", "m", "mu", "mum", "mumbai", "h", "ha", "han", "hanoi", "wu", "wulu",
           "wulumuqi", "河", "河内", "澳", "澳大利亚", "perth", "pos", "kath", "ulaan", "mexico", "honolulu"]


def per_call(fn, items, rounds=5) -> list[float]:
    times = []
    for _ in range(rounds):
        for item in items:
            t = time.perf_counter()
            fn(item)
            times.append(time.perf_counter() - t)
    return times


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    os.environ["HOTEL_PHONE_DATA_DIR"] = str(tmp / "data")
    os.environ["HOTEL_PHONE_CONFIG_DIR"] = str(tmp / "config")
    import phonenumbers

    from hotel_phone import db, hotelsetup, longdistance, places, rooms
    from hotel_phone.names import fold

    db.open_database(tmp / "bench.sqlite3")
    hotelsetup.set_up(hotelsetup.HotelSetup(name_zh="测", name_en="Bench", rooms=tuple(rooms.parse_floor_spec("2x5")),
                                            admin_username="admin", admin_name="A", admin_password="secret123"))
    longdistance.destination(NUMBERS[0])  # geocoder and metadata loaded once, as in the app after first use

    def bare_parse(text):
        try:
            n = phonenumbers.parse(text, "CN")
            return phonenumbers.is_valid_number(n)
        except phonenumbers.NumberParseException:
            return False

    ours = per_call(longdistance.destination, NUMBERS)
    bare = per_call(bare_parse, NUMBERS)

    t = time.perf_counter()
    places.warm_up()
    build = time.perf_counter() - t
    names = [fold(e.name_en) for e in places.cities()]
    city_ours = per_call(places.find, QUERIES)
    city_bare = per_call(lambda q: [n for n in names if fold(q) in n], QUERIES)

    def row(label, a, b, beside):
        ma, mb = statistics.median(a) * 1000, statistics.median(b) * 1000
        print(f"| {label:<36} | {ma:>10.2f} ms | {mb:>10.3f} ms ({beside}) | {ma / mb:>6.1f} |")

    print("| measure                              |          ours |                     beside |  ratio |")
    row("number typed → quote's destination", ours, bare, "phonenumbers.parse")
    row("city search / keystroke, median", city_ours, city_bare, "bare substring scan")
    print(f"| {'p95 city search':<36} | {sorted(city_ours)[int(len(city_ours) * .95)] * 1000:>10.2f} ms |")
    print(f"| {'city index built once (off the GUI)':<36} | {build * 1000:>10.0f} ms | {len(names)} cities |")


if __name__ == "__main__":
    main()
