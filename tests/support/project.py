"""The project's folders, the environment every test runs in, and ``imag`` run in a separate
process as a user would."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def seed_file() -> Path:
    """The strategy text: ``../shared/seeds/000_*.txt``."""
    found = sorted((SHARED / "seeds").glob("000_*.txt"))
    if not found:
        pytest.fail(f"the strategy seed text is missing under {SHARED / 'seeds'}")
    return found[0]


def load_translation_tool() -> ModuleType:
    """``packaging/translations.py`` as a module (``packaging`` is not a package: the name is
    taken by the PyPI library of that name)."""
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
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    for name in (
        "IMAG_DATA_DIR",
        "IMAG_DATABASE",
        "IMAG_PORTABLE",
        "IMAG_LANG",
        "LANGUAGE",
        "LC_ALL",
        "LC_MESSAGES",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@contextlib.contextmanager
def isolated(home: Path) -> Iterator[None]:
    """The same environment for set-up shared by a module's tests: a module-scoped fixture runs
    before the per-test one (``tests/conftest.py``)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        isolate(monkeypatch, home)
        yield


@dataclass
class Result:
    code: int
    out: str
    err: str


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
