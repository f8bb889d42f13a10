"""``imag measures export --format json`` writes the same bytes as it did before it was made
near the floor (issue 18): the expected file was written by the export as it was then, of a
register with every kind of field (lists of departments, goals and partners, indicators and
milestones, free-text translations in every state, budget, dates, texts to strip, control
characters, archived measures and successors), printed and written to ``--out`` by a real
process."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

from sqlalchemy import delete

from app.models import Measure
from app.paths import resolve
from app.storage.register import open_register
from tests.support.export_kit import fill

EXPECTED = Path(__file__).parent / "data" / "measures_export.json.gz"
MEASURES = 180


def register(folder: Path) -> Path:
    """A register holding only the :data:`MEASURES` measures of ``fill`` (no seeded ones)."""
    with open_register(resolve(folder)) as opened, opened.session() as session:
        session.execute(delete(Measure))
        session.commit()
    fill(folder, MEASURES)
    return folder


def export(folder: Path, *extra: str) -> bytes:
    command = [sys.executable, "-m", "app", "--data-dir", str(folder), "--lang", "de"]
    done = subprocess.run(
        [*command, "measures", "export", "--format", "json", *extra],
        capture_output=True,
        check=True,
    )
    return done.stdout


def test_the_json_export_is_the_same_bytes_as_before(tmp_path: Path) -> None:
    folder = register(tmp_path / "register")
    expected = gzip.decompress(EXPECTED.read_bytes())
    assert export(folder) == expected
    target = tmp_path / "out.json"
    export(folder, "--out", str(target))
    assert target.read_bytes() == expected
    assert expected.count(b'\n    "code": ') == MEASURES
