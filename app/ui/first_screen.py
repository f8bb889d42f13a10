"""The first screen: the page the window opens on, painted before the storage layer
(SQLAlchemy, the models) and the window's pages are imported (issue 18: start-up).

For a register file of the current schema, :func:`show_first_screen` shows, in a window shaped
like the main window (its title, size and place, the navigation):
- on the register, its first rows, read with the standard library
  (:mod:`app.storage.first_rows`), in the register's table with its columns as the user left
  them;
- on the overview, the overview as last counted, if the register has not changed since
  (:mod:`app.overview_cache`); it says the day it was counted.
The main window takes its place once it is built; it reads the register as before (and the
overview page shows the one painted until it has counted afresh). On another page, for a
register on a server, a new, older or unreadable file, or an overview not kept or kept of an
earlier state of the file, there is no first screen: the main window opens as before, after
the checks and migrations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
from app.ui.pages import MENUS, OVERVIEW_PAGE, PAGES, REGISTER_PAGE, saved_page
from app.ui.register.measure_model import COLUMN_WIDTHS, MeasureTableModel
from app.ui.sizing import fit_to_screen

if TYPE_CHECKING:
    from app.overview_data import Overview


class FirstScreen(QMainWindow):
    """The page the window opens on (``page``, showing ``content``) in the main window's shape,
    until the main window is built."""

    def __init__(self, tr: Translator, settings: QSettings, page: int, content: QWidget) -> None:
        super().__init__()
        _ = tr.gettext
        self.setWindowTitle(_("IMAG register"))
        nav = Navigation(_("Navigation"))
        for _key, caption in PAGES:
            nav.add_page(_(caption))
        for caption in MENUS:  # their titles, where the window's menus will be (empty until then)
            self.menuBar().addMenu(_(caption))
        nav.setCurrentRow(page)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(nav)
        layout.addWidget(content, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(_("Loading the register…"))
        geometry = settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            fit_to_screen(self, 1340, 720)
        self.overview: Overview | None = None  # the overview shown, for the window to go on with
        self.model: MeasureTableModel | None = None  # the register's first rows shown


def register_table(
    tr: Translator, rows: list[MeasureRow], settings: QSettings
) -> tuple[QTableView, MeasureTableModel]:
    """The register's table of ``rows`` as the user left it (columns, archived shown)."""
    _ = tr.gettext
    model = MeasureTableModel(tr, rows)
    archived = str(settings.value("register/archived", "false")) == "true"
    model.set_filter(Filter(show_archived=archived))
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(_("Measures"))
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(24)
    table.setWordWrap(False)
    columns = settings.value("register/columns")
    if columns is None or not table.horizontalHeader().restoreState(columns):
        for column, width in enumerate(COLUMN_WIDTHS):
            table.setColumnWidth(column, width)
    return table, model


def show_first_screen(tr: Translator, paths: AppPaths) -> FirstScreen | None:
    """Show the page the window opens on at once, painted: the register file's first rows, or
    the overview as last counted. ``None``: nothing to show before the main window (another
    page, a register on a server, or a file that must be opened the usual way first)."""
    if paths.server_url is not None:
        return None
    settings = QSettings(str(paths.config_dir / "ui.ini"), QSettings.Format.IniFormat)
    page = saved_page(settings)
    if page == REGISTER_PAGE:
        rows = first_rows(paths.register_file, FIRST_ROWS)
        if not rows:
            return None
        table, model = register_table(tr, rows, settings)
        screen = FirstScreen(tr, settings, page, table)
        screen.model = model
    elif page == OVERVIEW_PAGE:
        from app import overview_cache  # the overview's parts: not on the register's way
        from app.ui.overview.overview_page import OverviewPage

        data = overview_cache.recall(paths.register_file)
        if data is None:
            return None
        overview = OverviewPage(tr, None)
        overview.set_data(data)  # it counts nothing (no worker): the main window's page does
        screen = FirstScreen(tr, settings, page, overview)
        screen.overview = data
    else:
        return None  # the window opens on another page: nothing to show before it
    screen.show()
    QApplication.processEvents()  # shown and painted before the storage layer is imported
    screen.repaint()
    return screen
