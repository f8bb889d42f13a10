"""The first screen: the register's first rows, painted before the storage layer (SQLAlchemy,
the models) and the window's pages are imported (issue 18: start-up).

For a register file of the current schema, :func:`show_first_rows` reads a screenful with the
standard library (:mod:`app.storage.first_rows`) and shows it in a window shaped like the main
window (its title, size and place, the navigation, the register's table with its columns as
the user left them). The main window takes its place once it is built; it reads the register
as before. A register on a server, a new, older or unreadable file shows no first screen: the
main window opens as before, after the checks and migrations.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QMainWindow,
    QTableView,
    QWidget,
)

from app.i18n import Translator
from app.operations.register_rows import FIRST_ROWS, Filter, MeasureRow
from app.paths import AppPaths
from app.storage.first_rows import first_rows
from app.ui.navigation import Navigation
from app.ui.pages import PAGES, REGISTER_PAGE, saved_page
from app.ui.register.measure_model import COLUMN_WIDTHS, MeasureTableModel
from app.ui.sizing import fit_to_screen


class FirstScreen(QMainWindow):
    """The register's first rows in the main window's shape, until the main window is built."""

    def __init__(self, tr: Translator, rows: list[MeasureRow], settings: QSettings) -> None:
        super().__init__()
        _ = tr.gettext
        self.setWindowTitle(_("IMAG register"))
        nav = Navigation(_("Navigation"))
        for _key, caption in PAGES:
            nav.add_page(_(caption))
        nav.setCurrentRow(REGISTER_PAGE)
        self.model = MeasureTableModel(tr, rows)
        archived = str(settings.value("register/archived", "false")) == "true"
        self.model.set_filter(Filter(show_archived=archived))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Measures"))
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        columns = settings.value("register/columns")
        if columns is None or not self.table.horizontalHeader().restoreState(columns):
            for column, width in enumerate(COLUMN_WIDTHS):
                self.table.setColumnWidth(column, width)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(nav)
        layout.addWidget(self.table, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(_("Loading the register…"))
        geometry = settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            fit_to_screen(self, 1340, 720)


def show_first_rows(tr: Translator, paths: AppPaths) -> FirstScreen | None:
    """Show the register file's first rows at once, painted, where the window opens on the
    register (it was closed there). ``None``: it opens on another page, a register on a
    server, or a file that must be opened the usual way first."""
    if paths.server_url is not None:
        return None
    settings = QSettings(str(paths.config_dir / "ui.ini"), QSettings.Format.IniFormat)
    if saved_page(settings) != REGISTER_PAGE:
        return None  # the window opens on another page: nothing to show before it
    rows = first_rows(paths.register_file, FIRST_ROWS)
    if not rows:
        return None
    screen = FirstScreen(tr, rows, settings)
    screen.show()
    QApplication.processEvents()  # shown and painted before the storage layer is imported
    screen.repaint()
    return screen
