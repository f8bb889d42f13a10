"""PDF reports in German, Polish or Czech, chosen per report (no Qt here).

:func:`write_report` is the entry point for the command line and the window; ReportLab and
pikepdf are imported only when a report is actually written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from app.i18n import N_

if TYPE_CHECKING:
    from app.storage.register import Register


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


def write_report(
    register: Register,
    request: ReportRequest,
    target: Path,
    *,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ReportResult:
    """Write the report to ``target`` (atomically). ``progress`` gets 0…1; when ``cancelled()``
    turns true, :class:`~app.reports.document.Cancelled` is raised and nothing is written."""
    from app.reports.writer import write

    return write(register, request, target, progress=progress, cancelled=cancelled)
