"""Staff telephones: long-distance applications, what awaits approval, the monthly statement, extension classes.

The panel only shows and asks: every rule (who may approve, when a call turns
private, what it costs) is in hotel_phone.staffcalls. A manager approves by
signing in with their own account in the decision dialog; the desk's session
is not changed.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hotel_phone import hoteltime, money
from hotel_phone import (
    auth,
    clock,
    extclasses,
    i18n,
    paths,
    settings,
    staffcalls,
    staffrules,
)
from hotel_phone.errors import DomainError, ValidationError
from hotel_phone.i18n import N_, _
from hotel_phone.ui.common import MessageLabel, error_text
from hotel_phone.ui.preview import save_and_preview
from hotel_phone.ui.stay_dialog import FormDialog
from hotel_phone.ui.tables import RowTableModel, make_table, selected_row, table_panel


def _reports_dir():
    target = paths.data_dir() / "reports"
    target.mkdir(parents=True, exist_ok=True)
    return target


def _when(value) -> str:
    return i18n.format_datetime(value, hoteltime.zone(), format="short") if value else ""


def _money(fen: int) -> str:
    return money.format(fen, settings.get("currency"))


class ApplicationModel(RowTableModel):
    columns = (N_("Filed at"), N_("Department"), N_("Caller"), N_("Extension"), N_("Destination region"),
               N_("Organisation called"), N_("Number or area code"), N_("Period"), N_("Status"), N_("Decided by"),
               N_("Calls"))

    def cells(self, r: staffcalls.ApplicationRow) -> tuple:
        kind = _("single call") if r.single_call else _("period")
        return (_when(r.filed_at), r.department, r.caller, r.extension, r.region, r.organisation, r.target,
                f"{kind}: {_when(r.period_start)} – {_when(r.period_end)}",
                _(staffcalls.APPLICATION_STATUS_LABELS[r.status]), r.decided_by, str(r.calls))


class CallModel(RowTableModel):
    columns = (N_("Time"), N_("Person"), N_("Extension"), N_("Number"), N_("Destination region"), N_("Class"),
               N_("Seconds"), N_("Charge"), N_("Time left"))

    def cells(self, x: staffcalls.CallLine) -> tuple:
        days, hours = staffcalls.time_left(x)
        region = x.region_zh if i18n.current_language() == "zh_CN" else (x.region_en or x.region_zh)
        return (_when(x.started_at), x.person, x.extension, x.number, region,
                _(staffrules.DESTINATION_LABELS[x.destination_class]), str(x.billsec), _money(x.charge_fen),
                _("{days} d {hours} h").format(days=days, hours=hours))


class StatementModel(RowTableModel):
    columns = (N_("Section"), N_("Time"), N_("Person"), N_("Number"), N_("Destination region"), N_("Seconds"),
               N_("Charge"), N_("Billed"), N_("Fine"))

    def cells(self, item: tuple) -> tuple:
        _section, x = item
        region = x.region_zh if i18n.current_language() == "zh_CN" else (x.region_en or x.region_zh)
        billed = x.department_fen if x.status == "business" else x.caller_fen
        return (_(staffcalls.STATUS_LABELS[x.status]), _when(x.started_at), x.person, x.number, region,
                str(x.billsec), _money(x.charge_fen), _money(billed), _money(x.fine_fen))


class ExtensionModel(RowTableModel):
    columns = (N_("Extension"), N_("Kind"), N_("Owner"), N_("Class of service"), N_("FIAS class"))

    def cells(self, r: extclasses.ExtensionRow) -> tuple:
        return (r.extension, _(extclasses.KIND_LABELS[r.kind]), r.owner, _(staffrules.CLASS_LABELS[r.class_code]),
                str(r.fias))


def _department_combo(combo: QComboBox, with_all: bool) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    if with_all:
        combo.addItem(_("All departments"), None)
    for dept_id, code, name_zh, name_en in staffcalls.departments():
        combo.addItem(f"{code} {name_zh if i18n.current_language() == 'zh_CN' else name_en}", dept_id)
    index = combo.findData(current)
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


class ApplicationDialog(FormDialog):
    """The long-distance application as the caller fills it in."""

    settings_key = "ld_application"

    def __init__(self, on_ok, parent=None):
        super().__init__(lambda: on_ok(self), parent)
        self.caller = QComboBox()
        for staff_id, name, extension in staffcalls.callers():
            self.caller.addItem(f"{name} ({extension or '—'})", staff_id)
        self.extension, self.region, self.organisation, self.target = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(70)
        self.single = QCheckBox()
        now = clock.now().astimezone(hoteltime.zone())
        start = datetime.combine(now.date(), time(0, 0))
        self.start, self.end = QDateTimeEdit(start), QDateTimeEdit(start + timedelta(days=1))
        for edit in (self.start, self.end):
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setCalendarPopup(True)
        self.set_rows((self.caller, self.extension, self.region, self.organisation, self.target, self.reason,
                       self.single, self.start, self.end),
                      (N_("Caller"), N_("Extension"), N_("Destination region"), N_("Organisation called"),
                       N_("Number or area code"), N_("Business reason"), N_("Single call"), N_("From"), N_("Until")))
        self.word(self.extension.setPlaceholderText, N_("the caller's own extension"))
        self.target.setPlaceholderText("010, 0852, +44, 13800001234")
        self.word(self.setWindowTitle, N_("Long-distance call application"))
        self.ok_words(N_("File"))

    def data(self) -> staffcalls.ApplicationInput:
        tz = hoteltime.zone()

        def aware(edit: QDateTimeEdit) -> datetime:
            return edit.dateTime().toPython().replace(tzinfo=tz)

        if self.caller.currentData() is None:
            raise ValidationError(N_("No such staff member."))
        return staffcalls.ApplicationInput(
            self.caller.currentData(), self.region.text(), self.organisation.text(), self.reason.toPlainText(),
            self.target.text(), aware(self.start), aware(self.end), self.single.isChecked(), self.extension.text())


class DecisionDialog(FormDialog):
    """The manager signs in here to approve or refuse; the desk stays signed in as it was."""

    settings_key = "ld_decision"

    def __init__(self, approve: bool, on_ok, parent=None):
        super().__init__(lambda: on_ok(self), parent)
        self.approve = approve
        self.username, self.password, self.note = QLineEdit(), QLineEdit(), QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.set_rows((self.username, self.password, self.note),
                      (N_("Manager's user name"), N_("Password"), N_("Note")))
        self.word(self.setWindowTitle, N_("Approve the application") if approve else N_("Refuse the application"))
        self.ok_words(N_("Approve") if approve else N_("Refuse"))


class LateApplicationDialog(FormDialog):
    """补办: the application for one call already made, still within the deadline."""

    settings_key = "ld_late_application"

    def __init__(self, on_ok, parent=None):
        super().__init__(lambda: on_ok(self), parent)
        self.organisation, self.reason = QLineEdit(), QLineEdit()
        self.set_rows((self.organisation, self.reason), (N_("Organisation called"), N_("Business reason")))
        self.word(self.setWindowTitle, N_("Application for a call already made"))
        self.ok_words(N_("File"))


class ClassDialog(FormDialog):
    """A supervisor sets an extension's class of service (a room's: for the guest's stay only)."""

    settings_key = "extension_class"

    def __init__(self, row: extclasses.ExtensionRow, on_ok, parent=None):
        super().__init__(lambda: on_ok(self), parent)
        self.class_code, self.reason = QComboBox(), QLineEdit()
        self.word_items(self.class_code, ((code, lambda code=code: f"{staffrules.fias_code(code)} "
                                           f"{_(staffrules.CLASS_LABELS[code])}") for code in staffrules.CLASSES))
        self.class_code.setCurrentIndex(staffrules.CLASSES.index(row.class_code))
        self.set_rows((self.class_code, self.reason), (N_("Class of service"), N_("Reason")))
        self.word(self.setWindowTitle,
                  lambda: _("Class of service for {extension}").format(extension=row.extension))


