"""The station's printers: one per kind of document, printing off the GUI thread.

A desk has a small printer for message slips and a laser for folios; which
printer and paper each kind uses is a setting of this PC (QSettings), with
"ask every time" as the default. A `PrintJob` builds the PDF on a worker thread,
asks for a printer only when the station says so (the system dialog, not a
nested event loop), then sends it on a worker thread: a real printer gets the
pages rendered and painted (QPainter may paint on a QPrinter outside the GUI
thread), a "PDF files in a folder" printer the document itself. A failure keeps
the document in the data folder, says why, and offers to try again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QMessageBox, QWidget

from hotel_phone import paths
from hotel_phone.errors import DomainError
from hotel_phone.i18n import N_, _
from hotel_phone.ui import worker

ASK = ""  # the default: the system's print dialog every time
PDF_PREFIX = "pdf:"  # print into PDF files in this folder (an archive, or a PC without a printer)


@dataclass(frozen=True)
class Kind:
    label: str
    paper: QPageSize.PageSizeId


KINDS = {
    "message_slip": Kind(N_("Message slips"), QPageSize.PageSizeId.A6),
    "charge_slip": Kind(N_("Charge slips"), QPageSize.PageSizeId.A5),
    "folio": Kind(N_("Folios"), QPageSize.PageSizeId.A4),
    "registers": Kind(N_("Registers and reports"), QPageSize.PageSizeId.A4),
    "work_order": Kind(N_("Work orders for departments"), QPageSize.PageSizeId.A4),
}
PAPERS = {"A4": QPageSize.PageSizeId.A4, "A5": QPageSize.PageSizeId.A5, "A6": QPageSize.PageSizeId.A6,
          "Letter": QPageSize.PageSizeId.Letter}


def _settings():
    from hotel_phone.ui.common import qsettings

    return qsettings()


def printer_choice(kind: str) -> str:
    return str(_settings().value(f"printers/{kind}/printer", ASK) or ASK)


def paper_choice(kind: str) -> str:
    default = next(name for name, size in PAPERS.items() if size == KINDS[kind].paper)
    value = str(_settings().value(f"printers/{kind}/paper", default) or default)
    return value if value in PAPERS else default


def choose(kind: str, printer: str, paper: str) -> None:
    """Remember this station's printer and paper for a kind of document."""
    if kind not in KINDS or paper not in PAPERS:
        raise ValueError(kind)
    s = _settings()
    s.setValue(f"printers/{kind}/printer", printer)
    s.setValue(f"printers/{kind}/paper", paper)
    s.sync()


def system_printers() -> list[str]:
    return list(QPrinterInfo.availablePrinterNames())


def _new_printer(kind: str, landscape: bool = False) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(PAPERS[paper_choice(kind)]))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait)
    printer.setDocName(_(KINDS[kind].label))
    return printer


def configured_printer(kind: str, landscape: bool = False) -> QPrinter | None:
    """This station's printer for `kind`, set up; None when the operator is to be asked."""
    choice = printer_choice(kind)
    printer = _new_printer(kind, landscape)
    if choice.startswith(PDF_PREFIX):
        folder = Path(choice[len(PDF_PREFIX):])
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(folder / f"{kind}-{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**6}.pdf"))
        return printer
    if choice != ASK and choice in system_printers():
        printer.setPrinterName(choice)
        return printer
    return None  # ask every time, or the chosen printer is gone from this PC


def render_pages(pdf: bytes, dpi: int = 96) -> list[QImage]:
    """Rasterize every page (call off the GUI thread: QImage is safe there, QPixmap is not)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    images = []
    try:
        for i in range(len(doc)):
            bitmap = doc[i].render(scale=dpi / 72, rev_byteorder=True)  # RGB bytes, no alpha
            data = bytes(bitmap.buffer)
            image = QImage(data, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888)
            images.append(image.copy())  # the copy owns its pixels once `data` is gone
            bitmap.close()
    finally:
        doc.close()
    return images


def print_pdf(pdf: bytes, printer: QPrinter) -> None:
    """Paint each page, rendered at the printer's resolution, onto the printer's pages."""
    paint_pages(render_pages(pdf, min(printer.resolution(), 300)), printer)


def paint_pages(pages: list[QImage], printer: QPrinter) -> None:
    """Send the rendered pages to the printer, one printer page each."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be opened")
    try:
        for n, image in enumerate(pages):
            if n:
                printer.newPage()
            target = painter.viewport()
            size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(target.x(), target.y(), size.width(), size.height())
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(target)
    finally:
        painter.end()


