"""The main window: the register's measures and a status bar naming the file (and "Demo")."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHeaderView, QLabel, QMainWindow, QTableView

from app.i18n import Translator
from app.ui.measure_model import MeasureTableModel


class MainWindow(QMainWindow):
    def __init__(
        self, tr: Translator, records: list[dict[str, Any]], *, register_path: str, demo: bool
    ) -> None:
        super().__init__()
        _ = tr.gettext
        title = _("IMAG register")
        self.setWindowTitle(f"{title} – {_('Demo')}" if demo else title)
        self.model = MeasureTableModel(tr, records)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Measures"))
        self.table.setSortingEnabled(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnsToContents()
        self.setCentralWidget(self.table)
        self.file_label = QLabel(_("Register: {path}").format(path=register_path))
        self.file_label.setAccessibleName(_("Register file"))
        self.statusBar().addWidget(self.file_label, 1)
        if demo:
            marker = QLabel(_("DEMO – invented values"))
            marker.setAccessibleName(_("Demo register"))
            marker.setStyleSheet("color: white; background: #c62828; padding: 2px 8px;")
            self.statusBar().addPermanentWidget(marker)
        self.resize(1200, 720)
