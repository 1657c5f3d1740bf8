"""Screens of the operator's console in both languages: two calls in the call list, and a wake-up alert
over the sign-in screen (its own window, so the whole screen is captured).

    Xvfb :25 -screen 0 1366x768x24 &  DISPLAY=:25 python tools/screenshots_console.py
"""

from __future__ import annotations

import os
import subprocess
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import shots  # noqa: E402 (tools/shots.py: puts the project on the path)

OUT = shots.OUT
SH = ZoneInfo("Asia/Shanghai")


def main() -> None:
    app, tmp = shots.start()
    from hotel_phone import auth, clock, db, demo, stays, wakeup
    from hotel_phone.ui.language import hub
    from hotel_phone.ui.main_window import MainWindow

    start = datetime(2026, 11, 28, 21, 35, tzinfo=SH)
    fixed = clock.FixedClock(start)
    clock.set_clock(fixed)
    db.open_database(tmp / "demo.sqlite3")
    demo.build()

    def settle() -> None:
        for _ in range(10):
            app.processEvents()

    def screen(name: str) -> None:
        """The whole display, as the operator sees it (windows stacked)."""
        settle()
        path = OUT / f"{name}.png"
        if os.environ.get("DISPLAY") and os.environ.get("QT_QPA_PLATFORM", "xcb") == "xcb":
            subprocess.run(["import", "-window", "root", str(path)], check=True)
        else:
            app.primaryScreen().grabWindow(0).save(str(path))
        print(path)

    for lang, user in (("zh_CN", "zhangli"), ("en", "anna")):
        fixed.set(start)
        hub().set_language(lang)
        session = auth.sign_in(user, demo.DEMO_PASSWORD)
        window = MainWindow(session, demo=True)
        window.setGeometry(0, 0, 1366, 768)
        window.show()
        window.set_language(lang)
        panel = window.call
        window.nav.setCurrentRow(window.panels.index(panel))
        panel.new_call("outside")
        panel.caller_name.setText("李伟" if lang == "zh_CN" else "Li Wei")
        panel.purpose.setText("合同" if lang == "zh_CN" else "the contract")
        panel.wanted.setText("bjorn schafer")
        panel.choose()
        panel.act("ring")
        fixed.set(start + timedelta(seconds=5))
        panel.new_call("outside")  # the first caller waits on hold
        panel.caller_name.setText("王芳" if lang == "zh_CN" else "Wang Fang")
        panel.purpose.setText("订房" if lang == "zh_CN" else "a booking")
        panel.wanted.setText("zhang wei")
        panel.search()
        fixed.set(start + timedelta(seconds=42))
        window.tick()
        screen(f"calls-two-{lang}")
        panel.act("end")
        panel.next_call()
        panel.act("end")

        room = next(iter(stays.search("Björn Schäfer"))).room
        wakeup.schedule(window.session, [room], "21:40")
        window.sessions.switch_operator()  # shift change: nobody signed in
        fixed.set(start + timedelta(minutes=5))
        window.tick()
        screen(f"wakeup-over-signin-{lang}")
        for alert in wakeup.alerts():
            wakeup.cancel(session, alert.id, "screenshot taken")
        window.sessions.signin.reject()
        window.alert_bar.close()
        window.close()
        settle()


if __name__ == "__main__":
    main()
