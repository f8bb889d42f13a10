"""Sizes and focus of pages and dialogs: what fits a small screen (150 % scaling on 1366×768)
scrolls instead of being cut off, and a page's first control takes the focus."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QFrame, QScrollArea, QStackedWidget, QWidget

TITLE_BAR = 32
"""The room a window's title bar takes (logical pixels), not counted in its size."""


def first_control(page: QWidget) -> QWidget:
    """The first control of ``page`` that Tab stops at (the page itself if none is shown)."""
    widget = page.nextInFocusChain()
    while widget is not None and widget is not page:
        if (
            page.isAncestorOf(widget)
            and widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.focusProxy() is None
        ):
            return widget
        widget = widget.nextInFocusChain()
    return page


def scrolled(content: QWidget) -> QScrollArea:
    """``content`` in a scroll area without a frame: it scrolls only where the screen is too
    small for it (150 % scaling on 1366×768), and the area itself is no tab stop."""
    area = QScrollArea()
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return area


class PageStack(QStackedWidget):
    """The pages, needing only the room of the page shown (not that of the widest one): with
    :func:`scrolled` around it, a page wider than a small screen (150 % on 1366×768) scrolls."""

    def minimumSizeHint(self) -> QSize:
        current = self.currentWidget()
        return current.minimumSizeHint() if current is not None else super().minimumSizeHint()

    def sizeHint(self) -> QSize:
        current = self.currentWidget()
        return current.sizeHint() if current is not None else super().sizeHint()

    def heightForWidth(self, _width: int) -> int:
        """None: a page with wrapped text would otherwise ask the scroll area for the height its
        preferred sizes add up to (not its minimum), and scroll where it fits (150 %)."""
        return -1


def fit_to_screen(window: QWidget, width: int, height: int, content: QWidget | None = None) -> None:
    """Give ``window`` the size it opens with (at least as wide as its scrolled ``content``
    needs, so that it scrolls only where the screen is too small), but no larger than the
    screen's free room."""
    if content is not None:
        width = max(width, content.minimumSizeHint().width() + 2 * TITLE_BAR)
    screen = window.screen() or QApplication.primaryScreen()
    room = screen.availableGeometry()
    window.resize(min(width, room.width()), min(height, room.height() - TITLE_BAR))
