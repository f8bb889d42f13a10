"""At start, a register that is damaged (it failed a check or SQLite refused to open it) is not
the end: the recovery dialog offers to open it read-only, to restore a sound backup, or to
export what is still readable."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox

from app.errors import RegisterDamaged, UserError
from app.i18n import Translator
from app.paths import AppPaths
from app.storage.register import Register, open_register
from app.ui.safety.recovery_dialog import READ_ONLY, RecoveryDialog


def recover(
    paths: AppPaths, damaged: RegisterDamaged, actor: str, tr: Translator
) -> tuple[Register, str | None] | None:
    """The register opened as the user chose in the recovery dialog (read-only, or restored),
    with what the window says once it is open; ``None``: the user quit, or it failed again."""
    if paths.server_url is not None:  # a server keeps its own backups
        QMessageBox.critical(None, tr.gettext("IMAG register"), tr.render(damaged.message))
        return None
    dialog = RecoveryDialog(tr, paths, damaged, actor)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.choice is None:
        return None
    try:
        if dialog.choice == READ_ONLY:
            register = open_register(paths, readonly=True, checked=False)
            register.problem = damaged.message
        else:
            register = open_register(paths, actor=actor)
    except UserError as again:
        QMessageBox.critical(None, tr.gettext("IMAG register"), tr.render(again.message))
        return None
    return register, dialog.note
