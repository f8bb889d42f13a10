"""How far a round is, the same for every kind of round: who was asked, who answered (on time
or late), what is missing, what is in conflict."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.models import (
    Department,
    ImportedReturn,
    IssuedPackage,
    ProposalState,
    ReturnEntry,
    Round,
)
from app.rounds.conflicts import conflicts, proposals
from app.rounds.kinds import kind_of
from app.rounds.lookup import find_round


@dataclass
class DepartmentProgress:
    code: str
    names: dict[str, str | None]
    state: str  # not_issued, missing, overdue, partial, complete
    expected: int = 0
    returned: int = 0
    late: bool = False
    version: int | None = None
    returned_at: str | None = None
    issued_at: str | None = None
    open_conflicts: int = 0
    missing_codes: list[str] = field(default_factory=list)


@dataclass
class RoundProgress:
    name: str
    uid: str
    kind: str
    status: str
    deadline: dt.date
    period_start: dt.date | None
    period_end: dt.date | None
    created_at: str
    opened_at: str | None
    closed_at: str | None
    departments: list[DepartmentProgress]
    open_conflicts: int
    open_proposals: int
    unassigned: list[str]  # measures in scope that no department leads
    # late returns taken as amendments, and withdrawn versions (each: department, version, …)
    amendments: list[dict[str, Any]] = field(default_factory=list)
    withdrawn: list[dict[str, Any]] = field(default_factory=list)

    @property
    def departments_returned(self) -> int:
        return sum(1 for d in self.departments if d.state in ("partial", "complete"))

    @property
    def measures_expected(self) -> int:
        return sum(d.expected for d in self.departments)

    @property
    def measures_returned(self) -> int:
        return sum(d.returned for d in self.departments)

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "uid": self.uid,
            "kind": self.kind,
            "status": self.status,
            "deadline": self.deadline.isoformat(),
            "period_start": self.period_start.isoformat() if self.period_start else None,
            "period_end": self.period_end.isoformat() if self.period_end else None,
            "created_at": self.created_at,
            "opened_at": self.opened_at,
            "closed_at": self.closed_at,
            "departments_expected": len(self.departments),
            "departments_returned": self.departments_returned,
            "measures_expected": self.measures_expected,
            "measures_returned": self.measures_returned,
            "open_conflicts": self.open_conflicts,
            "open_proposals": self.open_proposals,
            "unassigned_measures": self.unassigned,
            "departments": [
                {
                    "code": d.code,
                    "state": d.state,
                    "expected": d.expected,
                    "returned": d.returned,
                    "missing": d.missing_codes,
                    "late": d.late,
                    "version": d.version,
                    "returned_at": d.returned_at,
                    "issued_at": d.issued_at,
                    "open_conflicts": d.open_conflicts,
                }
                for d in self.departments
            ],
            "amendments": self.amendments,
            "withdrawn": self.withdrawn,
        }


def _department_progress(
    session: Session,
    round_: Round,
    department: Department,
    *,
    today: dt.date,
    conflicts: dict[int, int],
) -> DepartmentProgress:
    """One department's progress in ``round_`` (``conflicts``: open ones by department id)."""
    row = DepartmentProgress(
        code=department.code,
        names={lang: getattr(department, f"name_{lang}") for lang in ("de", "pl", "cs")},
        state="not_issued",
        open_conflicts=conflicts.get(department.id, 0),
    )
    package = session.scalar(
        select(IssuedPackage)
        .where(IssuedPackage.round_id == round_.id, IssuedPackage.department_id == department.id)
        .order_by(IssuedPackage.id.desc())
        .limit(1)
        .options(selectinload(IssuedPackage.items))
    )
    if package is not None:
        row.issued_at = package.issued_at
        row.expected = len(package.items)
        latest = session.scalar(
            select(ImportedReturn)
            .where(
                ImportedReturn.round_id == round_.id,
                ImportedReturn.department_id == department.id,
                ImportedReturn.withdrawn_at.is_(None),
            )
            .order_by(ImportedReturn.sequence.desc())
            .limit(1)
        )
        answered = set()
        if latest is not None:
            answered = set(
                session.scalars(select(ReturnEntry.code).where(ReturnEntry.return_id == latest.id))
            )
            first = session.scalar(
                select(func.min(ImportedReturn.created_at)).where(
                    ImportedReturn.round_id == round_.id,
                    ImportedReturn.department_id == department.id,
                    ImportedReturn.withdrawn_at.is_(None),
                )
            )
            row.version = latest.sequence
            row.returned_at = latest.created_at
            row.late = bool(first) and str(first)[:10] > round_.deadline.isoformat()
        expected_codes = [item.code for item in package.items]
        row.returned = sum(1 for code in expected_codes if code in answered)
        row.missing_codes = [code for code in expected_codes if code not in answered]
        if latest is None:
            row.state = "overdue" if today > round_.deadline else "missing"
        elif row.missing_codes:
            row.state = "partial"
        else:
            row.state = "complete"
    return row


def progress(session: Session, name: str, *, today: dt.date | None = None) -> RoundProgress:
    """Who was asked, who answered (on time or late), what is missing, what is in conflict."""
    today = today or dt.date.today()
    round_ = find_round(session, name)
    open_conflicts: dict[int, int] = {}
    for conflict in conflicts(session, round_.name):
        department_id = conflict.imported_return.department_id
        open_conflicts[department_id] = open_conflicts.get(department_id, 0) + 1
    rows = [
        _department_progress(
            session, round_, link.department, today=today, conflicts=open_conflicts
        )
        for link in sorted(
            round_.departments, key=lambda link: (link.department.position, link.department.code)
        )
    ]
    unassigned = kind_of(round_).unassigned(session, round_)
    open_proposals = sum(
        1 for p in proposals(session, round_.name) if p.state == ProposalState.OPEN
    )
    # The amendments' module brings the import machinery (keys, cryptography): loaded when a
    # round's progress is first read, not by every module that can show one (the overview).
    from app.rounds.corrections import amendments, withdrawn

    return RoundProgress(
        name=round_.name,
        uid=round_.uid,
        kind=round_.kind.value,
        status=round_.status.value,
        deadline=round_.deadline,
        period_start=round_.period_start,
        period_end=round_.period_end,
        created_at=round_.created_at,
        opened_at=round_.opened_at,
        closed_at=round_.closed_at,
        departments=rows,
        open_conflicts=sum(open_conflicts.values()),
        open_proposals=open_proposals,
        unassigned=unassigned,
        amendments=[
            {
                "department": row.department,
                "version": row.version,
                "exported_at": row.exported_at,
                "taken_at": row.taken_at,
                "taken_by": row.taken_by,
                "reason": row.reason,
                "answers": len(row.answers),
            }
            for row in amendments(session, round_)
        ],
        withdrawn=[
            {
                "department": record.department.code,
                "version": record.sequence,
                "withdrawn_at": record.withdrawn_at,
                "withdrawn_by": record.withdrawn_by,
                "reason": record.withdrawn_reason,
            }
            for record in withdrawn(session, round_)
        ],
    )
