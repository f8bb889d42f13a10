"""The rounds the Reports page offers for the kind of report chosen: those a report of that
kind can be about (a round's kind says which), newest first; the cabinet and department reports
and the fact sheet offer "the latest round" first, the default the command line has, too."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox
from sqlalchemy.orm import Session

from app.i18n import Translator
from app.reports import ReportKind
from app.rounds.labels import ROUND_STATUS

RoundEntry = tuple[str, str, tuple[str, ...]]
"""A round's name, its status and the reports (ReportKind values) that can be about it."""


def fill_rounds(
    combo: QComboBox, tr: Translator, rounds: list[RoundEntry], kind: ReportKind
) -> None:
    """Offer in ``combo`` the ``rounds`` a report of ``kind`` can be about, keeping the round
    chosen where it is offered again (else the first entry); disabled when there is none."""
    _ = tr.gettext
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    offered = [(name, status) for name, status, reports in rounds if kind.value in reports]
    if offered and kind != ReportKind.PARTNERSHIPS:
        combo.addItem(_("the latest round"), None)
    for name, status in offered:
        combo.addItem(f"{name} ({_(ROUND_STATUS.get(status, status))})", name)
    combo.setCurrentIndex(max(combo.findData(chosen), 0) if chosen is not None else 0)
    combo.setEnabled(combo.count() > 0)
    combo.blockSignals(False)


def report_rounds(session: Session) -> list[RoundEntry]:
    """The rounds the reports can be about, newest first (a job for the database worker)."""
    from app.rounds import secretariat
    from app.rounds.kinds import kind_of

    return [
        (r.name, r.status.value, tuple(sorted(kind_of(r).reports)))
        for r in reversed(secretariat.list_rounds(session))
    ]
