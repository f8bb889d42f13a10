"""The right side of the department's workspace: the answer form for the chosen measure (or,
in a partnership round, the assessment form for the chosen partnership), scrolled, with "Keep
values unchanged", "Save and next" (Ctrl+Enter) and whether what was typed is saved; Escape goes
back to the list."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
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

SAVE_AND_NEXT_KEYS = ("Ctrl+Return", "Ctrl+Enter")
"""Save the answer and go on to the next one (Enter of the main keys and of the keypad)."""


class AnswerSide(QWidget):
    edited = Signal()
    """The user changed a value in the form shown."""
    save_next = Signal()
    """The user asked to save the answer and go on to the next one (button or Ctrl+Enter)."""
    leave = Signal()
    """The user pressed Escape in the form: back to the list."""

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
            _(
                "Confirm the values the package carried as your answer for this measure, and go "
                "on to the next one"
            )
        )
        keys = QKeySequence(SAVE_AND_NEXT_KEYS[0]).toString(QKeySequence.SequenceFormat.NativeText)
        self.next_button = QPushButton(_("Save and next ({keys})").format(keys=keys))
        self.next_button.setAccessibleName(_("Save and next"))
        self.next_button.setToolTip(
            _(
                "Take the values shown as your answer and go on to the next one that still "
                "needs an answer (Escape: back to the list)"
            )
        )
        self.next_button.clicked.connect(self.save_next)
        for sequence in SAVE_AND_NEXT_KEYS:
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self._save_next_pressed)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.leave)
        self.saved = QLabel()
        self.saved.setAccessibleName(_("Saving"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.next_button)
        buttons.addStretch(1)
        buttons.addWidget(self.saved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def _save_next_pressed(self) -> None:
        if self.next_button.isEnabled():
            self.next_button.click()

    def set_partnerships(self, partnerships: bool) -> None:
        """Show the assessment form (a partnership round) or the answer form."""
        self.partnerships = partnerships
        self.form.setVisible(not partnerships)
        self.assessment.setVisible(partnerships)
        self.keep_button.setVisible(not partnerships)

    def current(self) -> AnswerForm | AssessmentForm:
        """The form shown."""
        return self.assessment if self.partnerships else self.form

    def buttons(self) -> list[QWidget]:
        """The buttons under the form shown, in reading order (for the tab order)."""
        if self.partnerships:
            return [self.next_button]
        return [self.keep_button, self.next_button]

    def focus_first_field(self) -> None:
        """Put the keyboard focus into the first field of the form shown."""
        editors = self.current().editors()
        if editors:
            editors[0].setFocus(Qt.FocusReason.OtherFocusReason)
