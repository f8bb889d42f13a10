"""The new-round dialog's days use the app's one date field (typed as the language writes a date,
or picked from a calendar), as the measure editor does; a day that is not a date is refused with
the field named, and nothing is saved."""

from __future__ import annotations

import datetime as dt

import pytest

from app.rounds.kinds.base import RoundInput
from app.ui.date_field import DateField
from app.ui.rounds.new_round_dialog import NewRoundDialog

pytestmark = pytest.mark.gui


def new_round(window, saved: list[RoundInput]) -> NewRoundDialog:
    def save(data: RoundInput, *_callbacks: object) -> None:
        saved.append(data)

    assert window.vocabulary is not None
    dialog = NewRoundDialog(window.tr_, window.vocabulary, {"I": {"SK": 1}}, save, parent=window)
    dialog.show()
    return dialog


@pytest.mark.parametrize(
    ("lang", "typed"), [("de", "30.06.2027"), ("pl", "30.06.2027"), ("cs", "30. 6. 2027")]
)
def test_the_deadline_is_typed_as_the_language_writes_it(make_window, qtbot, lang, typed) -> None:
    window = make_window(lang)
    saved: list[RoundInput] = []
    dialog = new_round(window, saved)
    for field in (dialog.period_start, dialog.period_end, dialog.deadline):
        assert isinstance(field, DateField)
        assert field.picker in field.actions()  # the calendar button
    qtbot.keyClicks(dialog.name, "Sachstand 2027/1")
    dialog.deadline.clear()
    qtbot.keyClicks(dialog.deadline, typed)
    dialog.period_start.clear()  # no reporting period: allowed
    dialog.create_button.click()
    assert not dialog.error.isVisible()
    assert [(d.deadline, d.period_start) for d in saved] == [(dt.date(2027, 6, 30), None)]


def test_a_deadline_that_is_no_date_is_refused_by_name(make_window, qtbot) -> None:
    window = make_window("de")
    saved: list[RoundInput] = []
    dialog = new_round(window, saved)
    qtbot.keyClicks(dialog.name, "Sachstand 2027/1")
    dialog.deadline.clear()
    qtbot.keyClicks(dialog.deadline, "31.02.2027")
    dialog.create_button.click()
    assert saved == []
    assert dialog.error.isVisible()
    assert dialog.error.text() == "Frist: 31.02.2027 ist kein Datum."
    dialog.deadline.clear()
    dialog.create_button.click()
    assert saved == []
    assert "Frist" in dialog.error.text()


def test_the_date_fields_show_the_whole_date(make_window, qtbot) -> None:
    window = make_window("cs")
    dialog = new_round(window, [])
    dialog.resize(911, 480)
    qtbot.waitExposed(dialog)
    for field in (dialog.period_start, dialog.period_end, dialog.deadline):
        room = field.width() - field.height()  # less the calendar button
        assert field.fontMetrics().horizontalAdvance(field.text()) <= room, field.text()
        assert field.width() < dialog.width() / 2  # as wide as a date, not the whole row
