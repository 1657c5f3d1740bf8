"""Every dialog of the app follows a language switch while it is open, both ways.

Each dialog class is opened in Chinese over the window, something is typed into it, Ctrl+Shift+L is pressed inside
it: every visible title, label, button, list item and placeholder is then exactly what the same dialog opened in
English shows (our words, not Qt's stock ones), no Chinese is left but the data's, and what was typed is still
there. Ctrl+Shift+L again: the Chinese words are back, exactly as before.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractSpinBox, QComboBox, QDialog, QLabel, QLineEdit,
                               QPlainTextEdit, QWidget)

import hotel_phone.ui
from hotel_phone import casecodes, cases, checkout, clock, extclasses, folio, i18n, phrases, stays
from hotel_phone.db import Staff, Stay
from hotel_phone.i18n import N_, _, ngettext
from hotel_phone.pbx import desk, ingest, sources
from hotel_phone.errors import ValidationError
from hotel_phone.ui import common, diagnostics
from hotel_phone.ui.cases_panel import CaseDialog, CodesDialog, DispatchDialog
from hotel_phone.ui.database_choice import DatabaseChoiceDialog
from hotel_phone.ui.folio_panel import CorrectionDialog, PostDialog, SettleDialog
from hotel_phone.ui.messages_panel import MessageDialog
from hotel_phone.ui.operators_panel import OperatorDialog
from hotel_phone.ui.pbx_panel import AddSourceDialog, AssignDialog, GuestCallsDialog, SharedRoomDialog, WriteOffDialog
from hotel_phone.ui.preview import PreviewDialog
from hotel_phone.ui.printers_dialog import PrintersDialog
from hotel_phone.ui.reference_panel import InquiryDialog, PhraseDialog
from hotel_phone.ui.setup_dialog import SetupDialog
from hotel_phone.ui.signin import LockDialog, PasswordDialog, SignInDialog
from hotel_phone.ui.staffphones_panel import ApplicationDialog, ClassDialog, DecisionDialog, LateApplicationDialog
from hotel_phone.ui.stay_dialog import CheckOutDialog, MoveDialog, StayDialog
from tests.test_ui_pbx import _line, _vacant_and_occupied
from tests.uihelpers import open_window, type_text

HAN = re.compile(r"[\u4e00-\u9fff]+")
TYPED = "Wang Fang 王芳"
SWITCH = (Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
LISTENER_WORDS = ("sayToDepartment", "sayToReporter")  # said to the department / the caller: their language
# Classes only built upon: each is walked through the dialogs made from it.
BASES = {"RememberingDialog", "FormDialog", "WorkDialog", "PbxDialog"}


def _ok(*_args) -> None:
    """A form's OK is not pressed here."""


def _refusal_box() -> QDialog:
    """A refusal that escaped a panel, as the except hook shows it."""
    try:
        raise ValidationError(N_("Choose the issue from the list."))
    except ValidationError as exc:
        diagnostics.excepthook(type(exc), exc, exc.__traceback__)
    return diagnostics._dialogs[-1]


