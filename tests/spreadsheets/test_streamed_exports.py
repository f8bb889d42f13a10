"""The JSON and CSV exports read as the rows come (issue 18) are, byte for byte, what they were
when every record was read first: the JSON (laid out by ``json``'s C encoder) is ``json.dumps``
of the records read the way it was made before (``measure_json.records``: the ORM-free record
queries and the editor's normalized input), the CSV the rows of every measure's input read at
once; on a generated register with every field filled in every shape (texts to strip, control
characters, floats, dates, free-text translations in every state, archived measures), on both
backends."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete

from app.models import Measure
from app.operations.export import to_json
from app.paths import resolve
from app.spreadsheets import json_layout, json_records, measure_json
from app.storage.register import open_register
from tests.support.export_kit import fill


def exported(
    folder: Path, database: str | None = None, batch: int | None = None
) -> tuple[str, str]:
    """The export as streamed now, and ``json.dumps`` of every record read as before."""
    with open_register(resolve(folder, database=database), readonly=True) as register:
        with register.session() as session:
            before = to_json(list(measure_json.records(session)))
        with register.session() as session, pytest.MonkeyPatch.context() as patch:
            if batch is not None:
                patch.setattr(json_records, "BATCH", batch)
            text = io.StringIO()
            measure_json.write(session, text)
    return text.getvalue(), before


def test_every_field_in_every_shape_is_exported_as_before(tmp_path: Path) -> None:
    fill(tmp_path, 2000)
    streamed, before = exported(tmp_path, batch=97)
    assert streamed == before
    records = json.loads(streamed)
    assert len(records) == 2066
    filled = [r for r in records if r["code"].startswith("X.")]
    # the register does hold what the comparison is about
    assert {r["comment_state_pl"] for r in filled} >= {
        None, "missing", "proposal", "translated", "needs_update"
    }  # fmt: skip
    assert any(r["indicators"] and r["milestones"] and r["partners"] for r in filled)
    assert any(r["participating_departments"] and r["source_lines"] for r in filled)
    assert any(i["baseline"] == 1 / 3 for r in filled for i in r["indicators"])
    assert any(r["archived"] and r["comment"] for r in filled)


def test_the_register_file_read_with_sqlite3_alone_gives_the_same_text(
    tmp_path: Path, monkeypatch
) -> None:
    """The command line's export of a register file (``json_file``: the queries as SQLite
    text, no SQLAlchemy) is the export through the session, byte for byte."""
    import contextlib

    from app.spreadsheets import json_file
    from app.storage.reading import open_for_reading

    fill(tmp_path, 1000)
    monkeypatch.setattr(json_records, "BATCH", 97)
    streamed, _before = exported(tmp_path)
    with contextlib.closing(open_for_reading(resolve(tmp_path))) as connection:
        text = io.StringIO()
        assert json_file.write(connection, text) == 1066
    assert text.getvalue() == streamed


def test_the_csv_read_a_batch_at_a_time_is_the_same(tmp_path: Path, monkeypatch) -> None:
    from app.i18n import translator
    from app.spreadsheets import measures, text_columns
    from app.spreadsheets.measure_columns import SHEET_COLUMNS
    from app.spreadsheets.register_data import current_measures
    from app.spreadsheets.workbook import csv_text

    fill(tmp_path, 600)
    tr = translator("cs")
    monkeypatch.setattr(measures, "BATCH", 97)
    with open_register(resolve(tmp_path), readonly=True) as register, register.session() as session:
        at_once = current_measures(session)
        headers = [tr.gettext(column.label) for column in SHEET_COLUMNS]
        texts = text_columns.current(session)
        expected = csv_text(headers, measures.measure_rows(at_once, tr, texts))
        streamed, count = measures.export_text(session, fmt="csv", tr=tr)
        target = tmp_path / "out.csv"
        assert measures.export_measures(session, target, fmt="csv", tr=tr) == 666
    assert (streamed, count) == (expected, 666)
    assert target.read_bytes() == b"\xef\xbb\xbf" + expected.encode("utf-8")


@pytest.mark.parametrize("register_url", ["postgresql"], indirect=True)
def test_on_a_server_the_export_is_the_same(tmp_path: Path, register_url: str, cli) -> None:
    assert cli("--data-dir", tmp_path, "--database", register_url, "db", "create").code == 0
    fill(tmp_path, 300, register_url)
    streamed, before = exported(tmp_path, register_url, batch=50)
    assert streamed == before
    assert len(json.loads(streamed)) == 366


def test_an_empty_register_is_an_empty_list(tmp_path: Path) -> None:
    with open_register(resolve(tmp_path)) as register, register.session() as session:
        session.execute(delete(Measure))
        session.commit()
    assert exported(tmp_path) == ("[]\n", "[]\n")


@pytest.mark.parametrize(
    "record",
    [
        {"a": None, "b": True, "c": False, "d": 0, "e": -12, "f": 0.1, "g": 1e300, "h": 2.5},
        {"title": 'Łódź – Ústí „Zitat“ "quoted" \\ tab\t line\n end \u2028 \x00 \x1e % %s'},
        {"%s": "%", "x": [], "y": None},
    ],
)
def test_the_layout_is_json_dumps_with_indent(record: dict[str, Any]) -> None:
    layout = json_layout.Layout(list(record), 1)
    expected = json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    assert layout.text(json_layout.encoded(list(record.values()))) == expected
    fixed = json_layout.Layout(list(record), 1, {key: record[key] for key in list(record)[1:]})
    assert fixed.text(json_layout.encoded(list(record.values())[:1])) == expected


def test_nested_lists_are_laid_out_as_json_dumps() -> None:
    items = [{"id": 1, "name": "a\tb", "when": None}, {"id": 2, "name": "", "when": 0.5}]
    record: dict[str, Any] = {"goals": [1, 2], "names": ["x", "\x1e"], "items": items}
    expected = json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    layout = json_layout.Layout(list(record), 1)
    item = json_layout.Layout(list(items[0]), 3)
    scalars = json_layout.list_template("%s", 2, 2)
    objects = json_layout.list_template(item.template, 2, 2)
    texts = [
        scalars % tuple(json_layout.encoded(record["goals"])),
        scalars % tuple(json_layout.encoded(record["names"])),
        objects % tuple(json_layout.encoded([v for i in items for v in i.values()])),
    ]
    assert layout.text(texts) == expected
