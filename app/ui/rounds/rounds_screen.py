"""The secretariat's rounds: the list of rounds, the actions on them (new round, issue the
packages, import returns, close) and the selected round's completeness, conflicts, proposals
and returns. Everything reads and writes through the core (:mod:`app.rounds`) on the database
worker; long work shows a progress bar under the actions."""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.errors import UserError
from app.i18n import Message
from app.operations.register_view import Vocabulary
from app.partnerships.rounds import ScopeChoice
from app.rounds import secretariat, view
from app.rounds.kinds import kind_of
from app.rounds.labels import ROUND_STATUS
from app.rounds.secretariat import Issued, RoundInput, RoundProgress
from app.ui.qt_setup import set_tab_order
from app.ui.rounds.all_reminders import remind_all
from app.ui.rounds.new_round_dialog import Leads, NewRoundDialog, RoundChoices, round_choices
from app.ui.rounds.round_detail import RoundDetail
from app.ui.rounds.round_dialogs import ReminderDialog, ResultLine, ResultsDialog, close_question
from app.ui.rounds.round_files import ReturnsImport, import_summary, issue_summary
from app.ui.rounds.round_labels import NoRoundsNote, date_text, state_icon
from app.ui.widgets import (
    Screen,
    ScreenContext,
    ask,
    choose_files,
    choose_folder,
    current_key,
    documents_folder,
    fit_columns,
    item_with_key,
    result_label,
    show_result,
    tree,
)


