"""The new-round dialog's days are written as the language writes a date, not as ISO text."""

from __future__ import annotations

import datetime as dt

import pytest

from app.i18n import translator
from app.ui.widgets import date_edit


@pytest.mark.parametrize(
    ("lang", "shown"), [("de", "04.12.2026"), ("pl", "4.12.2026"), ("cs", "4. 12. 2026")]
)
def test_a_date_edit_shows_the_languages_short_date(qtbot, lang: str, shown: str) -> None:
    tr = translator(lang)
    edit = date_edit(dt.date(2026, 12, 4), "Deadline", tr)
    qtbot.addWidget(edit)
    assert edit.text() == shown == tr.date(dt.date(2026, 12, 4), "short")
