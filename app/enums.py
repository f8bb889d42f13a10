"""The fixed vocabularies of the register. Values are stored as these English keys; labels in
German, Polish and Czech come from the translation catalogs (see :mod:`app.labels`).
No SQLAlchemy here: the window's first rows show without it."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "ConflictState",
    "DepartmentRole",
    "Modality",
    "Origin",
    "PartnerKind",
    "PartnershipKind",
    "PartnershipStatus",
    "ProposalState",
    "Recommendation",
    "RegisterKind",
    "RoundKind",
    "RoundStatus",
    "Status",
    "TrafficLight",
    "TranslationState",
]


class Status(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    CONTINUOUS = "continuous"
    COMPLETED = "completed"
    SUSPENDED = "suspended"
    DROPPED = "dropped"


class TrafficLight(StrEnum):
    GREEN = "green"  # on track
    AMBER = "amber"  # delayed
    RED = "red"  # at risk


class Modality(StrEnum):
    """How the strategy's lead-in sentence introduces a list of measures."""

    COULD = "could"  # "könnte(n) ... ergriffen/ausgebaut/fortgesetzt werden"
    SHALL = "shall"  # "sollen ... ergriffen werden"
    CONTINUE = "continue"  # measures under way that the text says go on ("auch künftig", "wird")


class TranslationState(StrEnum):
    MISSING = "missing"
    PROPOSAL = "proposal"  # proposed (by the catalogue), not yet reviewed by a liaison office
    TRANSLATED = "translated"
    NEEDS_UPDATE = "needs_update"


class DepartmentRole(StrEnum):
    LEAD = "lead"
    PARTICIPATING = "participating"


class PartnershipStatus(StrEnum):
    ACTIVE = "active"
    DORMANT = "dormant"
    UNDER_CONSIDERATION = "under_consideration"


class PartnershipKind(StrEnum):
    REGIONAL = "regional"  # a regional partnership of the State Government
    CROSS_BORDER = "cross_border"  # a joint declaration on cross-border cooperation
    SECTORAL = "sectoral"  # a thematic partnership


class PartnerKind(StrEnum):
    COUNTRY = "country"
    REGION = "region"
    ORGANISATION = "organisation"


class RegisterKind(StrEnum):
    REAL = "real"
    DEMO = "demo"


class Origin(StrEnum):
    CATALOGUE = "catalogue"  # taken from the strategy's text
    USER = "user"  # added in the register


class RoundKind(StrEnum):
    MEASURES = "measures"  # a measure status round
    PARTNERSHIPS = "partnerships"  # an evaluation of the regional partnerships


class RoundStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class ConflictState(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    SUPERSEDED = "superseded"  # a later return from the same department answered it again


class ProposalState(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Recommendation(StrEnum):
    """What a department recommends for a partnership, and what the working group concludes."""

    CONTINUE = "continue"  # continue as it is
    SECTORAL = "sectoral"  # refocus on sectoral cooperation
    REST = "rest"  # let it rest
    END = "end"
    EXPLORE = "explore"  # explore a new partnership (one under consideration)
