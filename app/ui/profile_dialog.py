"""The user's profile: asked for on first start, changed later in Settings."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import N_, Translator, translator
from app.operations.register_view import Named
from app.paths import is_server_url
from app.profile import ROLES, Profile
from app.storage.server import server_url
from app.ui.widgets import dialog_buttons, error_label, say

ROLE_LABELS = {
    "secretariat": N_("Secretariat of the IMAG"),
    "department": N_("Department (ministry)"),
    "liaison_office": N_("Liaison office"),
}
# Each language under its own name, as language pickers show them.
LANGUAGE_NAMES = {"de": "Deutsch", "pl": "Polski", "cs": "Čeština"}


class ProfileDialog(QDialog):
    def __init__(
        self,
        tr: Translator,
        profile: Profile,
        departments: list[Named],
        *,
        first_start: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        _ = tr.gettext
        self._tr = tr
        self.setWindowTitle(_("Welcome") if first_start else _("Settings"))
        intro = QLabel(
            _(
                "Please tell us who you are. Your name is recorded with every change you make; "
                "you can change these settings later."
            )
            if first_start
            else _("Your profile. A new language takes effect when the program starts again.")
        )
        intro.setWordWrap(True)
        self.name = QLineEdit(profile.name)
        self.role = QComboBox()
        for role in ROLES:
            self.role.addItem(_(ROLE_LABELS[role]), role)
        self.role.setCurrentIndex(max(self.role.findData(profile.role), 0))
        self.department = QComboBox()
        self.department.addItem("–", None)
        for department in departments:
            if not department.retired:
                self.department.addItem(
                    f"{department.key} – {department.name(tr.lang)}", department.key
                )
        self.department.setCurrentIndex(max(self.department.findData(profile.department), 0))
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(profile.language or tr.lang), 0))
        self.database = QLineEdit(profile.database or "")
        self.database.setPlaceholderText(_("the file in the data folder"))
        self.database.setToolTip(
            _(
                "Another register file, or a shared register on a server: "
                "postgresql://USER@SERVER/DATABASE?sslmode=verify-full (no password: it is "
                "asked for, or read from ~/.pgpass). Takes effect when the program starts again."
            )
        )
        form = QFormLayout()
        for caption, widget in (
            (_("&Name:"), self.name),
            (_("&Role:"), self.role),
            (_("&Department:"), self.department),
            (_("&Language:"), self.language),
            (_("Re&gister:"), self.database),
        ):
            widget.setAccessibleName(caption.replace("&", "").rstrip(":"))
            form.addRow(caption, widget)
        self.error = error_label(tr)
        buttons = dialog_buttons(self, self.submit, save=False)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def profile(self) -> Profile:
        return Profile(
            name=self.name.text().strip(),
            role=str(self.role.currentData()),
            department=self.department.currentData(),
            language=str(self.language.currentData()),
            database=self.database.text().strip() or None,
        )

    def submit(self) -> None:
        if not self.name.text().strip():
            say(self.error, self._tr.gettext("Please enter your name."))
            self.name.setFocus()
            return
        address = self.database.text().strip()
        if address and is_server_url(address):
            try:
                server_url(address)  # a password in it, or no valid address: refused here
            except UserError as error:
                say(self.error, self._tr.render(error.message))
                self.database.setFocus()
                return
        self.accept()


def ask_restart(parent: QWidget, lang: str) -> bool:
    """Whether to restart now to show the language ``lang`` just chosen: asked in that language,
    which the user has just said they read."""
    _ = translator(lang).gettext
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _("Language"),
        _(
            "The program shows the new language when it starts again. Restart it now? "
            "Your changes are saved already."
        ),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    restart = box.addButton(_("&Restart now"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("&Later"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restart)
    box.exec()
    return box.clickedButton() is restart
