"""The days of the new-round dialog, the Reports page and the editor's date cells are written as
the language writes a date, not as ISO text."""

from __future__ import annotations

import datetime as dt

import pytest

from app.i18n import translator
from app.ui.date_field import day_field


@pytest.mark.parametrize(
    ("lang", "shown"), [("de", "04.12.2026"), ("pl", "4.12.2026"), ("cs", "4. 12. 2026")]
)
def test_a_date_edit_shows_the_languages_short_date(qtbot, lang: str, shown: str) -> None:
    tr = translator(lang)
    edit = day_field(tr, dt.date(2026, 12, 4), "Deadline")
    qtbot.addWidget(edit)
    assert edit.text() == shown == tr.date(dt.date(2026, 12, 4), "short")


@pytest.mark.qt_log_ignore("does not support grabbing the keyboard", "does not support raise")
def test_the_editors_date_cells_are_typed_or_picked_from_a_calendar(qtbot) -> None:
    from PySide6.QtCore import Qt

    from app.operations.measures import MeasureInput, MilestoneInput
    from app.ui.date_field import DateField
    from app.ui.register.measure_extras import ExtrasTabs

    tr = translator("cs")
    data = MeasureInput(
        instrument="I", title_de="T", milestones=(MilestoneInput(None, "Start", None, None),)
    )
    extras = ExtrasTabs(tr, data)
    qtbot.addWidget(extras.lists)
    extras.lists.show()
    table = extras.milestones.table
    cell = table.item(0, 1)
    assert cell is not None
    table.setCurrentCell(0, 1)
    table.editItem(cell)
    editor = table.findChild(DateField)
    assert isinstance(editor, DateField)  # with its calendar button
    assert editor.accessibleName() == "Termín"
    qtbot.keyClick(editor, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert editor.calendar.isVisible()  # the calendar opens from the keyboard
    day = editor.calendar.selectedDate()
    editor.calendar.activated.emit(day)  # Enter on the day chosen
    table.commitData(editor)
    expected = tr.date(dt.date(day.year(), day.month(), day.day()), "short")
    assert cell.text() == expected
    [milestone] = extras.collect()["milestones"]
    assert milestone.due_date == dt.date(day.year(), day.month(), day.day())
