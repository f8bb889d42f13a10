"""Exporting the measures: the format (XLSX, CSV, JSON) and the language of headers and values;
the file is chosen after this dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QVBoxLayout, QWidget

from app.i18n import Translator
from app.ui.profile_dialog import LANGUAGE_NAMES
from app.ui.widgets import dialog_buttons

FORMATS = (
    ("xlsx", "Excel (XLSX)"),
    ("csv", "CSV (;)"),
    ("json", "JSON"),
)


class ExportDialog(QDialog):
    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = tr.gettext
        self.setWindowTitle(_("Export measures"))
        self.format = QComboBox()
        self.format.setAccessibleName(_("Format"))
        for key, name in FORMATS:
            self.format.addItem(name, key)
        self.language = QComboBox()
        self.language.setAccessibleName(_("Language of the file"))
        for key, name in LANGUAGE_NAMES.items():  # each by its own name
            self.language.addItem(name, key)
        self.language.setCurrentIndex(max(self.language.findData(tr.lang), 0))
        form = QFormLayout()
        form.addRow(_("&Format:"), self.format)
        form.addRow(_("&Language of the file:"), self.language)
        self.buttons = dialog_buttons(self, self.accept, save=False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)

    def choice(self) -> tuple[str, str]:
        """The format and the language chosen."""
        return str(self.format.currentData()), str(self.language.currentData())
