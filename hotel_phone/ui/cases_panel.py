"""Cases: the list with its filters, a new case from the keyboard (also from a call), the papers,
and the alert bar for overdue cases shown over every panel. Every rule is in hotel_phone.cases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hotel_phone import casecodes, cases, hoteltime, i18n, paths, settings
from hotel_phone.errors import DomainError
from hotel_phone.i18n import N_, _, ngettext
from hotel_phone.ui.dialog_words import FollowsLanguage, Words, say
from hotel_phone.ui.common import MessageLabel, ask_text, add_rows, error_text
from hotel_phone.ui.guest_register import SearchBox
from hotel_phone.ui.heartbeat import while_typing
from hotel_phone.ui.stay_dialog import FormDialog
from hotel_phone.ui.tables import RowTableModel, make_table, selected_row, table_panel

COLUMNS = (N_("No."), N_("Status"), N_("Kind"), N_("Priority"), N_("Where"), N_("Issue"), N_("Department"),
           N_("Reported by"), N_("Opened"), N_("Complete by"), N_("What happened"))
STATUS_FILTERS = (("open", N_("Open cases")), ("", N_("All cases"))) + tuple(cases.STATUSES.items())
BUTTONS = (("new", N_("New case (F10)")), ("send", N_("Rang the department: sent")),
           ("work_order", N_("Print work order")), ("start", N_("Department responded")), ("done", N_("Done…")),
           ("call_back", N_("Called back…")), ("no_answer", N_("Call-back not answered")), ("close", N_("Close the case")),
           ("cancel", N_("Cancel…")), ("note", N_("Note…")), ("stats", N_("Monthly statistics…")),
           ("codes", N_("Issue codes…")))


def _lang() -> str:
    return i18n.current_language()


def _reports_dir():
    target = paths.data_dir() / "reports"
    target.mkdir(parents=True, exist_ok=True)
    return target


class CaseDialog(FormDialog):
    """A new case: kind, issue, where, who reported it, what happened; department and priority follow the issue."""

    settings_key = "case"

    def __init__(self, data: cases.CaseInput, on_ok: Callable[[cases.CaseInput], None], parent=None):
        super().__init__(lambda: on_ok(self.value()), parent)
        self.data = data
        self.kind = QComboBox()
        self.word_items(self.kind, cases.KINDS.items())
        self.code = QComboBox()
        self.code.setObjectName("caseCode")
        self.codes = casecodes.active_codes()
        self.word_items(self.code, ((c.id, lambda c=c: f"{c.code}  {c.name(_lang())}") for c in self.codes))
        self.room = QLineEdit(data.room)
        self.room.setObjectName("caseRoom")
        self.place = QLineEdit(data.place)
        self.by_guest = QCheckBox()
        self.caller_name = QLineEdit(data.caller_name)
        self.caller_number = QLineEdit(data.caller_number)
        self.language = QComboBox()
        for code in i18n.LANGUAGES:
            self.language.addItem(i18n.LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(max(0, self.language.findData(data.language)))
        self.channel = QComboBox()
        self.word_items(self.channel, cases.CHANNELS.items())
        self.channel.setCurrentIndex(max(0, self.channel.findData(data.channel)))
        self.text = QPlainTextEdit(data.text)
        self.text.setObjectName("caseText")
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(70)
        self.department = QComboBox()
        self.word_items(self.department, ((d.id, lambda d=d: d.name(_lang())) for d in cases.departments()))
        self.staff = QComboBox()
        self.priority = QComboBox()
        self.word_items(self.priority, ((p, casecodes.PRIORITY_LABELS[p]) for p in casecodes.PRIORITIES))
        self.set_rows((self.kind, self.code, self.room, self.by_guest, self.place, self.caller_name,
                       self.caller_number, self.language, self.channel, self.text, self.department, self.staff,
                       self.priority),
                      (N_("Kind"), N_("Issue"), N_("Room"), N_("Reported by"), N_("Place"), N_("Caller's name"),
                       N_("Caller's number"), N_("Language"), N_("Channel"), N_("What happened"), N_("Department"),
                       N_("Person"), N_("Priority")))
        self.word(self.setWindowTitle, N_("New case"))
        self.ok_words(N_("Log the case (Enter)"))
        self.code.currentIndexChanged.connect(self._code_chosen)
        self.department.currentIndexChanged.connect(self._department_chosen)
        self.room.textChanged.connect(while_typing(self._room_changed))
        self._code_chosen()
        self._department_chosen()
        self._room_changed()
        if data.stay_id:
            self.by_guest.setChecked(True)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.code.setFocus()  # the issue first: the kind is usually right already

    def _code_chosen(self, *_args) -> None:
        if not self.codes:
            return
        c = self.codes[self.code.currentIndex()]
        self.department.setCurrentIndex(max(0, self.department.findData(c.department_id)))
        self.priority.setCurrentIndex(max(0, self.priority.findData(c.priority)))

    def _department_chosen(self, *_args) -> None:
        self.staff.clear()
        self.staff.addItem("—", None)
        for s in cases.department_staff(self.department.currentData()):
            self.staff.addItem(s.name(_lang()), s.id)

    def _room_changed(self, *_args) -> None:
        self.guest = cases.guest_of_room(self.room.text())
        self.by_guest.setEnabled(self.guest is not None)
        self._word_by_guest()
        self.by_guest.setChecked(self.guest is not None and not self.caller_name.text().strip())

    def _word_by_guest(self) -> None:
        self.by_guest.setText(_("The guest: {name}").format(name=self.guest.name) if self.guest
                              else _("No guest in this room"))

    def retranslate(self, *_args) -> None:
        super().retranslate()
        if hasattr(self, "guest"):
            self._word_by_guest()
        current = self.staff.currentIndex()  # the department's people, named in the new language
        self._department_chosen()
        self.staff.setCurrentIndex(current)

    def value(self) -> cases.CaseInput:
        by_guest = self.guest is not None and self.by_guest.isChecked()
        return cases.CaseInput(
            kind=self.kind.currentData(), code_id=self.code.currentData(), text=self.text.toPlainText(),
            room=self.room.text(), place=self.place.text(), stay_id=self.guest.stay_id if by_guest else None,
            caller_name="" if by_guest else self.caller_name.text(),
            caller_number="" if by_guest else self.caller_number.text(), language=self.language.currentData(),
            channel=self.channel.currentData(), department_id=self.department.currentData(),
            staff_id=self.staff.currentData(), priority=self.priority.currentData(), call_id=self.data.call_id)


class DispatchDialog(FollowsLanguage, QDialog):
    """Right after logging: whom to ring and what to say; Enter records that the department was told.
    The words to say are in the listener's language and stay so after a switch."""

    def __init__(self, dispatch: cases.Dispatch, on_sent: Callable[[], None], on_print: Callable[[], None],
                 parent=None):
        super().__init__(parent)
        self.follow_language()
        self.word(self.setWindowTitle,
                  lambda: _("Case {number}: send it to the department").format(number=dispatch.number))
        ring = QLabel()
        self.word(ring.setText, lambda: _("Ring {department} on {extension}").format(
            department=dispatch.department_zh if _lang() == "zh_CN" else dispatch.department_en,
            extension=dispatch.extension))
        font = QFont()
        font.setBold(True)
        font.setPointSize(font.pointSize() + 3)
        ring.setFont(font)
        self.to_department = QLabel(dispatch.to_department)
        self.to_caller = QLabel(dispatch.to_caller)
        for w in (self.to_department, self.to_caller):
            w.setWordWrap(True)
            w.setFrameShape(QFrame.Shape.StyledPanel)
            w.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.to_department.setObjectName("sayToDepartment")
        self.to_caller.setObjectName("sayToReporter")
        self.sent, self.print_button, later = QPushButton(), QPushButton(), QPushButton()
        for button, words in ((self.sent, N_("Rang the department: sent (Enter)")),
                              (self.print_button, N_("Print work order")), (later, N_("Later (Esc)"))):
            self.word(button.setText, words)
        self.sent.setDefault(True)
        self.sent.clicked.connect(lambda: self._then(on_sent))
        self.print_button.clicked.connect(lambda: self._then(on_print))
        later.clicked.connect(self.reject)
        row = QHBoxLayout()
        for b in (self.sent, self.print_button, later):
            row.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(ring)
        say_department, say_caller = QLabel(), QLabel()
        self.word(say_department.setText, N_("Say to the department:"))
        self.word(say_caller.setText, N_("Say to the guest or caller:"))
        layout.addWidget(say_department)
        layout.addWidget(self.to_department)
        layout.addWidget(say_caller)
        layout.addWidget(self.to_caller)
        layout.addLayout(row)

    def _then(self, fn: Callable[[], None]) -> None:
        fn()
        self.accept()


