"""The station's printers: one per kind of document, printing off the GUI thread.

A desk has a small printer for message slips and a laser for folios; which
printer and paper each kind uses is a setting of this PC (QSettings), with
"ask every time" as the default. The PDF the core made is rendered and sent on
a worker thread (QPainter may paint on a QPrinter outside the GUI thread); a
failure keeps the document in the data folder for a retry and says why.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QWidget

from hotel_phone import paths
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


def printer_for(kind: str, parent: QWidget | None) -> QPrinter | None:
    """A printer set up for this kind of document, or None when the operator cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(PAPERS[paper_choice(kind)]))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setDocName(_(KINDS[kind].label))
    choice = printer_choice(kind)
    if choice.startswith(PDF_PREFIX):
        folder = Path(choice[len(PDF_PREFIX):])
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass  # the printer will not open: reported as a failed print, the document kept
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(folder / f"{kind}-{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**6}.pdf"))
        return printer
    if choice != ASK and choice in system_printers():
        printer.setPrinterName(choice)
        return printer
    # Ask every time, or the chosen printer is gone from this PC: the operator picks one.
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print {what}").format(what=_(KINDS[kind].label)))
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return None
    return printer


def keep_unprinted(kind: str, pdf: bytes) -> Path:
    """The document, kept for a retry after a failed print."""
    folder = paths.data_dir() / "unprinted"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{kind}-{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**6}.pdf"
    path.write_bytes(pdf)
    return path


def _reason(exc: Exception) -> str:
    if isinstance(exc, PrinterUnavailable):
        return _("the printer could not be opened (switched off, out of paper, or not connected?)")
    return _("the printer reported an error")


class PrinterUnavailable(OSError):
    pass


def send(pdf: bytes, printer: QPrinter) -> None:
    """Render each page at the printer's resolution and paint it (runs on a worker thread)."""
    from hotel_phone.ui.preview import print_pdf

    try:
        print_pdf(pdf, printer)
    except OSError as exc:  # QPainter.begin failed: the printer could not be opened
        raise PrinterUnavailable() from exc


def print_document(kind: str, pdf: bytes, parent: QWidget | None,
                   on_printed: Callable[[], None], on_failed: Callable[[str, Path], None],
                   printer: QPrinter | None = None) -> bool:
    """Print a PDF on this station's printer for `kind`; False when the operator cancelled.

    `on_printed` runs on the GUI thread after the last page went to the printer;
    `on_failed(reason, kept_path)` after a failure, with the document kept for a retry.
    """
    printer = printer if printer is not None else printer_for(kind, parent)
    if printer is None:
        return False

    def failed(exc: Exception) -> None:
        on_failed(_reason(exc), keep_unprinted(kind, pdf))

    worker.run(lambda: send(pdf, printer), lambda _result: on_printed(), failed)
    return True
