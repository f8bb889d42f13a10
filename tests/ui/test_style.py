"""The window's colours (app/ui/style.py), measured on the palette a widget actually gets once the
style is applied: text 4.5:1 against its background, the selection and placeholders included;
the focus indicator 3:1 against what surrounds it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView

from app.ui import style, widgets

pytestmark = pytest.mark.gui

Role, Group = QPalette.ColorRole, QPalette.ColorGroup


@pytest.fixture
def styled(qapp: QApplication) -> Iterator[QApplication]:
    """The application with the program's style, put back as it was afterwards."""
    palette, sheet, name = qapp.palette(), qapp.styleSheet(), qapp.style().name()
    style.apply(qapp)
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setStyle(name)
    qapp.setPalette(palette)


def test_text_contrast_at_least_4_5(styled: QApplication, qtbot) -> None:
    edit, table = QLineEdit(), QTableView()
    qtbot.addWidget(edit)
    qtbot.addWidget(table)
    for widget in (edit, table):
        palette = widget.palette()
        for group in (Group.Active, Group.Inactive):
            base = palette.color(group, Role.Base)
            pairs = {
                "text": (palette.color(group, Role.Text), base),
                "window text": (palette.color(group, Role.WindowText), palette.color(Role.Window)),
                "buttons": (palette.color(group, Role.ButtonText), palette.color(Role.Button)),
                "alternate rows": (
                    palette.color(group, Role.Text),
                    palette.color(Role.AlternateBase),
                ),
                "selection": (
                    palette.color(group, Role.HighlightedText),
                    palette.color(group, Role.Highlight),
                ),
                "placeholder": (style.over(palette.color(group, Role.PlaceholderText), base), base),
                "links": (palette.color(group, Role.Link), base),
            }
            for what, (text, background) in pairs.items():
                ratio = style.contrast(text, background)
                assert ratio >= 4.5, f"{what}: {ratio:.2f}:1 ({type(widget).__name__}, {group})"


def test_focus_indicator_at_least_3(styled: QApplication) -> None:
    palette = styled.palette()
    colours = set(re.findall(r"border: 2px solid (#[0-9a-f]{6})", style.STYLE_SHEET))
    colours.add(palette.color(Role.Highlight).name())  # Fusion's focus frame of fields, buttons
    for colour in colours:
        for background in (Role.Window, Role.Base, Role.Button, Role.AlternateBase):
            ratio = style.contrast(QColor(colour), palette.color(background))
            assert ratio >= 3, f"focus {colour} on {palette.color(background).name()}: {ratio:.2f}"
    # every kind of control that takes the focus without Fusion's own frame has one
    for kind in ("QAbstractItemView", "QTabBar", "QCheckBox", "QRadioButton", "QTextBrowser"):
        assert re.search(rf"{kind}[^{{]*:focus", style.STYLE_SHEET), kind


def test_error_red_readable(styled: QApplication) -> None:
    red = QColor(re.findall(r"#[0-9a-f]{6}", widgets.ERROR_STYLE)[0])
    assert style.contrast(red, styled.palette().color(Role.Window)) >= 4.5
