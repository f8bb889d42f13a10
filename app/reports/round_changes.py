"""What matters of the changes since the previous closed round, as a cabinet office reads them:
which traffic lights turned red or amber, which measures were completed or dropped, which are
new and which left the register; then how many other measures changed otherwise.

Plain data in, plain data out (the values of :func:`app.reports.rounds.measure_state` by measure
code, before and now): no register, no ReportLab, so it is tested on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.i18n import N_

TURNED_RED = "turned_red"
TURNED_AMBER = "turned_amber"
COMPLETED = "completed"
DROPPED = "dropped"
NEW = "new"
GONE = "gone"

KINDS = {
    TURNED_RED: N_("Traffic light turned red (at risk)"),
    TURNED_AMBER: N_("Traffic light turned amber (delayed), from green or none"),
    COMPLETED: N_("Completed"),
    DROPPED: N_("Dropped"),
    NEW: N_("New in the register"),
    GONE: N_("No longer in the register"),
}
"""The kinds of change the summary counts, in the order it lists them, with their labels."""

State = Mapping[str, Any]


@dataclass(frozen=True)
class Item:
    code: str
    titles: dict[str, str | None]


@dataclass(frozen=True)
class ChangeSummary:
    groups: dict[str, tuple[Item, ...]]
    """Kind (a key of :data:`KINDS`) → the measures it applies to, in the register's order."""
    otherwise: tuple[Item, ...] = field(default=())
    """The measures that changed, but in none of the summary's kinds."""

    @property
    def changed(self) -> int:
        """How many measures changed at all (a measure counts once)."""
        codes = {item.code for items in self.groups.values() for item in items}
        return len(codes) + len(self.otherwise)


def _kinds_of(before: State | None, now: State) -> list[str]:
    if before is None:
        return [NEW]
    kinds = []
    light, was = now.get("traffic_light"), before.get("traffic_light")
    if light == "red" and was != "red":
        kinds.append(TURNED_RED)
    if light == "amber" and was in ("green", None):
        kinds.append(TURNED_AMBER)
    status, had = now.get("status"), before.get("status")
    if status == "completed" and had != "completed":
        kinds.append(COMPLETED)
    if status == "dropped" and had != "dropped":
        kinds.append(DROPPED)
    return kinds


def summarize(before: Mapping[str, State], now: Mapping[str, State]) -> ChangeSummary:
    """The summary of what changed from ``before`` to ``now`` (each: code → state, in the
    register's order; a state's ``titles`` name the measure)."""
    groups: dict[str, list[Item]] = {kind: [] for kind in KINDS}
    otherwise: list[Item] = []
    for code, state in now.items():
        then = before.get(code)
        item = Item(code, dict(state.get("titles") or {}))
        kinds = _kinds_of(then, state)
        for kind in kinds:
            groups[kind].append(item)
        if not kinds and then is not None and _differs(then, state):
            otherwise.append(item)
    for code, then in before.items():
        if code not in now:
            groups[GONE].append(Item(code, dict(then.get("titles") or {})))
    return ChangeSummary({kind: tuple(items) for kind, items in groups.items()}, tuple(otherwise))


def _differs(before: State, now: State) -> bool:
    return any(before.get(name) != value for name, value in now.items() if name != "titles")
