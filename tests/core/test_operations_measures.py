"""Changing measures and departments through the core: validation, transactions, audit."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.errors import InvalidInput
from app.i18n import translator
from app.models import AuditEvent, Measure, Status, TranslationState
from app.operations import departments, measures
from app.operations.context import Actor
from app.operations.register_view import Filter, fold, load_rows, matching
from app.paths import resolve
from app.storage.register import Register, open_register
from tests.support.postgres import new_register

ACTOR = Actor("Erika Muster")


@pytest.fixture
def register(data_dir: Path, register_url: str):
    """A new register, a file and one on a PostgreSQL server: every test here runs on both."""
    paths = resolve(data_dir, database=register_url)
    new_register(paths)
    with open_register(paths) as reg:
        yield reg


def _audit_count(reg: Register) -> int:
    with reg.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEvent)) or 0


def _render(error: pytest.ExceptionInfo[InvalidInput], lang: str = "de") -> str:
    return translator(lang).render(error.value.message)


def test_edit_records_old_and_new_values(register: Register) -> None:
    with register.session() as s:
        data, revision = measures.measure_input(s, "I.01")
    with register.session() as s:
        changed = measures.update_measure(
            s,
            ACTOR,
            "I.01",
            replace(data, status=Status.IN_PROGRESS, progress=40, lead_department="SK",
                    participating=("SMWK",), goals=(1,), partners=("CZ",)),
            revision=revision,
        )  # fmt: skip
    assert set(changed) == {
        "status", "progress", "lead_department", "participating", "goals", "partners"
    }  # fmt: skip
    with register.session() as s:
        events = measures.history(s, "I.01")
        data, new_revision = measures.measure_input(s, "I.01")
    assert new_revision == revision + 1
    assert data.lead_department == "SK"
    assert data.participating == ("SMWK",)
    status = next(e for e in events if e.field == "status")
    assert (status.old_value, status.new_value) == ('"planned"', '"in_progress"')
    assert status.actor == "Erika Muster"
    assert status.source == "app"
    # An unchanged save writes nothing; a stale revision is refused.
    before = _audit_count(register)
    with register.session() as s:
        assert measures.update_measure(s, ACTOR, "I.01", data) == []
    with register.session() as s, pytest.raises(InvalidInput):
        measures.update_measure(s, ACTOR, "I.01", replace(data, progress=50), revision=revision)
    assert _audit_count(register) == before


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"progress": 101}, "zwischen 0 und 100"),
        ({"start_date": dt.date(2026, 5, 1), "end_date": dt.date(2026, 4, 30)}, "Ende"),
        ({"status": Status.DROPPED}, "Grund oder einen Nachfolger"),
        ({"title_de": "  "}, "deutschen Titel"),
        ({"lead_department": "NOPE"}, "NOPE"),
        ({"successor": "I.01"}, "I.01"),
    ],
)
def test_invalid_input_changes_nothing(register: Register, change, expected: str) -> None:
    with register.session() as s:
        data, _ = measures.measure_input(s, "I.01")
    before = _audit_count(register)
    with register.session() as s, pytest.raises(InvalidInput) as error:
        measures.update_measure(s, ACTOR, "I.01", replace(data, **change))
    assert expected in _render(error)
    assert _audit_count(register) == before


def test_dropped_with_reason_and_translation_states(register: Register) -> None:
    with register.session() as s:
        data, _ = measures.measure_input(s, "II.01")
    # a fresh register has the catalogue's Polish and Czech titles, as proposals
    assert data.title_pl
    assert data.title_cs
    assert data.state_pl == data.state_cs == TranslationState.PROPOSAL
    with register.session() as s:
        measures.update_measure(s, ACTOR, "II.01", replace(data, title_pl="Tytuł", title_cs=None))
    with register.session() as s:
        data, _ = measures.measure_input(s, "II.01")
    assert data.state_pl == TranslationState.PROPOSAL  # edited, but nobody confirmed it
    assert data.state_cs == TranslationState.MISSING
    with register.session() as s:
        measures.update_measure(
            s, ACTOR, "II.01", replace(data, state_pl=TranslationState.TRANSLATED)
        )
    with register.session() as s:
        data, _ = measures.measure_input(s, "II.01")
    assert data.state_pl == TranslationState.TRANSLATED
    with register.session() as s:
        measures.update_measure(
            s, ACTOR, "II.01",
            replace(data, title_de=data.title_de + " (neu)", status=Status.DROPPED,
                    status_reason="Aufgegangen in II.02"),
        )  # fmt: skip
    with register.session() as s:
        data, _ = measures.measure_input(s, "II.01")
    assert data.state_pl == TranslationState.NEEDS_UPDATE
    assert data.status == Status.DROPPED


def test_confirming_a_proposed_title_is_audited_and_exported(register: Register) -> None:
    """A liaison office confirms the catalogue's proposal: the state becomes "translated", the
    audit trail says so, the export shows it; the other language stays a proposal."""
    from app.operations.queries import measure_records

    with register.session() as s:
        records = measure_records(s)
    assert len(records) == 66
    assert all(r["title_pl"] and r["title_cs"] for r in records)
    assert {r["state_pl"] for r in records} == {r["state_cs"] for r in records} == {"proposal"}
    with register.session() as s:
        data, revision = measures.measure_input(s, "I.03")
    with register.session() as s:
        changed = measures.update_measure(
            s, ACTOR, "I.03", replace(data, state_cs=TranslationState.TRANSLATED),
            revision=revision,
        )  # fmt: skip
    assert changed == ["state_cs"]
    with register.session() as s:
        record = next(r for r in measure_records(s) if r["code"] == "I.03")
        events = measures.history(s, "I.03")
    assert (record["state_pl"], record["state_cs"]) == ("proposal", "translated")
    assert (events[0].field, events[0].old_value, events[0].new_value) == (
        "state_cs",
        '"proposal"',
        '"translated"',
    )
    with register.session() as s:  # saving again unchanged writes nothing
        data, _ = measures.measure_input(s, "I.03")
    with register.session() as s:
        assert measures.update_measure(s, ACTOR, "I.03", data) == []


def test_create_archive_delete(register: Register) -> None:
    new = measures.MeasureInput(
        instrument="III", section="C", title_de="Fachkräfte aus Ústí gewinnen", progress=0
    )
    with register.session() as s:
        code = measures.create_measure(s, ACTOR, new)
    assert code.startswith("III.")
    with register.session() as s:
        rows = load_rows(s)
    assert [r.code for r in rows].count(code) == 1
    assert [rows[i].code for i in matching(rows, Filter(text="usti"))] == [code]
    with register.session() as s:
        measures.archive_measure(s, ACTOR, code)
    with register.session() as s:
        rows = load_rows(s)
    assert code not in [rows[i].code for i in matching(rows, Filter())]
    assert code in [rows[i].code for i in matching(rows, Filter(show_archived=True))]
    with register.session() as s:
        measures.delete_measure(s, ACTOR, code)
    with register.session() as s:
        assert s.scalar(select(Measure).where(Measure.code == code)) is None
        actions = [e.action for e in measures.history(s, code)]
    assert actions == ["delete", "archive", "create"]


def test_fold_and_filters(register: Register) -> None:
    assert fold("Wrocław") == "wroclaw"
    assert fold("ÚSTÍ nad Labem") == "usti nad labem"
    assert fold("Straße") == "strasse"
    with register.session() as s:
        data, _ = measures.measure_input(s, "I.02")
    with register.session() as s:
        measures.update_measure(s, ACTOR, "I.02", replace(data, lead_department="SMWK", goals=(2,)))
    with register.session() as s:
        rows = load_rows(s)
    assert len(matching(rows, Filter())) == 66
    assert len(matching(rows, Filter(instrument="III"))) < 66
    assert [rows[i].code for i in matching(rows, Filter(department="SMWK", goal=2))] == ["I.02"]
    assert matching(rows, Filter(instrument="II", department="SMWK")) == []


def test_departments(register: Register) -> None:
    with register.session() as s:
        departments.add_department(s, ACTOR, "smx", name_de="Neues Ministerium")
    with register.session() as s, pytest.raises(InvalidInput):
        departments.add_department(s, ACTOR, "SMX", name_de="Doppelt")
    with register.session() as s:
        departments.rename_department(s, ACTOR, "SMX", name_de="Umbenannt", name_pl="Nowe")
    with register.session() as s:
        data, _ = measures.measure_input(s, "I.03")
    with register.session() as s:
        measures.update_measure(s, ACTOR, "I.03", replace(data, lead_department="SMX"))
    with register.session() as s, pytest.raises(InvalidInput) as error:
        departments.retire_department(s, ACTOR, "SMX")
    assert "SMX" in _render(error, "pl")
    with register.session() as s:
        assert departments.retire_department(s, ACTOR, "SMX", reassign_to="SK") == 1
    with register.session() as s:
        data, _ = measures.measure_input(s, "I.03")
        rows = {r.code: r for r in departments.list_departments(s)}
    assert data.lead_department == "SK"
    assert rows["SMX"].retired
    assert rows["SMX"].name("pl") == "Nowe"
    with register.session() as s, pytest.raises(InvalidInput):
        measures.update_measure(s, ACTOR, "I.03", replace(data, lead_department="SMX"))
