"""The dialog at start when the register is damaged (it failed a check or could not be opened):
what is wrong in the user's language, the backups with their date, content and check, and the
ways out — open the register read-only, restore a sound backup (the newest one chosen; the
current file kept aside as evidence, what is lost named first), or export what is still
readable. All file work runs off the UI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import N_, Message, Translator
from app.paths import AppPaths
from app.storage import rescue
from app.storage.rescue import BackupInfo, RestorePlan
from app.storage.restore import record_restore
from app.ui.safety.background import Background
from app.ui.safety.backup_list import (
    backup_tree,
    export_readable,
    fill_backups,
    restore_question,
)
from app.ui.widgets import ask, result_label, show_result

READ_ONLY, RESTORED = "read-only", "restored"


class RecoveryDialog(QDialog):
    """``exec()``; then :attr:`choice` is :data:`READ_ONLY`, :data:`RESTORED` or ``None``
    (quit), and :attr:`note` what the window says once it is open."""

    def __init__(
        self,
        tr: Translator,
        paths: AppPaths,
        error: UserError,
        actor: str,
        parent: QWidget | None = None,
        *,
        happened: str | None = None,
        lock_held: bool = False,
    ) -> None:
        """``happened``: what happened, if not that the register could not be opened;
        ``lock_held``: the window that holds the instance lock asks (a restore takes none)."""
        super().__init__(parent)
        self._tr, self._paths, self._actor = tr, paths, actor
        self._lock_held = lock_held
        self.choice: str | None = None
        self.note: str | None = None
        self.found: list[BackupInfo] = []
        self.background = Background(self)
        _ = tr.gettext
        self.setWindowTitle(_("The register is damaged"))
        intro = QLabel(
            happened
            or _(
                "The register could not be opened safely. Nothing has been changed; choose "
                "how to go on."
            )
        )
        intro.setWordWrap(True)
        self.problem = QLabel(tr.render(error.message))
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.backups = backup_tree(tr)
        self.backups.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.newest = QLabel(_("Checking the backups…"))
        self.newest.setWordWrap(True)
        self.message = result_label(tr)
        buttons = QDialogButtonBox()
        self.read_only = QPushButton(_("Open &read-only"))
        self.restore_button = QPushButton(_("Re&store the selected backup…"))
        self.export = QPushButton(_("&Export readable data…"))
        quit_button = QPushButton(_("&Quit"))
        for button in (self.read_only, self.restore_button, self.export):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.read_only.clicked.connect(self._open_read_only)
        self.restore_button.clicked.connect(self._plan_restore)
        self.export.clicked.connect(self._export)
        quit_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.problem)
        caption = QLabel(_("&Backups:"))
        caption.setBuddy(self.backups)
        layout.addWidget(caption)
        layout.addWidget(self.backups, 1)
        layout.addWidget(self.newest)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(860, 460)  # 690 px high at 150 %: on a 768-px screen
        self._busy(True)
        self.background.run(
            lambda: rescue.describe_backups(paths), self._show_backups, self._failed
        )

    # -- the backups ----------------------------------------------------------------------------
    def _show_backups(self, found: list[BackupInfo]) -> None:
        self.found = found
        fill_backups(self.backups, self._tr, found)
        newest = rescue.newest_sound(found)
        if newest is None:
            self.newest.setText(self._tr.gettext("No sound backup was found."))
        else:
            self.newest.setText(
                self._tr.gettext("The newest sound backup is from {date}; it is selected.").format(
                    date=self._when(newest)
                )
            )
            item = self.backups.topLevelItem(found.index(newest))
            if item is not None:
                self.backups.setCurrentItem(item)
        self._busy(False)

    def _when(self, info: BackupInfo) -> str:
        return self._tr.timestamp(info.when.isoformat(), local=True)

    def selected(self) -> BackupInfo | None:
        item: QTreeWidgetItem | None = self.backups.currentItem()
        if item is None:
            return None
        return self.found[int(item.data(0, Qt.ItemDataRole.UserRole))]

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.restore_button.setEnabled(
            self.background.pending == 0 and chosen is not None and chosen.sound
        )

    def _busy(self, busy: bool) -> None:
        for button in (self.read_only, self.export):
            button.setEnabled(not busy)
        self.restore_button.setEnabled(False)
        if not busy:
            self._update_buttons()

    def _failed(self, error: UserError) -> None:
        show_result(self.message, self._tr.render(error.message), error=True)
        self._busy(False)

    # -- the ways out ---------------------------------------------------------------------------
    def _open_read_only(self) -> None:
        self.choice = READ_ONLY
        self.accept()

    def _plan_restore(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        self._busy(True)
        self.background.run(
            lambda: rescue.plan_restore(self._paths, chosen.path),
            lambda plan: self._confirm(plan, chosen),
            self._failed,
        )

    def _confirm(self, plan: RestorePlan, chosen: BackupInfo) -> None:
        self._busy(False)
        if plan.problem is not None:
            show_result(self.message, self._tr.render(plan.problem), error=True)
            return
        question = restore_question(self._tr, plan, self._when(chosen))
        if not ask(self, self._tr.gettext("Restore a backup"), question):
            return
        self._busy(True)
        audit = record_restore(self._actor, chosen.path, via="app")
        self.background.run(
            lambda: rescue.restore(self._paths, chosen.path, audit, lock_held=self._lock_held),
            lambda safety: self._restored(chosen, safety),
            self._failed,
        )

    def _restored(self, chosen: BackupInfo, safety: Path | None) -> None:
        self.note = self._tr.render(
            Message(
                N_("The register was restored from the backup of {date}."),
                date=self._when(chosen),
            )
        )
        if safety is not None:
            self.note += " " + self._tr.render(
                Message(N_("The previous register was saved as {path}."), path=safety)
            )
        self.choice = RESTORED
        self.accept()

    def _export(self) -> None:
        export_readable(
            self,
            self._tr,
            self._paths,
            self.background.run,
            lambda text, error: show_result(self.message, text, error=error),
        )

    def done(self, result: int) -> None:
        self.background.shutdown()
        super().done(result)
