"""The round the exchange tests work on: issued to SMJ (one measure) and SMWK, SMJ's first
return written (unencrypted), not imported; each test gets its own copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.rounds_kit import Cycle, start_round


@pytest.fixture(scope="module")
def template(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Cycle:
    """A round issued to SMJ (one measure) and SMWK; SMJ's return written, not imported."""
    cycle = start_round(
        demo_dir, tmp_path_factory.mktemp("exchange") / "root", departments=("SMJ", "SMWK")
    )
    code = cycle.codes("SMJ")[0]
    cycle.answer("SMJ", {code: {"progress": 33, "comment": "Zwischenstand"}}, encrypt=False)
    return cycle


@pytest.fixture
def cycle(template: Cycle, tmp_path: Path) -> Cycle:
    return template.copy(tmp_path / "cycle")
