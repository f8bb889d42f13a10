"""The department's side of a round ("My returns"): open the round package the secretariat
sent, answer for each measure (drafts are saved as they are typed), propose new measures, and
export the return package to send back.

The screen holds the answers of the round it shows; each change goes to the core's
:func:`~app.rounds.workspace.save_draft` on the database worker half a second after the last
keystroke, and at once when another measure or round is chosen or the window closes, so that
nothing typed is lost. "Save and next" (Ctrl+Enter) and "Keep values unchanged" go on to the
next measure still to answer, with the focus in its first field, so that the keyboard alone
answers a whole package (Enter on the list goes into the form, Escape back to the list).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.errors import InvalidInput, UserError
from app.i18n import Message
from app.rounds import values, view, workspace
from app.rounds.kinds import MEASURES, kind_of
from app.rounds.secretariat import RETURN_SUFFIX, ROUND_SUFFIX
from app.rounds.workspace import NewKeyRefused, Opened
from app.ui.qt_setup import set_tab_order
from app.ui.widgets import (
    Screen,
    ScreenContext,
    ask,
    choose_file,
    result_label,
    show_result,
)
from app.ui.workspace.answer_sheet import AnswerSheets
from app.ui.workspace.answer_side import AnswerSide
from app.ui.workspace.item_list import ItemList
from app.ui.workspace.proposals_pane import ProposalsPane
from app.ui.workspace.round_closing import CloseRoundButton
from app.ui.workspace.round_state import (
    answer_state,
    info_html,
    last_export_text,
    opened_html,
)
from app.ui.workspace.workspace_dialogs import ExportDialog, confirm_new_key, export_dialog

SAVE_DELAY_MS = 500


class WorkspaceScreen(Screen):
    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        tr = context.tr
        self.loaded = False
        self.view: view.WorkspaceView | None = None
        self.answers: dict[str, dict[str, Any]] = {}
        self._dirty: dict[str, dict[str, Any]] = {}
        self._saving = 0
        self.export_dialog: ExportDialog | None = None
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
        self.header = header = QHBoxLayout()
        header.addWidget(title)
        header.addSpacing(24)
        header.addWidget(round_label)
        header.addWidget(self.round)
        header.addStretch(1)
        header.addWidget(self.open_button)
        self.close_button = CloseRoundButton(context, self)
        header.addWidget(self.close_button)
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
        self.items = ItemList(tr)
        self.items.chosen.connect(self._measure_chosen)
        self.forms = AnswerSide(tr)
        self.forms.edited.connect(self._edited)
        self.forms.keep_button.clicked.connect(self.keep_unchanged)
        self.forms.save_next.connect(self.save_and_next)
        self.forms.leave.connect(self.items.list.setFocus)
        self.items.entered.connect(self.forms.focus_first_field)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.items)
        self.splitter.addWidget(self.forms)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)

        self.proposals = ProposalsPane(tr, context.worker)
        self.proposals.changed.connect(self.reload)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("The round"))
        self.tabs.addTab(self.splitter, _("Measures"))
        self.tabs.addTab(self.proposals, _("Proposals"))

        self.export_button = QPushButton(_("E&xport return…"))
        self.export_button.clicked.connect(self.open_export)
        self.last_export = QLabel()
        self.last_export.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.last_export, 1)
        self.sheets = AnswerSheets(context, self.flush)
        self.sheets.said.connect(self._say)
        self.sheets.imported.connect(self.reload)
        bottom.addWidget(self.sheets)

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
        self.items.states = {}
        partnerships = self.partnerships
        self.forms.set_partnerships(partnerships)
        self.tabs.setTabVisible(1, not partnerships)
        # the list gets room for its titles (or the partners' long names)
        width = max(self.splitter.width(), 900)
        share = width * (8 if partnerships else 9) // 20  # the form keeps its indicators' grid
        self.splitter.setSizes([share, width - share])
        self.tabs.setTabText(0, _("Partnerships") if partnerships else _("Measures"))
        kind = kind_of(shown) if shown is not None else MEASURES
        self.items.set_partnerships(partnerships, kind.item_state_labels)
        if shown is None:
            self.code = None
            self.items.list.clear()
            self.forms.form.set_item(None, None)
            self.forms.assessment.set_item(None, None, None)
            self._fill_proposals(None)
            self.sheets.show_round(None, "", measures=False)
            return
        for item in shown.items:
            self._check(item["code"])
        self.info.setText(info_html(tr, shown))
        self.items.fill(shown.items, code)
        self._fill_proposals(shown)
        self.last_export.setText(last_export_text(tr, shown))
        stem = shown.default_file_name.removesuffix(RETURN_SUFFIX)
        self.sheets.show_round(shown.name, stem, measures=not partnerships)

    @property
    def code(self) -> str | None:
        """The code of the measure (or partnership) whose form is shown."""
        return self.items.shown

    @code.setter
    def code(self, code: str | None) -> None:
        self.items.shown = code

    @property
    def partnerships(self) -> bool:
        """The round shown is assessed against criteria (a partnership round: the assessment
        form instead of the measure form)."""
        return self.view is not None and self.view.criteria is not None

    # -- the list of measures ----------------------------------------------------------------
    def _item(self, code: str) -> dict[str, Any]:
        assert self.view is not None
        return next(item for item in self.view.items if item["code"] == code)

    def _check(self, code: str) -> tuple[str, Message | None]:
        """The state of the answer for ``code``: by the core's own check, as the export sees it."""
        assert self.view is not None
        state = answer_state(self._tr, self.view, self._item(code), self.answers.get(code))
        self.items.states[code] = state
        return state

    def select(self, code: str | None) -> None:
        """Show the form for the measure (or partnership) ``code``."""
        self.items.select(code)

    def _measure_chosen(self) -> None:
        code = self.items.current()
        if code == self.code and code is not None:
            return
        self.flush()  # the previous measure's typing is saved before another one is shown
        self.code = code
        if self.partnerships:
            assert self.view is not None
            if code is None:
                self.forms.assessment.set_item(None, None, self.view.criteria)
            else:
                item = self._item(code)
                self.forms.assessment.set_item(
                    item, self.answers.get(code) or item["values"], self.view.criteria
                )
                self._show_problem(code)
            set_tab_order(
                [self.items.list, *self.forms.assessment.editors(), *self.forms.buttons()]
            )
            self._update_buttons()
            return
        if code is None or self.view is None:
            self.forms.form.set_item(None, None)
        else:
            item = self._item(code)
            self.forms.form.set_item(
                item, self.answers.get(code) or values.answer_from_issued(item["values"])
            )
            self._show_problem(code)
        set_tab_order([self.items.list, *self.forms.form.editors(), *self.forms.buttons()])
        self._update_buttons()

    def _show_problem(self, code: str) -> None:
        state, problem = self.items.states[code]
        form = self.forms.current()
        form.show_problem(
            self._tr.render(problem) if problem else None, answered=state == "answered"
        )

    def _update_buttons(self) -> None:
        shown = self.view is not None
        for button in (self.forms.keep_button, self.forms.next_button):
            button.setEnabled(shown and self.code is not None)
        for button in (self.export_button, self.close_button):
            button.setEnabled(shown)

    # -- answering ---------------------------------------------------------------------------
    def _edited(self) -> None:
        code = self.code
        if code is None:
            return
        answer = self.forms.current().answer()
        self.answers[code] = answer
        self._dirty[code] = answer
        self._check(code)
        self._show_problem(code)
        self.items.show_state(code)
        self.items.update_count()
        self.forms.saved.setText(self._tr.gettext("Saving…"))
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
                self.forms.saved.setText(self._tr.gettext("All changes saved."))

        def failed(error: UserError) -> None:
            self.forms.saved.setText("")
            form = self.forms.assessment if partnerships else self.forms.form
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
        self.forms.form.set_item(item, issued)
        self._edited()  # the issued values are the answer now
        self.flush()
        self._move_on()

    def save_and_next(self) -> None:
        """Save the answer shown and go on to the next one still to answer; an answer that is
        not complete keeps the form where it is (its problem is shown above the fields)."""
        code = self.code
        if code is None:
            return
        if self.items.states[code][0] == "missing" and not self.partnerships:
            self._edited()  # the values shown (as the package carried them) are the answer
        self.flush()
        if self.items.states[code][0] == "answered":
            self._move_on()

    def _move_on(self) -> None:
        """Show the next measure still to answer with the focus in its first field; when every
        one is answered, hand the focus to the export."""
        following = self.items.next_open(self.code)
        if following is None:
            self.export_button.setFocus(Qt.FocusReason.OtherFocusReason)
            done = self._tr.gettext("Every answer is complete: export the return to send it.")
            self._say(html.escape(done))
            return
        self.select(following)
        self.items.apply_filter()
        self.forms.focus_first_field()

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
        path = choose_file(
            self,
            self._settings,
            "workspace/packages",
            _("Open a round package"),
            _("Round packages (*{suffix});;All files (*)").format(suffix=ROUND_SUFFIX),
        )
        if path:
            self.open_package(path)

    def open_package(self, path: Path, trust: str | None = None) -> None:
        """Open the package at ``path``; ``trust``: a new secretariat key's fingerprint the
        user confirmed (asked for when the package is signed with a key not announced)."""
        self._settings.setValue("workspace/packages", str(path.parent))
        self.flush()
        actor = self._actor()
        self.open_button.setEnabled(False)

        def done(opened: Opened) -> None:
            self._say(opened_html(self._tr, opened))
            self.reload(opened.round_name)

        def failed(error: UserError) -> None:
            if isinstance(error, NewKeyRefused) and confirm_new_key(self, self._tr, error):
                self.open_package(path, error.new)
            else:
                self._say(html.escape(self._tr.render(error.message)), True)

        self._worker.run(
            lambda s: workspace.open_package(s, actor, path, trust_new_key=trust),
            done,
            on_error=failed,
            on_finished=lambda: self.open_button.setEnabled(True),
        )

    def _say(self, text: str, error: bool = False) -> None:
        show_result(self.banner, text, error=error)
        self.banner.show()

    def _fill_proposals(self, shown: view.WorkspaceView | None) -> None:
        self.proposals.show_round(shown)
        count = len(shown.proposals) if shown is not None else 0
        caption = self._tr.gettext("Proposals")
        self.tabs.setTabText(1, f"{caption} ({count})" if count else caption)
        self._update_buttons()

    # -- exporting ---------------------------------------------------------------------------
    def open_export(self) -> None:
        if self.view is None:
            return
        self.flush()
        self.export_dialog = export_dialog(
            self._context,
            self.view,
            self.items.states,
            partnerships=self.partnerships,
            reload=self.reload,
            parent=self,
        )
        self.export_dialog.open()