def keep_unprinted(kind: str, pdf: bytes) -> Path:
    """The document, kept for a retry after a failed print."""
    folder = paths.data_dir() / "unprinted"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{kind}-{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**6}.pdf"
    path.write_bytes(pdf)
    return path


class PrintFailed(OSError):
    """Why a print failed, as a message id and its values: translated on the GUI thread."""

    def __init__(self, msgid: str, **values: str):
        super().__init__(msgid)
        self.msgid, self.values = msgid, values


NOT_OPENED = N_("the printer could not be opened (switched off, out of paper, or not connected?)")
PRINTER_ERROR = N_("the printer reported an error while printing")
FOLDER = N_("the folder {folder} for the PDF files cannot be written ({reason})")
UNREADABLE = N_("the document could not be prepared for the printer")
NOT_SENT = N_("the document could not be sent to the printer")


def reason(exc: Exception) -> str:
    """What failed, in the operator's language (the traceback went to the log with the job's failure)."""
    if isinstance(exc, PrintFailed):
        return _(exc.msgid).format(**exc.values)
    return _(NOT_SENT)  # nothing we classified: it failed while the document was on its way


def is_landscape(pdf: bytes) -> bool:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        width, height = doc[0].get_size() if len(doc) else (0, 0)
    finally:
        doc.close()
    return width > height


def send(pdf: bytes, printer: QPrinter) -> None:
    """Hand the document to the printer (runs on a worker thread).

    A PDF printer gets the document itself, so its text stays text (searchable,
    copyable, Chinese included); a real printer gets each page rendered at its
    resolution and painted."""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        target = Path(printer.outputFileName())
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            part = target.with_name(target.name + ".part")
            part.write_bytes(pdf)
            part.replace(target)  # whole or not at all
        except OSError as exc:
            raise PrintFailed(FOLDER, folder=str(target.parent), reason=exc.strerror or type(exc).__name__) from exc
        return
    try:
        pages = render_pages(pdf, min(printer.resolution(), 300))
    except Exception as exc:  # PDFium could not read or draw what the core made: preparing failed
        raise PrintFailed(UNREADABLE) from exc
    try:
        paint_pages(pages, printer)
    except OSError as exc:  # QPainter.begin failed: the printer could not be opened
        raise PrintFailed(NOT_OPENED) from exc
    except Exception as exc:  # the pages were ready; handing them over failed
        raise PrintFailed(NOT_SENT) from exc
    if printer.printerState() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
        raise PrintFailed(PRINTER_ERROR)


_live: set[PrintJob] = set()


