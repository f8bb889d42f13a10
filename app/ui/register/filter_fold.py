"""The register's filters folded away in a narrow window (150 % scaling on 1366×768): one
button beside the search shows or hides them and says how many are set, so that the table of
measures gets the rows the filters would take."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QWidget

from app.i18n import Translator


class FilterFold(QPushButton):
    def __init__(
        self,
        tr: Translator,
        combos: dict[str, QComboBox],
        captions: dict[str, QLabel],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tr = tr
        self._widgets: list[QWidget] = [*combos.values(), *captions.values()]
        self._combos = list(combos.values())
        self._narrow = False
        self.setCheckable(True)
        self.setAccessibleName(tr.gettext("Show the filters"))
        self.toggled.connect(lambda _on: self._show())
        for combo in self._combos:
            combo.currentIndexChanged.connect(lambda _index: self._say())
        self._say()
        self.hide()

    def fold(self, narrow: bool) -> None:
        """Narrow: the filters hidden until the button is pressed; wide: always shown."""
        self._narrow = narrow
        self.setVisible(narrow)
        self._show()

    def _show(self) -> None:
        shown = not self._narrow or self.isChecked()
        for widget in self._widgets:
            widget.setVisible(shown)

    def _say(self) -> None:
        """ "Filters", or "Filters (2)" when two of them choose something."""
        chosen = sum(combo.currentIndex() > 0 for combo in self._combos)
        text = self._tr.gettext("Filters")
        if chosen:
            text = self._tr.gettext("Filters ({n})").format(n=chosen)
        self.setText(text)
        self.setAccessibleDescription(
            self._tr.ngettext("{n} filter set", "{n} filters set", chosen).format(n=chosen)
        )
