"""Screenshots of the staff-telephone panel (applications list, statement) in both languages, and the two
papers (application form, statement) rendered with pdftoppm, from the demo hotel (offscreen).

    QT_QPA_PLATFORM=offscreen python tools/screenshots_staffphones.py
"""

from __future__ import annotations

import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

import shots  # noqa: E402 (tools/shots.py: puts the project on the path)

OUT = shots.OUT


def main() -> None:
    from PySide6.QtCore import Qt
    app, tmp = shots.start()
    from hotel_phone import auth, clock, db, demo, staffcalls
    from hotel_phone.documents import staff_phone
    from hotel_phone.ui.language import hub
    from hotel_phone.ui.main_window import MainWindow

    clock.set_clock(clock.FixedClock(datetime(2026, 11, 28, 16, 20, tzinfo=ZoneInfo("Asia/Shanghai"))))
    db.open_database(tmp / "demo.sqlite3")
    demo.build()
    for lang in ("zh_CN", "en"):
        hub().set_language(lang)
        window = MainWindow(auth.sign_in("zhangli" if lang == "zh_CN" else "anna", demo.DEMO_PASSWORD), demo=True)
        window.resize(1400, 760)
        panel = window.staff_phones
        window.nav.setCurrentRow(window.panels.index(panel))
        window.show()
        app.processEvents()
        window.resize(1500, 760)  # after show: the offscreen screen (800 px) would shrink it back
        panel.refresh()
        panel.app_table.selectRow(0)
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(OUT / f"staff-applications-{lang}.png"))
        panel.tabs.setCurrentIndex(2)
        panel.st_dept.setCurrentIndex(panel.st_dept.findText("SA", Qt.MatchFlag.MatchStartsWith))
        panel.refresh()
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(OUT / f"staff-statement-{lang}.png"))
        # The papers, rendered as the manager and the department will see them (first page).
        papers = {"staff-statement-pdf": staff_phone.statement(panel.statement(), lang),
                  "staff-application-form": staff_phone.application_form(staffcalls.applications()[-1], lang)}
        for name, pdf in papers.items():
            path = tmp / f"{name}-{lang}.pdf"
            path.write_bytes(pdf)
            subprocess.run(["pdftoppm", "-r", "70", "-png", "-singlefile", "-f", "1", "-l", "1", str(path),
                            str(OUT / f"{name}-{lang}")], check=True)
        window.close()
    print(f"written to {OUT}")


if __name__ == "__main__":
    main()