class RoundsScreen(Screen):
    def __init__(
        self,
        context: ScreenContext,
        *,
        on_changed: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        tr = context.tr
        self._on_changed = on_changed
        self._vocabulary: Vocabulary | None = None
        self.progress_rows: list[RoundProgress] = []
        self.loaded = False
        self.busy = False
        self.importing: ReturnsImport | None = None
        self.results: ResultsDialog | None = None
        self.reminder: ReminderDialog | None = None
        self.new_dialog: NewRoundDialog | None = None
        self.criteria_sets: list[tuple[str, str]] = []  # code, name: for a partnership round
        self.partnership_choices: list[ScopeChoice] = []  # the partnerships a round can assess
        self.leads: Leads = {}  # per instrument, the departments leading its measures
        _ = tr.gettext

        heading = _("Evaluation rounds")
        title = QLabel(f"<h2>{html.escape(heading)}</h2>")
        self.fingerprint = QLabel()
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setToolTip(
            _(
                "Departments see this fingerprint when they open a package for the first time; "
                "tell them on the phone so that they can compare."
            )
        )
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.fingerprint)

        self.table = tree(
            _("Evaluation rounds"),
            [_("Round"), _("Kind"), _("Status"), _("Deadline"), _("Returns"), _("Open conflicts")],
        )
        self.table.currentItemChanged.connect(lambda *_a: self._selection_changed())
        self.empty = NoRoundsNote(tr)

        self.new_button = QPushButton(_("&New round…"))
        self.issue_button = QPushButton(_("&Issue packages…"))
        self.import_button = QPushButton(_("Im&port returns"))
        self.import_menu = QMenu(self.import_button)
        self.import_files_action = QAction(_("Choose return &files…"), self)
        self.import_folder_action = QAction(_("Choose a f&older…"), self)
        self.import_menu.addAction(self.import_files_action)
        self.import_menu.addAction(self.import_folder_action)
        self.import_button.setMenu(self.import_menu)
        self.close_button = QPushButton(_("C&lose round…"))
        self.new_button.clicked.connect(self.new_round)
        self.issue_button.clicked.connect(self.choose_and_issue)
        self.import_files_action.triggered.connect(self.choose_and_import_files)
        self.import_folder_action.triggered.connect(self.choose_and_import_folder)
        self.close_button.clicked.connect(self.close_round)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Progress"))
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setAccessibleName(_("Cancel the import"))
        self.cancel_button.clicked.connect(self.cancel)
        actions = QHBoxLayout()
        for button in (self.new_button, self.issue_button, self.import_button, self.close_button):
            actions.addWidget(button)
        actions.addWidget(self.progress, 1)
        actions.addWidget(self.cancel_button)
        actions.addStretch(0)
        self.message = result_label(tr)

        self.tabs = RoundDetail(tr, context.worker, busy=lambda: self.busy, actor=self._actor)
        self.completeness = self.tabs.completeness
        self.completeness.reminder_requested.connect(self.open_reminder)
        remind = partial(remind_all, self, context, show=self._show_results, say=self._say)
        self.completeness.all_reminders_requested.connect(lambda: remind(self.selected()))
        self.conflicts = self.tabs.conflicts
        self.conflicts.resolve_requested.connect(self.resolve)
        self.returns = self.tabs.returns

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(header)
        top_layout.addWidget(self.empty)
        top_layout.addWidget(self.table, 1)
        top_layout.addLayout(actions)
        top_layout.addWidget(self.message)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 1)  # the round's details get the room
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        set_tab_order(
            [self.table, self.new_button, self.issue_button, self.import_button,
             self.close_button, self.cancel_button, self.tabs.tabBar()]
        )  # fmt: skip
        self._set_busy(False)
        self._show_rounds([])

    # -- data from the main window -----------------------------------------------------------
    def set_vocabulary(self, vocabulary: Vocabulary) -> None:
        """The register's vocabulary and the leads of its instruments' measures (read again with
        the register): the instruments and departments a new round offers, and its defaults."""
        self._vocabulary = vocabulary
        self._worker.run(lambda s: NewRoundDialog.read_leads(s, vocabulary), self._set_leads)

    def _set_leads(self, leads: Leads) -> None:
        self.leads = leads

    # -- loading -----------------------------------------------------------------------------
    def activate(self) -> None:
        """Shown: (re)load the rounds. Nothing is read before the page is first shown, and
        each time it is shown again it reflects edits made in the register meanwhile."""
        if not self.busy:
            self.reload()

    def reload(self, select: str | None = None) -> None:
        self.loaded = True
        wanted = select or self.selected()

        lang = self._tr.lang
        Loaded = tuple[list[RoundProgress], Message | None, RoundChoices]

        def job(session: Session) -> Loaded:
            choices = round_choices(session, lang)
            return view.rounds(session), view.signing_label(session), choices

        def done(result: Loaded) -> None:
            rounds, label, (self.criteria_sets, self.partnership_choices) = result
            self._show_rounds(rounds, wanted)
            self.fingerprint.setText(self._tr.render(label) if label is not None else "")

        self._worker.run(job, done)

    def _show_rounds(self, rounds: list[RoundProgress], select: str | None = None) -> None:
        tr, _ = self._tr, self._tr.gettext
        self.progress_rows = rounds
        self.table.blockSignals(True)
        self.table.clear()
        for row in rounds:
            item = QTreeWidgetItem(
                [
                    row.name,
                    _(kind_of(row).short_label),
                    _(ROUND_STATUS[row.status]),
                    date_text(tr, row.deadline),
                    tr.ngettext(
                        "{returned} of {n} department",
                        "{returned} of {n} departments",
                        len(row.departments),
                    ).format(returned=row.departments_returned, n=len(row.departments)),
                    str(row.open_conflicts) if row.open_conflicts else "–",
                ]
            )
            item.setIcon(2, state_icon(row.status))
            item.setData(0, Qt.ItemDataRole.UserRole, row.name)
            self.table.addTopLevelItem(item)
        fit_columns(self.table, stretch=0)
        self.table.blockSignals(False)
        self.empty.setVisible(not rounds)
        target = select if select in {r.name for r in rounds} else None
        if target is None and rounds:
            target = rounds[-1].name  # the newest
        chosen = item_with_key(self.table, target)
        if chosen is not None:
            self.table.setCurrentItem(chosen)
        self._selection_changed()

    def selected(self) -> str | None:
        return current_key(self.table)

    def selected_progress(self) -> RoundProgress | None:
        name = self.selected()
        return next((row for row in self.progress_rows if row.name == name), None)

    def _selection_changed(self) -> None:
        self.tabs.show_round(self.selected_progress())
        self._update_buttons()

    def _update_buttons(self) -> None:
        progress = self.selected_progress()
        status = progress.status if progress else None
        self.new_button.setEnabled(not self.busy)
        self.issue_button.setEnabled(not self.busy and status in ("draft", "open"))
        self.import_button.setEnabled(not self.busy)
        self.close_button.setEnabled(not self.busy and status == "open")

    # -- progress ----------------------------------------------------------------------------
    def _set_busy(self, busy: bool, text: str = "", *, steps: int = 0) -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        self.progress.setRange(0, steps)
        self.progress.setValue(0)
        self.cancel_button.setVisible(busy and steps > 0)
        self.cancel_button.setEnabled(busy)
        self.conflicts.set_enabled(not busy)
        if busy:
            self._say(text)
        self._update_buttons()

    def _say(self, text: str, *, error: bool = False) -> None:
        show_result(self.message, text, error=error)

    def _failed(self, error: UserError) -> None:
        self._say(self._tr.render(error.message), error=True)

    def _changed(self, select: str | None = None) -> None:
        self.reload(select)
        self._on_changed()

    # -- new round ---------------------------------------------------------------------------
    def new_round(self) -> None:
        if self._vocabulary is None:
            return
        actor = self._actor()

        def save(data: RoundInput, done: Callable[[object], None], failed: object) -> None:
            self._worker.run(
                lambda s: secretariat.create_round(s, actor, data).name,
                done,
                on_error=failed,  # type: ignore[arg-type]
            )

        dialog = NewRoundDialog(
            self._tr,
            self._vocabulary,
            self.leads,
            save,
            criteria_sets=self.criteria_sets,
            partnership_choices=self.partnership_choices,
            parent=self,
        )
        self.new_dialog = dialog
        dialog.accepted.connect(lambda: self._created(dialog.created))
        dialog.open()

    def _created(self, name: str | None) -> None:
        self._say(self._tr.gettext("Round “{name}” created (draft).").format(name=name))
        self._changed(name)

    # -- issuing -----------------------------------------------------------------------------
    def choose_and_issue(self) -> None:
        progress = self.selected_progress()
        if progress is None:
            return
        _ = self._tr.gettext
        if progress.status == "open" and not self.confirm(
            _("Issue again"),
            _(
                "The packages of “{name}” were issued already. Issue a new package to every "
                "department of the round? Returns to the earlier packages are still accepted."
            ).format(name=progress.name),
        ):
            return
        folder = choose_folder(
            self, self._settings, "rounds/folder", _("Folder for the round packages")
        )
        if folder:
            self.issue(progress.name, folder)

    def confirm(self, title: str, text: str) -> bool:
        return ask(self, title, text)

    def issue(self, name: str, folder: Path) -> None:
        _ = self._tr.gettext
        self._settings.setValue("rounds/folder", str(folder))
        actor = self._actor()
        progress = next((row for row in self.progress_rows if row.name == name), None)
        item_count = kind_of(progress or "").item_count
        self._set_busy(True, _("Writing the round packages…"))

        def done(issued: list[Issued]) -> None:
            summary, lines = issue_summary(self._tr, issued, folder, item_count=item_count)
            self._say(summary)
            self._show_results(_("Round packages issued"), summary, lines, folder)
            self._changed(name)

        self._worker.run(
            lambda s: secretariat.issue(s, actor, name, folder),
            done,
            on_error=self._failed,
            on_finished=lambda: self._set_busy(False),
        )

    def _show_results(
        self, title: str, summary: str, lines: list[ResultLine], folder: Path | None = None
    ) -> None:
        self.results = ResultsDialog(self._tr, title, summary, lines, folder=folder, parent=self)
        self.results.open()

    # -- importing ---------------------------------------------------------------------------
    def choose_and_import_files(self) -> None:
        _ = self._tr.gettext
        paths = choose_files(
            self,
            self._settings,
            "rounds/returns",
            _("Return packages to import"),
            _("Return packages (*{suffix});;All files (*)").format(
                suffix=secretariat.RETURN_SUFFIX
            ),
        )
        if paths:
            self.import_paths(paths)

    def choose_and_import_folder(self) -> None:
        folder = choose_folder(
            self, self._settings, "rounds/returns", self._tr.gettext("Folder with return packages")
        )
        if folder:
            self.import_paths([folder])

    def import_paths(self, paths: list[Path]) -> None:
        """Import each return file (and each return in each folder), one after the other."""
        if self.busy or not paths:
            return
        first = paths[0]
        self._settings.setValue("rounds/returns", str(first if first.is_dir() else first.parent))
        importing = ReturnsImport(
            self._worker, self._actor, on_step=self.progress.setValue, on_done=self._imported
        )
        self.importing = importing
        self._set_busy(True, self._tr.gettext("Looking for return packages…"))

        def found(files: list[Path]) -> None:
            self._set_busy(
                True,
                self._tr.gettext("Importing the returns…"),
                steps=max(len(files), 1),
            )
            importing.start(files)

        def failed(error: UserError) -> None:
            self._failed(error)
            self._set_busy(False)

        self._worker.run(lambda _s: secretariat.return_files(paths), found, on_error=failed)

    def cancel(self) -> None:
        if self.importing is not None:
            self.importing.cancel()
        self.cancel_button.setEnabled(False)
        self._say(self._tr.gettext("Cancelling after the current file…"))

    def _imported(self) -> None:
        assert self.importing is not None
        summary, counts, lines = import_summary(self._tr, self.importing)
        self._set_busy(False)
        self._say(summary, error=bool(counts["refused"]))
        if lines:
            self._show_results(self._tr.gettext("Returns imported"), summary, lines)
        if counts["imported"]:
            self._changed()

    # -- conflicts, reminders, closing -------------------------------------------------------
    def resolve(self, conflict_id: int, take: str) -> None:
        if self.busy:
            return
        actor = self._actor()
        self.conflicts.set_enabled(False)

        def done(_result: None) -> None:
            self._say(
                self._tr.gettext("Conflict resolved: the register keeps its value.")
                if take == "register"
                else self._tr.gettext("Conflict resolved: the returned value is in the register.")
            )
            self._changed()

        def failed(error: UserError) -> None:
            self._failed(error)
            self.conflicts.set_enabled(True)

        self._worker.run(
            lambda s: secretariat.resolve_conflict(s, actor, conflict_id, take),
            done,
            on_error=failed,
        )

    def open_reminder(self, department: str) -> None:
        name = self.selected()
        if name is None:
            return
        self.reminder = ReminderDialog(
            self._tr,
            self._worker,
            name,
            department,
            sender=self._actor().name,
            folder=lambda: documents_folder(self._settings, "rounds/reminders"),
            parent=self,
        )
        self.reminder.open()

    def close_round(self) -> None:
        progress = self.selected_progress()
        if progress is None or self.busy:
            return
        _ = self._tr.gettext
        if not self.confirm(_("Close round"), close_question(self._tr, progress)):
            return
        name = progress.name
        actor = self._actor()
        self._set_busy(True, _("Closing the round and freezing its snapshot…"))

        def done(_result: object) -> None:
            self._say(
                _("Round “{name}” closed; its snapshot is frozen for the reports.").format(
                    name=name
                )
            )
            self._changed(name)

        self._worker.run(
            lambda s: secretariat.close_round(s, actor, name).name,
            done,
            on_error=self._failed,
            on_finished=lambda: self._set_busy(False),
        )

    def dialogs(self) -> list[QDialog]:
        """The dialogs this screen has open (for the window's keyboard and name checks)."""
        return [d for d in (self.new_dialog, self.reminder, self.results) if d is not None]
