"""A long job or a print may outlive the operator who started it (a sign-out, a shift change).

When it ends, its buttons are what the panel's own rules give whoever is signed
in then, never what they were when it began; a "Try again" box does not
survive its operator; a print that ends under another operator acts for that
operator; a report's preview is not shown to the next one. A failed print says
what failed: preparing the document or sending it to the printer.

A job is made long by holding the real function it calls (a gate the test
opens after the shift change), so the change lands while the job runs.
"""

import logging
import threading

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from hotel_phone import auth, casecodes, cases, folio, messages, stays
from hotel_phone.db import Case, CaseEvent, MessageSlip
from hotel_phone.documents import case_papers
from hotel_phone.ui import printing, worker
from hotel_phone.ui.language import hub
from tests.uihelpers import open_window, sign_in_as, type_text


@pytest.fixture
def held():
    """held(module, name): `module.name` waits on a worker thread until the returned gate is opened."""
    gates = []

    def hold(module, name, monkeypatch):
        gate = threading.Event()
        real = getattr(module, name)

        def slow(*args, **kwargs):
            if threading.current_thread() is not threading.main_thread():
                gate.wait(30)
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, slow)
        gates.append(gate)
        return gate

    yield hold
    for gate in gates:  # never leave a pool thread waiting
        gate.set()
    worker.wait_all()


def _show(window, panel):
    window.nav.setCurrentRow(window.panels.index(panel))
    return panel


# -- 1. buttons after a job: the rules of the session then ---------------------------------------------

@pytest.mark.parametrize("first, second", [("wangfang", "chenjing"), ("chenjing", "wangfang")])
def test_after_a_long_folio_read_the_buttons_are_the_new_operators(qtbot, demo, monkeypatch, held, first, second):
    """A supervisor's read must not leave Void/Adjust to a cashier; a cashier's must not withhold them from
    the supervisor who takes over."""
    window = open_window(qtbot, first)
    panel = _show(window, window.folio)
    panel.BIG_FOLIO = 0  # this guest's folio is read on the worker, as a long one is
    gate = held(folio, "load", monkeypatch)
    type_text(qtbot, panel.query, "张伟")
    assert panel.loading and not any(b.isEnabled() for b in panel.buttons.values())

    sign_in_as(qtbot, window, second)  # the shift changes while the folio is read
    assert not any(b.isEnabled() for b in panel.buttons.values())  # still the job's: no rule enables them now

    gate.set()
    qtbot.waitUntil(lambda: not panel.loading and not worker.held(panel.buttons["post"]), timeout=20000)
    supervisor = second == "wangfang"
    assert panel.buttons["void"].isEnabled() is supervisor
    assert panel.buttons["adjust"].isEnabled() is supervisor
    assert panel.buttons["settle"].isEnabled()  # both a cashier and a supervisor settle
    assert panel.buttons["post"].isEnabled() and panel.buttons["preview"].isEnabled()


def test_a_sign_out_during_a_folio_read_leaves_nothing_enabled_for_nobody(qtbot, demo, monkeypatch, held):
    window = open_window(qtbot, "wangfang")
    panel = _show(window, window.folio)
    panel.BIG_FOLIO = 0
    gate = held(folio, "load", monkeypatch)
    type_text(qtbot, panel.query, "张伟")
    window.sessions.switch_operator()  # signed out; the sign-in waits
    gate.set()
    qtbot.waitUntil(lambda: not panel.loading and not worker.held(panel.buttons["void"]), timeout=20000)
    hidden = window.centralWidget()  # disabled behind the sign-in: ask the panel's own state
    assert not any(panel.buttons[k].isEnabledTo(hidden) for k in ("void", "adjust", "settle"))
    assert panel.buttons["post"].isEnabledTo(hidden)


def test_a_work_order_printed_after_the_shift_change_is_the_new_operators(qtbot, demo, monkeypatch, held,
                                                                          tmp_path):
    anna = auth.sign_in("anna", "demo1234")
    noise = next(c for c in casecodes.active_codes() if c.code == "NOISE")
    case = cases.open_case(anna, cases.CaseInput(kind="complaint", code_id=noise.id, place="Lobby bar",
                                                 caller_name="Mr Li", text="too loud"))
    printing.choose("work_order", printing.PDF_PREFIX + str(tmp_path / "printed"), "A4")
    window = open_window(qtbot)  # anna, an operator
    panel = _show(window, window.cases)
    panel.show_case(case.id)
    assert not panel.buttons["cancel"].isEnabled()  # a complaint is cancelled by a supervisor
    gate = held(case_papers, "work_order", monkeypatch)
    qtbot.mouseClick(panel.buttons["work_order"], Qt.MouseButton.LeftButton)
    assert not panel.buttons["work_order"].isEnabled()

    sign_in_as(qtbot, window, "wangfang")
    panel.show_case(case.id)
    assert panel.buttons["cancel"].isEnabled() and not panel.buttons["work_order"].isEnabled()
    gate.set()
    qtbot.waitUntil(lambda: panel.printed == case.id, timeout=20000)
    assert Case.get_by_id(case.id).status == "sent"
    sent = CaseEvent.select().where(CaseEvent.case == case.id, CaseEvent.kind == "sent_work_order").get()
    assert sent.operator.username == "wangfang"  # who is at the desk when it printed, not who clicked
    assert panel.buttons["work_order"].isEnabled()  # the supervisor's rules for a sent case
    assert panel.buttons["cancel"].isEnabled()


