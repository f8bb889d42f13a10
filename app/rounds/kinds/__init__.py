"""The kinds of round, behind one interface (:class:`~app.rounds.kinds.base.RoundKindSpec`):
measure rounds (:mod:`~app.rounds.kinds.measures`) and partnership rounds
(:mod:`~app.rounds.kinds.partnerships`). The rest of the rounds' code asks the kind of a round
what differs (``kind_of(round_).packer(…)``) instead of asking which kind it is.
"""

from __future__ import annotations

from typing import Protocol

from app.models import RoundKind
from app.rounds.kinds.base import RoundKindSpec
from app.rounds.kinds.measures import Measures
from app.rounds.kinds.partnerships import Partnerships

MEASURES: RoundKindSpec = Measures()
PARTNERSHIPS: RoundKindSpec = Partnerships()
ALL_KINDS: tuple[RoundKindSpec, ...] = (MEASURES, PARTNERSHIPS)
"""Every kind of round, in the order a choice offers them (each with its ``label``)."""
_BY_VALUE = {spec.value: spec for spec in ALL_KINDS}


class HasKind(Protocol):
    @property
    def kind(self) -> object: ...


def kind_of(subject: HasKind | RoundKind | str) -> RoundKindSpec:
    """The kind of a round, a workspace round, a round's progress or view (anything with a
    ``kind``), or of a kind's value; an unknown value is a measure round (a package naming
    another kind is then refused for its shape)."""
    value = subject if isinstance(subject, str) else getattr(subject, "kind", subject)
    return _BY_VALUE.get(str(value), MEASURES)


def reported_in(report: str) -> tuple[RoundKind, ...]:
    """The kinds of round that a report (an :class:`app.reports.ReportKind` value) can be about:
    a query for the rounds a report may show selects these, without naming a kind itself."""
    return tuple(RoundKind(spec.value) for spec in ALL_KINDS if report in spec.reports)


def of_payload(content: object) -> RoundKindSpec:
    """The kind of round a package's payload names (not checked yet)."""
    round_ = content.get("round") if isinstance(content, dict) else None
    return kind_of(str(round_.get("kind")) if isinstance(round_, dict) else "")


__all__ = [
    "ALL_KINDS",
    "MEASURES",
    "PARTNERSHIPS",
    "RoundKindSpec",
    "kind_of",
    "of_payload",
    "reported_in",
]
