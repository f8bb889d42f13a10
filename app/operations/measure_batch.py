"""Changing many measures at once with a few bulk statements (an import of 20,000 measures, a
bulk change in the window): the same rules, the same stored result and the same audit trail as
:func:`app.operations.measures.update_measure_in` measure by measure, at the database's speed.

Every measure is checked first: when any breaks a rule, :class:`MeasuresRefused` names each of
them and nothing is written. Then the changed columns go out in one UPDATE per set of columns
(executemany), the links to departments, goals and partners as the differences between what
is stored and what is wanted (deletes, then inserts), the indicators and milestones likewise,
and the audit entries (one per measure and changed field, old and new value) in one INSERT. The
caller's transaction holds it all, so it is written whole or not at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from sqlalchemy import Table, bindparam, delete, insert, update
from sqlalchemy.orm import Session

from app.errors import InvalidInput, UserError
from app.i18n import N_, Message
from app.models import (
    DepartmentRole,
    Indicator,
    Measure,
    MeasureDepartment,
    MeasureGoal,
    MeasurePartner,
    Milestone,
)
from app.operations import audit
from app.operations.context import Actor
from app.operations.measure_details import DETAIL_SCALARS, check_ids, details_snapshot
from app.operations.measure_refs import Resolved, lookup, resolve
from app.operations.measure_rows import Stored, stored_measures
from app.operations.measures import (
    SCALAR_FIELDS,
    MeasureInput,
    no_measure,
    normalize,
    translation_states,
    validate,
)
from app.storage.bulk import delete_rows, execute_many, insert_rows

_COLUMNS = {
    **{name: name for name in (*SCALAR_FIELDS, *DETAIL_SCALARS)},
    "instrument": "instrument_id",
    "section": "section_id",
    "successor": "successor_id",
}
"""The measure's column of each field of the audit trail that is one."""
_ITEM_FIELDS = {
    "indicators": ("name", "unit", "baseline", "target", "actual", "actual_date"),
    "milestones": ("title", "due_date", "done_date"),
}


_scalars = attrgetter(*SCALAR_FIELDS)


class MeasuresRefused(InvalidInput):
    """Measures of a batch that would break a rule; nothing was written. ``problems``: each
    such measure's code with its error (the first one's message is this error's)."""

    def __init__(self, problems: list[tuple[str, UserError]]) -> None:
        super().__init__(problems[0][1].message)
        self.problems = problems


@dataclass
class _Change:
    """One measure's change as worked out before anything is written."""

    code: str
    stored: Stored
    data: MeasureInput
    ids: Resolved
    before: dict[str, Any]
    after: dict[str, Any]
    changed: list[str]


def snapshot(data: MeasureInput) -> dict[str, Any]:
    """A measure's input in the form the audit trail records and compares (the fields in the
    order :func:`~app.operations.measures.update_measure_in` writes them)."""
    values: dict[str, Any] = dict(zip(SCALAR_FIELDS, _scalars(data), strict=True))
    values.update(
        instrument=data.instrument,
        section=data.section,
        successor=data.successor,
        lead_department=data.lead_department,
        participating=sorted(data.participating),
        goals=sorted(data.goals),
        partners=sorted(data.partners),
    )
    values.update(details_snapshot(data))
    return values


def update_measures_in(
    session: Session,
    actor: Actor,
    inputs: Mapping[str, MeasureInput],
    *,
    revisions: Mapping[str, int] | None = None,
    stored: Mapping[str, Stored] | None = None,
    checked: bool = False,
) -> dict[str, list[str]]:
    """Change the measures of ``inputs`` (by code) inside the caller's transaction; returns
    the changed fields of each measure that changed (those that already had the values are
    left out and get no audit entry).

    With ``revisions``, a measure whose revision is another (someone changed it in the
    meantime) is refused; ``stored``: the measures as :func:`stored_measures` read them, when
    the caller has them already; ``checked``: the inputs are normalized and passed
    :func:`validate` already (an import's plan checked them: not done twice). Raises
    :class:`MeasuresRefused` (nothing written)."""
    session.flush()  # what the session holds goes first (and is read below)
    if stored is None:
        stored = stored_measures(session, list(inputs))
    if not checked:
        inputs = {code: normalize(data) for code, data in inputs.items()}
    found = lookup(session, inputs.values())
    changes: list[_Change] = []
    problems: list[tuple[str, UserError]] = []
    for code, data in inputs.items():
        try:
            change = _work_out(code, data, stored.get(code), found, revisions, checked=checked)
        except UserError as error:
            problems.append((code, error))
            continue
        changes.append(change)
    if problems:
        raise MeasuresRefused(problems)
    now = audit.now_iso()
    _write_measures(session, [change for change in changes if change.changed], now)
    _write_links(session, changes)
    for which in _ITEM_FIELDS:
        _write_items(session, changes, which)
    audit.record_many(
        session,
        [
            audit.event_row(
                actor,
                action="update",
                entity="measure",
                code=change.code,
                field=name,
                old=change.before[name],
                new=change.after[name],
                at=now,
            )
            for change in changes
            for name in change.changed
        ],
    )
    session.expire_all()  # the ORM's copies of what changed are out of date
    return {change.code: change.changed for change in changes if change.changed}


