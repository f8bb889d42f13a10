"""The form in which a department answers for one measure of a round: status (and its reason),
traffic light, progress, comment, next steps, and each indicator's actual value and date.

The form keeps whatever is typed, also what is not valid yet (a draft); it says inline what is
still wrong, in the words of the core's check (:func:`app.rounds.values.normalized_answer`).
"""

from __future__ import annotations

import datetime as dt
import html
import math
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.i18n import Translator
from app.models import Status, TrafficLight, labels
from app.ui.date_field import DateField, day_field
from app.ui.rounds.round_labels import GREEN, number_text, title_in

ERROR_COLOUR = "#b71c1c"


def show_state(
    label: QLabel, problem: str | None, *, answered: bool, complete: str, empty: str
) -> None:
    """Under a department's form: what is still wrong (red), that it is complete (green), or
    that nothing is given yet."""
    if problem:
        label.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: bold;")
        label.setText(problem)
    elif answered:
        label.setStyleSheet(f"color: {GREEN};")
        label.setText(complete)
    else:
        label.setStyleSheet("")
        label.setText(empty)


def date_field_text(tr: Translator, stored: object) -> str:
    """A stored day (ISO 8601, as answers carry it) as the language writes it; what is not a
    day (a draft's typing) as it was typed."""
    if not stored:
        return ""
    try:
        return tr.date(dt.date.fromisoformat(str(stored)), "short")
    except ValueError:
        return str(stored)


def typed_day(field: DateField) -> str | None:
    """The day typed into ``field`` as an answer carries it (ISO 8601); what is not a day is
    kept as typed, so that the draft loses nothing and the check says what is wrong."""
    text = field.text().strip()
    if not text:
        return None
    day = field.day()
    return day.isoformat() if day is not None else text


def parse_number(text: str) -> int | float | str | None:
    """A typed number: ``12``, ``12,5`` or ``12.5`` (spaces between digit groups allowed).
    What is not a number is kept as typed, so that the draft loses nothing and the check says
    what is wrong."""
    stripped = "".join(text.split()).replace("\u00a0", "")
    if not stripped:
        return None
    candidate = stripped.replace(",", ".") if stripped.count(",") == 1 else stripped
    if "," in candidate:
        return text
    try:
        return int(candidate)
    except ValueError:
        pass
    try:
        number = float(candidate)
    except ValueError:
        return text
    return number if math.isfinite(number) else text


