"""The world clock: the hotel's chosen cities against Beijing time; type a city or a number."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from hotel_phone import i18n, worldclock
from hotel_phone.errors import DomainError
from hotel_phone.i18n import N_, _
from hotel_phone.ui.common import MessageLabel, error_text
from hotel_phone.ui.tables import RowTableModel, make_table

COLUMNS = (N_("City"), N_("Local time"), N_("Date"), N_("From Beijing"), N_("Time zone"))


class ClockModel(RowTableModel):
    columns = COLUMNS

    def cells(self, c: worldclock.CityTime) -> tuple:
        name = c.name_zh if i18n.current_language() == "zh_CN" else c.name_en
        night = " ☾" if c.night else ""
        return (name, c.local.strftime("%H:%M") + night, i18n.format_date(c.local.date()),
                worldclock.difference_text(c.hours_from_beijing), c.zone)

    def style(self, c, column, role):
        if role == Qt.ItemDataRole.ForegroundRole and c.night:
            return QColor("#5c6bc0")
        return None


class WorldClockPanel(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.query = QLineEdit()
        self.query.setObjectName("cityQuery")
        self.found_model = ClockModel(self)
        self.found = make_table(self.found_model, "found")
        self.found.setMaximumHeight(90)
        self.model = ClockModel(self)
        self.table = make_table(self.model, "clocks")
        self.message = MessageLabel()
        self.query_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.query_label)
        top.addWidget(self.query, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.found)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        self.query.textChanged.connect(self.lookup)
        self.retranslate()

    TITLE = N_("World clock")

    def title(self) -> str:
        return _(self.TITLE)

    def actions(self) -> dict:
        return {"clock.show": self.query.setFocus}

    def retranslate(self) -> None:
        self.query_label.setText(_("City or phone number"))
        self.query.setPlaceholderText(_("e.g. London, 伦敦, +1 212 555 1234"))
        self.found_model.retranslate()
        self.model.retranslate()
        self.tick()

    def refresh(self) -> None:
        self.tick()

    def tick(self) -> None:
        self.model.set_rows(worldclock.clocks())

    def lookup(self) -> None:
        try:
            rows = worldclock.lookup(self.query.text())
        except DomainError as exc:
            self.message.show_error(error_text(exc))
            rows = []
        else:
            self.message.clear_message()
        self.found_model.set_rows(rows)