def test_a_report_ready_after_the_shift_change_is_saved_but_not_shown(qtbot, demo, monkeypatch, held):
    window = open_window(qtbot)  # anna
    panel = _show(window, window.cases)
    gate = held(case_papers, "statistics", monkeypatch)
    panel.monthly_statistics("2026-11")
    assert not panel.buttons["stats"].isEnabled()

    sign_in_as(qtbot, window, "chenjing")  # works in Chinese
    gate.set()
    qtbot.waitUntil(lambda: getattr(panel, "last_pdf", None) is not None, timeout=20000)
    assert panel.last_pdf.exists() and getattr(panel, "preview", None) is None
    assert "操作员已更换" in panel.message.text() and str(panel.last_pdf) in panel.message.text()
    assert panel.buttons["stats"].isEnabled()


def test_a_folio_preview_closes_when_its_operator_signs_out(qtbot, demo):
    window = open_window(qtbot, "wangfang")
    panel = _show(window, window.folio)
    type_text(qtbot, panel.query, "张伟")
    qtbot.mouseClick(panel.buttons["preview"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.preview is not None and panel.preview.isVisible(), timeout=20000)
    window.session = auth.set_language(window.session, "en")  # the same operator: it stays
    assert panel.preview.isVisible()
    window.sessions.switch_operator()  # no guest's folio over the sign-in
    assert not panel.preview.isVisible()
    hub().set_language("en")


def test_a_supervisors_void_form_is_not_left_to_the_cashier(qtbot, demo):
    window = open_window(qtbot, "wangfang")
    stay = next(r for r in stays.search("张伟"))
    folio.post(window.session, stay.id, "FAX", 1250, "")
    panel = _show(window, window.folio)
    type_text(qtbot, panel.query, "张伟")
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.buttons["void"], Qt.MouseButton.LeftButton)
    form = panel.dialog
    assert form is not None and form.isVisible()
    window.session = auth.set_language(window.session, "en")  # the same operator: the form stays
    assert panel.dialog is form and form.isVisible()
    sign_in_as(qtbot, window, "chenjing")
    assert panel.dialog is None and not form.isVisible()
    assert folio.balance(stay.id) == 1250 and not panel.buttons["void"].isEnabled()
    hub().set_language("en")


# -- 2. the "Try again" box ------------------------------------------------------------------------------

def _failed_slip(qtbot, window, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    printing.choose("message_slip", printing.PDF_PREFIX + str(blocker / "slips"), "A6")  # cannot be written
    guest = next(r for r in stays.search("Björn Schäfer"))
    slip = messages.take(window.session, stay_id=guest.id, from_name="李伟", template="parcel")
    panel = _show(window, window.messages)
    panel.refresh()
    panel.select_number(slip.number)
    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
    job = panel.print_job
    qtbot.waitUntil(lambda: job.retry_box is not None, timeout=20000)
    printing.choose("message_slip", printing.PDF_PREFIX + str(tmp_path / "slips"), "A6")  # fixed meanwhile
    return panel, job, slip


def test_a_try_again_box_closes_when_the_operator_changes(qtbot, demo, tmp_path):
    window = open_window(qtbot)  # anna
    panel, job, slip = _failed_slip(qtbot, window, tmp_path)
    box = job.retry_box
    assert box.isVisible()

    sign_in_as(qtbot, window, "chenjing")
    assert job.retry_box is None and not (shiboken6.isValid(box) and box.isVisible())
    qtbot.waitUntil(lambda: "更换操作员时" in panel.message.text())  # said to her, in her language
    assert str(job.kept) in panel.message.text()
    job.retry()  # a Try again that still reached the job: refused, nothing printed, nothing recorded
    assert "操作员已更换" in panel.message.text() and not job.running
    assert not (tmp_path / "slips").exists() and MessageSlip.get_by_id(slip.id).delivered_at is None

    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)  # the new operator prints it herself
    qtbot.waitUntil(lambda: MessageSlip.get_by_id(slip.id).delivered_at is not None, timeout=20000)
    assert MessageSlip.get_by_id(slip.id).delivered_by.username == "chenjing"


