"""File → Printers of this station: which printer and paper each kind of document uses."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QVBoxLayout, QWidget)

from hotel_phone.i18n import N_, _
from hotel_phone.ui import printing
from hotel_phone.ui.common import MessageLabel, RememberingDialog


class PrintersDialog(RememberingDialog):
    settings_key = "printers_dialog"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.word(self.setWindowTitle, N_("Printers of this station"))
        self.printers: dict[str, QComboBox] = {}
        self.papers: dict[str, QComboBox] = {}
        form = QFormLayout()
        system = printing.system_printers()
        for kind, spec in printing.KINDS.items():
            printer = QComboBox()
            printer.setObjectName(f"printer_{kind}")
            self.word_items(printer, ((printing.ASK, N_("Ask every time")),))
            for name in system:
                printer.addItem(name, name)
            chosen = printing.printer_choice(kind)
            if chosen.startswith(printing.PDF_PREFIX):
                self.word_items(printer, ((chosen, lambda folder=chosen[len(printing.PDF_PREFIX):]:
                                           _("PDF files in {folder}").format(folder=folder)),))
            self.word_items(printer, (("choose-folder", N_("PDF files in a folder…")),))
            index = printer.findData(chosen)
            printer.setCurrentIndex(max(0, index))
            printer.activated.connect(lambda _i, k=kind: self._maybe_choose_folder(k))
            paper = QComboBox()
            paper.setObjectName(f"paper_{kind}")
            for name in printing.PAPERS:
                paper.addItem(name, name)
            paper.setCurrentIndex(paper.findData(printing.paper_choice(kind)))
            row = QHBoxLayout()
            row.addWidget(printer, 1)
            row.addWidget(paper)
            label = QLabel()
            self.word(label.setText, spec.label)
            form.addRow(label, row)
            self.printers[kind], self.papers[kind] = printer, paper
        self.message = MessageLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.word(buttons.button(QDialogButtonBox.StandardButton.Save).setText, N_("Save"))
        self.word(buttons.button(QDialogButtonBox.StandardButton.Cancel).setText, N_("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _maybe_choose_folder(self, kind: str) -> None:
        combo = self.printers[kind]
        if combo.currentData() != "choose-folder":
            return
        folder = QFileDialog.getExistingDirectory(self, _("Folder for the PDF files"))
        if not folder:
            combo.setCurrentIndex(0)
            return
        value = printing.PDF_PREFIX + folder
        combo.insertItem(combo.count() - 1, "", value)
        # (the folder's item before "a folder…": that one's words move with it, by its data, not its index)
        self.word(lambda text, c=combo, v=value: c.setItemText(c.findData(v), text),
                  lambda: _("PDF files in {folder}").format(folder=folder))
        combo.setCurrentIndex(combo.findData(value))

    def save(self) -> None:
        for kind in printing.KINDS:
            printer = self.printers[kind].currentData()
            if printer == "choose-folder":
                printer = printing.ASK
            printing.choose(kind, printer, self.papers[kind].currentData())
        self.accept()
