"""A way out of a damaged register: safety copies kept, backups described and checked, a
read-only register that refuses every change, a restore of another kind of register refused
without --yes, and the readable content exported."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.errors import RegisterReadOnly
from app.i18n import translator
from app.operations.context import Actor
from app.operations.measures import measure_input, update_measure
from app.paths import REGISTER_FILE_NAME, AppPaths, resolve
from app.storage import backup, rescue
from app.storage.register import open_register
from app.storage.restore import record_restore
from tests.support import shell


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damage(path: Path) -> None:
    """Overwrite a page in the middle of the file (the header stays a register's)."""
    with path.open("r+b") as fh:
        fh.seek(4096 * 3)
        fh.write(b"\xff" * 4096)


def test_safety_copy_is_not_rotated_away_by_31_manual_backups(fresh_register: Path, cli) -> None:
    paths = resolve(fresh_register)
    source = fresh_register / "copy.imag.sqlite"
    backup.copy_database(paths.register_file, source)
    assert cli("--data-dir", fresh_register, "db", "restore", source, "--yes").code == 0
    (safety,) = paths.backups_dir.glob("*before-restore*")
    for _ in range(31):
        backup.automatic_backup(paths, "manual")
    assert safety.exists()
    kept = backup.list_backups(paths)
    assert len([p for p in kept if not backup.is_safety_copy(p)]) == backup.KEEP_AUTOMATIC
    assert safety in kept


def test_a_read_only_register_refuses_every_change(fresh_register: Path) -> None:
    paths = resolve(fresh_register)
    before = digest(paths.register_file)
    with open_register(paths, readonly=True) as register:
        with register.session() as session:
            values, revision = measure_input(session, "I.02")
        with register.session() as session, pytest.raises(RegisterReadOnly) as refused:
            update_measure(
                session,
                Actor("Erika", "app"),
                "I.02",
                dataclasses.replace(values, comment="nie gespeichert"),
                revision=revision,
            )
    assert "read-only" in str(refused.value.message.text)
    assert refused.value.exit_code == 6
    assert digest(paths.register_file) == before


def test_backups_are_described_and_checked(fresh_register: Path) -> None:
    paths = resolve(fresh_register)
    good = backup.automatic_backup(paths, "manual")
    bad = backup.automatic_backup(paths, "daily")
    damage(bad)
    found = rescue.describe_backups(paths)
    assert [info.path for info in found] == [bad, good]
    assert not found[0].sound
    assert found[0].reason == "daily"
    assert found[1].sound
    assert found[1].measures
    assert found[1].measures > 60
    assert found[1].rounds == 0
    assert found[1].reason == "manual"
    assert rescue.newest_sound(found) == found[1]


def test_what_is_still_readable_is_exported_and_a_bad_value_loses_only_its_measure(
    demo_copy: AppPaths, tmp_path: Path
) -> None:
    connection = shell.connect(demo_copy.register_file)
    connection.execute("PRAGMA ignore_check_constraints = ON")
    connection.execute("UPDATE measure SET progress = 250 WHERE code = 'I.01'")
    connection.execute("UPDATE measure SET title_de = 'Lesbar' WHERE code = 'I.02'")
    connection.commit()
    total = connection.execute("SELECT count(*) FROM measure").fetchone()[0]
    connection.close()
    target = tmp_path / "rescued.json"
    rescued = rescue.export_readable(demo_copy, target)
    records = json.loads(target.read_text(encoding="utf-8"))
    assert rescued.skipped == ["I.01"]
    assert rescued.written == len(records) == total - 1
    assert any(record["title_de"] == "Lesbar" for record in records)


def test_a_demo_is_not_restored_over_a_real_register_without_yes(
    fresh_register: Path, demo_dir: Path, cli
) -> None:
    register = fresh_register / REGISTER_FILE_NAME
    before = digest(register)
    demo = demo_dir / REGISTER_FILE_NAME
    result = cli("--data-dir", fresh_register, "--lang", "de", "db", "restore", demo)
    assert result.code == 1
    assert "ein Demo-Register" in result.err
    assert "das Register der Geschäftsstelle" in result.err
    assert "--yes" in result.err
    assert digest(register) == before
    result = cli("--data-dir", fresh_register, "db", "restore", demo, "--yes")
    assert result.code == 0, result.err


def test_restore_from_the_window_keeps_the_damaged_file_as_evidence(
    fresh_register: Path,
) -> None:
    paths = resolve(fresh_register)
    good = backup.automatic_backup(paths, "daily")
    damage(paths.register_file)
    damaged = digest(paths.register_file)
    assert rescue.file_problem(paths.register_file) is not None
    assert not rescue.loss_of(paths, good).readable
    safety = rescue.restore(paths, good, record_restore("Erika", good, via="app"))
    assert safety is not None
    assert "before-restore-damaged" in safety.name
    assert digest(safety) == damaged
    assert rescue.file_problem(paths.register_file) is None


def test_a_damaged_backup_is_not_restored(fresh_register: Path, tmp_path: Path) -> None:
    paths = resolve(fresh_register)
    bad = tmp_path / "bad.imag.sqlite"
    shutil.copy2(paths.register_file, bad)
    damage(bad)
    before = digest(paths.register_file)
    with pytest.raises(Exception, match="cannot be restored"):
        rescue.restore(paths, bad, record_restore("Erika", bad, via="app"))
    assert digest(paths.register_file) == before


def test_a_departments_workspace_is_another_kind_than_the_secretariats_register(
    fresh_register: Path, tmp_path: Path
) -> None:
    paths = resolve(fresh_register)
    workspace = tmp_path / "workspace.imag.sqlite"
    shutil.copy2(paths.register_file, workspace)
    connection = shell.connect(workspace)
    connection.execute(
        "INSERT INTO ws_round (round_uid, package_uid, issued_at, issuer_uid, name, kind, "
        "department, deadline, payload, return_key, format_version, recipient_key, opened_at, "
        "last_sequence) VALUES ('r', 'p', '2026-01-01', 'i', 'Runde', 'measures', 'SK', "
        "'2026-02-01', '{}', x'', 2, x'', '2026-01-01', 0)"
    )
    connection.commit()
    connection.close()
    assert rescue.kind_mismatch(paths.register_file, paths.register_file) is None
    mismatch = rescue.kind_mismatch(paths.register_file, workspace)
    assert mismatch is not None
    text = translator("de").render(mismatch)
    assert "der Arbeitsbereich eines Ressorts (SK)" in text
    assert "das Register der Geschäftsstelle" in text


def test_a_backup_whose_content_differs_from_its_history_is_not_sound(
    fresh_register: Path,
) -> None:
    """The backups' check is the deep check too: a title rewritten behind the program's back
    (its digest trigger dropped first) makes the backup unsound, though SQLite finds nothing."""
    paths = resolve(fresh_register)
    good = backup.automatic_backup(paths, "manual")
    doctored = backup.automatic_backup(paths, "daily")
    connection = sqlite3.connect(doctored)
    connection.execute("DROP TRIGGER imag_digest_measure_update")
    connection.execute("UPDATE measure SET title_de = 'Umgeschrieben' WHERE code = 'I.01'")
    connection.commit()
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()
    found = rescue.describe_backups(paths)
    assert [info.path for info in found] == [doctored, good]
    assert not found[0].sound
    problem = rescue.file_problem(doctored)
    assert problem is not None
    assert "measure" in translator("de").render(problem)  # the findings name the table
    polish = translator("pl").render(problem)  # the finding in words, not the check's codes
    assert "zmienion" in polish, polish
    assert ": changed" not in polish, polish
    assert found[1].sound
    assert rescue.newest_sound(found) == found[1]