def number_field(tr: Translator, value: Any) -> str:
    """A number as the form shows it for editing (decimal comma in German, Polish, Czech)."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)  # a draft's text that is not a number (yet)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return text.replace(".", ",") if tr.lang in ("de", "pl", "cs") else text


class AnswerForm(QWidget):
    edited = Signal()
    """The user changed a value (not emitted while an answer is being shown)."""

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        self._loading = False
        self.item: dict[str, Any] | None = None
        _ = tr.gettext
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.issued = QLabel()
        self.issued.setWordWrap(True)
        self.issued.setStyleSheet("color: #5f6368;")

        self.status = QComboBox()
        for status in Status:
            self.status.addItem(labels.status(tr, status), status.value)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("Required if the measure is dropped"))
        self.light = QComboBox()
        self.light.addItem("–", None)
        for light in TrafficLight:
            self.light.addItem(labels.traffic_light(tr, light), light.value)
        self.progress = QSpinBox()
        self.progress.setRange(-1, 100)
        self.progress.setSpecialValueText("–")
        self.progress.setSuffix(" %")
        self.comment = QPlainTextEdit()
        self.next_steps = QPlainTextEdit()
        for edit in (self.comment, self.next_steps):
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(60)
            edit.setMaximumHeight(96)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.labels: dict[str, QLabel] = {}
        for key, caption, name, widget in (
            ("status", _("S&tatus:"), _("Status"), self.status),
            ("reason", _("Rea&son:"), _("Reason"), self.reason),
            ("light", _("Traffic lig&ht:"), _("Traffic light"), self.light),
            ("progress", _("Pro&gress:"), _("Progress"), self.progress),
            ("comment", _("Comm&ent:"), _("Comment"), self.comment),
            ("next_steps", _("&Next steps:"), _("Next steps"), self.next_steps),
        ):
            label = QLabel(caption)
            label.setBuddy(widget)
            widget.setAccessibleName(name)
            self.labels[key] = label
            form.addRow(label, widget)

        self.indicator_box = QGroupBox(_("Indicators"))
        self.indicator_grid = QGridLayout(self.indicator_box)
        self.actuals: dict[int, QLineEdit] = {}
        self.dates: dict[int, DateField] = {}

        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(_("Check of the answer"))
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.issued)
        layout.addWidget(self.problem)  # in sight while typing, above the fields
        layout.addLayout(form)
        layout.addWidget(self.indicator_box)
        layout.addStretch(1)

        for signal in (
            self.status.currentIndexChanged,
            self.light.currentIndexChanged,
            self.progress.valueChanged,
            self.reason.textChanged,
            self.comment.textChanged,
            self.next_steps.textChanged,
        ):
            signal.connect(self._changed)
        self.set_item(None, None)

    # -- showing an answer -------------------------------------------------------------------
    def set_item(self, item: dict[str, Any] | None, answer: dict[str, Any] | None) -> None:
        """Show ``answer`` for the measure ``item`` (as the package carried it)."""
        tr, _ = self._tr, self._tr.gettext
        self._loading = True
        try:
            self.item = item
            self.setEnabled(item is not None)
            if item is None:
                self.heading.setText(_("Choose a measure on the left."))
                self.issued.setText("")
                self._fill({}, [])
                self.show_problem(None)
                return
            title = title_in(
                tr,
                {lang: item.get(f"title_{lang}") for lang in ("de", "pl", "cs")},
                mark_german=True,
            )
            self.heading.setText(f"<h3>{html.escape(item['code'])}</h3><p>{html.escape(title)}</p>")
            issued = item["values"]
            self.issued.setText(
                _("When issued: {status}, {light}, progress {progress}").format(
                    status=labels.status(tr, Status(issued["status"])),
                    light=labels.traffic_light(
                        tr,
                        TrafficLight(issued["traffic_light"]) if issued["traffic_light"] else None,
                    ),
                    progress="–" if issued["progress"] is None else f"{issued['progress']} %",
                )
            )
            self._fill(answer or {}, issued.get("indicators") or [])
        finally:
            self._loading = False

    def _fill(self, answer: dict[str, Any], indicators: list[dict[str, Any]]) -> None:
        self.status.setCurrentIndex(max(self.status.findData(answer.get("status")), 0))
        self.reason.setText(answer.get("status_reason") or "")
        self.light.setCurrentIndex(max(self.light.findData(answer.get("traffic_light")), 0))
        progress = answer.get("progress")
        self.progress.setValue(progress if isinstance(progress, int) else -1)
        self.comment.setPlainText(answer.get("comment") or "")
        self.next_steps.setPlainText(answer.get("next_steps") or "")
        given = {entry.get("id"): entry for entry in answer.get("indicators") or ()}
        self._build_indicators(indicators, given)

    def _build_indicators(
        self, indicators: list[dict[str, Any]], given: dict[Any, dict[str, Any]]
    ) -> None:
        tr, _ = self._tr, self._tr.gettext
        while self.indicator_grid.count():
            taken = self.indicator_grid.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        self.actuals, self.dates = {}, {}
        self.indicator_box.setVisible(bool(indicators))
        if not indicators:
            return
        headers = [_("Indicator"), _("Baseline"), _("Target"), _("Actual value"), _("As of")]
        for column, caption in enumerate(headers):
            self.indicator_grid.addWidget(QLabel(f"<b>{html.escape(caption)}</b>"), 0, column)
        for row, indicator in enumerate(indicators, start=1):
            identifier = int(indicator["id"])
            name = str(indicator["name"])
            unit = indicator.get("unit")
            label = QLabel(f"{name} ({unit})" if unit else name)
            label.setWordWrap(True)
            entry = given.get(identifier, {})
            actual = QLineEdit(number_field(tr, entry.get("actual", indicator.get("actual"))))
            actual.setAccessibleName(_("Actual value: {name}").format(name=name))
            actual.setToolTip(_("A number; decimals with a comma or a point"))
            date = day_field(tr, None, _("Date of the actual value: {name}").format(name=name))
            day = entry.get("actual_date", indicator.get("actual_date"))
            date.setText(date_field_text(tr, day))
            label.setBuddy(actual)
            for edit in (actual, date):
                edit.textChanged.connect(self._changed)
            self.actuals[identifier], self.dates[identifier] = actual, date
            cells: list[QWidget] = [
                label,
                QLabel(number_text(tr, indicator.get("baseline"))),
                QLabel(number_text(tr, indicator.get("target"))),
                actual,
                date,
            ]
            for column, cell in enumerate(cells):
                self.indicator_grid.addWidget(cell, row, column)
        self.indicator_grid.setColumnStretch(0, 3)
        self.indicator_grid.setColumnStretch(3, 1)
        self.indicator_grid.setColumnStretch(4, 1)

    def editors(self) -> list[QWidget]:
        """The form's fields in reading order (for the tab order)."""
        chain: list[QWidget] = [self.status, self.reason, self.light, self.progress, self.comment,
                                self.next_steps]  # fmt: skip
        for identifier, actual in self.actuals.items():
            chain += [actual, self.dates[identifier]]
        return chain

    # -- reading the answer ------------------------------------------------------------------
    def answer(self) -> dict[str, Any]:
        """The answer as typed (not checked: a draft may be incomplete)."""
        light = self.light.currentData()
        progress = self.progress.value()
        return {
            "status": self.status.currentData(),
            "status_reason": self.reason.text() or None,
            "traffic_light": light if light else None,
            "progress": None if progress < 0 else progress,
            "comment": self.comment.toPlainText() or None,
            "next_steps": self.next_steps.toPlainText() or None,
            "indicators": [
                {
                    "id": identifier,
                    "actual": parse_number(actual.text()),
                    "actual_date": typed_day(self.dates[identifier]),
                }
                for identifier, actual in self.actuals.items()
            ],
        }

    def _changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def show_problem(self, text: str | None, *, answered: bool = False) -> None:
        """What is still wrong with the answer (red), or that it is complete (green)."""
        _ = self._tr.gettext
        show_state(
            self.problem,
            text,
            answered=answered,
            complete=_("The answer is complete."),
            empty=_("No answer yet: change a value, or keep the values unchanged."),
        )
