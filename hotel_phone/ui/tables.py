"""Read-only tables of core rows: one model and one view setup for every panel."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLayout, QStyledItemDelegate,
                               QTableView, QVBoxLayout, QWidget)

from hotel_phone.i18n import _
from hotel_phone.ui.flow import FlowLayout


class RowTableModel(QAbstractTableModel):
    """Rows are core dataclasses; a subclass says how each cell reads (`cells`) and may style it (`style`)."""

    columns: tuple[str, ...] = ()  # N_() labels

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list = []
        self._cells: dict[int, tuple] = {}  # each row's text, made once: Qt asks for cells very often

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self.rows = rows
        self._cells = {}
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(self.columns[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            cells = self._cells.get(index.row())
            if cells is None:
                cells = self._cells[index.row()] = self.cells(row)
            return cells[index.column()]
        return self.style(row, index.column(), role)

    def cells(self, row) -> tuple:
        raise NotImplementedError

    def style(self, row, column: int, role):
        return None

    def retranslate(self) -> None:
        shown = bool(self._cells)  # no cell's text asked for yet: the view holds nothing in the old words
        self._cells = {}
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self.rows and shown:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1))


class SizeOnceDelegate(QStyledItemDelegate):
    """Each cell's size measured once per change of the rows, not at every pass of the view.

    Columns sized to their contents make Qt measure the first 60 rows again at every resize of the
    window: at start six passes of eight data() calls a cell, each into Python (~0.1 s of the register's
    first paint). The size is the same until the rows, the words or the column's width change."""

    def __init__(self, model: RowTableModel, parent=None):
        super().__init__(parent)
        self._sizes: dict[tuple[int, int, int], object] = {}
        for signal in (model.modelReset, model.dataChanged, model.layoutChanged, model.rowsInserted,
                       model.rowsRemoved, model.headerDataChanged):
            signal.connect(self._forget)

    def _forget(self, *_args) -> None:
        self._sizes.clear()

    def sizeHint(self, option, index):
        key = (index.row(), index.column(), option.rect.width())  # wrapped text: its height follows the width
        size = self._sizes.get(key)
        if size is None:
            size = self._sizes[key] = super().sizeHint(option, index)
        return size


def make_table(model: RowTableModel, name: str = "", view: QTableView | None = None) -> QTableView:
    """A table for picking one row with the keyboard; cells are never edited in place (`view`: a subclass's)."""
    table = view if view is not None else QTableView()
    if name:
        table.setObjectName(name)
    table.setModel(model)
    table.setItemDelegate(SizeOnceDelegate(model, table))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move within it
    table.setWordWrap(True)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setResizeContentsPrecision(60)  # size columns from the first rows, not all
    table.horizontalHeader().setStretchLastSection(True)
    return table


def wrap_long_text(table: QTableView) -> None:
    """Columns share the width and long phrases wrap onto more lines: nothing is cut at 1366x768."""
    table.setWordWrap(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)


def selected_row(table: QTableView, model: RowTableModel):
    rows = table.selectionModel().selectedRows() if table.selectionModel() else []
    return model.rows[rows[0].row()] if rows else None


def table_panel(panel: QWidget, top: list, table: QTableView, message: QWidget, buttons: list) -> None:
    """The usual panel: filters on top (None: a stretch; (widget, n): stretched n), the table, a message
    line, buttons beneath (wrapping onto a second line on a narrow screen)."""
    top_row, bar = QHBoxLayout(), FlowLayout()
    for w in top:
        if w is None:
            top_row.addStretch(1)
        elif isinstance(w, tuple):
            top_row.addLayout(w[0], w[1]) if isinstance(w[0], QLayout) else top_row.addWidget(w[0], w[1])
        else:
            top_row.addWidget(w)
    for b in buttons:
        bar.addWidget(b)
    layout = QVBoxLayout(panel)
    layout.addLayout(top_row)
    layout.addWidget(table, 1)
    layout.addWidget(message)
    layout.addLayout(bar)
