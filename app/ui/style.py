"""The window's colours and focus indicator, the same on every page and dialog (BITV 2.0 / EN 301
549, 9.1.4.3 and 9.2.4.7): text at least 4.5:1 against its background, the selection and the
placeholders included; a focus indicator of at least 3:1 on every control that takes the focus.
Applied once at start (:func:`apply`); the tests compute the ratios from the palette in use."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

SELECTION = "#1a5fb4"
"""The selection and the focus indicator: white on it 6.4:1, it on the window's grey 5.5:1."""
PLACEHOLDER = "#5c5c5c"
"""Placeholders that carry instructions: 6.7:1 on white."""
LINK = "#1a4fa0"

# Fusion draws the focus of fields, combo boxes and buttons in the selection colour; lists,
# tables, trees, tab bars and check boxes get a frame of their own. The style sheet says only
# what changes with the focus, so that the rest keeps Fusion's look.
STYLE_SHEET = f"""
QAbstractItemView:focus {{ border: 2px solid {SELECTION}; }}
QTabBar:focus {{ border: 2px solid {SELECTION}; }}
QCheckBox:focus, QRadioButton:focus {{ border: 2px solid {SELECTION}; border-radius: 3px; }}
QCheckBox, QRadioButton {{ border: 2px solid transparent; padding: 1px; }}
QTextBrowser:focus, QPlainTextEdit:focus, QTextEdit:focus {{ border: 2px solid {SELECTION}; }}
"""


def palette(base: QPalette) -> QPalette:
    """``base`` with the selection, placeholder and link colours above, in every colour group
    (the inactive one shows the selection of a list without the focus)."""
    result = QPalette(base)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        result.setColor(group, QPalette.ColorRole.Highlight, QColor(SELECTION))
        result.setColor(group, QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
        result.setColor(group, QPalette.ColorRole.PlaceholderText, QColor(PLACEHOLDER))
        result.setColor(group, QPalette.ColorRole.Link, QColor(LINK))
    return result


def apply(app: QApplication) -> None:
    """The Fusion style (the same on Linux and Windows), the palette and the style sheet."""
    app.setStyle("Fusion")
    app.setPalette(palette(app.style().standardPalette()))
    app.setStyleSheet(STYLE_SHEET)


def contrast(first: QColor, second: QColor) -> float:
    """The WCAG 2 contrast ratio of two opaque colours (1 to 21)."""

    def luminance(color: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(color.redF())
            + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF())
        )

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def over(color: QColor, background: QColor) -> QColor:
    """``color`` as it shows on ``background`` (its transparency blended in)."""
    alpha = color.alphaF()
    return QColor.fromRgbF(
        color.redF() * alpha + background.redF() * (1 - alpha),
        color.greenF() * alpha + background.greenF() * (1 - alpha),
        color.blueF() * alpha + background.blueF() * (1 - alpha),
    )
