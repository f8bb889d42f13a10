"""The form in which a department assesses one partnership in a partnership round: a score on
the round's scale (with the scale's labels) and a comment per criterion, the criterion's
description as a tooltip, and a recommendation with a comment.

Only the scale's points can be chosen, so a score outside the scale cannot be entered; what is
still missing is said inline, in the words of the core's check
(:func:`app.partnerships.answers.problem`).
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import Translator
from app.partnerships.answers import CHOICES
from app.partnerships.register import RECOMMENDATION_LABELS
from app.ui.widgets import in_language
from app.ui.workspace.answer_form import show_state


class AssessmentForm(QWidget):
    edited = Signal()
    """The user changed a value (not emitted while an assessment is being shown)."""

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        self._loading = False
        self.item: dict[str, Any] | None = None
        self.document: dict[str, Any] | None = None
        self.scores: dict[str, QComboBox] = {}
        self.comments: dict[str, QLineEdit] = {}
        _ = tr.gettext
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.criteria_box = QGroupBox(_("Criteria"))
        self.grid = QGridLayout(self.criteria_box)
        self.recommendation = QComboBox()
        self.recommendation.setAccessibleName(_("Recommendation"))
        self.recommendation.addItem("–", None)
        for choice in CHOICES:
            self.recommendation.addItem(_(RECOMMENDATION_LABELS[choice]), choice)
        self.recommendation.currentIndexChanged.connect(lambda _i: self._changed())
        self.recommendation_comment = QLineEdit()
        self.recommendation_comment.setAccessibleName(_("Comment on the recommendation"))
        self.recommendation_comment.setPlaceholderText(_("Comment (optional)"))
        self.recommendation_comment.textEdited.connect(lambda _t: self._changed())
        recommendation_box = QGroupBox(_("Recommendation"))
        row = QHBoxLayout(recommendation_box)
        label = QLabel(_("Recommen&dation:"))
        label.setBuddy(self.recommendation)
        row.addWidget(label)
        row.addWidget(self.recommendation)
        row.addWidget(self.recommendation_comment, 1)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(_("State of the assessment"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.criteria_box)
        layout.addWidget(recommendation_box)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self.set_item(None, None, None)

    # -- showing an assessment -----------------------------------------------------------------
    def _build(self, document: dict[str, Any] | None) -> None:
        """One row per criterion of the round (made again only for another set of criteria)."""
        if document is self.document and self.scores:
            return
        self.document = document
        while self.grid.count():
            child = self.grid.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.deleteLater()
        self.scores, self.comments = {}, {}
        if document is None:
            return
        tr, _ = self._tr, self._tr.gettext
        for column, caption in enumerate((_("Criterion"), _("Score"), _("Comment"))):
            self.grid.addWidget(QLabel(f"<b>{html.escape(caption)}</b>"), 0, column)
        scale = document["scale"]
        labels = {entry["value"]: entry for entry in document.get("scale_labels") or ()}
        for line, criterion in enumerate(document["criteria"], start=1):
            code = criterion["code"]
            name = in_language(tr, criterion, "name")
            description = in_language(tr, criterion, "description")
            label = QLabel(name)
            label.setWordWrap(True)
            label.setToolTip(description)
            score = QComboBox()
            score.setAccessibleName(_("Score: {criterion}").format(criterion=name))
            score.setAccessibleDescription(description)
            score.setToolTip(description)
            score.addItem("–", None)
            for value in range(scale["min"], scale["max"] + 1):
                entry = labels.get(value) or {}
                text = str(entry.get(tr.lang) or entry.get("de") or "")
                score.addItem(f"{value} – {text}" if text else str(value), value)
            score.currentIndexChanged.connect(lambda _i: self._changed())
            label.setBuddy(score)
            comment = QLineEdit()
            comment.setAccessibleName(_("Comment: {criterion}").format(criterion=name))
            comment.textEdited.connect(lambda _t: self._changed())
            self.grid.addWidget(label, line, 0)
            self.grid.addWidget(score, line, 1)
            self.grid.addWidget(comment, line, 2)
            self.scores[code] = score
            self.comments[code] = comment
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(2, 3)

    def set_item(
        self,
        item: dict[str, Any] | None,
        answer: dict[str, Any] | None,
        document: dict[str, Any] | None,
    ) -> None:
        """Show ``answer`` (values form) for the partnership ``item`` against ``document``'s
        criteria and scale."""
        tr, _ = self._tr, self._tr.gettext
        self._loading = True
        try:
            self.item = item
            self._build(document)
            self.setEnabled(item is not None)
            if item is None or answer is None:
                self.heading.setText(_("Choose a partnership on the left."))
                self.show_problem(None)
                return
            name = in_language(tr, item, "name")
            self.heading.setText(
                f"<h3>{html.escape(name)} <small>({html.escape(item['code'])})</small></h3>"
            )
            for code, box in self.scores.items():
                entry = (answer.get("scores") or {}).get(code) or {}
                box.setCurrentIndex(max(box.findData(entry.get("score")), 0))
                self.comments[code].setText(str(entry.get("comment") or ""))
                self.comments[code].setCursorPosition(0)  # a long comment shows its beginning
            recommendation = answer.get("recommendation") or {}
            self.recommendation.setCurrentIndex(
                max(self.recommendation.findData(recommendation.get("choice")), 0)
            )
            self.recommendation_comment.setText(str(recommendation.get("comment") or ""))
            self.recommendation_comment.setCursorPosition(0)
        finally:
            self._loading = False

    def editors(self) -> list[QWidget]:
        """The form's fields in reading order (for the tab order)."""
        chain: list[QWidget] = []
        for code, box in self.scores.items():
            chain += [box, self.comments[code]]
        return [*chain, self.recommendation, self.recommendation_comment]

    # -- reading the assessment ------------------------------------------------------------------
    def answer(self) -> dict[str, Any]:
        """The assessment as chosen (a draft may be incomplete)."""
        return {
            "scores": {
                code: {
                    "score": box.currentData(),
                    "comment": self.comments[code].text().strip() or None,
                }
                for code, box in self.scores.items()
            },
            "recommendation": {
                "choice": self.recommendation.currentData(),
                "comment": self.recommendation_comment.text().strip() or None,
            },
        }

    def _changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def show_problem(self, text: str | None, *, answered: bool = False) -> None:
        _ = self._tr.gettext
        show_state(
            self.problem,
            text,
            answered=answered,
            complete=_("The assessment is complete."),
            empty=_("Not assessed yet: choose a score for each criterion."),
        )
