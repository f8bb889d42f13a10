"""Traps of the department's workspace in the window: a round package for another department
than the profile answers for is refused with an explanation, and nothing is created."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.profile import Profile
from tests.support.project import isolated
from tests.support.qt import ROUNDS_PAGE
from tests.support.rounds_kit import start_round, table_dump

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def cycle(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("traps")
    with isolated(root / "home"):
        return start_round(demo_dir, root / "cycle", departments=("SK", "SMWK"))


def test_another_departments_package_is_refused(cycle, tmp_path: Path, make_window, qtbot) -> None:
    folder = tmp_path / "laptop"
    shutil.copytree(cycle.laptops["SK"], folder, ignore=shutil.ignore_patterns("*.lock"))
    before = table_dump(folder)
    window = make_window("de", folder)
    window.user = Profile(name="Jana", role="department", department="SK")
    window.rounds.set_role("department")
    window.show_page(ROUNDS_PAGE)
    ws = window.rounds.workspace
    window.show()
    qtbot.waitUntil(lambda: window.worker.idle and ws.view is not None, timeout=20000)
    ws.open_package(cycle.packages["SMWK"])
    qtbot.waitUntil(lambda: window.worker.idle and ws.open_button.isEnabled(), timeout=20000)
    text = ws.banner.text()
    assert "zurückgewiesen" in text
    assert "SMWK" in text
    assert "Geschäftsstelle" in text
    window.register.close()
    assert table_dump(folder) == before
