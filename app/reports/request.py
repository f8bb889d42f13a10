"""What a report is asked for and what writing it gave: the request and the result (no
ReportLab here; :mod:`app.reports` re-exports them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from app.i18n import N_


class ReportKind(StrEnum):
    CABINET = "cabinet"
    DEPARTMENT = "department"
    MEASURE = "measure"
    PARTNERSHIPS = "partnerships"


KIND_LABELS = {
    ReportKind.CABINET: N_("Cabinet status report"),
    ReportKind.DEPARTMENT: N_("Department report"),
    ReportKind.MEASURE: N_("Measure fact sheet"),
    ReportKind.PARTNERSHIPS: N_("Partnership evaluation report"),
}


@dataclass(frozen=True)
class ReportRequest:
    kind: ReportKind
    lang: str
    department: str | None = None
    measure: str | None = None
    round: str | None = None
    """The round reported on; a partnership evaluation report without one: the latest
    partnership round."""
    draft: bool = False
    classification: str | None = None
    file_reference: str | None = None
    """The secretariat's file reference (Aktenzeichen), printed on the cover."""
    reporting_date: dt.date | None = None
    """Shown on the cover; by default the day of the register's latest change."""
    since: dt.date | None = None
    """The cabinet report lists the audit trail's changes from this day on."""


@dataclass(frozen=True)
class ReportResult:
    path: Path
    pages: int
    fallbacks: int
    """How many texts were shown in German because they have no translation."""
