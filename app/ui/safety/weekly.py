"""The weekly deep check at start, in the background of the window (issue 19): on its own
thread, on a copy of the register file (:mod:`app.storage.weekly_check`), so that nothing waits
for it. If it fails, the register is switched to read-only (changes are refused from then on),
the banner says why, and the recovery dialog offers the ways out."""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from app.errors import RegisterDamaged, UserError
from app.i18n import N_, Message
from app.storage import weekly_check
from app.storage.deep_check import DeepCheckReport
from app.storage.rescue import deep_problem
from app.ui.safety.background import Background
from app.ui.safety.window_parts import Host, add_banner

if TYPE_CHECKING:  # the dialog's code (and its backups' list) loads only when it is needed
    from app.ui.safety.recovery_dialog import RecoveryDialog

log = logging.getLogger(__name__)

FOUND = N_("The weekly deep check of the register found that {reason}")
HAPPENED = N_(
    "The weekly deep check found that the register's content differs from its history. It is "
    "now open read-only; nothing has been changed. Choose how to go on."
)


class WeeklyCheck:
    """Runs the check if it is due (:attr:`background` is ``None`` if it is not run at all:
    a register on a server, or one already open read-only)."""

    def __init__(self, window: Host) -> None:
        self.window = window
        self.dialog: RecoveryDialog | None = None
        self.background: Background | None = None
        self._stop = threading.Event()
        register = window.register
        if register.server is not None or register.readonly:
            return
        path = register.path
        self.background = Background(window.window())
        window.window().destroyed.connect(self._stop.set)
        self.background.run(
            lambda: weekly_check.run_if_due(path, cancel=self._stop.is_set),
            self._checked,
            self._not_run,
        )

    def _not_run(self, error: UserError) -> None:  # a busy register, a full disk: next start
        log.warning("the weekly deep check did not run: %s", error.detail)

    def _checked(self, report: DeepCheckReport | None) -> None:
        if report is None or not report.complete:
            return
        reason = deep_problem(report.findings)
        if reason is None:
            return
        problem = Message(FOUND, reason=reason)
        window = self.window
        window.worker.run(
            lambda _session: window.register.make_readonly(problem),
            lambda _done: self._offer(problem),
        )

    def _offer(self, problem: Message) -> None:
        from app.ui.safety.recovery_dialog import RecoveryDialog

        window = self.window
        window.banner = add_banner(window)
        tr = window.tr_
        self.dialog = RecoveryDialog(
            tr,
            window.paths,
            RegisterDamaged(problem),
            window.user.actor(),
            window.window(),
            happened=tr.gettext(HAPPENED),
            lock_held=True,
        )
        self.dialog.finished.connect(self._chosen)
        self.dialog.open()

    def _chosen(self, _result: int) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        window = self.window
        from app.ui.safety.recovery_dialog import RESTORED

        if dialog.choice == RESTORED:
            QMessageBox.information(
                window.window(),
                window.tr_.gettext("IMAG register"),
                (dialog.note or "") + " " + window.tr_.gettext("The program starts again."),
            )
            window.restart()
        elif dialog.choice is None:  # Quit
            window.window().close()
