import io
import multiprocessing
import shutil
import subprocess
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st
from pypdf import PdfReader

from hotel_phone import auth, checkout, cli, db, folio, longdistance as ld, money, report, stays
from hotel_phone.db import AuditEvent, FolioPosting
from hotel_phone.documents import daily_report, folio as folio_pdf
from hotel_phone.errors import PermissionDenied, ValidationError
from hotel_phone.stays import StayInput


@pytest.fixture
def guest(hotel):
    return stays.check_in(hotel, StayInput(room="305", name_zh="王小明", name="Wang Xiaoming", title="mr",
                                           language="zh_CN", arrival=date(2026, 11, 27), departure=date(2026, 11, 30)))


@pytest.fixture
def cashier(hotel):
    auth.create_operator(hotel, "cash", "Chen Jing", "cashier", "secret123")
    return auth.sign_in("cash", "secret123")


def test_post_void_adjust_and_balance(hotel, guest):
    fax = folio.post(hotel, guest.id, "FAX", 1000, "3 pages")
    prn = folio.post(hotel, guest.id, "PRINT", 200)
    assert folio.balance(guest.id) == 1200
    folio.adjust(hotel, prn.id, 150, "two pages only")
    folio.void(hotel, fax.id, "sent by mistake")
    f = folio.load(guest.id)
    assert f.balance_fen == 150 and [line.amount_fen for line in f.lines] == [1000, 200, -50, -1000]
    assert [line.balance_fen for line in f.lines] == [1000, 1200, 1150, 150]
    assert f.lines[0].voided and f.totals == {"FAX": 1000, "PRINT": 200, "ADJ": -50, "VOID": -1000}
    assert FolioPosting.get_by_id(fax.id).amount_fen == 1000  # never edited


def test_corrections_are_refused_when_they_should_be(hotel, guest, cashier):
    fax = folio.post(hotel, guest.id, "FAX", 1000)
    with pytest.raises(PermissionDenied):
        folio.void(cashier, fax.id, "no")
    with pytest.raises(ValidationError, match="required"):
        folio.void(hotel, fax.id, "  ")
    v = folio.void(hotel, fax.id, "mistake")
    with pytest.raises(ValidationError, match="cannot itself be voided"):
        folio.void(hotel, v.id, "undo")
    with pytest.raises(ValidationError, match="already voided"):
        folio.void(hotel, fax.id, "again")
    for bad in (0, -5, 10**9):
        with pytest.raises(ValidationError):
            folio.post(hotel, guest.id, "FAX", bad)
    with pytest.raises(ValidationError, match="Unknown charge code"):
        folio.post(hotel, guest.id, "CAVIAR", 100)
    assert FolioPosting.select().count() == 2


def test_parse_yuan():
    assert money.parse("12.50") == 1250 and money.parse("¥3") == 300
    for bad in ("12.505", "abc", "", "NaN", "1e5x"):
        with pytest.raises(ValidationError):
            money.parse(bad)


def test_folio_for_a_room_with_no_stay(hotel):
    with pytest.raises(ValidationError, match="no guest in house"):
        stays.stays_in_room("202")
    with pytest.raises(ValidationError, match="does not exist"):
        stays.stays_in_room("999")


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["post", "void", "adjust"]), st.integers(1, 50000), st.integers(0, 30)),
                max_size=25))
def test_balance_is_the_sum_of_postings(hotel, guest, ops):
    from hotel_phone.errors import DomainError

    for op, amount, pick in ops:
        ids = [line.id for line in folio.load(guest.id).lines]
        try:
            if op == "post" or not ids:
                folio.post(hotel, guest.id, "FAX", amount)
            elif op == "void":
                folio.void(hotel, ids[pick % len(ids)], "test")
            else:
                folio.adjust(hotel, ids[pick % len(ids)], amount, "test")
        except DomainError:
            pass
    f = folio.load(guest.id)
    assert f.balance_fen == sum(p.amount_fen for p in FolioPosting.select().where(FolioPosting.stay == guest.id))
    assert f.balance_fen == sum(f.totals.values()) == folio.balance(guest.id)


def _post_many(path, stay_id, n):
    from hotel_phone import db as pdb, folio as pfolio
    from hotel_phone.session import Session

    pdb.open_database(path)
    session = Session(pdb.Operator.get(pdb.Operator.username == "admin"))
    for _ in range(n):
        pfolio.post(session, stay_id, "PRINT", 100)
    pdb.close_database()


def test_two_stations_posting_lose_nothing(hotel, guest, database):
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_post_many, args=(str(database), guest.id, 40)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0]
    assert folio.balance(guest.id) == 80 * 100 and FolioPosting.select().count() == 80


