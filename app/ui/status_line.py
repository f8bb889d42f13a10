"""What the status bar says about the open register: where it is (a file, or a server's
database and the login) and, for the demo register, that its values are invented."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar

from app.i18n import Translator
from app.storage.register import Register


def show_register(bar: QStatusBar, register: Register, tr: Translator) -> QLabel:
    """Put the register's place (returned: the label) and the demo marker into ``bar``."""
    _ = tr.gettext
    if register.server is not None:
        where = _("Shared register: {register}, as {user}").format(
            register=register.location, user=register.user
        )
    else:
        where = _("Register: {path}").format(path=register.path)
    label = QLabel(where)
    label.setAccessibleDescription(_("Register file"))
    bar.addWidget(label, 1)
    if register.is_demo:
        marker = QLabel(_("DEMO – invented values"))
        marker.setAccessibleDescription(_("Demo register"))
        marker.setStyleSheet("color: white; background: #c62828; padding: 2px 8px;")
        bar.addPermanentWidget(marker)
    return label
