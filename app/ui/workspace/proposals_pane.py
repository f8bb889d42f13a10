"""The "Proposals" tab of the department's workspace: the new measures the department proposes
with its return, added in the :class:`~app.ui.workspace.workspace_dialogs.ProposalDialog` and
removed after a question; each change goes to :mod:`app.rounds.workspace` on the worker."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTreeWidgetItem, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from app.i18n import Translator
from app.rounds import view, workspace
from app.ui.table_fit import fit_wrapping, wrapping_rows
from app.ui.widgets import ask, tree
from app.ui.worker import DbWorker
from app.ui.workspace.workspace_dialogs import Proposal, ProposalDialog


class ProposalsPane(QWidget):
    changed = Signal(str)
    """A proposal was added to or removed from the round (its name)."""

    def __init__(self, tr: Translator, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        self._worker = worker
        self.view: view.WorkspaceView | None = None
        self.proposal_dialog: ProposalDialog | None = None
        _ = tr.gettext
        self.table = tree(
            _("Proposals for new measures"),
            [_("Instrument"), _("Title (German)"), _("Description"), _("Rationale")],
        )
        wrapping_rows(self.table)  # long texts wrap in a narrow window (150 %), never cut
        self.table.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.propose_button = QPushButton(_("&Propose a new measure…"))
        self.propose_button.clicked.connect(self.propose)
        self.remove_button = QPushButton(_("Remove propos&al"))
        self.remove_button.clicked.connect(self.remove_proposal)
        buttons = QHBoxLayout()
        buttons.addWidget(self.propose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def show_round(self, shown: view.WorkspaceView | None) -> None:
        """The proposals of the round ``shown`` (none without a round)."""
        self.view = shown
        self.table.clear()
        for identifier, proposal in shown.proposals if shown is not None else ():
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
            self.table.addTopLevelItem(row)
        fit_wrapping(self.table, stretch=1)
        self._update_buttons()

    def _update_buttons(self) -> None:
        shown = self.view is not None
        self.propose_button.setEnabled(shown)
        self.remove_button.setEnabled(shown and self.table.currentItem() is not None)

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
        self.proposal_dialog.accepted.connect(lambda: self.changed.emit(name))
        self.proposal_dialog.open()

    def remove_proposal(self) -> None:
        row = self.table.currentItem()
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
            lambda _r: self.changed.emit(name),
        )

    def confirm(self, title: str, text: str) -> bool:
        return ask(self, title, text)