def test_the_same_operators_try_again_survives_a_language_change_and_prints(qtbot, demo, tmp_path):
    window = open_window(qtbot)  # anna
    panel, job, slip = _failed_slip(qtbot, window, tmp_path)
    window.session = auth.set_language(window.session, "zh_CN")  # same operator, a new session object
    box = job.retry_box
    assert box is not None and box.isVisible()
    again = next(b for b in box.buttons() if b.text() == "Try again")
    qtbot.mouseClick(again, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: MessageSlip.get_by_id(slip.id).delivered_at is not None, timeout=20000)
    assert MessageSlip.get_by_id(slip.id).delivered_by.username == "anna"
    hub().set_language("en")


def test_a_slip_printed_while_nobody_is_signed_in_is_not_recorded_for_anyone(qtbot, demo, monkeypatch, held,
                                                                           tmp_path):
    from hotel_phone.documents import message_slip

    printing.choose("message_slip", printing.PDF_PREFIX + str(tmp_path / "slips"), "A6")
    window = open_window(qtbot)
    guest = next(r for r in stays.search("Björn Schäfer"))
    slip = messages.take(window.session, stay_id=guest.id, from_name="李伟", template="parcel")
    panel = _show(window, window.messages)
    panel.refresh()
    panel.select_number(slip.number)
    gate = held(message_slip, "build", monkeypatch)
    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
    window.sessions.switch_operator()  # signed out while it prints
    gate.set()
    qtbot.waitUntil(lambda: not panel.print_job.running, timeout=20000)
    assert list((tmp_path / "slips").glob("*.pdf"))  # it did print
    assert MessageSlip.get_by_id(slip.id).delivered_at is None  # but nobody was there to record it
    assert "nobody was signed in" in panel.message.text()


# -- 3. what failed ---------------------------------------------------------------------------------------

def _print_register_on_a_paper_printer(qtbot, window, monkeypatch):
    """The wake-up register on the station's paper printer: its pages rendered and painted. A PDF printer with
    no file stands in for the spooler (no printer is installed here); a PDF file printer would get the document
    itself, unpainted."""
    def paper_printer(kind, landscape=False):
        printer = printing._new_printer(kind, landscape)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName("")
        return printer

    monkeypatch.setattr(printing, "configured_printer", paper_printer)
    panel = _show(window, window.wakeups)
    qtbot.mouseClick(panel.buttons["print"], Qt.MouseButton.LeftButton)
    job = panel.print_job
    qtbot.waitUntil(lambda: job.retry_box is not None or not job.running, timeout=20000)
    return panel, job


@pytest.mark.parametrize("seam, english, chinese", [
    ("render_pages", "could not be prepared for the printer", "无法转换为打印机可用的格式"),
    ("paint_pages", "could not be sent to the printer", "无法发送到打印机"),
])
def test_a_failed_print_says_what_failed_and_logs_the_traceback(qtbot, demo, monkeypatch, caplog, seam, english,
                                                               chinese):
    def broken(*_args, **_kwargs):
        raise RuntimeError(f"{seam} broke")  # neither an OSError nor one of ours: what a driver may raise

    monkeypatch.setattr(printing, seam, broken)
    window = open_window(qtbot)  # anna, in English
    with caplog.at_level(logging.ERROR, logger="hotel_phone"):
        logger = logging.getLogger("hotel_phone")
        monkeypatch.setattr(logger, "propagate", True)
        panel, job = _print_register_on_a_paper_printer(qtbot, window, monkeypatch)
    assert english in panel.message.text() and english in job.retry_box.text()
    assert "Traceback" not in panel.message.text() and "broke" not in panel.message.text()
    logged = [r for r in caplog.records if r.exc_info]
    assert logged and f"{seam} broke" in caplog.text and "Traceback" in caplog.text
    job.retry_box.close()
    hub().set_language("zh_CN")
    assert chinese in printing.reason(printing.PrintFailed(
        printing.UNREADABLE if seam == "render_pages" else printing.NOT_SENT))
    hub().set_language("en")


def test_a_document_that_cannot_be_built_says_so_without_a_traceback(qtbot, demo, monkeypatch, caplog):
    from hotel_phone.documents import registers

    def broken(*_args, **_kwargs):
        raise KeyError("no such column")

    monkeypatch.setattr(registers, "wakeup_register", broken)
    window = open_window(qtbot)
    panel = _show(window, window.wakeups)
    monkeypatch.setattr(logging.getLogger("hotel_phone"), "propagate", True)
    with caplog.at_level(logging.ERROR, logger="hotel_phone"):
        qtbot.mouseClick(panel.buttons["print"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not panel.print_job.running, timeout=20000)
    text = panel.message.text()
    assert "could not be prepared" in text and "log file" in text and "no such column" not in text
    assert "no such column" in caplog.text and panel.buttons["print"].isEnabled()
