"""The application form and the statement on paper, and the staff-calls commands."""

from __future__ import annotations

import io
from datetime import timedelta

from pypdf import PdfReader

from hotel_phone import cli, db, staffcalls, staffrules
from hotel_phone.documents import fonts, staff_phone
from tests.test_staffcalls import CALL_AT, Company, call


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for f in page["/Resources"]["/Font"].values():
            f = f.get_object()
            descriptor = f.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in f:
                descriptor = f["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                names.add(str(f["/BaseFont"]))
    return names


def test_application_form_in_both_languages_with_the_cjk_font_embedded(hotel):
    company = Company(hotel)
    app = company.apply()
    staffcalls.decide(company.sessions["luoxia"], app.id, True, "OK")
    row = staffcalls.application(app.id)
    assert fonts.embedded(), "a TrueType CJK font must be installed (fonts-wqy-microhei)"
    for lang, first, second in (("zh_CN", "长途电话申请单", "Long-distance call application"),
                                ("en", "Long-distance call application", "长途电话申请单")):
        pdf = staff_phone.application_form(row, lang)
        text = _text(pdf)
        assert text.index(first) < text.index(second)
        assert "郑超" in text and "Client Co." in text and "contract terms" in text and "罗霞" in text
        assert "部门负责人签字" in text and "Department manager's signature" in text
        assert _fonts(pdf), "the CJK TrueType font is embedded"


def test_statement_pdf_in_both_languages(hotel, fixed_clock):
    company = Company(hotel)
    call(number="0085221234567")
    fixed_clock.set(CALL_AT + timedelta(days=4))
    s = staffcalls.statement(company.sales.id, staffcalls.parse_month("2026-11"))
    for lang in ("zh_CN", "en"):
        text = _text(staff_phone.statement(s, lang))
        assert "员工电话结算单" in text and "Staff telephone statement" in text and "郑超" in text
        assert ("¥100.00" in text) and (("私人电话" in text) if lang == "zh_CN" else ("Private calls" in text))


def test_statement_command_writes_pdf_and_csv(hotel, database, tmp_path, fixed_clock, capsys):
    company = Company(hotel)
    call()
    fixed_clock.set(CALL_AT + timedelta(days=3))
    db.close_database()
    pdf, csv_file = tmp_path / "s.pdf", tmp_path / "s.csv"
    assert cli.main(["--lang", "en", "staff-calls", "statement", "--month", "2026-11", "--dept", "SA", "--pdf",
                     str(pdf), "--csv", str(csv_file), "--db", str(database)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF") and "total_private" in csv_file.read_text(encoding="utf-8")
    assert "private,2026-11-28 15:00,郑超" in csv_file.read_text(encoding="utf-8")
    assert cli.main(["--lang", "en", "staff-calls", "statement", "--month", "nov", "--dept", "SA", "--db",
                     str(database)]) == 2
    assert "not a month" in capsys.readouterr().err
    assert company.sales.code == "SA"


def test_rules_export_edit_import_and_classes_csv(hotel, database, tmp_path, monkeypatch, capsys):
    rules_file, classes = tmp_path / "rules.json", tmp_path / "classes.csv"
    db.close_database()
    assert cli.main(["--lang", "en", "staff-calls", "rules", "export", str(rules_file), "--db", str(database)]) == 0
    text = rules_file.read_text(encoding="utf-8")
    assert '"international": 50000' in text and '"approval_days": 3' in text
    rules_file.write_text(text.replace('"approval_days": 3', '"approval_days": 5'), encoding="utf-8")
    monkeypatch.setenv("HOTEL_PHONE_PASSWORD", "secret123")
    assert cli.main(["--lang", "en", "staff-calls", "rules", "import", str(rules_file), "--user", "admin", "--db",
                     str(database)]) == 0
    assert staffrules.current()[1].approval_days == 5
    assert len(staffrules.history()) == 2
    db.close_database()
    assert cli.main(["--lang", "en", "staff-calls", "classes", "--csv", str(classes), "--db", str(database)]) == 0
    assert classes.read_text(encoding="utf-8").startswith("extension,class_of_service,class,kind,owner")


def test_link_and_pending_commands(hotel, database, monkeypatch, capsys, fixed_clock):
    company = Company(hotel)
    call()
    company.apply(target="021")
    fixed_clock.set(CALL_AT + timedelta(hours=1))
    db.close_database()
    monkeypatch.setenv("HOTEL_PHONE_PASSWORD", "secret123")
    assert cli.main(["--lang", "en", "staff-calls", "link", "deskboss", "--extension", "8402", "--user", "admin",
                     "--db", str(database)]) == 0
    assert "signs as 罗霞" in capsys.readouterr().out
    db.close_database()
    assert cli.main(["--lang", "en", "staff-calls", "pending", "--dept", "SA", "--db", str(database)]) == 0
    out = capsys.readouterr().out
    assert "郑超 ext 8403 to +861065123456, 2 d 23 h left to approve" in out and "awaiting decision" in out
    db.close_database()
    assert cli.main(["--lang", "en", "staff-calls", "link", "deskboss", "--extension", "9999", "--user", "admin",
                     "--db", str(database)]) == 2
