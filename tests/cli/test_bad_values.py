"""Values the program cannot use, written past the register's checks with a SQLite shell:
``db check`` lists them by table, row and field with exit code 17; start, exports and reports
end with a translated message and an exit code of their own, never as an internal error."""

from __future__ import annotations

import pytest

from app.errors import ExitCode
from app.paths import AppPaths
from tests.support import shell

DAMAGES = {
    "progress 250": "UPDATE measure SET progress = 250 WHERE code = 'I.01'",
    "status bogus": "UPDATE measure SET status = 'bogus' WHERE code = 'I.01'",
    "broken reference": "UPDATE measure SET instrument_id = 9999 WHERE code = 'I.01'",
}
FIELDS = {"progress 250": "progress", "status bogus": "status", "broken reference": "instrument_id"}
READERS = {
    "measures export": ("measures", "export"),
    "measures export json": ("measures", "export", "--format", "json"),
    "cabinet report": ("report", "cabinet", "--out", "{folder}/bericht.pdf"),
    "measure report": ("report", "measure", "--measure", "I.01", "--out", "{folder}/m.pdf"),
}


def damage(paths: AppPaths, statement: str) -> int:
    """Write ``statement`` past the CHECK constraints; the changed row's id."""
    connection = shell.connect(paths.register_file)
    try:
        connection.execute("PRAGMA ignore_check_constraints = ON")
        connection.execute(statement)
        connection.commit()
        (row,) = connection.execute("SELECT id FROM measure WHERE code = 'I.01'").fetchone()
    finally:
        connection.close()
    return int(row)


@pytest.mark.parametrize("case", sorted(DAMAGES))
def test_db_check_names_table_row_and_field(cli, demo_copy: AppPaths, case: str) -> None:
    row = damage(demo_copy, DAMAGES[case])
    result = cli("--lang", "de", "--data-dir", demo_copy.data_dir, "db", "check")
    assert result.code == ExitCode.INVALID_VALUES == 17
    assert f"measure/{row}/{FIELDS[case]}" in result.err
    assert "(Tabelle/Zeile/Feld)" in result.err


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("case", sorted(DAMAGES))
def test_readers_report_instead_of_crashing(
    cli, demo_copy: AppPaths, case: str, reader: str
) -> None:
    damage(demo_copy, DAMAGES[case])
    before = demo_copy.register_file.read_bytes()
    args = [part.format(folder=demo_copy.data_dir) for part in READERS[reader]]
    result = cli("--lang", "pl", "--data-dir", demo_copy.data_dir, *args)
    if case == "broken reference" and reader.startswith("measures"):
        assert result.code == 0  # the export does not follow the reference
        return
    assert result.code == ExitCode.INVALID_VALUES, result.err
    assert "program nie może użyć" in result.err  # translated
    assert demo_copy.register_file.read_bytes() == before


def test_a_file_without_tables_is_damaged_not_a_crash(cli, demo_copy: AppPaths) -> None:
    connection = shell.connect(demo_copy.register_file)
    try:
        connection.execute("PRAGMA writable_schema = ON")
        connection.execute("DELETE FROM sqlite_master")
        connection.commit()
        connection.execute("PRAGMA writable_schema = OFF")
        connection.execute("VACUUM")
    finally:
        connection.close()
    for args in (("db", "check"), ("measures", "export"), ("db", "upgrade")):
        result = cli("--lang", "cs", "--data-dir", demo_copy.data_dir, *args)
        assert result.code == ExitCode.DAMAGED, result.err
        assert "chybí tabulky (" in result.err
        assert "register_meta" in result.err


def test_a_sound_register_passes(cli, demo_copy: AppPaths) -> None:
    result = cli("--lang", "de", "--data-dir", demo_copy.data_dir, "db", "check")
    assert result.code == 0, result.err
