"""A row of a sortable tree whose name columns sort in the language's alphabetical order
(CLDR collation through the translator: "Lublin", "Lwów", "Łódź" in Polish), not by code point.
"""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtWidgets import QTreeWidgetItem

from app.i18n import Translator


class CollatedItem(QTreeWidgetItem):
    """A tree row; clicking the header of one of ``collated`` sorts that column by the language.

    The other columns (codes, numbers) compare their texts as Qt does, character by character."""

    def __init__(self, tr: Translator, texts: list[str], collated: Collection[int]) -> None:
        super().__init__(texts)
        self._tr = tr
        self._collated = collated

    def __lt__(self, other: QTreeWidgetItem) -> bool:
        tree = self.treeWidget()
        column = tree.sortColumn() if tree is not None else 0
        if column not in self._collated:
            return self.text(column) < other.text(column)
        return self._tr.sort_key(self.text(column)) < self._tr.sort_key(other.text(column))
