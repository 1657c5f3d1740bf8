"""No key does two things: Qt finds a key bound twice where both are live ambiguous, and neither acts."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import QWidget

from hotel_phone import clock, longdistance as ld, stays, wakeup
from hotel_phone.db import LongDistanceBooking, WakeUpCall
from hotel_phone.ui.main_window import PANELS
from tests.uihelpers import open_window

SH = ZoneInfo("Asia/Shanghai")
APP = Qt.ShortcutContext.ApplicationShortcut


def _keys(owner) -> list[tuple[str, Qt.ShortcutContext]]:
    """Every shortcut an object and its children hold: QShortcut objects and actions' keys."""
    out = [(s.key().toString(), s.context()) for s in owner.findChildren(QShortcut) if not s.key().isEmpty()]
    for action in [*QWidget.actions(owner), *owner.findChildren(QAction)]:  # panels' actions() is their own
        out += [(k.toString(), action.shortcutContext()) for k in action.shortcuts()]
    return list(dict.fromkeys(out))


def test_no_key_is_bound_twice_where_both_are_live(qtbot, demo):
    window = open_window(qtbot, "wangfang")  # a supervisor: every panel and button
    panels = {spec.key: window.panel(spec.key) for spec in PANELS}
    window_keys = [k.toString() for a in QWidget.actions(window) for k in a.shortcuts()
                   if a.shortcutContext() != APP]  # the menus' commands
    window_keys += [s.key().toString() for s in window.findChildren(QShortcut) if s.parent() is window]  # Alt+n
    app_wide = [k for k, ctx in _keys(window) + _keys(window.alert_bar) + _keys(window.case_alert) if ctx == APP]
    assert len(app_wide) == len(set(app_wide)) and window_keys, app_wide
    clashes = {}
    for key, panel in panels.items():
        live = [k for k, ctx in _keys(panel) if ctx != APP] + window_keys
        doubled = {k for k in live if live.count(k) > 1} | (set(live) & set(app_wide))
        if doubled:
            clashes[key] = sorted(doubled)
    assert clashes == {}


def test_the_queue_and_the_wake_up_alert_keys_both_act_while_both_show(qtbot, demo):
    window = open_window(qtbot)
    guest = next(iter(stays.search("Björn Schäfer")))
    booking = ld.book(window.session, guest.id, "home", "+44 20 7946 0958")
    ld.place(window.session, booking.id)
    wakeup.schedule(window.session, [guest.room], "06:30", first=date(2026, 11, 29))
    clock.get_clock().set(datetime(2026, 11, 29, 6, 30, tzinfo=SH))
    window.tick()
    assert window.alert_bar.isVisible()
    window.nav.setCurrentRow([s.key for s in PANELS].index("longdistance"))
    panel = window.panel("longdistance")
    panel.refresh()
    panel.table.selectRow(0)
    panel.table.setFocus()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(panel.table, Qt.Key.Key_A, ctrl_shift)  # the line failed
    assert LongDistanceBooking.get_by_id(booking.id).status != "dialling"
    assert WakeUpCall.get().status == "pending"
    qtbot.keyClick(panel.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert WakeUpCall.get().status == "done"
