"""The translatable names of a round's kind and status, a department's state in a round and an
item's state in a department's workspace, shared by the command line, the reports and the
window."""

from __future__ import annotations

from app.i18n import N_

ROUND_KIND = {"measures": N_("Measures"), "partnerships": N_("Partnerships")}
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
ITEM_STATE = {"missing": N_("missing"), "incomplete": N_("incomplete"), "answered": N_("answered")}
ASSESSMENT_STATE = {
    "missing": N_("not assessed"),
    "incomplete": N_("incomplete"),
    "answered": N_("assessed"),
}
"""A partnership's state in a department's workspace (a partnership round's items)."""


def item_state_labels(partnerships: bool) -> dict[str, str]:
    return ASSESSMENT_STATE if partnerships else ITEM_STATE
