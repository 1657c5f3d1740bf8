"""The main window: composes the panels, the menus and the status bar; holds no rules."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QActionGroup, QKeySequence, QShortcut
from PySide6.QtWidgets import (QApplication, QLabel, QListWidget, QMainWindow, QMessageBox, QSizePolicy,
                               QSplitter, QStackedWidget, QVBoxLayout, QWidget)

from hotel_phone import (applog, auth, backup, cases, clock, db, handover, i18n, longdistance, messages,
                         settings, stays, wakeup)
from hotel_phone.errors import DatabaseUnreachable
from hotel_phone.i18n import _
from hotel_phone.session import Session
from hotel_phone.ui import actions as action_registry, refcount_guard
from hotel_phone.ui.common import MessageLabel, qsettings
from hotel_phone.ui.call_log_panel import CallLogPanel
from hotel_phone.ui.cases_panel import CaseAlertBar, CasesPanel
from hotel_phone.ui.call_panel import CallPanel
from hotel_phone.ui.folio_panel import CashierPanel, FolioPanel
from hotel_phone.ui.guest_register import GuestRegisterPanel
from hotel_phone.ui.longdistance_panel import LongDistancePanel
from hotel_phone.ui.messages_panel import MessagesPanel
from hotel_phone.ui.operators_panel import OperatorsPanel
from hotel_phone.ui.pbx_panel import PbxPanel
from hotel_phone.ui.reference_panel import PhrasebookPanel, ReferencePanel
from hotel_phone.ui.settings_panel import SettingsPanel
from hotel_phone.ui.staffphones_panel import StaffPhonesPanel
from hotel_phone.ui.wakeup_panel import HandoverPanel, WakeUpAlertBar, WakeUpPanel
from hotel_phone.ui.worldclock_panel import WorldClockPanel
from hotel_phone.ui.language import hub
from hotel_phone.ui.signin import LockDialog, SignInDialog


class MainWindow(QMainWindow):
    def __init__(self, session: Session, demo: bool = False):
        super().__init__()
        self.session: Session | None = session
        self.demo = demo
        self.signin: SignInDialog | None = None
        self._closed = False
        self._ticks = 0
        self.lock_dialog: LockDialog | None = None
        self.last_activity = time.monotonic()
        QApplication.instance().installEventFilter(self)
        self.guests = GuestRegisterPanel(self)
        self.messages = MessagesPanel(self)
        self.call = CallPanel(self)
        self.call_log = CallLogPanel(self)
        self.longdistance = LongDistancePanel(self)
        self.worldclock = WorldClockPanel(self)
        self.folio = FolioPanel(self)
        self.cashier = CashierPanel(self)
        self.wakeups = WakeUpPanel(self)
        self.handover = HandoverPanel(self)
        self.alert_bar = WakeUpAlertBar(self)
        self.cases = CasesPanel(self)
        self.staff_phones = StaffPhonesPanel(self)
        self.case_alert = CaseAlertBar(self)
        self.reference = ReferencePanel(self)
        self.phrasebook = PhrasebookPanel(self)
        self.operators = OperatorsPanel(self)
        self.settings_panel = SettingsPanel(self)
        self.pbx = PbxPanel(self)
        self.panels = [self.call, self.guests, self.messages, self.wakeups, self.cases, self.longdistance,
                       self.worldclock,
                       self.reference, self.phrasebook, self.folio, self.cashier, self.pbx, self.call_log, self.handover,
                       self.staff_phones, self.operators, self.settings_panel]
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.stack = QStackedWidget()
        for panel in self.panels:
            self.nav.addItem("")
            self.stack.addWidget(panel)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        # The log and the crash dialog say which panel was at work (its title, never its data).
        self.nav.currentRowChanged.connect(lambda row: applog.set_activity(self.panels[row].title()))
        self.nav.currentRowChanged.connect(self._panel_shown)
        self.stack.currentChanged.connect(self._size_to_current)
        # Every panel has a key, shown beside its name in the navigation.
        self.panel_keys = [f"Alt+{n % 10}" if n <= 10 else f"Alt+Shift+{n % 10}" for n in
                           range(1, len(self.panels) + 1)]
        for i, keys in enumerate(self.panel_keys):
            QShortcut(QKeySequence(keys), self, activated=lambda i=i: self._show_panel(i))
        self.nav.setMinimumWidth(230)  # the longest panel name with its key: "Directory and information  (Alt+8)"
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 1000])
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.operator_label = QLabel()
        self.operator_label.setObjectName("operatorLabel")
        self.in_house_label = QLabel()
        self.messages_label = QLabel()
        self.messages_label.setObjectName("messagesLabel")
        self.queue_label = QLabel()
        self.wake_label = QLabel()
        self.wake_label.setObjectName("wakeLabel")
        self.cases_label = QLabel()
        self.cases_label.setObjectName("casesLabel")
        self.clock_label = QLabel()
        self.clock_label.setObjectName("clockLabel")
        for w in (self.operator_label, self.in_house_label, self.messages_label, self.queue_label, self.wake_label,
                  self.cases_label):
            self.statusBar().addWidget(w)
        self.statusBar().addPermanentWidget(self.clock_label)
        self.server_label = QLabel()  # shown only while the hotel's database server does not answer
        self.server_label.setObjectName("serverLabel")
        self.server_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.server_label.hide()
        self.server_away = False
        self.statusBar().addPermanentWidget(self.server_label)

        call_keys = {f"call.{k}": (lambda k=k: self._on_panel(self.call, lambda: self.call.act(k)))
                     for k in ("ring", "accept", "accept_stay", "decline", "no_answer", "not_in_room", "put_through",
                               "message", "end")}
        self.actions = action_registry.create(self, {
            **call_keys,
            "call.new_outside": lambda: self._on_panel(self.call, lambda: self.call.new_call("outside")),
            "call.new_inside": lambda: self._on_panel(self.call, lambda: self.call.new_call("inside")),
            "call.caller_language": lambda: self._on_panel(self.call, self.call.toggle_caller_language),
            "call.next": lambda: self._on_panel(self.call, self.call.next_call),
            "call.not_found": lambda: self._on_panel(self.call, self.call.not_found),
            "app.switch_operator": self.request_switch_operator,
            "app.change_password": self.change_password,
            "app.printers": self.choose_printers,
            "app.quit": self.request_quit,
            "app.toggle_language": self.toggle_language,
            "guests.search": lambda: self._on_guests(self.guests.focus_search),
            "guests.check_in": lambda: self._on_guests(self.guests.check_in),
            "guests.edit": lambda: self._on_guests(self.guests.edit),
            "guests.move": lambda: self._on_guests(self.guests.move),
            "guests.check_out": lambda: self._on_guests(self.guests.check_out),
            "guests.import": lambda: self._on_guests(self.guests.import_csv),
            "guests.message": lambda: self._on_guests(self.guests.take_message),
            "help.about": self.about,
            "ld.book": lambda: self._on_panel(self.longdistance, self.longdistance.book),
            "ld.show": lambda: self._on_panel(self.longdistance, self.longdistance.guest_query.setFocus),
            "clock.show": lambda: self._on_panel(self.worldclock, self.worldclock.query.setFocus),
            "folio.show": lambda: self._on_panel(self.folio, self.folio.query.setFocus),
            "case.new": lambda: self._on_session(lambda: self.cases.new_case(self.call.open_call())),
            "case.show": lambda: self._on_panel(self.cases, self.cases.focus_search),
            "wake.show": lambda: self._on_panel(self.wakeups, self.wakeups.rooms.setFocus),
            "reference.show": lambda: self._on_panel(self.reference, self.reference.query.setFocus),
        })
        self._build_menus()
        self.pbx.changed.connect(self.cashier.refresh)
        self.pbx.changed.connect(self.folio.refresh)
        self.pbx.changed.connect(self.staff_phones.refresh)  # staff calls arrive with the PBX records
        for panel in (self.guests, self.messages, self.call, self.longdistance, self.folio, self.cashier, self.pbx,
                      self.wakeups, self.alert_bar, self.handover, self.cases, self.case_alert):
            panel.changed.connect(self.update_counters)
        self.cases.changed.connect(self.case_alert.check)
        self.cases.changed.connect(self.guests.refresh)
        self.case_alert.changed.connect(self.cases.refresh)
        self.case_alert.open_case.connect(lambda case_id: self._on_panel(self.cases,
                                                                         lambda: self.cases.show_case(case_id)))
        self.alert_bar.changed.connect(self.wakeups.refresh)
        # The handover's open items follow the data, not only a language switch.
        for panel in (self.wakeups, self.alert_bar, self.messages, self.longdistance, self.reference, self.call):
            panel.changed.connect(self.handover.refresh_items)
        self.wakeups.changed.connect(self.alert_bar.check)
        self.longdistance.changed.connect(self.cashier.refresh)
        self.longdistance.changed.connect(self.folio.refresh)
        self.messages.changed.connect(self.guests.refresh)
        self.call.changed.connect(self.call_log.refresh)
        hub().language_changed.connect(self.retranslate)

        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)
        self.timer.start(1000)
        self.nav.setCurrentRow(self.panels.index(self.guests))
        self.retranslate()
        self.update_counters()
        self.tick()
        self._restore_state()
        self.guests.focus_search()

    # -- composition -------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        a = self.actions
        self.menu_file = bar.addMenu("")
        self.menu_file.addAction(a["guests.import"])
        self.menu_file.addSeparator()
        self.menu_file.addAction(a["app.switch_operator"])
        self.menu_file.addAction(a["app.change_password"])
        self.menu_file.addAction(a["app.printers"])
        self.menu_file.addAction(a["app.quit"])
        self.menu_call = bar.addMenu("")
        for key in ("call.new_outside", "call.new_inside", "call.next", "call.caller_language", "call.ring",
                    "call.accept", "call.accept_stay", "call.decline", "call.no_answer", "call.not_in_room",
                    "call.not_found", "call.put_through", "call.message", "call.end"):
            self.menu_call.addAction(a[key])
        self.menu_call.addSeparator()
        for key in ("case.new", "case.show", "wake.show", "ld.show", "ld.book", "clock.show", "reference.show",
                    "folio.show"):
            self.menu_call.addAction(a[key])
        self.menu_guests = bar.addMenu("")
        for key in ("guests.search", "guests.check_in", "guests.edit", "guests.move", "guests.check_out",
                    "guests.message"):
            self.menu_guests.addAction(a[key])
        self.menu_view = bar.addMenu("")
        self.menu_language = self.menu_view.addMenu("")
        group = QActionGroup(self)
        self.language_actions = {}
        for code in i18n.LANGUAGES:
            act = self.menu_language.addAction(i18n.LANGUAGE_NAMES[code])
            act.setCheckable(True)
            act.setData(code)
            group.addAction(act)
            act.triggered.connect(lambda _c=False, c=code: self.set_language(c))
            self.language_actions[code] = act
        self.menu_language.addSeparator()
        self.menu_language.addAction(a["app.toggle_language"])
        self.menu_help = bar.addMenu("")
        self.menu_help.addAction(a["help.about"])

    def _show_panel(self, index: int) -> None:
        if self.session is None:
            return
        self.nav.setCurrentRow(index)
        self.stack.currentWidget().setFocus()
        self.stack.currentWidget().focusNextChild()

    def _size_to_current(self, index: int) -> None:
        """Only the panel on screen sets the window's minimum size: a wide hidden panel must not push a
        1366-pixel screen's window past its edge."""
        for i in range(self.stack.count()):
            page = self.stack.widget(i)
            policy = QSizePolicy.Policy.Preferred if i == index else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
        self.stack.updateGeometry()

    def _panel_shown(self, index: int) -> None:
        """A panel shows what is true now when it is shown (the handover's open items, the call list)."""
        panel = self.panels[index] if 0 <= index < len(self.panels) else None
        if self.session is not None and panel is not None and hasattr(panel, "refresh") \
                and getattr(panel, "dialog", None) is None:
            panel.refresh()

    def _on_guests(self, handler) -> None:
        self._on_panel(self.guests, handler)

    def _on_session(self, handler) -> None:
        if self.session is not None:
            handler()

    def _on_panel(self, panel, handler) -> None:
        if self.session is None:
            return
        self.nav.setCurrentRow(self.panels.index(panel))
        handler()

    # -- showing -----------------------------------------------------------
    def retranslate(self, *_args) -> None:
        lang = i18n.current_language()
        self.server_label.setText(_("Database server unreachable — retrying"))
        self.setWindowTitle(_("{hotel} — Switchboard").format(hotel=settings.hotel_name(lang))
                            + (" " + _("(demo hotel)") if self.demo else ""))
        self.alert_bar.retranslate()
        self.case_alert.retranslate()
        for i, panel in enumerate(self.panels):
            panel.retranslate()
            self.nav.item(i).setText(f"{panel.title()}  ({self.panel_keys[i]})")
        if self.nav.currentRow() >= 0:
            applog.set_activity(self.panels[self.nav.currentRow()].title())
        action_registry.retranslate(self.actions)
        # A message shown before the switch was in the old language: it goes rather than stay stale.
        for label in self.findChildren(MessageLabel):
            label.clear_message()
        self.statusBar().clearMessage()
        self.menu_file.setTitle(_("&File"))
        self.menu_guests.setTitle(_("&Guests"))
        self.menu_call.setTitle(_("&Call"))
        self.menu_view.setTitle(_("&View"))
        self.menu_language.setTitle(_("&Language"))
        self.menu_help.setTitle(_("&Help"))
        self.language_actions[lang].setChecked(True)
        self.update_counters()
        self.tick()

    def refresh_from_other_stations(self) -> None:
        """Another station wrote: the open panel and the counters show it within a second."""
        panel = self.stack.currentWidget()
        if getattr(panel, "dialog", None) is None and hasattr(panel, "refresh") and panel is not self.call:
            panel.refresh()
        self.update_counters()

    def update_counters(self) -> None:
        if self.session is not None:
            op = self.session.operator
            self.operator_label.setText(_("Operator: {name} ({role})").format(
                name=op.display_name, role=_(auth.ROLE_LABELS.get(op.role, op.role))))
        else:
            self.operator_label.setText(_("Signed out"))
        self.in_house_label.setText(_("In house: {n}").format(n=stays.in_house_count()))
        self.messages_label.setText(_("Messages waiting: {n}").format(n=messages.undelivered_count()))
        self.queue_label.setText(_("Calls waiting for a line: {n}").format(n=longdistance.waiting_count()))
        due = len(wakeup.alerts())
        self.wake_label.setText(_("Wake-ups due: {n}").format(n=due))
        self.wake_label.setStyleSheet("color: #b00020; font-weight: bold;" if due else "")
        late = len(cases.alerts()) if self.session is not None else 0
        self.cases_label.setText(_("Cases overdue: {n}").format(n=late))
        self.cases_label.setStyleSheet("color: #b00020; font-weight: bold;" if late else "")

    def eventFilter(self, obj, event) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel):
            self.last_activity = time.monotonic()
        return False

    def lock_if_idle(self, now: float | None = None) -> None:
        minutes = settings.get("idle_lock_minutes")
        idle = (now or time.monotonic()) - self.last_activity
        if self.session is None or self.lock_dialog is not None or self.signin is not None or minutes <= 0:
            return
        if idle >= minutes * 60:
            self.lock(minutes)

    def lock(self, minutes: int) -> None:
        """Nothing shows through a locked screen; the same operator's password, or a sign-in, opens it."""
        self.centralWidget().setEnabled(False)
        self.centralWidget().hide()
        self.lock_dialog = LockDialog(self.session, minutes, self)
        self.lock_dialog.accepted.connect(self._unlocked)
        self.lock_dialog.rejected.connect(self._lock_to_switch)
        self.lock_dialog.open()
        self.alert_bar.show_alert()
        self.case_alert.show_alert()

    def _unlocked(self) -> None:
        self.lock_dialog = None
        self.last_activity = time.monotonic()
        self.centralWidget().show()
        self.centralWidget().setEnabled(True)
        self.alert_bar.show_alert()
        self.case_alert.show_alert()

    def _lock_to_switch(self) -> None:
        self.lock_dialog = None
        self.switch_operator()

    def tick(self) -> None:
        """Each second; while the database server is away, the status bar says so and the next tick retries."""
        refcount_guard.top_up()  # PySide6 takes a reference from None on every void call
        try:
            self._tick()
            away = db.server_connected() is False  # the live-refresh connection is down too
        except DatabaseUnreachable:
            away = True
        if away != self.server_away:
            self.server_away = away
            self.server_label.setVisible(away)
            if not away:  # back: whatever changed meanwhile is shown (notifications are not replayed)
                self.refresh_from_other_stations()

    def _tick(self) -> None:
        self.lock_if_idle()
        self._ticks += 1
        if self._ticks % 3600 == 0:  # hourly: a new day gets its backup while the app runs
            backup.daily()
        self.longdistance.tick()
        if self.session is not None and db.changed_elsewhere():
            self.refresh_from_other_stations()
        # Wake-ups are watched whoever is signed in, and while nobody is (shift change, lock).
        before = (self.alert_bar.alert, self.case_alert.alert)
        self.alert_bar.check()
        self.case_alert.check()
        if (before[0] is None) != (self.alert_bar.alert is None) or (before[1] is None) != (
                self.case_alert.alert is None):
            self.update_counters()
        if self.stack.currentWidget() is self.worldclock:
            self.worldclock.tick()
        if self.session is not None:
            self.call.tick()
        tz = settings.hotel_tz()
        self.clock_label.setText(_("Hotel time {time}").format(
            time=i18n.format_datetime(clock.now(), tz, format="medium")))

    # -- commands ----------------------------------------------------------
    def set_language(self, lang: str) -> None:
        if self.session is not None:
            self.session = auth.set_language(self.session, lang)
        hub().set_language(lang)
        qsettings().setValue("language", i18n.current_language())

    def toggle_language(self) -> None:
        self.set_language("en" if i18n.current_language() == "zh_CN" else "zh_CN")

    def confirm_live_calls(self, question: str) -> bool:
        """Calls still open are never dropped silently: the operator is asked first."""
        n = self.call.live_count()
        if not n:
            return True
        answer = QMessageBox.question(self, _("Calls in progress"), question.format(n=n),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def request_quit(self) -> None:
        if self.session is not None and not self.confirm_live_calls(_("{n} call(s) are still open. Quit anyway?")):
            return
        self.close()

    def request_switch_operator(self) -> None:
        if self.session is not None and not self.confirm_live_calls(
                _("{n} call(s) are still open. Sign out anyway? They stay in the call list for the next operator.")):
            return
        self.switch_operator()

    def switch_operator(self) -> None:
        """Shift change: the outgoing operator signs out, the window waits for the next."""
        if self.session is not None:
            auth.sign_out(self.session)
        self.session = None
        self.centralWidget().setEnabled(False)
        self.centralWidget().hide()  # no guest's name stays on screen behind the sign-in
        self.update_counters()
        self.signin = SignInDialog(settings.hotel_name(i18n.current_language()), self.demo, self)
        self.signin.accepted.connect(self._signed_in)
        self.signin.rejected.connect(self.close)
        self.signin.open()
        self.signin.activateWindow()
        self.alert_bar.show_alert()
        self.case_alert.show_alert()

    def _signed_in(self) -> None:
        self.session = self.signin.session
        self.signin = None
        self.centralWidget().show()
        self.centralWidget().setEnabled(True)
        hub().set_language(self.session.operator.language)
        self.update_counters()
        self.guests.focus_search()
        self.after_sign_in(startup=False)

    def after_sign_in(self, startup: bool = True) -> None:
        """Missed wake-ups are reported at once; a handover waiting to be read is shown.

        Only at start are overdue calls "missed (the app was closed)": at a shift change the
        app was watching, and the alert waits for the operator who signs in."""
        missed = wakeup.mark_missed(self.session) if startup else []
        if missed:
            self.statusBar().showMessage(_("{n} wake-up call(s) fell due while the app was closed: marked missed.")
                                         .format(n=len(missed)), 60000)
        self.alert_bar.check()
        self.case_alert.check()
        self.cases.refresh()  # what this operator's role may do with the selected case
        self.staff_phones.refresh()  # the lists as the new operator sees them
        self.update_counters()
        if handover.waiting(self.session) is not None:
            self.handover.refresh()
            self.nav.setCurrentRow(self.panels.index(self.handover))

    def choose_printers(self) -> None:
        from hotel_phone.ui.printers_dialog import PrintersDialog

        self.printers_dialog = PrintersDialog(self)
        self.printers_dialog.open()

    def change_password(self) -> None:
        from hotel_phone.ui.signin import PasswordDialog

        self.password_dialog = PasswordDialog(self.session, self)
        self.password_dialog.open()

    def about(self) -> None:
        from hotel_phone import about
        from hotel_phone.ui.about import current_target, qt_version

        QMessageBox.about(self, _("About hotel_phone"), "\n".join(
            [_("The switchboard console for hotel operators.")] + about.lines(current_target(), qt_version())))

    # -- window state ------------------------------------------------------
    def _restore_state(self) -> None:
        s = qsettings()
        if s.value("main/geometry") is not None:
            self.restoreGeometry(s.value("main/geometry"))
        else:  # first run: the whole screen (1366x768 desks have no room to spare)
            self.resize(1200, 760)
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        if s.value("main/state") is not None:
            self.restoreState(s.value("main/state"))

    def closeEvent(self, event) -> None:
        # Ctrl+Q asked already (request_quit); the window's own close button asks here.
        if event.spontaneous() and not self._closed and self.session is not None and not self.confirm_live_calls(
                _("{n} call(s) are still open. Quit anyway?")):
            event.ignore()
            return
        s = qsettings()
        s.setValue("main/geometry", self.saveGeometry())
        s.setValue("main/state", self.saveState())
        if self.session is not None:
            auth.sign_out(self.session)
            self.session = None
        self.timer.stop()
        self.alert_bar.close()
        self.case_alert.close()
        self.pbx.stop_reading()
        if not self._closed:
            hub().language_changed.disconnect(self.retranslate)
            QApplication.instance().removeEventFilter(self)
            self._closed = True
        super().closeEvent(event)

