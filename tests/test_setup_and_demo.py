import pytest

from hotel_phone import db, demo, hotelsetup, rooms, settings, stays
from hotel_phone.db import Department, Operator, Room, Staff, Stay
from hotel_phone.errors import ValidationError


def test_floor_spec():
    specs = rooms.parse_floor_spec("2-3x3, 5x2")
    assert [r.number for r in specs] == ["201", "202", "203", "301", "302", "303", "501", "502"]
    for bad in ("", "two floors", "3-2x5", "2-3x0", "2-3x100", "1-199x99", "2x3, 2x3"):
        with pytest.raises(ValidationError):
            rooms.parse_floor_spec(bad)


def test_rooms_from_csv(tmp_path):
    path = tmp_path / "rooms.csv"
    path.write_text("number,floor,extension,type\n101,1,8101,suite\nA02,1,,\n")
    assert [(r.number, r.extension) for r in rooms.from_csv(path)] == [("101", "8101"), ("A02", "A02")]
    path.write_text("number,floor\n101,first\n")
    with pytest.raises(ValidationError, match="Line 2"):
        rooms.from_csv(path)


def test_set_up_once_only(hotel):
    assert settings.get("hotel_name_en") == "Test Hotel" and settings.get("timezone") == "Asia/Shanghai"
    with pytest.raises(ValidationError, match="already set up"):
        hotelsetup.set_up(hotelsetup.HotelSetup(name_zh="又一个", name_en="Another",
                                                rooms=tuple(rooms.parse_floor_spec("2x2")),
                                                admin_password="secret123"))


@pytest.mark.parametrize("change, message", [
    (dict(timezone="Mars/Olympus"), "Unknown time zone"),
    (dict(name_zh=""), "required"),
    (dict(admin_password="123"), "at least"),
    (dict(rooms=()), "at least one room"),
    (dict(currency="RMB1"), "three-letter"),
])
def test_bad_setup_leaves_the_database_empty(database, change, message):
    data = dict(name_zh="测试", name_en="Test", rooms=tuple(rooms.parse_floor_spec("2x2")),
                admin_password="secret123")
    data.update(change)
    with pytest.raises(ValidationError, match=message):
        hotelsetup.set_up(hotelsetup.HotelSetup(**data))
    assert db.is_empty() and Room.select().count() == 0 and db.Setting.select().count() == 0


def test_demo_hotel_shape(demo):
    assert Room.select().count() == 300
    assert Room.select(Room.floor).distinct().count() == 15
    in_house = Stay.select().where(Stay.status == "in_house")
    assert 200 < in_house.count() < 300
    assert {s.privacy for s in in_house} == {"normal", "dnd", "incognito"}
    assert in_house.where(Stay.name_zh != "").count() > in_house.where(Stay.name_zh == "").count()
    assert any(not s.name.isascii() for s in in_house if not s.name_zh)  # accents, other scripts
    assert settings.get("is_demo")
    assert Operator.select().where(Operator.role != "manager").count() == 5  # managers sign applications only
    gm = Staff.get(Staff.title_en == "General Manager")
    fo = Department.get(Department.code == "FO")
    manager = Staff.get(Staff.department == fo, Staff.is_manager)
    assert manager.superior == gm and all(s.superior == manager for s in fo.staff if s != manager)


def test_demo_is_deterministic(tmp_path):
    def snapshot(path):
        db.open_database(path)
        demo.build()
        rows = [(r.room, r.name, r.name_zh, r.privacy) for r in stays.search("")]
        db.close_database()
        settings.invalidate()
        return rows

    assert snapshot(tmp_path / "a.sqlite3") == snapshot(tmp_path / "b.sqlite3")


def test_large_demo(database):
    demo.build(2000)
    assert Room.select().count() == 2000