def test_long_folio_pdf(hotel, guest, tmp_path):
    for i in range(150):
        folio.post(hotel, guest.id, ["FAX", "PRINT", "PARCEL"][i % 3], 100 + i)
    f = folio.load(guest.id)
    pdf = folio_pdf.render(f)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 3
    texts = [page.extract_text() for page in reader.pages]
    for n, text in enumerate(texts, start=1):
        assert f"第 {n} 页,共 {len(texts)} 页" in text and "Page" in text and "王小明" in text
    everything = "".join(texts)
    for i in range(150):
        assert f"¥{(100 + i) / 100:.2f}" in everything
    assert f"¥{f.balance_fen / 100:,.2f}" in texts[-1]
    english = PdfReader(io.BytesIO(folio_pdf.render(f, "en", bilingual=False))).pages[0].extract_text()
    assert "Guest folio" in english and "宾客账单" not in english
    if shutil.which("pdftoppm"):
        (tmp_path / "f.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(tmp_path / "f.pdf"),
                        str(tmp_path / "f")], check=True)
        assert list(tmp_path.glob("f*.png"))


def test_cashier_takes_slips_and_checkout_warns(hotel, guest, cashier, fixed_clock):
    b = ld.book(hotel, guest.id, "home", "010 6512 3456")
    ld.place(hotel, b.id)
    ld.connected(hotel, b.id)
    fixed_clock.advance(minutes=2)
    ld.end(hotel, b.id)
    assert [s.booking_id for s in folio.slips()] == [b.id]
    assert "1 charge slip not yet taken by the cashier." in checkout.warnings(guest.id)
    auth.create_operator(hotel, "op", "Op", "operator", "secret123")
    with pytest.raises(PermissionDenied):
        folio.take_slip(auth.sign_in("op", "secret123"), b.id)
    folio.take_slip(cashier, b.id)
    with pytest.raises(ValidationError, match="already taken"):
        folio.take_slip(cashier, b.id)
    assert folio.slips() == [] and folio.slips(untaken_only=False)[0].taken_by == "Chen Jing"
    assert not any("slip" in w for w in checkout.warnings(guest.id))


def test_daily_report_matches_the_postings(hotel, guest, fixed_clock, tmp_path):
    fax = folio.post(hotel, guest.id, "FAX", 1000)
    folio.post(hotel, guest.id, "PRINT", 250)
    folio.void(hotel, fax.id, "wrong room")
    b = ld.book(hotel, guest.id, "home", "+44 20 7946 0958")
    ld.place(hotel, b.id)
    ld.connected(hotel, b.id)
    fixed_clock.advance(minutes=3)
    b = ld.end(hotel, b.id)
    r = report.build(date(2026, 11, 28))
    rows = [line.split(",") for line in report.to_csv(r).splitlines()[1:]]
    total = next(int(row[3]) for row in rows if row[:2] == ["postings", "total"])
    assert total == sum(p.amount_fen for p in FolioPosting.select())
    assert ["long_distance", "intl_europe", "1", str(b.charge_fen)] == next(row for row in rows if row[0] == "long_distance")
    assert r.voids[0][3] == "wrong room"
    text = PdfReader(io.BytesIO(daily_report.render(r))).pages[0].extract_text()
    assert "总机日报" in text and "wrong room" in text
    with pytest.raises(ValidationError, match="future"):
        report.build(date(2026, 11, 29))


def test_cli_folio_and_report(hotel, guest, database, tmp_path, capsys):
    folio.post(hotel, guest.id, "FAX", 1000)
    db.close_database()
    assert cli.main(["folio", "305", "--pdf", str(tmp_path / "f.pdf"), "--lang", "en", "--db", str(database)]) == 0
    assert "Guest folio" in PdfReader(tmp_path / "f.pdf").pages[0].extract_text()
    db.close_database()
    assert cli.main(["--lang", "en", "folio", "202", "--pdf", str(tmp_path / "g.pdf"), "--db", str(database)]) == 2
    assert "no guest in house" in capsys.readouterr().err
    db.close_database()
    assert cli.main(["--lang", "en", "report", "2026-11-28", "--csv", str(tmp_path / "r.csv"), "--pdf",
                     str(tmp_path / "r.pdf"), "--db", str(database)]) == 0
    assert "postings,FAX,1,1000" in (tmp_path / "r.csv").read_text()
    db.close_database()
    assert cli.main(["--lang", "en", "report", "2027-01-01", "--db", str(database)]) == 2
    assert AuditEvent.select().count() > 0
