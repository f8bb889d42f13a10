"""The secretariat's dialogs for rounds: a reminder to a department, and the result of
issuing packages or importing returns (one line per file). The new round has its own module,
:mod:`app.ui.rounds.new_round_dialog`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.errors import UserError
from app.i18n import LANGUAGES, Translator
from app.rounds import reminders
from app.rounds.secretariat import RoundProgress
from app.ui.profile_dialog import LANGUAGE_NAMES
from app.ui.rounds.round_labels import state_icon
from app.ui.sizing import fit_to_screen
from app.ui.widgets import choose_target, fill_table, result_label, show_result, text_table
from app.ui.worker import DbWorker


def close_question(tr: Translator, progress: RoundProgress) -> str:
    """The question before closing a round: what closing does, and how many departments have
    not returned anything."""
    missing = sum(1 for d in progress.departments if d.state not in ("partial", "complete"))
    text = tr.gettext(
        "Close the round “{name}”? No more returns are accepted afterwards, and the register "
        "as it is now is frozen with the round for its reports."
    ).format(name=progress.name)
    if missing:
        text += "\n\n" + tr.ngettext(
            "{n} department has not returned anything.",
            "{n} departments have not returned anything.",
            missing,
        ).format(n=missing)
    return text


class ReminderDialog(QDialog):
    """The reminder for one department: its text in a chosen language, to copy or to save as
    an e-mail draft (``.eml``)."""

    def __init__(
        self,
        tr: Translator,
        worker: DbWorker,
        round_name: str,
        department: str,
        *,
        sender: str,
        folder: Callable[[], Path],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tr = tr
        self._worker = worker
        self._round = round_name
        self._department = department
        self._sender = sender
        self._folder = folder
        self.reminder: reminders.Reminder | None = None
        self.saved: Path | None = None
        _ = tr.gettext
        self.setWindowTitle(_("Reminder to {department}").format(department=department))
        self.language = QComboBox()
        for lang in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[lang], lang)
        self.language.setCurrentIndex(max(self.language.findData(tr.lang), 0))
        self.language.setAccessibleName(_("Language of the reminder"))
        self.subject = QLineEdit()
        self.subject.setReadOnly(True)
        self.subject.setAccessibleName(_("Subject"))
        self.body = QPlainTextEdit()
        self.body.setReadOnly(True)
        self.body.setAccessibleName(_("Text of the reminder"))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for caption, field in (
            (_("&Language:"), self.language),
            (_("&Subject:"), self.subject),
            (_("&Text:"), self.body),
        ):
            label = QLabel(caption)
            label.setBuddy(field)
            form.addRow(label, field)
        self.hint = hint = QLabel()
        hint.setWordWrap(True)
        self.message = result_label(tr)
        self.copy_button = QPushButton(_("&Copy text"))
        self.save_button = QPushButton(_("Save e-mail &draft (.eml)…"))
        self.open_button = QPushButton(_("O&pen draft"))
        self.open_button.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        actions = QHBoxLayout()
        for button in (self.copy_button, self.save_button, self.open_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addLayout(actions)
        self.copy_button.clicked.connect(self.copy)
        self.save_button.clicked.connect(self.choose_and_save)
        self.open_button.clicked.connect(self.open_draft)
        self.language.currentIndexChanged.connect(self.load)
        fit_to_screen(self, 760, 560)  # no larger than the screen (150 % on 1366×768)
        self._wanted: str | None = None
        self._load(None)  # first in the department's language

    def load(self) -> None:
        self._load(str(self.language.currentData()))

    def _load(self, lang: str | None) -> None:
        self._wanted = lang
        name, department, sender = self._round, self._department, self._sender
        for button in (self.copy_button, self.save_button):
            button.setEnabled(False)

        def job(session: Session) -> reminders.Reminder:
            return reminders.reminder(session, name, department, lang, sender=sender)

        self._worker.run(job, self._show, on_error=self._failed)

    def _show(self, reminder: reminders.Reminder) -> None:
        if self._wanted is None:  # the first text: in the department's language
            self._wanted = reminder.lang
            self.language.blockSignals(True)
            self.language.setCurrentIndex(max(self.language.findData(reminder.lang), 0))
            self.language.blockSignals(False)
        if reminder.lang != self._wanted:
            return  # the language changed meanwhile; its own text is on its way
        _ = self._tr.gettext
        self.hint.setText(
            _("The draft is addressed to {address} and opens in your mail program.").format(
                address=reminder.to
            )
            if reminder.to
            else _(
                "The register has no e-mail address for this department (see Reference data): "
                "the draft opens in your mail program without a recipient."
            )
        )
        self.reminder = reminder
        self.subject.setText(reminder.subject)
        self.subject.setCursorPosition(0)
        self.body.setPlainText(reminder.body)
        for button in (self.copy_button, self.save_button):
            button.setEnabled(True)

    def _failed(self, error: UserError) -> None:
        self._say(self._tr.render(error.message), error=True)

    def _say(self, text: str, *, error: bool) -> None:
        show_result(self.message, text, error=error)

    def copy(self) -> None:
        if self.reminder is None:
            return
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self.reminder.text)
        self._say(self._tr.gettext("The text is on the clipboard."), error=False)

    def choose_and_save(self) -> None:
        if self.reminder is None:
            return
        _ = self._tr.gettext
        path = choose_target(
            self,
            _("Save the e-mail draft as"),
            str(self._folder() / self.reminder.default_file_name()),
            _("E-mail drafts (*.eml)"),
        )
        if path:
            self.save(Path(path if path.lower().endswith(".eml") else path + ".eml"))

    def save(self, target: Path) -> None:
        reminder = self.reminder
        if reminder is None:
            return

        def done(path: Path) -> None:
            self.saved = path
            self.open_button.show()
            self._say(self._tr.gettext("E-mail draft saved: {path}").format(path=path), error=False)

        self._worker.run(
            lambda _s: reminders.save_eml(reminder, target), done, on_error=self._failed
        )

    def open_draft(self) -> None:
        if self.saved is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved)))


@dataclass(frozen=True)
class ResultLine:
    state: str  # a key of round_labels.COLOURS, for the icon
    state_text: str
    file: str
    department: str
    details: str


class ResultsDialog(QDialog):
    """What an action did, file by file (packages written, returns imported or refused)."""

    def __init__(
        self,
        tr: Translator,
        title: str,
        summary: str,
        lines: list[ResultLine],
        *,
        folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        _ = tr.gettext
        self.setWindowTitle(title)
        self._folder = folder
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lines = text_table(
            _("Result per file"), [_("Result"), _("Department"), _("File"), _("Details")], 3
        )
        fill_table(
            self.lines,
            [[line.state_text, line.department, line.file, line.details] for line in lines],
        )
        for number, line in enumerate(lines):
            item = self.lines.item(number, 0)
            assert item is not None
            item.setIcon(state_icon(line.state))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.folder_button: QPushButton | None = None
        if folder is not None:
            self.folder_button = buttons.addButton(
                _("Open the &folder"), QDialogButtonBox.ButtonRole.ActionRole
            )
            self.folder_button.clicked.connect(self.open_folder)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.lines, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 1000, 420)

    def open_folder(self) -> None:
        if self._folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._folder)))

    def texts(self) -> list[list[str]]:
        """The lines as shown (for tests and screen readers' sake, one list per file)."""
        return [
            [self.lines.item(row, column).text() for column in range(4)]  # type: ignore[union-attr]
            for row in range(self.lines.rowCount())
        ]
