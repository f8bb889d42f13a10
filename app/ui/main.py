"""Start the application window."""

from __future__ import annotations

import os
import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from app import profile
from app.errors import UserError
from app.i18n import N_, Message, resolve_language, translator
from app.operations.queries import load_measures, measure_record
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
        with register.session() as session:
            records = [measure_record(m) for m in load_measures(session)]
        window = MainWindow(tr, records, register_path=str(register.path), demo=register.is_demo)
        window.show()
        return app.exec()
