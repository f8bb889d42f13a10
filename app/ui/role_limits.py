"""The window offers only what the connected user may do (:mod:`app.storage.capabilities`,
found once when the register was opened): a department member's window reads only, a liaison
office's reads and translates the Polish and Czech texts, a register opened read-only changes
nothing. What cannot be done is hidden (not just greyed out: the pages enable their buttons by
the selection), and the status bar says why in a short line; the server refuses the rest anyway.

The pages are built when first shown, so :func:`limit` is applied again to a page when it is
shown; :data:`CHANGING` names each screen's controls that change the register.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QMenuBar, QStatusBar, QWidget

from app.i18n import N_, Message, Translator
from app.storage.capabilities import Capabilities
from app.storage.roles import DEPARTMENT, LIAISON, SECRETARIAT
from app.ui.profile_dialog import ROLE_LABELS

CHANGING: dict[str, tuple[str, ...]] = {
    "RegisterScreen": ("new_button", "edit_button", "archive_button", "delete_button",
                       "bulk_button"),
    "ReferenceScreen": ("add_button", "rename_button", "retire_button"),
    "RoundsScreen": ("new_button", "issue_button", "import_button", "close_button"),
    "RoundTextsView": ("save_button",),
    "WorkspaceScreen": ("open_button", "export_button"),
    "PartnershipsScreen": ("conclude_button", "add_partner_button", "add_button", "status_button"),
    "CriteriaSetsPane": ("new_set_button", "edit_set_button", "import_button"),
}  # fmt: skip
"""Per screen (its class's name), the attributes holding the controls that change the register."""

WINDOW_ACTIONS = ("new_action", "edit_action", "archive_action", "delete_action")
"""The main window's actions that change the register (besides the register actions')."""

READS_ONLY = N_(
    "Read only: your role “{role}” may read this register but not change it. Changes are made "
    "by the secretariat."
)
TRANSLATES = N_(
    "Your role “{role}” may read this register and translate its Polish and Czech texts "
    "(Measure › Translate free texts…); other changes are made by the secretariat."
)
ROLE_NAMES = {
    SECRETARIAT: ROLE_LABELS["secretariat"],
    DEPARTMENT: ROLE_LABELS["department"],
    LIAISON: ROLE_LABELS["liaison_office"],
}
"""The server's group roles (:mod:`app.storage.roles`) as the window names the roles."""


class Window(Protocol):
    """What :func:`limit_window` needs of the main window."""

    tr_: Translator
    translate_action: QAction

    def statusBar(self) -> QStatusBar: ...
    def menuBar(self) -> QMenuBar: ...


def hide_changes(root: QWidget, capabilities: Capabilities) -> None:
    """Hide the controls that change the register in ``root`` and the screens inside it, if
    the user may not change it."""
    if capabilities.writes:
        return
    for widget in (root, *root.findChildren(QWidget)):
        for name in CHANGING.get(type(widget).__name__, ()):
            control = getattr(widget, name, None)
            if isinstance(control, QWidget | QAction):
                control.setVisible(False)
        if hasattr(widget, "offer_changes"):  # a view making its changing controls with data
            widget.offer_changes = False


def limit_window(
    window: Window, capabilities: Capabilities, actions: list[QAction], login: str | None
) -> QLabel | None:
    """Hide ``actions`` (those that change the register) and the changing controls of the
    pages built so far; the Translate view stays for who may translate. On a server (``login``
    the user's), a line in the status bar says what the user's role allows (returned)."""
    if capabilities.writes:
        return None
    for action in actions:
        action.setVisible(False)
    window.translate_action.setVisible(capabilities.translates)
    for entry in window.menuBar().actions():  # a menu left with nothing to choose: hidden
        menu = entry.menu()
        if isinstance(menu, QMenu) and not any(
            a.isVisible() and not a.isSeparator() for a in menu.actions()
        ):
            entry.setVisible(False)
    assert isinstance(window, QWidget)
    hide_changes(window, capabilities)
    role = capabilities.role or login
    if role is None:
        return None  # a register file opened read-only: the banner says why
    tr = window.tr_
    text = TRANSLATES if capabilities.translates else READS_ONLY
    named = tr.gettext(ROLE_NAMES[role]) if role in ROLE_NAMES else role  # else: the login
    note = QLabel(tr.render(Message(text, role=named)))
    note.setToolTip(tr.gettext("Database role: {role}").format(role=role))
    note.setWordWrap(True)
    note.setAccessibleName(tr.gettext("What your role allows"))
    window.statusBar().addWidget(note, 2)
    return note
