"""PBX call records: each format's documented samples, read, matched, rated and posted once."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotel_phone import audit, folio, stays, tariff
from hotel_phone.db import Department, FolioPosting, PbxCall, PbxLine, PbxSlip, Staff
from hotel_phone.errors import ValidationError
from hotel_phone.pbx import formats, sources
from hotel_phone.stays import StayInput
from tests.conftest import SHANGHAI

DATA = Path(__file__).parent / "data" / "pbx"
SAMPLES = {  # format, file, zone of the record times (the sample cdr.conf sets usegmtime)
    "asterisk-uniqueid": ("asterisk-uniqueid.csv", "UTC"),
    "freeswitch": ("freeswitch.csv", ""),
    "avaya-ipo": ("avaya-ipo.csv", ""),
    "panasonic": ("panasonic.txt", ""),
}


@pytest.fixture
def guests(hotel, fixed_clock):
    """201: in house since 27 Nov 14:00; 202: stayed 27 Nov 14:00 to 28 Nov 08:00; 203 vacant."""
    fixed_clock.set(datetime(2026, 11, 27, 14, 0, tzinfo=SHANGHAI))
    a = stays.check_in(hotel, StayInput(room="201", name="Anna Berg", language="en", arrival=date(2026, 11, 27),
                                        departure=date(2026, 11, 30)))
    b = stays.check_in(hotel, StayInput(room="202", name_zh="王伟", arrival=date(2026, 11, 27),
                                        departure=date(2026, 11, 28)))
    fixed_clock.set(datetime(2026, 11, 28, 8, 0, tzinfo=SHANGHAI))
    stays.check_out(hotel, b.id)
    fixed_clock.set(datetime(2026, 11, 28, 10, 0, tzinfo=SHANGHAI))
    return hotel, a, b


def _import(name: str):
    file, zone = SAMPLES[name]
    src = sources.add_source(None, name, name, records_tz=zone, strip_prefix="9")
    return src, sources.import_file(src, DATA / file)


def _by_reason():
    return sorted((c.extension, c.status, c.reason) for c in PbxCall.select())


@pytest.mark.parametrize("name", SAMPLES)
def test_documented_samples_each_line_posted_once_or_listed_with_its_reason(guests, name):
    _session, a, b = guests
    src, result = _import(name)
    raw = (DATA / SAMPLES[name][0]).read_bytes()
    stored = [bytes(r.raw) for r in PbxLine.select().order_by(PbxLine.id)]
    # Every line is kept exactly as received, in order (line endings are not part of a line).
    assert stored == [ln.rstrip(b"\r") for ln in raw.split(b"\n")[:-1]]
    outcomes = [(ln.outcome, ln.reason) for ln in PbxLine.select().order_by(PbxLine.id)]
    assert ("ignored", "blank") in outcomes and ("duplicate", "duplicate") in outcomes
    assert any(o == "ignored" and r in ("header", "page") for o, r in outcomes)
    assert any(o == "error" for o, _r in outcomes)  # truncated, wrong columns
    assert all(r for o, r in outcomes if o != "call")
    posted = {c.extension: c for c in PbxCall.select().where(PbxCall.status == "posted")}
    calls = list(PbxCall.select())
    reasons = {(c.extension, c.reason) for c in calls if c.status == "unmatched"}
    assert ("203", "vacant") in reasons and ("999", "unknown_extension") in reasons
    assert ("201", "before_checkin") in reasons
    # Each posted call has exactly one posting with its source key, and one slip.
    for c in PbxCall.select().where(PbxCall.status == "posted"):
        p = FolioPosting.get_by_id(c.posting_id)
        assert p.amount_fen == c.charge_fen > 0 and p.source_key == f"pbx:{src.id}:{c.natural_key}"
        assert PbxSlip.select().where(PbxSlip.call == c.id).count() == 1
        _t, rater = tariff.current()
        assert c.charge_fen == rater.rate(c.number_e164[1:], c.billsec, tariff.local_minute(c.started_at)).charge_fen
    # The departed guest's call: a late charge on her closed folio; the stay stays closed.
    late = [c for c in calls if c.stay_id == b.id]
    assert len(late) == 1 and late[0].status == "posted" and late[0].late
    assert stays.Stay.get_by_id(b.id).status == "departed"
    mobile = [c for c in calls if c.number_e164 == "+8613812345678"]
    assert len(mobile) == 1 and mobile[0].stay_id == a.id and mobile[0].billsec == 125
    assert mobile[0].started_at == datetime(2026, 11, 27, 20, 0, tzinfo=SHANGHAI) or name == "panasonic"
    free = [c for c in calls if c.dialled.endswith("110")]
    assert free and free[0].status == "not_charged" and free[0].reason == "free_number"
    assert {c.reason for c in calls if c.direction == "in"} == {"incoming"}
    assert any(c.reason in ("busy", "no_answer") for c in calls)
    assert FolioPosting.select().count() == len(posted) or len(posted) <= FolioPosting.select().count()
    assert result.posted == PbxCall.select().where(PbxCall.status == "posted").count() >= 3
    assert result.lines == len(stored)
    assert audit.verify().ok
    assert sum(1 for e in audit.AuditEvent.select().where(audit.AuditEvent.action == "pbx_batch")) == 1


def test_a_call_charge_changed_or_deleted_behind_the_programs_back_is_named_by_verify(guests):
    """The batch seal hashes the postings as written (not read back): it must still catch a later change."""
    _import("asterisk-uniqueid")
    assert audit.verify().ok
    first = FolioPosting.select().where(FolioPosting.source_key.is_null(False)).order_by(FolioPosting.id).first()
    FolioPosting.update(amount_fen=first.amount_fen + 100).where(FolioPosting.id == first.id).execute()
    verdict = audit.verify()
    assert not verdict.ok and any("written together" in f.msgid for f in verdict.findings)
    FolioPosting.update(amount_fen=first.amount_fen).where(FolioPosting.id == first.id).execute()
    assert audit.verify().ok
    PbxCall.update(posting=None).where(PbxCall.posting == first.id).execute()
    FolioPosting.delete().where(FolioPosting.id == first.id).execute()
    assert not audit.verify().ok


@pytest.mark.parametrize("name", SAMPLES)
def test_importing_the_same_file_again_posts_nothing_new(guests, name, tmp_path):
    src, first = _import(name)
    postings = FolioPosting.select().count()
    again = sources.import_file(src, DATA / SAMPLES[name][0])
    assert again.lines == 0  # resumed after the last stored line
    copy = tmp_path / "copy"
    copy.write_bytes((DATA / SAMPLES[name][0]).read_bytes())
    third = sources.import_file(src, copy)  # another file with the same records: all duplicates
    assert third.posted == 0 and third.duplicates >= first.posted
    assert FolioPosting.select().count() == postings


def test_a_record_in_the_future_is_listed_not_posted(guests):
    src = sources.add_source(None, "pbx", "asterisk-uniqueid", records_tz="UTC", strip_prefix="9")
    line = (DATA / "asterisk-uniqueid.csv").read_bytes().split(b"\n")[1].replace(b"2026-11-27", b"2026-12-27")
    from hotel_phone.pbx import ingest

    r = ingest.ingest(src, [line])
    assert r.unmatched == 1 and PbxCall.get().reason == "future"


def test_staff_extension_is_recorded_against_the_staff_member_not_charged(guests):
    dept = Department.create(code="ENG", name_zh="工程部", name_en="Engineering")
    person = Staff.create(name="Li Qiang", department=dept, extension="8001")
    src = sources.add_source(None, "pbx", "asterisk-uniqueid", records_tz="UTC", strip_prefix="9")
    line = (DATA / "asterisk-uniqueid.csv").read_bytes().split(b"\n")[1].replace(b'"201"', b'"8001"')
    from hotel_phone.pbx import ingest

    ingest.ingest(src, [line])
    call = PbxCall.get()
    assert (call.status, call.staff_id, call.posting_id) == ("staff", person.id, None)


def test_a_moved_guest_calls_follow_the_stay(guests, fixed_clock):
    session, a, _b = guests
    fixed_clock.set(datetime(2026, 11, 27, 23, 0, tzinfo=SHANGHAI))
    stays.move(session, a.id, "205")
    fixed_clock.set(datetime(2026, 11, 28, 10, 0, tzinfo=SHANGHAI))
    src = sources.add_source(None, "pbx", "freeswitch", strip_prefix="9")
    from hotel_phone.pbx import ingest

    before = b'"","201","962345678","default","2026-11-27 22:30:00","2026-11-27 22:30:05","2026-11-27 22:33:05","185","180","NORMAL_CLEARING","u1","",""'
    after_old = before.replace(b"22:3", b"23:3").replace(b'"u1"', b'"u2"')
    after_new = after_old.replace(b'"201"', b'"205"').replace(b'"u2"', b'"u3"')
    ingest.ingest(src, [before, after_old, after_new])
    got = {c.natural_key: (c.status, c.stay_id, c.reason) for c in PbxCall.select()}
    assert got["u1"] == ("posted", a.id, "")
    assert got["u2"] == ("unmatched", None, "vacant")  # 201 after the guest left it
    assert got["u3"] == ("posted", a.id, "")


def test_format_registry_describes_each_format():
    assert {"asterisk", "asterisk-uniqueid", "asterisk-linkedid", "freeswitch", "avaya-ipo", "panasonic"} <= set(
        formats.REGISTRY)
    assert len(formats.REGISTRY["asterisk"].columns) == 16
    assert len(formats.REGISTRY["asterisk-uniqueid"].columns) == 18
    assert formats.REGISTRY["asterisk-linkedid"].key == ("linkedid", "sequence")
    # Embedded quotes are doubled in Asterisk's CSV.
    line = (b'"","201","913812345678","ctx","""Room 201"" <201>","c","d","Dial","x","2026-11-27 12:00:00",'
            b'"2026-11-27 12:00:08","2026-11-27 12:02:13",133,125,"ANSWERED","DOCUMENTATION","u","",'
            b'"","1795780800.11","3"')
    p = formats.parse(formats.REGISTRY["asterisk-linkedid"], line, SHANGHAI, "s")
    assert p.key == "1795780800.11:3" and p.billsec == 125 and p.answered


