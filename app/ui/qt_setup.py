"""Application-wide Qt set-up: fonts shipped with the program, Qt's own translations; a helper
for the keyboard's tab order."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

from app.resources import resource

_translators: list[QTranslator] = []


def load_fonts() -> None:
    for name in ("Regular", "Bold", "Italic", "BoldItalic"):
        QFontDatabase.addApplicationFont(str(resource("fonts", f"LiberationSans-{name}.ttf")))


def install_qt_translations(app: QApplication, lang: str) -> None:
    """Load ``qtbase_<lang>`` so that Qt's standard dialogs and buttons follow the language."""
    for old in _translators:
        app.removeTranslator(old)
    _translators.clear()
    QLocale.setDefault(QLocale(lang))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if translator.load(f"qtbase_{lang}", folder):
        app.installTranslator(translator)
        _translators.append(translator)


def set_tab_order(widgets: Iterable[QWidget]) -> None:
    """Tab moves through ``widgets`` in the order given."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)
