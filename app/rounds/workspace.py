"""The department's side of a round, whatever its kind: open the round package, answer, export
the return.

This module is the public face of the modules that do it: :mod:`app.rounds.opening` (open and
check a package), :mod:`app.rounds.answering` (the rounds opened here, their items, answers and
proposals) and :mod:`app.rounds.exporting` (write the return). What differs between measure
rounds and partnership rounds is said by their kind (:mod:`app.rounds.kinds`).
"""

from __future__ import annotations

from app.models import WorkspaceRound
from app.rounds.answering import (
    MAX_PROPOSAL_TITLE,
    ItemState,
    add_proposal,
    answers,
    assess,
    clear_answer,
    content,
    criteria,
    current_answer,
    find,
    item,
    item_states,
    items,
    proposals,
    remove_proposal,
    rounds,
    save_draft,
    set_answer,
)
from app.rounds.exporting import Exported, default_file_name, export_return, exports
from app.rounds.kinds import kind_of
from app.rounds.opening import Opened, open_package


def is_partnership_round(ws_round: WorkspaceRound) -> bool:
    """Whether the opened round asks for assessments against criteria (kept for the command
    line until it asks ``kind_of(ws_round)`` what differs)."""
    return kind_of(ws_round).criteria(content(ws_round)) is not None


__all__ = [
    "MAX_PROPOSAL_TITLE",
    "Exported",
    "ItemState",
    "Opened",
    "add_proposal",
    "answers",
    "assess",
    "clear_answer",
    "content",
    "criteria",
    "current_answer",
    "default_file_name",
    "export_return",
    "exports",
    "find",
    "is_partnership_round",
    "item",
    "item_states",
    "items",
    "open_package",
    "proposals",
    "remove_proposal",
    "rounds",
    "save_draft",
    "set_answer",
]
