"""The JSON export streamed a batch of measures at a time (issue 18) is, byte for byte, what
dumping every record at once gives: same order, same keys, same layout, whatever the batch
(the records' content is checked by the command line's tests)."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from app.operations.export import to_json
from app.paths import AppPaths
from app.spreadsheets import json_records, measure_json
from app.storage.register import open_register


def all_at_once(session, monkeypatch) -> str:
    """The export as it was made before: every record in memory (one batch), then one dump."""
    with monkeypatch.context() as patch:
        patch.setattr(measure_json, "BATCH", 10**9)
        return to_json(list(measure_json.records(session)))


@pytest.mark.parametrize("batch", [1, 7, 500])
def test_streamed_json_is_the_same_text(demo_copy: AppPaths, monkeypatch, batch: int) -> None:
    with open_register(demo_copy, readonly=True) as register, register.session() as session:
        expected = all_at_once(session, monkeypatch)
        monkeypatch.setattr(json_records, "BATCH", batch)
        text = io.StringIO()
        measure_json.write(session, text)
        streamed = text.getvalue()
    assert streamed == expected
    assert len(json.loads(streamed)) > 50


def test_the_command_prints_and_writes_the_same(demo_copy: AppPaths, tmp_path, monkeypatch) -> None:
    with open_register(demo_copy, readonly=True) as register, register.session() as session:
        expected = all_at_once(session, monkeypatch)
    base = [sys.executable, "-m", "app", "--data-dir", str(demo_copy.data_dir)]
    printed = subprocess.run(
        [*base, "measures", "export", "--format", "json"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    assert printed.decode("utf-8") == expected
    target = tmp_path / "out.json"
    subprocess.run(
        [*base, "measures", "export", "--format", "json", "--out", str(target)],
        capture_output=True, check=True,
    )  # fmt: skip
    assert target.read_text(encoding="utf-8") == expected


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        {"a": None, "b": True, "c": False, "d": 0, "e": -12, "f": 0.1, "g": 1e300, "h": 2.5},
        {"title": 'Łódź – Ústí „Zitat“ "quoted" \\ tab\t line\n end \u2028 \x00'},
        {"goals": [1, 2], "parts": [], "nested": {"x": [{"y": []}, {}], "z": {}}},
        [[1, [2, [3]]], "ü", None],
        "just text",
        42,
    ],
)
def test_the_fast_layout_is_json_dumps_with_indent(value: object) -> None:
    from app.spreadsheets.measure_json import indented

    assert indented(value) == json.dumps(value, ensure_ascii=False, indent=2)
    assert indented(value, 1) == json.dumps(value, ensure_ascii=False, indent=2).replace(
        "\n", "\n  "
    )
