"""Who makes a change and from where: recorded with every audit event an operation writes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """The user's name (from the local profile) and the source of the change (``app``, ``cli``)."""

    name: str
    source: str = "app"
