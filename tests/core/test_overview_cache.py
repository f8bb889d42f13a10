"""The overview kept between starts (app.overview_cache, issue 18: start-up): kept as counted,
shown only while the register file is in the state it was counted from, and a kept file that
is broken, truncated, tampered with, oversized or of another register is ignored, never an
error."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from app import overview_cache
from app.overview import counted
from app.overview_cache import cache_file, recall, remember
from app.storage.fileformat import change_stamp
from tests.support.overview_kit import raise_progress, register_with_rounds
from tests.support.rounds_kit import session_of


@pytest.fixture(scope="module")
def with_rounds(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return register_with_rounds(demo_dir, tmp_path_factory.mktemp("rounds"))


@pytest.fixture
def kept(with_rounds: Path, tmp_path: Path) -> Path:
    """A copy of the register with rounds whose overview was counted (and kept)."""
    folder = tmp_path / "data"
    shutil.copytree(with_rounds, folder)
    cache_file(folder / "register.imag.sqlite").unlink(missing_ok=True)
    with session_of(folder) as session:
        counted(session, folder / "register.imag.sqlite")
    return folder / "register.imag.sqlite"


def test_the_overview_is_kept_as_counted(kept: Path) -> None:
    with session_of(kept.parent) as session:
        fresh = counted(session, None)  # a register on a server: counted, nothing kept
    again = recall(kept)
    assert again == fresh  # every figure, name, code and date
    assert again is not None
    assert again.round is not None
    assert len(again.trend) == 3
    assert any(group.light_codes["none"] for group in again.departments)


def test_a_write_to_the_register_makes_it_unusable(kept: Path) -> None:
    assert recall(kept) is not None
    raise_progress(kept.parent, "I", 1)  # as a command (or another copy of the program) would
    assert recall(kept) is None


def test_reading_the_register_leaves_it_usable(kept: Path) -> None:
    with session_of(kept.parent) as session:
        counted(session, None)
    assert recall(kept) is not None


def test_a_write_while_counting_keeps_nothing(kept: Path) -> None:
    cache_file(kept).unlink()
    stamp = change_stamp(kept)
    with session_of(kept.parent) as session:
        data = counted(session, None)
    raise_progress(kept.parent, "I", 1)
    assert remember(kept, stamp, data) is False
    assert not cache_file(kept).exists()


def test_another_file_in_its_place_is_not_the_same_register(kept: Path, tmp_path: Path) -> None:
    """A backup restored over it (a copy with the same time) is another state of the file."""
    copy = tmp_path / "copy.sqlite"
    shutil.copy2(kept, copy)
    os.replace(copy, kept)
    assert recall(kept) is None


def test_a_journal_beside_the_register_makes_it_unusable(kept: Path) -> None:
    """A write under way, or one a killed process left to be rolled back."""
    journal = kept.with_name(kept.name + "-journal")
    journal.write_bytes(b"\0" * 512)
    assert change_stamp(kept) is None
    assert recall(kept) is None
    journal.unlink()
    assert recall(kept) is not None


def _rewrite(kept: Path, change) -> None:
    payload = json.loads(cache_file(kept).read_text(encoding="utf-8"))
    change(payload)
    cache_file(kept).write_text(json.dumps(payload), encoding="utf-8")


def _set(path: tuple[str | int, ...], value: object):
    def change(payload: dict[str, Any]) -> None:
        node: Any = payload
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return change


@pytest.mark.parametrize(
    "change",
    [
        _set(("format",), 2),
        _set(("stamp",), "1:2:3:4:5"),
        _set(("overview", "measures"), -1),
        _set(("overview", "measures"), "66"),
        _set(("overview", "today"), "2026-13-40"),
        _set(("overview", "round", "status"), "bogus"),
        _set(("overview", "round", "departments", 0, "state"), "<script>"),
        _set(("overview", "instruments", 0, "by_status"), {"planned": 1}),
        _set(("overview", "instruments", 0, "light_codes", "green"), [1, 2]),
        _set(("overview", "departments", 0, "names"), {"en": "x"}),
        _set(("overview", "due"), {"code": "1.1"}),
        _set(("overview", "trend", 0, "progress", "I"), 250),
        _set(("overview", "instrument_names"), None),
        _set(("overview",), []),
    ],
)
def test_a_tampered_kept_overview_is_ignored(kept: Path, change) -> None:
    _rewrite(kept, change)
    assert recall(kept) is None


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\xff\xfe not json",
        b'{"format": 1, "stamp": ',  # truncated
        b"[" * 100_000 + b"]" * 100_000,  # nested deeper than the parser goes
        b"PK\x03\x04",
    ],
)
def test_a_broken_kept_overview_is_ignored(kept: Path, content: bytes) -> None:
    cache_file(kept).write_bytes(content)
    assert recall(kept) is None


def test_a_truncated_kept_overview_is_ignored(kept: Path) -> None:
    text = cache_file(kept).read_bytes()
    cache_file(kept).write_bytes(text[: len(text) // 2])
    assert recall(kept) is None


def test_an_oversized_kept_overview_is_not_read(kept: Path, monkeypatch) -> None:
    assert recall(kept) is not None
    monkeypatch.setattr(overview_cache, "SIZE_LIMIT", cache_file(kept).stat().st_size - 1)
    assert recall(kept) is None


def test_a_folder_that_cannot_be_written_keeps_nothing(kept: Path, monkeypatch) -> None:
    cache_file(kept).unlink()

    def refused(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refused)
    with session_of(kept.parent) as session:
        data = counted(session, kept)  # the overview is counted all the same
    assert data.measures == 66
    assert not cache_file(kept).exists()
    assert [p.name for p in kept.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_register_not_of_this_program_has_no_stamp(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE t (x)")
    connection.close()
    assert change_stamp(other) is None
    assert change_stamp(tmp_path / "missing.sqlite") is None
    assert recall(other) is None