def test_cashier_list_report_and_register_see_the_pbx_calls(guests):
    from hotel_phone import report
    from hotel_phone.pbx import desk

    session, a, b = guests
    _import("freeswitch")
    slips = [s for s in folio.slips() if s.pbx_call_id]
    assert len(slips) == 4 and [s.late for s in slips].count(True) == 1
    late = next(s for s in slips if s.late)
    assert late.room == "202"
    folio.take_pbx_slip(session, late.pbx_call_id)
    assert late.pbx_call_id not in [s.pbx_call_id for s in folio.slips()]
    with pytest.raises(ValidationError):
        folio.take_pbx_slip(session, late.pbx_call_id)
    r = report.build(date(2026, 11, 27))
    assert sum(n for n, _f in r.pbx_by_zone.values()) == 4 and r.ld_by_zone == {}
    assert r.pbx_by_status["unmatched"] == 3
    assert "Direct-dialled calls (PBX records) by zone" in report.to_csv(r, "en").decode("utf-8-sig")
    mine = desk.calls_for_stay(a.id)
    assert {c.status for c in mine} >= {"posted", "not_charged"} and all(c.raw for c in mine)
    lines = folio.load(a.id).lines
    assert any("Direct-dialled call" in ln.description_en and "上海" in ln.description_zh for ln in lines)


