"""Partnership rounds on the secretariat's side (no Qt), by topic:
:mod:`app.partnerships.scope` (who assesses which partnership, the criteria frozen with the
round), :mod:`app.partnerships.assessments` (the accepted assessments, the secretariat's own,
the working group's conclusions) and :mod:`app.partnerships.results`. This module is their
public face; the round itself (create, issue, import, merge, conflicts, close) is the same for
every kind of round (:mod:`app.rounds.kinds.partnerships` says what differs).
"""

from __future__ import annotations

from app.partnerships.assessments import (
    accepted,
    conclude,
    normalized_return,
    package_items,
    record_assessment,
    store,
)
from app.partnerships.results import CriterionResult, PartnershipResult, RoundResults, results
from app.partnerships.scope import (
    COORDINATOR,
    DEFAULT_STATUSES,
    ScopeChoice,
    assign,
    partner_names,
    round_criteria,
    scope,
    scope_choices,
    set_up,
    working_departments,
)

__all__ = [
    "COORDINATOR",
    "DEFAULT_STATUSES",
    "CriterionResult",
    "PartnershipResult",
    "RoundResults",
    "ScopeChoice",
    "accepted",
    "assign",
    "conclude",
    "normalized_return",
    "package_items",
    "partner_names",
    "record_assessment",
    "results",
    "round_criteria",
    "scope",
    "scope_choices",
    "set_up",
    "store",
    "working_departments",
]
