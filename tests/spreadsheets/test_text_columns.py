"""The measures sheet's columns of the free texts' Polish and Czech versions and their states:
an unchanged export reads back unchanged (XLSX and CSV), an edited Polish comment imports as a
change with its preview (a proposal unless its state cell says translated), a state cell
confirms a proposal, and a translation without German is refused by sheet, row and column
with nothing changed."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from app.free_text import view
from app.free_text.segments import Edit
from app.i18n import translator
from app.operations.context import Actor
from app.paths import AppPaths
from tests.support.free_text import codes, set_texts, stored
from tests.support.measure_sheets import apply, column, export, plan, refused
from tests.support.rounds_kit import table_dump

ACTOR = Actor("Test")
COMMENT = "Die Maßnahme läuft im Plan."
STEPS = "Abstimmung mit dem Ressort im zweiten Quartal."
COMMENT_PL = "Działanie realizowane zgodnie z planem."
STEPS_PL = "Uzgodnienia z resortem w drugim kwartale."
COMMENT_CS = "Opatření probíhá podle plánu."


@pytest.fixture
def folder(demo_copy: AppPaths) -> Path:
    """The demo register with a reviewed Polish comment and a proposed Polish next step."""
    from app.storage.register import open_register

    folder = demo_copy.data_dir
    first, second = codes(folder)[:2]
    set_texts(folder, [("*", "comment", None), ("*", "next_steps", None)])
    set_texts(folder, [(first, "comment", COMMENT), (second, "next_steps", STEPS)])
    with open_register(demo_copy) as register, register.session() as session:
        view.apply(session, ACTOR, "pl", [Edit(first, "comment", COMMENT_PL, COMMENT)],
                   reviewed=True)  # fmt: skip
        view.apply(session, ACTOR, "pl", [Edit(second, "next_steps", STEPS_PL, STEPS)],
                   reviewed=False)  # fmt: skip
    return folder


@pytest.mark.parametrize(("fmt", "lang"), [("xlsx", "pl"), ("csv", "cs"), ("xlsx", "de")])
def test_an_unchanged_export_with_translations_reads_back_unchanged(
    folder: Path, tmp_path: Path, fmt: str, lang: str
) -> None:
    path = export(folder, tmp_path / f"m.{fmt}", fmt, lang)
    if fmt == "csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle, delimiter=";"))
        header = rows[0]
        assert header[-12:][0] == translator(lang).gettext("Comment (Polish)")
        first = rows[1]
        assert first[header.index(translator(lang).gettext("Comment (Polish)"))] == COMMENT_PL
    assert plan(folder, path).empty


def _sheet(path: Path) -> tuple[Any, Any]:
    book = openpyxl.load_workbook(path)
    return book, book.worksheets[0]


def test_edited_translations_import_with_their_states(folder: Path, tmp_path: Path) -> None:
    first, second = codes(folder)[:2]
    path = export(folder, tmp_path / "m.xlsx", "xlsx", "pl")
    book, ws = _sheet(path)
    tr = translator("pl")
    # the reviewed Polish comment corrected: its state cell still says "translated"
    ws.cell(2, column(ws, tr.gettext("Comment (Polish)"))).value = COMMENT_PL + " Bez zmian."
    # the proposed Polish next step confirmed by its state cell
    state = column(ws, tr.gettext("Next steps: translation state (Polish)"))
    ws.cell(3, state).value = tr.gettext("translated")
    # a Czech comment typed in, its state cell left "not translated": a proposal
    ws.cell(2, column(ws, tr.gettext("Comment (Czech)"))).value = COMMENT_CS
    book.save(path)

    planned = plan(folder, path)
    missing, proposal, translated = (
        tr.gettext(label) for label in ("not translated", "proposal (not reviewed)", "translated")
    )
    assert [(c.code, c.field, c.old, c.new) for c in planned.changes] == [
        (first, "comment_pl", COMMENT_PL, COMMENT_PL + " Bez zmian."),
        (first, "comment_cs", "", COMMENT_CS),
        (first, "comment_state_cs", missing, proposal),
        (second, "next_steps_state_pl", proposal, translated),
    ]
    apply(folder, path)
    assert stored(folder) == {
        (first, "comment", "pl", COMMENT_PL + " Bez zmian.", "translated"),
        (first, "comment", "cs", COMMENT_CS, "proposal"),
        (second, "next_steps", "pl", STEPS_PL, "translated"),
    }
    assert plan(folder, export(folder, tmp_path / "again.xlsx", "xlsx", "pl")).empty


def test_a_translation_without_german_is_refused_by_its_cell(folder: Path, tmp_path: Path) -> None:
    path = export(folder, tmp_path / "m.xlsx", "xlsx", "de")
    book, ws = _sheet(path)
    where = column(ws, "Bemerkung (polnisch)")
    ws.cell(4, where).value = "Uwaga bez tekstu niemieckiego."
    book.save(path)
    before = table_dump(folder)
    problems = refused(folder, path)
    letter = openpyxl.utils.get_column_letter(where)
    assert any(letter in line and "4" in line and "Kein deutscher" in line for line in problems), (
        problems
    )
    assert table_dump(folder) == before
