"""The main window: composes the panels, the menus and the status bar; holds no rules.

Panels are built the first time they are shown (the register at start), know
only the AppContext, and are wired to each other here. Signing in and the idle
lock are the SessionController's; the once-a-second pulse is the Heartbeat's.

At start (`paint_first=True`, ui/startup.py) the window's frame and the register
are painted first; the counters, the clock, the alerts and what follows a
sign-in (missed wake-ups, a handover waiting) come in the turn after that paint.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QActionGroup, QKeySequence, QShortcut
from PySide6.QtWidgets import (QDialog, QLabel, QListWidget, QMainWindow, QMessageBox, QSizePolicy, QSplitter,
                               QStackedWidget, QVBoxLayout, QWidget)
from shiboken6 import isValid

from hotel_phone import (applog, auth, calls, cases, clock, handover, hoteltime, i18n, longdistance, messages,
                         settings, stays, wakeup)
from hotel_phone.i18n import N_, _, ngettext
from hotel_phone.session import Session
from hotel_phone.ui import actions as action_registry, refcount_guard
from hotel_phone.ui.cases_panel import CaseAlertBar
from hotel_phone.ui.common import MessageLabel, ask_yes_no, qsettings
from hotel_phone.ui.context import AppContext
from hotel_phone.ui.heartbeat import Heartbeat
from hotel_phone.ui.language import hub
from hotel_phone.ui.session_controller import SessionController
from hotel_phone.ui.status_marks import StatusMarks
from hotel_phone.ui.wakeup_panel import WakeUpAlertBar


@dataclass(frozen=True)
class PanelSpec:
    key: str  # the window's attribute for it
    where: str  # "module:Class" under hotel_phone.ui, imported when the panel is first shown
    title: str  # N_(): the navigation names it before it is built (the class's TITLE, tested)
    actions: tuple[str, ...] = ()  # keys of ui/actions.py the panel answers (its actions(), tested)


# The navigation, in order. To add a panel: one line here (see ui/panel.py).
PANELS = (
    PanelSpec("call", "call_panel:CallPanel", N_("Incoming call"),
              tuple(f"call.{k}" for k in ("ring", "accept", "accept_stay", "decline", "no_answer", "not_in_room",
                                          "put_through", "message", "end", "new_outside", "new_inside",
                                          "caller_language", "next", "not_found"))),
    PanelSpec("guests", "guest_register:GuestRegisterPanel", N_("Guests in house"),
              ("guests.search", "guests.check_in", "guests.edit", "guests.move", "guests.check_out", "guests.import",
               "guests.message")),
    PanelSpec("messages", "messages_panel:MessagesPanel", N_("Messages")),
    PanelSpec("wakeups", "wakeup_panel:WakeUpPanel", N_("Wake-up calls"), ("wake.show",)),
    PanelSpec("cases", "cases_panel:CasesPanel", N_("Service cases"), ("case.show",)),
    PanelSpec("longdistance", "longdistance_panel:LongDistancePanel", N_("Long distance"), ("ld.book", "ld.show")),
    PanelSpec("worldclock", "worldclock_panel:WorldClockPanel", N_("World clock"), ("clock.show",)),
    PanelSpec("reference", "reference_panel:ReferencePanel", N_("Directory and information"), ("reference.show",)),
    PanelSpec("phrasebook", "reference_panel:PhrasebookPanel", N_("Phrasebook")),
    PanelSpec("folio", "folio_panel:FolioPanel", N_("Folio"), ("folio.show",)),
    PanelSpec("cashier", "folio_panel:CashierPanel", N_("Cashier")),
    PanelSpec("pbx", "pbx_panel:PbxPanel", N_("PBX call records")),
    PanelSpec("call_log", "call_log_panel:CallLogPanel", N_("Call log")),
    PanelSpec("handover", "wakeup_panel:HandoverPanel", N_("Shift handover")),
    PanelSpec("staff_phones", "staffphones_panel:StaffPhonesPanel", N_("Staff telephones")),
    PanelSpec("operators", "operators_panel:OperatorsPanel", N_("Operators")),
    PanelSpec("settings_panel", "settings_panel:SettingsPanel", N_("Hotel settings")),
)
FIRST_PANEL = "guests"
HANDOVER_FOLLOWS = ("wakeups", "alert_bar", "messages", "longdistance", "reference", "call")
# When a panel changed something, these built panels show it at once (others refresh when shown).
REFRESHES = {"cases": ("guests",), "longdistance": ("cashier", "folio"), "pbx": ("cashier", "folio", "staff_phones"),
             "messages": ("guests",), "call": ("call_log",), "alert_bar": ("wakeups",), "case_alert": ("cases",)}


class Panels:
    """The window's panels as a sequence, built on first use: window.panels.index(window.guests) works."""

    def __init__(self, window: MainWindow):
        self.window = window

    def __len__(self) -> int:
        return len(PANELS)

    def __getitem__(self, index: int):
        return self.window.panel(PANELS[index].key)

    def __iter__(self):
        return (self.window.panel(spec.key) for spec in PANELS)

    def index(self, panel) -> int:
        return next(i for i, spec in enumerate(PANELS) if self.window.built.get(spec.key) is panel)


