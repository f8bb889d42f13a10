"""Measure rounds: each department reports on the measures it leads in the round's scope (the
round's instruments); an answer is a :class:`~app.rounds.answer.MeasureAnswer`, merged field by
field into the measure."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session
from typing_extensions import override

from app.errors import InvalidInput
from app.i18n import N_, NP_, Message
from app.models import (
    Conflict,
    Department,
    Instrument,
    IssuedItem,
    Round,
    RoundKind,
    Status,
)
from app.operations.context import Actor
from app.rounds import answer as fields
from app.rounds import departments, values
from app.rounds.kinds.base import MergeTarget, Package, Refuse, RoundInput, RoundKindSpec
from app.rounds.kinds.measure_rows import led_measures
from app.rounds.kinds.measure_target import MeasureTarget, read_targets, write_targets


def round_instruments(round_: Round) -> list[str]:
    """The numerals of the instruments a measure round is limited to (empty: all)."""
    return list(json.loads(round_.instruments)) if round_.instruments else []


class Measures(RoundKindSpec):
    kind = RoundKind.MEASURES
    label = N_("Status of the measures")
    short_label = N_("Measures")
    round_payload = "measures-round"
    return_payload = "measures-return"
    reports = frozenset({"cabinet", "department", "measure"})
    report_refusal = N_(
        "The round “{name}” is not a partnership round; its report is the cabinet status report "
        "(imag report cabinet --round)."
    )
    item_state_labels: ClassVar[Mapping[str, str]] = {
        "missing": N_("missing"),
        "incomplete": N_("incomplete"),
        "answered": N_("answered"),
    }
    item_count = NP_("{n} measure", "{n} measures")
    issued_line = NP_("{department}: {path} ({n} measure)", "{department}: {path} ({n} measures)")
    empty_package_note = N_(
        "Note: {department} leads no measure in this round's scope; its package can only carry "
        "proposals for new measures."
    )
    progress_part = NP_(
        "measures answered: {answered} of {n}", "measures answered: {answered} of {n}"
    )
    status_line = N_(
        "Round “{name}”: {status}, deadline {deadline}. Returns from {returned} of {expected} "
        "departments; measures answered: {answered} of {measures}; open conflicts: {conflicts}."
    )
    department_line = N_("{code}: {state}, {returned} of {expected} measures")
    not_issued = N_("it answers for measure {code}, which was not issued to {department}")
    answered_twice = N_("it answers twice for measure {code}")
    not_in_workspace = N_("The measure {code} is not in the round “{round}” for {department}.")
    opened = N_("Round “{round}” opened for {department}. Measures to report on: {items}.")
    nothing_to_export = N_("There is nothing to export yet: no measure has an answer.")
    exported = N_(
        "Return written to {path}: version {sequence}, {encryption}. Answers: {answers}; "
        "measures without an answer: {missing}."
    )

    # -- the secretariat -----------------------------------------------------------------------

    @override
    def instruments(self, session: Session, data: RoundInput) -> list[str]:
        known = list(session.scalars(select(Instrument.numeral).order_by(Instrument.position)))
        chosen = [numeral.strip().upper() for numeral in data.instruments if numeral.strip()]
        for numeral in chosen:
            if numeral not in known:
                raise InvalidInput(
                    Message(
                        N_("There is no instrument {code}; known: {known}."),
                        code=numeral,
                        known=", ".join(known),
                    )
                )
        return sorted(set(chosen), key=known.index)

    @override
    def set_up(self, session: Session, round_: Round, data: RoundInput) -> list[Department]:
        if data.departments:
            return departments.resolve(session, data.departments)
        return departments.default_departments(session, round_instruments(round_))

    @override
    def department_summary(self, session: Session, round_: Round) -> list[str | Message]:
        return [link.department.code for link in round_.departments]

    @override
    def packer(self, session: Session, round_: Round) -> Callable[[Department], Package]:
        # by lead department, read once for every package
        led_by = led_measures(session, round_instruments(round_))

        def package(department: Department) -> Package:
            led = led_by.get(department.id, [])
            issued = [
                IssuedItem(
                    position=index,
                    code=measure.item["code"],
                    measure_id=measure.id,
                    revision=measure.revision,
                    values=json.dumps(measure.item["values"], ensure_ascii=False, sort_keys=True),
                )
                for index, measure in enumerate(led)
            ]
            return Package(items=[measure.item for measure in led], issued=issued)

        return package

    @override
    def normalized_return(
        self, session: Session, round_: Round, raw: dict[str, Any], item: IssuedItem
    ) -> dict[str, Any]:
        return values.normalized_answer(
            {key: value for key, value in raw.items() if key != "code"}, json.loads(item.values)
        )

    @override
    def units(self, values_: dict[str, Any]) -> dict[str, Any]:
        return values.units(values_)

    @override
    def merge_targets(
        self, session: Session, round_: Round, department: Department, items: list[IssuedItem]
    ) -> dict[str, MergeTarget]:
        found = read_targets(session, [item.measure_id for item in items if item.measure_id])
        gone = MeasureTarget(None, None, None)
        return {
            item.code: found.get(item.measure_id, gone) if item.measure_id else gone
            for item in items
        }

    @override
    def write_merged(self, session: Session, targets: list[MergeTarget], now: str) -> None:
        write_targets(session, targets, now)

    @override
    def apply_returned(
        self,
        session: Session,
        actor: Actor,
        *,
        round_: Round,
        conflict: Conflict,
        value: Any,
        now: str,
    ) -> None:
        target = read_targets(session, [conflict.measure_id] if conflict.measure_id else [])
        if not target:
            raise InvalidInput(
                Message(
                    N_("The measure {code} no longer exists; keep the register's value."),
                    code=conflict.code,
                )
            )
        (measure,) = target.values()
        register_units = measure.units or {}
        if conflict.field not in register_units:  # an indicator removed since
            raise InvalidInput(
                Message(
                    N_(
                        "The indicator of {code} that was answered no longer exists; keep "
                        "the register's value."
                    ),
                    code=conflict.code,
                )
            )
        old = register_units[conflict.field]
        measure.apply(session, actor, unit=conflict.field, old=old, new=value, now=now)
        write_targets(session, [measure], now)

    @override
    def unassigned(self, session: Session, round_: Round) -> list[str]:
        return [
            measure.code
            for measure in departments.measures_in_scope(session, round_instruments(round_))
            if measure.lead_department is None
        ]

    # -- the department's workspace ------------------------------------------------------------

    @override
    def check_package(self, content: dict[str, Any], refuse: Refuse) -> None:
        for item in content["items"]:
            try:
                values.normalized_answer(self.default_answer(item), item["values"])
            except InvalidInput as exc:
                # issued values break the rules only if the secretariat's register is
                # inconsistent; a dropped measure without a reason is the one case tolerated
                # (it came that way)
                if item["values"]["status"] != Status.DROPPED.value:
                    raise refuse(
                        N_("its values for {code} are not valid: {problem}"),
                        code=item["code"],
                        problem=exc.message,
                    ) from None

    @override
    def default_answer(self, item: dict[str, Any]) -> dict[str, Any]:
        return values.answer_from_issued(item["values"])

    @override
    def problem(
        self, content: dict[str, Any], item: dict[str, Any], answer: dict[str, Any]
    ) -> Message | None:
        try:
            values.normalized_answer(answer, item["values"])
        except InvalidInput as exc:
            return exc.message
        return None

    @override
    def draft(
        self, content: dict[str, Any], item: dict[str, Any], answer: dict[str, Any]
    ) -> dict[str, Any]:
        keep = {key: answer.get(key) for key in fields.SCALARS}
        keep["indicators"] = answer.get("indicators") or self.default_answer(item)["indicators"]
        for key in fields.TEXT_FIELDS:
            text = keep[key]
            if text is not None and (not isinstance(text, str) or len(text) > fields.MAX_TEXT):
                raise InvalidInput(
                    Message(N_("{field} must be a text."), field=Message(fields.LABELS[key]))
                )
        return keep

    @override
    def changed(
        self,
        content: dict[str, Any],
        item: dict[str, Any],
        current: dict[str, Any],
        changes: dict[str, Any],
    ) -> dict[str, Any]:
        answer = dict(current)
        changes = dict(changes)
        indicator_changes = changes.pop("indicators", None)
        answer.update(changes)
        if indicator_changes:
            by_id = {entry["id"]: dict(entry) for entry in answer["indicators"]}
            for entry in indicator_changes:
                by_id.setdefault(entry["id"], {"id": entry["id"]}).update(entry)
            answer["indicators"] = list(by_id.values())
        return values.normalized_answer(answer, item["values"])

    @override
    def criteria(self, content: dict[str, Any]) -> dict[str, Any] | None:
        return None

    @override
    def wire_answer(
        self, content: dict[str, Any], code: str, item: dict[str, Any], answer: dict[str, Any]
    ) -> dict[str, Any]:
        return {"code": code, **values.normalized_answer(answer, item["values"])}
