"""The translatable names of a round's status and of a department's state in a round, shared by
the command line, the reports and the window. What differs by the kind of round (its name in a
list of rounds, an item's state in a department's workspace) each kind says itself
(:mod:`app.rounds.kinds`: ``short_label``, ``item_state_labels``)."""

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
