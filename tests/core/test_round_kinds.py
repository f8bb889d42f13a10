"""The kinds of round behind one interface, the one three-way merge and the one department
check (the round cycles themselves are tested in core/test_rounds_core.py and
cli/test_partnerships.py)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from sqlalchemy import select
from typing_extensions import override

from app.errors import InvalidInput
from app.models import Conflict, ConflictState, Department, ImportedReturn, IssuedItem, RoundKind
from app.operations.context import Actor
from app.paths import AppPaths
from app.rounds import answer, departments, kinds, values
from app.rounds.kinds import ALL_KINDS, MEASURES, PARTNERSHIPS, kind_of, of_payload
from app.rounds.kinds.base import MergeTarget
from app.rounds.merge import merge_answer
from app.storage.register import open_register
from tests.support.project import ROOT


def test_every_kind_of_round_has_one_spec_in_display_order() -> None:
    assert [kind.kind for kind in ALL_KINDS] == list(RoundKind)
    assert [kind.label for kind in ALL_KINDS] == [
        "Status of the measures",
        "Evaluation of the partnerships",
    ]


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        (RoundKind.MEASURES, MEASURES),
        (RoundKind.PARTNERSHIPS, PARTNERSHIPS),
        ("partnerships", PARTNERSHIPS),
        ("measures", MEASURES),
        ("something else", MEASURES),
    ],
)
def test_kind_of_a_value(subject: Any, expected: kinds.RoundKindSpec) -> None:
    assert kind_of(subject) is expected


def test_kind_of_anything_with_a_kind() -> None:
    class Row:
        kind = "partnerships"

    assert kind_of(Row()) is PARTNERSHIPS
    assert of_payload({"round": {"kind": "partnerships"}}) is PARTNERSHIPS
    assert of_payload({"round": "not a record"}) is MEASURES
    assert of_payload(["not", "a", "payload"]) is MEASURES


def test_the_kinds_messages_are_the_catalogs_messages() -> None:
    """The kinds say what the code said before: their message ids are in the catalogs."""
    template = (ROOT / "translations" / "imag.pot").read_text(encoding="utf-8")
    ids = set()
    for block in template.split("\n\n"):
        found = re.search(r'^msgid ((?:".*"\n?)+)', block, re.MULTILINE)
        if found:
            ids.add("".join(re.findall(r'"(.*)"', found.group(1))).replace('\\"', '"'))
    for kind in ALL_KINDS:
        texts = [
            kind.label,
            kind.short_label,
            kind.report_refusal,
            kind.status_line,
            kind.department_line,
            kind.not_issued,
            kind.answered_twice,
            kind.not_in_workspace,
            kind.opened,
            kind.nothing_to_export,
            kind.exported,
            kind.item_count[0],
            kind.issued_line[0],
            kind.progress_part[0],
            *kind.item_state_labels.values(),
        ]
        assert [text for text in texts if text not in ids] == []


def test_the_answer_record_lists_the_fields_once() -> None:
    assert answer.FIELDS == (
        "status",
        "status_reason",
        "traffic_light",
        "progress",
        "comment",
        "next_steps",
        "indicators",
    )
    issued = {
        "status": "ongoing",
        "status_reason": None,
        "traffic_light": "green",
        "progress": 40,
        "comment": "c",
        "next_steps": None,
        "indicators": [{"id": 7, "name": "n", "actual": 3, "actual_date": "2026-01-02"}],
    }
    taken = answer.MeasureAnswer.from_json(issued)
    assert taken.indicators == (answer.IndicatorAnswer(7, 3, "2026-01-02"),)
    assert taken.to_json() == values.answer_from_issued(issued)
    assert set(taken.to_json()) == set(answer.FIELDS)
    assert set(values.units(taken.to_json())) == {*values.UNITS, "indicator:7"}


# -- the merge --------------------------------------------------------------------------------


class Target(MergeTarget):
    def __init__(self, units: dict[str, Any] | None) -> None:
        self._units = units
        self.applied: list[tuple[str, Any, Any]] = []

    @property
    @override
    def units(self) -> dict[str, Any] | None:
        return self._units

    @override
    def apply(self, session: Any, actor: Actor, *, unit: str, old: Any, new: Any, now: str) -> None:
        self.applied.append((unit, old, new))


class Session:
    def __init__(self) -> None:
        self.added: list[Any] = []

    def add(self, row: Any) -> None:
        self.added.append(row)


def merged(
    target: Target,
    *,
    issued: dict[str, Any],
    returned: dict[str, Any],
    previous: dict[str, Any] | None = None,
    open_conflicts: dict[tuple[str, str], list[Conflict]] | None = None,
) -> tuple[Session, Any]:
    session = Session()
    result = merge_answer(
        session,  # type: ignore[arg-type]
        Actor("Geschäftsstelle", "package:x"),
        kind=PARTNERSHIPS,
        record=ImportedReturn(id=5, round_id=3),
        item=IssuedItem(code="P1", values=json.dumps(issued)),
        target=target,
        answer=returned,
        previous=previous,
        open_conflicts=open_conflicts if open_conflicts is not None else {},
        now="2026-05-01T10:00:00",
    )
    return session, result


def assessment(score: int | None, choice: str | None = None) -> dict[str, Any]:
    return {
        "scores": {"A": {"score": score, "comment": None}},
        "recommendation": {"choice": choice, "comment": None},
    }


def test_merge_applies_what_only_the_department_changed() -> None:
    target = Target({"score:A": {"score": None, "comment": None}, "recommendation": {}})
    session, result = merged(target, issued=assessment(None), returned=assessment(4))
    assert target.applied == [
        ("score:A", {"score": None, "comment": None}, {"score": 4, "comment": None})
    ]
    assert (result.applied, result.conflicts, session.added) == (1, 0, [])


def test_merge_raises_a_conflict_where_both_changed_it_differently() -> None:
    target = Target({"score:A": {"score": 2, "comment": None}})
    session, result = merged(target, issued=assessment(None), returned=assessment(4))
    assert target.applied == []
    assert (result.applied, result.conflicts) == (0, 1)
    (conflict,) = session.added
    assert (conflict.code, conflict.field, conflict.round_id, conflict.return_id) == (
        "P1",
        "score:A",
        3,
        5,
    )
    assert json.loads(conflict.register_value) == {"score": 2, "comment": None}
    assert conflict.state == ConflictState.OPEN


def test_merge_is_quiet_where_both_changed_it_alike_or_nobody_did() -> None:
    target = Target({"score:A": {"score": 4, "comment": None}})
    session, result = merged(target, issued=assessment(None), returned=assessment(4))
    assert (result.applied, result.conflicts, session.added, target.applied) == (0, 0, [], [])
    session, result = merged(target, issued=assessment(4), returned=assessment(4))
    assert (result.applied, result.conflicts, session.added, target.applied) == (0, 0, [], [])


def test_merge_compares_with_the_previous_answer_and_supersedes_its_conflicts() -> None:
    earlier = Conflict(code="P1", field="score:A", state=ConflictState.OPEN)
    other = Conflict(code="P1", field="recommendation", state=ConflictState.OPEN)
    open_conflicts = {("P1", "score:A"): [earlier], ("P1", "recommendation"): [other]}
    target = Target({"score:A": {"score": 3, "comment": None}})
    _session, result = merged(
        target,
        issued=assessment(None),
        previous=assessment(3),
        returned=assessment(5),
        open_conflicts=open_conflicts,
    )
    assert target.applied == [
        ("score:A", {"score": 3, "comment": None}, {"score": 5, "comment": None})
    ]
    assert earlier.state == ConflictState.SUPERSEDED
    assert earlier.resolved_by == "Geschäftsstelle"
    assert other.state == ConflictState.OPEN  # the recommendation was not changed again
    assert list(open_conflicts) == [("P1", "recommendation")]
    assert result.applied == 1


def test_merge_into_an_item_the_register_no_longer_has_raises_conflicts() -> None:
    target = Target(None)
    session, result = merged(target, issued=assessment(None), returned=assessment(4))
    assert (result.applied, result.conflicts, target.applied) == (0, 1, [])
    assert session.added[0].register_value is None


# -- the departments a round asks -------------------------------------------------------------


def test_department_codes_are_checked_once_for_every_kind(demo_copy: AppPaths) -> None:
    with open_register(demo_copy) as register, register.session() as session:
        found = departments.resolve(session, [" sk", "SMWK", "SK"])
        assert [department.code for department in found] == ["SK", "SMWK"]
        with pytest.raises(InvalidInput) as unknown:
            departments.resolve(session, ["XX"])
        assert unknown.value.message.params == {"code": "XX"}
        retired = session.scalars(select(Department)).first()
        assert retired is not None
        retired.retired = True
        with pytest.raises(InvalidInput) as refused:
            departments.resolve(session, [retired.code])
        assert refused.value.message.text == "The department {code} is retired."


def test_default_departments_are_the_leads_in_scope_not_retired(demo_copy: AppPaths) -> None:
    with open_register(demo_copy) as register, register.session() as session:
        leads = departments.default_departments(session, [])
        counts = departments.lead_counts(session, [])
        assert {d.code for d in leads} == set(counts)
        assert leads == sorted(leads, key=lambda d: (d.position, d.code))
        assert sum(counts.values()) == sum(
            1
            for measure in departments.measures_in_scope(session, [])
            if measure.lead_department is not None
        )
        leads[0].retired = True
        assert leads[0] not in departments.default_departments(session, [])
        assert leads[0].code not in departments.lead_counts(session, [])
