"""The folio follows the guest: found after check-out, settled at the cashier, voids withdraw slips, the report."""

import csv
from datetime import date

import pytest
from pypdf import PdfReader

from hotel_phone import auth, checkout, cli, db, folio, report, stays
from hotel_phone import longdistance as ld
from hotel_phone.db import Settlement
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


def _call(session, stay_id, clock, minutes=3, number="+44 20 7946 0958"):
    b = ld.book(session, stay_id, "home", number)
    ld.place(session, b.id)
    ld.connected(session, b.id)
    clock.advance(minutes=minutes)
    return ld.end(session, b.id)


def test_checkout_shows_the_balance_and_the_cashier_settles_after(hotel, guest, cashier, fixed_clock):
    call = _call(hotel, guest.id, fixed_clock)
    folio.post(hotel, guest.id, "FAX", 1000)
    due = call.charge_fen + 1000
    assert f"Balance to settle at the cashier: CN¥{due / 100:.2f}." in checkout.warnings(guest.id)
    stays.check_out(hotel, guest.id)
    # Departed, still found: by name, pinyin and room, marked with the day of check-out.
    for query in ("王小明", "wangxiaoming", "305"):
        [choice] = [c for c in folio.find_stays(query) if c.stay_id == guest.id]
        assert choice.departed_on == date(2026, 11, 28)
    with pytest.raises(ValidationError, match="required"):
        folio.settle(cashier, guest.id, "pms", "")
    with pytest.raises(ValidationError, match="how the guest paid"):
        folio.settle(cashier, guest.id, "cheque")
    pay = folio.settle(cashier, guest.id, "pms", "PMS-88213")
    f = folio.load(guest.id)
    assert f.balance_fen == 0 and f.lines[-1].code == "PAY" and pay.amount_fen == -due
    assert f.lines[-1].description_en == "Settlement: transferred to the PMS account PMS-88213"
    assert Settlement.get(Settlement.posting == pay.id).method == "pms"
    with pytest.raises(ValidationError, match="Nothing to settle"):
        folio.settle(cashier, guest.id, "cash")


def test_a_settlement_is_undone_only_by_a_supervisors_void(hotel, guest, cashier):
    folio.post(hotel, guest.id, "FAX", 1000)
    pay = folio.settle(cashier, guest.id, "card", "slip 0042")
    with pytest.raises(PermissionDenied):
        folio.void(cashier, pay.id, "wrong card")
    with pytest.raises(ValidationError, match="not adjusted"):
        folio.adjust(hotel, pay.id, 500, "part")
    folio.void(hotel, pay.id, "card declined")
    assert folio.balance(guest.id) == 1000
    folio.settle(cashier, guest.id, "cash")
    assert folio.balance(guest.id) == 0


def test_voiding_a_call_withdraws_its_slip_and_its_revenue(hotel, guest, fixed_clock):
    kept = _call(hotel, guest.id, fixed_clock, 2, "010 6512 3456")
    wrong = _call(hotel, guest.id, fixed_clock, 4)
    assert {s.booking_id for s in folio.slips()} == {kept.id, wrong.id}
    posting = folio.load(guest.id).lines[1]
    folio.void(hotel, posting.id, "line fault")
    assert [s.booking_id for s in folio.slips()] == [kept.id]
    assert folio.untaken_slips_for_stay(guest.id) == 1
    r = report.build(date(2026, 11, 28))
    assert r.ld_by_zone == {kept.zone_code: (1, kept.charge_fen)}
    assert r.revenue_fen == kept.charge_fen and r.voids[0][3] == "line fault"
    assert r.charge_slips == 2 and r.charge_slips_withdrawn == 1


def test_report_counts_outcomes_and_slips_and_the_csv_opens_in_excel(hotel, guest, cashier, fixed_clock, tmp_path,
                                                                    database):
    b = ld.book(hotel, guest.id, "office", "+81 3 1234 5678")
    ld.place(hotel, b.id)
    ld.not_connected(hotel, b.id, "busy")
    ld.place(hotel, b.id)
    ld.not_connected(hotel, b.id, "no_answer")
    ld.cancel(hotel, b.id, "guest went out")
    call = _call(hotel, guest.id, fixed_clock, 3, "+81 3 1234 5678")
    folio.settle(cashier, guest.id, "cash")
    r = report.build(date(2026, 11, 28))
    assert r.ld_outcomes == {"ended": 1, "busy": 1, "no_answer": 1, "cancelled": 1}
    assert r.settlements == {"cash": (1, call.charge_fen)} and r.revenue_fen == call.charge_fen
    db.close_database()
    path = tmp_path / "daily.csv"
    assert cli.main(["--lang", "zh_CN", "report", "2026-11-28", "--csv", str(path), "--db", str(database)]) == 0
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["栏目", "项目", "数量", "金额(元)"]
    by_item = {(row[0], row[1]): row for row in rows[1:]}
    assert by_item[("长途电话(按资费区)", "亚洲")][2:] == ["1", report.yuan(call.charge_fen)]
    assert by_item[("长途电话", "占线")][2] == "1" and by_item[("长途电话", "无人接听")][2] == "1"
    assert by_item[("长途电话", "已取消")][2] == "1" and by_item[("长途电话", "已开计费单")][2] == "1"
    assert by_item[("前台结账", "现金")][3] == f"{call.charge_fen // 100}.{call.charge_fen % 100:02d}"
    assert "intl_asia" not in path.read_text(encoding="utf-8-sig")
    assert report.yuan(5) == "0.05" and report.yuan(-123456) == "-1234.56" and report.yuan(None) == ""


def test_folio_by_date_and_by_stay_after_departure(hotel, guest, database, fixed_clock, tmp_path, capsys):
    folio.post(hotel, guest.id, "FAX", 1000)
    stays.check_out(hotel, guest.id)
    fixed_clock.advance(days=1)
    db.close_database()
    assert cli.main(["--lang", "en", "folio", "305", "--date", "2026-11-28", "--pdf", str(tmp_path / "d.pdf"),
                     "--db", str(database)]) == 0
    assert "Wang Xiaoming" in PdfReader(tmp_path / "d.pdf").pages[0].extract_text()
    db.close_database()
    assert cli.main(["--lang", "en", "folio", "305", "--stay", str(guest.id), "--pdf", str(tmp_path / "s.pdf"),
                     "--db", str(database)]) == 0
    assert "10.00" in PdfReader(tmp_path / "s.pdf").pages[0].extract_text()
    db.close_database()
    assert cli.main(["--lang", "en", "folio", "305", "--date", "2026-12-20", "--pdf", str(tmp_path / "x.pdf"),
                     "--db", str(database)]) == 2
    assert "Nobody stayed in room 305 on 2026-12-20" in capsys.readouterr().err
    db.close_database()
    assert cli.main(["--lang", "en", "folio", "306", "--stay", str(guest.id), "--pdf", str(tmp_path / "y.pdf"),
                     "--db", str(database)]) == 2
    assert "is not in room 306" in capsys.readouterr().err
