"""The translatable names of a round's kind and status, a department's state in a round and an
item's state in a department's workspace, shared by the command line, the reports and the
window."""

from __future__ import annotations

from app.i18n import N_
from app.rounds.kinds import ALL_KINDS, MEASURES, PARTNERSHIPS

ROUND_KIND = {kind.value: kind.short_label for kind in ALL_KINDS}
"""What a round asks for (the column “Kind” in lists of rounds)."""
ROUND_STATUS = {"draft": N_("draft"), "open": N_("open"), "closed": N_("closed")}
DEPARTMENT_STATE = {
    "not_issued": N_("not issued"),
    "missing": N_("missing"),
    "overdue": N_("overdue"),
    "partial": N_("partly returned"),
    "complete": N_("returned"),
}
"""A department's state in a round (the states of :func:`app.rounds.secretariat.progress`)."""
ITEM_STATE = MEASURES.item_state_labels
"""A measure's state in a department's workspace (each kind has its own: ``item_state_labels``)."""
ASSESSMENT_STATE = PARTNERSHIPS.item_state_labels
"""A partnership's state in a department's workspace (a partnership round's items)."""


def item_state_labels(partnerships: bool) -> dict[str, str]:
    """Kept for the command line and the window until they ask
    ``kind_of(round).item_state_labels``."""
    return dict((PARTNERSHIPS if partnerships else MEASURES).item_state_labels)
