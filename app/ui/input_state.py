"""What a dialog's input fields hold, as values to compare: the state a dialog had once it
filled itself against the state now tells whether the user changed anything.

Each field is keyed by the widget itself (the order of a widget's children changes when tabs
are shown), and its value is normalized: a date as the day it means (or its text if it is not
one), texts without surrounding spaces, a combo box's choice by its data, a tick list as the set
of ticked rows, a table as its non-empty rows. Widgets inside other input widgets (a spin box's
or combo box's line edit, a calendar's year field) and in menus are left out: their owner
stands for them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QTableWidget,
    QWidget,
)

from app.ui.date_field import DateField

InputState = dict[QWidget, object]
_OWNERS = (QAbstractSpinBox, QComboBox, QCalendarWidget, QAbstractItemView, QMenu)
"""Widgets whose inner widgets are not input fields of their own."""


def input_state(root: QWidget) -> InputState:
    """The normalized value of every input field under ``root``."""
    state: InputState = {}
    for widget in root.findChildren(QWidget):
        if _inner(widget, root):
            continue
        value = field_value(widget)
        if value is not None:
            state[widget] = value
    return state


def changed_fields(clean: InputState, now: InputState) -> list[QWidget]:
    """The fields whose value differs; a field that came or went counts only if it holds
    something."""
    changed = []
    for widget in clean.keys() | now.keys():
        before, after = clean.get(widget), now.get(widget)
        if (widget not in clean or widget not in now) and _empty(
            after if widget in now else before
        ):
            continue
        if before != after:
            changed.append(widget)
    return changed


def _empty(value: object) -> bool:
    nothing: tuple[object, ...] = ("", (), frozenset(), False)
    return any(value == empty for empty in nothing)


def field_value(widget: QWidget) -> object | None:
    """A field's value in a comparable form; ``None`` for what is not an editable field."""
    if isinstance(widget, DateField):
        return widget.day() or widget.text().strip()
    if isinstance(widget, QLineEdit):
        return None if widget.isReadOnly() else widget.text().strip()
    if isinstance(widget, QPlainTextEdit):
        return None if widget.isReadOnly() else widget.toPlainText().strip()
    if isinstance(widget, QDateEdit):
        return widget.date().toPython()
    if isinstance(widget, QAbstractSpinBox):
        return widget.text().strip()
    if isinstance(widget, QComboBox):
        data = widget.currentData()
        return widget.currentText().strip() if data is None else data
    if isinstance(widget, QAbstractButton):
        return widget.isChecked() if widget.isCheckable() else None
    if isinstance(widget, QListWidget):
        return frozenset(
            widget.item(row).data(Qt.ItemDataRole.UserRole) or widget.item(row).text()
            for row in range(widget.count())
            if widget.item(row).checkState() != Qt.CheckState.Unchecked
        )
    if isinstance(widget, QTableWidget):
        return _rows(widget)
    return None


def _rows(table: QTableWidget) -> tuple[tuple[str, ...], ...]:
    rows = []
    for row in range(table.rowCount()):
        cells = []
        for column in range(table.columnCount()):
            item = table.item(row, column)
            cells.append("" if item is None else item.text().strip())
        if any(cells):
            rows.append(tuple(cells))
    return tuple(rows)


def _inner(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, _OWNERS):
            return True
        parent = parent.parentWidget()
    return isinstance(widget, QMenu)
