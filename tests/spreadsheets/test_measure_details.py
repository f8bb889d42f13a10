"""Every field editable through the core (issue 13, item 3): indicators, milestones, budget
amounts and contact in ``MeasureInput``, validated and audited field by field; indicators made
this way go out in round packages, so ``return set --indicator`` works on a real register."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.errors import InvalidInput
from app.i18n import translator
from app.models import AuditEvent
from app.operations import measures
from app.operations.context import Actor
from app.operations.measures import IndicatorInput, MeasureInput, MilestoneInput
from app.paths import resolve
from app.spreadsheets.register_data import current_measures
from app.storage.register import open_register

ACTOR = Actor("Erika Muster")
MEETINGS = IndicatorInput(None, "Treffen", "Anzahl", 0, 10, 4, dt.date(2026, 3, 31))
START = MilestoneInput(None, "Auftakt", dt.date(2026, 5, 1), None)


def _change(folder: Path, code: str, **changes: Any) -> list[str]:
    with open_register(resolve(folder)) as register, register.session() as session:
        data, revision = measures.measure_input(session, code)
        session.commit()
        return measures.update_measure(
            session, ACTOR, code, replace(data, **changes), revision=revision
        )


def _input(folder: Path, code: str) -> MeasureInput:
    with open_register(resolve(folder), readonly=True) as register, register.session() as s:
        return measures.measure_input(s, code)[0]


def test_details_are_written_read_back_and_audited(fresh_register: Path) -> None:
    changed = _change(
        fresh_register,
        "I.01",
        budget_planned_cents=1_000_000,
        budget_committed_cents=250_050,
        contact_name=" Jana Nowak ",
        contact_email="jana.nowak@sk.sachsen.de",
        contact_phone="+49 351 564-0",
        indicators=(MEETINGS,),
        milestones=(START,),
    )
    assert sorted(changed) == [
        "budget_committed_cents",
        "budget_planned_cents",
        "contact_email",
        "contact_name",
        "contact_phone",
        "indicators",
        "milestones",
    ]
    data = _input(fresh_register, "I.01")
    assert data.contact_name == "Jana Nowak"
    (indicator,) = data.indicators
    assert indicator.id is not None
    assert replace(indicator, id=None) == MEETINGS
    assert data.milestones[0].title == "Auftakt"
    # unchanged input: nothing written; the same input read in bulk is the same
    assert _change(fresh_register, "I.01") == []
    with open_register(resolve(fresh_register), readonly=True) as register, register.session() as s:
        assert current_measures(s).inputs["I.01"] == measures.normalize(data)
        events = s.scalars(select(AuditEvent).where(AuditEvent.field == "indicators")).all()
    assert len(events) == 1
    assert json.loads(events[0].new_value or "")[0]["name"] == "Treffen"
    # matched by id: a changed value keeps the indicator, a left-out one is removed
    done = replace(data.milestones[0], done_date=dt.date(2026, 5, 2))
    assert _change(fresh_register, "I.01", milestones=(done,)) == ["milestones"]
    assert _input(fresh_register, "I.01").milestones == (done,)
    assert _change(fresh_register, "I.01", indicators=()) == ["indicators"]
    assert _input(fresh_register, "I.01").indicators == ()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"budget_planned_cents": -1}, "Geplante Mittel muss zwischen 0 und"),
        ({"contact_email": "nowak at sk"}, "nowak at sk ist keine E-Mail-Adresse."),
        ({"contact_phone": "ruf an"}, "ruf an ist keine Telefonnummer"),
        ({"indicators": (IndicatorInput(None, " "),)}, "Ein Indikator braucht einen Namen."),
        ({"indicators": (IndicatorInput(None, "x"),) * 201}, "höchstens 200 Indikatoren"),
        (
            {"indicators": (IndicatorInput(None, "x", actual_date=dt.date(2026, 1, 1)),)},
            "hat ein Datum, aber keinen Istwert",
        ),
        ({"indicators": (IndicatorInput(None, "x", target=float("nan")),)}, "keine Zahl ist"),
        ({"indicators": (IndicatorInput(99, "x"),)}, "hat keinen Indikator mit der ID 99"),
        ({"milestones": (MilestoneInput(None, ""),)}, "Ein Meilenstein braucht einen Titel."),
        (
            {"milestones": (MilestoneInput(None, "x", None, dt.date(2999, 1, 1)),)},
            "kann nicht in der Zukunft erreicht sein",
        ),
    ],
)
def test_bad_details_are_refused_and_nothing_written(
    fresh_register: Path, changes: dict[str, Any], message: str
) -> None:
    before = _input(fresh_register, "I.02")
    with pytest.raises(InvalidInput) as refused:
        _change(fresh_register, "I.02", **changes)
    assert message in translator("de").render(refused.value.message)
    assert _input(fresh_register, "I.02") == before


def test_a_new_measure_with_its_own_code(fresh_register: Path) -> None:
    data = MeasureInput(instrument="II", title_de="Neue Partnerschaft", indicators=(MEETINGS,))
    with open_register(resolve(fresh_register)) as register, register.session() as session:
        assert measures.create_measure(session, ACTOR, data, code="II.42") == "II.42"
        with pytest.raises(InvalidInput, match="already"):
            measures.create_measure(session, ACTOR, data, code="II.42")
        with pytest.raises(InvalidInput, match="does not fit"):
            measures.create_measure(session, ACTOR, data, code="III.42")
    assert _input(fresh_register, "II.42").indicators[0].name == "Treffen"


def test_return_set_indicator_on_a_real_register(fresh_register: Path, tmp_path: Path, cli) -> None:
    """An indicator made through the core goes out in the package; the department answers it
    with ``return set --indicator`` and the secretariat's import writes it."""
    _change(fresh_register, "I.01", lead_department="SK", indicators=(MEETINGS,))
    indicator = _input(fresh_register, "I.01").indicators[0].id
    secretariat = ("--data-dir", fresh_register, "--lang", "de")
    result = cli(
        *secretariat, "round", "create", "R1", "--deadline", "2099-06-30", "--departments", "SK"
    )
    assert result.code == 0, result.err
    outbox = tmp_path / "outbox"
    assert cli(*secretariat, "round", "issue", "R1", "--out", outbox).code == 0
    (package,) = outbox.glob("*.imag-round")
    laptop = ("--data-dir", tmp_path / "laptop", "--lang", "de")
    assert cli(*laptop, "package", "open", package).code == 0, "package open"
    result = cli(*laptop, "return", "set", "I.01", "--indicator", f"{indicator}=7,5@2026-06-01")
    assert result.code == 0, result.err
    answer = tmp_path / "sk.imag-return"
    assert cli(*laptop, "return", "export", "--out", answer).code == 0
    result = cli(*secretariat, "round", "import", answer)
    assert result.code == 0, result.err
    (after,) = _input(fresh_register, "I.01").indicators
    assert (after.id, after.actual, after.actual_date) == (indicator, 7.5, dt.date(2026, 6, 1))
