"""The partnerships as the register knows them (no Qt): partner, kind, status, basis, the
departments working with each, its history (status changes and assessments recorded in the
audit trail) and the results of every partnership round it was in."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.i18n import N_
from app.models import (
    AuditEvent,
    Partnership,
    Round,
    RoundPartnership,
)
from app.operations.audit import decode
from app.partnerships.results import results
from app.partnerships.scope import partner_names, working_departments

STATUS_LABELS = {
    "active": N_("active"),
    "dormant": N_("dormant"),
    "under_consideration": N_("under consideration"),
}
KIND_LABELS = {
    "regional": N_("regional partnership"),
    "cross_border": N_("cross-border cooperation"),
    "sectoral": N_("sectoral partnership"),
}
RECOMMENDATION_LABELS = {
    "continue": N_("continue"),
    "sectoral": N_("refocus on sectoral cooperation"),
    "rest": N_("let rest"),
    "end": N_("end"),
    "explore": N_("explore a new one"),
}
HISTORY_ACTIONS = ("create", "update", "conclude")


def partnerships(session: Session, *, history: bool = True) -> list[dict[str, Any]]:
    """Every partnership with its facts, working departments, evaluations and history."""
    working = working_departments(session)
    evaluated = _evaluations(session)
    entries = []
    for partnership in session.scalars(
        select(Partnership)
        .options(selectinload(Partnership.partner), selectinload(Partnership.signatory))
        .order_by(Partnership.id)
    ):
        entry: dict[str, Any] = {
            "code": partnership.code,
            **partner_names(partnership),
            "partner_code": partnership.partner.code,
            "country": partnership.partner.country,
            "kind": partnership.kind.value,
            "status": partnership.status.value,
            "status_since": partnership.status_since,
            "since_year": partnership.since_year,
            "basis_de": partnership.basis_de,
            "signatory": partnership.signatory.code if partnership.signatory else None,
            "note_de": partnership.note_de,
            "departments": [d.code for d in working.get(partnership.id, [])],
            "evaluations": evaluated.get(partnership.id, []),
        }
        if history:
            entry["history"] = [
                {
                    "at": event.at,
                    "actor": event.actor,
                    "action": event.action,
                    "field": event.field,
                    "old": decode(event.old_value),
                    "new": decode(event.new_value),
                }
                for event in session.scalars(
                    select(AuditEvent)
                    .where(
                        AuditEvent.entity == "partnership",
                        AuditEvent.entity_code == partnership.code,
                        AuditEvent.action.in_(HISTORY_ACTIONS),
                    )
                    .order_by(AuditEvent.at, AuditEvent.id)
                )
            ]
        entries.append(entry)
    return entries


def _evaluations(session: Session) -> dict[int, list[dict[str, Any]]]:
    """Per partnership id, its result in every round that evaluated it (oldest first)."""
    evaluated: dict[int, list[dict[str, Any]]] = {}
    evaluations = list(
        session.scalars(
            select(Round)
            .where(Round.id.in_(select(RoundPartnership.round_id)))
            .order_by(Round.created_at)
        )
    )
    for round_ in evaluations:
        in_round = set(
            session.scalars(
                select(RoundPartnership.partnership_id).where(
                    RoundPartnership.round_id == round_.id
                )
            )
        )
        if not in_round:
            continue
        found = {r.code: r for r in results(session, round_.name).partnerships}
        for partnership_id in in_round:
            partnership = session.get(Partnership, partnership_id)
            assert partnership is not None
            result = found.get(partnership.code)
            evaluated.setdefault(partnership_id, []).append(
                {
                    "round": round_.name,
                    "round_status": round_.status.value,
                    "closed_at": round_.closed_at,
                    "asked": result.asked if result else [],
                    "answered": result.answered if result else [],
                    "weighted": result.weighted if result else None,
                    "weighted_percent": result.weighted_percent if result else None,
                    "recommendations": result.recommendation_counts() if result else {},
                    "conclusion": result.conclusion if result else None,
                }
            )
    return evaluated
