"""`hotel-phone --self-check`: does this installation work, start to paper?

Run by .ci/run on the frozen bundle, and useful on a new desk PC: it opens a
throwaway database in a temporary folder (never the station's), builds the demo
hotel, signs in, builds every panel of the main window, renders a PDF with the
CJK font embedded, and exits 0. Any failure prints what broke and exits 1.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from pathlib import Path


def run() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="hotel-phone-self-check-") as tmp:
        # Nothing of the station's (data, settings, log) is read or written.
        os.environ["HOTEL_PHONE_DATA_DIR"] = str(Path(tmp) / "data")
        os.environ["HOTEL_PHONE_CONFIG_DIR"] = str(Path(tmp) / "config")
        try:
            for line in _checks(Path(tmp)):
                print("ok:", line, flush=True)
        except Exception:
            traceback.print_exc()
            print("self-check FAILED", flush=True)
            return 1
    print("self-check passed", flush=True)
    return 0


def _checks(tmp: Path):
    from PySide6.QtWidgets import QApplication

    from hotel_phone import auth, db, demo, hoteltime, i18n, report
    from hotel_phone.documents import daily_report, fonts

    path = tmp / "self-check.sqlite3"
    db.open_database(path)
    demo.build(20)
    yield f"database {path} at schema {db.SCHEMA_VERSION}, demo hotel built"
    for lang in i18n.LANGUAGES:
        assert i18n.gettext_in(lang, "Check out"), lang
    assert i18n.gettext_in("zh_CN", "Check out") != "Check out", "the Chinese catalog is missing"
    yield "catalogs: " + ", ".join(i18n.LANGUAGES)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from PySide6.QtCore import QLibraryInfo, QTranslator

    qt_catalog = QTranslator()
    assert qt_catalog.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)), \
        "Qt's own Chinese catalog (qtbase_zh_CN) is missing: stock buttons would stay in English"
    yield "Qt's Chinese catalog"
    from hotel_phone.ui.main_window import MainWindow

    session = auth.sign_in("admin", demo.DEMO_PASSWORD)
    window = MainWindow(session, demo=True)
    panels = _build_every_panel(window)
    window.show()
    app.processEvents()
    yield f"main window with {len(panels)} panels"
    window.close()
    app.processEvents()

    pdf = daily_report.render(report.build(hoteltime.today()), "zh_CN")
    assert pdf.startswith(b"%PDF"), "the daily report is not a PDF"
    assert fonts.embedded(), "no TrueType CJK font found: Chinese would print blank"
    yield f"daily report PDF, {len(pdf)} bytes, CJK font embedded"
    db.close_database()


def _build_every_panel(window) -> list:
    """Every panel, also those the window builds only on first use."""
    return list(window.panels)

