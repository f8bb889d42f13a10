"""The round's texts for the cabinet report, in a tab of the round's details: the secretariat's
introduction and assessment, in German, Polish and Czech, each with its state. Read and saved
on the database worker through :mod:`app.rounds.editorial`; a closed round's texts are shown,
not edited (they are frozen with its snapshot)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.errors import UserError
from app.i18n import N_, Translator
from app.operations.context import Actor
from app.rounds import editorial
from app.ui.profile_dialog import LANGUAGE_NAMES
from app.ui.widgets import result_label, show_result
from app.ui.worker import DbWorker

TEXT_STATES = ("proposal", "reviewed")
CLOSED_NOTE = N_(
    "The round is closed: its texts are frozen with its snapshot and shown as the report "
    "prints them. Reopen the round to change them."
)
Texts = dict[tuple[str, str], editorial.TextVersion]


class RoundTextsView(QWidget):
    """Choose a text and a language, write it, set its state, save it."""

    def __init__(
        self,
        tr: Translator,
        worker: DbWorker,
        actor: Callable[[], Actor],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tr, self._worker, self._actor = tr, worker, actor
        self._name: str | None = None
        self._closed = False
        self._texts: Texts = {}
        _ = tr.gettext
        self.intro = QLabel(
            _(
                "The secretariat's introduction and assessment of the round, which the cabinet "
                "report on the round prints in its language (else the German text, marked as "
                "German). Blank lines separate paragraphs."
            )
        )
        self.intro.setWordWrap(True)
        self.part = QComboBox()
        for key, label in editorial.PARTS.items():
            self.part.addItem(_(label), key)
        self.lang = QComboBox()
        for key, name in LANGUAGE_NAMES.items():  # each by its own name, as everywhere
            self.lang.addItem(name, key)
        self.state = QComboBox()
        for key in TEXT_STATES:
            self.state.addItem(_(editorial.STATES[key]), key)
        self.overview = QLabel()
        self.overview.setWordWrap(True)
        self.editor = QPlainTextEdit()
        self.save_button = QPushButton(_("&Save text"))
        self.message = result_label(tr)
        for widget, name in (
            (self.part, _("Round text")),
            (self.lang, _("Language")),
            (self.state, _("State")),
            (self.editor, _("The text")),
            (self.overview, _("States of the texts")),
        ):
            widget.setAccessibleName(name)
        form = QHBoxLayout()  # one row: the editor keeps the height at 150 % on 1366×768
        for caption, combo in (
            (_("&Text:"), self.part),
            (_("Text &language:"), self.lang),
            (_("S&tate:"), self.state),
        ):
            named = QLabel(caption)
            named.setBuddy(combo)
            form.addWidget(named)
            form.addWidget(combo, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.overview)
        layout.addWidget(self.editor, 1)
        layout.addLayout(buttons)
        self.part.currentIndexChanged.connect(lambda _i: self._show_version())
        self.lang.currentIndexChanged.connect(lambda _i: self._show_version())
        self.save_button.clicked.connect(self.save)
        self.show_round(None, closed=False)

    def show_round(self, name: str | None, *, closed: bool) -> None:
        """Read the round ``name``'s texts on the worker and show them (``None``: no round)."""
        self._name, self._closed, self._texts = name, closed, {}
        self.message.clear()
        self._show_version()
        if name is None:
            return
        self._worker.run(
            lambda session: editorial.round_texts(session, name),
            lambda texts: self._loaded(name, texts),
        )

    def _loaded(self, name: str, texts: Texts) -> None:
        if name != self._name:
            return  # another round was selected meanwhile
        self._texts = texts
        self._show_version()

    def _key(self) -> tuple[str, str]:
        return str(self.part.currentData()), str(self.lang.currentData())

    def _show_version(self) -> None:
        _ = self._tr.gettext
        version = self._texts.get(self._key(), editorial.MISSING)
        self.editor.setPlainText(version.text)
        default = "reviewed" if self._key()[1] == "de" else "proposal"
        state = version.state if version.state in TEXT_STATES else default
        self.state.setCurrentIndex(TEXT_STATES.index(state))
        editable = self._name is not None and not self._closed
        self.editor.setReadOnly(not editable)
        for widget in (self.state, self.save_button):
            widget.setEnabled(editable)
        lines = []
        for part, label in editorial.PARTS.items():
            found = [self._texts.get((part, lang), editorial.MISSING) for lang in LANGUAGE_NAMES]
            states = ", ".join(
                f"{lang}: {_(editorial.STATES[version.state])}"
                for lang, version in zip(LANGUAGE_NAMES, found, strict=True)
            )
            lines.append(f"{_(label)} – {states}")
        if self._closed:
            lines.append(_(CLOSED_NOTE))
        self.overview.setText("\n".join(lines) if self._name is not None else "")

    def save(self) -> None:
        name = self._name
        if name is None or self._closed:
            return
        part, lang = self._key()
        text, state = self.editor.toPlainText(), str(self.state.currentData())
        actor = self._actor()
        self.save_button.setEnabled(False)

        def job(session: Session) -> Texts:
            editorial.set_text(session, actor, name, part=part, lang=lang, text=text, state=state)
            return editorial.round_texts(session, name)

        def done(texts: Texts) -> None:
            show_result(self.message, self._tr.gettext("Text saved."))
            self._loaded(name, texts)

        def failed(error: UserError) -> None:
            show_result(self.message, self._tr.render(error.message), error=True)
            self.save_button.setEnabled(True)

        self._worker.run(job, done, on_error=failed)
