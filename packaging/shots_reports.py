"""The screenshots of the Reports page set to the cabinet report and of its preview (for
``packaging/screenshots.py``, which passes its ``shot`` and ``settle``; the Help menu's and the
data safety's dialogs are in ``packaging/safety_screenshots.py``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.reports import ReportKind

REPORTS_PAGE = 4


def shoot_reports(window: Any, shot: Any, settle: Callable[..., None]) -> None:
    """The Reports page set to the cabinet report of a closed round, and its preview once
    every page is rendered."""
    window.show_page(REPORTS_PAGE)
    reports = window.reports
    settle(lambda: window.worker.idle and reports.round.count() > 0)
    reports.kind.setCurrentIndex(reports.kind.findData(ReportKind.CABINET))
    reports.round.setCurrentIndex(reports.round.count() - 1)
    shot(window, "reports-cabinet")
    reports.preview()
    settle(lambda: getattr(reports, "preview_dialog", None) is not None, timeout=120)
    preview = reports.preview_dialog
    settle(lambda: not preview.rendering, timeout=120)
    shot(preview, "report-preview")
    preview.show_page(min(2, preview.count - 1))
    shot(preview, "report-preview-page3")
    preview.reject()
    settle()
