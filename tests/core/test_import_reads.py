"""What the import of a folder of returns reads once for all of them, and a return taken twice
in one import (the second copy checked against the first, imported in the same run)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app import keystore
from app.rounds import secretariat
from tests.support.rounds_kit import SECRETARIAT, Cycle, session_of, start_round


@pytest.fixture(scope="module")
def template(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Cycle:
    return start_round(demo_dir, tmp_path_factory.mktemp("cycle") / "root")


@pytest.fixture
def cycle(template: Cycle, tmp_path: Path) -> Cycle:
    return template.copy(tmp_path / "cycle")


def test_the_key_ring_is_read_once_per_import(
    cycle: Cycle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The register's key ring (a file in the profile, decrypted) is read for the first return
    of an import and used for the others, not read again for each."""
    cycle.answer("SK", {cycle.codes("SK")[0]: {"progress": 35}})
    cycle.answer("SMWK", {cycle.codes("SMWK")[0]: {"progress": 12}})
    loads: list[str] = []
    real_load = keystore.load

    def counted(*args: object, **kwargs: object) -> keystore.KeyRing:
        loads.append("load")
        return real_load(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(keystore, "load", counted)
    with session_of(cycle.secretariat_dir) as session:
        outcomes = secretariat.import_returns(session, SECRETARIAT, [cycle.root / "inbox"])
    assert [o.state for o in outcomes] == ["imported", "imported"]
    assert len(loads) == 1


def test_the_same_return_twice_in_one_import(cycle: Cycle, tmp_path: Path) -> None:
    """Two copies of one return in the folder: the first is imported, the second refused as
    already imported (its file read again after the first was committed)."""
    first = cycle.answer("SK", {cycle.codes("SK")[0]: {"progress": 35}})
    shutil.copy2(first, first.with_name("z-copy" + secretariat.RETURN_SUFFIX))
    with session_of(cycle.secretariat_dir) as session:
        outcomes = secretariat.import_returns(session, SECRETARIAT, [cycle.root / "inbox"])
    assert [o.state for o in outcomes] == ["imported", "duplicate"]
    assert "already imported" in outcomes[1].message.text
