"""The incoming call: greet, identify the caller, find the party, ask the guest, put through or take a message.

Every decision is the core's (hotel_phone.calls); this panel shows the words
the core computes and sends the operator's answers back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QFormLayout, QFrame, QGridLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from hotel_phone import calls, i18n, parties
from hotel_phone.errors import DomainError
from hotel_phone.i18n import N_, _
from hotel_phone.ui.context import MessageRequest
from hotel_phone.ui.common import MessageLabel, add_rows, error_text
from hotel_phone.ui.heartbeat import while_typing

# The call's steps with a menu command and a key (ui/actions.py: "call.<step>").
CALL_STEPS = ("ring", "accept", "accept_stay", "decline", "no_answer", "not_in_room", "put_through", "message", "end")
BUTTONS = (
    ("ring", N_("Ring the guest (F5)"), "F5"),
    ("accept", N_("Guest accepts: put through (F6)"), "F6"),
    ("accept_stay", N_("Guest allows \"staying here\" only (Shift+F6)"), "Shift+F6"),
    ("decline", N_("Guest declines (F7)"), "F7"),
    ("no_answer", N_("No answer (F8)"), "F8"),
    ("not_in_room", N_("Not in the room (Shift+F8)"), "Shift+F8"),
    ("put_through", N_("Put through (F9)"), "F9"),
    ("disclose", N_("Tell the caller"), ""),
    ("department", N_("To the department"), ""),
    ("superior", N_("To the superior"), ""),
    ("message", N_("Take a message (Ctrl+T)"), "Ctrl+T"),
    ("end", N_("End call (F12)"), "F12"),
)


class WantedBox(QLineEdit):
    """Down moves into the candidates, Enter chooses the first."""

    go_down = Signal()
    choose = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.go_down.emit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.choose.emit()
        else:
            super().keyPressEvent(event)


class CandidateList(QListWidget):
    choose = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.choose.emit()
        else:
            super().keyPressEvent(event)


LABELS = {key: label for key, label, _shortcut in BUTTONS}
LIST_COLUMNS = (N_("Line"), N_("Caller"), N_("Wanted"), N_("State"), N_("Seconds waiting"))


class CallList(QTableWidget):
    """Every live call, one line each; Enter takes the selected one (the current call goes on hold)."""

    take = Signal()

    def __init__(self, parent=None):
        super().__init__(0, len(LIST_COLUMNS), parent)
        self.setObjectName("callList")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.setMaximumHeight(130)
        self.ids: list[int] = []

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.take.emit()
        else:
            super().keyPressEvent(event)

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([_(c) for c in LIST_COLUMNS])

    def show_calls(self, live: list[calls.LiveCall], current: int | None, typing: tuple[str, str] = ("", "")) -> None:
        """`typing`: the caller and the wanted name being typed on the current call, not yet saved."""
        selected = self.selected_id()
        self.ids = [c.id for c in live]
        self.setRowCount(len(live))
        for row, c in enumerate(live):
            line = _("outside line") if c.line == "outside" else _("inside line")
            marker = "▶ " if c.id == current else ""
            caller, wanted = (c.caller or typing[0], c.wanted or typing[1]) if c.id == current else (c.caller,
                                                                                                   c.wanted)
            cells = (f"{marker}{row + 1} · {line}", caller, wanted, _(calls.CONSOLE_STATES[c.state]), str(c.seconds))
            for col, text in enumerate(cells):
                item = self.item(row, col)
                if item is None:
                    item = QTableWidgetItem()
                    self.setItem(row, col, item)
                if item.text() != text:  # every second: only what changed
                    item.setText(text)
                if item.data(Qt.ItemDataRole.UserRole) != c.overdue:
                    item.setData(Qt.ItemDataRole.UserRole, c.overdue)
                    item.setBackground(QBrush(QColor("#ffcdd2")) if c.overdue else QBrush())
        if selected in self.ids:
            self.selectRow(self.ids.index(selected))
        self.setVisible(bool(live))

    def selected_id(self) -> int | None:
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        return self.ids[rows[0].row()] if rows and rows[0].row() < len(self.ids) else None


def _words_box(object_name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setFrameShape(QFrame.Shape.StyledPanel)
    label.setMinimumHeight(54)
    font = QFont()
    font.setPointSize(font.pointSize() + 4)
    label.setFont(font)
    return label


class CallPanel(QWidget):
    changed = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.call_id: int | None = None
        self.view: calls.CallView | None = None
        self.drafts: dict[int, tuple] = {}  # what was typed on a call put on hold, restored when resumed
        self.call_list = CallList()
        self.call_list.take.connect(self.take_selected)
        self.call_list.itemDoubleClicked.connect(lambda _i: self.take_selected())
        self.list_title = QLabel()
        self.status = QLabel()
        self.status.setObjectName("callStatus")
        self.caller_lang = QPushButton()
        self.caller_lang.clicked.connect(self.toggle_caller_language)
        self.caller_title = QLabel()
        self.say_caller = _words_box("sayToCaller")
        self.guest_title = QLabel()
        self.say_guest = _words_box("sayToGuest")
        self.party = QLabel()
        self.party.setObjectName("party")
        font = QFont()
        font.setBold(True)
        self.party.setFont(font)
        self.advice = QLabel()
        self.advice.setObjectName("advice")
        self.advice.setWordWrap(True)
        self.advice.setStyleSheet("color: #0d47a1;")
        self.caller_name = QLineEdit()
        self.purpose = QLineEdit()
        self.number = QLineEdit()
        self.inquiry = QCheckBox()
        self.urgent = QCheckBox()
        self.wanted = WantedBox()
        self.wanted.setObjectName("wanted")
        self.candidates = CandidateList()
        self.candidates.setObjectName("candidates")
        self.not_found_button = QPushButton()
        self.not_found_button.clicked.connect(self.not_found)
        self.message = MessageLabel()
        self.buttons = {}
        grid = QGridLayout()
        for i, (key, _label, _key) in enumerate(BUTTONS):
            b = QPushButton()
            b.setObjectName(f"call_{key}")
            b.clicked.connect(lambda _c=False, k=key: self.act(k))
            self.buttons[key] = b
            grid.addWidget(b, i // 3, i % 3)  # three across: the English labels fit a 1366-pixel screen

        header = QHBoxLayout()
        header.addWidget(self.status, 1)
        header.addWidget(self.caller_lang)
        # The form in the order of the call: who calls, why, for whom; the rest is reached with Tab.
        form = QFormLayout()
        self.labels = add_rows(form, (self.caller_name, self.purpose, self.wanted, self.number))
        options = QHBoxLayout()
        options.addWidget(self.inquiry)
        options.addWidget(self.urgent)
        options.addStretch(1)
        form.addRow(options)
        wanted_row = QHBoxLayout()
        wanted_row.addWidget(self.candidates, 1)
        wanted_row.addWidget(self.not_found_button, 0, Qt.AlignmentFlag.AlignTop)
        self.candidates.setMaximumHeight(160)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list_title)
        layout.addWidget(self.call_list)
        layout.addLayout(header)
        layout.addWidget(self.caller_title)
        layout.addWidget(self.say_caller)
        layout.addWidget(self.party)
        layout.addWidget(self.advice)
        layout.addLayout(form)
        layout.addLayout(wanted_row, 1)
        layout.addWidget(self.guest_title)
        layout.addWidget(self.say_guest)
        layout.addLayout(grid)
        layout.addWidget(self.message)

        self.wanted.textChanged.connect(while_typing(self.search))
        self.wanted.go_down.connect(self._into_candidates)
        self.wanted.choose.connect(self.choose)
        self.candidates.choose.connect(self.choose)
        self.candidates.itemDoubleClicked.connect(lambda _i: self.choose())
        self.caller_name.returnPressed.connect(self.purpose.setFocus)
        self.purpose.returnPressed.connect(self.wanted.setFocus)  # the number is optional: Tab reaches it
        self.number.returnPressed.connect(self.wanted.setFocus)
        for first, second in ((self.caller_name, self.purpose), (self.purpose, self.wanted),
                              (self.wanted, self.candidates), (self.candidates, self.number),
                              (self.number, self.inquiry), (self.inquiry, self.urgent),
                              (self.urgent, self.not_found_button)):
            QWidget.setTabOrder(first, second)
        self.retranslate()
        self.show_view()

    # -- showing -----------------------------------------------------------
    TITLE = N_("Incoming call")

    def title(self) -> str:
        return _(self.TITLE)

    def actions(self) -> dict:
        return {**{f"call.{k}": (lambda k=k: self.act(k)) for k in CALL_STEPS},
                "call.new_outside": lambda: self.new_call("outside"), "call.new_inside": lambda: self.new_call("inside"),
                "call.caller_language": self.toggle_caller_language, "call.next": self.next_call,
                "call.not_found": self.not_found}

    def retranslate(self) -> None:
        for label, text in zip(self.labels, (N_("Caller's name"), N_("Purpose of the call"), N_("Who is wanted"),
                                             N_("Caller's number"))):
            label.setText(_(text))
        self.list_title.setText(_("Calls (F2: hold this one and take a new call; F3: the next call; "
                                  "Enter in the list: take that call)"))
        self.call_list.retranslate()
        self.inquiry.setText(_("The caller only asks whether the person stays here, or the room"))
        self.urgent.setText(_("Urgent (for staff)"))
        self.wanted.setPlaceholderText(_("Guest name, pinyin, initials, room, staff or department"))
        self.not_found_button.setText(_("Not in the hotel (F11)"))
        for key, label, _shortcut in BUTTONS:
            self.buttons[key].setText(_(label))
        self.show_view()

    def show_view(self) -> None:
        v = self.view = calls.view(self.call_id) if self.call_id else None
        lang_name = i18n.LANGUAGE_NAMES[v.caller_language] if v else ""
        self.caller_lang.setText(_("Caller's language: {language} (F4)").format(language=lang_name or "—"))
        self.caller_lang.setEnabled(v is not None and v.is_open)
        self.caller_title.setText(_("Say to the caller ({language}):").format(language=lang_name) if v else "")
        self.say_caller.setText(v.say_to_caller if v else _("Press F2 for an outside call, Shift+F2 for an "
                                                             "inside call."))
        guest_lang = i18n.LANGUAGE_NAMES.get(v.guest_language, "") if v else ""
        self.guest_title.setText(_("Say to the guest ({language}):").format(language=guest_lang)
                                 if v and v.say_to_guest else "")
        self.say_guest.setText(v.say_to_guest if v else "")
        self.say_guest.setVisible(bool(v and v.say_to_guest))
        self.advice.setText(v.advice if v else "")
        self.party.setText(_("Chosen: {party}").format(party=v.party) if v and v.party else "")
        if v is None:
            self.status.setText(_("No call in progress."))
        else:
            line = _("outside line") if v.line == "outside" else _("inside line")
            self.status.setText(_("Call {id} · {line} · {outcome}").format(
                id=v.id, line=line, outcome=_(calls.OUTCOME_LABELS.get(v.outcome, v.outcome))))
        enabled = v.actions if v else frozenset()
        routes = dict(v.route_options) if v else {}
        for key, b in self.buttons.items():
            b.setEnabled(key in enabled)
            if key in ("department", "superior"):
                b.setVisible(key in enabled)
                # the extension to dial is on the button itself
                b.setText(_("To: {target}").format(target=routes[key]) if key in routes else _(LABELS[key]))
            if key == "accept_stay":
                b.setVisible(bool(v and v.kind == "inquiry"))
        open_ = v is not None and v.choosing
        for w in (self.wanted, self.candidates, self.not_found_button, self.inquiry, self.urgent):
            w.setEnabled(open_)
        for w in (self.caller_name, self.purpose, self.number):
            w.setEnabled(v is not None and v.is_open)

    # -- the workflow ------------------------------------------------------
    def new_call(self, line: str = "outside") -> None:
        """A new call in the hotel's language for callers; a call in progress goes on hold, never ends."""
        self._hold_current()
        call = self._run(lambda: calls.start(self.ctx.session, line))
        if call is None:
            return
        self.call_id = call.id
        self._restore_draft()
        self.message.clear_message()
        self.show_view()
        self.refresh_list()
        self.caller_name.setFocus()
        self.changed.emit()

    def open_call(self) -> tuple[int, str, str, str] | None:
        """The call in progress, if any, with what is typed for the caller (a case logged now starts from it)."""
        if self.view is None or not self.view.is_open:
            return None
        return self.call_id, self.caller_name.text(), self.number.text(), self.purpose.text()

    # -- several calls -----------------------------------------------------
    def _draft(self) -> tuple:
        return (self.caller_name.text(), self.purpose.text(), self.number.text(), self.wanted.text(),
                self.inquiry.isChecked(), self.urgent.isChecked())

    def _restore_draft(self) -> None:
        name, purpose, number, wanted, inquiry, urgent = self.drafts.pop(self.call_id, ("", "", "", "", False,
                                                                                         False))
        for w, text in ((self.caller_name, name), (self.purpose, purpose), (self.number, number)):
            w.setText(text)
        self.wanted.blockSignals(True)
        self.wanted.setText(wanted)
        self.wanted.blockSignals(False)
        self.inquiry.setChecked(inquiry)
        self.urgent.setChecked(urgent)
        self.search() if wanted else self.candidates.clear()

    def _hold_current(self) -> None:
        if self.view is None or not self.view.is_open:
            return
        self.drafts[self.call_id] = self._draft()
        if self.caller_name.text().strip() and self.purpose.text().strip():
            self._save_caller()  # kept on the call itself as well as in the draft
        self._run(lambda: calls.hold(self.ctx.session, self.call_id))

    def switch_to(self, call_id: int) -> None:
        """Take another live call: the current one goes on hold with what was typed on it."""
        if call_id == self.call_id and self.view is not None and self.view.is_open:
            self._run(lambda: calls.resume(self.ctx.session, call_id))
            self.show_view()
            self.refresh_list()
            return
        self._hold_current()
        if self._run(lambda: calls.resume(self.ctx.session, call_id)) is None:
            self.refresh_list()
            return
        self.call_id = call_id
        self._restore_draft()
        self.show_view()
        self.refresh_list()
        self._focus_for_state()
        self.changed.emit()

    def next_call(self) -> None:
        """F3: the next live call after this one (round the list)."""
        ids = [c.id for c in calls.live_calls()]
        others = [i for i in ids if i != self.call_id]
        if not others:
            if self.call_id in ids:
                self.switch_to(self.call_id)
            return
        later = [i for i in ids if self.call_id is not None and i > self.call_id and i != self.call_id]
        self.switch_to(later[0] if later else others[0])

    def take_selected(self) -> None:
        call_id = self.call_list.selected_id()
        if call_id is not None:
            self.switch_to(call_id)

    def refresh(self) -> None:
        """Shown again: the calls on the console now (the call in hand keeps what the operator typed)."""
        self.refresh_list()

    def refresh_list(self) -> None:
        self.call_list.show_calls(calls.live_calls(), self.call_id, (self.caller_name.text(), self.wanted.text()))

    def tick(self) -> None:
        """Every second: the seconds waiting, and a held caller due to be greeted again."""
        self.refresh_list()
        if self.view is not None and self.view.is_open:
            words = calls.view(self.call_id).say_to_caller
            if words != self.say_caller.text():
                self.show_view()

    def live_count(self) -> int:
        return len(calls.live_calls())

    def _focus_for_state(self) -> None:
        v = self.view
        if v is None:
            return
        if v.state == "new":
            box = next((w for w in (self.caller_name, self.purpose) if not w.text().strip()), self.wanted)
            box.setFocus()
        else:
            self._focus_next()

    def show_view_and_list(self) -> None:
        self.show_view()
        self.refresh_list()

    def toggle_caller_language(self) -> None:
        if self.view is None or not self.view.is_open:
            return
        new = "en" if self.view.caller_language == "zh_CN" else "zh_CN"
        self._run(lambda: calls.set_caller_language(self.ctx.session, self.call_id, new))
        self.show_view()

    def search(self) -> None:
        self.candidates.clear()
        privacy = {"dnd": _("Do not disturb"), "incognito": _("Incognito")}
        for p in parties.candidates(self.wanted.text()):
            mark = f"  [{privacy[p.privacy]}]" if p.privacy in privacy else ""
            item = QListWidgetItem(f"{p.label}{mark}   · {p.detail}")
            item.setData(Qt.ItemDataRole.UserRole, (p.kind, p.id))
            self.candidates.addItem(item)
        if self.candidates.count():
            self.candidates.setCurrentRow(0)

    def _into_candidates(self) -> None:
        if self.candidates.count():
            self.candidates.setFocus()

    def _save_caller(self) -> bool:
        """Record the caller's name and purpose when they have changed (required before ringing)."""
        v = self.view
        name, purpose, number = self.caller_name.text(), self.purpose.text(), self.number.text()
        if v is None or (name, purpose, number) == (v.caller_name, v.purpose, v.caller_number):
            return True
        if not name.strip() and not purpose.strip() and not number.strip():
            return True
        return self._run(lambda: calls.identify_caller(self.ctx.session, self.call_id, name, purpose,
                                                       number)) is not None

    def choose(self) -> None:
        item = self.candidates.currentItem()
        if self.call_id is None or item is None:
            return
        if not self._save_caller():
            return
        kind, party_id = item.data(Qt.ItemDataRole.UserRole)
        session = self.ctx.session
        if kind == "guest":
            self._run(lambda: calls.choose_guest(session, self.call_id, party_id, self.inquiry.isChecked()))
        elif kind == "staff":
            self._run(lambda: calls.choose_staff(session, self.call_id, party_id, self.urgent.isChecked()))
        else:
            self._run(lambda: calls.choose_department(session, self.call_id, party_id))
        self.show_view()
        self.refresh_list()
        self._focus_next()
        self.changed.emit()

    def not_found(self) -> None:
        if self.call_id is None or not self.not_found_button.isEnabled():
            return
        self._save_caller()
        self._run(lambda: calls.not_found(self.ctx.session, self.call_id, self.wanted.text()))
        self.show_view()
        self.refresh_list()
        self._focus_next()
        self.changed.emit()

    def act(self, key: str) -> None:
        if self.call_id is None or not self.buttons[key].isEnabled():
            return
        session, cid = self.ctx.session, self.call_id
        if key == "ring":
            if not self._save_caller():
                return
            self._run(lambda: calls.ring_guest(session, cid))
        elif key == "accept":
            # "Accepted" is the transfer too: the guest said yes, the caller is put through at once.
            call = self._run(lambda: calls.guest_answer(session, cid, "accept"))
            if call is not None and "put_through" in calls.view(cid).actions:
                self._run(lambda: calls.put_through(session, cid))
        elif key == "accept_stay":
            self._run(lambda: calls.guest_answer(session, cid, "accept_stay_only"))
        elif key in calls.GUEST_ANSWERS:
            self._run(lambda: calls.guest_answer(session, cid, key))
        elif key == "put_through":
            self._run(lambda: calls.put_through(session, cid))
        elif key == "disclose":
            self._run(lambda: calls.disclose(session, cid))
        elif key in ("department", "superior"):
            self._run(lambda: calls.route(session, cid, key))
        elif key == "end":
            self._run(lambda: calls.end(session, cid))
        elif key == "message":
            self._take_message()
            return
        self.show_view()
        self.refresh_list()
        self._focus_next()
        self.changed.emit()

    def _take_message(self) -> None:
        v = self.view
        found = self._run(lambda: calls.message_recipient(v.id))
        if found is None:
            return
        recipient, kwargs = found
        request = self.ctx.take_message(MessageRequest(recipient, from_name=v.caller_name, callback=v.caller_number,
                                                       call_id=v.id, on_saved=self.show_view_and_list, **kwargs))
        self.message_dialog = request.dialog

    def _focus_next(self) -> None:
        """Enter moves the workflow on: focus the first enabled step."""
        for key in ("ring", "accept", "put_through", "disclose", "department", "message", "end"):
            b = self.buttons[key]
            if b.isEnabled() and b.isVisible():
                b.setDefault(True)
                b.setFocus()
                return

    def _run(self, fn):
        try:
            result = fn()
        except DomainError as exc:
            self.message.show_error(error_text(exc))
            return None
        self.message.clear_message()
        return result
