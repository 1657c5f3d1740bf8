"""What the heartbeat finds, shown plainly: the server away, a failed backup check, a database replaced.

Two marks in the status bar (each shown only while true) and, when a restore
replaced the database file under this station, a dialog that tells the
operator to restart; the window then takes no more work (the core refuses
every write to a replaced file already).
"""

from __future__ import annotations

from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QWidget

from hotel_phone import backup, db
from hotel_phone.i18n import _
from hotel_phone.ui.context import AppContext
from hotel_phone.ui.heartbeat import Heartbeat
from hotel_phone.ui.language import hub

_ALARM = "color: #b00020;"  # bold through the font, so the label's size counts it


class StatusMarks:
    def __init__(self, ctx: AppContext, heartbeat: Heartbeat, window: QMainWindow):
        self.ctx = ctx
        self.window = window
        self.server_label = QLabel()  # only while the hotel's database server does not answer
        self.server_label.setObjectName("serverLabel")
        self.backup_label = QLabel()  # only for who may see the backups' checks, only when the last one failed
        self.backup_label.setObjectName("backupLabel")
        for label in (self.server_label, self.backup_label):
            label.setStyleSheet(_ALARM)
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            label.hide()
        # First in the bar and never cut: the counters after them give way on a narrow screen.
        window.statusBar().insertWidget(0, self.backup_label)
        window.statusBar().insertWidget(0, self.server_label)
        self.replaced_box: QMessageBox | None = None
        heartbeat.server_away.connect(self.server_label.setVisible)
        heartbeat.backup_finished.connect(self.show_backup_state)
        heartbeat.database_replaced.connect(self.database_replaced)
        ctx.session_changed.connect(lambda _s: self.show_backup_state())
        hub().language_changed.connect(self.retranslate)
        self.retranslate()

    def close(self) -> None:
        hub().language_changed.disconnect(self.retranslate)

    def retranslate(self, *_args) -> None:
        self.server_label.setText(_("Database server unreachable — retrying"))
        self.show_backup_state()
        for label in (self.server_label, self.backup_label):  # whole words: the counters beside them give way
            label.setMinimumWidth(label.sizeHint().width())
        if self.replaced_box is not None:
            self.replaced_box.setWindowTitle(_("Database replaced — restart"))
            self.replaced_box.setText(_(db.REPLACED))

    def show_backup_state(self) -> None:
        failure = backup.last_failure() if self.ctx.may("backup.checks") else None
        self.backup_label.setText(_("Backup check failed") if failure else "")
        self.backup_label.setToolTip(failure.message() if failure else "")
        self.backup_label.setVisible(failure is not None)

    def database_replaced(self) -> None:
        """Another process restored a backup in place of our file: say so, and take no more work here."""
        w = self.window
        w.centralWidget().setEnabled(False)
        w.menuBar().setEnabled(False)
        for child in w.findChildren(QShortcut):
            child.setEnabled(False)
        for action in QWidget.actions(w):  # the window's `actions` attribute is the registry's dict
            action.setEnabled(False)
        for alert in self.ctx.floating_alerts:
            alert.setEnabled(False)
        self.replaced_box = QMessageBox(QMessageBox.Icon.Critical, "", "", QMessageBox.StandardButton.Ok, w)
        self.replaced_box.setObjectName("databaseReplaced")
        self.retranslate()
        self.replaced_box.open()