def _factories(w) -> dict[str, callable]:
    """How the app opens each dialog, with the demo hotel's data; parent: the window, as the panels do (the
    sign-in, the first start's dialogs and the database choice have no window behind them)."""
    session = w.session
    stay = Stay.select().where(Stay.status == "in_house").order_by(Stay.id).first()
    room = stay.room.number
    guest = f"{stay.name} — {room}"
    today = clock.now().date()
    vacant, _guest = _vacant_and_occupied()
    src = sources.add_source(None, "Asterisk", "asterisk-uniqueid", records_tz="UTC", strip_prefix="9")
    ingest.ingest(src, [_line(vacant, "9.1")])
    call = desk.unmatched()[0]
    folio.post(session, stay.id, "FAX", 1000, "two pages")
    line = folio.load(stay.id).lines[-1]
    case = cases.open_case(session, cases.CaseInput(room=room, code_id=casecodes.active_codes()[0].id,
                                                    text="The tap drips", stay_id=stay.id))
    return {
        "StayDialog": lambda: StayDialog(stays.StayInput(arrival=today, departure=today + timedelta(days=1)), _ok,
                                       stays.all_rooms(), editing=False, parent=w),
        "MoveDialog": lambda: MoveDialog(stay.name, room, _ok, stays.all_rooms(), parent=w),
        "CheckOutDialog": lambda: CheckOutDialog(stay.name, room, lambda: checkout.warnings(stay.id), lambda: None,
                                               _ok, parent=w),
        "CaseDialog": lambda: CaseDialog(cases.CaseInput(room=room), _ok, parent=w),
        "DispatchDialog": lambda: DispatchDialog(cases.dispatch(case.id), _ok, _ok, parent=w),
        "CodesDialog": lambda: CodesDialog(session, w),
        "PostDialog": lambda: PostDialog(guest, _ok, w),
        "CorrectionDialog": lambda: CorrectionDialog(line, True, _ok, w),
        "SettleDialog": lambda: SettleDialog(guest, 12300, "CNY", _ok, w),
        "MessageDialog": lambda: MessageDialog(guest, _ok, parent=w),
        "OperatorDialog": lambda: OperatorDialog(_ok, w),
        "AssignDialog": lambda: AssignDialog(call, _ok, w),
        "SharedRoomDialog": lambda: SharedRoomDialog(call, desk.candidates(call.id, room), _ok, w),
        "AddSourceDialog": lambda: AddSourceDialog(_ok, w),
        "WriteOffDialog": lambda: WriteOffDialog(_ok, w),
        "GuestCallsDialog": lambda: GuestCallsDialog(stay.id, stay.name, w),
        "PreviewDialog": lambda: PreviewDialog(lambda: _("Folio of {guest}, room {room}").format(
            guest=stay.name, room=room), b"", [], "folio.pdf", w),
        "PrintersDialog": lambda: PrintersDialog(w),
        "InquiryDialog": lambda: InquiryDialog(_ok, w),
        "PhraseDialog": lambda: PhraseDialog(phrases.entries()[0], _ok, w),
        "SetupDialog": lambda: SetupDialog(),
        "SignInDialog": lambda: SignInDialog("Jinjiang Demo Grand Hotel", demo_hint=True),
        "LockDialog": lambda: LockDialog(session, 10, w),
        "PasswordDialog": lambda: PasswordDialog(session, w),
        "DatabaseChoiceDialog": lambda: DatabaseChoiceDialog(),
        "ApplicationDialog": lambda: ApplicationDialog(_ok, w),
        "DecisionDialog": lambda: DecisionDialog(True, _ok, w),
        "LateApplicationDialog": lambda: LateApplicationDialog(_ok, w),
        "ClassDialog": lambda: ClassDialog(extclasses.listing()[0], _ok, w),
        "ask_text": lambda: common.text_box(w, N_("Cancel the booking"), N_("Reason")),
        "ask_yes_no": lambda: common.yes_no_box(w, N_("Calls in progress"), lambda: ngettext(
            "{n} call is still open. Quit anyway?", "{n} calls are still open. Quit anyway?", 2).format(n=2)),
        "crash box": diagnostics.show_crash_dialog,
        "refusal box": lambda: _refusal_box(),
    }


def _data(line_zh: str) -> list[str]:
    """Chinese that is the hotel's data (guests' and staff's names, a posting's words in both languages), and the
    languages' own names: shown as they are in either language."""
    names = [s.name_zh for s in Stay.select() if s.name_zh] + [s.name_zh for s in Staff.select() if s.name_zh]
    return [TYPED, *i18n.LANGUAGE_NAMES.values(), line_zh, *sorted(names, key=len, reverse=True)]


def texts(dialog: QDialog) -> list[tuple[str, str]]:
    """What the operator reads in the dialog: its title, every visible label, button, list item and placeholder."""
    out = [("title", dialog.windowTitle())]
    for w in dialog.findChildren(QWidget):
        if not w.isVisibleTo(dialog) or w.objectName() in LISTENER_WORDS:
            continue
        kind = type(w).__name__
        if isinstance(w, (QLabel, QAbstractButton)):
            out.append((kind, w.text()))
        if isinstance(w, QComboBox):
            out += [(kind, w.itemText(i)) for i in range(w.count())]
        if isinstance(w, (QLineEdit, QPlainTextEdit)):
            out.append((kind + " placeholder", w.placeholderText()))
    return out


