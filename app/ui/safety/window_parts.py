"""What data safety adds to the main window: File › Backups…, the Help menu (user guide, About,
open the data folder) and, on a register open read-only, a banner saying why, with its ways out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, Message
from app.ui.safety.backup_list import export_readable
from app.ui.safety.backups_dialog import BackupsDialog
from app.ui.safety.help_dialogs import AboutDialog, GuideDialog

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

BANNER_STYLE = (
    "#readOnlyBanner { background: #fff4e5; border: 2px solid #b26a00; }"
    " #readOnlyBanner QLabel { color: #4a2f00; }"
)
CHOSEN = N_("you chose to open it read-only")


def install_safety(window: MainWindow) -> ReadOnlyBanner | None:
    """Add the menus; on a register open read-only, the banner (returned)."""
    _ = window.tr_.gettext
    file_menu = window.menuBar().actions()[0].menu()  # File, with the import first
    assert isinstance(file_menu, QMenu)
    backups = QAction(_("&Backups…"), window)
    backups.triggered.connect(lambda: open_backups(window))
    first = file_menu.actions()[0]
    file_menu.insertAction(first, backups)
    file_menu.insertSeparator(first)
    menu = window.menuBar().addMenu(_("&Help"))
    guide = QAction(_("&User guide"), window)
    guide.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    guide.triggered.connect(lambda: GuideDialog(window.tr_, window).exec())
    menu.addAction(guide)
    folder = QAction(_("Open &data folder"), window)
    folder.triggered.connect(lambda: open_data_folder(window))
    menu.addAction(folder)
    menu.addSeparator()
    about = QAction(_("&About the IMAG register"), window)
    about.triggered.connect(
        lambda: AboutDialog(window.tr_, window.paths, window.register.location, window).exec()
    )
    menu.addAction(about)
    if not window.register.readonly or window.register.server is not None:
        return None
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


def open_data_folder(window: MainWindow) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(window.paths.data_dir)))


def open_backups(window: MainWindow) -> BackupsDialog:
    def restored() -> None:
        QMessageBox.information(
            window,
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
        parent=window,
    )
    dialog.open()
    return dialog


class ReadOnlyBanner(QFrame):
    """Says that the register is open read-only and why, with Backups… and Export readable
    data… as the ways out."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
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
        self.export.clicked.connect(
            lambda: export_readable(
                self,
                tr,
                window.paths,
                lambda job, done, failed: window.worker.run(
                    lambda _s: job(), done, on_error=failed
                ),
                lambda text, _error: self.result.setText(text),
            )
        )
        self.setObjectName("readOnlyBanner")
        self.setStyleSheet(BANNER_STYLE)
        layout = QHBoxLayout(self)
        texts = QVBoxLayout()
        texts.addWidget(self.text)
        texts.addWidget(self.result)
        layout.addLayout(texts, 1)
        layout.addWidget(self.backups)
        layout.addWidget(self.export)
