"""The folio of a stay (post, void, adjust, preview, print) and the cashier's charge slips."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QLabel, QLineEdit, QPushButton,
                               QWidget)

from hotel_phone import folio, hoteltime, i18n, money, paths, report, settings
from hotel_phone.documents import daily_report, folio as folio_pdf
from hotel_phone.errors import DomainError
from hotel_phone.i18n import N_, _
from hotel_phone.ui import worker
from hotel_phone.ui.common import BusyBar, MessageLabel, error_text
from hotel_phone.ui.heartbeat import while_typing
from hotel_phone.ui.preview import PreviewDialog, render_pages, save_and_preview
from hotel_phone.ui.stay_dialog import FormDialog
from hotel_phone.ui.tables import RowTableModel, make_table, selected_row, table_panel

LINE_COLUMNS = (N_("Date and time"), N_("Code"), N_("Description"), N_("Amount"), N_("Balance"), N_("Operator"),
                N_("Reason"))
SLIP_COLUMNS = (N_("Slip No."), N_("Room"), N_("Guest"), N_("Number dialled"), N_("Amount"), N_("Ended"),
                N_("Taken"))
PRINT_LANGUAGES = (("", N_("Guest's language, with the other beneath")), ("zh_CN", N_("Chinese only")),
                   ("en", N_("English only")))


class LineModel(RowTableModel):
    columns = LINE_COLUMNS
    currency = "CNY"

    def cells(self, line: folio.FolioLine) -> tuple:
        zh = i18n.current_language() == "zh_CN"
        return (i18n.format_datetime(line.posted_at, hoteltime.zone(), format="short"), line.code,
                line.description_zh if zh else line.description_en,
                money.format(line.amount_fen, self.currency), money.format(line.balance_fen, self.currency),
                line.operator, line.reason + (f" ({_('voided')})" if line.voided else ""))

    def style(self, line, column, role):
        if role == Qt.ItemDataRole.ForegroundRole and (line.amount_fen < 0 or line.voided):
            return QColor("#b00020")
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class PostDialog(FormDialog):
    settings_key = "post"

    def __init__(self, guest: str, on_ok, parent=None):
        super().__init__(lambda: on_ok(self), parent)
        self.guest = QLabel(guest)
        self.code = QComboBox()
        self.defaults = {}
        for c in folio.codes():
            self.word_items(self.code, ((c.code, lambda c=c: f"{c.code}  "
                                         + (c.name_zh if i18n.current_language() == "zh_CN" else c.name_en)),))
            self.defaults[c.code] = c.default_fen
        self.amount = QLineEdit()
        self.note = QLineEdit()
        self.code.currentIndexChanged.connect(self._default_amount)
        self._default_amount()
        self.set_rows((self.guest, self.code, self.amount, self.note), (N_("Guest"), N_("Code"), N_("Amount"),
                                                                         N_("Note")))
        self.word(self.setWindowTitle, N_("Post a charge"))
        self.ok_words(N_("Post"))
        self.amount.setFocus()

    def _default_amount(self) -> None:
        code = self.code.currentData()
        if code:
            self.amount.setText(f"{self.defaults[code] / 100:.2f}")


class CorrectionDialog(FormDialog):
    """A void (reason only) or an adjustment (new amount and reason)."""

    settings_key = "correction"

    def __init__(self, line: folio.FolioLine, adjust: bool, on_ok, parent=None):
        super().__init__(lambda: on_ok(self), parent)
        self.line = QLabel()  # (the amount in the operator's locale: worded again after a switch)
        self.word(self.line.setText, lambda: f"{line.code}  {line.description_zh} / {line.description_en}  "
                                             f"{money.format(line.amount_fen, settings.get('currency'))}")
        self.amount = QLineEdit(f"{line.amount_fen / 100:.2f}")
        self.reason = QLineEdit()
        widgets, labels = [self.line], [N_("Posting")]
        if adjust:
            widgets.append(self.amount)
            labels.append(N_("Correct amount"))
        self.set_rows(widgets + [self.reason], labels + [N_("Reason")])
        self.word(self.setWindowTitle, N_("Adjust a posting") if adjust else N_("Void a posting"))
        self.ok_words(N_("Adjust") if adjust else N_("Void"))
        (self.amount if adjust else self.reason).setFocus()


def fill_stays(combo: QComboBox, query: str) -> None:
    """In-house guests first, then departed ones marked with their check-out day: a folio follows its guest."""
    combo.clear()
    for c in folio.find_stays(query):
        label = f"{c.room}  {c.name}"
        if c.departed_on is not None:
            label += "  " + _("(departed {day})").format(day=i18n.format_date(c.departed_on))
        combo.addItem(label, c.stay_id)


class SettleDialog(FormDialog):
    """The cashier records how the balance was paid."""

    settings_key = "settle"

    def __init__(self, guest: str, due_fen: int, currency: str, on_ok, parent=None):
        super().__init__(lambda: on_ok(self), parent)
        self.guest = QLabel(guest)
        self.amount = QLabel()
        self.word(self.amount.setText, lambda: money.format(due_fen, currency))
        self.amount.setObjectName("amountDue")
        self.method = QComboBox()
        self.word_items(self.method, folio.SETTLEMENT_LABELS.items())
        self.reference = QLineEdit()
        self.word(self.reference.setPlaceholderText, N_("card slip or PMS account number"))
        self.set_rows((self.guest, self.amount, self.method, self.reference),
                      (N_("Guest"), N_("Balance to settle"), N_("Paid by"), N_("Reference")))
        self.word(self.setWindowTitle, N_("Settle the folio"))
        self.ok_words(N_("Settle"))
        self.method.setFocus()


class FolioPanel(QWidget):
    changed = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.dialog = None
        self.preview = None
        self.query = QLineEdit()
        self.query.setObjectName("folioQuery")
        self.stay = QComboBox()
        self.print_language = QComboBox()
        self.balance = QLabel()
        self.balance.setObjectName("balance")
        self.model = LineModel(self)
        self.table = make_table(self.model, "folioLines")
        self.message = MessageLabel()
        self.buttons = {k: QPushButton() for k in ("post", "void", "adjust", "settle", "preview")}
        self.buttons["post"].clicked.connect(self.post)
        self.buttons["void"].clicked.connect(lambda: self.correct(adjust=False))
        self.buttons["adjust"].clicked.connect(lambda: self.correct(adjust=True))
        self.buttons["settle"].clicked.connect(self.settle)
        self.buttons["preview"].clicked.connect(self.print_preview)
        self.query_label = QLabel()
        self.stay.setMinimumWidth(280)
        self.loading = self.reload = False
        self.busy = BusyBar()
        table_panel(self, [self.query_label, self.query, (self.stay, 1), self.print_language, self.balance],
                    self.table, self.message, list(self.buttons.values()) + [self.busy])
        self.query.textChanged.connect(while_typing(self.find))
        self.stay.currentIndexChanged.connect(self.refresh)
        self.retranslate()
        self.session_changed()
        ctx.session_changed.connect(self.session_changed)

    TITLE = N_("Folio")

    def title(self) -> str:
        return _(self.TITLE)

    def actions(self) -> dict:
        return {"folio.show": self.query.setFocus}

    def retranslate(self) -> None:
        self.query_label.setText(_("Room or name"))
        labels = {"post": _("Post a charge…"), "void": _("Void…"), "adjust": _("Adjust…"),
                  "settle": _("Settle…"), "preview": _("Print preview…")}
        for k, b in self.buttons.items():
            b.setText(labels[k])
        current = self.print_language.currentIndex()
        self.print_language.clear()
        for code, label in PRINT_LANGUAGES:
            self.print_language.addItem(_(label), code)
        self.print_language.setCurrentIndex(max(0, current))
        self._refill(self.stay)
        self.model.retranslate()
        self.refresh()

    def find(self) -> None:
        fill_stays(self.stay, self.query.text())

    def session_changed(self, _session=None) -> None:
        """What the signed-in operator may do, asked of the core again at every sign-in (and after a job)."""
        close_form_left_behind(self)
        for key in ("void", "adjust"):
            self.buttons[key].setEnabled(self.ctx.may("folio.correct"))
        self.buttons["settle"].setEnabled(self.ctx.may("folio.settle"))

    def _refill(self, combo: QComboBox) -> None:
        """The found stays again in the new language, the chosen one kept."""
        current = combo.currentData()
        fill_stays(combo, self.query.text())
        index = combo.findData(current)
        if index >= 0:
            combo.setCurrentIndex(index)

    def stay_id(self) -> int | None:
        return self.stay.currentData()

    def settle(self) -> None:
        stay_id = self._need_stay()
        if stay_id is None:
            return
        open_settlement(self, self.ctx.session, stay_id, self.stay.currentText(),
                        lambda: self._done(_("Settled; the folio stands at zero.")))

    BIG_FOLIO = 1000  # lines: a folio this long is read on the worker (tens of milliseconds and more)

    def refresh(self) -> None:
        stay_id = self.stay_id()
        if self.loading:
            self.reload = True  # the folio being read is shown, then this one is read
            return
        if stay_id is None:
            self.model.set_rows([])
            self.balance.setText("")
            return
        if folio.line_count(stay_id) < self.BIG_FOLIO:
            self._show(folio.load(stay_id))
            return
        self.loading, self.reload = True, False
        self.message.show_info(_("Reading the folio…"))
        worker.run_guarded(lambda: folio.load(stay_id), lambda f: self._loaded(stay_id, f), self._load_failed,
                           list(self.buttons.values()), self.busy, rules=self.session_changed)

    def _loaded(self, stay_id: int, f) -> None:
        self.loading = False
        if self.reload or self.stay_id() != stay_id:
            self.refresh()  # another guest was chosen, or the folio changed, while it was read
            return
        self.message.clear_message()
        self._show(f)

    def _load_failed(self, exc: Exception) -> None:
        self.loading = False
        self.message.show_error(error_text(exc))

    def _show(self, f) -> None:
        self.model.currency = f.currency
        self.model.set_rows(f.lines)
        self.balance.setText(_("Balance: {amount}").format(amount=money.format(f.balance_fen, f.currency)))

    def _need_stay(self) -> int | None:
        stay_id = self.stay_id()
        if stay_id is None:
            self.message.show_error(_("Choose the guest first."))
        return stay_id

    def _open(self, dialog) -> None:
        open_form(self, dialog)

    def post(self) -> None:
        stay_id = self._need_stay()
        if stay_id is None:
            return

        def ok(d: PostDialog) -> None:
            code = d.code.currentData() or ""
            folio.post(self.ctx.session, stay_id, code, money.parse(d.amount.text()), d.note.text())
            self._done(_("Posted."))

        self._open(PostDialog(self.stay.currentText(), ok, self))

    def correct(self, adjust: bool) -> None:
        line = selected_row(self.table, self.model)
        if line is None:
            self.message.show_error(_("Select a posting first."))
            return

        def ok(d: CorrectionDialog) -> None:
            if adjust:
                folio.adjust(self.ctx.session, line.id, money.parse(d.amount.text()), d.reason.text())
            else:
                folio.void(self.ctx.session, line.id, d.reason.text())
            self._done(_("Corrected; the original line stays on the folio."))

        self._open(CorrectionDialog(line, adjust, ok, self))

    def _done(self, text: str) -> None:
        self.message.show_info(text)
        self.refresh()
        self.changed.emit()

    def print_preview(self) -> None:
        """The PDF and its page images are made off the GUI thread; the preview opens when they are ready.

        Its Print goes to this station's folio printer (File → Printers)."""
        stay_id = self._need_stay()
        if stay_id is None:
            return
        f = folio.load(stay_id)
        lang = self.print_language.currentData() or f.language
        bilingual = not self.print_language.currentData()
        hotel = {k: settings.get(k) for k in ("hotel_name_zh", "hotel_name_en", "hotel_address_zh",
                                               "hotel_address_en")}
        hoteltime.zone()
        asked_by = self.ctx.session

        def build():
            pdf = folio_pdf.render(f, lang, bilingual, hotel)
            return pdf, render_pages(pdf)

        def done(result) -> None:
            if not self.ctx.same_operator(asked_by):  # a guest's folio is not shown to the next operator
                self.message.show_info(_("The folio was not shown: the operator changed."))
                return
            pdf, pages = result
            self.preview = PreviewDialog(lambda: _("Folio of {guest}, room {room}").format(guest=f.guest, room=f.room), pdf,
                                         pages, f"folio-{f.room}.pdf", self, kind="folio", ctx=self.ctx)
            self.message.clear_message()
            self.preview.open()

        def failed(exc: Exception) -> None:
            self.message.show_error(error_text(exc))

        self.message.show_info(_("Preparing the folio…"))
        # One folio at a time: the button is held until the preview is ready.
        worker.run_guarded(build, done, failed, [self.buttons["preview"]], rules=self.session_changed)


