"""The JSON and CSV exports read as the rows come (issue 18) are, byte for byte, what they were
when every record was read first: the JSON (laid out by ``json``'s C encoder) is ``json.dumps``
of the records read the way it was made before (``measure_json.records``: the ORM-free record
queries and the editor's normalized input), the CSV the rows of every measure's input read at
once; on a generated register with every field filled in every shape (texts to strip, control
characters, floats, dates, free-text translations in every state, archived measures), on both
backends."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, insert, select, update

from app.models import (
    Department,
    Goal,
    Indicator,
    Instrument,
    Measure,
    MeasureDepartment,
    MeasureGoal,
    MeasurePartner,
    Milestone,
    Partner,
    Section,
    TextTranslation,
)
from app.operations.export import to_json
from app.paths import resolve
from app.spreadsheets import json_layout, json_records, measure_json
from app.storage.register import open_register

TEXTS = (
    None,
    "",
    "   ",
    "Schlicht",
    "  Rand mit Leerzeichen \n",
    'Łódź – Ústí „Zitat“ "quoted" \\ tab\t line\n end \u2028 \x01 % %s 100 %',
    "\u00a0nbsp\u3000",
)
FLOATS = (None, 0.0, 0.1, 1 / 3, 2.5, 1e20, -7.0, 123456789.125)


def pick(values: tuple[Any, ...], n: int) -> Any:
    return values[n % len(values)]


def fill(folder: Path, total: int, database: str | None = None) -> None:
    """``total`` measures with every field filled, in every shape, and their links."""
    with (
        open_register(resolve(folder, database=database)) as register,
        register.session() as session,
        session.begin(),
    ):
        instruments = list(session.scalars(select(Instrument.id)))
        sections = list(session.scalars(select(Section.id)))
        departments = list(session.scalars(select(Department.id)))
        goals = list(session.scalars(select(Goal.id)))
        partners = list(session.scalars(select(Partner.id)))
        base = dt.date(2026, 1, 1)
        rows = [
            {
                "code": f"X.{n:04d}",
                "instrument_id": pick(tuple(instruments), n),
                "section_id": pick((None, *sections), n),
                "position": 1000 + n // 3,  # ties: ordered by id
                "title_de": pick(TEXTS[3:], n) + f" {n}",
                "title_pl": pick(TEXTS, n + 1),
                "title_cs": pick(TEXTS, n + 2),
                "state_pl": pick(("missing", "proposal", "translated", "needs_update"), n),
                "state_cs": pick(("translated", "missing", "proposal"), n),
                "description_de": pick(TEXTS, n + 3),
                "description_pl": pick(TEXTS, n + 4),
                "description_cs": pick(TEXTS, n + 5),
                "lead_in_de": pick(TEXTS, n + 6),
                "modality": pick((None, "could", "shall", "continue"), n),
                "source_first_line": pick((None, 10, 200), n),
                "source_last_line": pick((None, 12, 230), n),
                "status": pick(
                    ("planned", "in_progress", "continuous", "completed", "suspended", "dropped"),
                    n,
                ),
                "status_reason": pick(TEXTS[3:], n + 1) if n % 6 == 5 else pick(TEXTS, n),
                "traffic_light": pick((None, "green", "amber", "red"), n),
                "progress": pick((None, 0, 50, 100, 7), n),
                "start_date": pick((None, base, base + dt.timedelta(days=40)), n),
                "end_date": pick((None, None, base + dt.timedelta(days=400)), n),
                "comment": pick(TEXTS, n + 2),
                "next_steps": pick(TEXTS, n // 7),
                "budget_reservation": n % 2 == 0,
                "budget_planned_cents": pick((None, 0, 123456, 2_000_000_000), n),
                "budget_committed_cents": pick((None, 5, 99), n),
                "contact_name": pick(TEXTS, n + 3),
                "contact_email": pick((None, "", " a@b.de ", "x@example.org"), n),
                "contact_phone": pick((None, "+49 351 1234", "  "), n),
                "archived": n % 9 == 4,
                "created_at": "2026-01-01T00:00:00Z",
                "updated_at": f"2026-02-{1 + n % 28:02d}T10:00:00Z",
            }
            for n in range(total)
        ]
        session.execute(insert(Measure), rows)
        ids = list(session.scalars(select(Measure.id).where(Measure.code.like("X.%"))))
        session.execute(
            update(Measure).where(Measure.id.in_(ids[1::5])).values(successor_id=ids[0])
        )
        _links(session, ids, departments, goals, partners)
        _items(session, ids, base)
        _translations(session, ids, rows)


def _links(session: Any, ids: list[int], departments: list[int], goals: list[int],
           partners: list[int]) -> None:  # fmt: skip
    session.execute(
        insert(MeasureDepartment),
        [
            {"measure_id": m, "department_id": departments[(m + k) % len(departments)],
             "role": "lead" if k == 0 else "participating"}
            for n, m in enumerate(ids)
            for k in range(n % 4)
        ],
    )  # fmt: skip
    session.execute(
        insert(MeasureGoal),
        [{"measure_id": m, "goal_id": goals[(m * 5 + k) % 6]}
         for n, m in enumerate(ids) for k in range(n % 4)],
    )  # fmt: skip
    session.execute(
        insert(MeasurePartner),
        [{"measure_id": m, "partner_id": partners[(m * 3 + k) % len(partners)]}
         for n, m in enumerate(ids) for k in range(n % 3)],
    )  # fmt: skip


def _items(session: Any, ids: list[int], base: dt.date) -> None:
    session.execute(
        insert(Indicator),
        [
            {"measure_id": m, "position": 3 - k, "name": pick(TEXTS[3:], n + k),
             "unit": pick((None, "", " EUR ", "Personen"), n + k),
             "baseline": pick(FLOATS, n), "target": pick(FLOATS, n + k + 1),
             "actual": pick(FLOATS, n + 2), "actual_date": pick((None, base), n + k)}
            for n, m in enumerate(ids)
            for k in range(n % 3)
        ],
    )  # fmt: skip
    session.execute(
        insert(Milestone),
        [
            {"measure_id": m, "position": k, "title": pick(TEXTS[3:], n + k),
             "due_date": pick((None, base + dt.timedelta(days=k)), n),
             "done_date": pick((None, None, base), n + k)}
            for n, m in enumerate(ids)
            for k in range(n % 4 // 2 * 2)
        ],
    )  # fmt: skip


def _translations(session: Any, ids: list[int], rows: list[dict[str, Any]]) -> None:
    """Translations of the free texts: up to date (a proposal or reviewed), made from another
    German text (needs an update), of texts without German words, of archived measures."""
    session.execute(
        insert(TextTranslation),
        [
            {"measure_id": m, "field": field, "lang": lang,
             "text": f"{lang} {field} {n}", "state": pick(("proposal", "translated"), n),
             "source_de": (row[field] or "") + ("" if n % 5 else " (alt)"),
             "updated_at": "2026-03-01T00:00:00Z"}
            for n, (m, row) in enumerate(zip(ids, rows, strict=True))
            for field in ("comment", "next_steps", "status_reason")
            for lang in ("pl", "cs")
            if (n + len(field) + len(lang)) % 3
        ],
    )  # fmt: skip


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