def _work_out(
    code: str,
    data: MeasureInput,
    stored: Stored | None,
    found: Any,
    revisions: Mapping[str, int] | None,
    *,
    checked: bool,
) -> _Change:
    """One measure's change (``data`` normalized; ``checked``: validated already), checked in
    the order :func:`update_measure_in` checks it."""
    if not checked:
        validate(data)
    if stored is None:
        raise no_measure(code)
    if revisions is not None and code in revisions and stored.revision != revisions[code]:
        raise InvalidInput(
            Message(N_("The measure {code} was changed in the meantime; open it again."), code=code)
        )
    old = stored.data
    linked = {code for code in (old.lead_department, *old.participating) if code}
    ids = resolve(data, found, stored.id, linked)
    data = translation_states(data, old)
    check_ids(code, data, set(stored.positions["indicators"]), set(stored.positions["milestones"]))
    before, after = snapshot(old), snapshot(data)
    changed = [name for name in before if before[name] != after[name]]
    return _Change(code, stored, data, ids, before, after, changed)


def _write_measures(session: Session, changes: Sequence[_Change], now: str) -> None:
    """One executemany UPDATE per set of changed columns (the time and revision with them)."""
    table = _table(Measure)
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for change in changes:
        values = {}
        for name in change.changed:
            column = _COLUMNS.get(name)
            if column is None:
                continue  # a list: written with the links or the items
            values[column] = getattr(change.ids, name) if column != name else change.after[name]
        groups[tuple(sorted(values))].append(
            {"measure_id": change.stored.id, **{f"v_{k}": v for k, v in values.items()}}
        )
    for columns, rows in groups.items():
        statement = (
            update(table)
            .where(table.c.id == bindparam("measure_id"))
            .values(
                {
                    **{column: _parameter(table, column) for column in columns},
                    "updated_at": now,
                    "revision": table.c.revision + 1,
                }
            )
        )
        execute_many(session, statement, rows)


def _parameter(table: Table, column: str) -> Any:
    """The parameter a column is set from (its name taken: SQLAlchemy keeps that for itself)."""
    return bindparam(f"v_{column}", type_=table.c[column].type)


def _table(model: Any) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _write_links(session: Session, changes: Sequence[_Change]) -> None:
    """The departments', goals' and partners' links: what is to go, then what is to come (rows
    as the tables hold them; a measure whose links stay as they are adds none)."""
    lead, participating = DepartmentRole.LEAD.value, DepartmentRole.PARTICIPATING.value
    gone: dict[str, list[tuple[Any, ...]]] = {"departments": [], "goals": [], "partners": []}
    new: dict[str, list[tuple[Any, ...]]] = {"departments": [], "goals": [], "partners": []}
    for change in changes:
        measure_id, data, ids, stored = change.stored.id, change.data, change.ids, change.stored
        wanted = {}
        if data.lead_department:
            wanted[ids.departments[data.lead_department]] = lead
        for code in data.participating:
            wanted[ids.departments[code]] = participating
        had = stored.departments
        if wanted != had:
            gone["departments"] += [
                (measure_id, id_) for id_, role in had.items() if wanted.get(id_) != role
            ]
            new["departments"] += [
                (measure_id, id_, role) for id_, role in wanted.items() if had.get(id_) != role
            ]
        for name, linked, have in (
            ("goals", ids.goals, stored.goals),
            ("partners", ids.partners, stored.partners),
        ):
            wanted_ids = set(linked)
            if wanted_ids == have:
                continue
            gone[name] += [(measure_id, id_) for id_ in have - wanted_ids]
            new[name] += [(measure_id, id_) for id_ in linked if id_ not in have]
    links = (
        ("departments", MeasureDepartment, ("measure_id", "department_id", "role")),
        ("goals", MeasureGoal, ("measure_id", "goal_id")),
        ("partners", MeasurePartner, ("measure_id", "partner_id")),
    )
    for name, model, columns in links:
        delete_rows(session, model, columns[:2], gone[name])
    for name, model, columns in links:
        insert_rows(session, model, columns, new[name])


def _write_items(session: Session, changes: Sequence[_Change], which: str) -> None:
    """Indicators or milestones: the removed ones deleted, the changed ones (or moved ones)
    updated, the new ones inserted; the new ones' ids go into the audit entry."""
    table = _table(Indicator if which == "indicators" else Milestone)
    fields = _ITEM_FIELDS[which]
    gone: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    new: list[dict[str, Any]] = []
    owners: list[dict[str, Any]] = []
    for change in changes:
        positions = change.stored.positions[which]
        stored = {item.id: item for item in getattr(change.stored.data, which)}
        kept: set[int] = set()
        for position, item in enumerate(getattr(change.data, which), start=1):
            values = {name: getattr(item, name) for name in fields}
            values["position"] = position
            if item.id is None:
                new.append({"measure_id": change.stored.id, **values})
                owners.append(change.after[which][position - 1])
                continue
            kept.add(item.id)
            old = stored[item.id]
            if positions[item.id] != position or any(
                getattr(old, name) != values[name] for name in fields
            ):
                changed.append({"item_id": item.id, **{f"v_{k}": v for k, v in values.items()}})
        gone += [{"item_id": id_} for id_ in stored if id_ not in kept]
    execute_many(session, delete(table).where(table.c.id == bindparam("item_id")), gone)
    if changed:
        statement = (
            update(table)
            .where(table.c.id == bindparam("item_id"))
            .values({name: _parameter(table, name) for name in (*fields, "position")})
        )
        execute_many(session, statement, changed)
    if new:
        ids = session.scalars(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), new
        ).all()
        for owner, id_ in zip(owners, ids, strict=True):
            owner["id"] = id_  # the audit entry shows the id it got


__all__ = ["MeasuresRefused", "snapshot", "stored_measures", "update_measures_in"]
