"""On Windows the key file gets an ACL that grants only the current user (``icacls`` with the
inherited entries removed and every other grant replaced), set where the file is written, on
the temporary file before the rename and on the keys folder. These tests cannot run Windows:
they pretend to be on it (``sys.platform`` and ``subprocess.run`` replaced) and check the exact
commands; elsewhere nothing is run."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app import keystore
from app.errors import NotWritable


class Recorder:
    def __init__(self, fail: bool = False) -> None:
        self.calls: list[list[str]] = []
        self.options: list[dict[str, Any]] = []
        self.fail = fail

    def __call__(self, command: list[str], **options: Any) -> subprocess.CompletedProcess[bytes]:
        self.calls.append(command)
        self.options.append(options)
        if self.fail:
            raise subprocess.CalledProcessError(5, command, b"", b"Access is denied.")
        return subprocess.CompletedProcess(command, 0, b"", b"")


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recorder = Recorder()
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(subprocess, "run", recorder)
    monkeypatch.setenv("USERNAME", "emuster")
    return recorder


def test_the_key_file_and_its_folder_are_granted_to_the_user_only(
    windows: Recorder, tmp_path: Path
) -> None:
    folder = tmp_path / "keys"
    target = keystore.save(folder, keystore.KeyRing("r-1", round_master=bytes(32)))
    assert target == folder / "r-1.imag-keys"
    assert keystore.load(folder, "r-1").round_master == bytes(32)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    assert windows.calls == [
        ["icacls", str(target.parent), "/inheritance:r", "/grant:r", "emuster:(OI)(CI)F"],
        ["icacls", str(temporary), "/inheritance:r", "/grant:r", "emuster:F"],
    ]
    assert all(options["check"] for options in windows.options)  # a failure is not ignored


def test_an_exported_file_changes_no_acl_of_the_folder_it_goes_to(
    windows: Recorder, tmp_path: Path
) -> None:
    """``imag keys export`` writes where the user says (e.g. the documents folder): only the
    new file is restricted, never the folder around it."""
    target = tmp_path / "Documents" / "keys.imag-keys"
    keystore.write_private(target, b"{}")
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    assert windows.calls == [["icacls", str(temporary), "/inheritance:r", "/grant:r", "emuster:F"]]


def test_a_failing_icacls_leaves_the_key_file_as_it_was(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "keys" / "r-1.imag-keys"
    keystore.write_private(target, b"old")  # not on Windows: no icacls
    failing = Recorder(fail=True)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(subprocess, "run", failing)
    with pytest.raises(NotWritable) as refused:
        keystore.write_private(target, b"new")
    assert "Access is denied." in str(refused.value.message.params["error"])
    assert target.read_bytes() == b"old"
    assert sorted(path.name for path in target.parent.iterdir()) == [target.name]


def test_elsewhere_the_file_modes_protect_and_nothing_is_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    recorder = Recorder()
    monkeypatch.setattr(subprocess, "run", recorder)
    if sys.platform == "win32":
        pytest.skip("a POSIX system")
    target = tmp_path / "keys" / "r-1.imag-keys"
    keystore.write_private(target, b"{}")
    assert recorder.calls == []
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
