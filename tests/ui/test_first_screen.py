"""The first screen (issue 18: start-up): ``imag`` paints the register file's first rows, or the
overview as last counted, before SQLAlchemy, the models and the window's pages are imported,
with the values the main window shows; the main window then takes its place (its overview page
showing the same until it has counted afresh). A register on a server has none."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from tests.support.rounds_kit import session_of

pytestmark = pytest.mark.gui

SCRIPT = """
import os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import app.ui.first_screen as first_screen

show = first_screen.show_first_screen

def shown(tr, paths):
    screen = show(tr, paths)  # painted when it returns
    rows = 0 if screen is None else (
        screen.model.rowCount() if screen.model is not None else screen.overview.measures
    )
    print("first", screen is not None and screen.isVisible(), rows, "sqlalchemy" in sys.modules)
    def then():  # the event loop runs: the main window is built and shown
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        pages = [str(w.nav.currentRow()) for w in shown if hasattr(w, "register_screen")]
        names = ",".join(sorted(type(w).__name__ for w in shown))
        overview = [w._overview for w in shown if getattr(w, "_overview", None) is not None]
        counts = [str(page.data.measures) for page in overview if page.data is not None]
        print("then", names, "page", ",".join(pages), *counts, flush=True)
        os._exit(0)
    QTimer.singleShot(0, then)
    return screen

first_screen.show_first_screen = shown
sys.argv = ["imag", "--lang", "de", "--data-dir", sys.argv[1]]
from app.cli.main import main
sys.exit(main())
"""


def start(folder: Path) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(folder)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    return done.stdout.splitlines()


def closed_on(folder: Path, page: int) -> None:
    """As if the window had been closed on ``page``."""
    from app.paths import resolve

    settings = QSettings(str(resolve(folder).config_dir / "ui.ini"), QSettings.Format.IniFormat)
    settings.setValue("window/page", page)
    settings.sync()


@pytest.fixture
def demo_folder(demo_dir: Path, tmp_path: Path) -> Path:
    import shutil

    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy2(demo_dir / "register.imag.sqlite", folder / "register.imag.sqlite")
    return folder


def test_the_first_rows_are_painted_without_sqlalchemy(demo_folder: Path) -> None:
    closed_on(demo_folder, 1)  # the register
    assert start(demo_folder) == ["first True 66 False", "then MainWindow page 1"]


@pytest.mark.parametrize("page", [None, 0, 2])
def test_a_window_closed_on_another_page_opens_there_without_a_first_screen(
    demo_folder: Path, page: int | None
) -> None:
    """No register flashing up before the overview (a first start opens on the overview)."""
    if page is not None:
        closed_on(demo_folder, page)
    assert start(demo_folder) == ["first False 0 False", f"then MainWindow page {page or 0}"]


def test_the_overview_as_last_counted_is_painted_without_sqlalchemy(demo_folder: Path) -> None:
    """The window that counted it kept it; the next start shows it at once, and the main
    window's overview page goes on showing it (no empty page) until it has counted afresh."""
    from app.overview import counted

    closed_on(demo_folder, 0)
    with session_of(demo_folder) as session:
        counted(session, demo_folder / "register.imag.sqlite")
    assert start(demo_folder) == ["first True 66 False", "then MainWindow page 0 66"]


def test_an_overview_kept_before_a_change_is_not_shown(demo_folder: Path) -> None:
    from app.overview import counted
    from tests.support.overview_kit import raise_progress

    closed_on(demo_folder, 0)
    with session_of(demo_folder) as session:
        counted(session, demo_folder / "register.imag.sqlite")
    raise_progress(demo_folder, "I", 1)  # a command changed the register since
    assert start(demo_folder) == ["first False 0 False", "then MainWindow page 0"]


def test_the_window_keeps_the_overview_it_counts(qtbot, make_window, demo_copy) -> None:
    from app.overview_cache import recall
    from tests.support.qt import idle

    register_file = demo_copy.register_file
    assert recall(register_file) is None
    window = make_window("de", demo_copy.data_dir)
    window.show()
    window.show_page(0)
    qtbot.waitUntil(lambda: window.overview.data is not None)
    idle(qtbot, window)
    assert recall(register_file) == window.overview.data


def test_a_register_to_be_created_opens_the_usual_way(data_dir: Path) -> None:
    closed_on(data_dir, 1)
    assert start(data_dir) == ["first False 0 False", "then MainWindow page 1"]


def test_the_first_screen_shows_what_the_register_shows(make_window, demo_dir: Path) -> None:
    from app.i18n import translator
    from app.operations.register_view import FIRST_ROWS
    from app.storage.first_rows import first_rows
    from app.ui.first_screen import FirstScreen, register_table

    window = make_window("pl", demo_dir)
    rows = first_rows(demo_dir / "register.imag.sqlite", FIRST_ROWS)
    assert rows is not None
    table, mine = register_table(translator("pl"), rows, QSettings())
    first = FirstScreen(translator("pl"), QSettings(), 1, table)
    theirs = window.register_screen.model
    assert mine.rowCount() == theirs.rowCount() > 0
    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
        for row in range(mine.rowCount()):
            for column in range(mine.columnCount()):
                assert mine.index(row, column).data(role) == theirs.index(row, column).data(role)
    first.close()


def test_a_server_register_has_no_first_screen(qapp, tmp_path: Path) -> None:
    from app.i18n import translator
    from app.paths import resolve
    from app.ui.first_screen import show_first_screen

    paths = resolve(tmp_path, database="postgresql://imag@localhost/imag")
    assert show_first_screen(translator("de"), paths) is None


def test_the_window_keeps_the_page_it_is_closed_on(make_window, demo_dir: Path) -> None:
    from app.ui.pages import saved_page

    window = make_window("de", demo_dir)
    window.show_page(3)
    window.close()
    assert saved_page(window.settings) == 3
