"""The migration machinery, exercised with a test-only second migration on a real v1 register:
backup first, one transaction, foreign keys checked, data kept; a failing step changes nothing."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.errors import RegisterDamaged
from app.paths import REGISTER_FILE_NAME, resolve
from app.storage import fileformat, migrate
from app.storage.register import open_register
from tests.conftest import ROOT

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
    path = folder / REGISTER_FILE_NAME
    connection = sqlite3.connect(path)
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
    connection = sqlite3.connect(path)
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
    assert sqlite3.connect(backups[0]).execute("PRAGMA user_version").fetchone() == (current,)
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
    folder = tmp_path / "v1-migrations"
    shutil.copytree(
        ROOT / "app" / "migrations", folder, ignore=shutil.ignore_patterns("__pycache__")
    )
    for newer in folder.glob("versions/0*.py"):
        if not newer.name.startswith("0001_"):
            newer.unlink()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(migrate, "script_location", lambda: str(folder))
        patch.setattr(fileformat, "SCHEMA_VERSION", 1)
        path = _v1_register_with_links(data_dir)
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone() == (1,)
    tables_before = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert "round" not in tables_before
    connection.close()

    open_register(resolve(data_dir)).close()
    connection = sqlite3.connect(path)
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