def test_unmatched_call_assigned_by_hand_once_or_written_off_with_a_reason(guests):
    from hotel_phone.pbx import desk

    session, a, b = guests
    _import("asterisk-uniqueid")
    vacant = next(c for c in desk.unmatched() if c.reason == "vacant")
    assert desk.candidates(vacant.id) == []  # nobody in 203 then: the operator chooses, nothing is guessed
    assert [c.stay_id for c in desk.candidates(vacant.id, "202")] == [b.id]
    call = desk.assign(session, vacant.id, b.id)
    assert call.status == "posted" and call.late and call.charge_fen > 0
    assert FolioPosting.get_by_id(call.posting_id).stay_id == b.id
    with pytest.raises(ValidationError):
        desk.assign(session, vacant.id, a.id)
    other = desk.unmatched()[0]
    with pytest.raises(ValidationError):
        desk.write_off(session, other.id, "  ")
    assert desk.write_off(session, other.id, "the engineer's test call").status == "resolved"
    assert [e.action for e in audit.AuditEvent.select().where(
        audit.AuditEvent.action.startswith("pbx_call_"))] == ["pbx_call_assigned", "pbx_call_written_off"]
    assert audit.verify().ok


def test_command_line_import_twice(guests, database, capsys):
    from hotel_phone import cli

    args = ["--lang", "en", "pbx", "import", str(DATA / "avaya-ipo.csv"), "--format", "avaya-ipo", "--prefix", "9",
            "--db", str(database)]
    assert cli.main(args) == 0
    assert "4 posted" in capsys.readouterr().out
    assert cli.main(args) == 0
    assert "0 lines" in capsys.readouterr().out
    assert cli.main(["pbx", "import", "/nonexistent", "--format", "avaya-ipo", "--db", str(database)]) == 2


