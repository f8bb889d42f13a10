"""Screenshots of every screen and dialog of the window, in German, Polish and Czech, for a look
at truncated labels, untranslated text and overlapping widgets (run from the project root):

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python packaging/screenshots.py OUT \
        [--data-dir DIR] [--lang de pl cs]

It works on a copy of the register in ``DIR`` (a fresh register without ``--data-dir``); in the
copy it changes one measure and archives another, so that the history and the archived mark show.
The pictures go into ``OUT`` as ``<lang>-<nn>-<what>.png``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "xcb")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from app.i18n import translator
from app.operations import measures
from app.operations.context import Actor
from app.paths import AppPaths, resolve
from app.profile import Profile
from app.storage.register import open_register
from app.ui.main_window import MainWindow
from app.ui.profile_dialog import ProfileDialog
from app.ui.qt_setup import install_qt_translations, load_fonts
from app.ui.reference_screen import DepartmentDialog

CHANGED, ARCHIVED = "I.01", "I.02"


def settle(until: Callable[[], bool] = lambda: True, timeout: float = 15) -> None:
    """Process events until ``until()`` holds, then a little longer for painting."""
    end = time.monotonic() + timeout
    while not until():
        if time.monotonic() > end:
            raise TimeoutError("the window did not get there in time")
        QApplication.processEvents()
        time.sleep(0.01)
    for _ in range(10):
        QApplication.processEvents()
        time.sleep(0.01)


def prepare(paths: AppPaths) -> None:
    """Give one measure a history of several fields, and archive another."""
    actor = Actor("Erika Muster", "app")
    with open_register(paths) as register:
        with register.session() as session:
            data, _revision = measures.measure_input(session, CHANGED)
        changed = replace(
            data,
            progress=40,
            start_date=dt.date(2026, 1, 15),
            end_date=dt.date(2027, 6, 30),
            budget_reservation=not data.budget_reservation,
            lead_department=data.lead_department or "SK",  # so that retiring SK asks who takes over
        )
        with register.session() as session:
            measures.update_measure(session, actor, CHANGED, changed)
        with register.session() as session:
            measures.archive_measure(session, actor, ARCHIVED)


class Shooter:
    def __init__(self, out: Path, lang: str) -> None:
        self.out, self.lang, self.count = out, lang, 0

    def __call__(self, widget: QWidget, what: str) -> None:
        settle()
        self.count += 1
        path = self.out / f"{self.lang}-{self.count:02d}-{what}.png"
        widget.grab().save(str(path))
        print(path)

    def modal(self, what: str, open_it: Callable[[], object]) -> None:
        """Open a modal dialog that runs its own event loop, grab it, and cancel it."""

        def grab_and_close() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                QTimer.singleShot(100, grab_and_close)
                return
            self(dialog, what)
            if isinstance(dialog, QDialog):
                dialog.reject()

        QTimer.singleShot(300, grab_and_close)
        open_it()


def shoot(app: QApplication, paths: AppPaths, out: Path, lang: str) -> None:
    install_qt_translations(app, lang)
    tr = translator(lang)
    shot = Shooter(out, lang)
    with open_register(paths) as register:
        window = MainWindow(tr, register, paths, Profile(name="Erika Muster"))
        window.resize(1340, 720)
        window.show()
        settle(lambda: window.worker.idle and window.vocabulary is not None)
        screen = window.register_screen
        screen.show_archived.setChecked(True)
        screen.select(ARCHIVED)
        settle(lambda: window.worker.idle)
        shot(window, "register-archived")
        screen.select(CHANGED)
        settle(lambda: window.worker.idle)
        screen.tabs.setCurrentIndex(0)
        shot(window, "register-details")
        screen.tabs.setCurrentIndex(1)
        shot(window, "register-history")
        screen.search.setText("zzz")
        shot(window, "register-nothing-found")
        screen.search.clear()
        screen.select(CHANGED)
        settle(lambda: window.worker.idle)

        window.edit_measure()
        settle(lambda: hasattr(window, "editor") and window.editor.isVisible())
        for tab in range(window.editor.tabs.count()):
            window.editor.tabs.setCurrentIndex(tab)
            shot(window.editor, f"editor-tab{tab + 1}")
        window.editor.reject()
        window.new_measure()
        window.editor.submit()  # empty title: the error shows in the dialog
        settle(lambda: window.worker.idle and window.editor.error.isVisible())
        shot(window.editor, "editor-new-error")
        window.editor.reject()

        departments = window.vocabulary.departments if window.vocabulary else []
        for first_start, what in ((True, "first-start"), (False, "settings")):
            dialog = ProfileDialog(
                tr, Profile(), departments, first_start=first_start, parent=window
            )
            dialog.show()
            shot(dialog, what)
            dialog.reject()

        window.show_page(4)
        settle(lambda: window.worker.idle)
        shot(window, "reference-data")
        reference = window.reference
        for row, what in ((reference.rows[0], "department-rename"), (None, "department-add")):
            department = DepartmentDialog(tr, row, window)
            department.show()
            shot(department, what)
            department.reject()
        leading = next(row for row in reference.rows if row.leads and not row.retired)
        shot.modal("retire-with-measures", lambda: reference.ask_successor(leading))
        idle = next((row for row in reference.rows if not row.leads), None)
        if idle is not None:
            shot.modal("retire-confirm", lambda: reference.confirm(idle))
        window.show_page(0)
        shot.modal("delete-confirm", lambda: window.confirm_delete(CHANGED))
        other = next(code for code in ("de", "pl", "cs") if code != lang)
        window.user = replace(window.user, language=other)
        shot.modal("language-restart", window.offer_restart_for_language)
        window.close()
        settle()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the pictures")
    parser.add_argument("--data-dir", type=Path, help="register to copy (default: a fresh one)")
    parser.add_argument("--lang", nargs="+", default=["de", "pl", "cs"])
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    load_fonts()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "register"
        if args.data_dir:
            shutil.copytree(args.data_dir, folder, ignore=shutil.ignore_patterns("*.lock"))
        else:
            open_register(resolve(folder)).close()
        paths = resolve(folder)
        prepare(paths)
        for lang in args.lang:
            shoot(app, paths, args.out, lang)
    return 0


if __name__ == "__main__":
    sys.exit(main())
