"""The department's side of a round ("My returns"): open the round package the secretariat
sent, answer for each measure (drafts are saved as they are typed), propose new measures, and
export the return package to send back.

The screen holds the answers of the round it shows; each change goes to the core's
:func:`~app.rounds.workspace.save_draft` on the database worker half a second after the last
keystroke, and at once when another measure or round is chosen or the window closes, so that
nothing typed is lost.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.errors import InvalidInput, UserError
from app.i18n import Message, Translator
from app.operations.context import Actor
from app.rounds import values, view, workspace
from app.rounds.labels import ASSESSMENT_STATE, ITEM_STATE, item_state_labels
from app.rounds.secretariat import ROUND_SUFFIX
from app.rounds.workspace import Exported, Opened
from app.ui.qt_setup import set_tab_order
from app.ui.rounds.round_labels import state_icon, title_in
from app.ui.widgets import (
    Screen,
    ask,
    current_key,
    documents_folder,
    fit_columns,
    item_with_key,
    result_label,
    show_result,
    tree,
    tree_items,
)
from app.ui.worker import DbWorker
from app.ui.workspace.answer_form import AnswerForm
from app.ui.workspace.assessment_form import AssessmentForm
from app.ui.workspace.round_state import answer_state, info_html, last_export_text
from app.ui.workspace.workspace_dialogs import ExportDialog, Proposal, ProposalDialog

SAVE_DELAY_MS = 500


class WorkspaceScreen(Screen):
    def __init__(
        self,
        tr: Translator,
        worker: DbWorker,
        *,
        actor: Callable[[], Actor],
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tr, worker, actor=actor, settings=settings, parent=parent)
        self.loaded = False
        self.view: view.WorkspaceView | None = None
        self.answers: dict[str, dict[str, Any]] = {}
        self.states: dict[str, tuple[str, Message | None]] = {}
        self.code: str | None = None
        self._dirty: dict[str, dict[str, Any]] = {}
        self._saving = 0
        self.export_dialog: ExportDialog | None = None
        self.proposal_dialog: ProposalDialog | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        _ = tr.gettext

        heading = _("My returns")
        title = QLabel(f"<h2>{html.escape(heading)}</h2>")
        self.round = QComboBox()
        self.round.setAccessibleName(_("Round"))
        self.round.setMinimumContentsLength(24)
        self.round.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.round.currentIndexChanged.connect(self._round_chosen)
        round_label = QLabel(_("&Round:"))
        round_label.setBuddy(self.round)
        self.open_button = QPushButton(_("&Open round package…"))
        self.open_button.clicked.connect(self.choose_and_open)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addSpacing(24)
        header.addWidget(round_label)
        header.addWidget(self.round)
        header.addStretch(1)
        header.addWidget(self.open_button)
        self.banner = result_label(tr)
        self.banner.hide()
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty = QLabel(
            _(
                "No round package has been opened here yet. The secretariat sends each "
                "department a file ending in {suffix}; open it with “Open round package…”."
            ).format(suffix=ROUND_SUFFIX)
        )
        self.empty.setWordWrap(True)

        # -- measures: the list and the form -------------------------------------------------
        self.only_open = QCheckBox(_("Only missing and &incomplete"))
        self.only_open.toggled.connect(lambda _c: self._apply_filter())
        self.list = tree(_("Measures of the round"), [_("Measure"), _("Title"), _("State")])
        self.list.currentItemChanged.connect(lambda *_a: self._measure_chosen())
        columns = self.list.header()
        columns.setStretchLastSection(False)
        columns.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        columns.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        columns.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        # The state column fits its longest text in this language, with the colour dot.
        metrics = self.list.fontMetrics()
        columns.resizeSection(
            2,
            max(
                metrics.horizontalAdvance(_(text))
                for text in (*ITEM_STATE.values(), *ASSESSMENT_STATE.values())
            )
            + 48,
        )
        self.count = QLabel()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.only_open)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.count)

        self.form = AnswerForm(tr)
        self.form.edited.connect(self._edited)
        self.assessment = AssessmentForm(tr)
        self.assessment.edited.connect(self._edited)
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
        self.keep_button.clicked.connect(self.keep_unchanged)
        self.saved = QLabel()
        self.saved.setAccessibleName(_("Saving"))
        form_buttons = QHBoxLayout()
        form_buttons.addWidget(self.keep_button)
        form_buttons.addStretch(1)
        form_buttons.addWidget(self.saved)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(scroll, 1)
        right_layout.addLayout(form_buttons)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)

        # -- proposals ---------------------------------------------------------------------
        self.proposals = tree(
            _("Proposals for new measures"),
            [_("Instrument"), _("Title (German)"), _("Description"), _("Rationale")],
        )
        self.proposals.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.propose_button = QPushButton(_("&Propose a new measure…"))
        self.propose_button.clicked.connect(self.propose)
        self.remove_button = QPushButton(_("Remove propos&al"))
        self.remove_button.clicked.connect(self.remove_proposal)
        proposal_buttons = QHBoxLayout()
        proposal_buttons.addWidget(self.propose_button)
        proposal_buttons.addWidget(self.remove_button)
        proposal_buttons.addStretch(1)
        proposal_page = QWidget()
        proposal_layout = QVBoxLayout(proposal_page)
        proposal_layout.addWidget(self.proposals, 1)
        proposal_layout.addLayout(proposal_buttons)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("The round"))
        self.tabs.addTab(self.splitter, _("Measures"))
        self.tabs.addTab(proposal_page, _("Proposals"))

        self.export_button = QPushButton(_("E&xport return…"))
        self.export_button.clicked.connect(self.open_export)
        self.last_export = QLabel()
        self.last_export.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.last_export, 1)

        self.body = QWidget()
        body_layout = QVBoxLayout(self.body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(self.info)
        body_layout.addWidget(self.tabs, 1)
        body_layout.addLayout(bottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addWidget(self.empty)
        layout.addWidget(self.body, 1)
        layout.addStretch(0)
        self._show(None)

    # -- loading -----------------------------------------------------------------------------
    def activate(self) -> None:
        if not self.loaded:
            self.reload()

    def reload(self, select: str | None = None) -> None:
        """Read the rounds opened here again and show ``select`` (else the one shown)."""
        self.loaded = True
        self.flush()
        wanted = select or (self.view.name if self.view else None)

        def job(session: Session) -> tuple[list[str], view.WorkspaceView | None]:
            names = view.workspace_rounds(session)
            if not names:
                return names, None
            return names, view.workspace_view(session, wanted if wanted in names else names[-1])

        self._worker.run(job, self._loaded)

    def _loaded(self, result: tuple[list[str], view.WorkspaceView | None]) -> None:
        names, shown = result
        self.round.blockSignals(True)
        self.round.clear()
        for name in names:
            self.round.addItem(name, name)
        if shown is not None:
            self.round.setCurrentIndex(self.round.findData(shown.name))
        self.round.blockSignals(False)
        self._show(shown)

    def _round_chosen(self) -> None:
        name = self.round.currentData()
        if name and (self.view is None or name != self.view.name):
            self.reload(str(name))

    def _show(self, shown: view.WorkspaceView | None) -> None:
        tr, _ = self._tr, self._tr.gettext
        same = shown is not None and self.view is not None and shown.name == self.view.name
        if not same:
            self.flush()  # what was typed in the round shown so far goes to that round
        code = self.code if same else None
        self.view = shown
        self.code = None  # the form shows the answer as loaded (and as typed meanwhile)
        self.empty.setVisible(shown is None)
        self.body.setVisible(shown is not None)
        self.answers = {**shown.answers, **self._dirty} if shown else {}
        self.states = {}
        partnerships = self.partnerships
        self.form.setVisible(not partnerships)
        self.assessment.setVisible(partnerships)
        self.keep_button.setVisible(not partnerships)
        self.tabs.setTabVisible(1, not partnerships)
        if partnerships:  # the partners' names are long; the form needs less room
            width = max(self.splitter.width(), 900)
            self.splitter.setSizes([width * 2 // 5, width * 3 // 5])
        self.tabs.setTabText(0, _("Partnerships") if partnerships else _("Measures"))
        self.list.setAccessibleName(
            _("Partnerships of the round") if partnerships else _("Measures of the round")
        )
        self.list.headerItem().setText(0, _("Partnership") if partnerships else _("Measure"))
        self.list.headerItem().setText(1, _("Partner") if partnerships else _("Title"))
        if shown is None:
            self.code = None
            self.list.clear()
            self.form.set_item(None, None)
            self.assessment.set_item(None, None, None)
            self._update_buttons()
            return
        for item in shown.items:
            self._check(item["code"])
        self.info.setText(info_html(tr, shown))
        self._fill_list(code)
        self._fill_proposals()
        self.last_export.setText(last_export_text(tr, shown))

    @property
    def partnerships(self) -> bool:
        """The round shown is a partnership round (assessments instead of measure answers)."""
        return self.view is not None and self.view.kind == "partnerships"

    # -- the list of measures ----------------------------------------------------------------
    def _item(self, code: str) -> dict[str, Any]:
        assert self.view is not None
        return next(item for item in self.view.items if item["code"] == code)

    def _check(self, code: str) -> tuple[str, Message | None]:
        """The state of the answer for ``code``: by the core's own check, as the export sees it."""
        assert self.view is not None
        state = answer_state(self._tr, self.view, self._item(code), self.answers.get(code))
        self.states[code] = state
        return state

    def _fill_list(self, select: str | None) -> None:
        assert self.view is not None
        tr = self._tr
        self.list.blockSignals(True)
        self.list.clear()
        for item in self.view.items:
            code = item["code"]
            key = "name" if self.partnerships else "title"
            title = title_in(tr, {lang: item.get(f"{key}_{lang}") for lang in ("de", "pl", "cs")})
            row = QTreeWidgetItem([code, title, ""])
            row.setData(0, Qt.ItemDataRole.UserRole, code)
            row.setToolTip(1, title)
            self.list.addTopLevelItem(row)
            self._show_state(row)
        self.list.blockSignals(False)
        self._apply_filter()
        target = select if select in self.states else None
        if target is None:
            target = next(
                (code for code, (state, _p) in self.states.items() if state != "answered"),
                self.view.items[0]["code"] if self.view.items else None,
            )
        self.select(target)

    def _show_state(self, row: QTreeWidgetItem) -> None:
        code = str(row.data(0, Qt.ItemDataRole.UserRole))
        state, problem = self.states[code]
        row.setText(2, self._tr.gettext(item_state_labels(self.partnerships)[state]))
        row.setIcon(2, state_icon(state))
        row.setToolTip(2, self._tr.render(problem) if problem else row.text(2))

    def _row(self, code: str | None) -> QTreeWidgetItem | None:
        return item_with_key(self.list, code)

    def select(self, code: str | None) -> None:
        row = self._row(code)
        if row is not None:
            row.setHidden(False)
            self.list.setCurrentItem(row)
        self._measure_chosen()

    def _apply_filter(self) -> None:
        only_open = self.only_open.isChecked()
        for row in tree_items(self.list):
            code = row.data(0, Qt.ItemDataRole.UserRole)
            answered = self.states.get(code, ("missing", None))[0] == "answered"
            row.setHidden(only_open and answered and code != self.code)
        self._update_count()

    def _update_count(self) -> None:
        total = len(self.states)
        answered = sum(1 for state, _p in self.states.values() if state == "answered")
        incomplete = sum(1 for state, _p in self.states.values() if state == "incomplete")
        if self.partnerships:
            text = self._tr.ngettext(
                "{answered} of {n} partnership assessed, {incomplete} incomplete",
                "{answered} of {n} partnerships assessed, {incomplete} incomplete",
                total,
            )
        else:
            text = self._tr.ngettext(
                "{answered} of {n} measure answered, {incomplete} incomplete",
                "{answered} of {n} measures answered, {incomplete} incomplete",
                total,
            )
        self.count.setText(text.format(answered=answered, n=total, incomplete=incomplete))

    def _measure_chosen(self) -> None:
        code = current_key(self.list)
        if code == self.code and code is not None:
            return
        self.flush()  # the previous measure's typing is saved before another one is shown
        self.code = code
        if self.partnerships:
            assert self.view is not None
            if code is None:
                self.assessment.set_item(None, None, self.view.criteria)
            else:
                item = self._item(code)
                self.assessment.set_item(
                    item, self.answers.get(code) or item["values"], self.view.criteria
                )
                self._show_problem(code)
            set_tab_order([self.list, *self.assessment.editors()])
            self._update_buttons()
            return
        if code is None or self.view is None:
            self.form.set_item(None, None)
        else:
            item = self._item(code)
            self.form.set_item(
                item, self.answers.get(code) or values.answer_from_issued(item["values"])
            )
            self._show_problem(code)
        set_tab_order([self.list, *self.form.editors(), self.keep_button])
        self._update_buttons()

    def _show_problem(self, code: str) -> None:
        state, problem = self.states[code]
        form = self.assessment if self.partnerships else self.form
        form.show_problem(
            self._tr.render(problem) if problem else None, answered=state == "answered"
        )

    def _update_buttons(self) -> None:
        shown = self.view is not None
        self.keep_button.setEnabled(shown and self.code is not None)
        self.export_button.setEnabled(shown)
        self.propose_button.setEnabled(shown)
        self.remove_button.setEnabled(shown and self.proposals.currentItem() is not None)

    # -- answering ---------------------------------------------------------------------------
    def _edited(self) -> None:
        code = self.code
        if code is None:
            return
        answer = self.assessment.answer() if self.partnerships else self.form.answer()
        self.answers[code] = answer
        self._dirty[code] = answer
        self._check(code)
        self._show_problem(code)
        row = self._row(code)
        if row is not None:
            self._show_state(row)
        self._update_count()
        self.saved.setText(self._tr.gettext("Saving…"))
        self._timer.start()

    def flush(self) -> None:
        """Save every answer typed since the last save (on the worker, in typing order)."""
        self._timer.stop()
        if not self._dirty or self.view is None:
            return
        pending, self._dirty = self._dirty, {}
        name = self.view.name
        partnerships = self.partnerships

        def job(session: Session) -> None:
            ws_round = workspace.find(session, name)
            for code, answer in pending.items():
                if partnerships:
                    workspace.assess(
                        session,
                        ws_round,
                        code,
                        scores={
                            criterion: (entry["score"], entry["comment"])
                            for criterion, entry in answer["scores"].items()
                        },
                        recommendation=(
                            answer["recommendation"]["choice"],
                            answer["recommendation"]["comment"],
                        ),
                    )
                else:
                    workspace.save_draft(session, ws_round, code, answer)

        def done(_result: None) -> None:
            if not self._dirty and not self._timer.isActive():
                self.saved.setText(self._tr.gettext("All changes saved."))

        def failed(error: UserError) -> None:
            self.saved.setText("")
            form = self.assessment if partnerships else self.form
            form.show_problem(self._tr.render(error.message))

        self._worker.run(job, done, on_error=failed)

    @property
    def pending(self) -> bool:
        """Typing that is not handed to the worker yet."""
        return bool(self._dirty)

    def keep_unchanged(self) -> None:
        code = self.code
        if code is None:
            return
        _ = self._tr.gettext
        item = self._item(code)
        issued = values.answer_from_issued(item["values"])
        current = self.answers.get(code)
        if (
            current is not None
            and not self._same(current, issued, item)
            and not self.confirm(
                _("Keep values unchanged"),
                _(
                    "Discard what you typed for {code} and keep the values the package carried?"
                ).format(code=code),
            )
        ):
            return
        self.form.set_item(item, issued)
        self._edited()  # the issued values are the answer now
        self.flush()

    @staticmethod
    def _same(answer: dict[str, Any], issued: dict[str, Any], item: dict[str, Any]) -> bool:
        try:
            return values.normalized_answer(answer, item["values"]) == values.normalized_answer(
                issued, item["values"]
            )
        except InvalidInput:
            return False

    def confirm(self, title: str, text: str) -> bool:
        return ask(self, title, text)

    # -- opening a package -------------------------------------------------------------------
    def choose_and_open(self) -> None:
        _ = self._tr.gettext
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Open a round package"),
            str(documents_folder(self._settings, "workspace/packages")),
            _("Round packages (*{suffix});;All files (*)").format(suffix=ROUND_SUFFIX),
        )
        if path:
            self.open_package(Path(path))

    def open_package(self, path: Path) -> None:
        self._settings.setValue("workspace/packages", str(path.parent))
        self.flush()
        actor = self._actor()
        self.open_button.setEnabled(False)

        def done(opened: Opened) -> None:
            _ = self._tr.gettext
            text = html.escape(self._tr.render(opened.message))
            if opened.state == "new":
                text += (
                    "<br><b>"
                    + html.escape(
                        _("Secretariat key fingerprint: {fingerprint}").format(
                            fingerprint=opened.fingerprint
                        )
                    )
                    + "</b><br>"
                    + html.escape(
                        _(
                            "Compare it with the fingerprint the secretariat tells you. If they "
                            "differ, do not answer in this package and call the secretariat."
                        )
                    )
                )
            self._say(text)
            self.reload(opened.round_name)

        self._worker.run(
            lambda s: workspace.open_package(s, actor, path),
            done,
            on_error=lambda error: self._say(html.escape(self._tr.render(error.message)), True),
            on_finished=lambda: self.open_button.setEnabled(True),
        )

    def _say(self, text: str, error: bool = False) -> None:
        show_result(self.banner, text, error=error)
        self.banner.show()

    # -- proposals ---------------------------------------------------------------------------
    def _fill_proposals(self) -> None:
        assert self.view is not None
        self.proposals.clear()
        for identifier, proposal in self.view.proposals:
            row = QTreeWidgetItem(
                [
                    str(proposal.get("instrument") or ""),
                    str(proposal.get("title_de") or ""),
                    str(proposal.get("description_de") or "–"),
                    str(proposal.get("rationale") or "–"),
                ]
            )
            row.setData(0, Qt.ItemDataRole.UserRole, identifier)
            for column in range(4):
                row.setToolTip(column, row.text(column))
            self.proposals.addTopLevelItem(row)
        fit_columns(self.proposals, stretch=1)
        count = len(self.view.proposals)
        caption = self._tr.gettext("Proposals")
        self.tabs.setTabText(1, f"{caption} ({count})" if count else caption)
        self._update_buttons()

    def propose(self) -> None:
        if self.view is None:
            return
        name = self.view.name

        def save(proposal: Proposal, done: Callable[[object], None], failed: object) -> None:
            def job(session: Session) -> int:
                return workspace.add_proposal(
                    session,
                    workspace.find(session, name),
                    instrument=str(proposal["instrument"]),
                    title_de=str(proposal["title_de"] or ""),
                    description_de=proposal["description_de"],
                    rationale=proposal["rationale"],
                )

            self._worker.run(job, done, on_error=failed)  # type: ignore[arg-type]

        self.proposal_dialog = ProposalDialog(self._tr, self.view.instruments, save, parent=self)
        self.proposal_dialog.accepted.connect(lambda: self.reload(name))
        self.proposal_dialog.open()

    def remove_proposal(self) -> None:
        row = self.proposals.currentItem()
        if row is None or self.view is None:
            return
        identifier = int(row.data(0, Qt.ItemDataRole.UserRole))
        name = self.view.name
        if not self.confirm(
            self._tr.gettext("Remove proposal"),
            self._tr.gettext("Remove the proposal “{title}”?").format(title=row.text(1)),
        ):
            return
        self._worker.run(
            lambda s: workspace.remove_proposal(s, workspace.find(s, name), identifier),
            lambda _r: self.reload(name),
        )

    # -- exporting ---------------------------------------------------------------------------
    def open_export(self) -> None:
        if self.view is None:
            return
        self.flush()
        tr = self._tr
        counts = dict.fromkeys(ITEM_STATE, 0)
        incomplete = []
        for code, (state, problem) in self.states.items():
            counts[state] += 1
            if state == "incomplete":
                incomplete.append(f"{code}: {tr.render(problem) if problem else ''}")
        name = self.view.name
        actor = self._actor()
        folder = documents_folder(self._settings, "workspace/returns")

        def export(
            target: Path,
            encrypt: bool,
            done: Callable[[Exported], None],
            failed: Callable[[UserError], None],
        ) -> None:
            self._settings.setValue("workspace/returns", str(target.parent))

            def finished(exported: Exported) -> None:
                done(exported)
                self.reload(name)

            self._worker.run(
                lambda s: workspace.export_return(
                    s, actor, workspace.find(s, name), target, encrypt=encrypt
                ),
                finished,
                on_error=failed,
            )

        self.export_dialog = ExportDialog(
            tr,
            counts=counts,
            incomplete=incomplete,
            proposals=len(self.view.proposals),
            partnerships=self.partnerships,
            target=folder / self.view.default_file_name,
            export=export,
            parent=self,
        )
        self.export_dialog.open()