class PrintJob(QObject):
    """One document to the station's printer for its kind: built, sent, and tried again after a failure.

    `build` runs on a worker thread and returns the PDF (bytes). The `buttons`
    are held disabled from the start until the printer has the document (or it
    failed, or the operator cancelled); then the panel's `rules` decide them for
    whoever is signed in by then (worker.release). `on_printed` runs on the GUI
    thread once the last page went to the printer, under the session signed in
    at that moment (`ctx.session`); `on_failed(reason, kept)` after a failure,
    with the document kept for a retry (None if even that failed).

    With the app's `ctx`, a job outlives no operator's offer: when another
    operator takes the desk (or nobody is signed in) the print dialog is
    cancelled and the "Try again" box closes; a retry acts only for the operator
    it was offered to.
    """

    def __init__(self, kind: str, what: str, build: Callable[[], bytes], parent: QWidget, message,
                 buttons: Iterable[QWidget] = (), on_printed: Callable[[], None] | None = None,
                 on_failed: Callable[[str, Path | None], None] | None = None,
                 on_cancelled: Callable[[], None] | None = None, *, ctx, rules: Callable[[], None] | None):
        super().__init__()  # not owned by the panel: a day's jobs (and their PDFs) must not pile up on it
        self.kind, self.what, self.build, self.parent_widget, self.message = kind, what, build, parent, message
        self.buttons = list(buttons)
        self.on_printed, self.on_failed, self.on_cancelled = on_printed, on_failed, on_cancelled
        self.ctx, self.rules = ctx, rules
        self.pdf: bytes | None = None
        self.landscape = False
        self.kept: Path | None = None
        self.running = False
        self.dialog: QPrintDialog | None = None
        self.retry_box: QMessageBox | None = None
        self.withdrawn = False  # a "Try again" box closed for a change of operator, not yet said
        self.owner = None  # whose job it is now: who started it, or to whom the "Try again" box was offered
        self.printer_name = ""
        if ctx is not None:
            ctx.session_changed.connect(self._session_changed)

    def start(self) -> None:
        if self.running:
            return
        self._busy(True)
        self.owner = self.ctx.session if self.ctx is not None else None
        self.message.show_info(_("Preparing {what}…").format(what=self.what))
        build = self.build

        def prepare():
            pdf = build()
            return pdf, is_landscape(pdf)

        worker.run(prepare, self._built, self._not_built)

    def _busy(self, busy: bool) -> None:
        """Hold the buttons while the job runs; afterwards the panel's rules decide them for the session then."""
        if busy == self.running:
            return
        self.running = busy
        if busy:
            _live.add(self)  # kept while it runs; after that only the panel's latest job and a retry box hold it
            worker.hold(self.buttons)
        else:
            _live.discard(self)
            worker.release(self.buttons, self.rules)

    def _not_built(self, exc: Exception) -> None:
        from hotel_phone.ui.common import error_text

        self._busy(False)
        if isinstance(exc, DomainError):  # a refusal says why itself
            self.message.show_error(error_text(exc))
        else:  # the traceback is in the log (the worker wrote it), never on screen
            self.message.show_error(_("{what} was not printed: {reason}. The details are in the log file.").format(
                what=self.what, reason=_(UNREADABLE)))

    def _built(self, result) -> None:
        self.pdf, self.landscape = result
        self._choose()

    def _choose(self) -> None:
        """The station's printer for this kind; the system dialog when it says "ask every time"."""
        printer = configured_printer(self.kind, self.landscape)
        if printer is not None:
            self._send(printer)
            return
        printer = _new_printer(self.kind, self.landscape)
        choice = printer_choice(self.kind)
        if choice != ASK:  # the chosen printer is gone from this PC: say so, then ask
            self.message.show_error(_("The printer {name} is not available on this PC; choose another.").format(
                name=choice))
        self.dialog = QPrintDialog(printer, self.parent_widget)
        self.dialog.setWindowTitle(_("Print {what}").format(what=self.what))
        self.dialog.accepted.connect(lambda: self._send(printer))
        self.dialog.rejected.connect(self._cancelled)
        self.dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog.setModal(True)  # not exec(): the window keeps running; open() is overloaded in PySide6
        self.dialog.show()

    def _cancelled(self) -> None:
        self._busy(False)
        if self.on_cancelled is not None:
            self.on_cancelled()
        else:
            self.message.show_info(_("Printing cancelled."))

    def _send(self, printer: QPrinter) -> None:
        self.printer_name = (Path(printer.outputFileName()).parent.as_posix()
                             if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat else printer.printerName())
        self.message.show_info(_("Printing {what}…").format(what=self.what))
        pdf = self.pdf
        worker.run(lambda: send(pdf, printer), self._sent, self._send_failed)

    def _sent(self, _result) -> None:
        self._busy(False)
        if self.kept is not None:  # printed at last: no longer waiting in the unprinted folder
            self.kept.unlink(missing_ok=True)
            self.kept = None
        if self.ctx is not None and self.ctx.session is None:  # printed while the desk waits for a sign-in
            self.message.show_info(_("{what}: sent to the printer ({printer}) while nobody was signed in; "
                                     "nothing was recorded for it.").format(what=self.what, printer=self.printer_name))
            return
        self.message.show_info(_("{what}: sent to the printer ({printer}).").format(
            what=self.what, printer=self.printer_name))
        if self.on_printed is not None:
            self.on_printed()

    def _send_failed(self, exc: Exception) -> None:
        self._busy(False)
        why = reason(exc)
        if self.kept is None:
            try:
                self.kept = keep_unprinted(self.kind, self.pdf)
            except OSError:
                self.kept = None
        if self.on_failed is not None:
            self.on_failed(why, self.kept)
        elif self.kept is not None:
            self.message.show_error(_("{what} was not printed: {reason}. It is kept in {path} for another try.")
                                    .format(what=self.what, reason=why, path=self.kept))
        else:
            self.message.show_error(_("{what} was not printed: {reason}.").format(what=self.what, reason=why))
        if self.ctx is None or self.ctx.session is not None:  # nobody signed in: no one to offer it to
            self._offer_retry(why)

    def _offer_retry(self, why: str) -> None:
        from hotel_phone.ui.questions import Box  # (follows a language switch while open)

        box = Box(QMessageBox.Icon.Warning, N_("Not printed"),
                  lambda: _("{what} was not printed: {reason}.").format(what=self.what, reason=why),
                  self.parent_widget)
        if self.kept is not None:
            box.word(box.setInformativeText, lambda: _(
                "The document is kept in {path}. Check the printer, or choose another in "
                "File → Printers of this station, then try again.").format(path=self.kept))
        again = box.add_button(N_("Try again"), QMessageBox.ButtonRole.AcceptRole)
        box.add_button(N_("Close"), QMessageBox.ButtonRole.RejectRole)
        box.buttonClicked.connect(lambda button: self.retry() if button is again else None)
        box.finished.connect(lambda _r: setattr(self, "retry_box", None))
        self.retry_box = box
        self.owner = self.ctx.session if self.ctx is not None else None
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setModal(True)
        box.show()

    def _session_changed(self, session) -> None:
        """Another operator at the desk (or nobody): what was offered to the one before is withdrawn."""
        if session is not None and self.ctx.same_operator(self.owner):
            return  # the same operator again (a new language, say): the offer stands
        if self.dialog is not None:
            self.dialog.reject()  # -> cancelled: the buttons are decided for the new session
        if self.retry_box is not None:
            box, self.retry_box = self.retry_box, None
            box.close()
            self.withdrawn = True
        if self.withdrawn and session is not None:
            self.withdrawn = False
            # After the sign-in has finished (its switch of language clears the panels' messages).
            QTimer.singleShot(0, self._say_withdrawn)

    def _say_withdrawn(self) -> None:
        if self.kept is not None:
            self.message.show_error(_("{what} was not printed; the offer to try again was closed when the operator "
                                      "changed. It is kept in {path}: print it again from here if it is still "
                                      "needed.").format(what=self.what, path=self.kept))
        else:
            self.message.show_error(_("{what} was not printed; the offer to try again was closed when the operator "
                                      "changed. Print it again from here if it is still needed.").format(what=self.what))

    def retry(self) -> None:
        """The same document again, to the printer the station names now, for the operator it was offered to."""
        if self.running or self.pdf is None:
            return
        if self.ctx is not None and not self.ctx.same_operator(self.owner):
            self.message.show_error(_("Not tried again: the operator changed since {what} failed to print. "
                                      "Print it again from here if it is still needed.").format(what=self.what))
            return
        self._busy(True)
        self._choose()


def start(kind: str, what: str, build: Callable[[], bytes], parent: QWidget, message,
          buttons: Iterable[QWidget] = (), *, ctx, rules: Callable[[], None] | None, **callbacks) -> PrintJob:
    """Print a document on this station's printer for `kind`; the job is kept on the parent while it runs.

    `ctx`: the app's context (None only where there is no session, e.g. a test's bare preview); `rules`: the
    panel's code that decides the `buttons` for the signed-in operator (None: they have no rule but the job's)."""
    job = PrintJob(kind, what, build, parent, message, buttons, ctx=ctx, rules=rules, **callbacks)
    parent.print_job = job
    job.start()
    return job
