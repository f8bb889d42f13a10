"""The side-by-side translation view of the free texts (the measures' comment, next steps and
reason, the criteria sets' names, guiding questions and scale labels, the open rounds' texts):
the segments of one language filtered by their translation state, the German text (and the
German it was translated from when that changed), the glossary's terms it uses, a translation
proposed by the register's translation memory, and the Polish or Czech text to edit and save as
a proposal or as reviewed. Reading and saving run on the database worker through the core."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.errors import UserError
from app.free_text import view
from app.free_text.segments import Edit, Segment
from app.free_text.texts import KINDS, field_name, place
from app.i18n import N_, Message
from app.models import TranslationState, labels
from app.ui.reflow import Reflow, turn
from app.ui.sizing import fit_to_screen
from app.ui.widgets import ScreenContext, fill_table, result_label, show_result, text_table

STATES = (
    TranslationState.MISSING,
    TranslationState.NEEDS_UPDATE,
    TranslationState.PROPOSAL,
    TranslationState.TRANSLATED,
)


def _read_only(name: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setReadOnly(True)
    edit.setAccessibleName(name)
    return edit


class TranslationDialog(QDialog):
    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        tr = self._tr = context.tr
        _ = tr.gettext
        self._data: view.TranslationRows | None = None
        self._shown: list[Segment] = []
        self.setWindowTitle(_("Translate free texts"))
        self.language = QComboBox()
        self.language.setAccessibleName(_("Language"))
        for lang in ("pl", "cs"):
            self.language.addItem(_(labels.LANGUAGES[lang]), lang)
        if tr.lang == "cs":  # a liaison office works in its own language
            self.language.setCurrentIndex(1)
        self.state = QComboBox()
        self.state.setAccessibleName(_("Translation state"))
        self.state.addItem(_("All states"), None)
        for state in STATES:
            self.state.addItem(_(labels.TRANSLATION_STATE[state]), state)
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Texts"))
        self.kind.addItem(_("All texts"), None)
        for key, kind_label in KINDS.items():
            self.kind.addItem(_(kind_label), key)
        top = QHBoxLayout()
        for caption, widget in (
            (_("Language:"), self.language),
            (_("Show:"), self.state),
            (_("&Texts:"), self.kind),
        ):
            label = QLabel(caption)
            label.setBuddy(widget)
            top.addWidget(label)
            top.addWidget(widget)
        top.addStretch(1)
        self.table = text_table(
            _("Texts to translate"), [_("Belongs to"), _("Field"), _("State"), _("German text")], 3
        )
        header = self.table.horizontalHeader()
        for column, width in ((0, 130), (1, 140)):  # long places and fields wrap
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.german = _read_only(_("German text"))
        self.previous = _read_only(_("German text translated before"))
        self.hints = QLabel()
        self.hints.setWordWrap(True)
        self.hints.setAccessibleName(_("Glossary terms"))
        self.suggestion = QLabel()
        self.suggestion.setWordWrap(True)
        self.suggestion.setAccessibleName(_("From the translation memory"))
        self.translation = QPlainTextEdit()
        self.translation.setAccessibleName(_("Translation"))
        self.save_proposal = QPushButton(_("Save as &proposal"))
        self.save_reviewed = QPushButton(_("Save as &reviewed"))
        self.outcome = result_label(tr)
        self.german.setMaximumHeight(140)
        self.previous.setMaximumHeight(110)
        side = QWidget()
        form = self.form = QFormLayout(side)
        form.addRow(_("German:"), self.german)
        form.addRow(_("Before:"), self.previous)
        form.addRow(_("Glossary:"), self.hints)
        form.addRow(_("Memory:"), self.suggestion)
        self.translation_label = QLabel(_("Translation:"))
        self.translation_label.setBuddy(self.translation)
        form.addRow(self.translation_label, self.translation)
        row = QHBoxLayout()
        row.addWidget(self.save_proposal)
        row.addWidget(self.save_reviewed)
        row.addStretch(1)
        form.addRow(row)
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(side)
        splitter.setSizes([680, 560])
        # A narrow window (150 % on 1366×768): the text being translated below the table.
        self.reflow = Reflow(self, lambda narrow: turn(splitter, narrow, 560, below=0.5))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.outcome)
        layout.addWidget(close)
        self.language.currentIndexChanged.connect(self.reload)
        self.state.currentIndexChanged.connect(self._fill)
        self.kind.currentIndexChanged.connect(self._fill)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.save_proposal.clicked.connect(lambda: self._save(reviewed=False))
        self.save_reviewed.clicked.connect(lambda: self._save(reviewed=True))
        fit_to_screen(self, 1240, 680)  # 150 % on 1366×768: no larger than the screen
        self._show_selected()
        self.reload()

    @property
    def lang(self) -> str:
        return str(self.language.currentData())

    def reload(self) -> None:
        lang = self.lang
        self._context.worker.run(lambda session: view.load(session, lang), self._loaded)

    def _loaded(self, data: view.TranslationRows) -> None:
        self._data = data
        self._fill()

    def _fill(self) -> None:
        if self._data is None:
            return
        wanted, kind = self.state.currentData(), self.kind.currentData()
        selected = self._selected()
        self._shown = [
            row
            for row in self._data.rows
            if (wanted is None or row.state == wanted) and (kind is None or row.kind == kind)
        ]
        _ = self._tr.gettext
        fill_table(
            self.table,
            [
                [
                    self._tr.render(place(row.code)),
                    self._tr.render(field_name(row.code, row.field)),
                    _(labels.TRANSLATION_STATE[row.state]),
                    row.source,
                ]
                for row in self._shown
            ],
        )
        keys = [row.key for row in self._shown]
        if selected is not None and selected.key in keys:
            self.table.selectRow(keys.index(selected.key))
        elif self._shown:
            self.table.selectRow(0)
        self._show_selected()

    def _selected(self) -> Segment | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self._shown):
            return None
        return self._shown[rows[0].row()]

    def _show_selected(self) -> None:
        segment = self._selected()
        for widget in (self.translation, self.save_proposal, self.save_reviewed):
            widget.setEnabled(segment is not None)
        if segment is None or self._data is None:
            for edit in (self.german, self.previous, self.translation):
                edit.setPlainText("")
            self.hints.setText("")
            self.suggestion.setText("")
            return
        _ = self._tr.gettext
        self.german.setPlainText(segment.source)
        self.previous.setPlainText(segment.previous_source or "")
        self.form.setRowVisible(self.previous, segment.previous_source is not None)
        self.hints.setText("; ".join(self._data.hints.get(segment.source, [])) or "–")
        suggested = self._data.suggestions.get(segment.source)
        self.suggestion.setText(suggested or "–")
        self.translation.setPlainText(segment.text or suggested or "")

    def _save(self, *, reviewed: bool) -> None:
        segment = self._selected()
        if segment is None:
            return
        edit = Edit(segment.code, segment.field, self.translation.toPlainText(), segment.source)
        lang, actor = self.lang, self._context.actor()
        for button in (self.save_proposal, self.save_reviewed):
            button.setEnabled(False)

        def job(session: Session) -> view.TranslationRows:
            return view.apply(session, actor, lang, [edit], reviewed=reviewed)

        def done(data: view.TranslationRows) -> None:
            message = Message(
                N_("Translation of {code} ({field}) saved as reviewed.")
                if reviewed
                else N_("Translation of {code} ({field}) saved as a proposal."),
                code=place(segment.code),
                field=field_name(segment.code, segment.field),
            )
            show_result(self.outcome, self._tr.render(message))
            self._loaded(data)

        def failed(error: UserError) -> None:
            show_result(self.outcome, self._tr.render(error.message), error=True)
            self._show_selected()

        self._context.worker.run(job, done, on_error=failed)
