"""The days of the new-round dialog and the Reports page are written as the language writes a
date, not as ISO text."""

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
