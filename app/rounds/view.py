"""Read models of a round for the screens (no Qt): plain values the window can show without
touching the database again. The secretariat's rounds with their completeness, the open
conflicts with their measure and field named, the proposals, the returns imported; on a
department's side, the opened rounds with the secretariat's key fingerprint and the last export.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.exchange import container
from app.i18n import N_, Message
from app.models import (
    ImportedReturn,
    IssuedPackage,
    Measure,
    Partnership,
    ReturnEntry,
    TrustedIssuer,
    WorkspaceRound,
)
from app.operations import audit
from app.partnerships.scope import partner_names
from app.rounds import keys, secretariat, workspace
from app.rounds.corrections import amendments
from app.rounds.kinds import kind_of

Titles = dict[str, str | None]
"""A text by language: ``{"de": …, "pl": …, "cs": …}`` (Polish and Czech may be missing)."""


def rounds(session: Session) -> list[secretariat.RoundProgress]:
    """Every round of the register, oldest first, with its completeness."""
    return [secretariat.progress(session, r.name) for r in secretariat.list_rounds(session)]


def signing_fingerprint(session: Session) -> str | None:
    """The fingerprint of the key this register signs round packages with (``None`` until the
    first package is issued): departments compare it with the one their program shows."""
    public = keys.signing_public(session)
    return container.fingerprint(public) if public is not None else None


def signing_label(session: Session) -> Message | None:
    """The register's key fingerprint as the rounds screen shows it, saying so when the keys
    are not on this computer (then nothing can be issued or imported)."""
    fingerprint = signing_fingerprint(session)
    if fingerprint is None:
        return None
    if not keys.has_keys(session):
        return Message(
            N_(
                "Key fingerprint of this register: {fingerprint} — its keys are NOT on this "
                "computer: rounds cannot be issued nor returns imported (imag keys import)"
            ),
            fingerprint=fingerprint,
        )
    return Message(N_("Key fingerprint of this register: {fingerprint}"), fingerprint=fingerprint)


def _titles(session: Session, codes: set[str]) -> dict[str, Titles]:
    """The titles of measures, or the partner's names of partnerships, by code."""
    if not codes:
        return {}
    found: dict[str, Titles] = {
        code: {"de": de, "pl": pl, "cs": cs}
        for code, de, pl, cs in session.execute(
            select(Measure.code, Measure.title_de, Measure.title_pl, Measure.title_cs).where(
                Measure.code.in_(codes)
            )
        )
    }
    for partnership in session.scalars(
        select(Partnership)
        .where(Partnership.code.in_(codes - set(found)))
        .options(selectinload(Partnership.partner))
    ):
        names = partner_names(partnership)
        found[partnership.code] = {lang: names[f"name_{lang}"] for lang in ("de", "pl", "cs")}
    return found


@dataclass(frozen=True)
class ConflictRow:
    id: int
    code: str
    titles: Titles  # empty if the measure no longer exists
    field: str  # "status", "traffic_light", …, "indicator:<id>"
    indicator: str | None  # the indicator's name for an "indicator:<id>" field
    department: str
    version: int
    register: Any  # decoded JSON values
    issued: Any
    returned: Any


def conflicts(session: Session, name: str) -> list[ConflictRow]:
    """The round's open conflicts, with the measure's titles and the indicators' names."""
    found = secretariat.conflicts(session, name)
    titles = _titles(session, {conflict.code for conflict in found})
    indicator_names: dict[int, str] = {}
    package_ids = {conflict.imported_return.package_id for conflict in found}
    if any(conflict.field.startswith("indicator:") for conflict in found):
        for package in session.scalars(
            select(IssuedPackage)
            .where(IssuedPackage.id.in_(package_ids))
            .options(selectinload(IssuedPackage.items))
        ):
            for item in package.items:
                for indicator in json.loads(item.values).get("indicators") or ():
                    indicator_names[int(indicator["id"])] = str(indicator["name"])
    rows = []
    for conflict in found:
        indicator = None
        if conflict.field.startswith("indicator:"):
            identifier = int(conflict.field.split(":", 1)[1])
            indicator = indicator_names.get(identifier, conflict.field)
        rows.append(
            ConflictRow(
                id=conflict.id,
                code=conflict.code,
                titles=titles.get(conflict.code, {}),
                field=conflict.field,
                indicator=indicator,
                department=conflict.imported_return.department.code,
                version=conflict.imported_return.sequence,
                register=audit.decode(conflict.register_value),
                issued=audit.decode(conflict.issued_value),
                returned=audit.decode(conflict.returned_value),
            )
        )
    return rows


@dataclass(frozen=True)
class ProposalRow:
    id: int
    department: str
    version: int
    instrument: str
    title_de: str
    description_de: str | None
    rationale: str | None
    state: str  # open, accepted, rejected


def proposals(session: Session, name: str) -> list[ProposalRow]:
    return [
        ProposalRow(
            id=proposal.id,
            department=proposal.imported_return.department.code,
            version=proposal.imported_return.sequence,
            instrument=proposal.instrument,
            title_de=proposal.title_de,
            description_de=proposal.description_de,
            rationale=proposal.rationale,
            state=proposal.state.value,
        )
        for proposal in secretariat.proposals(session, name)
    ]


