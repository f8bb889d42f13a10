"""The register file's first rows read with the standard library alone (issue 18: start-up):
the same rows, in the same order, with the same values as the register view reads through
SQLAlchemy; a file that must be opened the usual way first gives none."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from app.models import Status
from app.operations import measures
from app.operations.bulk import BulkChange, apply_bulk
from app.operations.context import Actor
from app.operations.register_view import FIRST_ROWS, MeasureRow, load_rows
from app.paths import AppPaths
from app.storage.first_rows import first_rows
from app.storage.register import open_register
from tests.support.shell import connect

ACTOR = Actor("Erika Muster")


def orm_rows(paths: AppPaths, count: int) -> list[MeasureRow]:
    with open_register(paths, readonly=True) as register, register.session() as session:
        return load_rows(session, first=count)


def assert_same_rows(paths: AppPaths, count: int) -> list[MeasureRow]:
    read = first_rows(paths.register_file, count)
    assert read is not None
    expected = orm_rows(paths, count)
    assert [row.code for row in read] == [row.code for row in expected]  # register order
    for mine, theirs in zip(read, expected, strict=True):
        assert dataclasses.asdict(mine) == dataclasses.asdict(theirs), mine.code
        assert type(mine.status) is type(theirs.status)
        assert type(mine.traffic_light) is type(theirs.traffic_light)
    return read


@pytest.mark.parametrize("count", [1, 10, FIRST_ROWS])
def test_the_demo_registers_first_rows_are_the_orms(demo_copy: AppPaths, count: int) -> None:
    rows = assert_same_rows(demo_copy, count)
    assert len(rows) == min(count, 66)
    if count == FIRST_ROWS:  # the links are read, too (a comparison of empty sets proves little)
        assert all(row.lead_department for row in rows)
        assert any(row.partners for row in rows)
        assert any(row.goals for row in rows)
        assert any(row.traffic_light is not None for row in rows)
        assert {row.status for row in rows} == set(Status)


def test_archived_dropped_and_moved_measures_read_alike(demo_copy: AppPaths) -> None:
    with open_register(demo_copy) as register:
        with register.session() as session:
            change = BulkChange(status=Status.DROPPED, status_reason="x")
            apply_bulk(session, ACTOR, ["I.02", "I.04"], change)
        for code in ("I.01", "I.03", "II.01"):
            with register.session() as session:
                measures.archive_measure(session, ACTOR, code)
        with register.session() as session:
            data = measures.measure_input(session, "I.05")[0]
        title = "Łódź – Ústí: Zusammenarbeit"
        changed = dataclasses.replace(data, title_de=title, title_pl=None, title_cs="Ústí")
        with register.session() as session:
            measures.update_measure(session, ACTOR, "I.05", changed)
    rows = assert_same_rows(demo_copy, FIRST_ROWS)
    by_code = {row.code: row for row in rows}
    assert by_code["I.01"].archived
    assert by_code["II.01"].archived
    assert by_code["I.02"].status is Status.DROPPED
    assert by_code["I.05"].search_key.startswith("i.05 lodz – usti")


def test_a_file_to_be_opened_the_usual_way_gives_no_rows(demo_copy: AppPaths) -> None:
    path = demo_copy.register_file
    assert first_rows(path.with_name("none.imag.sqlite"), 10) is None
    with connect(path) as db:  # an older schema: the migrations must run first
        db.execute("PRAGMA user_version = 13")
    assert first_rows(path, 10) is None
    path.write_bytes(b"not a register" * 100)
    assert first_rows(path, 10) is None


def test_a_value_the_program_does_not_know_gives_no_rows(demo_copy: AppPaths) -> None:
    with connect(demo_copy.register_file) as db:
        db.execute("PRAGMA ignore_check_constraints = 1")
        db.execute("UPDATE measure SET status = 'vanished' WHERE code = 'I.01'")
    assert first_rows(demo_copy.register_file, 10) is None


def test_reading_them_writes_nothing_and_imports_no_sqlalchemy(demo_copy: AppPaths) -> None:
    path = demo_copy.register_file
    before = path.read_bytes(), sorted(p.name for p in path.parent.iterdir())
    script = (
        "import sys\nfrom pathlib import Path\nfrom app.storage.first_rows import first_rows\n"
        f"rows = first_rows(Path({str(path)!r}), 5)\n"
        "print(len(rows), 'sqlalchemy' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == ["5", "False"]
    assert (path.read_bytes(), sorted(p.name for p in path.parent.iterdir())) == before
