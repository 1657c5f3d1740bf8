"""Print preview of a PDF the core made: its pages as they will print, then Print (the station's printer) or Save."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPixmap
from PySide6.QtWidgets import (QDialogButtonBox, QFileDialog, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget)

from hotel_phone.i18n import N_, _, ngettext
from hotel_phone.ui import printing, worker
from hotel_phone.ui.common import MessageLabel, RememberingDialog, error_text
from hotel_phone.ui.printing import render_pages

__all__ = ["PreviewDialog", "render_pages"]


class PreviewDialog(RememberingDialog):
    """Pages as they will print; Print sends them to the station's printer for this kind, Save keeps the PDF."""

    settings_key = "preview"

    def __init__(self, title: str | Callable[[], str], pdf: bytes, pages: list[QImage], suggested_name: str,
                 parent: QWidget | None = None, kind: str = "registers", ctx=None):
        super().__init__(parent)
        self.ctx = ctx  # the app's context: a print from here acts for whoever is signed in when it ends
        if ctx is not None:
            self.owner = ctx.session
            ctx.session_changed.connect(self._session_changed)
        self.pdf = pdf
        self.kind = kind
        self.title_text = title
        self.print_job = None
        self.suggested_name = suggested_name
        # A title given as a function follows a switch; a plain one (already in the operator's words) stays.
        self.word(self.setWindowTitle, title if callable(title) else (lambda: title))
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
        self.count = QLabel()
        self.word(self.count.setText, lambda: ngettext("{n} page", "{n} pages", len(pages)).format(n=len(pages)))
        self.message = MessageLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.word(self.buttons.button(QDialogButtonBox.StandardButton.Close).setText, N_("Close"))
        self.print_button, self.save_button = QPushButton(), QPushButton()
        self.word(self.print_button.setText, N_("Print…"))
        self.word(self.save_button.setText, N_("Save PDF…"))
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

    def _session_changed(self, _session) -> None:
        """A guest's folio or a report stays with the operator who opened it: a sign-out or the next operator
        closes it (the same operator in another language keeps it)."""
        if not self.ctx.same_operator(self.owner):
            self.reject()

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
        pdf = self.pdf
        title = self.title_text() if callable(self.title_text) else self.title_text
        printing.start(self.kind, title, lambda: pdf, self, self.message, [self.print_button], ctx=self.ctx,
                       rules=None)

    def save(self, path: str | None = None) -> None:
        if not path:
            path, _filter = QFileDialog.getSaveFileName(self, _("Save PDF"), self.suggested_name,
                                                        _("PDF files (*.pdf)"))
            if not path:
                return
        try:
            Path(path).write_bytes(self.pdf)
        except OSError as exc:
            self.message.show_error(lambda reason=exc.strerror: _("Cannot write {path}: {reason}").format(
                path=path, reason=reason))
            return
        self.message.show_info(lambda: _("Saved to {path}.").format(path=path))


def save_and_preview(panel: QWidget, message: MessageLabel, button: QWidget | None, title: str | Callable[[], str],
                     save: Callable[[], tuple[Path, bytes]], on_saved: Callable[[Path], None],
                     kind: str = "registers", *, rules: Callable[[], None] | None) -> None:
    """A report's files written off the GUI thread, then shown with Print (the station's printer for `kind`).

    `save` runs on a worker thread and returns the PDF's path and bytes; `on_saved`
    runs on the GUI thread before the preview opens. The button is held meanwhile,
    then the panel's `rules` decide it for whoever is signed in by then
    (worker.release). The preview opens only for the operator who asked for it."""
    ctx = panel.ctx
    asked_by = ctx.session

    def work():
        path, pdf = save()
        return path, pdf, render_pages(pdf)

    def done(result) -> None:
        path, pdf, pages = result
        on_saved(path)
        if not ctx.same_operator(asked_by):
            message.show_info(_("{title}: saved to {path}; not shown, since the operator changed.").format(
                title=title() if callable(title) else title, path=path))
            return
        panel.preview = PreviewDialog(title, pdf, pages, path.name, panel, kind=kind, ctx=ctx)
        panel.preview.open()

    def failed(exc: Exception) -> None:
        message.show_error(error_text(exc))

    worker.run_guarded(work, done, failed, [button] if button is not None else [], rules=rules)
