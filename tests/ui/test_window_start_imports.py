"""The window's start imports only what its first screen needs (issue 18: start-up): the
Reports page, the measure editor, the conflict and backups dialogs and the key store load when
first wanted (the round kinds' registry with the overview's figures, on the worker), and the
register's columns are fitted to the rows on screen once the register page shows (hidden, Qt
would measure a thousand rows)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

LATER = (
    "app.ui.reports.reports_screen",
    "app.ui.register.measure_editor",
    "app.ui.register.conflict_dialog",
    "app.ui.safety.backups_dialog",
    "app.ui.safety.backup_list",
    "app.rounds.keys",
    "sqlalchemy.dialects.postgresql",  # a file register's start needs no server dialect
)

OPEN_WINDOW = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from app.i18n import translator
from app.paths import resolve
from app.profile import Profile
from app.storage.register import open_register
from app.ui.main_window import MainWindow

app = QApplication(sys.argv[:1])
paths = resolve(Path(sys.argv[1]))
register = open_register(paths)
window = MainWindow(translator("de"), register, paths, Profile(name="Erika Muster"))
window.show()
"""

SCRIPT = (
    OPEN_WINDOW
    + """
loaded = []
window.loaded.connect(lambda: loaded.append(1))
while not loaded:
    app.processEvents()
print(sorted(name for name in sys.modules if name in sys.argv[2:]))
window.show_page(4)  # Reports: built now
print(type(window.stack.currentWidget()).__name__)
"""
)


def test_the_first_screen_imports_no_later_page(fresh_register: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(fresh_register), *LATER],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    imported, page = done.stdout.strip().splitlines()[-2:]
    assert imported == "[]"
    assert page == "ReportsScreen"


def test_the_register_columns_fit_once_the_page_shows(make_window, qtbot) -> None:
    from app.ui.main_window import REGISTER_PAGE

    window = make_window("de")
    window.show()
    screen = window.register_screen
    assert not screen.table.isVisible()
    assert not screen._fitted  # rows there, the page hidden: not measured yet
    window.show_page(REGISTER_PAGE)
    qtbot.waitUntil(lambda: screen._fitted)


ON_THE_REGISTER = (
    "app.ui.overview.overview_page",
    "app.ui.overview.charts",
    "app.ui.register.bulk_dialog",
    "app.ui.register.export_dialog",
    "app.operations.bulk",
    "app.ui.safety.weekly",
)

SHOWN_SCRIPT = (
    OPEN_WINDOW
    + """
shown = []  # the modules loaded when the first rows are shown (before the rest is done)
window.shown.connect(lambda: shown.append(sorted(n for n in sys.modules if n in sys.argv[2:])))
while not shown:
    app.processEvents()
print(shown[0])
window.show_page(0)  # the Overview: built now
print(type(window.stack.currentWidget()).__name__)
"""
)


def test_a_window_opening_on_the_register_builds_no_other_page(fresh_register: Path) -> None:
    """Closed on the register, the window paints its first rows without the overview's page
    and charts, the bulk change and export dialogs, or the weekly check (after the rows)."""
    settings = fresh_register / "config" / "ui.ini"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text("[window]\npage=1\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", SHOWN_SCRIPT, str(fresh_register), *ON_THE_REGISTER],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    imported, page = done.stdout.strip().splitlines()[-2:]
    assert imported == "[]"
    assert page == "OverviewPage"
