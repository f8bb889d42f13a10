"""Shared fixtures: every test gets its own data folder, profile and environment, offscreen Qt.
Plain helper functions and builders are in ``tests/support/``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.postgres import TemporaryCluster, cluster_or_skip
from tests.support.project import Result, isolate, isolated

if TYPE_CHECKING:
    from app.paths import AppPaths
    from app.ui.main_window import MainWindow

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch, tmp_path / "home")


@pytest.fixture(scope="session")
def postgres() -> Iterator[TemporaryCluster]:
    """One temporary PostgreSQL server for the whole session (see tests/support/postgres.py)."""
    cluster = cluster_or_skip()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def register_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """``--database`` for a register that does not exist yet: a file, or an empty database on
    the session's PostgreSQL server. Tests taking it run on both backends."""
    if request.param == "sqlite":
        return str(tmp_path / "shared.imag.sqlite")
    cluster: TemporaryCluster = request.getfixturevalue("postgres")
    return cluster.new_database()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    """Run ``imag`` in-process: ``cli("--data-dir", d, "db", "check")``."""
    from app.cli.main import main

    def run(*args: object) -> Result:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def fresh_register(data_dir: Path) -> Path:
    """A data folder holding a freshly created register (closed again)."""
    from app.paths import resolve
    from app.storage.register import open_register

    open_register(resolve(data_dir)).close()
    return data_dir


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo register, made once per test module."""
    from app.demo import create_demo
    from app.paths import resolve

    folder = tmp_path_factory.mktemp("demo")
    with isolated(tmp_path_factory.mktemp("demo-home") / "home"):
        create_demo(resolve(folder)).close()
    return folder


@pytest.fixture
def demo_copy(demo_dir: Path, tmp_path: Path) -> AppPaths:
    """A private copy of the demo register, to change."""
    import shutil

    from app.paths import resolve

    folder = tmp_path / "demo-copy"
    folder.mkdir()
    shutil.copy2(demo_dir / "register.imag.sqlite", folder / "register.imag.sqlite")
    return resolve(folder)


@pytest.fixture
def make_window(qtbot, fresh_register: Path):
    """``make_window(lang, folder)``: a main window on a register; closed after the test."""
    registers = []

    def make(lang: str = "de", folder: Path = fresh_register) -> MainWindow:
        from app.i18n import translator
        from app.paths import resolve
        from app.profile import Profile
        from app.storage.register import open_register
        from app.ui.main_window import MainWindow
        from tests.support.qt import wait

        paths = resolve(folder)
        register = open_register(paths)
        registers.append(register)
        window = MainWindow(translator(lang), register, paths, Profile(name="Erika Muster"))
        qtbot.addWidget(window)
        wait(qtbot, window)
        return window

    yield make
    for register in registers:
        register.close()


@pytest.fixture
def qt_language(qapp):
    """Qt's own texts (standard buttons) in the language under test, as the program loads them."""
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication

    from app.ui import qt_setup

    before = QLocale()

    def install(lang: str) -> None:
        qt_setup.install_qt_translations(qapp, lang)

    yield install
    for old in qt_setup._translators:
        QApplication.removeTranslator(old)
    qt_setup._translators.clear()
    QLocale.setDefault(before)


@pytest.fixture(autouse=True)
def _no_hanging_modal_box(request: pytest.FixtureRequest) -> Iterator[None]:
    """In a test using Qt, a modal box left unanswered is closed and fails the test (see
    tests/support/modal_guard.py) instead of hanging the run."""
    if "qtbot" not in request.fixturenames and request.node.get_closest_marker("gui") is None:
        yield
        return
    request.getfixturevalue("qapp")
    from tests.support.modal_guard import ModalGuard

    guard = ModalGuard()
    yield
    left_open = guard.stop()
    if left_open:
        pytest.fail("modal box left unanswered: " + "; ".join(left_open), pytrace=False)