class StaffPhonesPanel(QWidget):
    changed = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.dialog = None
        self.last_pdf = self.last_csv = None
        self.tabs = QTabWidget()
        self.tabs.setObjectName("staff_phone_tabs")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self._build_applications()
        self._build_awaiting()
        self._build_statement()
        self._build_classes()
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        # Keys while the panel has focus (buttons' Alt mnemonics are not reliable on every platform).
        for keys, handler in (("Insert", self._insert), ("Ctrl+Shift+A", lambda: self._on_tab(0, lambda: self.decide(True))),
                              ("Ctrl+Shift+R", lambda: self._on_tab(0, lambda: self.decide(False))),
                              ("Ctrl+P", self._print), ("Ctrl+PgDown", lambda: self._step_tab(1)),
                              ("Ctrl+PgUp", lambda: self._step_tab(-1))):
            QShortcut(QKeySequence(keys), self, activated=handler, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.retranslate()

    def _on_tab(self, index: int, handler) -> None:
        if self.tabs.currentIndex() == index:
            handler()

    def _step_tab(self, step: int) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def _insert(self) -> None:
        [self.new_application, self.apply_for_call, lambda: None, self.change_class][self.tabs.currentIndex()]()

    def _print(self) -> None:
        [self.print_form, lambda: None, self.save_statement, self.export_classes][self.tabs.currentIndex()]()

    # -- building ------------------------------------------------------------------
    def _build_applications(self) -> None:
        page = QWidget()
        self.app_dept = QComboBox()
        self.app_dept.currentIndexChanged.connect(lambda _i: self.refresh())
        self.app_model = ApplicationModel(self)
        self.app_table = make_table(self.app_model, "ld_applications")
        self.app_message = MessageLabel()
        self.new_button, self.approve_button, self.refuse_button, self.form_button = (QPushButton() for _ in range(4))
        self.new_button.clicked.connect(lambda _checked=False: self.new_application())
        self.approve_button.clicked.connect(lambda _checked=False: self.decide(True))
        self.refuse_button.clicked.connect(lambda _checked=False: self.decide(False))
        self.form_button.clicked.connect(lambda _checked=False: self.print_form())
        self.app_dept_label = QLabel()
        self.app_dept_label.setBuddy(self.app_dept)
        table_panel(page, [self.app_dept_label, self.app_dept, None], self.app_table, self.app_message,
                    [self.new_button, self.approve_button, self.refuse_button, self.form_button])
        self.app_table.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.tabs.addTab(page, "")

    def _build_awaiting(self) -> None:
        page = QWidget()
        self.wait_dept = QComboBox()
        self.wait_dept.currentIndexChanged.connect(lambda _i: self.refresh())
        self.wait_model = CallModel(self)
        self.wait_table = make_table(self.wait_model, "ld_awaiting")
        self.wait_message = MessageLabel()
        self.wait_note = QLabel()
        self.late_button = QPushButton()
        self.late_button.clicked.connect(lambda _checked=False: self.apply_for_call())
        self.wait_dept_label = QLabel()
        self.wait_dept_label.setBuddy(self.wait_dept)
        table_panel(page, [self.wait_dept_label, self.wait_dept, None, self.wait_note], self.wait_table,
                    self.wait_message, [self.late_button])
        self.tabs.addTab(page, "")

    def _build_statement(self) -> None:
        page = QWidget()
        self.month = QLineEdit(f"{clock.now().astimezone(hoteltime.zone()):%Y-%m}")
        self.month.setMaximumWidth(90)
        self.month.returnPressed.connect(self.refresh)
        self.st_dept = QComboBox()
        self.st_dept.currentIndexChanged.connect(lambda _i: self.refresh())
        self.st_model = StatementModel(self)
        self.st_table = make_table(self.st_model, "ld_statement")
        self.st_message = MessageLabel()
        self.totals = QLabel()
        self.totals.setObjectName("statement_totals")
        self.save_button = QPushButton()
        self.save_button.clicked.connect(lambda _checked=False: self.save_statement())
        self.month_label, self.st_dept_label = QLabel(), QLabel()
        self.month_label.setBuddy(self.month)
        self.st_dept_label.setBuddy(self.st_dept)
        table_panel(page, [self.month_label, self.month, self.st_dept_label, self.st_dept, None], self.st_table,
                    self.st_message, [self.save_button])
        page.layout().insertWidget(2, self.totals)
        self.tabs.addTab(page, "")

    def _build_classes(self) -> None:
        page = QWidget()
        self.cls_model = ExtensionModel(self)
        self.cls_table = make_table(self.cls_model, "extension_classes")
        self.cls_message = MessageLabel()
        self.cls_note = QLabel()
        self.cls_note.setWordWrap(True)
        self.export_button, self.class_button = QPushButton(), QPushButton()
        self.export_button.clicked.connect(lambda _checked=False: self.export_classes())
        self.class_button.clicked.connect(lambda _checked=False: self.change_class())
        table_panel(page, [(self.cls_note, 1)], self.cls_table, self.cls_message,
                    [self.class_button, self.export_button])
        self.tabs.addTab(page, "")

    # -- language and data ------------------------------------------------------------
    TITLE = N_("Staff telephones")

    def title(self) -> str:
        return _(self.TITLE)

    def actions(self) -> dict:
        return {}

    def retranslate(self) -> None:
        for i, label in enumerate((_("&Applications"), _("A&waiting approval"), _("&Statement"),
                                   _("E&xtension classes"))):
            self.tabs.setTabText(i, label)
        self.app_dept_label.setText(_("&Department"))
        self.wait_dept_label.setText(_("&Department"))
        self.st_dept_label.setText(_("&Department"))
        self.month_label.setText(_("&Month"))
        self.new_button.setText(_("&New application… (Ins)"))
        self.approve_button.setText(_("A&pprove… (Ctrl+Shift+A)"))
        self.refuse_button.setText(_("&Refuse… (Ctrl+Shift+R)"))
        self.form_button.setText(_("Print the &form (Ctrl+P)"))
        self.late_button.setText(_("Application for this &call… (Ins)"))
        self.save_button.setText(_("Save PDF and &CSV (Ctrl+P)"))
        self.export_button.setText(_("&Export CSV for the PBX (Ctrl+P)"))
        self.class_button.setText(_("Change the c&lass… (Ins)"))
        self.cls_note.setText(_("The class of service each extension should have in the PBX now (FIAS 0 barred, "
                                "1 local, 2 national, 3 international). Rooms follow their stays."))
        for model in (self.app_model, self.wait_model, self.st_model, self.cls_model):
            model.retranslate()
        self.refresh()

    def refresh(self) -> None:
        """Reload the tab in view (also when another station or the operator changed)."""
        if self.ctx.session is None:
            return
        count = len(staffcalls.departments())
        for combo, with_all in ((self.app_dept, True), (self.wait_dept, True), (self.st_dept, False)):
            if combo.count() != count + with_all:
                _department_combo(combo, with_all)
        tab = self.tabs.currentIndex()
        try:
            if tab == 0:
                selected = selected_row(self.app_table, self.app_model)
                self.app_model.set_rows(staffcalls.applications(self.app_dept.currentData()))
                if selected is not None:
                    self.select_application(selected.id)
                self._enable()
            elif tab == 1:
                waiting = staffcalls.awaiting(self.wait_dept.currentData())
                self.wait_model.set_rows(waiting.calls)
                self.wait_note.setText(i18n.translations(i18n.current_language()).ngettext(
                    "{n} application awaits a decision", "{n} applications await a decision",
                    len(waiting.applications)).format(n=len(waiting.applications)))
            elif tab == 2:
                self.show_statement()
            else:
                self.cls_model.set_rows(extclasses.listing())
        except DomainError as exc:
            [self.app_message, self.wait_message, self.st_message, self.cls_message][tab].show_error(error_text(exc))

    def _enable(self) -> None:
        row = selected_row(self.app_table, self.app_model)
        pending = row is not None and row.status == "pending"
        self.approve_button.setEnabled(pending)
        self.refuse_button.setEnabled(pending)
        self.form_button.setEnabled(row is not None)

    def select_application(self, application_id: int) -> None:
        for i, r in enumerate(self.app_model.rows):
            if r.id == application_id:
                self.app_table.selectRow(i)
                return

    def statement(self) -> staffcalls.Statement | None:
        if self.st_dept.currentData() is None:
            return None
        return staffcalls.statement(self.st_dept.currentData(), staffcalls.parse_month(self.month.text()))

    def show_statement(self) -> None:
        self.st_message.clear_message()
        s = self.statement()
        if s is None:
            self.st_model.set_rows([])
            self.totals.setText("")
            return
        rows = [(x.status, x) for x in s.business + s.private + s.pending + s.emergency]
        self.st_model.set_rows(rows)
        people = "; ".join(_("{person}: {amount}").format(person=p.person, amount=_money(p.total_fen))
                           for p in s.people)
        self.totals.setText(_("Business calls {business} · private calls {private} · fines {fines}").format(
            business=_money(s.business_fen), private=_money(s.private_fen), fines=_money(s.fines_fen))
            + ("\n" + _("By person: {people}").format(people=people) if people else ""))

    # -- actions ---------------------------------------------------------------------------
    def new_application(self) -> None:
        def ok(d: ApplicationDialog) -> None:
            app = staffcalls.file_application(self.ctx.session, d.data())
            self.app_message.show_info(_("Application {id} filed; the department manager decides.").format(id=app.id))
            self.tabs.setCurrentIndex(0)
            self.refresh()
            self.select_application(app.id)
            self.changed.emit()

        self._open(ApplicationDialog(ok, self))

    def decide(self, approve: bool) -> None:
        row = selected_row(self.app_table, self.app_model)
        if row is None:
            self.app_message.show_error(_("Select an application first."))
            return

        def ok(d: DecisionDialog) -> None:
            manager = auth.sign_in(d.username.text(), d.password.text())
            try:
                staffcalls.decide(manager, row.id, approve, d.note.text())
            finally:
                auth.sign_out(manager)
            self.app_message.show_info((_("Application {id} approved.") if approve
                                        else _("Application {id} refused.")).format(id=row.id))
            self.refresh()
            self.changed.emit()

        self._open(DecisionDialog(approve, ok, self))

    def apply_for_call(self) -> None:
        line = selected_row(self.wait_table, self.wait_model)
        if line is None:
            self.wait_message.show_error(_("Select a call first."))
            return

        def ok(d: LateApplicationDialog) -> None:
            app = staffcalls.apply_for_call(self.ctx.session, line.id, d.organisation.text(), d.reason.text())
            self.wait_message.show_info(_("Application {id} filed; the department manager decides.").format(
                id=app.id))
            self.refresh()
            self.changed.emit()

        self._open(LateApplicationDialog(ok, self))

    def _open(self, dialog) -> None:
        self.dialog = dialog
        self.dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog.open()

    def print_form(self) -> None:
        from hotel_phone.documents import staff_phone

        row = selected_row(self.app_table, self.app_model)
        if row is None:
            self.app_message.show_error(_("Select an application first."))
            return
        lang, target = i18n.current_language(), _reports_dir() / f"ld-application-{row.id}.pdf"

        def write():
            data = staff_phone.application_form(row, lang)
            target.write_bytes(data)
            return target, data

        def saved(path) -> None:
            self.last_pdf = path
            self.app_message.show_info(_("Saved to {path}.").format(path=path))

        # Saved, then shown: Print goes to this station's printer for registers and reports.
        save_and_preview(self, self.app_message, self.form_button,
                         lambda: _("Long-distance application {id}").format(id=row.id), write, saved, rules=self._enable)

    def save_statement(self) -> None:
        from hotel_phone.documents import staff_phone

        try:
            s = self.statement()
        except DomainError as exc:
            self.st_message.show_error(error_text(exc))
            return
        if s is None:
            return
        lang = i18n.current_language()
        pdf, csv_path = (_reports_dir() / f"staff-calls-{s.department_code}-{s.month:%Y-%m}.{ext}"
                         for ext in ("pdf", "csv"))

        def write():
            data = staff_phone.statement(s, lang)
            pdf.write_bytes(data)
            csv_path.write_text(staffcalls.to_csv(s), encoding="utf-8-sig")
            return pdf, data

        def saved(path) -> None:
            self.last_pdf, self.last_csv = path, csv_path
            self.st_message.show_info(_("Saved to {path}.").format(path=f"{path}, {csv_path}"))

        # Saved for the record, then shown: Print goes to this station's printer for registers and reports.
        save_and_preview(self, self.st_message, self.save_button, lambda: _("Staff calls of {department}, {month}").format(
            department=s.department_code, month=f"{s.month:%Y-%m}"), write, saved, rules=None)

    def change_class(self) -> None:
        row = selected_row(self.cls_table, self.cls_model)
        if row is None:
            self.cls_message.show_error(_("Select an extension first."))
            return

        def ok(d: ClassDialog) -> None:
            extclasses.set_class(self.ctx.session, row, d.class_code.currentData(), d.reason.text())
            self.cls_message.show_info(_("{extension}: {label}.").format(
                extension=row.extension, label=_(staffrules.CLASS_LABELS[d.class_code.currentData()])))
            self.refresh()
            self.changed.emit()

        self._open(ClassDialog(row, ok, self))

    def export_classes(self) -> None:
        target = _reports_dir() / "extension-classes.csv"
        try:
            target.write_text(extclasses.to_csv(extclasses.listing(), i18n.current_language()), encoding="utf-8")
        except OSError as exc:
            self.cls_message.show_error(_("Cannot write {path}: {reason}").format(path=target, reason=exc.strerror))
            return
        self.last_csv = target
        self.cls_message.show_info(_("Saved to {path}.").format(path=target))

