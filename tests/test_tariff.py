import pytest
from hypothesis import given, settings, strategies as st

from hotel_phone import tariff
from hotel_phone.errors import ValidationError
from hotel_phone.tariff import Band, Rater, TariffSpec, Zone

# A zone with round numbers: 60 s for 100 fen, then 6 s for 10 fen.
ZONE = Zone("dom", "国内", "Domestic", ("86",), 60, 100, 6, 10)
SPEC = TariffSpec("test", (ZONE,))


def charge(seconds, zone=ZONE, minute=600, free=()):
    spec = TariffSpec("t", (zone,), free_numbers=tuple(free) or tariff.DEFAULT_FREE_NUMBERS)
    return Rater(spec).rate("8610" + "12345678", seconds, minute).charge_fen


@pytest.mark.parametrize("seconds, fen", [(0, 0), (1, 100), (59, 100), (60, 100), (61, 110), (66, 110),
                                          (67, 120), (120, 200)])
def test_block_and_increment_edges(seconds, fen):
    assert charge(seconds) == fen


def test_grace_minimum_connection_service():
    z = Zone("z", "z", "z", ("86",), 60, 100, 6, 10, connection_fen=30, minimum_fen=150, service_fixed_fen=20,
             service_bp=1000, grace_seconds=5)
    assert charge(5, z) == 0  # within grace: nothing at all
    assert charge(6, z) == 150 + 30 + 20 + 18  # minimum 150, +30 connection, service 20 + 10% of 180
    assert charge(120, z) == 200 + 30 + 20 + 23  # 10% of 230 = 23


def test_rounding_is_half_up_once():
    z = Zone("z", "z", "z", ("86",), 60, 105, 6, 10, service_bp=1000)
    assert charge(60, z) == 105 + 11  # 10.5 rounds up to 11
    z = Zone("z", "z", "z", ("86",), 60, 104, 6, 10, service_bp=1000)
    assert charge(60, z) == 104 + 10  # 10.4 rounds down


def test_discount_band_by_start_time_and_wrapping_band():
    z = Zone("z", "z", "z", ("86",), 60, 100, 6, 10, bands=(Band(22 * 60, 7 * 60, 4000),))
    assert charge(60, z, minute=21 * 60 + 59) == 100
    assert charge(60, z, minute=22 * 60) == 60
    assert charge(60, z, minute=3 * 60) == 60
    assert charge(60, z, minute=7 * 60) == 100


def test_longest_prefix_wins():
    spec = TariffSpec("t", (Zone("intl", "国际", "Intl", ("8",), 60, 900, 6, 90),
                            Zone("cn", "国内", "CN", ("86",), 60, 100, 6, 10),
                            Zone("mob", "手机", "Mobile", ("8613",), 60, 50, 6, 5)))
    r = Rater(spec)
    assert r.rate("8613800138000", 60, 0).zone == "mob"
    assert r.rate("862163218888", 60, 0).zone == "cn"
    assert r.rate("81312345678", 60, 0).zone == "intl"
    with pytest.raises(ValidationError, match="No tariff zone"):
        r.rate("4420", 60, 0)


def test_free_numbers():
    r = Rater(tariff.default_spec())
    for national in ("110", "119", "120", "122", "8008101234"):
        rating = r.rate("86" + national, 600, 0, national)
        assert rating.free and rating.charge_fen == 0


@settings(max_examples=300, deadline=None)
@given(seconds=st.integers(0, 20000), extra=st.integers(0, 3000), minute=st.integers(0, 1439),
       zone=st.sampled_from(tariff.default_spec().zones))
def test_charge_never_negative_never_decreases(seconds, extra, minute, zone):
    r = Rater(TariffSpec("t", (zone,)))
    digits = zone.prefixes[0] + "12345678"
    a = r.rate(digits, seconds, minute).charge_fen
    b = r.rate(digits, seconds + extra, minute).charge_fen
    assert 0 <= a <= b


@settings(max_examples=100, deadline=None)
@given(national=st.sampled_from(["110", "119", "120", "122"]), seconds=st.integers(0, 100000),
       minute=st.integers(0, 1439))
def test_free_numbers_are_always_free(national, seconds, minute):
    assert Rater(tariff.default_spec()).rate("86" + national, seconds, minute, national).charge_fen == 0


@pytest.mark.parametrize("zones, message", [
    ((ZONE, Zone("x", "x", "x", ("86",), 60, 1, 6, 1)), "in zones dom and x"),
    ((Zone("x", "x", "x", ("86",), 60, -1, 6, 1),), "negative"),
    ((Zone("x", "x", "x", ("8a",), 60, 1, 6, 1),), "not a number prefix"),
    ((Zone("x", "x", "x", ("86",), 0, 1, 6, 1),), "at least one second"),
    ((Zone("x", "x", "x", (), 60, 1, 6, 1),), "no prefixes"),
    ((), "at least one zone"),
])
def test_bad_tariffs_are_refused_and_nothing_saved(hotel, zones, message):
    from hotel_phone.db import Tariff

    before = Tariff.select().count()
    with pytest.raises(ValidationError, match=message):
        tariff.store(hotel, TariffSpec("bad", zones))
    assert Tariff.select().count() == before


def test_only_supervisors_save_tariffs(hotel):
    from hotel_phone import auth
    from hotel_phone.errors import PermissionDenied

    auth.create_operator(hotel, "op", "Op", "operator", "secret123")
    with pytest.raises(PermissionDenied):
        tariff.store(auth.sign_in("op", "secret123"), SPEC)
    t = tariff.store(hotel, SPEC)
    assert tariff.current()[0].id == t.id and tariff.load(t) == SPEC


def test_tariff_file_round_trip_and_cli(hotel, database, tmp_path, monkeypatch, capsys):
    from hotel_phone import cli, db

    spec = tariff.default_spec()
    assert tariff.from_json(tariff.to_json(spec)) == spec
    for bad in ("{", '{"name": "x"}', '{"name": "x", "zones": [{"code": "a"}]}',
                tariff.to_json(spec).replace('"first_block_fen": 100', '"first_block_fen": -1')):
        with pytest.raises(ValidationError):
            tariff.from_json(bad)
    db.close_database()
    path = tmp_path / "tariff.json"
    assert cli.main(["--lang", "en", "tariff", "export", str(path), "--db", str(database)]) == 0
    path.write_text(path.read_text().replace('"Standard 2026"', '"Winter 2026"'))
    monkeypatch.setenv("HOTEL_PHONE_PASSWORD", "secret123")
    db.close_database()
    assert cli.main(["--lang", "en", "tariff", "import", str(path), "--user", "admin", "--db", str(database)]) == 0
    assert "Winter 2026 is in force" in capsys.readouterr().out
    assert tariff.current()[0].name == "Winter 2026"
