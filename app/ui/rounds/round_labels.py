"""What the round screens say about states and values: translated labels, a colour for each
state (always shown together with its text), dates in the language's format, and the values of
a conflict as a reader understands them (labels instead of JSON)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QLabel

from app.i18n import N_, Translator
from app.models import Status, TrafficLight, labels
from app.partnerships.register import RECOMMENDATION_LABELS
from app.rounds.reminders import GERMAN_MARK
from app.rounds.values import UNIT_LABELS
from app.ui.register.history_view import when_text

IMPORT_STATE = {
    "imported": N_("imported"),
    "duplicate": N_("already imported"),
    "late": N_("after the round was closed"),
    "refused": N_("refused"),
}

NO_ROUNDS = N_(
    "There are no evaluation rounds yet. “New round…” creates one; issuing its packages opens it."
)
NO_ROUNDS_TO_READ = N_(
    "There are no evaluation rounds yet. The secretariat creates them; each round it creates is "
    "listed here."
)


class NoRoundsNote(QLabel):
    """What the empty list of rounds says: how to start one, if the user may; the others do not see
    "New round…" (:mod:`app.ui.role_limits` hides it and sets :attr:`offer_changes`)."""

    def __init__(self, tr: Translator) -> None:
        super().__init__()
        self._tr = tr
        self.setWordWrap(True)
        self.offer_changes = True

    @property
    def offer_changes(self) -> bool:
        return self.text() == self._tr.gettext(NO_ROUNDS)

    @offer_changes.setter
    def offer_changes(self, offer: bool) -> None:
        self.setText(self._tr.gettext(NO_ROUNDS if offer else NO_ROUNDS_TO_READ))


GREEN, AMBER, RED, GREY, BLUE = "#2e7d32", "#e65100", "#c62828", "#757575", "#1565c0"
COLOURS = {
    # a round
    "draft": GREY,
    "open": BLUE,
    "closed": GREEN,
    # a department in a round
    "not_issued": GREY,
    "missing": GREY,
    "overdue": RED,
    "partial": AMBER,
    "complete": GREEN,
    # a measure in a department's workspace
    "incomplete": AMBER,
    "answered": GREEN,
    # an imported file
    "imported": GREEN,
    "duplicate": GREY,
    "late": AMBER,
    "refused": RED,
}


@cache
def state_icon(state: str) -> QIcon:
    """A filled circle in the state's colour (the text beside it says the same)."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(COLOURS.get(state, GREY)))
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


def colour(state: str) -> QColor:
    return QColor(COLOURS.get(state, GREY))


def date_text(tr: Translator, value: dt.date | str | None) -> str:
    """A day in the language's medium format ("21.11.2026", "21 lis 2026", …)."""
    if not value:
        return "–"
    day = dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return tr.date(day)


def time_text(tr: Translator, iso: str | None) -> str:
    """A moment from the audit trail or a package (UTC, ISO 8601) in local time."""
    if not iso:
        return "–"
    try:
        return when_text(tr, iso)
    except ValueError:
        return iso


def number_text(tr: Translator, value: float | None) -> str:
    return tr.number(value)


def field_text(tr: Translator, field: str, indicator: str | None = None) -> str:
    """A merge unit's name: "Progress", or the indicator's name for ``indicator:<id>``."""
    if field.startswith("indicator:"):
        return tr.gettext("Indicator “{name}”").format(name=indicator or field)
    if field.startswith("score:"):
        return tr.gettext("Score for {criterion}").format(criterion=field[6:])
    if field == "recommendation":
        return tr.gettext("Recommendation")
    return tr.gettext(UNIT_LABELS[field]) if field in UNIT_LABELS else field


def value_text(tr: Translator, field: str, value: Any) -> str:
    """A merge unit's value as the reader understands it."""
    if value is None:
        return "–"
    try:
        if field == "status":
            text = labels.status(tr, Status(value["status"]))
            reason = value.get("reason")
            return f"{text} ({reason})" if reason else text
        if field == "traffic_light":
            return labels.traffic_light(tr, TrafficLight(value))
        if field == "progress":
            return f"{value} %"
        if field.startswith("score:"):
            score = "–" if value.get("score") is None else str(value["score"])
            comment = value.get("comment")
            return f"{score} ({comment})" if comment else score
        if field == "recommendation":
            choice = value.get("choice")
            text = tr.gettext(RECOMMENDATION_LABELS[choice]) if choice else "–"
            comment = value.get("comment")
            return f"{text} ({comment})" if comment else text
        if field.startswith("indicator:"):
            actual = value.get("actual")
            text = number_text(tr, actual) if isinstance(actual, int | float) else "–"
            if value.get("actual_date"):
                text += " " + tr.gettext("(as of {date})").format(
                    date=date_text(tr, value["actual_date"])
                )
            return text
    except (KeyError, TypeError, ValueError, AttributeError):  # a shape this version does not know
        return str(value)
    return str(value) if str(value).strip() else "–"


def title_in(tr: Translator, titles: dict[str, Any], *, mark_german: bool = False) -> str:
    """A measure's title in the interface language, else the German one (with
    ``mark_german`` followed by “(German)”, as the reports and reminders mark it)."""
    if titles.get(tr.lang) or tr.lang == "de":
        return str(titles.get(tr.lang) or "")
    german = str(titles.get("de") or "")
    if german and mark_german:
        return f"{german} {tr.gettext(GERMAN_MARK)}"
    return german
