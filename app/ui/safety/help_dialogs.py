"""Help › About (version, licence, the register file, the data folder) and Help › User guide (a
short guide in the user's language, shipped with the program and shown offline)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.i18n import DEFAULT_LANGUAGE, Translator
from app.paths import AppPaths
from app.resources import resources_dir

LICENCE = "EUPL-1.2"


def guide_html(lang: str) -> str:
    """The user guide in ``lang`` (German if there is none in it), as HTML."""
    folder = resources_dir() / "guide"
    path = folder / f"{lang}.html"
    if not path.is_file():
        path = folder / f"{DEFAULT_LANGUAGE}.html"
    return path.read_text(encoding="utf-8")


def _close_buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    return buttons


class PathLabel(QLabel):
    """A value (a file's or folder's path) on one line, its middle left out where the window is too
    narrow for it (150 % scaling, a long Windows profile path): whole in the tooltip and the
    accessible description."""

    def __init__(self, path: str, name: str) -> None:
        super().__init__(path)
        self.path = path
        self.setToolTip(path)
        self.setAccessibleName(name)
        self.setAccessibleDescription(path)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def sizeHint(self) -> QSize:  # the whole path's width, whatever is shown now
        return QSize(
            self.fontMetrics().horizontalAdvance(self.path) + 4, super().sizeHint().height()
        )

    def minimumSizeHint(self) -> QSize:
        return QSize(min(self.sizeHint().width(), 120), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        shown = self.fontMetrics().elidedText(self.path, Qt.TextElideMode.ElideMiddle, self.width())
        if shown != self.text():
            self.setText(shown)


class GuideDialog(QDialog):
    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr.gettext("User guide"))
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(tr.gettext("User guide"))
        self.browser.setOpenLinks(False)  # offline: the guide has no links to follow
        self.browser.setHtml(guide_html(tr.lang))
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(_close_buttons(self))
        self.resize(720, 460)  # 690 px high at 150 %


class AboutDialog(QDialog):
    def __init__(
        self, tr: Translator, paths: AppPaths, location: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        _ = tr.gettext
        self.setWindowTitle(_("About the IMAG register"))
        title = QLabel(f"<b>{_('IMAG register')}</b>")
        purpose = QLabel(
            _(
                "The register of the measures of Saxony's International Strategy, for the "
                "working group “Internationales” of the Saxon State Government."
            )
        )
        purpose.setWordWrap(True)
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for key, caption, value in (
            ("version", _("Version:"), __version__),
            ("licence", _("Licence:"), LICENCE),
            ("register", _("Register file:"), location),
            ("data", _("Data folder:"), str(paths.data_dir)),
        ):
            label = PathLabel(value, caption.rstrip(":"))
            self.values[key] = label
            form.addRow(caption, label)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(purpose)
        layout.addLayout(form)
        layout.addWidget(_close_buttons(self))
        self.resize(640, 260)
