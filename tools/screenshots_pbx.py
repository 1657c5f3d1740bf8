"""Screenshots of the PBX panel (a live TCP feed, a watched file, the unmatched list) in both languages.

    QT_QPA_PLATFORM=offscreen python tools/screenshots_pbx.py
"""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta

import shots  # noqa: E402 (tools/shots.py: puts the project on the path)

OUT = shots.OUT


DORMITORY = ("赵一", "钱二", "孙三", "李四", "周五", "吴六", "郑七", "王八", "冯九", "陈十", "褚十一", "卫十二")


def asterisk(ext: str, number: str, start: datetime, seconds: int, key: str, disposition: str = "ANSWERED") -> bytes:
    s = start.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    return (f'"","{ext}","{number}","from-rooms","""Room {ext}"" <{ext}>","SIP/{ext}-1","SIP/trunk-2","Dial","x",'
            f'"{s}","{s}","{s}",{seconds + 5},{seconds},"{disposition}","DOCUMENTATION","{key}",""').encode()


def main() -> None:
    import peewee as pw
    app, tmp = shots.start()
    from hotel_phone import auth, clock, db, demo, hoteltime, stays
    from hotel_phone.db import Room, Stay
    from hotel_phone.pbx import sources
    from hotel_phone.ui.language import hub
    from hotel_phone.ui.main_window import MainWindow

    now = datetime.now(UTC).replace(microsecond=0)
    db.open_database(tmp / "demo.sqlite3")
    clock.set_clock(clock.FixedClock(now - timedelta(hours=20)))
    admin = demo.build()
    busy = {s.room_id for s in Stay.select().where(Stay.status == "in_house")}
    free = [r for r in Room.select().order_by(Room.number) if r.id not in busy]
    vacant, dormitory = [r.extension for r in free[:3]], free[-1]
    for name in DORMITORY:  # a tour group's twelve in one room: the chooser past nine guests
        stays.check_in(admin, stays.StayInput(room=dormitory.number, name_zh=name, arrival=hoteltime.today(),
                                              departure=hoteltime.today() + timedelta(days=2)))
    clock.set_clock(clock.Clock())
    guests = [s.room.extension for s in Stay.select().where(Stay.status == "in_house").order_by(Stay.id).limit(4)]
    shared = Room.get_by_id(next(r for r, in Stay.select(Stay.room).where(Stay.status == "in_house")
                                 .group_by(Stay.room).having(pw.fn.COUNT(Stay.id) > 1).tuples()))
    master = tmp / "Master.csv"
    lines = [asterisk(guests[0], "913812345678", now - timedelta(hours=3), 125, "1.1"),
             asterisk(guests[1], "90085222345678", now - timedelta(hours=2), 360, "1.2"),
             asterisk(vacant[0], "962345678", now - timedelta(hours=2, minutes=30), 95, "1.3"),
             asterisk("999", "902087654321", now - timedelta(hours=1), 300, "1.4"),
             asterisk(guests[2], "9110", now - timedelta(minutes=50), 40, "1.5"),
             asterisk(shared.extension, "913911112222", now - timedelta(minutes=40), 200, "1.6"),
             asterisk(dormitory.extension, "913900001111", now - timedelta(minutes=30), 150, "1.7")]
    master.write_bytes(b"\n".join(lines) + b"\n")
    watched = sources.add_source(None, "Asterisk Master.csv", "asterisk-uniqueid", kind="watch",
                                 address=str(master), records_tz="UTC", strip_prefix="9")
    sources.FileWatcher(watched.id).poll()
    smdr = sources.add_source(None, "Asterisk over TCP", "asterisk-uniqueid", kind="listen", address="127.0.0.1:0",
                              records_tz="UTC", strip_prefix="9")
    feed = sources.Feed(smdr.id)
    feed.start()
    feed.ready.wait(5)
    pbx = socket.create_connection(("127.0.0.1", feed.port))
    pbx.sendall(asterisk(vacant[1], "90442079460000", now - timedelta(minutes=20), 600, "2.1") + b"\n"
                + asterisk(guests[3], "962345679", now - timedelta(minutes=10), 75, "2.2") + b"\n")
    sources.wait_until(lambda: sources.get_source("Asterisk over TCP").last_record_at is not None, 5)
    for lang in ("zh_CN", "en"):
        hub().set_language(lang)
        window = MainWindow(auth.sign_in("zhangli" if lang == "zh_CN" else "anna", demo.DEMO_PASSWORD), demo=True)
        window.resize(1400, 800)
        window.nav.setCurrentRow(window.panels.index(window.pbx))
        window.show()
        window.resize(1500, 800)
        window.pbx.refresh()
        window.pbx.call_table.selectRow(0)
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(OUT / f"pbx-{lang}.png"))
        print(OUT / f"pbx-{lang}.png")
        panel_shots(app, window.pbx, lang)
        window.close()
    pbx.close()
    feed.stop()
    feed.join(5)


def panel_shots(app, panel, lang: str) -> None:
    """The dialogs: adding a source (filled in as a supervisor would), a shared room's call, and one from a room
    of twelve with "1" typed."""
    from hotel_phone.pbx import desk
    from hotel_phone.ui.pbx_panel import AddSourceDialog, SharedRoomDialog

    add = AddSourceDialog(lambda d: None, panel)
    add.name.setText("Front office PBX" if lang == "en" else "前台交换机")
    add.format.setCurrentIndex(add.format.findData("asterisk-uniqueid"))
    add.kind.setCurrentIndex(add.kind.findData("watch"))
    add.address.setText("/mnt/pbx/Master.csv")
    add.zone.setCurrentIndex(1)
    add.prefix.setText("9")
    serial = AddSourceDialog(lambda d: None, panel)  # a Panasonic on the PC's serial port
    serial.name.setText("Panasonic SMDR" if lang == "en" else "松下话单口")
    serial.format.setCurrentIndex(serial.format.findData("panasonic"))
    serial.kind.setCurrentIndex(serial.kind.findData("serial"))
    serial.address.setText("COM1@9600,8N1")
    call = next(c for c in panel.call_model.rows if c.reason == "shared_room" and c.dialled == "913911112222")
    shared = SharedRoomDialog(call, desk.sharing(call.id), lambda d: None, panel)
    call = next(c for c in panel.call_model.rows if c.reason == "shared_room" and c.dialled == "913900001111")
    twelve = SharedRoomDialog(call, desk.sharing(call.id), lambda d: None, panel)
    twelve.find.setText("1")  # guests 1, 10, 11 and 12 fit; Enter would charge the first
    for name, dialog in (("pbx-add-source", add), ("pbx-add-serial-source", serial), ("pbx-shared-room", shared),
                         ("pbx-shared-room-twelve", twelve)):
        dialog.show()
        for _ in range(5):
            app.processEvents()
        dialog.grab().save(str(OUT / f"{name}-{lang}.png"))
        print(OUT / f"{name}-{lang}.png")
        dialog.close()


if __name__ == "__main__":
    main()
