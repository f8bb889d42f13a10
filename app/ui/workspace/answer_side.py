"""The right side of the department's workspace: the answer form for the chosen measure (or,
in a partnership round, the assessment form for the chosen partnership), scrolled, with "Keep
values unchanged" and whether what was typed is saved."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.i18n import Translator
from app.ui.workspace.answer_form import AnswerForm
from app.ui.workspace.assessment_form import AssessmentForm


class AnswerSide(QWidget):
    edited = Signal()
    """The user changed a value in the form shown."""

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = tr.gettext
        self.partnerships = False
        self.form = AnswerForm(tr)
        self.form.edited.connect(self.edited)
        self.assessment = AssessmentForm(tr)
        self.assessment.edited.connect(self.edited)
        forms = QWidget()
        forms_layout = QVBoxLayout(forms)
        forms_layout.setContentsMargins(0, 0, 0, 0)
        forms_layout.addWidget(self.form)
        forms_layout.addWidget(self.assessment)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(forms)
        self.keep_button = QPushButton(_("&Keep values unchanged"))
        self.keep_button.setToolTip(
            _("Confirm the values the package carried as your answer for this measure")
        )
        self.saved = QLabel()
        self.saved.setAccessibleName(_("Saving"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_button)
        buttons.addStretch(1)
        buttons.addWidget(self.saved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def set_partnerships(self, partnerships: bool) -> None:
        """Show the assessment form (a partnership round) or the answer form."""
        self.partnerships = partnerships
        self.form.setVisible(not partnerships)
        self.assessment.setVisible(partnerships)
        self.keep_button.setVisible(not partnerships)

    def current(self) -> AnswerForm | AssessmentForm:
        """The form shown."""
        return self.assessment if self.partnerships else self.form
