"""The secretariat's side of a round, whatever its kind: create it, issue one package per
department, import the returns, resolve conflicts, see who is missing, close it.

This module is the public face of the modules that do it: :mod:`app.rounds.lifecycle` (create,
issue, close), :mod:`app.rounds.importing` (import the returns; :mod:`app.rounds.merge` merges
each answer), :mod:`app.rounds.conflicts` (conflicts, proposals), :mod:`app.rounds.progress`
(completeness) and :mod:`app.rounds.lookup` (find a round). What differs between measure rounds
and partnership rounds is said by their kind (:mod:`app.rounds.kinds`).

Every function that writes takes a session without an open transaction and runs its whole
change in one transaction: an import is applied whole or not at all. Refusals raise
:class:`~app.errors.UserError` subclasses with a translatable message that names the reason.
"""

from __future__ import annotations

from app.rounds.conflicts import conflicts, proposals, resolve_conflict
from app.rounds.importing import ImportOutcome, import_return, import_returns, return_files
from app.rounds.kinds.base import RoundInput
from app.rounds.lifecycle import MAX_NAME, Issued, close_round, create_round, issue
from app.rounds.lookup import RETURN_SUFFIX, ROUND_SUFFIX, find_round, list_rounds
from app.rounds.progress import DepartmentProgress, RoundProgress, progress
from app.rounds.taken import AlreadyImported

__all__ = [
    "MAX_NAME",
    "RETURN_SUFFIX",
    "ROUND_SUFFIX",
    "AlreadyImported",
    "DepartmentProgress",
    "ImportOutcome",
    "Issued",
    "RoundInput",
    "RoundProgress",
    "close_round",
    "conflicts",
    "create_round",
    "find_round",
    "import_return",
    "import_returns",
    "issue",
    "list_rounds",
    "progress",
    "proposals",
    "resolve_conflict",
    "return_files",
]
