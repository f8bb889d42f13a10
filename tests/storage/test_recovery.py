"""After a crash: a hot rollback journal is rolled back by SQLite at the next start (every
command, read-only ones too), with the files kept aside as evidence; what a killed operation of
the program left behind is removed; and no message ever advises deleting a journal."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.paths import REGISTER_FILE_NAME, resolve
from app.storage.fileformat import inspect
from app.storage.register import open_register
from tests.support.project import ROOT, run_imag
from tests.support.rounds_kit import table_dump

# A writer killed in the middle of a big change, after SQLite had to write changed pages into
# the register file itself (a cache of one page spills them): as `kill -9` during an import.
CRASHING_WRITER = """
import os, signal, sqlite3, sys
from app.storage.integrity import install_functions
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
install_functions(connection)
connection.execute("PRAGMA cache_size = 1")
connection.execute("BEGIN")
connection.execute("UPDATE measure SET progress = 99, comment = 'half'")
for number in range(2000):
    connection.execute(
        "INSERT INTO audit_event (at, actor, action, entity, source, new_value) "
        "VALUES ('2026-01-01T00:00:00Z', 'crash', 'update', 'measure', 'cli', ?)",
        (str(number),),
    )
os.kill(os.getpid(), signal.SIGKILL)
"""


def crash_in_the_middle_of_a_write(folder: Path) -> dict[str, list[tuple[object, ...]]]:
    """Leave a hot journal beside the register in ``folder``; the content before the crash."""
    register = folder / REGISTER_FILE_NAME
    before = table_dump(folder)
    untouched = register.read_bytes()
    process = subprocess.run([sys.executable, "-c", CRASHING_WRITER, register], check=False)
    assert process.returncode == -9
    journal = folder / (REGISTER_FILE_NAME + "-journal")
    assert journal.stat().st_size > 0
    assert register.read_bytes() != untouched  # half of the change is in the file itself
    return before


def evidence_of(folder: Path) -> Path:
    (found,) = [path for path in folder.iterdir() if path.name.startswith("interrupted-")]
    return found


def test_a_hot_journal_is_rolled_back_at_the_next_start_and_kept_as_evidence(
    fresh_register: Path,
) -> None:
    before = crash_in_the_middle_of_a_write(fresh_register)
    journal = fresh_register / (REGISTER_FILE_NAME + "-journal")
    journal_bytes = journal.read_bytes()
    damaged_bytes = (fresh_register / REGISTER_FILE_NAME).read_bytes()

    result = run_imag("--data-dir", fresh_register, "--lang", "de", "db", "check")
    assert result.code == 0, result.err
    assert "in Ordnung" in result.out
    assert "unterbrochene Änderung" in result.err
    assert "zurückgenommen" in result.err
    # exactly the content before the crash, and no journal any more
    assert table_dump(fresh_register) == before
    assert not journal.exists()
    # the files as they were found, side by side in a folder named with the time
    evidence = evidence_of(fresh_register)
    assert re.fullmatch(r"interrupted-\d{8}T\d{12}Z", evidence.name)
    assert str(evidence) in result.err
    assert (evidence / journal.name).read_bytes() == journal_bytes
    assert (evidence / REGISTER_FILE_NAME).read_bytes() == damaged_bytes
    # said once: the next start has nothing to roll back
    again = run_imag("--data-dir", fresh_register, "db", "check")
    assert again.code == 0
    assert again.err == ""


@pytest.mark.parametrize("command", ["backup", "restore", "export", "open"])
def test_every_way_in_works_with_a_hot_journal(
    fresh_register: Path, tmp_path: Path, cli, command: str
) -> None:
    good = tmp_path / "good.imag.sqlite"
    assert cli("--data-dir", fresh_register, "db", "backup", "--out", good).code == 0
    before = crash_in_the_middle_of_a_write(fresh_register)
    if command == "open":  # the window's way in: the register says what happened
        with open_register(resolve(fresh_register), readonly=True) as register:
            assert register.recovery is not None
            assert register.recovery.evidence == evidence_of(fresh_register)
        assert table_dump(fresh_register) == before
        return
    commands: dict[str, list[object]] = {
        "backup": ["db", "backup", "--out", tmp_path / "copy.imag.sqlite"],
        "restore": ["db", "restore", good, "--yes"],
        "export": ["measures", "export", "--format", "csv"],
    }
    result = cli("--data-dir", fresh_register, "--lang", "pl", *commands[command])
    assert result.code == 0, result.err
    assert "wycofana" in result.err  # the note, in Polish
    assert not (fresh_register / (REGISTER_FILE_NAME + "-journal")).exists()
    if command == "backup":
        inspect(tmp_path / "copy.imag.sqlite", thorough=True)
        assert table_dump(fresh_register) == before
    if command == "export":
        assert result.out.count("\n") == 67


def test_leftovers_of_killed_operations_are_removed_at_the_next_start(
    fresh_register: Path, cli
) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], text=True,
                          capture_output=True, check=True).stdout.strip()  # fmt: skip
    living = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        stale = [
            fresh_register / f".{REGISTER_FILE_NAME}.{gone}.restore",
            fresh_register / f".{REGISTER_FILE_NAME}.{gone}.new",
            fresh_register / f".{REGISTER_FILE_NAME}.{gone}.new-journal",
            fresh_register / "backups" / f".register-x.imag.sqlite.{gone}.tmp",
        ]
        busy = fresh_register / f".{REGISTER_FILE_NAME}.{living.pid}.restore"
        for path in [*stale, busy]:
            path.write_bytes(b"x" * 1000)
        assert cli("--data-dir", fresh_register, "db", "check").code == 0
        assert [path for path in stale if path.exists()] == []
        assert busy.exists()  # another running process may still be writing it
    finally:
        living.kill()
        living.wait()


def test_no_message_advises_deleting_a_journal() -> None:
    """Every message about SQLite's journal (the English text says "journal"), in every
    language, says nothing of deleting or removing it."""
    deleting = re.compile(
        r"delet|remov|lösch|entfern|usuń|usun|skasuj|smaž|smaz|odstraň|odstran", re.IGNORECASE
    )
    catalogs = sorted((ROOT / "translations").glob("*/LC_MESSAGES/imag.po"))
    assert catalogs
    about_journal = 0
    for catalog in catalogs:
        with catalog.open("rb") as fh:
            messages = [message for message in read_po(fh) if message.id]
        for message in messages:
            ids = [str(text) for text in _texts(message.id)]
            if not any("journal" in text.lower() for text in ids):
                continue
            about_journal += 1
            for text in (*ids, *_texts(message.string)):
                assert not deleting.search(text), text
    assert about_journal >= len(catalogs)  # the note after a rollback, at least


def _texts(value: object) -> list[str]:
    """A catalog entry's id or string: one text, or (with plurals) several."""
    return [str(text) for text in value] if isinstance(value, tuple | list) else [str(value)]


def test_a_damaged_register_with_a_journal_can_still_be_restored(
    fresh_register: Path, tmp_path: Path, cli
) -> None:
    good = tmp_path / "good.imag.sqlite"
    assert cli("--data-dir", fresh_register, "db", "backup", "--out", good).code == 0
    crash_in_the_middle_of_a_write(fresh_register)
    register = fresh_register / REGISTER_FILE_NAME
    with register.open("r+b") as fh:
        # half the file lost: the journal holds only the pages the write changed (page 1 among
        # them, since the hash chain and row digests grow the file), so a rollback cannot mend it
        fh.truncate(register.stat().st_size // 2)
    journal = fresh_register / (REGISTER_FILE_NAME + "-journal")
    journal_bytes = journal.read_bytes()
    assert cli("--data-dir", fresh_register, "db", "check").code == 3
    result = cli("--data-dir", fresh_register, "db", "restore", good, "--yes")
    assert result.code == 0, result.err
    # the journal is kept as evidence and not played back onto the restored register
    assert not journal.exists()
    assert cli("--data-dir", fresh_register, "db", "check").code == 0
    kept = list(fresh_register.glob("interrupted-*/*-journal"))
    assert [path.read_bytes() for path in kept] == [journal_bytes]