class CaseModel(RowTableModel):
    columns = COLUMNS

    def cells(self, r: cases.CaseRow) -> tuple:
        tz = hoteltime.zone()
        zh = _lang() == "zh_CN"
        return (r.number, _(cases.STATUSES[r.status]), _(cases.KINDS[r.kind]), str(r.priority),
                r.where_zh if zh else r.where_en, r.issue_zh if zh else r.issue_en,
                r.department_zh if zh else r.department_en, r.reporter,
                i18n.format_datetime(r.created_at, tz, format="short"),
                i18n.format_datetime(r.complete_by, tz, format="short"), r.text.replace("\n", " ")[:80])

    def style(self, r: cases.CaseRow, column: int, role):
        if role == Qt.ItemDataRole.ForegroundRole and r.overdue:
            return QColor("#b00020")
        if role == Qt.ItemDataRole.FontRole and (r.overdue or r.kind == "complaint"):
            font = QFont()
            font.setBold(True)
            return font
        return None


class CasesPanel(QWidget):
    changed = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.dialog = None
        self.last_pdf = None
        self.last_csv = None
        self.printed: int | None = None
        self.status = QComboBox()
        self.department = QComboBox()
        self.kind = QComboBox()
        self.room = QLineEdit()
        self.room.setMaximumWidth(90)
        self.search = SearchBox()
        self.search.setObjectName("caseSearch")
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self.model = CaseModel(self)
        self.table = make_table(self.model, "caseTable")
        self.details = QLabel()
        self.details.setObjectName("caseDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = MessageLabel()
        self.buttons = {key: QPushButton() for key, _label in BUTTONS}
        for key, b in self.buttons.items():
            b.setObjectName(f"case_{key}")
            b.clicked.connect(lambda _c=False, k=key: self.act(k))
        table_panel(self, [self.status, self.department, self.kind, self.room, (self.search, 1), self.count],
                    self.table, self.message, list(self.buttons.values()))
        self.layout().insertWidget(2, self.details)
        for combo in (self.status, self.department, self.kind):
            combo.currentIndexChanged.connect(self.refresh)
        self.room.textChanged.connect(while_typing(self.refresh))
        self.search.textChanged.connect(while_typing(self.refresh))
        self.search.go_down.connect(self._focus_table)
        self.search.activated.connect(self._focus_table)
        self.table.selectionModel().selectionChanged.connect(self.show_selected)
        self.retranslate()

    TITLE = N_("Service cases")

    def title(self) -> str:
        return _(self.TITLE)

    def actions(self) -> dict:
        return {"case.show": self.focus_search}

    def _fill(self, combo: QComboBox, items) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for value, label in items:
            combo.addItem(label, value)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)

    def retranslate(self) -> None:
        lang = _lang()
        self._fill(self.status, [(k, _(v)) for k, v in STATUS_FILTERS])
        self._fill(self.department, [(None, _("All departments"))] + [(d.id, d.name(lang)) for d in cases.departments()])
        self._fill(self.kind, [("", _("All kinds"))] + [(k, _(v)) for k, v in cases.KINDS.items()])
        self.room.setPlaceholderText(_("Room"))
        self.search.setPlaceholderText(_("Case No., name, pinyin, issue or words (e.g. 00012, wangxm, 空调, noise)"))
        for key, label in BUTTONS:
            self.buttons[key].setText(_(label))
        self.model.retranslate()
        self.refresh()

    def refresh(self, *_args) -> None:
        selected = self.selected()
        self.model.set_rows(cases.listing(self.status.currentData() or "", self.department.currentData(),
                                          self.kind.currentData() or "", self.room.text(), self.search.text()))
        self.count.setText(_("{n} shown").format(n=len(self.model.rows)))
        if selected is not None:
            self.select(selected.id)
        self.show_selected()

    def select(self, case_id: int) -> bool:
        for i, row in enumerate(self.model.rows):
            if row.id == case_id:
                self.table.selectRow(i)
                return True
        return False

    def show_case(self, case_id: int) -> None:
        """Show one case whatever the filters were (from the alert bar)."""
        if not self.select(case_id):
            self.status.setCurrentIndex(self.status.findData(""))
            self.search.clear()
            self.room.clear()
            self.department.setCurrentIndex(0)
            self.kind.setCurrentIndex(0)
            self.select(case_id)
        self.table.setFocus()

    def selected(self) -> cases.CaseRow | None:
        return selected_row(self.table, self.model)

    def _focus_table(self) -> None:
        if self.model.rows:
            self.table.setFocus()
            if self.selected() is None:
                self.table.selectRow(0)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def show_selected(self, *_args) -> None:
        row = self.selected()
        allowed = cases.allowed_actions(self.ctx.session, row.id) if row else set()
        for key, b in self.buttons.items():
            b.setEnabled(key in ("new", "stats", "codes") or key in allowed or (key == "no_answer" and "call_back" in allowed))
        self.buttons["codes"].setVisible(casecodes.may_keep(self.ctx.session))
        if row is None:
            self.details.setText("")
            return
        tz = hoteltime.zone()
        lines = [f"{i18n.format_datetime(e.at, tz, format='short')}  {e.operator}  {_(cases.EVENT_LABELS[e.kind])}"
                 + (f"  {e.target}" if e.target else "") + (f"  — {e.detail}" if e.detail else "")
                 for e in cases.history(row.id)]
        self.details.setText(_("Case {number}: {text}").format(number=row.number, text=row.text or "—") + "\n"
                             + "\n".join(lines))

    # -- acting ------------------------------------------------------------
    def new_case(self, call: tuple | None = None) -> None:
        """A new case; from a call (id, typed name, number, purpose) it starts with the room, the guest or
        caller, and the purpose."""
        session = self.ctx.session
        if session is None:
            return
        try:
            data = cases.from_call(*call) if call else cases.CaseInput()
        except DomainError as exc:
            self.message.show_error(error_text(exc))
            return

        def ok(value: cases.CaseInput) -> None:
            case = cases.open_case(session, value)
            self.created = case.id
        self.created = None
        dialog = CaseDialog(data, ok, parent=self.window())
        dialog.accepted.connect(self._created)
        self.dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None) if self.dialog is dialog else None)
        dialog.open()

    def _created(self) -> None:
        case_id = self.created
        self.refresh()
        self.changed.emit()
        if case_id is None:
            return
        self.select(case_id)
        row = cases.get_row(case_id)
        self.message.show_info(_("Case {number} logged.").format(number=row.number))
        dialog = DispatchDialog(cases.dispatch(case_id), lambda: self._do("send", case_id),
                                lambda: self.print_work_order(case_id), parent=self.window())
        self.dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None) if self.dialog is dialog else None)
        dialog.open()

    def act(self, key: str) -> None:
        if key == "new":
            self.new_case()
            return
        if key == "stats":
            self.monthly_statistics()
            return
        if key == "codes":
            self.dialog = CodesDialog(self.ctx.session, self.window())
            self.dialog.finished.connect(lambda _r: (setattr(self, "dialog", None), self.refresh()))
            self.dialog.open()
            return
        row = self.selected()
        if row is None:
            self.message.show_error(_("Select a case first."))
            return
        if key == "work_order":
            self.print_work_order(row.id)
            return
        self._do(key, row.id)

    def _ask(self, title: Words, label: Words, text: str = "") -> str | None:
        value, ok = ask_text(self, title, label, text)
        return value if ok else None

    def _do(self, key: str, case_id: int) -> None:
        session = self.ctx.session
        try:
            if key == "send":
                cases.send(session, case_id, "phone")
            elif key == "start":
                cases.start(session, case_id)
            elif key == "done":
                note = self._ask(N_("Done"), N_("What was done (optional)"))
                if note is None:
                    return
                cases.done(session, case_id, note)
            elif key == "call_back":
                answer = self._ask(N_("Called back"),
                                   lambda: cases.call_back_words(case_id) + "\n\n" + _("Their answer"))
                if answer is None:
                    return
                cases.call_back(session, case_id, True, answer)
            elif key == "no_answer":
                cases.call_back(session, case_id, False)
            elif key == "close":
                cases.close(session, case_id)
            elif key == "cancel":
                reason = self._ask(N_("Cancel the case"), N_("Reason"))
                if reason is None:
                    return
                cases.cancel(session, case_id, reason)
            elif key == "note":
                text = self._ask(N_("Note on the case"), N_("The case's text stays as written; the note is added"))
                if text is None:
                    return
                cases.add_note(session, case_id, text)
        except DomainError as exc:
            self.message.show_error(error_text(exc))
            return
        self.message.show_info(_("Case {number}: {status}.").format(
            number=cases.number(case_id), status=_(cases.STATUSES[cases.get_row(case_id).status])))
        self.refresh()
        self.select(case_id)
        self.changed.emit()

    def print_work_order(self, case_id: int) -> None:
        """The work order on this station's printer for work orders; once printed, the case counts as sent."""
        row, dispatch, lang = cases.get_row(case_id), cases.dispatch(case_id), _lang()
        settings.get("timezone")  # warm the settings cache here, not in the worker thread

        def printed() -> None:
            self.printed = case_id
            try:
                cases.send(self.ctx.session, case_id, "work_order")  # whoever is signed in when it printed
            except DomainError as exc:
                self.message.show_error(error_text(exc))
                return
            self.message.show_info(_("Work order {number} printed; the case is sent.").format(number=row.number))
            self.refresh()
            self.changed.emit()

        def failed(reason: str, kept) -> None:
            self.last_pdf = kept
            self.message.show_error(_("Work order {number} was not printed: {reason}. The case is not marked as "
                                      "sent; the work order is kept in {path}.").format(
                number=row.number, reason=reason, path=kept))

        def cancelled() -> None:
            self.message.show_info(_("Printing cancelled; case {number} is not marked as sent.").format(
                number=row.number))

        from hotel_phone.documents import case_papers  # for speed: the alert bar of this module is in the
        from hotel_phone.ui import printing  # main window's first paint; printing loads when first used

        printing.start("work_order", _("Work order {number}").format(number=row.number),
                       lambda: case_papers.work_order(row, dispatch, lang), self, self.message,
                       [self.buttons["work_order"]], on_printed=printed, on_failed=failed, on_cancelled=cancelled,
                       ctx=self.ctx, rules=self.show_selected)

    def monthly_statistics(self, month: str | None = None) -> None:
        from hotel_phone import casestats  # for speed, as printing above
        from hotel_phone.documents import case_papers  # for speed
        from hotel_phone.ui.preview import save_and_preview  # for speed

        if month is None:
            today = hoteltime.today()
            last = date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)
            month = self._ask(N_("Monthly statistics"), N_("Month (YYYY-MM)"), f"{last:%Y-%m}")
            if month is None:
                return
        try:
            year, mon = casestats.parse_month(month)
        except DomainError as exc:
            self.message.show_error(error_text(exc))
            return
        rows, lang = casestats.monthly(year, mon), _lang()
        pdf, csv_path = (_reports_dir() / f"cases-{year}-{mon:02d}.{ext}" for ext in ("pdf", "csv"))

        def write():
            data = case_papers.statistics(year, mon, rows, lang)
            pdf.write_bytes(data)
            csv_path.write_text(casestats.to_csv(rows), encoding="utf-8-sig")
            return pdf, data

        def saved(path) -> None:
            self.last_pdf, self.last_csv = path, csv_path
            self.message.show_info(_("Saved to {path}.").format(path=f"{path}, {csv_path}"))

        # Saved for the record, then shown: Print goes to this station's printer for registers and reports.
        save_and_preview(self, self.message, self.buttons["stats"], lambda: _("Monthly statistics {month}").format(
            month=f"{year}-{mon:02d}"), write, saved, rules=self.show_selected)


