"""Pages that reflow in a narrow window (150 % scaling on a 1366-pixel screen leaves about 910
logical pixels): side-by-side panes go one below the other and rows of fields take fewer
columns, instead of the page scrolling sideways."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QBoxLayout, QSplitter, QWidget

WIDE = 1100
"""A window at least this wide (logical pixels) shows a page's panes side by side."""


class Reflow(QObject):
    """Calls ``arrange(narrow)`` when ``widget`` first shows and whenever its window gets
    narrower than :data:`WIDE` or wide again."""

    def __init__(self, widget: QWidget, arrange: Callable[[bool], None], wide: int = WIDE) -> None:
        super().__init__(widget)
        self._widget, self._arrange, self._wide = widget, arrange, wide
        self._window: QWidget | None = None
        self.narrow: bool | None = None
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Show:
            window = self._widget.window()
            if window is not self._window:
                window.installEventFilter(self)
                self._window = window
            self.update()
        elif (
            watched is self._window
            and event.type() == QEvent.Type.Resize
            and self._widget.isVisible()  # a hidden page is arranged when it shows
        ):
            self.update()
        return False

    def update(self) -> None:
        if self._window is None:
            return
        narrow = self._window.width() < self._wide
        if narrow != self.narrow:
            self.narrow = narrow
            self._arrange(narrow)


def turn(splitter: QSplitter, narrow: bool, side: int, below: float = 0.4) -> None:
    """``splitter``'s second pane beside the first (``side`` pixels wide) or, when ``narrow``,
    below it (``below`` of the height)."""
    splitter.setOrientation(Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal)

    def share() -> None:  # once the window's new size reached the splitter
        if narrow:
            total = splitter.height() or 400
            splitter.setSizes([total - int(total * below), int(total * below)])
        else:
            total = splitter.width() or 1000
            splitter.setSizes([max(total - side, side), side])

    share()
    QTimer.singleShot(0, splitter, share)
    if narrow:  # the window's final height reaches the splitter later: keep the shares
        splitter.setStretchFactor(0, round(100 * (1 - below)))
        splitter.setStretchFactor(1, round(100 * below))


def move_to(layout: QBoxLayout, widgets: list[tuple[QWidget, int]]) -> None:
    """``widgets`` (each with its stretch) taken from wherever they are and added to
    ``layout``, in order."""
    for widget, stretch in widgets:
        parent = widget.parentWidget()
        holder = parent.layout() if parent is not None else None
        if holder is not None:
            _remove_from(holder, widget)
        layout.addWidget(widget, stretch)


def _remove_from(layout: QObject, widget: QWidget) -> None:
    """Take ``widget`` out of ``layout`` or any layout nested in it."""
    from PySide6.QtWidgets import QLayout

    if not isinstance(layout, QLayout):
        return
    layout.removeWidget(widget)
    for child in layout.children():
        _remove_from(child, widget)
