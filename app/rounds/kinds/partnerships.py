"""Partnership rounds: each department assesses the partnerships it works with against the
criteria frozen with the round (:mod:`app.partnerships`); an answer is an assessment (a score
and comment per criterion, a recommendation), merged unit by unit into the accepted one."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session
from typing_extensions import override

from app.errors import InvalidInput
from app.i18n import N_, NP_, Message
from app.models import Conflict, Department, IssuedItem, Partnership, Round, RoundKind
from app.operations.context import Actor
from app.partnerships import answers, assessments, scope
from app.rounds.kinds.base import MergeTarget, Package, Refuse, RoundInput, RoundKindSpec


class PartnershipTarget(MergeTarget):
    def __init__(
        self,
        session: Session,
        round_: Round,
        department: Department,
        partnership: Partnership,
        document: dict[str, Any],
    ) -> None:
        self.session = session
        self.round = round_
        self.department = department
        self.partnership = partnership
        self.document = document

    @property
    @override
    def units(self) -> dict[str, Any] | None:
        return answers.units(
            assessments.accepted(
                self.session, self.round, self.department, self.partnership, self.document
            )
        )

    @override
    def apply(
        self, session: Session, actor: Actor, *, unit: str, old: Any, new: Any, now: str
    ) -> None:
        assessments.store(
            session,
            actor,
            round_=self.round,
            department=self.department,
            partnership=self.partnership,
            unit=unit,
            value=new,
            now=now,
        )


def _partnership(session: Session, code: str) -> Partnership:
    partnership = session.scalar(select(Partnership).where(Partnership.code == code))
    assert partnership is not None
    return partnership


def _normalized(content: dict[str, Any], answer: Any) -> dict[str, Any]:
    document = content["criteria"]
    return answers.normalized(answer, document["criteria"], document["scale"])


class Partnerships(RoundKindSpec):
    kind = RoundKind.PARTNERSHIPS
    label = N_("Evaluation of the partnerships")
    short_label = N_("Partnerships")
    round_payload = "partnerships-round"
    return_payload = "partnerships-return"
    reports = frozenset({"partnerships"})
    report_refusal = N_(
        "The round “{name}” is a partnership round; its report is the partnership evaluation "
        "report (imag report partnerships --round)."
    )
    item_state_labels: ClassVar[Mapping[str, str]] = {
        "missing": N_("not assessed"),
        "incomplete": N_("incomplete"),
        "answered": N_("assessed"),
    }
    item_count = NP_("{n} partnership", "{n} partnerships")
    issued_line = NP_(
        "{department}: {path} ({n} partnership)", "{department}: {path} ({n} partnerships)"
    )
    progress_part = NP_(
        "partnerships assessed: {answered} of {n}", "partnerships assessed: {answered} of {n}"
    )
    status_line = N_(
        "Round “{name}”: {status}, deadline {deadline}. Returns from {returned} of {expected} "
        "departments; partnerships assessed: {answered} of {measures}; open conflicts: "
        "{conflicts}."
    )
    department_line = N_("{code}: {state}, {returned} of {expected} partnerships")
    not_issued = N_("it answers for partnership {code}, which was not issued to {department}")
    answered_twice = N_("it answers twice for partnership {code}")
    not_in_workspace = N_("The partnership {code} is not in the round “{round}” for {department}.")
    opened = N_("Round “{round}” opened for {department}. Partnerships to assess: {items}.")
    nothing_to_export = N_("There is nothing to export yet: no partnership is assessed.")
    exported = N_(
        "Return written to {path}: version {sequence}, {encryption}. Partnerships assessed: "
        "{answers}; not assessed: {missing}."
    )

    # -- the secretariat -----------------------------------------------------------------------

    @override
    def set_up(self, session: Session, round_: Round, data: RoundInput) -> list[Department]:
        return scope.set_up(
            session,
            round_,
            criteria_set=data.criteria_set,
            partnerships=data.partnerships,
            departments=data.departments,
        )

    @override
    def department_summary(self, session: Session, round_: Round) -> list[str | Message]:
        asked = dict.fromkeys((link.department.code for link in round_.departments), 0)
        for _partnership, department in scope.scope(session, round_):
            asked[department.code] = asked.get(department.code, 0) + 1
        return [
            Message(*NP_("{code} ({n} partnership)", "{code} ({n} partnerships)"), code=code, n=n)
            for code, n in asked.items()
        ]

    @override
    def packer(self, session: Session, round_: Round) -> Callable[[Department], Package]:
        def package(department: Department) -> Package:
            items, issued, extra = assessments.package_items(session, round_, department)
            return Package(items=items, issued=issued, extra=extra)

        return package

    @override
    def normalized_return(
        self, session: Session, round_: Round, raw: dict[str, Any], item: IssuedItem
    ) -> dict[str, Any]:
        answer = assessments.normalized_return(session, round_, raw)
        document = scope.round_criteria(session, round_)
        incomplete = answers.problem(answer, document["criteria"])
        if incomplete is not None:
            raise InvalidInput(incomplete)
        return answer

    @override
    def units(self, values: dict[str, Any]) -> dict[str, Any]:
        return answers.units(values)

    @override
    def merge_targets(
        self, session: Session, round_: Round, department: Department, items: list[IssuedItem]
    ) -> dict[str, MergeTarget]:
        document = scope.round_criteria(session, round_)
        return {
            item.code: PartnershipTarget(
                session, round_, department, _partnership(session, item.code), document
            )
            for item in items
        }

    @override
    def write_merged(self, session: Session, targets: list[MergeTarget], now: str) -> None:
        """Nothing: each assessment is stored as it is applied."""

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
        assessments.store(
            session,
            actor,
            round_=round_,
            department=conflict.imported_return.department,
            partnership=_partnership(session, conflict.code),
            unit=conflict.field,
            value=value,
            now=now,
        )

    @override
    def instruments(self, session: Session, data: RoundInput) -> list[str]:
        return []

    @override
    def unassigned(self, session: Session, round_: Round) -> list[str]:
        return []

    # -- the department's workspace ------------------------------------------------------------

    @override
    def check_package(self, content: dict[str, Any], refuse: Refuse) -> None:
        document = content["criteria"]
        scale = document["scale"]
        codes = [c["code"] for c in document["criteria"]]
        if (
            not document["criteria"]
            or len(set(codes)) != len(codes)
            or scale["min"] >= scale["max"]
        ):
            raise refuse(N_("its criteria are malformed"))
        for item in content["items"]:
            try:
                _normalized(content, item["values"])
            except InvalidInput as exc:
                raise refuse(
                    N_("its values for {code} are not valid: {problem}"),
                    code=item["code"],
                    problem=exc.message,
                ) from None

    @override
    def default_answer(self, item: dict[str, Any]) -> dict[str, Any]:
        return dict(item["values"])

    @override
    def problem(
        self, content: dict[str, Any], item: dict[str, Any], answer: dict[str, Any]
    ) -> Message | None:
        try:
            return answers.problem(_normalized(content, answer), content["criteria"]["criteria"])
        except InvalidInput as exc:
            return exc.message

    @override
    def draft(
        self, content: dict[str, Any], item: dict[str, Any], answer: dict[str, Any]
    ) -> dict[str, Any]:
        return _normalized(content, answer)

    @override
    def changed(
        self,
        content: dict[str, Any],
        item: dict[str, Any],
        current: dict[str, Any],
        changes: dict[str, Any],
    ) -> dict[str, Any]:
        """``changes``: ``scores`` by criterion (``{"score", "comment"}``) and/or the
        ``recommendation`` (``{"choice", "comment"}``)."""
        answer = _normalized(content, current)
        answer["scores"].update(changes.get("scores") or {})
        if "recommendation" in changes:
            answer["recommendation"] = changes["recommendation"]
        return _normalized(content, answer)

    @override
    def wire_answer(
        self, content: dict[str, Any], code: str, item: dict[str, Any], answer: dict[str, Any]
    ) -> dict[str, Any]:
        return answers.to_wire(code, _normalized(content, answer))

    @override
    def criteria(self, content: dict[str, Any]) -> dict[str, Any] | None:
        return dict(content["criteria"])