CHASE_KEY = "Ctrl+Alt+H"  # application-wide, like the wake-up alert's keys


class CaseAlertBar(QFrame):
    """The overdue case to chase now, whom to ring, the words, and the chase to record (Ctrl+Alt+H).

    Like the wake-up alert, its own always-on-top window: over every panel, over open dialogs and over the
    sign-in and lock screens; while nobody is signed in it stays in sight for the operator who signs in."""

    changed = Signal()
    open_case = Signal(int)

    def __init__(self, ctx, parent=None):
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.ctx = ctx
        self.alert: cases.CaseAlert | None = None
        self.seen: set[tuple] = set()
        self.setObjectName("caseAlert")
        self.setStyleSheet("#caseAlert { background: #fde2e1; border: 2px solid #b00020; }")
        self.title = QLabel()
        self.title.setObjectName("caseAlertTitle")
        font = QFont()
        font.setBold(True)
        font.setPointSize(font.pointSize() + 2)
        self.title.setFont(font)
        self.advice = QLabel()
        self.advice.setObjectName("caseAlertAdvice")
        self.words = QLabel()
        self.words.setObjectName("caseAlertWords")
        self.words.setWordWrap(True)
        self.more = QLabel()
        self.message = MessageLabel()
        self.waiting = QLabel()
        self.waiting.setWordWrap(True)
        self.waiting.setStyleSheet("color: #b00020; font-weight: bold;")
        self.chase_button = QPushButton()
        self.chase_button.setObjectName("caseChase")
        self.open_button = QPushButton()
        self.chase_button.clicked.connect(self.chase)
        self.open_button.clicked.connect(self._open)
        # Application-wide: the key records the chase from the main window and from this window alike.
        QShortcut(QKeySequence(CHASE_KEY), self, activated=self.chase, context=Qt.ShortcutContext.ApplicationShortcut)
        row = QHBoxLayout()
        row.addWidget(self.chase_button)
        row.addWidget(self.open_button)
        row.addStretch(1)
        row.addWidget(self.more)
        layout = QVBoxLayout(self)
        for w in (self.title, self.advice, self.words, self.message, self.waiting):
            layout.addWidget(w)
        layout.addLayout(row)
        self.hide()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Overdue case"))
        self.open_button.setText(_("Show the case"))
        self.show_alert()

    def answerable(self) -> bool:
        """Only a signed-in operator, at an unlocked screen, records a chase; until then the alert stays in sight."""
        return self.ctx.session is not None and self.ctx.screen_open

    def check(self) -> None:
        found = cases.alerts()
        self.alert = found[0] if found else None
        if self.alert and (self.alert.id, self.alert.stage, self.alert.chases) not in self.seen:
            self.seen.add((self.alert.id, self.alert.stage, self.alert.chases))
            QApplication.beep()
        self.more.setText(_("{n} more overdue").format(n=len(found) - 1) if len(found) > 1 else "")
        self.show_alert()

    def show_alert(self) -> None:
        a = self.alert
        if a is None:
            self.hide()
            return
        answerable = self.answerable()
        for b in (self.chase_button, self.open_button):
            b.setEnabled(answerable)
        self.waiting.setText("" if answerable else _("Sign in to record the chase: the operator who signs in "
                                                     "rings the department."))
        self.waiting.setVisible(not answerable)
        zh = _lang() == "zh_CN"
        due = a.due_at.astimezone(hoteltime.zone()).strftime("%H:%M")
        stage = _("not responded by {time}") if a.stage == "respond" else _("not done by {time}")
        self.title.setText(_("Case {number} overdue: {issue}, {where} — {stage}").format(
            number=a.number, issue=a.issue_zh if zh else a.issue_en, where=a.where_zh if zh else a.where_en,
            stage=stage.format(time=due)))
        if a.target == "manager":
            self.advice.setText(ngettext("Chased {n} time: ring the manager, {name}, on {number}.",
                                         "Chased {n} times: ring the manager, {name}, on {number}.", a.chases).format(
                n=a.chases, name=a.target_name, number=a.target_number))
            self.chase_button.setText(_("Rang the manager: record the chase…") + f" ({CHASE_KEY})")
        else:
            self.advice.setText(_("Ring {department} on {number}.").format(
                department=a.department_zh if zh else a.department_en, number=a.target_number))
            self.chase_button.setText(_("Rang the department: record the chase…") + f" ({CHASE_KEY})")
        self.words.setText(a.words())
        if not self.isVisible():
            typing_in = QApplication.activeWindow()
            self._place()
            self.show()
            if typing_in is not None and typing_in is not self:
                typing_in.activateWindow()  # shown, not focused: what the operator types goes on where it was
        self.raise_()

    def _place(self) -> None:
        """Across the main window, beneath the wake-up alert when that one shows too."""
        frame = self.ctx.host_geometry()
        width = max(520, int(frame.width() * 0.7))
        self.resize(width, self.sizeHint().height())
        above = [w for w in self.ctx.floating_alerts if w is not self and w.isVisible()]
        top = frame.y() + 40 + sum(w.height() + 8 for w in above)
        self.move(frame.x() + (frame.width() - width) // 2, top)

    def _open(self) -> None:
        if self.alert is not None and self.answerable():
            self.open_case.emit(self.alert.id)

    def chase(self) -> None:
        if self.alert is None or not self.answerable():
            return
        said, ok = ask_text(self, N_("Chase recorded"), N_("What did they say?"))
        if not ok:
            return
        try:
            cases.chase(self.ctx.session, self.alert.id, self.alert.target, said)
        except DomainError as exc:
            self.message.show_error(error_text(exc))
            return
        self.message.clear_message()
        self.check()
        self.changed.emit()


class CodesModel(RowTableModel):
    columns = (N_("Code"), N_("Issue"), N_("Department"), N_("Priority"), N_("Minutes to respond/complete"))

    def cells(self, c: casecodes.CodeRow) -> tuple:
        zh = _lang() == "zh_CN"
        minutes = "  ".join(f"P{p} {casecodes.minutes_text(c.targets, p)}" for p in casecodes.PRIORITIES)
        return (c.code, f"{c.name_zh} / {c.name_en}", c.department_zh if zh else c.department_en, str(c.priority),
                minutes)


class CodesDialog(FollowsLanguage, QDialog):
    """The supervisor's list of issue codes: change one (a new version), add, retire, or add the standard list."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.follow_language()
        self.word(self.setWindowTitle, N_("Issue codes"))
        self.resize(900, 520)
        self.model = CodesModel(self)
        self.table = make_table(self.model, "codeTable")
        self.code, self.name_zh, self.name_en = QLineEdit(), QLineEdit(), QLineEdit()
        self.department = QComboBox()
        self.word_items(self.department, ((d.id, lambda d=d: d.name(_lang())) for d in cases.departments()))
        self.priority = QComboBox()
        self.word_items(self.priority, ((p, casecodes.PRIORITY_LABELS[p]) for p in casecodes.PRIORITIES))
        self.minutes = {p: QLineEdit() for p in casecodes.PRIORITIES}
        for p, edit in self.minutes.items():
            self.word(edit.setPlaceholderText, N_("respond/complete, e.g. 10/60"))
        form = QFormLayout()
        labels = add_rows(form, (self.code, self.name_zh, self.name_en, self.department, self.priority,
                                 *self.minutes.values()))
        for label, text in zip(labels, (N_("Code"), N_("Name (Chinese)"), N_("Name (English)"), N_("Department"),
                                        N_("Default priority"))):
            self.word(label.setText, text)
        for label, p in zip(labels[5:], casecodes.PRIORITIES):
            self.word(label.setText, lambda p=p: _("Priority {priority}: minutes").format(priority=p))
        self.message = MessageLabel()
        self.save_button, self.retire_button, self.standard_button = QPushButton(), QPushButton(), QPushButton()
        self.save_button.clicked.connect(self.save)
        self.retire_button.clicked.connect(self.retire)
        self.standard_button.clicked.connect(self.standard)
        close = QPushButton()
        for button, words in ((self.save_button, N_("Save")), (self.retire_button, N_("Retire")),
                              (self.standard_button, N_("Add the standard list")), (close, N_("Close"))):
            self.word(button.setText, words)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        for b in (self.save_button, self.retire_button, self.standard_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(self.fill)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(casecodes.active_codes())

    def retranslate(self, *_args) -> None:
        super().retranslate()
        self.model.retranslate()

    def fill(self, *_args) -> None:
        c = selected_row(self.table, self.model)
        if c is None:
            return
        self.code.setText(c.code)
        self.name_zh.setText(c.name_zh)
        self.name_en.setText(c.name_en)
        self.department.setCurrentIndex(max(0, self.department.findData(c.department_id)))
        self.priority.setCurrentIndex(max(0, self.priority.findData(c.priority)))
        for p, edit in self.minutes.items():
            edit.setText(casecodes.minutes_text(c.targets, p))

    def _run(self, fn, done: Words) -> None:
        try:
            fn()
        except DomainError as exc:
            self.message.show_error(lambda exc=exc: error_text(exc))
            return
        self.message.show_info(lambda: say(done))
        self.refresh()

    def save(self) -> None:
        def go():
            targets = {p: casecodes.parse_minutes(e.text(), p) for p, e in self.minutes.items()}
            casecodes.save_code(self.session, self.code.text(), self.name_zh.text(), self.name_en.text(),
                                self.department.currentData(), self.priority.currentData(), targets)
        self._run(go, N_("Saved; new cases use it, logged ones keep the code they had."))

    def retire(self) -> None:
        c = selected_row(self.table, self.model)
        if c is None:
            self.message.show_error(lambda: _("Select a code first."))
            return
        self._run(lambda: casecodes.retire_code(self.session, c.id), N_("Retired."))

    def standard(self) -> None:
        self._run(lambda: casecodes.install_starter_list(self.session), N_("The standard codes were added."))
