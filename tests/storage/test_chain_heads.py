"""The chain head each backup records (issue 19, item 1 and 3): listed with its short hash and
number of entries by ``imag db backups`` and the window's lists, and flagged once the history
was rewritten, even where the rewrite recomputed the chain and the triggers were put back (so
that the register's own deep check passes)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.paths import REGISTER_FILE_NAME, resolve
from app.storage import backup
from app.storage.chain_heads import file_head
from app.storage.engine import writable_engine
from app.storage.integrity import CHAIN_FIELDS, chain_hash, recreate_triggers
from app.storage.rescue import describe_backups
from tests.support.shell import connect


@pytest.fixture
def register(demo_dir: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy2(demo_dir / REGISTER_FILE_NAME, folder / REGISTER_FILE_NAME)
    return folder


def _rewrite_history(path: Path) -> None:
    """An attacker's rewrite: an event's actor changed, the whole chain recomputed from there,
    and the triggers put back as they were."""
    connection = connect(path)
    try:
        with connection:
            connection.execute("DROP TRIGGER audit_event_no_update")
            connection.execute("DROP TRIGGER audit_chain_no_delete")
            connection.execute("UPDATE audit_event SET actor = 'Ministerpräsident' WHERE id = 3")
            connection.execute("DELETE FROM audit_chain")
            fields = ", ".join(CHAIN_FIELDS)
            previous = None
            for row in connection.execute(f"SELECT {fields} FROM audit_event ORDER BY id"):
                previous = chain_hash(previous, *row)
                connection.execute(
                    "INSERT INTO audit_chain (event_id, hash) VALUES (?, ?)", (row[0], previous)
                )
    finally:
        connection.close()
    engine = writable_engine(path)
    try:
        with engine.begin() as session:
            recreate_triggers(session)
    finally:
        engine.dispose()


def test_each_backup_lists_its_chain_head_and_a_rewrite_is_flagged(register: Path, cli) -> None:
    paths = resolve(register)
    taken = backup.automatic_backup(paths, "manual")
    head = file_head(taken)
    assert head is not None
    assert head == file_head(paths.register_file)
    result = cli("--data-dir", register, "db", "backups")
    assert result.code == 0, result.err
    assert f"{head.short} ({head.position} Einträge)" in result.out
    assert "nicht in der aktuellen Historie" not in result.out
    (info,) = describe_backups(paths)
    assert (info.head, info.outside_history, info.sound) == (head, False, True)

    _rewrite_history(paths.register_file)
    assert cli("--data-dir", register, "db", "check", "--deep").code == 0  # it hides itself
    result = cli("--data-dir", register, "db", "backups")
    assert f"{head.short} ({head.position} Einträge) – nicht in der aktuellen Historie" in (
        result.out
    )
    (info,) = describe_backups(paths)
    assert info.outside_history


def test_a_backup_older_than_the_latest_changes_is_in_the_history(register: Path) -> None:
    paths = resolve(register)
    backup.automatic_backup(paths, "manual")
    connection = connect(paths.register_file)
    with connection:
        connection.execute(
            "INSERT INTO audit_event (at, actor, action, entity, source) "
            "VALUES ('2026-12-04T00:00:00Z', 'A', 'note', 'register', 'test')"
        )
    connection.close()
    (info,) = describe_backups(paths)
    assert info.head is not None
    assert file_head(paths.register_file).position == info.head.position + 1  # type: ignore[union-attr]
    assert not info.outside_history
