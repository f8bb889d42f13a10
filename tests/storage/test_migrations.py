"""The migration machinery, exercised with a test-only second migration on a real v1 register:
backup first, one transaction, foreign keys checked, data kept; a failing step changes nothing."""

from __future__ import annotations

import ast
import copy
import hashlib
import importlib.util
import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from app.errors import RegisterDamaged
from app.paths import REGISTER_FILE_NAME, resolve
from app.storage import fileformat, migrate
from app.storage.register import open_register
from tests.support import shell
from tests.support.old_registers import old_register
from tests.support.project import ROOT

SECOND = """
from alembic import op
import sqlalchemy as sa

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("measure") as batch:  # a table rebuild, as SQLite needs
        batch.add_column(sa.Column("test_note", sa.Text(), nullable=True))
    op.execute("UPDATE measure SET test_note = 'migrated ' || code")
    {extra}
    op.execute("PRAGMA user_version = {version}")
"""

HEAD = f"{fileformat.SCHEMA_VERSION:04d}"  # the newest migration's revision is its version


@pytest.fixture
def scripts_with_second_migration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def make(extra: str = "") -> Path:
        folder = tmp_path / "migrations"
        shutil.copytree(
            ROOT / "app" / "migrations", folder, ignore=shutil.ignore_patterns("__pycache__")
        )
        (folder / "versions" / "9001_test.py").write_text(
            SECOND.format(extra=extra, head=HEAD, version=fileformat.SCHEMA_VERSION + 1), "utf-8"
        )
        monkeypatch.setattr(migrate, "script_location", lambda: str(folder))
        monkeypatch.setattr(fileformat, "SCHEMA_VERSION", fileformat.SCHEMA_VERSION + 1)
        return folder

    return make


def _v1_register_with_links(folder: Path) -> Path:
    open_register(resolve(folder)).close()
    return _with_links(folder / REGISTER_FILE_NAME)


def _with_links(path: Path) -> Path:
    connection = shell.connect(path)
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("INSERT INTO measure_goal (measure_id, goal_id) VALUES (1, 1), (2, 3)")
    connection.execute(
        "INSERT INTO measure_department (measure_id, department_id, role) VALUES (1, 1, 'lead')"
    )
    connection.commit()
    connection.close()
    return path


def test_upgrade_backs_up_first_and_keeps_every_row(
    data_dir: Path, scripts_with_second_migration
) -> None:
    current = fileformat.SCHEMA_VERSION
    path = _v1_register_with_links(data_dir)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    scripts_with_second_migration()
    open_register(resolve(data_dir)).close()
    connection = shell.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone() == (current + 1,)
    assert connection.execute("SELECT count(*) FROM measure").fetchone() == (66,)
    assert connection.execute("SELECT test_note FROM measure WHERE code = 'I.01'").fetchone() == (
        "migrated I.01",
    )
    # the table rebuild with foreign keys off did not cascade-delete the links
    assert connection.execute("SELECT count(*) FROM measure_goal").fetchone() == (2,)
    assert connection.execute("SELECT count(*) FROM measure_department").fetchone() == (1,)
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    connection.close()
    backups = list((data_dir / "backups").glob(f"register-*-before-update-v{current}.imag.sqlite"))
    assert len(backups) == 1
    assert shell.connect(backups[0]).execute("PRAGMA user_version").fetchone() == (current,)
    assert hashlib.sha256(path.read_bytes()).hexdigest() != before


def test_failing_migration_changes_nothing(data_dir: Path, scripts_with_second_migration) -> None:
    path = _v1_register_with_links(data_dir)
    before = path.read_bytes()
    scripts_with_second_migration(extra='op.execute("INSERT INTO nonexistent VALUES (1)")')
    with pytest.raises(RegisterDamaged, match="nothing was changed"):
        open_register(resolve(data_dir))
    assert path.read_bytes() == before


def test_migration_leaving_broken_references_is_rolled_back(
    data_dir: Path, scripts_with_second_migration
) -> None:
    path = _v1_register_with_links(data_dir)
    before = path.read_bytes()
    scripts_with_second_migration(extra='op.execute("DELETE FROM goal WHERE number = 3")')
    with pytest.raises(RegisterDamaged, match="1 broken reference"):
        open_register(resolve(data_dir))
    assert path.read_bytes() == before


