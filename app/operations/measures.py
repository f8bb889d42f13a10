"""Changing measures: create, edit, archive and delete, validated and audited.

Each function takes a session without an open transaction, runs the whole change in one
transaction and records every changed field in the audit trail (old and new value, the user's
name, the source). Bad input raises :class:`~app.errors.InvalidInput` with a translatable
message, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import EditConflict, InvalidInput, NotFound
from app.i18n import N_, Message
from app.models import (
    AuditEvent,
    DepartmentRole,
    Instrument,
    Measure,
    MeasureDepartment,
    MeasureGoal,
    MeasurePartner,
    Status,
    TrafficLight,
    TranslationState,
)
from app.operations import audit
from app.operations.context import Actor
from app.operations.measure_details import (
    IndicatorInput,
    MilestoneInput,
    apply_details,
    details_input,
    details_snapshot,
    validate_details,
)
from app.operations.measure_normal import TEXT_FIELDS, normalize, replaced
from app.operations.measure_refs import resolve_references

SCALAR_FIELDS = (
    *TEXT_FIELDS,
    "state_pl",
    "state_cs",
    "status",
    "status_reason",
    "traffic_light",
    "progress",
    "start_date",
    "end_date",
    "comment",
    "next_steps",
    "budget_reservation",
)


@dataclass(frozen=True)
class MeasureInput:
    """Everything the editor can change about a measure (references by code or number)."""

    instrument: str
    title_de: str
    section: str | None = None
    description_de: str | None = None
    title_pl: str | None = None
    description_pl: str | None = None
    title_cs: str | None = None
    description_cs: str | None = None
    state_pl: TranslationState | None = None  # None: worked out from the texts
    state_cs: TranslationState | None = None
    status: Status = Status.PLANNED
    status_reason: str | None = None
    successor: str | None = None
    traffic_light: TrafficLight | None = None
    progress: int | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    comment: str | None = None
    next_steps: str | None = None
    budget_reservation: bool = False
    lead_department: str | None = None
    participating: tuple[str, ...] = ()
    goals: tuple[int, ...] = ()
    partners: tuple[str, ...] = ()
    budget_planned_cents: int | None = None
    budget_committed_cents: int | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    indicators: tuple[IndicatorInput, ...] = ()
    milestones: tuple[MilestoneInput, ...] = ()


def parse_date(text: str) -> dt.date | None:
    """``''`` → ``None``; ``'2026-03-31'`` → a date; anything else is refused."""
    text = text.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            Message(N_("{value} is not a date; write it as YYYY-MM-DD."), value=text)
        ) from None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def _with(data: MeasureInput, values: dict[str, Any]) -> MeasureInput:
    """``data`` with ``values``; ``data`` itself when it has them all (cheaper for many)."""
    differing = {name: value for name, value in values.items() if getattr(data, name) != value}
    return replaced(data, differing) if differing else data


def validate(data: MeasureInput) -> None:
    """The rules a measure must follow, independent of what the register holds."""
    if not (data.title_de or "").strip():
        raise InvalidInput(Message(N_("A measure needs a German title.")))
    if data.progress is not None and not 0 <= data.progress <= 100:
        raise InvalidInput(
            Message(N_("Progress must be between 0 and 100 %, not {value}."), value=data.progress)
        )
    if data.start_date and data.end_date and data.end_date < data.start_date:
        raise InvalidInput(
            Message(
                N_("The end ({end}) must not be before the start ({start})."),
                end=data.end_date,
                start=data.start_date,
            )
        )
    if data.status == Status.DROPPED and not (_clean(data.status_reason) or _clean(data.successor)):
        raise InvalidInput(Message(N_("A dropped measure needs a reason or a successor.")))
    validate_details(data)


def _get(session: Session, code: str, *, lock: bool = False) -> Measure:
    """The measure ``code``; ``lock``: its row locked until the transaction ends (on a server:
    a second save waits, then sees the first one's revision; a file has one writer)."""
    query = select(Measure).where(Measure.code == code)
    measure = session.scalar(query.with_for_update() if lock else query)
    if measure is None:
        raise no_measure(code)
    return measure


def no_measure(code: str) -> NotFound:  # the error for a code that names no measure
    return NotFound(Message(N_("There is no measure {code}."), code=code))


def translation_states(data: MeasureInput, measure: Measure | MeasureInput | None) -> MeasureInput:
    """Work out the translation states: editing the German text marks translations (and
    proposals) outdated. ``measure`` is the measure as it is (or its input), ``None`` for a new
    one."""
    german_changed = measure is not None and (
        (measure.title_de, measure.description_de) != (data.title_de, data.description_de)
    )
    states: dict[str, Any] = {}
    for lang in ("pl", "cs"):
        title = getattr(data, f"title_{lang}")
        old_state = getattr(measure, f"state_{lang}") if measure else TranslationState.MISSING
        given = getattr(data, f"state_{lang}")
        if not title:
            state = TranslationState.MISSING
        elif given is not None and given != old_state:
            state = given  # the user chose it explicitly
        elif german_changed and old_state in (
            TranslationState.TRANSLATED,
            TranslationState.PROPOSAL,
        ):
            own = (title, getattr(data, f"description_{lang}"))
            old_own = (
                (getattr(measure, f"title_{lang}"), getattr(measure, f"description_{lang}"))
                if measure
                else (None, None)
            )
            state = old_state if own != old_own else TranslationState.NEEDS_UPDATE
        elif old_state == TranslationState.MISSING:
            state = TranslationState.TRANSLATED
        else:
            state = old_state
        states[f"state_{lang}"] = state
    return _with(data, states)


def _links(measure: Measure) -> dict[str, Any]:
    lead = measure.lead_department
    return {
        "instrument": measure.instrument.numeral,
        "section": measure.section.code if measure.section else None,
        "successor": measure.successor.code if measure.successor else None,
        "lead_department": lead.code if lead else None,
        "participating": sorted(d.code for d in measure.participating_departments),
        "goals": sorted(g.number for g in measure.goals),
        "partners": sorted(p.code for p in measure.partners),
    }


def _apply(session: Session, measure: Measure, data: MeasureInput, refs: dict[str, Any]) -> None:
    for name in SCALAR_FIELDS:
        setattr(measure, name, getattr(data, name))
    measure.instrument = refs["instrument"]
    measure.section = refs["section"]
    measure.successor = refs["successor"]
    wanted = {data.lead_department: DepartmentRole.LEAD} if data.lead_department else {}
    wanted.update(dict.fromkeys(data.participating, DepartmentRole.PARTICIPATING))
    measure.department_links = [
        link for link in measure.department_links if wanted.get(link.department.code) == link.role
    ]
    session.flush()  # the partial unique index on the lead must see removals first
    present = {link.department.code for link in measure.department_links}
    for code, role in wanted.items():
        if code not in present:
            measure.department_links.append(
                MeasureDepartment(department=refs["departments"][code], role=role)
            )
    goal_ids = {goal.id for goal in refs["goals"]}
    measure.goal_links = [link for link in measure.goal_links if link.goal_id in goal_ids]
    have = {link.goal_id for link in measure.goal_links}
    measure.goal_links += [MeasureGoal(goal=g) for g in refs["goals"] if g.id not in have]
    partner_ids = {partner.id for partner in refs["partners"]}
    measure.partner_links = [
        link for link in measure.partner_links if link.partner_id in partner_ids
    ]
    have = {link.partner_id for link in measure.partner_links}
    measure.partner_links += [
        MeasurePartner(partner=p) for p in refs["partners"] if p.id not in have
    ]
    apply_details(measure, data)


def _snapshot(measure: Measure) -> dict[str, Any]:
    values = {name: getattr(measure, name) for name in SCALAR_FIELDS}
    values.update(_links(measure))
    values.update(details_snapshot(measure))
    return values


def _next_code(session: Session, instrument: Instrument) -> str:
    codes = session.scalars(
        select(Measure.code).where(Measure.code.like(f"{instrument.numeral}.%"))
    ).all()
    numbers = [int(c.split(".", 1)[1]) for c in codes if c.split(".", 1)[1].isdigit()]
    return f"{instrument.numeral}.{max(numbers, default=0) + 1:02d}"


def create_measure(
    session: Session, actor: Actor, data: MeasureInput, *, code: str | None = None
) -> str:
    """Add a measure at the end of its instrument; returns its new code (``code``, if given:
    it must start with the instrument's numeral and a dot, and be free)."""
    with session.begin():
        return create_measure_in(session, actor, data, code=code)


def create_measure_in(
    session: Session, actor: Actor, data: MeasureInput, *, code: str | None = None
) -> str:
    """:func:`create_measure` inside the caller's transaction (which it does not end)."""
    data = normalize(data)
    validate(data)
    refs = resolve_references(session, data, None)
    data = translation_states(data, None)
    code = _new_code(session, refs["instrument"], code)
    now = audit.now_iso()
    position = (session.scalar(select(func.max(Measure.position))) or 0) + 1
    measure = Measure(code=code, position=position, created_at=now, updated_at=now)
    session.add(measure)
    _apply(session, measure, data, refs)
    session.flush()
    audit.log(
        session,
        actor,
        action="create",
        entity="measure",
        code=code,
        new=_encode_snapshot(_snapshot(measure)),
        at=now,
    )
    return code


def _new_code(session: Session, instrument: Instrument, code: str | None) -> str:
    if code is None:
        return _next_code(session, instrument)
    code = code.strip()
    number = code.removeprefix(f"{instrument.numeral}.")
    if number == code or not number or len(code) > 32 or any(c.isspace() for c in code):
        raise InvalidInput(
            Message(
                N_("The code {code} does not fit instrument {numeral} (like {numeral}.01)."),
                code=code,
                numeral=instrument.numeral,
            )
        )
    if session.scalar(select(Measure.id).where(Measure.code == code)) is not None:
        raise InvalidInput(Message(N_("There is a measure {code} already."), code=code))
    return code


def _encode_snapshot(values: dict[str, Any]) -> dict[str, Any]:
    return {key: audit.plain(value) for key, value in values.items()}


def update_measure(
    session: Session, actor: Actor, code: str, data: MeasureInput, *, revision: int | None = None
) -> list[str]:
    """Change a measure; returns the names of the fields that changed (none: nothing written).

    With ``revision``, a measure that someone else changed in the meantime is refused.
    """
    with session.begin():
        return update_measure_in(session, actor, code, data, revision=revision)


def update_measure_in(
    session: Session, actor: Actor, code: str, data: MeasureInput, *, revision: int | None = None
) -> list[str]:
    """:func:`update_measure` inside the caller's transaction (which it does not end): for
    changes of many measures that succeed or fail together."""
    data = normalize(data)
    validate(data)
    measure = _get(session, code, lock=True)
    if revision is not None and measure.revision != revision:
        raise _conflict(session, code)
    refs = resolve_references(session, data, measure)
    data = translation_states(data, measure)
    before = _snapshot(measure)
    _apply(session, measure, data, refs)
    session.flush()
    after = _snapshot(measure)
    changed = [name for name in before if before[name] != after[name]]
    if not changed:
        return []
    now = audit.now_iso()
    measure.updated_at = now
    measure.revision += 1
    for name in changed:
        audit.log(
            session,
            actor,
            action="update",
            entity="measure",
            code=code,
            field=name,
            old=audit.plain(before[name]),
            new=audit.plain(after[name]),
            at=now,
        )
    return changed


def _conflict(session: Session, code: str) -> EditConflict:
    theirs, current = measure_input(session, code)
    last = next(iter(history(session, code)), None)
    by = last.actor if last is not None else "?"
    return EditConflict(
        Message(
            N_(
                "The measure {code} was changed by {actor} in the meantime; nothing was saved. "
                "Open it again (or merge your changes with theirs)."
            ),
            code=code,
            actor=by,
        ),
        theirs=theirs,
        revision=current,
        by=by,
    )


def archive_measure(session: Session, actor: Actor, code: str, *, archived: bool = True) -> None:
    """Archive a measure (or bring it back): it stays in the register and its history."""
    with session.begin():
        measure = _get(session, code)
        if measure.archived == archived:
            return
        now = audit.now_iso()
        audit.log(
            session,
            actor,
            action="archive" if archived else "restore",
            entity="measure",
            code=code,
            field="archived",
            old=measure.archived,
            new=archived,
            at=now,
        )
        measure.archived = archived
        measure.updated_at = now
        measure.revision += 1


def delete_measure(session: Session, actor: Actor, code: str) -> None:
    """Delete a measure for good; its history stays in the audit trail."""
    with session.begin():
        measure = _get(session, code)
        predecessors = session.scalars(
            select(Measure.code).where(Measure.successor_id == measure.id)
        ).all()
        if predecessors:
            raise InvalidInput(
                Message(
                    N_("{code} is the successor of {others} and cannot be deleted."),
                    code=code,
                    others=", ".join(predecessors),
                )
            )
        audit.log(
            session,
            actor,
            action="delete",
            entity="measure",
            code=code,
            old=_encode_snapshot(_snapshot(measure)),
        )
        session.delete(measure)


def measure_input(session: Session, code: str) -> tuple[MeasureInput, int]:
    """A measure as the editor sees it, with its revision (to detect concurrent changes)."""
    measure = _get(session, code)
    values = {name: getattr(measure, name) for name in SCALAR_FIELDS}
    links = _links(measure)
    data = MeasureInput(
        instrument=links["instrument"],
        section=links["section"],
        successor=links["successor"],
        lead_department=links["lead_department"],
        participating=tuple(links["participating"]),
        goals=tuple(links["goals"]),
        partners=tuple(links["partners"]),
        **details_input(measure),
        **values,
    )
    return data, measure.revision


def history(session: Session, code: str) -> list[AuditEvent]:
    """The audit events of one measure, newest first."""
    return list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity == "measure", AuditEvent.entity_code == code)
            .order_by(AuditEvent.id.desc())
        )
    )


MeasureHistory = tuple[list[AuditEvent], dict[str, str]]
"""A measure's audit events, newest first, and the departments whose returns made some of them
(source → department code)."""


def history_of(session: Session, code: str) -> MeasureHistory:
    """The audit events of one measure, newest first, and the departments whose returns made
    some of them (see :func:`app.operations.audit.returns_of`)."""
    events = history(session, code)
    return events, audit.returns_of(session, events)


__all__ = [
    "IndicatorInput",
    "MeasureHistory",
    "MeasureInput",
    "MilestoneInput",
    "archive_measure",
    "create_measure",
    "create_measure_in",
    "delete_measure",
    "history",
    "history_of",
    "measure_input",
    "no_measure",
    "normalize",
    "parse_date",
    "translation_states",
    "update_measure",
    "update_measure_in",
    "validate",
]
