"""One module decides where files live: explicit folder, portable mode, the user's profile."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import paths


def test_explicit_folder_holds_everything(tmp_path: Path) -> None:
    resolved = paths.resolve(tmp_path / "d")
    assert resolved.explicit
    for folder in (resolved.backups_dir, resolved.logs_dir, resolved.config_dir):
        assert folder.is_relative_to(tmp_path / "d")
    assert resolved.register_file == tmp_path / "d" / "register.imag.sqlite"
    assert not (tmp_path / "d").exists()  # nothing is created until something is written


def test_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMAG_DATA_DIR", str(tmp_path / "env"))
    assert paths.resolve().data_dir == tmp_path / "env"
    assert paths.resolve(tmp_path / "arg").data_dir == tmp_path / "arg"  # the argument wins


def test_portable_mode_keeps_data_next_to_the_program(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paths, "program_dir", lambda: tmp_path / "program")
    (tmp_path / "program").mkdir()
    assert not paths.resolve().portable
    (tmp_path / "program" / paths.PORTABLE_MARKER).write_text("")
    resolved = paths.resolve()
    assert resolved.portable
    assert resolved.data_dir == tmp_path / "program" / "data"
    assert resolved.config_dir.is_relative_to(tmp_path / "program")


def test_profile_folders_follow_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "conf"))
    resolved = paths.resolve()
    assert resolved.data_dir == tmp_path / "share" / "IMAG-Register"
    assert resolved.config_dir == tmp_path / "conf" / "IMAG-Register"


def test_cli_portable_flag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli) -> None:
    monkeypatch.setattr(paths, "program_dir", lambda: tmp_path / "program")
    result = cli("--portable", "db", "backup")
    assert result.code == 1  # there is no register yet in the portable folder
    assert str(tmp_path / "program" / "data") in result.err