def open_form(panel, dialog) -> None:
    """One of the panel's forms (post, void, adjust, settle), kept for the operator who opened it."""
    panel.dialog, panel.dialog_owner = dialog, panel.ctx.session
    dialog.finished.connect(lambda _r: setattr(panel, "dialog", None))
    dialog.open()


def close_form_left_behind(panel) -> None:
    """A void or a settlement form opened by an operator who has signed out is not left to the next one."""
    if panel.dialog is not None and not panel.ctx.same_operator(panel.dialog_owner):
        panel.dialog.reject()


def open_settlement(panel, session, stay_id: int, guest: str, done) -> None:
    """The settlement dialog for a stay, shared by the folio and cashier panels."""
    f = folio.load(stay_id)
    if f.balance_fen <= 0:
        panel.message.show_error(_("Nothing to settle: the balance is {amount}.").format(
            amount=money.format(f.balance_fen, f.currency)))
        return

    def ok(d: SettleDialog) -> None:
        folio.settle(session, stay_id, d.method.currentData(), d.reference.text())
        done()

    panel._open(SettleDialog(guest, f.balance_fen, f.currency, ok, panel))


class SlipModel(RowTableModel):
    columns = SLIP_COLUMNS

    def cells(self, s: folio.SlipRow) -> tuple:
        tz = hoteltime.zone()
        taken = f"{i18n.format_datetime(s.taken_at, tz, format='short')} {s.taken_by}" if s.taken_at else ""
        late = " " + _("(after check-out)") if s.late else ""
        return (f"{s.number:06d}", s.room + late, s.guest, s.number_dialled,
                money.format(s.amount_fen, settings.get("currency")),
                i18n.format_datetime(s.ended_at, tz, format="short"), taken)


