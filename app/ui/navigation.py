"""The navigation list at the window's left: each page's name with its shortcut ("Register
(Ctrl+2)"); in a narrow window (150 % scaling on 1366×768) only the names, so that the page
gets the room, the shortcut still in each entry's tooltip and accessible description."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from app.ui.reflow import Reflow

MARGIN = 16
"""Pixels the list needs beside its widest entry (frame and padding)."""


class Navigation(QListWidget):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self._entries: list[tuple[str, str]] = []  # each page's name and its shortcut
        self.reflow = Reflow(self, self.arrange)

    def add_page(self, caption: str) -> None:
        """A page's entry; its shortcut is Ctrl and its place (1 for the first)."""
        # The key's name as the keyboard shows it: "Strg" in German (from qtbase_de).
        keys = QKeySequence(f"Ctrl+{self.count() + 1}").toString(
            QKeySequence.SequenceFormat.NativeText
        )
        self._entries.append((caption, keys))
        item = QListWidgetItem(f"{caption} ({keys})")
        item.setToolTip(keys)
        item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, keys)
        self.addItem(item)
        self.arrange(False)

    def arrange(self, narrow: bool) -> None:
        """Names and shortcuts; names only when ``narrow``. As wide as the widest entry."""
        for row, (caption, keys) in enumerate(self._entries):
            self.item(row).setText(caption if narrow else f"{caption} ({keys})")
        self.setFixedWidth(self.sizeHintForColumn(0) + MARGIN)
