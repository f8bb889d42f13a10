"""Application-wide Qt set-up: fonts shipped with the program, Qt's own translations, the focus
given back when a dialog closes; a helper for the keyboard's tab order."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, Qt, QTimer, QTranslator
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog, QWidget

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


class _FocusReturn(QObject):
    """When a dialog closes, its window is activated again with the focus where it was (or on
    its first control), so that the keyboard and a screen reader go on from there."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        parent = watched.parentWidget() if isinstance(watched, QDialog) else None
        if event.type() == QEvent.Type.Hide and parent is not None:
            window = parent.window()
            QTimer.singleShot(0, window, lambda: _refocus(window))
        return False


def _refocus(window: QWidget) -> None:
    if not window.isVisible() or QApplication.activeModalWidget() is not None:
        return
    window.activateWindow()
    target = window.focusWidget()
    if target is None or not target.isVisible():
        from app.ui.sizing import first_control

        target = first_control(window)
    target.setFocus(Qt.FocusReason.ActiveWindowFocusReason)


def return_focus_after_dialogs(app: QApplication) -> None:
    app.installEventFilter(_FocusReturn(app))
