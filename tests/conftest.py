"""Shared fixtures: every test gets its own data folder, profile and environment, offscreen Qt."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    from app.paths import AppPaths
    from app.ui.main_window import MainWindow

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def seed_file() -> Path:
    """The strategy text: ``../shared/seeds/000_*.txt``."""
    found = sorted((SHARED / "seeds").glob("000_*.txt"))
    if not found:
        pytest.fail(f"the strategy seed text is missing under {SHARED / 'seeds'}")
    return found[0]


def load_translation_tool():
    """``packaging/translations.py`` as a module (``packaging`` is not a package: the name is
    taken by the PyPI library of that name)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "imag_translations", ROOT / "packaging" / "translations.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def isolate(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    """The environment every test runs in: its own home, no language or data folder set."""
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    for name in (
        "IMAG_DATA_DIR",
        "IMAG_PORTABLE",
        "IMAG_LANG",
        "LANGUAGE",
        "LC_ALL",
        "LC_MESSAGES",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch, tmp_path / "home")


@contextlib.contextmanager
def isolated(home: Path) -> Iterator[None]:
    """The same environment for set-up shared by a module's tests: a module-scoped fixture runs
    before the per-test one above."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        isolate(monkeypatch, home)
        yield


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@dataclass
class Result:
    code: int
    out: str
    err: str


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


def run_imag(
    *args: object, env: dict[str, str] | None = None, user: int | None = None, timeout: float = 120
) -> Result:
    """Run ``python -m app`` in a separate process, as a user would."""
    environment = {**os.environ, **(env or {})}
    process = subprocess.run(
        [sys.executable, "-m", "app", *[str(a) for a in args]],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=environment,
        timeout=timeout,
        user=user,
        check=False,
    )
    return Result(process.returncode, process.stdout, process.stderr)


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


def wait(qtbot, window: MainWindow) -> None:
    """Until the window has loaded the register and its worker is idle."""
    qtbot.waitUntil(lambda: window.worker.idle and window.vocabulary is not None, timeout=10000)


def wait_for_focus(qtbot, widget: QWidget, timeout: int = 5000) -> None:
    """Until ``widget`` has the keyboard focus: a window may move it only with the next turn of
    its event loop, so the focus is never read right after a key or ``setFocus``."""
    from PySide6.QtWidgets import QApplication

    def has_it() -> None:
        focused = QApplication.focusWidget()
        assert focused is widget, f"the focus is on {focused!r}, not on {widget!r}"

    qtbot.waitUntil(has_it, timeout=timeout)


def activate(qtbot, widget: QWidget) -> None:
    """Until the window of ``widget`` is the active one. A progress dialog of the window's worker
    (shown when a job takes longer than 0.6 s, as on a busy machine) takes the activation, and
    the offscreen platform does not give it back when the dialog closes."""
    window = widget.window()
    if not window.isActiveWindow():
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5000)


def focus_on(qtbot, widget: QWidget) -> None:
    """Give ``widget`` the keyboard focus, and wait until it has it."""
    activate(qtbot, widget)
    widget.setFocus()
    wait_for_focus(qtbot, widget)


def press_to(qtbot, widget: QWidget, key: Qt.Key | None = None) -> None:
    """Press Tab (or ``key``) on the widget with the focus, and wait until ``widget`` has it."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    current = QApplication.focusWidget()
    assert current is not None, "nothing has the keyboard focus"
    qtbot.keyClick(current, Qt.Key.Key_Tab if key is None else key)
    wait_for_focus(qtbot, widget)
