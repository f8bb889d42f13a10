"""What data safety adds to the main window: File › Backups…, the Help menu (user guide, About,
open the data folder) and, on a register open read-only, a banner saying why, with its ways out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMenuBar,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, Message, Translator
from app.paths import AppPaths
from app.profile import Profile
from app.storage.register import Register
from app.ui.pages import MENUS
from app.ui.safety.help_dialogs import AboutDialog, GuideDialog
from app.ui.worker import DbWorker

if TYPE_CHECKING:
    from app.ui.safety.backups_dialog import BackupsDialog


class Host(Protocol):
    """What these parts need of the main window (which is the widget ``window()`` gives)."""

    tr_: Translator
    register: Register
    paths: AppPaths
    worker: DbWorker
    user: Profile
    banner: ReadOnlyBanner | None

    def window(self) -> QWidget: ...
    def menuBar(self) -> QMenuBar: ...
    def takeCentralWidget(self) -> QWidget | None: ...
    def setCentralWidget(self, widget: QWidget) -> None: ...
    def restart(self) -> None: ...


BANNER_STYLE = (
    "#readOnlyBanner { background: #fff4e5; border: 2px solid #b26a00; }"
    " #readOnlyBanner QLabel { color: #4a2f00; }"
)
CHOSEN = N_("You chose to open it read-only.")


def install_safety(window: Host) -> ReadOnlyBanner | None:
    """Add the menus; on a register open read-only, the banner (returned)."""
    _ = window.tr_.gettext
    file_menu = window.menuBar().actions()[0].menu()  # File, with the import first
    assert isinstance(file_menu, QMenu)
    backups = QAction(_("&Backups…"), window.window())
    backups.triggered.connect(lambda: open_backups(window))
    first = file_menu.actions()[0]
    file_menu.insertAction(first, backups)
    file_menu.insertSeparator(first)
    menu = window.menuBar().addMenu(_(MENUS[3]))  # its letter is used by no page (F1: the guide)
    guide = QAction(_("&User guide"), window.window())
    guide.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    guide.triggered.connect(lambda: GuideDialog(window.tr_, window.window()).exec())
    menu.addAction(guide)
    folder = QAction(_("Open &data folder"), window.window())
    folder.triggered.connect(lambda: open_data_folder(window))
    menu.addAction(folder)
    menu.addSeparator()
    about = QAction(_("&About the IMAG register"), window.window())
    about.triggered.connect(
        lambda: AboutDialog(
            window.tr_, window.paths, window.register.location, window.window()
        ).exec()
    )
    menu.addAction(about)
    if not window.register.readonly or window.register.server is not None:
        return None
    return add_banner(window)


def add_banner(window: Host) -> ReadOnlyBanner:
    """The read-only banner above the window's content (the register's problem says why)."""
    banner = ReadOnlyBanner(window)
    central = window.takeCentralWidget()
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(banner)
    if central is not None:
        layout.addWidget(central, 1)
    window.setCentralWidget(holder)
    return banner


def open_data_folder(window: Host) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(window.paths.data_dir)))


def open_backups(window: Host) -> BackupsDialog:
    from app.ui.safety.backups_dialog import BackupsDialog  # the dialog's code when opened

    def restored() -> None:
        QMessageBox.information(
            window.window(),
            window.tr_.gettext("Backups"),
            dialog.restored_text + " " + window.tr_.gettext("The program starts again."),
        )
        dialog.accept()
        window.restart()

    dialog = BackupsDialog(
        window.tr_,
        window.worker,
        window.paths,
        window.user.actor(),
        on_restored=restored,
        parent=window.window(),
    )
    dialog.open()
    return dialog


class ReadOnlyBanner(QFrame):
    """Says that the register is open read-only and why, with Backups… and Export readable
    data… as the ways out."""

    def __init__(self, window: Host) -> None:
        super().__init__(window.window())
        tr = window.tr_
        _ = tr.gettext
        problem = window.register.problem
        why = tr.render(problem) if problem is not None else _(CHOSEN)
        self.text = QLabel(
            tr.render(
                Message(
                    N_(
                        "The register is open read-only: changes are not possible. Why: {why} "
                        "Restore a sound backup to work with it again, or export what is "
                        "still readable."
                    ),
                    why=why,
                )
            )
        )
        self.text.setWordWrap(True)
        self.backups = QPushButton(_("&Backups…"))
        self.backups.clicked.connect(lambda: open_backups(window))
        self.export = QPushButton(_("&Export readable data…"))
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.export.clicked.connect(lambda: self._export(window))
        self.setObjectName("readOnlyBanner")
        self.setStyleSheet(BANNER_STYLE)
        layout = QHBoxLayout(self)
        texts = QVBoxLayout()
        texts.addWidget(self.text)
        texts.addWidget(self.result)
        layout.addLayout(texts, 1)
        layout.addWidget(self.backups)
        layout.addWidget(self.export)

    def _export(self, window: Host) -> None:
        from app.ui.safety.backup_list import export_readable  # its code when first used

        export_readable(
            self,
            window.tr_,
            window.paths,
            lambda job, done, failed: window.worker.run(lambda _s: job(), done, on_error=failed),
            lambda text, _error: self.result.setText(text),
        )
