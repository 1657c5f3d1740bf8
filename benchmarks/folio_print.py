"""Printing a 150-posting folio (our document: bilingual, wrapped paragraphs, page n of N) beside a bare
reportlab table of the same rows in the same font; and a 10-page folio beside a 1-page one.

    python benchmarks/folio_print.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hotel_phone import db, demo, folio, hoteltime, stays  # noqa: E402
from hotel_phone.documents import folio as folio_pdf  # noqa: E402
from hotel_phone.documents.fonts import cjk_font  # noqa: E402


def bare_table(f: folio.Folio) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    buf = io.BytesIO()
    rows = [["date", "code", "description", "amount", "balance"]] + [
        [str(line.posted_at)[:16], line.code, line.description_zh, str(line.amount_fen), str(line.balance_fen)]
        for line in f.lines]
    t = Table(rows, repeatRows=1)
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), cjk_font())]))
    SimpleDocTemplate(buf, pagesize=A4).build([t])
    return buf.getvalue()


def timed(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def folio_with(n: int) -> folio.Folio:
    session = demo_session
    stay = stays.StayInput(room=free_rooms.pop(), name="Bench Mark", arrival=hoteltime.today(),
                           departure=hoteltime.today())
    s = stays.check_in(session, stay)
    for i in range(n):
        folio.post(session, s.id, ["FAX", "PRINT", "PARCEL"][i % 3], 100 + i)
    return folio.load(s.id)


def main() -> None:
    global demo_session, free_rooms
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    db.open_database(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    demo_session = demo.build()
    occupied = {r.room for r in stays.search("", 10000)}
    free_rooms = [r for r in stays.all_rooms() if r not in occupied]
    f150 = folio_with(150)
    cjk_font()
    ours = timed(lambda: folio_pdf.render(f150), args.repeat)
    bare = timed(lambda: bare_table(f150), args.repeat)
    pages = len(__import__("pypdf").PdfReader(io.BytesIO(folio_pdf.render(f150))).pages)
    print(f"150 postings ({pages} pages): folio {ours * 1000:.0f} ms, bare table {bare * 1000:.0f} ms, "
          f"ratio {ours / bare:.2f}x")
    one = folio_with(20)
    per_page = max(1, round(150 / pages))
    ten = folio_with(per_page * 10)
    t1 = timed(lambda: folio_pdf.render(one), args.repeat)
    t10 = timed(lambda: folio_pdf.render(ten), args.repeat)
    print(f"1 page: {t1 * 1000:.0f} ms; ~10 pages ({per_page * 10} postings): {t10 * 1000:.0f} ms, "
          f"ratio {t10 / t1:.2f}x")


if __name__ == "__main__":
    main()
