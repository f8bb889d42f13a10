"""The main window's pages in the navigation's order with their captions, and the page it
opens on and its menus' titles (shared with the first screen painted before the window is built:
:mod:`app.ui.first_screen`)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from app.i18n import N_

PAGES = (
    ("overview", N_("Overview")),
    ("register", N_("Register")),
    ("rounds", N_("Rounds")),
    ("partnerships", N_("Partnerships")),
    ("reports", N_("Reports")),
    ("reference", N_("Reference data")),
)
MENUS = (N_("&File"), N_("&Measure"), N_("&View"), N_("&Help"))
"""The main window's menus, in order (the first screen shows their titles, too)."""
OVERVIEW_PAGE = 0  # the index of "overview" in PAGES (the first page of a new install)
REGISTER_PAGE = 1  # the index of "register" in PAGES


def saved_page(settings: QSettings) -> int:
    """The page the window was closed on (the overview when none was saved, or a page that
    no longer exists)."""
    try:
        index = int(settings.value("window/page", 0))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0
    return index if 0 <= index < len(PAGES) else 0
