"""The window's start checks every value once (issue 18: start-up): not a second time when the
daily full check has just done so while opening the register, and still on every other start,
so that a value written past the checks since is refused before the window reads it."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import RegisterValuesInvalid
from app.i18n import translator
from app.paths import resolve
from app.storage import fileformat
from app.ui import main as ui_main
from tests.support import shell


def test_the_values_are_checked_once_per_start(fresh_register: Path, monkeypatch) -> None:
    paths = resolve(fresh_register)
    checks: list[Path] = []

    def counted(path: Path) -> None:
        checks.append(path)
        fileformat.check_values(path)

    monkeypatch.setattr(ui_main, "check_values", counted)
    paths.register_file.with_name(paths.register_file.name + ".checked").unlink(missing_ok=True)
    with ui_main.open_at_start(paths, "Erika", translator("de")) as register:
        assert register.values_checked  # the daily full check ran while opening it
    assert checks == []
    with ui_main.open_at_start(paths, "Erika", translator("de")) as register:
        assert not register.values_checked  # checked today already: the start checks itself
    assert checks == [paths.register_file]


def test_a_value_written_after_the_daily_check_is_refused_at_the_next_start(
    fresh_register: Path,
) -> None:
    paths = resolve(fresh_register)
    ui_main.open_at_start(paths, "Erika", translator("de")).close()  # the daily check done
    connection = shell.connect(paths.register_file)
    connection.execute("PRAGMA ignore_check_constraints = ON")
    connection.execute(
        "UPDATE measure SET progress = 250, traffic_light = 'blue' WHERE code = 'I.01'"
    )
    connection.commit()
    connection.close()
    with pytest.raises(RegisterValuesInvalid) as refused:
        ui_main.open_at_start(paths, "Erika", translator("de"))
    text = str(refused.value.message)
    for named in ("2 values", "progress", "traffic_light"):  # both found, each named
        assert named in text


def test_the_tables_a_file_is_checked_for_are_the_models_tables() -> None:
    from app.models import Base

    tables = tuple(table.name for table in Base.metadata.sorted_tables)
    assert tables == fileformat.TABLES
