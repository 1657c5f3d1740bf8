import pytest
from hypothesis import given, settings as hsettings, strategies as st

from hotel_phone import names, stays


def rooms_of(query):
    return sorted(r.room for r in stays.search(query))


def test_search_by_every_form(demo):
    wang = [r for r in stays.search("王") if r.name_zh.startswith("王")]
    assert wang, "the demo has guests named 王"
    target = wang[0]
    full = "".join(names.fold(s) for s in target.pinyin.split())
    initials = names.fold("".join(w[0] for w in target.pinyin.split()))
    for query in (target.name_zh, full, target.pinyin, target.pinyin.replace(" ", ""), initials,
                  full.upper(), target.room):
        assert target.room in rooms_of(query), query


def test_namesakes_and_shared_room(demo):
    zhang = [r for r in stays.search("张伟") if r.name_zh == "张伟"]
    assert len(zhang) == 2 and zhang[0].room != zhang[1].room
    assert len(stays.search("zhangwei")) >= 2
    smiths = [r for r in stays.search("smith") if r.party == "Smith family"]
    assert len({r.room for r in smiths}) == 1 and len(smiths) == 3


def test_accents_and_case_do_not_matter(demo):
    for query in ("Müller", "muller", "MULLER", "müLLer"):
        assert any("Müller" in r.name for r in stays.search(query)), query
    assert any(r.name == "José García" for r in stays.search("jose garcia"))
    assert any(r.name == "Nguyễn Văn An" for r in stays.search("nguyen van"))


def test_tone_digits_and_marks(hotel):
    from datetime import date

    stays.check_in(hotel, stays.StayInput(room="202", name_zh="吕小明", arrival=date(2026, 11, 28),
                                          departure=date(2026, 11, 29)))
    for query in ("lü xiǎo", "lu3 xiao3", "lvxiaoming", "luxiaoming", "lxm", "吕"):
        assert rooms_of(query) == ["202"], query


def test_surname_reading(hotel):
    from datetime import date

    stays.check_in(hotel, stays.StayInput(room="203", name_zh="单田芳", arrival=date(2026, 11, 28),
                                          departure=date(2026, 11, 29)))
    assert rooms_of("shantianfang") == ["203"]
    assert rooms_of("stf") == ["203"]


def test_room_prefix(demo):
    rows = stays.search("12")
    assert rows and all(r.room.startswith("12") for r in rows)


@pytest.mark.sqlite_only("SQLite's EXPLAIN QUERY PLAN; the server's plan is checked in test_pg.py")
def test_search_plan_uses_the_status_index(demo):
    from hotel_phone.db import database

    for query in ("wang", "12", ""):
        sql, params = stays.search_sql(query)
        plan = " ".join(str(r[-1]) for r in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
        assert "SCAN" not in plan and "USING INDEX stay_status" in plan, plan


@hsettings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_is_a_harmless_query(text):
    folded = names.fold_query(text)
    assert names.SEPARATOR not in folded
    sql, params = stays.search_sql(text)
    assert sql.count("?") == len(params)


@hsettings(max_examples=60, deadline=None)
@given(st.text(max_size=30))
def test_search_never_fails(demo_db_for_hypothesis, text):
    stays.search(text)


def test_departed_guests_are_found_by_part_of_a_name_through_the_trigram_index(hotel, database, backend,
                                                                                fixed_clock):
    """The folio and cashier look among years of departed stays: an index answers, and follows edits and
    retention (SQLite's FTS5 trigram table is kept by triggers; PostgreSQL has a pg_trgm index)."""
    from datetime import date

    from hotel_phone import db, folio, retention
    from hotel_phone.stays import StayInput

    stay = stays.check_in(hotel, StayInput(room="305", name="Zebediah Quuxworth", arrival=date(2026, 11, 28),
                                           departure=date(2026, 11, 30)))
    renamed = stays.check_in(hotel, StayInput(room="306", name="Zebediah Quuxworth", arrival=date(2026, 11, 28),
                                              departure=date(2026, 11, 30)))
    stays.update(hotel, renamed.id, StayInput(room="306", name="Ignatius Plover", arrival=date(2026, 11, 28),
                                              departure=date(2026, 11, 30)))  # a name corrected before leaving
    stays.check_out(hotel, stay.id)
    stays.check_out(hotel, renamed.id)

    def found(query):
        return [c.stay_id for c in folio.find_stays(query) if c.departed_on is not None]

    assert found("quux") == found("uxwo") == found("zebediah quux") == [stay.id]
    assert found("plover") == found("natius") == [renamed.id]
    assert found("qu") == []  # two letters: in-house guests only, not half the hotel's history
    assert found("305") == [stay.id]
    fixed_clock.advance(days=800)
    assert retention.anonymise(hotel, 24) == 2
    assert found("plover") == [] and found("zebediah") == []
    if backend == "sqlite":  # the index's vocabulary holds no trigram of the purged names
        conn = db.database.obj
        conn.execute_sql("CREATE VIRTUAL TABLE temp.search_terms USING fts5vocab(main, stay_search, 'row')")
        terms = {row[0] for row in conn.execute_sql("SELECT term FROM temp.search_terms")}
        assert not terms & {"ove", "ver", "lov", "ebe", "dia", "zeb"}
