"""The demo hotel: deterministic (seeded), believable, never the real database."""

from __future__ import annotations

import json
import math
import random
from datetime import timedelta

from hotel_phone import anchors, audit, auth, casecodes, clock, directory, hotelsetup, hoteltime, names, paths, rooms
from hotel_phone.db import Department, DirectoryEntry, InfoEntry, Operator, Room, Staff, Stay, database
from hotel_phone.session import Session
from hotel_phone.stays import StayInput, stay_values
# Imports inside functions: pypinyin and the staff-call rules load only while a demo hotel is built (for speed).

DEMO_PASSWORD = "demo1234"
SEED = 20261128


def _load(name: str) -> dict:
    return json.loads(paths.resource("demo", name).read_text(encoding="utf-8"))


def _room_specs(count: int) -> list[rooms.RoomSpec]:
    per_floor = 20 if count <= 400 else 50
    floors = math.ceil(count / per_floor)
    specs = rooms.from_floor_ranges(2, floors + 1, per_floor)[:count]
    types = ["standard", "standard", "twin", "deluxe", "suite"]
    return [rooms.RoomSpec(r.number, r.floor, r.extension, types[i % len(types)]) for i, r in enumerate(specs)]


def _latin_from_zh(name_zh: str) -> str:
    """'欧阳娜娜' -> 'Ouyang Nana', as a PMS writes a Chinese guest's name."""
    from pypinyin import Style, lazy_pinyin

    plain = lazy_pinyin(name_zh, style=Style.NORMAL)
    surname_len = 2 if name_zh[:2] in ("欧阳", "司马", "诸葛") else 1
    if name_zh[:1] in names.SURNAME_READINGS:
        plain[0] = names.SURNAME_READINGS[name_zh[:1]]
    return ("".join(plain[:surname_len]).capitalize() + " " + "".join(plain[surname_len:]).capitalize()).strip()


def build(room_count: int = 300) -> Session:
    """Create the demo hotel in an empty database; returns the admin's session."""
    rnd = random.Random(SEED)
    session = hotelsetup.set_up(hotelsetup.HotelSetup(
        name_zh="锦江示范大酒店", name_en="Jinjiang Demo Grand Hotel",
        address_zh="上海市黄浦区示范路 88 号", address_en="88 Demo Road, Huangpu District, Shanghai",
        rooms=tuple(_room_specs(room_count)), admin_username="admin", admin_name="管理员 Admin",
        admin_password=DEMO_PASSWORD, language="zh_CN", demo=True,
    ))
    data = _load("departments.json")
    guests = _load("guests.json")
    with database.atomic():
        for username, display, role, lang in data["operators"][1:]:
            auth.new_operator_row(username, display, role, DEMO_PASSWORD, lang)
        _staff(data)
        _guests(rnd, guests)
        _reference(session)
        casecodes.install_starter_list(session)
        _staff_phones(session)
        audit.record(session, "demo_built", detail=f"{room_count} rooms, seed {SEED}")
    anchors.write("demo_built")
    return session


def _staff(data: dict) -> None:
    gm_dept = Department.create(code="GM", name_zh="总经理室", name_en="General Manager's Office",
                                office_extension="8000", duty_phone="8000")
    g = data["gm"]
    gm = Staff.create(name=g["name"], name_zh=g["name_zh"], pinyin=names.to_pinyin(g["name_zh"]),
                      title_zh=g["title_zh"], title_en=g["title_en"], department=gm_dept,
                      extension=g["extension"], mobile=g["mobile"], is_manager=True,
                      search_key=directory.staff_key(g["name"], g["name_zh"], g["title_zh"], g["title_en"]))
    for d in data["departments"]:
        dept = Department.create(code=d["code"], name_zh=d["name_zh"], name_en=d["name_en"],
                                 office_extension=d["office"], duty_phone=d["duty"])
        name, name_zh, ext = d["manager"]
        manager = Staff.create(name=name, name_zh=name_zh, pinyin=names.to_pinyin(name_zh),
                               title_zh=d["name_zh"] + "经理", title_en=d["name_en"] + " Manager",
                               department=dept, extension=ext, superior=gm, is_manager=True,
                               search_key=directory.staff_key(name, name_zh, d["name_zh"] + "经理",
                                                              d["name_en"] + " Manager"))
        for person in d["staff"]:
            name, name_zh, ext = person[:3]
            title_zh, title_en = (person[3], person[4]) if len(person) > 3 else ("主管", "Supervisor")
            Staff.create(name=name, name_zh=name_zh, pinyin=names.to_pinyin(name_zh),
                         title_zh=title_zh, title_en=title_en, department=dept, extension=ext,
                         superior=manager, search_key=directory.staff_key(name, name_zh, title_zh, title_en))


