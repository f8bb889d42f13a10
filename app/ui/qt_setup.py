"""Application-wide Qt set-up: fonts shipped with the program, Qt's own translations."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

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