@dataclass(frozen=True)
class ReturnRow:
    department: str
    version: int
    exported_at: str  # when the department wrote it (its own clock)
    imported_at: str
    imported_by: str
    author: str | None
    encrypted: bool
    file_name: str
    answers: int
    current: bool  # the department's latest return; earlier ones are superseded
    # "current", "superseded", "withdrawn" (by the secretariat), or "amendment" (a late return
    # kept beside the closed round; imported_at: when it was taken)
    state: str = "current"


def returns(session: Session, name: str) -> list[ReturnRow]:
    """Every return imported for the round, newest first, then the late returns taken as
    amendments; superseded and withdrawn ones stay listed."""
    round_ = secretariat.find_round(session, name)
    records = list(
        session.scalars(
            select(ImportedReturn)
            .where(ImportedReturn.round_id == round_.id)
            .options(selectinload(ImportedReturn.department))
            .order_by(ImportedReturn.imported_at.desc(), ImportedReturn.id.desc())
        )
    )
    counts: dict[int, int] = {}
    for return_id in session.scalars(
        select(ReturnEntry.return_id).where(
            ReturnEntry.return_id.in_([record.id for record in records])
        )
    ):
        counts[return_id] = counts.get(return_id, 0) + 1
    latest: dict[int, int] = {}
    for record in records:
        if record.withdrawn_at is None:
            latest[record.department_id] = max(latest.get(record.department_id, 0), record.sequence)
    rows = [
        ReturnRow(
            department=record.department.code,
            version=record.sequence,
            exported_at=record.created_at,
            imported_at=record.imported_at,
            imported_by=record.imported_by,
            author=record.author,
            encrypted=record.encrypted,
            file_name=record.file_name,
            answers=counts.get(record.id, 0),
            current=record.sequence == latest.get(record.department_id),
            state="withdrawn"
            if record.withdrawn_at is not None
            else "current"
            if record.sequence == latest.get(record.department_id)
            else "superseded",
        )
        for record in records
    ]
    return rows + [
        ReturnRow(
            department=row.department,
            version=row.version,
            exported_at=row.exported_at,
            imported_at=row.taken_at,
            imported_by=row.taken_by,
            author=row.author,
            encrypted=row.encrypted,
            file_name=row.file_name,
            answers=len(row.answers),
            current=False,
            state="amendment",
        )
        for row in reversed(amendments(session, round_))
    ]


# -- the department's side --------------------------------------------------------------------


@dataclass(frozen=True)
class ExportRow:
    version: int
    exported_at: str
    file_name: str
    encrypted: bool
    answers: int


@dataclass(frozen=True)
class WorkspaceView:
    """One opened round as the department's screen shows it."""

    name: str
    department: str
    department_names: Titles
    deadline: str
    period_start: str | None
    period_end: str | None
    note: str | None
    issued_at: str
    fingerprint: str
    default_file_name: str
    instruments: list[tuple[str, Titles]]  # numeral, titles
    items: list[dict[str, Any]]  # as the package carried them (code, titles, values, …)
    answers: dict[str, dict[str, Any]]  # code → the answer typed so far (maybe not valid yet)
    proposals: list[tuple[int, dict[str, Any]]]  # id, values
    exports: list[ExportRow]
    kind: str = "measures"  # or "partnerships"
    criteria: dict[str, Any] | None = None  # a partnership round's criteria and scale


def workspace_rounds(session: Session) -> list[str]:
    """The names of the rounds opened here, the most recently opened last."""
    return [ws_round.name for ws_round in workspace.rounds(session)]


def workspace_view(session: Session, name: str | None) -> WorkspaceView:
    ws_round = workspace.find(session, name)
    return _workspace_view(session, ws_round)


def _workspace_view(session: Session, ws_round: WorkspaceRound) -> WorkspaceView:
    payload = workspace.content(ws_round)
    issuer = session.get(TrustedIssuer, ws_round.issuer_uid)
    department = payload["department"]
    return WorkspaceView(
        name=ws_round.name,
        department=ws_round.department,
        department_names={lang: department.get(f"name_{lang}") for lang in ("de", "pl", "cs")},
        deadline=ws_round.deadline,
        period_start=payload["round"].get("period_start"),
        period_end=payload["round"].get("period_end"),
        note=payload["round"].get("note"),
        issued_at=ws_round.issued_at,
        fingerprint=container.fingerprint(issuer.public_key) if issuer is not None else "–",
        default_file_name=workspace.default_file_name(ws_round),
        instruments=[
            (
                str(entry["numeral"]),
                {lang: entry.get(f"title_{lang}") for lang in ("de", "pl", "cs")},
            )
            for entry in payload.get("instruments") or ()
        ],
        items=list(payload["items"]),
        answers=workspace.answers(session, ws_round),
        proposals=[
            (proposal.id, json.loads(proposal.values))
            for proposal in workspace.proposals(session, ws_round)
        ],
        exports=[
            ExportRow(
                version=export.sequence,
                exported_at=export.exported_at,
                file_name=export.file_name,
                encrypted=export.encrypted,
                answers=export.answers,
            )
            for export in workspace.exports(session, ws_round)
        ],
        kind=ws_round.kind,
        criteria=kind_of(ws_round).criteria(payload),
    )