def _staff_phones(admin: Session) -> None:
    """Sign-in accounts for the managers, and a few staff long-distance calls in every state."""
    from hotel_phone import staffcalls

    for code in ("GM", "SA"):
        head = Staff.get((Staff.department == Department.get(Department.code == code).id) & Staff.is_manager)
        username = "".join(head.name.lower().split())
        auth.new_operator_row(username, head.name_zh, "manager", DEMO_PASSWORD, "zh_CN")
        staffcalls.link_account(admin, username, head.id)
    now = clock.now()
    clerk, colleague = (Staff.get(Staff.extension == ext) for ext in ("8403", "8404"))
    app = staffcalls.file_application(admin, staffcalls.ApplicationInput(
        clerk.id, "北京 Beijing", "中国国际旅行社 China International Travel Service", "团队报价 Group quotation",
        "010", now - timedelta(days=3), now + timedelta(days=3)))
    manager = auth.sign_in("luoxia", DEMO_PASSWORD)  # the manager countersigns, as at the desk
    staffcalls.decide(manager, app.id, True, "")
    auth.sign_out(manager)
    for ext, number, days, seconds in (("8403", "01065123456", 2.5, 420), ("8403", "01084561234", 1, 185),
                                       ("8404", "0085221234567", 5, 260), ("8404", "00442079460000", 1, 610),
                                       ("8403", "075588776655", 2, 95), ("8402", "110", 2, 40)):
        staffcalls.take_call(ext, number, now - timedelta(days=days), seconds)
    staffcalls.file_application(admin, staffcalls.ApplicationInput(
        colleague.id, "香港 Hong Kong", "Harbour Events Ltd.", "展会场地确认 Venue for the trade fair", "00852",
        now, now + timedelta(days=7)))


def _reference(session: Session) -> None:
    """Outside numbers (emergency numbers real, the rest clearly samples) and hotel information."""
    import csv

    with paths.resource("demo", "directory.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            e, e164 = directory.validate(directory.EntryInput(*(row[c] for c in directory.CSV_COLUMNS)))
            DirectoryEntry.create(**directory._row_values(e, e164))
    for item in json.loads(paths.resource("demo", "info.json").read_text(encoding="utf-8")):
        InfoEntry.create(**item, updated_by=session.operator, updated_at=clock.now(),
                         search_key=directory._key(item["name_zh"], item["name_en"], category=item["kind"])
                         + names.fold(item["text_zh"] + item["text_en"]))


def _guests(rnd: random.Random, g: dict) -> None:
    today = hoteltime.today()
    now = clock.now()
    room_list = list(Room.select().order_by(Room.floor, Room.number))
    occupied = [r for r in room_list if rnd.random() < 0.85]
    rows = []

    def add(room: Room, data: StayInput) -> None:
        rows.append(dict(room=room.id, status="in_house", checked_in_at=now, source="demo", **stay_values(data)))

    def dates() -> tuple:
        arrival = today - timedelta(days=rnd.randint(0, 6))
        return arrival, today + timedelta(days=rnd.randint(0, 7))

    foreign = list(g["foreign"])
    rnd.shuffle(foreign)
    # Fixed cases first: namesakes in two rooms, a party sharing one room.
    twins = occupied[:2]
    for room in twins:
        a, d = dates()
        add(room, StayInput(name="Zhang Wei", name_zh="张伟", title="mr", language="zh_CN", arrival=a, departure=d))
    shared = occupied[2]
    a, d = dates()
    for name, title in (("John Smith", "mr"), ("Mary Smith", "mrs"), ("Tom Smith", "")):
        add(shared, StayInput(name=name, title=title, language="en", arrival=a, departure=d, party=g["parties"][1]))
    latin = [f for f in foreign if f[0].isascii() or names.fold(f[0]).isascii()]
    next_foreign = 0
    for room in occupied[3:]:
        a, d = dates()
        privacy = rnd.choices(["normal", "dnd", "incognito"], weights=[90, 6, 4])[0]
        common = dict(arrival=a, departure=d, privacy=privacy, vip=rnd.random() < 0.05,
                      notes=rnd.choice(g["notes"]))
        if rnd.random() < 0.7:
            zh = rnd.choice(g["zh_surnames"]) + rnd.choice(g["zh_given"])
            party = g["parties"][0] if rnd.random() < 0.05 else ""
            add(room, StayInput(name=_latin_from_zh(zh), name_zh=zh, title=rnd.choice(["mr", "ms"]),
                                language="zh_CN", party=party, **common))
        else:
            # Each listed name once, then Latin first names with common surnames.
            name, title = foreign[next_foreign % len(foreign)]
            if next_foreign >= len(foreign):
                name, title = rnd.choice(latin)
                name = name.split()[0] + " " + rnd.choice(["Smith", "Martin", "Müller", "García", "Lee", "Novák"])
            next_foreign += 1
            party = g["parties"][2] if rnd.random() < 0.05 else ""
            add(room, StayInput(name=name, title=title, language="en", party=party, **common))
    for i in range(0, len(rows), 300):
        Stay.insert_many(rows[i:i + 300]).execute()


def demo_operators() -> list[str]:
    return [o.username for o in Operator.select().order_by(Operator.id)]
