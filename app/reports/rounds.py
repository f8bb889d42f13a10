"""Hooks for evaluation rounds, which the register does not have yet.

When rounds exist, :func:`returns_completeness` answers how many departments have sent their
return for a round, and :func:`find_round` resolves ``--round NAME``; the cabinet report already
calls both, so it picks them up without further changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.errors import NotFound
from app.i18n import N_, Message


@dataclass(frozen=True)
class ReturnsCompleteness:
    departments_expected: int
    departments_returned: int
    measures_expected: int
    measures_returned: int


def find_round(session: Session, name: str) -> None:
    """The evaluation round called ``name``; refused for now: rounds are not available yet."""
    del session
    raise NotFound(
        Message(
            N_(
                "There is no evaluation round “{name}”: evaluation rounds are not available in "
                "this version yet. Leave out --round to report on the register's current state."
            ),
            name=name,
        )
    )


def returns_completeness(session: Session) -> ReturnsCompleteness | None:
    """The completeness of the departments' returns in the latest round; ``None``: no rounds."""
    del session
    return None
