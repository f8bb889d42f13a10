"""The register's measures as a spreadsheet, out and in.

:func:`export_measures` writes every measure with every editable field (XLSX: a sheet of
measures, one of indicators, one of milestones; CSV: one row per measure; JSON: a list of
objects). :func:`plan_import` reads such a file back and works out every change it would make
(measure, field, old → new) without writing anything; :func:`apply_import` then applies the plan
in one transaction, audited with the file's name as the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.i18n import Translator
from app.operations.context import Actor

FORMATS = ("xlsx", "csv", "json")


@dataclass(frozen=True)
class FieldChange:
    """One field of one measure that an import changes: ``label`` is the message id of the
    column (translate it with the reader's translator), ``old`` and ``new`` display texts in
    the file's language."""

    code: str
    field: str
    label: str
    old: str
    new: str


@dataclass
class ImportPlan:
    """What importing a file would do: every field change, and the codes of new measures.
    ``inputs`` and ``revisions`` are what :func:`apply_import` writes and checks."""

    source: str
    changes: list[FieldChange]
    created: list[str]
    inputs: dict[str, Any] = field(default_factory=dict, repr=False)
    revisions: dict[str, int] = field(default_factory=dict, repr=False)

    @property
    def empty(self) -> bool:
        return not self.changes and not self.created


@dataclass(frozen=True)
class ImportResult:
    """How many existing measures were changed and how many were created."""

    changed: int
    created: int


def export_measures(session: Session, target: Path, *, fmt: str, tr: Translator) -> int:
    """Write every measure to ``target`` as ``fmt`` (``xlsx``, ``csv`` or ``json``), headers and
    values in ``tr``'s language; returns the number of measures."""
    raise NotImplementedError


def plan_import(session: Session, path: Path) -> ImportPlan:
    """Read ``path`` (XLSX or CSV, headers and values in German, Polish, Czech or English) and
    work out its changes; raises :class:`~app.spreadsheets.workbook.SpreadsheetRefused` with
    every problem of the file. Writes nothing."""
    raise NotImplementedError


def apply_import(session: Session, actor: Actor, plan: ImportPlan) -> ImportResult:
    """Apply ``plan`` whole or not at all, in one transaction, audited as
    ``Actor(actor.name, "spreadsheet:<file name>")``. A measure changed since the plan was made
    refuses the whole import."""
    raise NotImplementedError
