"""The question for the passphrase of a protected key file, asked when an operation in the
window needs the register's keys and the key file is sealed (:class:`app.keystore.KeyLocked`).
The dialog only collects the passphrase: :class:`app.ui.worker.DbWorker` hands it to the core
(:func:`app.rounds.keys.unlock`), which checks it and keeps it in memory for this session; a
wrong one shows in the dialog's error line and the dialog stays open; Cancel gives up."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import Translator

# the worker opens this dialog and app.ui.widgets imports the worker: the red error line of
# app.ui.widgets.error_label is made here without importing it (no import cycle)
REFUSED_STYLE = "color: #b71c1c; font-weight: bold;"


class PassphraseDialog(QDialog):
    def __init__(
        self,
        tr: Translator,
        submit: Callable[[bytes], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tr = tr
        self._submit = submit
        self.setWindowTitle(tr.gettext("Unlock the keys"))
        self.setObjectName("passphrase_dialog")
        text = QLabel(
            tr.gettext(
                "The keys of this register are protected by a passphrase. Enter it to unlock "
                "them for this session; it is kept in memory only and never saved."
            )
        )
        text.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(tr.gettext("Passphrase of the key file"))
        text.setBuddy(self.passphrase)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(REFUSED_STYLE)
        self.error.setAccessibleDescription(tr.gettext("Error"))
        self.error.hide()
        ok, cancel = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
        self.buttons = QDialogButtonBox(ok | cancel)
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _ok(self) -> None:
        self.buttons.setEnabled(False)
        self.error.hide()
        self._submit(self.passphrase.text().encode("utf-8"))

    def show_error(self, error: UserError) -> None:
        """The core refused the passphrase: say why, and ask again."""
        self.buttons.setEnabled(True)
        self.error.setText(self._tr.render(error.message))
        self.error.show()
        self.passphrase.selectAll()
        self.passphrase.setFocus()