def _one_line(text: str):
    try:
        return next(csv.reader((text,), strict=True))
    except (csv.Error, StopIteration):
        return None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet='ab,"\r\x00 ', max_size=12), max_size=12))
def test_lines_read_together_give_what_each_line_gives_alone(texts):
    """One CSV reader over a batch (the fast path) never lets an open quote swallow the next line."""
    texts = [t for t in texts if t]
    assert formats._csv_rows(texts) == [_one_line(t) for t in texts]


def test_times_spelled_as_stored_are_kept_as_they_are_and_others_are_converted():
    fmt = formats.REGISTRY["asterisk-uniqueid"]
    line = (DATA / "asterisk-uniqueid.csv").read_bytes().split(b"\n")[1]
    utc = formats.parse(fmt, line, UTC, "s")
    assert utc.utc_texts == ("2026-11-27 12:00:00", "2026-11-27 12:00:08", "2026-11-27 12:02:13")
    assert utc.started_at == datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    local = formats.parse(fmt, line, SHANGHAI, "s")  # the hotel's zone: converted, stored from the datetime
    assert local.utc_texts is None and local.started_at == datetime(2026, 11, 27, 4, 0, tzinfo=UTC)
    odd = formats.parse(fmt, line.replace(b"2026-11-27 12:00:00", b"2026-11-27T12:00:00"), UTC, "s")
    assert odd.utc_texts is None and odd.started_at == utc.started_at


def test_an_import_leaves_the_garbage_collector_as_it_found_it(guests, tmp_path):
    """Batches pause the cyclic collector; the command line's stays on after, the window's (off) stays off."""
    import gc

    src = sources.add_source(None, "pbx", "asterisk-uniqueid", records_tz="UTC", strip_prefix="9")
    was = gc.isenabled()
    try:
        gc.enable()
        sources.import_file(src, DATA / "asterisk-uniqueid.csv")
        assert gc.isenabled()
        gc.disable()
        copy = tmp_path / "again.csv"  # another file: its lines are read (as duplicates), not skipped
        copy.write_bytes((DATA / "asterisk-uniqueid.csv").read_bytes())
        assert sources.import_file(src, copy).duplicates > 0
        assert not gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()


def test_command_line_lists_the_formats_in_the_callers_language(capsys):
    from hotel_phone import cli

    assert cli.main(["--lang", "zh_CN", "pbx", "formats"]) == 0
    out = capsys.readouterr().out
    assert "asterisk-uniqueid" in out and "Asterisk cdr_csv（16 列）" in out and "松下" in out
    assert cli.main(["--lang", "en", "pbx", "formats"]) == 0
    assert "Panasonic KX-TDA/TDE/NS SMDR, 80 columns with charge (pattern B)" in capsys.readouterr().out
