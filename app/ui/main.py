"""Start the application window."""

from __future__ import annotations

import builtins
import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QLineEdit, QMessageBox

from app import profile
from app.errors import RegisterDamaged, RegisterValuesInvalid, ServerLoginFailed, UserError
from app.i18n import N_, Message, Translator, resolve_language, translator
from app.paths import AppPaths
from app.storage.fileformat import check_values
from app.ui import PYTHON_IMPORT, style
from app.ui.first_screen import show_first_screen
from app.ui.qt_setup import install_qt_translations, load_fonts, return_focus_after_dialogs

if TYPE_CHECKING:  # imported once the first screen is painted (SQLAlchemy, the models, pages)
    from app.storage.register import Register
    from app.ui.main_window import MainWindow


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


def open_at_start(paths: AppPaths, actor: str, tr: Translator) -> Register:
    """Open the register; a register file holding values the program cannot use is refused
    here (:class:`RegisterValuesInvalid`, a :class:`RegisterDamaged`: the recovery dialog)
    instead of crashing the window where a value is read (unless the daily full check, which
    checks the same, has just done so while opening it)."""
    register = _connect(paths, actor, tr)
    if register.server is None and not register.readonly and not register.values_checked:
        try:
            check_values(register.path)
        except RegisterValuesInvalid:
            register.close()
            raise
    return register


def _connect(paths: AppPaths, actor: str, tr: Translator) -> Register:
    """Open the register; a server that refuses the login without a password from libpq's
    password or service file gets one asked for here (three tries), never stored."""
    from app.storage.register import open_register
    from app.storage.server import shown

    try:
        return open_register(paths, actor=actor)
    except ServerLoginFailed as refused:
        error = refused
    for _attempt in range(3):
        password, ok = QInputDialog.getText(
            None,
            tr.gettext("IMAG register"),
            tr.render(error.message)
            + "\n\n"
            + tr.gettext("Password for the shared register {register}:").format(
                register=paths.server_url and shown(paths.server_url)
            ),
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            break
        try:
            return open_register(paths, actor=actor, password=password)
        except ServerLoginFailed as again:
            error = again
    raise error


def run_gui(paths: AppPaths, *, lang: str | None = None) -> int:
    _check_display()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("IMAG-Register")
    user = profile.load(paths.profile_file)
    tr = translator(lang or resolve_language(user.language))
    install_qt_translations(app, tr.lang)
    load_fonts()
    style.apply(app)
    return_focus_after_dialogs(app)
    first = show_first_screen(tr, paths)  # the first page's rows or overview before the rest
    window_class = main_window_class()
    note = None
    try:
        register = open_at_start(paths, user.actor(), tr)
    except UserError as error:
        if first is not None:  # the dialogs alone: the rows may not be what opens after them
            first.close()
        if not isinstance(error, RegisterDamaged):
            QMessageBox.critical(None, tr.gettext("IMAG register"), tr.render(error.message))
            return error.exit_code
        from app.ui.safety.start import recover  # the recovery dialogs' code only when needed

        opened = recover(paths, error, user.actor(), tr)
        if opened is None:
            return error.exit_code
        register, note = opened
    with register:
        window = window_class(tr, register, paths, user)
        if first is not None and first.overview is not None:  # shown until counted afresh
            window.overview.set_data(first.overview)
        window.show()
        if first is not None:  # the main window takes its place
            first.close()
        if note is not None:
            QMessageBox.information(window, tr.gettext("IMAG register"), note)
        if register.recovery is not None:
            QMessageBox.information(
                window, tr.gettext("IMAG register"), tr.render(register.recovery.message)
            )
        if not user.complete:
            window.loaded.connect(
                lambda: ask_profile(window), type=Qt.ConnectionType.SingleShotConnection
            )
        code = app.exec()
    if window.restart_requested:  # the register is closed and its lock released by now
        restart(restart_command(window.user.language or tr.lang))
    return code


def main_window_class() -> type[MainWindow]:
    """The main window, imported once the first screen is painted: with it SQLAlchemy, the models,
    the storage layer and the pages. None of them uses PySide6's ``__feature__`` switches, so
    they are imported with Python's own import (:data:`app.ui.PYTHON_IMPORT`), as they were
    when they loaded before PySide6; nothing else runs meanwhile (no worker thread yet)."""
    feature_import = builtins.__import__
    builtins.__import__ = PYTHON_IMPORT
    try:
        from app.ui.main_window import MainWindow
    finally:
        builtins.__import__ = feature_import
    return MainWindow


def restart_command(lang: str) -> list[str]:
    """The command line that started this program, with ``--lang`` set to ``lang``."""
    if getattr(sys, "frozen", False):
        program = [sys.executable]
    else:
        # ``python -m app …`` or ``python …/imag …``: the interpreter's own options come back
        # from ``sys.orig_argv``, the program's arguments from ``sys.argv``.
        program = [sys.executable, *sys.orig_argv[1 : len(sys.orig_argv) - len(sys.argv) + 1]]
    arguments: list[str] = []
    rest = iter(sys.argv[1:])
    for argument in rest:
        if argument == "--lang":
            next(rest, None)
        elif not argument.startswith("--lang="):
            arguments.append(argument)
    return [*program, "--lang", lang, *arguments]


def restart(command: list[str]) -> None:  # pragma: no cover - replaces the running process
    sys.stdout.flush()
    sys.stderr.flush()
    if sys.platform == "win32":
        import subprocess

        subprocess.Popen(command, close_fds=True)
        return
    os.execv(command[0], command)


def ask_profile(window: MainWindow) -> None:
    """First start: ask who the user is (name, role, department, language)."""
    from app.ui.profile_dialog import ProfileDialog

    departments = window.vocabulary.departments if window.vocabulary else []
    dialog = ProfileDialog(window.tr_, window.user, departments, first_start=True, parent=window)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        window.apply_profile(dialog.profile())
