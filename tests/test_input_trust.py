"""Input that attacks: invisible characters in names, spreadsheet formulas in CSV, absurd amounts, fuzzed files,
notes and reasons."""

import ast
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotel_phone import (
    calls,
    casestats,
    directory,
    folio,
    report,
    stays,
    tariff,
    textcheck,
    wakeup,
)
from hotel_phone.db import Stay
from hotel_phone.directory import EntryInput
from hotel_phone.errors import DomainError, ValidationError
from hotel_phone.stays import StayInput

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])
NASTY = st.one_of(st.text(), st.just("=HYPERLINK(\"http://x\",\"y\")"), st.just("\u202e\u200b"),
                  st.just("a" * 200_000), st.just("\x00"), st.just("1e30"), st.just("NaN"))


def only_domain_errors(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except DomainError as exc:
        assert exc.message()
        return None


def test_invisible_characters_are_removed_and_a_blank_name_refused(hotel):
    stay = stays.check_in(hotel, StayInput(room="305", name="John\u200b Smith\u202e", notes="late\u2066 arrival",
                                           arrival=date(2026, 11, 28), departure=date(2026, 11, 30)))
    assert stay.name == "John Smith" and stay.notes == "late arrival"
    assert stays.search("john smith")[0][0] == stay.id
    with pytest.raises(ValidationError):
        stays.check_in(hotel, StayInput(room="306", name="\u200b\u200d\u2060\ufeff", arrival=date(2026, 11, 28),
                                        departure=date(2026, 11, 30)))
    assert textcheck.strip_invisible("a\u00adb\u3164c\u034f") == "abc"


def test_money_parser_refuses_exponents_nan_infinity_and_huge_amounts():
    from hotel_phone import money

    assert money.parse("12.50") == 1250 and money.parse("¥3") == 300 and money.parse("1,000") == 100000
    for bad in ("1e30", "1E5", "NaN", "nan", "Infinity", "-inf", "12.505", "0x10", "1_000", "１２", "9999999999999",
                " . ", "--1"):
        with pytest.raises(ValidationError):
            money.parse(bad)


def test_every_csv_cell_that_could_be_a_formula_is_escaped(hotel, tmp_path):
    directory.add(hotel, EntryInput(category="taxi", name_zh="", name_en="=HYPERLINK(\"http://evil\",\"x\")", number="110",
                                    notes_en="@SUM(A1)"))
    text = directory.export_csv()
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text and "\n=" not in text and ",=" not in text
    assert textcheck.csv_cell("-500") == "-500" and textcheck.csv_cell("-1+2") == "'-1+2"
    assert textcheck.csv_cell("\tcmd") == "'\tcmd" and textcheck.csv_cell(-5) == -5


def test_nothing_writes_csv_but_through_the_safe_writer():
    """Every CSV the app writes goes through textcheck.SafeWriter (other areas add exports too)."""
    root = Path(__file__).resolve().parent.parent / "hotel_phone"
    offenders = []
    for path in root.rglob("*.py"):
        if path.name == "textcheck.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("writer", "DictWriter") and \
                    isinstance(node.value, ast.Name) and node.value.id == "csv":
                offenders.append(f"{path.relative_to(root.parent)}:{node.lineno}")
    assert not offenders, f"write CSV with hotel_phone.textcheck.SafeWriter instead of csv.writer: {offenders}"


def test_report_and_case_statistics_escape_text_cells(hotel):
    stay = stays.check_in(hotel, StayInput(room="305", name="John Smith", arrival=date(2026, 11, 28),
                                           departure=date(2026, 11, 30)))
    p = folio.post(hotel, stay.id, "FAX", 500)
    folio.void(hotel, p.id, "=cmd|' /C calc'!A0")
    text = report.to_csv(report.build(date(2026, 11, 28)), "en").decode("utf-8-sig")
    assert "=cmd" in text and ",=cmd" not in text
    assert casestats.to_csv([]).startswith(casestats.CSV_COLUMNS[0])


def test_a_huge_directory_field_is_refused_not_a_crash(hotel, tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("category,number,name_en\ntaxi,110,\"" + "x" * 200_000 + "\"\n", encoding="utf-8")
    report_ = only_domain_errors(directory.import_csv, hotel, path)
    assert report_ is None or report_.imported == 0


@FUZZ
@given(blob=st.binary(max_size=3000))
def test_fuzzed_directory_files(hotel, tmp_path_factory, blob):
    path = tmp_path_factory.mktemp("dir") / "d.csv"
    path.write_bytes(b"category,number,name_en,notes_en\n" + blob)
    only_domain_errors(directory.import_csv, hotel, path)


@FUZZ
@given(doc=st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20)),
                        lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                        max_leaves=20))
def test_fuzzed_tariff_files(hotel, doc):
    only_domain_errors(tariff.from_json, json.dumps(doc))
    base = json.loads(tariff.to_json(tariff.load(tariff.current()[0])))
    if isinstance(doc, dict):
        base["zones"][0].update({k: v for k, v in doc.items() if k != "bands"})
        only_domain_errors(tariff.from_json, json.dumps(base))
    only_domain_errors(tariff.from_json, "[" * 100_000)


@FUZZ
@given(reason=NASTY, note=NASTY)
def test_fuzzed_reasons_and_notes(hotel, reason, note):
    stay = Stay.select().first() or stays.check_in(hotel, StayInput(
        room="305", name="John Smith", arrival=date(2026, 11, 28), departure=date(2026, 11, 30)))
    p = folio.post(hotel, stay.id, "FAX", 500)
    only_domain_errors(folio.void, hotel, p.id, reason)
    only_domain_errors(folio.adjust, hotel, p.id, 100, reason)
    call = calls.start(hotel, "outside", "en")
    only_domain_errors(calls.add_note, hotel, call.id, note)
    calls_ = wakeup.schedule(hotel, ["305"], "06:30", first=date(2026, 11, 29))
    only_domain_errors(wakeup.cancel, hotel, calls_[0].id, reason)
