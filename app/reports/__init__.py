"""PDF reports in German, Polish or Czech, chosen per report (no Qt here).

:func:`write_report` is the entry point for the command line and the window; ReportLab and
pikepdf are imported only when a report is actually written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.reports.request import KIND_LABELS, ReportKind, ReportRequest, ReportResult

if TYPE_CHECKING:
    from app.storage.register import Register


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
    from app.storage.fileformat import check_values

    if register.server is None:  # a server enforces its references and checks itself
        check_values(register.path)  # a broken reference would end the report half-way
    return write(register, request, target, progress=progress, cancelled=cancelled)


__all__ = ["KIND_LABELS", "ReportKind", "ReportRequest", "ReportResult", "write_report"]
