"""The Backups dialog (File › Backups…): the automatic and manual backups with their date,
content and check; "Back up now"; a restore that says what will be lost before it happens and
then starts the program again on the restored register. All work runs on the database worker."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import N_, Message, Translator
from app.paths import AppPaths
from app.storage import backup, rescue
from app.storage.rescue import BackupInfo, RestorePlan
from app.storage.restore import record_restore
from app.ui.safety.backup_list import backup_tree, fill_backups, restore_question
from app.ui.widgets import ask, result_label, show_result
from app.ui.worker import DbWorker


class BackupsDialog(QDialog):
    def __init__(
        self,
        tr: Translator,
        worker: DbWorker,
        paths: AppPaths,
        actor: str,
        *,
        on_restored: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tr, self._worker, self._paths, self._actor = tr, worker, paths, actor
        self._on_restored = on_restored
        self.found: list[BackupInfo] = []
        _ = tr.gettext
        self.setWindowTitle(_("Backups"))
        note = QLabel(
            _(
                "The program backs up the register once a day and before every update and "
                "restore. Safety copies taken before a restore or an update are never removed "
                "automatically. Folder: {folder}"
            ).format(folder=paths.backups_dir)
        )
        note.setWordWrap(True)
        note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.backups = backup_tree(tr)
        self.backups.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.message = result_label(tr)
        buttons = QDialogButtonBox()
        self.back_up = QPushButton(_("&Back up now"))
        self.restore_button = QPushButton(_("&Restore…"))
        close = QPushButton(_("&Close"))
        buttons.addButton(self.back_up, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        self.back_up.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self._plan_restore)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        caption = QLabel(_("&Backups:"))
        caption.setBuddy(self.backups)
        layout.addWidget(caption)
        layout.addWidget(self.backups, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(860, 440)
        self.busy = False
        self.load()

    def _run(self, job: Callable[[], object], on_done: Callable[[object], None]) -> None:
        self._set_busy(True)
        self._worker.run(
            lambda _session: job(),
            on_done,
            on_error=self._failed,
            on_finished=lambda: self._set_busy(False),
        )

    def load(self) -> None:
        self._run(lambda: rescue.describe_backups(self._paths), self._show)

    def _show(self, found: object) -> None:
        assert isinstance(found, list)
        self.found = found
        fill_backups(self.backups, self._tr, found)
        first = self.backups.topLevelItem(0)
        if first is not None:
            self.backups.setCurrentItem(first)

    def selected(self) -> BackupInfo | None:
        item = self.backups.currentItem()
        return None if item is None else self.found[int(item.data(0, Qt.ItemDataRole.UserRole))]

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.back_up.setEnabled(not busy)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.restore_button.setEnabled(not self.busy and chosen is not None and chosen.sound)

    def _failed(self, error: UserError) -> None:
        show_result(self.message, self._tr.render(error.message), error=True)

    def back_up_now(self) -> None:
        def done(target: object) -> None:
            show_result(
                self.message,
                self._tr.render(Message(N_("Backup written to {path}."), path=target)),
            )
            self.load()

        self._run(lambda: backup.automatic_backup(self._paths, "manual"), done)

    def _plan_restore(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self._run(
                lambda: rescue.plan_restore(self._paths, chosen.path),
                lambda plan: self._confirm(plan, chosen),
            )

    def _confirm(self, plan: object, chosen: BackupInfo) -> None:
        assert isinstance(plan, RestorePlan)
        if plan.problem is not None:
            show_result(self.message, self._tr.render(plan.problem), error=True)
            return
        when = self._tr.timestamp(chosen.when.isoformat(), local=True)
        if not ask(
            self, self._tr.gettext("Restore a backup"), restore_question(self._tr, plan, when)
        ):
            return
        audit = record_restore(self._actor, chosen.path, via="app")
        held = not self._worker.register.readonly
        self._run(
            lambda: rescue.restore(self._paths, chosen.path, audit, lock_held=held),
            lambda safety: self._restored(when, safety),
        )

    def _restored(self, when: str, safety: object) -> None:
        text = self._tr.render(
            Message(N_("The register was restored from the backup of {date}."), date=when)
        )
        if isinstance(safety, Path):
            text += " " + self._tr.render(
                Message(N_("The previous register was saved as {path}."), path=safety)
            )
        show_result(self.message, text + " " + self._tr.gettext("The program starts again."))
        self.restored_text = text
        self._on_restored()
