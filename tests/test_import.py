from hotel_phone import guest_import, stays
from hotel_phone.db import AuditEvent, Stay

GOOD_AND_BAD = """room,name,name_zh,title,language,arrival,departure,vip,notes
201,John Smith,,mr,en,2026-11-27,2026-11-30,yes,
202,,王小明,先生,中文,2026/11/28,2026/12/01,,需要加床
999,Nobody,,,en,2026-11-27,2026-11-30,,
203,Bad Dates,,,en,2026-11-28,2026-11-20,,
204,,,,en,2026-11-28,2026-11-30,,
205,Ann Lee,,queen,en,2026-11-28,2026-11-30,,
206,Future Guest,,,en,2026-12-05,2026-12-08,,
"""


def test_good_rows_imported_broken_rows_reported(hotel, tmp_path):
    path = tmp_path / "pms.csv"
    path.write_text(GOOD_AND_BAD, encoding="utf-8")
    report = guest_import.import_guests(hotel, path)
    assert report.imported == 2
    assert [line for line, _ in report.rejected] == [4, 5, 6, 7, 8]
    reasons = dict(report.rejected)
    assert "Room 999 does not exist" in reasons[4]
    assert "before the arrival" in reasons[5]
    assert "guest's name" in reasons[6]
    assert "Unknown title" in reasons[7]
    assert "future" in reasons[8]
    wang = stays.search("wangxiaoming")[0]
    assert (wang.room, wang.title, wang.language) == ("202", "mr", "zh_CN")
    assert stays.search("john")[0].vip
    assert AuditEvent.select().where(AuditEvent.action == "guests_imported").count() == 1


def test_reimport_skips_guests_already_in_house(hotel, tmp_path):
    path = tmp_path / "pms.csv"
    path.write_text(GOOD_AND_BAD, encoding="utf-8")
    guest_import.import_guests(hotel, path)
    again = guest_import.import_guests(hotel, path)
    assert again.imported == 0 and again.duplicates == 2
    assert Stay.select().count() == 2


def test_gb18030_export_with_chinese_headers(hotel, tmp_path):
    path = tmp_path / "pms-gb.csv"
    text = "房号,姓名,中文名,抵店日期,离店日期\n210,Zhang San,张三,2026-11-28,2026-11-29\n"
    path.write_bytes(text.encode("gb18030"))
    assert guest_import.import_guests(hotel, path).imported == 1
    assert stays.search("张三")[0].room == "210"


def test_files_that_are_not_guest_lists(hotel, tmp_path):
    import pytest

    from hotel_phone.errors import ValidationError

    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\x00\x00\x01")
    no_header = tmp_path / "plain.csv"
    no_header.write_text("a,b,c\n1,2,3\n")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    for path, message in ((binary, "not a text file"), (no_header, "header row"), (empty, "empty"),
                          (tmp_path / "missing.csv", "Cannot read")):
        with pytest.raises(ValidationError, match=message):
            guest_import.import_guests(hotel, path)
    assert Stay.select().count() == 0
