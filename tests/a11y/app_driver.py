"""The real window, driven line by line for the AT-SPI walk (tests/a11y/walker.py): it runs in the
project's environment, reads one command a line from stdin and answers one JSON line on stdout
when the window has settled. It never answers questions about accessibility itself: the walker
reads those from the AT-SPI registry, as a screen reader does.

    python -m tests.a11y.app_driver DATA_DIR LANG

Commands: ``page N`` (Ctrl+N, as the user presses it), ``dialog NAME`` (opens one of DIALOGS),
``tabpage N`` (the dialog's tab N), ``close`` (Escape on the dialog shown), ``tab`` (Tab on the
focused widget), ``search`` (types a search without hits, so the count line changes),
``error`` (asks the dialog shown to save with its first field empty), ``quit``. Each answer
holds the visible texts of the labels in the active window (``labels``) and the class and
accessible name of the focused widget (``focus``), for the walker to compare with AT-SPI."""

from __future__ import annotations

import json
import sys
import threading
import time
import traceback
from queue import Empty, Queue

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget

from app.i18n import translator
from app.paths import resolve
from app.profile import Profile
from app.storage.register import open_register
from app.ui import style
from app.ui.main_window import PAGES, MainWindow
from app.ui.qt_setup import install_qt_translations, load_fonts, return_focus_after_dialogs

DIALOGS = ("measure", "round", "criteria", "settings")


def plain(label: QLabel) -> str:
    """A label's text as it shows (rich text without its tags, without the mnemonic's &)."""
    text = label.text()
    if "<" in text:
        document = QTextDocument()
        document.setHtml(text)
        text = document.toPlainText()
    return " ".join(text.replace("&&", "\0").replace("&", "").replace("\0", "&").split())


class Driver:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.dialog: QDialog | None = None
        self.commands: Queue[str] = Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.timer = QTimer()
        self.timer.timeout.connect(self._poll)
        self.timer.start(50)

    def _read(self) -> None:
        for line in sys.stdin:
            self.commands.put(line.strip())
        self.commands.put("quit")

    def _poll(self) -> None:
        try:
            command = self.commands.get_nowait()
        except Empty:
            return
        name, _sep, argument = command.partition(" ")
        self.timer.stop()  # no second command while this one settles
        try:
            getattr(self, f"do_{name}")(argument)
            if name == "quit":
                return
            self._settle(5 if name == "tab" else 30)
            self._answer()
        except Exception:  # the walker reports it instead of waiting for an answer
            print(json.dumps({"error": traceback.format_exc()}), flush=True)
        self.timer.start(50)

    def _settle(self, rounds: int = 30) -> None:
        for _ in range(rounds):
            QApplication.processEvents()
            QTest.qWait(20)
        end = time.monotonic() + 20
        while not self.window.worker.idle and time.monotonic() < end:
            QTest.qWait(20)
        for _ in range(10):
            QApplication.processEvents()
            QTest.qWait(20)

    def _answer(self) -> None:
        root: QWidget = self.dialog if self.dialog is not None else self.window
        labels = sorted(
            {
                plain(label)
                for label in root.findChildren(QLabel)
                if label.isVisibleTo(root) and plain(label) and not label.pixmap().width()
            }
        )
        focused = QApplication.focusWidget()
        focus = (
            {"class": type(focused).__name__, "name": focused.accessibleName()}
            if focused is not None
            else None
        )
        print(json.dumps({"labels": labels, "focus": focus}), flush=True)

    # -- commands -----------------------------------------------------------------------------
    def do_page(self, number: str) -> None:
        QTest.keyClick(
            self.window, Qt.Key(Qt.Key.Key_0 + int(number)), Qt.KeyboardModifier.ControlModifier
        )

    def do_tab(self, _argument: str) -> None:
        focused = QApplication.focusWidget() or self.window
        QTest.keyClick(focused, Qt.Key.Key_Tab)

    def do_search(self, _argument: str) -> None:
        search = self.window.register_screen.search
        search.setFocus()
        QTest.keyClicks(search, "zzz")

    def do_dialog(self, name: str) -> None:
        window = self.window
        if name == "measure":
            window.new_measure()
            self.dialog = window.editor
        elif name == "round":
            window.show_page([key for key, _label in PAGES].index("rounds"))
            self._settle()
            window.rounds.secretariat.new_round()
            self.dialog = window.rounds.secretariat.new_dialog
        elif name == "criteria":
            from app.partnerships import criteria
            from app.ui.partnerships.criteria_editor import CriteriaEditor

            self.dialog = CriteriaEditor(
                window.tr_, criteria.default_document(), lambda *_a: None, new=True,
                copied_from="X", parent=window,
            )  # fmt: skip
            self.dialog.open()
        else:
            from app.ui.profile_dialog import ProfileDialog

            departments = window.vocabulary.departments if window.vocabulary else []
            self.dialog = ProfileDialog(
                window.tr_, window.user, departments, first_start=False, parent=window
            )
            self.dialog.open()
        assert self.dialog is not None
        self.dialog.activateWindow()

    def do_tabpage(self, number: str) -> None:
        """Show the dialog's tab ``number``."""
        from PySide6.QtWidgets import QTabWidget

        assert self.dialog is not None
        self.dialog.findChildren(QTabWidget)[0].setCurrentIndex(int(number))

    def do_error(self, _argument: str) -> None:
        """Save with the dialog's first text field emptied: its error line shows why not."""
        from PySide6.QtWidgets import QLineEdit

        assert self.dialog is not None
        for edit in self.dialog.findChildren(QLineEdit):
            if edit.isVisibleTo(self.dialog) and not edit.isReadOnly():
                edit.clear()
                break
        self.dialog.submit()  # type: ignore[attr-defined]

    def do_close(self, _argument: str) -> None:
        assert self.dialog is not None
        QTest.keyClick(self.dialog, Qt.Key.Key_Escape)
        self.dialog = None

    def do_quit(self, _argument: str) -> None:
        self.timer.stop()
        self.window.close()
        QApplication.quit()


def main() -> int:
    data_dir, lang = sys.argv[1], sys.argv[2]
    app = QApplication(sys.argv[:1])
    app.setApplicationName("IMAG-Register")
    tr = translator(lang)
    install_qt_translations(app, tr.lang)
    load_fonts()
    style.apply(app)
    return_focus_after_dialogs(app)
    paths = resolve(data_dir)
    with open_register(paths) as register:
        window = MainWindow(tr, register, paths, Profile(name="Erika Muster", language=lang))
        window.show()
        window.activateWindow()
        driver = Driver(window)
        window.loaded.connect(driver._answer, type=Qt.ConnectionType.SingleShotConnection)
        return app.exec()


if __name__ == "__main__":
    sys.exit(main())
