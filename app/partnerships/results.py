"""The results of a partnership round (no Qt): per partnership, every department's scores per
criterion with mean and spread, the weighted result, the recommendations and the conclusion."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from statistics import mean, pstdev
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import PartnershipAssessment, PartnershipConclusion
from app.partnerships import answers
from app.partnerships.scope import partner_names, round_criteria, scope
from app.rounds.lookup import find_round


@dataclass
class CriterionResult:
    code: str
    weight: float
    names: dict[str, str | None]
    scores: dict[str, int]  # department code -> score
    comments: dict[str, str]  # department code -> comment

    @property
    def mean(self) -> float | None:
        return mean(self.scores.values()) if self.scores else None

    @property
    def spread(self) -> int | None:
        """Highest minus lowest score (0: all departments agree)."""
        return max(self.scores.values()) - min(self.scores.values()) if self.scores else None

    @property
    def stdev(self) -> float | None:
        return pstdev(self.scores.values()) if self.scores else None


@dataclass
class PartnershipResult:
    code: str
    names: dict[str, str | None]
    kind: str
    status: str
    since_year: int | None
    asked: list[str]  # department codes
    answered: list[str]
    criteria: list[CriterionResult]
    recommendations: dict[str, dict[str, str | None]]  # department -> {"choice", "comment"}
    conclusion: dict[str, str | None] | None = None
    scale: dict[str, int] = field(default_factory=dict)

    @property
    def weighted(self) -> float | None:
        """The weighted mean score over the criteria that have scores (on the round's scale)."""
        scored = [(c.weight, c.mean) for c in self.criteria if c.mean is not None]
        total = sum(weight for weight, _ in scored)
        if not scored or not total:
            return None
        return sum(weight * value for weight, value in scored if value is not None) / total

    @property
    def weighted_percent(self) -> float | None:
        """The weighted result as a share of the scale (0 = lowest, 100 = highest point)."""
        if self.weighted is None or not self.scale:
            return None
        low, high = self.scale["min"], self.scale["max"]
        return 100 * (self.weighted - low) / (high - low)

    @property
    def max_spread(self) -> int | None:
        spreads = [c.spread for c in self.criteria if c.spread is not None]
        return max(spreads) if spreads else None

    def recommendation_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(answers.CHOICES, 0)
        for entry in self.recommendations.values():
            if entry["choice"]:
                counts[entry["choice"]] += 1
        return counts

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            **self.names,
            "kind": self.kind,
            "status": self.status,
            "since_year": self.since_year,
            "asked": self.asked,
            "answered": self.answered,
            "weighted": self.weighted,
            "weighted_percent": self.weighted_percent,
            "max_spread": self.max_spread,
            "criteria": [
                {
                    "code": c.code,
                    "weight": c.weight,
                    "scores": c.scores,
                    "comments": c.comments,
                    "mean": c.mean,
                    "spread": c.spread,
                    "stdev": c.stdev,
                }
                for c in self.criteria
            ],
            "recommendations": self.recommendations,
            "recommendation_counts": self.recommendation_counts(),
            "conclusion": self.conclusion,
        }


@dataclass
class RoundResults:
    name: str
    status: str
    deadline: str
    closed_at: str | None
    criteria: dict[str, Any]  # the frozen criteria document
    partnerships: list[PartnershipResult]

    def as_json(self) -> dict[str, Any]:
        return {
            "round": self.name,
            "status": self.status,
            "deadline": self.deadline,
            "closed_at": self.closed_at,
            "criteria_set": self.criteria["code"],
            "scale": self.criteria["scale"],
            "criteria": [
                {"code": c["code"], "weight": c["weight"], "name_de": c["name_de"]}
                for c in self.criteria["criteria"]
            ],
            "partnerships": [p.as_json() for p in self.partnerships],
        }


def results(session: Session, round_name: str) -> RoundResults:
    """Per partnership: every department's scores per criterion with mean and spread, the
    weighted result, the recommendations and the working group's conclusion."""
    round_ = find_round(session, round_name)
    document = round_criteria(session, round_)
    rows: dict[int, PartnershipResult] = {}
    assessments: dict[tuple[int, int], dict[str, Any]] = {}
    for row in session.scalars(
        select(PartnershipAssessment).where(PartnershipAssessment.round_id == round_.id)
    ):
        assessments.setdefault((row.partnership_id, row.department_id), {})[row.unit] = json.loads(
            row.value
        )
    for partnership, department in scope(session, round_):
        result = rows.get(partnership.id)
        if result is None:
            result = rows[partnership.id] = PartnershipResult(
                code=partnership.code,
                names=partner_names(partnership),
                kind=partnership.kind.value,
                status=partnership.status.value,
                since_year=partnership.since_year,
                asked=[],
                answered=[],
                criteria=[
                    CriterionResult(
                        code=c["code"],
                        weight=float(c["weight"]),
                        names={lang: c.get(f"name_{lang}") for lang in ("de", "pl", "cs")},
                        scores={},
                        comments={},
                    )
                    for c in document["criteria"]
                ],
                recommendations={},
                scale=dict(document["scale"]),
            )
            conclusion = session.get(PartnershipConclusion, (round_.id, partnership.id))
            if conclusion is not None:
                result.conclusion = {
                    "recommendation": conclusion.recommendation.value,
                    "text": conclusion.text,
                    "decided_at": conclusion.decided_at,
                    "decided_by": conclusion.decided_by,
                }
        result.asked.append(department.code)
        units = assessments.get((partnership.id, department.id), {})
        if units:
            result.answered.append(department.code)
        for criterion in result.criteria:
            entry = units.get(f"score:{criterion.code}")
            if entry and entry.get("score") is not None:
                criterion.scores[department.code] = int(entry["score"])
            if entry and entry.get("comment"):
                criterion.comments[department.code] = entry["comment"]
        if "recommendation" in units:
            result.recommendations[department.code] = units["recommendation"]
    return RoundResults(
        name=round_.name,
        status=round_.status.value,
        deadline=round_.deadline.isoformat(),
        closed_at=round_.closed_at,
        criteria=document,
        partnerships=list(rows.values()),
    )
