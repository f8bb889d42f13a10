"""What an operation changed, so that each view refreshes only that (as Anki's ``OpChanges``).

An edit of one measure among 100,000 reloads that one row, not the register: the window asks the
core for the rows of :attr:`OpChanges.measures` and puts them in place; ``everything`` (an
import, a round's results, a change of reference data) reloads the whole register.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class OpChanges:
    """``measures``: codes of measures created or changed; ``removed``: codes deleted;
    ``everything``: the register is to be read again (many or unknown changes)."""

    measures: frozenset[str] = frozenset()
    removed: frozenset[str] = frozenset()
    everything: bool = False

    @classmethod
    def of_measures(cls, codes: Iterable[str | None]) -> OpChanges:
        return cls(measures=frozenset(code for code in codes if code))

    @classmethod
    def deleted(cls, code: str) -> OpChanges:
        return cls(removed=frozenset((code,)))


EVERYTHING = OpChanges(everything=True)
