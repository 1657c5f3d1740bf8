"""Print preview and printing of a PDF the core made: pages rendered by PDFium, printed through Qt."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (QDialogButtonBox, QFileDialog, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget)

from hotel_phone.i18n import _, ngettext
from hotel_phone.ui.common import MessageLabel, RememberingDialog


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
    dpi = min(printer.resolution(), 300)
    pages = render_pages(pdf, dpi)
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


class PreviewDialog(RememberingDialog):
    """Pages as they will print; Print sends them to the station's printer for this kind, Save keeps the PDF."""

    settings_key = "preview"

    def __init__(self, title: str, pdf: bytes, pages: list[QImage], suggested_name: str,
                 parent: QWidget | None = None, kind: str = "registers"):
        super().__init__(parent)
        self.pdf = pdf
        self.kind = kind
        self.title_text = title
        self.print_job = None
        self.suggested_name = suggested_name
        self.setWindowTitle(title)
        self.pages = QWidget()
        column = QVBoxLayout(self.pages)
        for image in pages:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setStyleSheet("background: white; border: 1px solid #999;")
            column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.pages)
        scroll.setWidgetResizable(True)
        self.count = QLabel(ngettext("{n} page", "{n} pages", len(pages)).format(n=len(pages)))
        self.message = MessageLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        self.print_button = QPushButton(_("Print…"))
        self.save_button = QPushButton(_("Save PDF…"))
        self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        # clicked(bool) must not land in a parameter: each button gets a slot without one.
        self.print_button.clicked.connect(lambda _checked=False: self.print_())
        self.save_button.clicked.connect(lambda _checked=False: self.save())
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        if not self.geometry_restored:
            self.resize(860, 900)
        self.fit_screen()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.fit_screen()  # again once shown, with the window frame known

    def fit_screen(self) -> None:
        """At most the screen's free area (1366×768 at the front desk): the buttons stay in reach."""
        screen = (self.parentWidget().screen() if self.parentWidget() else None) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        frame_w = self.frameGeometry().width() - self.geometry().width()  # the window frame, where there is one
        frame_h = self.frameGeometry().height() - self.geometry().height()
        width = min(self.width(), area.width() - 40 - frame_w)
        height = min(self.height(), area.height() - 40 - frame_h)
        if (width, height) != (self.width(), self.height()) or not area.contains(self.frameGeometry()):
            self.resize(width, height)
            self.move(area.x() + (area.width() - width - frame_w) // 2,
                      area.y() + (area.height() - height - frame_h) // 2)

    def print_(self) -> None:
        """On this station's printer for the kind (the system dialog when it says "ask every time")."""
        from hotel_phone.ui import printing

        pdf = self.pdf
        printing.start(self.kind, self.title_text, lambda: pdf, self, self.message, [self.print_button])

    def save(self, path: str | None = None) -> None:
        if not path:
            path, _filter = QFileDialog.getSaveFileName(self, _("Save PDF"), self.suggested_name,
                                                        _("PDF files (*.pdf)"))
            if not path:
                return
        try:
            Path(path).write_bytes(self.pdf)
        except OSError as exc:
            self.message.show_error(_("Cannot write {path}: {reason}").format(path=path, reason=exc.strerror))
            return
        self.message.show_info(_("Saved to {path}.").format(path=path))