class _FirstPaint(QObject):
    """Calls `then` in the turn after `widget`'s first paint (or after a moment if it is never painted)."""

    def __init__(self, widget: QWidget, then):
        super().__init__(widget)
        self.widget, self.then = widget, then
        widget.installEventFilter(self)
        QTimer.singleShot(500, self, self._go)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self, self._go)  # once this paint is on screen
        return False

    def _go(self) -> None:
        if self.then is not None:
            then, self.then = self.then, None
            self.widget.removeEventFilter(self)
            then()


class MainWindow(QMainWindow):
    def __init__(self, session: Session, demo: bool = False, paint_first: bool = False):
        super().__init__()
        self.loaded = not paint_first  # False until the first paint: counters and clock wait (see the docstring)
        self._after_paint: list = []
        self.ctx = AppContext(session, self)
        self.ctx.host_geometry = self.geometry
        self.demo = demo
        self._closed = False
        self.built: dict[str, QWidget] = {}
        self.panels = Panels(self)
        self.sessions = SessionController(self.ctx, self, demo)
        self.dialogs_aside: list[QDialog] = []  # open forms put out of sight with the screen (lock, sign-in)
        self.dialogs_owner: int | None = None  # the operator whose forms they are
        self.sessions.screen_hidden.connect(self._hide_screen)
        self.sessions.screen_shown.connect(self._show_screen)
        self.sessions.signed_in.connect(self._signed_in)
        self.sessions.sign_in_refused.connect(self.close)
        self.ctx.status.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        self.ctx.data_changed.connect(self.update_counters)
        self.ctx.message_requested.connect(lambda request: self.panel("messages").open_request(request))
        self.ctx.late_words.connect(lambda words: self.panel("wakeups").message.show_info(words))
        self.alert_bar = WakeUpAlertBar(self.ctx)
        self.case_alert = CaseAlertBar(self.ctx)
        self.ctx.floating_alerts = [self.alert_bar, self.case_alert]
        self._wire("alert_bar", self.alert_bar)
        self._wire("case_alert", self.case_alert)
        self.case_alert.open_case.connect(lambda case_id: self._on_panel(
            "cases", lambda: self.panel("cases").show_case(case_id)))
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.stack = QStackedWidget()
        for _spec in PANELS:
            self.nav.addItem("")
            self.stack.addWidget(QWidget())  # a place held until the panel is first shown
        self.nav.currentRowChanged.connect(self._row_changed)
        self.stack.currentChanged.connect(self._size_to_current)
        # Every panel has a key, shown beside its name in the navigation.
        self.panel_keys = [f"Alt+{n % 10}" if n <= 10 else f"Alt+Shift+{n % 10}" for n in
                           range(1, len(PANELS) + 1)]
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
            w.setMinimumWidth(1)  # on a narrow screen a counter is cut, never drawn over a warning (status_marks)
        self.statusBar().addPermanentWidget(self.clock_label)

        handlers = {key: (lambda spec=spec, key=key: self._on_panel(spec.key, lambda: self.panel(spec.key)
                                                                       .actions()[key]()))
                    for spec in PANELS for key in spec.actions}
        self.actions = action_registry.create(self, {
            **handlers,
            "app.switch_operator": self.request_switch_operator,
            "app.change_password": self.change_password,
            "app.printers": self.choose_printers,
            "app.quit": self.request_quit,
            "app.toggle_language": self.toggle_language,
            "help.about": self.about,
            "case.new": lambda: self._on_session(lambda: self._on_panel("cases", lambda: self.panel("cases").new_case(
                self.built["call"].open_call() if "call" in self.built else None))),
        })
        self._build_menus()
        hub().language_changed.connect(self.retranslate)
        self.heartbeat = Heartbeat(self.ctx, self)
        self.heartbeat.tick.connect(self.heartbeat.guarded(self.tick))
        self.heartbeat.changed_elsewhere.connect(self.heartbeat.guarded(self.refresh_from_other_stations))
        # The server back: what changed meanwhile is shown (notifications are not replayed after a reconnect).
        self.heartbeat.server_away.connect(lambda away: away or self.heartbeat.guarded(
            self.refresh_from_other_stations)())
        self.marks = StatusMarks(self.ctx, self.heartbeat, self)
        self.nav.setCurrentRow(self._index(FIRST_PANEL))
        self.retranslate()
        self._restore_state()
        self.panel(FIRST_PANEL).focus_search()
        if paint_first:
            self._first_paint = _FirstPaint(self.panel(FIRST_PANEL), self._load)

    def _load(self) -> None:
        """After the first paint: the counters, the clock, then what waited for it (`when_loaded`)."""
        self.loaded = True
        self.update_counters()
        self.tick()
        waiting, self._after_paint = self._after_paint, []
        for fn in waiting:
            fn()

    def when_loaded(self, fn) -> None:
        """`fn` now, or, for a window painted first, in the turn after its first paint."""
        if self.loaded:
            fn()
        else:
            self._after_paint.append(fn)

    # -- the panels ----------------------------------------------------------
    @property
    def session(self) -> Session | None:
        return self.ctx.session

    @session.setter
    def session(self, session: Session | None) -> None:
        self.ctx.session = session

    @staticmethod
    def _index(key: str) -> int:
        return next(i for i, spec in enumerate(PANELS) if spec.key == key)

    def panel(self, key: str) -> QWidget:
        """The panel, built (and wired) the first time it is asked for."""
        if key not in self.built:
            index = self._index(key)
            module, cls = PANELS[index].where.split(":")
            # Imported here, for speed: a panel's module (and what it needs) loads when it is first shown.
            panel = getattr(import_module(f"hotel_phone.ui.{module}"), cls)(self.ctx)
            self.built[key] = panel
            placeholder = self.stack.widget(index)
            current = self.stack.currentIndex()
            self.stack.insertWidget(index, panel)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.stack.setCurrentIndex(current)
            self._wire(key, panel)
        return self.built[key]

    def _wire(self, key: str, widget: QWidget) -> None:
        changed = getattr(widget, "changed", None)
        if changed is None:
            return
        changed.connect(self.update_counters)
        changed.connect(lambda key=key: self._refresh_after(key))

    def _refresh_after(self, key: str) -> None:
        for other in REFRESHES.get(key, ()):
            if other in self.built:
                self.built[other].refresh()
        if key in HANDOVER_FOLLOWS and "handover" in self.built:
            self.built["handover"].refresh_items()  # the handover's open items follow the data
        if key == "cases":
            self.case_alert.check()
        if key == "wakeups":
            self.alert_bar.check()

    def _row_changed(self, row: int) -> None:
        if not 0 <= row < len(PANELS):
            return
        panel = self.panel(PANELS[row].key)
        self.stack.setCurrentIndex(row)
        # The log and the crash dialog say which panel was at work (its title, never its data).
        applog.set_activity(panel.title())
        self._panel_shown(panel)

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

    def _panel_shown(self, panel) -> None:
        """A panel shows what is true now when it is shown (the handover's open items, the call list)."""
        if self.session is not None and getattr(panel, "dialog", None) is None:
            panel.refresh()

    def _on_session(self, handler) -> None:
        if self.session is not None:
            handler()

    def _on_panel(self, key: str, handler) -> None:
        if self.session is None:
            return
        self.nav.setCurrentRow(self._index(key))
        handler()

    # -- showing -----------------------------------------------------------
    def retranslate(self, *_args) -> None:
        lang = i18n.current_language()
        self.setWindowTitle(_("{hotel} — Switchboard").format(hotel=settings.hotel_name(lang))
                            + (" " + _("(demo hotel)") if self.demo else ""))
        self.alert_bar.retranslate()
        self.case_alert.retranslate()
        for i, spec in enumerate(PANELS):
            if spec.key in self.built:
                self.built[spec.key].retranslate()
            self.nav.item(i).setText(f"{_(spec.title)}  ({self.panel_keys[i]})")
        if self.nav.currentRow() >= 0:
            applog.set_activity(_(PANELS[self.nav.currentRow()].title))
        action_registry.retranslate(self.actions)
        # A message shown before the switch was in the old language: worded again if it was given as words (an
        # open dialog's refusal), else it goes rather than stay stale.
        for label in self.findChildren(MessageLabel):
            if label.words is None:
                label.clear_message()
            else:
                label.rewrite()
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
        if getattr(panel, "dialog", None) is None and panel is not self.built.get("call") \
                and panel in self.built.values():
            panel.refresh()
        self.update_counters()

    def update_counters(self) -> None:
        if not self.loaded:
            return  # the first paint comes first; _load shows them
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

    def tick(self) -> None:
        """Every second (the heartbeat): the idle lock, alerts over every panel, running timers, the clock."""
        if not self.loaded:
            return  # the first paint comes first; _load ticks
        refcount_guard.top_up()  # PySide6 takes a reference from None on every void call
        self.sessions.lock_if_idle()
        if "longdistance" in self.built:
            self.built["longdistance"].tick()
        # Wake-ups are watched whoever is signed in, and while nobody is (shift change, lock).
        before = (self.alert_bar.alert, self.case_alert.alert)
        self.alert_bar.check()
        self.case_alert.check()
        if (before[0] is None) != (self.alert_bar.alert is None) or (before[1] is None) != (
                self.case_alert.alert is None):
            self.update_counters()
        if "worldclock" in self.built and self.stack.currentWidget() is self.built["worldclock"]:
            self.built["worldclock"].tick()
        if self.session is not None and "call" in self.built:
            self.built["call"].tick()
        tz = hoteltime.zone()
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

    def confirm_live_calls(self, question: Callable[[], str]) -> bool:
        """Calls still open are never dropped silently: the operator is asked first (`question` gives the words
        in the operator's language, again after a switch while the question is open)."""
        n = len(calls.live_calls())
        if not n:
            return True
        return ask_yes_no(self, N_("Calls in progress"), lambda: question().format(n=n))

    def _still_open_quit(self) -> str:
        return ngettext("{n} call is still open. Quit anyway?", "{n} calls are still open. Quit anyway?",
                        len(calls.live_calls()))

    def request_quit(self) -> None:
        if self.session is not None and not self.confirm_live_calls(self._still_open_quit):
            return
        self.close()

    def request_switch_operator(self) -> None:
        n = len(calls.live_calls())
        if self.session is not None and not self.confirm_live_calls(lambda: ngettext(
                "{n} call is still open. Sign out anyway? It stays in the call list for the next operator.",
                "{n} calls are still open. Sign out anyway? They stay in the call list for the next operator.",
                n)):
            return
        self.sessions.switch_operator()

    def _hide_screen(self) -> None:
        was_open, self.ctx.screen_open = self.ctx.screen_open, False
        self.centralWidget().setEnabled(False)
        self.centralWidget().hide()  # no guest's name stays on screen behind the sign-in or the lock
        self._set_dialogs_aside(was_open)
        self.update_counters()
        self.alert_bar.show_alert()  # a due wake-up stays in sight over the lock and the sign-in
        self.case_alert.show_alert()

    def _show_screen(self) -> None:
        self.ctx.screen_open = True
        self.centralWidget().show()
        self.centralWidget().setEnabled(True)
        self._give_dialogs_back()
        self.alert_bar.show_alert()
        self.case_alert.show_alert()

    def _set_dialogs_aside(self, was_open: bool) -> None:
        """Open forms and boxes (a check-in half typed, a message) go out of sight with the screen: no guest's
        name shows over the lock or the sign-in. Whose they were is remembered from the first hiding."""
        if was_open:
            self.dialogs_aside = []
            self.dialogs_owner = self.session.operator.id if self.session is not None else None
        keep = (self.sessions.signin, self.sessions.lock_dialog)
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible() and dialog not in keep:
                dialog.hide()
                self.dialogs_aside.append(dialog)

    def _give_dialogs_back(self) -> None:
        """The same operator finds the forms as they were left; another operator never sees them: closed."""
        same = self.session is not None and self.session.operator.id == self.dialogs_owner
        for dialog in self.dialogs_aside:
            if not isValid(dialog):
                continue  # closed and deleted meanwhile (a form its operator's leaving closed)
            if same:
                dialog.show()
            else:
                dialog.reject()
        self.dialogs_aside = []

    def _signed_in(self, _session) -> None:
        self.update_counters()
        self.panel("guests").focus_search()
        self.after_sign_in(startup=False)

    def after_sign_in(self, startup: bool = True) -> None:
        """Missed wake-ups are reported at once; a handover waiting to be read is shown.

        Only at start are overdue calls "missed (the app was closed)": at a shift change the
        app was watching, and the alert waits for the operator who signs in."""
        missed = wakeup.mark_missed(self.session) if startup else []
        if missed:
            n = len(missed)
            self.statusBar().showMessage(ngettext(
                "{n} wake-up call fell due while the app was closed: marked missed.",
                "{n} wake-up calls fell due while the app was closed: marked missed.", n).format(n=n), 60000)
        self.alert_bar.check()
        self.case_alert.check()
        if "cases" in self.built:
            self.built["cases"].refresh()  # what this operator's role may do with the selected case
        if "staff_phones" in self.built:
            self.built["staff_phones"].refresh()  # the lists as the new operator sees them
        self.update_counters()
        if handover.waiting(self.session) is not None:
            self.panel("handover").refresh()
            self.nav.setCurrentRow(self._index("handover"))

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
                self._still_open_quit):
            event.ignore()
            return
        s = qsettings()
        s.setValue("main/geometry", self.saveGeometry())
        s.setValue("main/state", self.saveState())
        if not self.heartbeat.replaced:  # never a write into a file set aside
            self.heartbeat.guarded(self.sessions.sign_out)()
        self.heartbeat.stop()
        if "pbx" in self.built:
            self.built["pbx"].stop_reading()
        self.alert_bar.close()
        self.case_alert.close()
        if not self._closed:
            hub().language_changed.disconnect(self.retranslate)
            self.marks.close()
            self.sessions.stop()
            self._closed = True
        super().closeEvent(event)


def _panel_property(key: str) -> property:
    return property(lambda window: window.panel(key), doc=f"The {key} panel (built on first use).")


for _spec in PANELS:
    setattr(MainWindow, _spec.key, _panel_property(_spec.key))
