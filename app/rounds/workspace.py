"""The department's side of a round, whatever its kind: open the round package, answer, export
the return.

This module is the public face of the modules that do it: :mod:`app.rounds.opening` (open and
check a package), :mod:`app.rounds.answering` (the rounds opened here, their items, answers and
proposals) and :mod:`app.rounds.exporting` (write the return). What differs between measure
rounds and partnership rounds is said by their kind (:mod:`app.rounds.kinds`).
"""

from __future__ import annotations

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
    save_drafts,
    set_answer,
)
from app.rounds.exporting import Exported, default_file_name, export_return, exports
from app.rounds.opening import NewKeyRefused, Opened, open_package

__all__ = [
    "MAX_PROPOSAL_TITLE",
    "Exported",
    "ItemState",
    "NewKeyRefused",
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
    "item",
    "item_states",
    "items",
    "open_package",
    "proposals",
    "remove_proposal",
    "rounds",
    "save_draft",
    "save_drafts",
    "set_answer",
]
