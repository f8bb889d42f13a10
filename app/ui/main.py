"""Start the application window."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app import profile
from app.errors import UserError
from app.i18n import N_, Message, resolve_language, translator
from app.paths import AppPaths
from app.storage.register import open_register
from app.ui.main_window import MainWindow
from app.ui.qt_setup import install_qt_translations, load_fonts


def _check_display() -> None:
    """Qt aborts the process when it finds no display; say so in the user's language instead."""
    if not sys.platform.startswith("linux") or QApplication.instance() is not None:
        return
    if any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        return
    raise UserError(
        Message(
            N_(
                "No graphical display is available, so the window cannot open. The commands "
                "of “imag --help” work without one."
            )
        )
    )


def run_gui(paths: AppPaths, *, lang: str | None = None) -> int:
    _check_display()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("IMAG-Register")
    user = profile.load(paths.profile_file)
    tr = translator(lang or resolve_language(user.language))
    install_qt_translations(app, tr.lang)
    load_fonts()
    try:
        register = open_register(paths, actor=user.actor())
    except UserError as error:
        QMessageBox.critical(None, tr.gettext("IMAG register"), tr.render(error.message))
        return error.exit_code
    with register:
        window = MainWindow(tr, register, paths, user)
        window.show()
        if not user.complete:
            window.loaded.connect(
                lambda: ask_profile(window), type=Qt.ConnectionType.SingleShotConnection
            )
        return app.exec()


def ask_profile(window: MainWindow) -> None:
    """First start: ask who the user is (name, role, department, language)."""
    from app.ui.profile_dialog import ProfileDialog

    departments = window.vocabulary.departments if window.vocabulary else []
    dialog = ProfileDialog(window.tr_, window.user, departments, first_start=True, parent=window)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        window.user = dialog.profile()
        profile.save(window.paths.profile_file, window.user)
