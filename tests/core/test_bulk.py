"""Changing many measures at once through the core: lists set, added to and taken from, one
audit entry per measure and field, and a refusal that names every measure and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import AuditEvent, Status
from app.operations import measures
from app.operations.bulk import BulkChange, BulkRefused, ListChange, ListMode, apply_bulk
from app.operations.context import Actor
from app.paths import resolve
from app.storage.register import Register, open_register

ACTOR = Actor("Erika Muster")
THREE = ["I.01", "I.02", "II.01"]


@pytest.fixture
def register(fresh_register: Path):
    with open_register(resolve(fresh_register)) as reg:
        yield reg


def _events(register: Register, field: str) -> list[AuditEvent]:
    with register.session() as s:
        return list(
            s.scalars(select(AuditEvent).where(AuditEvent.field == field).order_by(AuditEvent.id))
        )


def _lead(register: Register, code: str) -> str | None:
    with register.session() as s:
        return measures.measure_input(s, code)[0].lead_department


def test_bulk_sets_lists_and_lead_with_one_audit_entry_per_measure(register: Register) -> None:
    with register.session() as s:
        changed = apply_bulk(
            s,
            ACTOR,
            THREE,
            BulkChange(
                lead_department="SK",
                participating=ListChange(ListMode.SET, ("SMWK", "SMWA")),
                goals=ListChange(ListMode.ADD, (1, 3)),
            ),
        )
    assert changed == 3
    assert [e.entity_code for e in _events(register, "lead_department")] == THREE
    with register.session() as s:
        apply_bulk(
            s,
            ACTOR,
            THREE[:1],
            BulkChange(
                participating=ListChange(ListMode.REMOVE, ("SMWA",)),
                goals=ListChange(ListMode.ADD, (2,)),
            ),
        )
    with register.session() as s:
        first = measures.measure_input(s, "I.01")[0]
        other = measures.measure_input(s, "I.02")[0]
    assert (first.participating, first.goals) == (("SMWK",), (1, 2, 3))
    assert (other.lead_department, other.participating) == ("SK", ("SMWA", "SMWK"))
    # the same change again changes nothing and writes nothing
    with register.session() as s:
        assert apply_bulk(s, ACTOR, THREE, BulkChange(lead_department="SK")) == 0
    assert len(_events(register, "lead_department")) == 3


def test_bulk_refused_names_every_measure_and_changes_nothing(register: Register) -> None:
    with register.session() as s:
        apply_bulk(s, ACTOR, ["I.02"], BulkChange(status=Status.DROPPED, status_reason="in I.01"))
    before = len(_events(register, "status"))
    with register.session() as s, pytest.raises(BulkRefused) as refused:
        apply_bulk(
            s, ACTOR, ["I.01", "I.02", "I.03", "X.99"], BulkChange(lead_department="SK",
                                                              status=Status.DROPPED)
        )  # fmt: skip
    assert [code for code, _problem in refused.value.problems] == ["I.01", "I.03", "X.99"]
    assert len(_events(register, "status")) == before
    assert _lead(register, "I.02") is None  # the measure without a problem is unchanged, too
    with register.session() as s, pytest.raises(Exception, match="at least one field"):
        apply_bulk(s, ACTOR, THREE, BulkChange())
