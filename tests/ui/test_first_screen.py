"""The first screen (issue 18: start-up): ``imag`` paints the register file's first rows before
SQLAlchemy, the models and the window's pages are imported, with the values the main window's
register shows; the main window then takes its place. A register on a server has none."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

pytestmark = pytest.mark.gui

SCRIPT = """
import os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import app.ui.first_screen as first_screen

show = first_screen.show_first_rows

def shown(tr, paths):
    screen = show(tr, paths)  # painted when it returns
    rows = screen.model.rowCount() if screen is not None else 0
    print("first", screen is not None and screen.isVisible(), rows, "sqlalchemy" in sys.modules)
    def then():  # the event loop runs: the main window is built and shown
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        pages = [str(w.nav.currentRow()) for w in shown if hasattr(w, "register_screen")]
        names = ",".join(sorted(type(w).__name__ for w in shown))
        print("then", names, "page", ",".join(pages), flush=True)
        os._exit(0)
    QTimer.singleShot(0, then)
    return screen

first_screen.show_first_rows = shown
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


def test_a_register_to_be_created_opens_the_usual_way(data_dir: Path) -> None:
    closed_on(data_dir, 1)
    assert start(data_dir) == ["first False 0 False", "then MainWindow page 1"]


def test_the_first_screen_shows_what_the_register_shows(make_window, demo_dir: Path) -> None:
    from app.i18n import translator
    from app.operations.register_view import FIRST_ROWS
    from app.storage.first_rows import first_rows
    from app.ui.first_screen import FirstScreen

    window = make_window("pl", demo_dir)
    rows = first_rows(demo_dir / "register.imag.sqlite", FIRST_ROWS)
    assert rows is not None
    first = FirstScreen(translator("pl"), rows, QSettings())
    mine, theirs = first.model, window.register_screen.model
    assert mine.rowCount() == theirs.rowCount() > 0
    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
        for row in range(mine.rowCount()):
            for column in range(mine.columnCount()):
                assert mine.index(row, column).data(role) == theirs.index(row, column).data(role)
    first.close()


def test_a_server_register_has_no_first_screen(qapp, tmp_path: Path) -> None:
    from app.i18n import translator
    from app.paths import resolve
    from app.ui.first_screen import show_first_rows

    paths = resolve(tmp_path, database="postgresql://imag@localhost/imag")
    assert show_first_rows(translator("de"), paths) is None


def test_the_window_keeps_the_page_it_is_closed_on(make_window, demo_dir: Path) -> None:
    from app.ui.pages import saved_page

    window = make_window("de", demo_dir)
    window.show_page(3)
    window.close()
    assert saved_page(window.settings) == 3
