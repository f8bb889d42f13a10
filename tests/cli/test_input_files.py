"""Files that are not files: every command that reads a file the user names refuses a pipe, a
device (a symbolic link to ``/dev/zero``) and a folder at once, naming the file and what it is;
nothing waits for a writer, nothing reads without end, nothing is changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.paths import REGISTER_FILE_NAME
from tests.support.project import run_imag

COMMANDS = {
    "round import": ("round", "import"),
    "round amend": ("round", "amend"),
    "package open": ("package", "open"),
    "return sheet import": ("return", "sheet", "import"),
    "measures import": ("measures", "import"),
    "departments import": ("departments", "import"),
    "criteria import": ("criteria", "import"),
    "db restore": ("db", "restore", "--yes"),
}
KINDS = {
    "fifo": "benannte Pipe (FIFO)",
    "device": "ein Gerät",
    "folder": "ein Ordner",
}
FOLDERS_ALLOWED = {"round import", "round amend"}  # a folder of return packages


def not_a_file(kind: str, folder: Path) -> Path:
    path = folder / f"eingabe-{kind}.imag-return"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    return path


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_refused_at_once(fresh_register: Path, tmp_path: Path, command: str, kind: str) -> None:
    if kind == "folder" and command in FOLDERS_ALLOWED:
        pytest.skip("a folder is read as a folder of return packages")
    register = (
        (fresh_register / REGISTER_FILE_NAME).read_bytes() if command == "db restore" else b""
    )
    path = not_a_file(kind, tmp_path)
    result = run_imag(
        "--lang", "de", "--data-dir", fresh_register, *COMMANDS[command], path, timeout=60
    )
    assert result.code not in (0, 70), result.err
    assert path.name in result.err
    assert KINDS[kind] in result.err
    if register:
        assert (fresh_register / REGISTER_FILE_NAME).read_bytes() == register


@pytest.mark.parametrize("option", ["--catalogue", "--departments"])
def test_db_create_refuses_a_pipe_for_its_files(
    data_dir: Path, tmp_path: Path, option: str
) -> None:
    path = not_a_file("fifo", tmp_path)
    result = run_imag(
        "--lang", "de", "--data-dir", data_dir, "db", "create", option, path, timeout=60
    )
    assert result.code not in (0, 70), result.err
    assert KINDS["fifo"] in result.err
