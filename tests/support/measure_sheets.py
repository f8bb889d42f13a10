"""The measures spreadsheet written and read back through the core, for the tests: export,
plan, apply, the problems of a refused file, a column by its header."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.i18n import translator
from app.operations.context import Actor
from app.paths import resolve
from app.spreadsheets import measures as sheet
from app.spreadsheets.workbook import SpreadsheetRefused
from app.storage.register import open_register

ACTOR = Actor("Sekretariat")


def export(folder: Path, target: Path, fmt: str = "xlsx", lang: str = "de") -> Path:
    with open_register(resolve(folder), readonly=True) as register, register.session() as s:
        sheet.export_measures(s, target, fmt=fmt, tr=translator(lang))
    return target


def plan(folder: Path, path: Path) -> sheet.ImportPlan:
    with open_register(resolve(folder), readonly=True) as register, register.session() as s:
        return sheet.plan_import(s, path)


def apply(folder: Path, path: Path) -> sheet.ImportResult:
    with open_register(resolve(folder)) as register, register.session() as s:
        return sheet.apply_import(s, ACTOR, sheet.plan_import(s, path))


def refused(folder: Path, path: Path) -> list[str]:
    """The problems of a refused file, as German lines."""
    with pytest.raises(SpreadsheetRefused) as caught:
        plan(folder, path)
    return [problem.render(translator("de")) for problem in caught.value.problems]


def column(ws: Any, header: str) -> int:
    return next(cell.column for cell in ws[1] if cell.value == header)