def _input(dialog: QDialog) -> QLineEdit | QPlainTextEdit | None:
    """The first field the operator types into (not a list's or a number's own line)."""
    for w in dialog.findChildren(QWidget):
        if isinstance(w, (QLineEdit, QPlainTextEdit)) and w.isEnabled() and w.isVisibleTo(dialog) \
                and not w.isReadOnly() and not isinstance(w.parentWidget(), (QComboBox, QAbstractSpinBox)) \
                and (not isinstance(w, QLineEdit) or w.maxLength() > 20):
            return w
    return None


def _typed(field) -> str:
    return field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()


def _open(qtbot, make) -> tuple[QDialog, QWidget | None]:
    dialog = make()
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    field = _input(dialog)
    if field is not None:
        field.setFocus()
        field.selectAll()
        type_text(qtbot, field, TYPED)
    qtbot.wait(20)
    return dialog, field


def _close(dialog: QDialog) -> None:
    QDialog.done(dialog, 0)  # (the lock's own reject keeps it open on purpose)
    dialog.deleteLater()


def _press_switch(qtbot, dialog: QDialog) -> None:
    qtbot.keyClick(dialog.focusWidget() or dialog, *SWITCH)
    qtbot.wait(30)  # Qt's catalog goes after ours: the stock buttons keep our words


def _no_chinese_but_data(words: list[tuple[str, str]], data: list[str]) -> list[tuple[str, str]]:
    left = []
    for kind, text in words:
        for d in data:
            text = text.replace(d, "")
        if HAN.search(text):
            left.append((kind, text))
    return left


def _english_left(words: list[tuple[str, str]], data: list[str]) -> list[tuple[str, str]]:
    """Texts that are one of our English messages with a Chinese translation: not worded in Chinese."""
    return [(k, t) for k, t in words if t and t not in data and i18n.gettext_in("zh_CN", t) != t]


def test_every_dialog_class_is_walked(qtbot, demo):
    for module in pkgutil.iter_modules(hotel_phone.ui.__path__):
        importlib.import_module(f"hotel_phone.ui.{module.name}")
    found, todo = set(), list(QDialog.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("hotel_phone.ui") and cls.__name__ not in BASES:
            found.add(cls)
    w = open_window(qtbot)
    walked = set()
    for make in _factories(w).values():
        dialog = make()
        walked.add(type(dialog))
        _close(dialog)
    assert found == walked, "a dialog class is not walked by the language test"


def test_every_dialog_follows_ctrl_shift_l_while_open_both_ways(qtbot, demo):
    w = open_window(qtbot)
    factories = _factories(w)
    data = _data(folio.load(Stay.select().where(Stay.status == "in_house").order_by(Stay.id).first().id)
                 .lines[-1].description_zh)
    problems = {}
    for name, make in factories.items():
        w.set_language("zh_CN")
        qtbot.wait(20)
        dialog, field = _open(qtbot, make)
        chinese = texts(dialog)
        assert HAN.search(dialog.windowTitle()) or dialog.windowTitle() == "hotel_phone", name  # (the program's name)
        _press_switch(qtbot, dialog)
        assert i18n.current_language() == "en", name  # Ctrl+Shift+L reached inside the dialog
        switched = texts(dialog)
        fresh, fresh_field = _open(qtbot, make)  # the same dialog opened in English, the same typed into it
        english = texts(fresh)
        _close(fresh)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
        if switched != english:
            problems[name + " en"] = [(a, b) for a, b in zip(switched, english) if a != b] or (switched, english)
        if _no_chinese_but_data(switched, data):
            problems[name + " chinese left"] = _no_chinese_but_data(switched, data)
        if _english_left(chinese, data):
            problems[name + " english left"] = _english_left(chinese, data)
        if field is not None:
            assert _typed(field).endswith(TYPED), (name, _typed(field))
        _press_switch(qtbot, dialog)
        assert i18n.current_language() == "zh_CN", name
        back = texts(dialog)
        if back != chinese:
            problems[name + " back"] = [(a, b) for a, b in zip(back, chinese) if a != b] or (back, chinese)
        if field is not None:
            assert _typed(field).endswith(TYPED), (name, _typed(field))
        _close(dialog)
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())
    assert len(factories) >= 30