class CashierPanel(QWidget):
    """Charge slips not yet taken by the front-desk cashier; one action takes one."""

    changed = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.show_taken = QCheckBox()
        self.model = SlipModel(self)
        self.table = make_table(self.model, "slips")
        self.message = MessageLabel()
        self.take_button = QPushButton()
        self.take_button.clicked.connect(self.take)
        self.report_day = QDateEdit()
        self.report_day.setCalendarPopup(True)
        self.report_day.setDisplayFormat("yyyy-MM-dd")
        self.report_button = QPushButton()
        self.report_button.clicked.connect(self.daily_report)
        self.last_report = None
        self.dialog = None
        self.query = QLineEdit()
        self.query.setObjectName("cashierQuery")
        self.stay = QComboBox()
        self.balance = QLabel()
        self.balance.setObjectName("cashierBalance")
        self.settle_button = QPushButton()
        self.settle_button.clicked.connect(self.settle)
        self.query_label = QLabel()
        self.stay.setMinimumWidth(280)  # room, name and the day of departure
        table_panel(self, [self.query_label, self.query, (self.stay, 2), self.balance, self.settle_button,
                           self.show_taken], self.table, self.message,
                    [self.take_button, self.report_day, self.report_button])
        self.query.textChanged.connect(while_typing(lambda: fill_stays(self.stay, self.query.text())))
        self.stay.currentIndexChanged.connect(self.show_balance)
        self.session_changed()
        ctx.session_changed.connect(self.session_changed)
        self.show_taken.toggled.connect(self.refresh)
        today = hoteltime.today()
        self.report_day.setDate(QDate(today.year, today.month, today.day))
        self.retranslate()

    TITLE = N_("Cashier")

    def title(self) -> str:
        return _(self.TITLE)

    def actions(self) -> dict:
        return {}

    def retranslate(self) -> None:
        self.query_label.setText(_("Room or name"))
        self.query.setPlaceholderText(_("departed guests too"))
        self.settle_button.setText(_("Settle…"))
        self.show_taken.setText(_("Show slips already taken"))
        FolioPanel._refill(self, self.stay)
        self.take_button.setText(_("Cashier takes the slip"))
        self.report_button.setText(_("Daily report (PDF and CSV)"))
        self.model.retranslate()
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(folio.slips(untaken_only=not self.show_taken.isChecked()))
        self.show_balance()

    def session_changed(self, _session=None) -> None:
        close_form_left_behind(self)
        self.settle_button.setEnabled(self.ctx.may("folio.settle"))
        self.take_button.setEnabled(self.ctx.may("folio.take_slip"))

    def show_balance(self) -> None:
        stay_id = self.stay.currentData()
        if stay_id is None:
            self.balance.setText("")
            return
        f = folio.load(stay_id)
        self.balance.setText(_("Balance: {amount}").format(amount=money.format(f.balance_fen, f.currency)))

    def _open(self, dialog) -> None:
        open_form(self, dialog)

    def settle(self) -> None:
        stay_id = self.stay.currentData()
        if stay_id is None:
            self.message.show_error(_("Choose the guest first."))
            return

        def done() -> None:
            self.message.show_info(_("Settled; the folio stands at zero."))
            self.refresh()
            self.changed.emit()

        open_settlement(self, self.ctx.session, stay_id, self.stay.currentText(), done)

    def take(self) -> None:
        row = selected_row(self.table, self.model)
        if row is None:
            self.message.show_error(_("Select a slip first."))
            return
        try:
            if row.pbx_call_id:
                folio.take_pbx_slip(self.ctx.session, row.pbx_call_id)
            else:
                folio.take_slip(self.ctx.session, row.booking_id)
        except DomainError as exc:
            self.message.show_error(error_text(exc))
            return
        self.message.show_info(_("Slip {number} taken.").format(number=row.number))
        self.refresh()
        self.changed.emit()

    def daily_report(self) -> None:
        day = self.report_day.date().toPython()
        lang = i18n.current_language()
        folder = paths.data_dir() / "reports"
        folder.mkdir(exist_ok=True)
        pdf_path, csv_path = folder / f"daily-{day}.pdf", folder / f"daily-{day}.csv"
        hoteltime.zone()

        def write():  # on the worker: reading the day's records and drawing the PDF take long on a busy day
            r = report.build(day)
            pdf = daily_report.render(r, lang)
            pdf_path.write_bytes(pdf)
            csv_path.write_bytes(report.to_csv(r, lang))
            return pdf_path, pdf

        def saved(path) -> None:
            self.last_report = path
            self.message.show_info(_("Daily report saved to {path}.").format(path=path))

        self.message.show_info(_("Writing the daily report…"))
        # Saved for the record, then shown: Print goes to this station's printer for registers and reports.
        save_and_preview(self, self.message, self.report_button, lambda: _("Daily report of {day}").format(
            day=i18n.format_date(day, lang)), write, saved, rules=self.session_changed)