def test_register_left_behind_a_newer_program_is_refused(
    data_dir: Path, scripts_with_second_migration
) -> None:
    """A register migrated by a newer program is refused by this one."""
    current = fileformat.SCHEMA_VERSION
    scripts_with_second_migration()
    open_register(resolve(data_dir)).close()
    path = data_dir / REGISTER_FILE_NAME
    before = path.read_bytes()
    from app.errors import RegisterTooNew

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fileformat, "SCHEMA_VERSION", current)
        with pytest.raises(RegisterTooNew):
            open_register(resolve(data_dir))
    assert path.read_bytes() == before


def test_a_version_1_register_gains_the_round_tables(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A register written by the first release (schema 1, before rounds existed) is backed up
    and migrated to the current schema on opening; every row is kept and the new tables (rounds,
    partnership evaluations with the default criteria set) are there."""
    path = _with_links(old_register(data_dir, 1, tmp_path / "v1"))
    connection = shell.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone() == (1,)
    tables_before = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert "round" not in tables_before
    connection.close()

    open_register(resolve(data_dir)).close()
    connection = shell.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone() == (fileformat.SCHEMA_VERSION,)
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert {"round", "issued_package", "imported_return", "conflict", "ws_round"} <= tables
    assert {"criteria_set", "criterion", "round_partnership", "partnership_assessment"} <= tables
    assert connection.execute("SELECT code, proposal FROM criteria_set").fetchall() == [
        ("IMAG-2026", 1)
    ]
    assert connection.execute("SELECT count(*) FROM criterion").fetchone() == (6,)
    assert "round_snapshot_no_update" in tables
    assert connection.execute("SELECT count(*) FROM measure").fetchone() == (66,)
    assert connection.execute("SELECT count(*) FROM measure_department").fetchone() == (1,)
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    connection.close()
    backups = list((data_dir / "backups").glob("register-*-before-update-v1.imag.sqlite"))
    assert len(backups) == 1


def test_a_version_3_register_gains_department_addresses(data_dir: Path, tmp_path: Path) -> None:
    """Migration 0004: every department is kept as it was, with no e-mail address and German
    as its reminders' language; only de, pl and cs are accepted as a language; an issued
    package can record its folder."""
    path = old_register(data_dir, 3, tmp_path / "v3")
    connection = shell.connect(path)
    connection.execute("UPDATE department SET retired = 1, note = 'gone' WHERE code = 'LDS'")
    connection.commit()
    before = connection.execute("SELECT * FROM department ORDER BY id").fetchall()
    connection.close()

    open_register(resolve(data_dir)).close()
    connection = shell.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone() == (fileformat.SCHEMA_VERSION,)
    rows = connection.execute("SELECT * FROM department ORDER BY id").fetchall()
    # 0004's two columns follow the old ones (later migrations add more after them)
    assert [row[: len(before[0]) + 2] for row in rows] == [(*row, None, "de") for row in before]
    assert len(rows) == 11
    with pytest.raises(sqlite3.IntegrityError):
        connection.execute("UPDATE department SET language = 'en' WHERE code = 'SK'")
    connection.execute("UPDATE department SET language = 'pl', email = 'a@b.de' WHERE code = 'SK'")
    columns = [row[1] for row in connection.execute("PRAGMA table_info(issued_package)")]
    assert columns[-1] == "folder"
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    connection.close()
    assert list((data_dir / "backups").glob("register-*-before-update-v3.imag.sqlite"))


# -- frozen migrations ------------------------------------------------------------------------

VERSIONS = ROOT / "app" / "migrations" / "versions"


def _imported_modules(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Every module an ``import`` names anywhere in ``tree`` (inside functions too); a relative
    import as its dots and name."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield node.lineno, "." * node.level + (node.module or "")


def test_a_version_4_register_gains_withdrawals_and_amendments(
    data_dir: Path, tmp_path: Path
) -> None:
    """Migration 0006: imported returns can be withdrawn (no return is withdrawn by it), late
    returns have a table of their own, and a reopened round's snapshot a place to go."""
    path = old_register(data_dir, 4, tmp_path / "v4")
    open_register(resolve(data_dir)).close()
    connection = shell.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone() == (fileformat.SCHEMA_VERSION,)
    columns = [row[1] for row in connection.execute("PRAGMA table_info(imported_return)")]
    assert columns[-3:] == ["withdrawn_at", "withdrawn_by", "withdrawn_reason"]
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert {"round_amendment", "round_snapshot_superseded", "round_snapshot_no_delete"} <= tables
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    connection.close()


def test_a_version_6_register_keeps_its_proposals_in_the_state_columns(
    data_dir: Path, tmp_path: Path
) -> None:
    """Migration 0008: a proposed translation, until now "translated" plus a ``register_meta``
    row ``proposal:<lang>:<code>``, is stored as the state "proposal"; the rows are gone. A row
    beside any other state (or for no measure) was not shown as a proposal and changes nothing.
    The state columns accept "proposal" and still nothing unknown; every other row is kept."""
    path = _with_links(old_register(data_dir, 6, tmp_path / "v6"))
    connection = shell.connect(path)
    marks = "SELECT count(*) FROM register_meta WHERE key LIKE 'proposal:%'"
    assert connection.execute(marks).fetchone() == (132,)
    assert connection.execute("SELECT DISTINCT state_pl, state_cs FROM measure").fetchall() == [
        ("translated", "translated")
    ]
    with pytest.raises(sqlite3.IntegrityError, match="ck_measure_state_pl"):
        connection.execute("UPDATE measure SET state_pl = 'proposal' WHERE code = 'I.01'")
    connection.execute("UPDATE measure SET state_pl = 'needs_update' WHERE code = 'I.02'")
    connection.execute("DELETE FROM register_meta WHERE key = 'proposal:cs:I.03'")  # confirmed
    connection.execute("INSERT INTO register_meta VALUES ('proposal:pl:IX.99', 'proposal')")
    connection.commit()
    other_meta = connection.execute(
        "SELECT * FROM register_meta WHERE key NOT LIKE 'proposal:%' ORDER BY key"
    ).fetchall()
    before = connection.execute(
        "SELECT * FROM measure WHERE code NOT IN ('I.02', 'I.03') ORDER BY id"
    ).fetchall()
    connection.close()

    open_register(resolve(data_dir)).close()
    connection = shell.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone() == (fileformat.SCHEMA_VERSION,)
    assert connection.execute(marks).fetchone() == (0,)
    assert (
        connection.execute(
            "SELECT * FROM register_meta WHERE key NOT LIKE 'proposal:%' ORDER BY key"
        ).fetchall()
        == other_meta
    )
    states = {
        code: (pl, cs)
        for code, pl, cs in connection.execute("SELECT code, state_pl, state_cs FROM measure")
    }
    assert len(states) == 66
    assert states.pop("I.02") == ("needs_update", "proposal")
    assert states.pop("I.03") == ("proposal", "translated")
    assert set(states.values()) == {("proposal", "proposal")}
    columns = [row[1] for row in connection.execute("PRAGMA table_info(measure)")]
    states_at = columns.index("state_pl"), columns.index("state_cs")
    after = connection.execute(
        "SELECT * FROM measure WHERE code NOT IN ('I.02', 'I.03') ORDER BY id"
    ).fetchall()
    assert [
        tuple("translated" if i in states_at else v for i, v in enumerate(row)) for row in after
    ] == before
    for wrong in ("state_pl = 'reviewed'", "state_cs = ''", "progress = 101"):
        with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
            connection.execute(f"UPDATE measure SET {wrong} WHERE code = 'I.01'")
    connection.execute("UPDATE measure SET state_pl = 'translated' WHERE code = 'I.01'")
    indexes = {row[1] for row in connection.execute("PRAGMA index_list(measure)")}
    assert "ix_measure_instrument_id" in indexes
    assert connection.execute("SELECT count(*) FROM measure_goal").fetchone() == (2,)
    assert connection.execute("SELECT count(*) FROM measure_department").fetchone() == (1,)
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    connection.close()
    assert list((data_dir / "backups").glob("register-*-before-update-v6.imag.sqlite"))


def test_no_migration_imports_application_code() -> None:
    """A migration is frozen: what an old register migrates to must not change when the
    application's code changes later. So no script in ``versions/`` imports ``app`` (nor
    anything relative); alembic's ``env.py`` may take the models' metadata."""
    scripts = sorted(VERSIONS.glob("*.py"))
    assert len(scripts) >= 3
    offenders = [
        f"{script.relative_to(ROOT)}:{line}: imports {name}"
        for script in scripts
        for line, name in _imported_modules(ast.parse(script.read_text("utf-8"), str(script)))
        if name == "app" or name.startswith(("app.", "."))
    ]
    assert not offenders, "\n".join(offenders)


def _migration(name: str) -> ModuleType:
    path = VERSIONS / name
    spec = importlib.util.spec_from_file_location(f"imag_migration_{path.stem}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_seeded_criteria_set_is_the_shipped_default() -> None:
    """When migration 0003 was written, the set it adds was the shipped file, and it passes
    today's checks. If the shipped file changes, leave the migration as it is (a register
    migrated earlier holds the old set) and change this test to compare with the old file."""
    from app.partnerships import criteria

    seeded = _migration("0003_partnerships.py").DEFAULT_SET
    shipped = ROOT / "resources" / "catalogue" / "criteria-default.json"
    assert seeded == json.loads(shipped.read_text("utf-8"))
    assert criteria.check(copy.deepcopy(seeded), "0003") == seeded


def test_the_seeded_criteria_set_is_stored_as_before(fresh_register: Path) -> None:
    """The rows migration 0003 writes, in the form it wrote them when it still read the set
    through the application's code (labels as JSON with the letters kept, weights as reals)."""
    seeded = _migration("0003_partnerships.py").DEFAULT_SET
    connection = shell.connect(fresh_register / REGISTER_FILE_NAME)
    try:
        sets = connection.execute(
            "SELECT id, code, name_de, name_pl, name_cs, description_de, description_pl, "
            "description_cs, scale_min, scale_max, scale_labels, proposal FROM criteria_set"
        ).fetchall()
        rows = connection.execute(
            "SELECT set_id, code, position, weight, typeof(weight), name_de, name_pl, name_cs, "
            "description_de, description_pl, description_cs FROM criterion ORDER BY position"
        ).fetchall()
    finally:
        connection.close()
    labels = (
        '[{"value": 0, "de": "kein Beitrag", "pl": "brak wkładu", "cs": "žádný přínos"}, '
        '{"value": 1, "de": "gering", "pl": "niski", "cs": "nízký"}, '
        '{"value": 2, "de": "mittel", "pl": "średni", "cs": "střední"}, '
        '{"value": 3, "de": "hoch", "pl": "wysoki", "cs": "vysoký"}, '
        '{"value": 4, "de": "sehr hoch", "pl": "bardzo wysoki", "cs": "velmi vysoký"}]'
    )
    assert sets == [
        (
            1, "IMAG-2026", seeded["name_de"], seeded["name_pl"], seeded["name_cs"],
            seeded["source_de"], None, None, 0, 4, labels, 1,
        )
    ]  # fmt: skip
    assert rows == [
        (
            1, c["code"], position, float(c["weight"]), "real", c["name_de"], c["name_pl"],
            c["name_cs"], c["description_de"], c["description_pl"], c["description_cs"],
        )
        for position, c in enumerate(seeded["criteria"])
    ]  # fmt: skip


def test_a_version_4_register_gains_row_revisions(data_dir: Path, tmp_path: Path) -> None:
    """Migration 0007: departments, partners, partnerships and criteria sets get a revision
    (1 for every row there is); nothing else changes."""
    path = old_register(data_dir, 4, tmp_path / "v4")
    connection = shell.connect(path)
    tables = ("department", "partner", "partnership", "criteria_set")
    before = {t: connection.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in tables}
    connection.close()

    open_register(resolve(data_dir)).close()
    connection = shell.connect(path)
    for table in tables:
        rows = connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
        assert rows == [(*row, 1) for row in before[table]], table
        assert rows
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    connection.close()
