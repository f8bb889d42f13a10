"""The translatable names of a round's status, a department's state in a round and an item's
state in a department's workspace, shared by the command line, the reports and the window."""

from __future__ import annotations

from app.i18n import N_

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
