"""Language formatting in one place, the translator: dates, times, numbers, percentages and
money after CLDR, and alphabetical order by each language's collation rules (CLDR, through ICU),
in the core, the measure table, the partnership list and the filters of the window."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget

from app.i18n import translator
from app.models import Status
from app.operations.register_view import MeasureRow
from app.ui.register.measure_model import COLUMNS, MeasureTableModel
from app.ui.widgets import CollatedItem

CZECH = ["Hrad", "Chrudim", "Čechy", "Cesta"]
CZECH_ORDER = ["Cesta", "Čechy", "Hrad", "Chrudim"]  # č after c; ch is a letter after h
POLISH = ["Łódź", "Zakopane", "Lwów", "Lublin"]
POLISH_ORDER = ["Lublin", "Lwów", "Łódź", "Zakopane"]  # ł is a letter after l
GERMAN = ["Bär", "Ärger", "Zoo", "Arger"]
GERMAN_ORDER = ["Arger", "Ärger", "Bär", "Zoo"]  # ä sorts with a, after it when all else ties


@pytest.mark.parametrize(
    ("lang", "words", "expected"),
    [("cs", CZECH, CZECH_ORDER), ("pl", POLISH, POLISH_ORDER), ("de", GERMAN, GERMAN_ORDER)],
)
def test_words_sort_by_the_languages_alphabet(lang: str, words: list[str], expected: list[str]):
    tr = translator(lang)
    assert tr.sorted(words) == expected
    assert sorted(words, key=tr.sort_key) == expected
    assert tr.sorted([(w, n) for n, w in enumerate(words)], key=lambda p: p[0]) == [
        (w, words.index(w)) for w in expected
    ]


def test_case_and_accents_come_after_the_letters() -> None:
    cs = translator("cs")
    assert cs.sorted(["cesta", "Česko", "Cesta", "čaj", "dům"]) == [
        "cesta",
        "Cesta",
        "čaj",
        "Česko",
        "dům",
    ]
    # German does not know the Czech ch: it sorts between cg and ci.
    assert translator("de").sorted(["Hrad", "Chrudim", "Cesta"]) == ["Cesta", "Chrudim", "Hrad"]


@pytest.mark.parametrize(
    ("lang", "medium", "short", "long"),
    [
        # never a two-digit year; Polish documents write "30 czerwca 2027 r."
        ("de", "30.06.2027", "30.06.2027", "30. Juni 2027"),
        ("pl", "30 cze 2027", "30.06.2027", "30 czerwca 2027 r."),
        ("cs", "30. 6. 2027", "30. 6. 2027", "30. června 2027"),
    ],
)
def test_dates(lang: str, medium: str, short: str, long: str) -> None:
    tr = translator(lang)
    day = dt.date(2027, 6, 30)
    assert tr.date(day) == medium
    assert tr.date(day, "short") == short
    assert tr.date(day, "long") == long
    assert tr.date(None) == "–"


@pytest.mark.parametrize(
    ("lang", "utc"),
    [("de", "21.11.2026, 09:05"), ("pl", "21.11.2026, 09:05"), ("cs", "21. 11. 2026 9:05")],
)
def test_timestamps_in_utc_and_in_local_time(
    lang: str, utc: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    tr = translator(lang)
    assert tr.timestamp("2026-11-21T09:05:00Z") == utc
    assert tr.timestamp("2026-11-21T09:05:00+00:00") == utc
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        local = tr.timestamp("2026-11-21T09:05:00Z", local=True)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert local == utc.replace("09:05", "10:05").replace(" 9:05", " 10:05")


@pytest.mark.parametrize(
    ("lang", "number", "pattern", "percent", "money"),
    [
        ("de", "1.234,5", "3,14", "42\xa0%", "1.234,56\xa0€"),
        ("pl", "1\xa0234,5", "3,14", "42%", "1\xa0234,56\xa0€"),
        ("cs", "1\xa0234,5", "3,14", "42\xa0%", "1\xa0234,56\xa0€"),
    ],
)
def test_numbers_percentages_and_money(
    lang: str, number: str, pattern: str, percent: str, money: str
) -> None:
    tr = translator(lang)
    assert tr.number(1234.5) == number
    assert tr.number(3.14159, "0.00") == pattern
    assert tr.percent(42) == percent
    assert tr.money(123456) == money
    assert tr.number(None) == tr.percent(None) == tr.money(None) == "–"
    assert tr.tag == {"de": "de-DE", "pl": "pl-PL", "cs": "cs-CZ"}[lang]


def test_reports_and_the_window_format_through_the_translator() -> None:
    from app.reports.formatting import ReportLanguage
    from app.ui.register.history_view import value_text
    from app.ui.rounds.round_labels import date_text, number_text

    report = ReportLanguage.for_lang("cs")
    tr = translator("cs")
    day = dt.date(2027, 6, 30)
    assert report.date(day) == date_text(tr, day) == date_text(tr, "2027-06-30") == tr.date(day)
    assert value_text(tr, "end_date", "2027-06-30") == "30. 6. 2027"
    assert report.number(2.5) == number_text(tr, 2.5) == "2,5"
    assert report.percent(7) == "7\xa0%"
    assert report.tag == "cs-CZ"
    assert report.timestamp("2026-11-21T09:05:00Z") == "21. 11. 2026 9:05 UTC"  # says its zone


def row(code: str, position: int, title: str, lead: str | None = None) -> MeasureRow:
    return MeasureRow(
        code=code,
        position=position,
        instrument="I",
        section=None,
        title_de=f"Titel {code}",
        title_pl=None,
        title_cs=title,
        status=Status.PLANNED,
        traffic_light=None,
        progress=None,
        updated_at="2026-01-01T00:00:00Z",
        archived=False,
        lead_department=lead,
    )


@pytest.mark.gui
def test_measure_table_sorts_czech_titles_by_the_czech_alphabet(qtbot) -> None:
    rows = [row(f"I.0{n}", n, title) for n, title in enumerate(CZECH, start=1)]
    model = MeasureTableModel(translator("cs"), rows)
    title = [key for key, _label in COLUMNS].index("title")

    def titles() -> list[str]:
        return [model.data(model.index(r, title)) for r in range(model.rowCount())]

    assert titles() == CZECH  # register order
    model.sort(title, Qt.SortOrder.AscendingOrder)
    assert titles() == CZECH_ORDER
    model.sort(title, Qt.SortOrder.DescendingOrder)
    assert titles() == CZECH_ORDER[::-1]


@pytest.mark.gui
def test_measure_table_sorts_lead_departments_with_the_unassigned_last(qtbot) -> None:
    rows = [row("I.01", 1, "a", None), row("I.02", 2, "b", "SMWK"), row("I.03", 3, "c", "SK")]
    model = MeasureTableModel(translator("de"), rows)
    lead = [key for key, _label in COLUMNS].index("lead_department")
    model.sort(lead, Qt.SortOrder.AscendingOrder)
    assert [model.row_at(r).code for r in range(3)] == ["I.03", "I.02", "I.01"]


@pytest.mark.gui
def test_a_tree_sorts_names_by_the_language_and_codes_as_before(qtbot) -> None:
    tree = QTreeWidget()
    qtbot.addWidget(tree)
    tree.setColumnCount(2)
    tr = translator("pl")
    for n, name in enumerate(POLISH):
        tree.addTopLevelItem(CollatedItem(tr, [f"P{9 - n}", name], collated=(1,)))
    tree.setSortingEnabled(True)
    tree.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    assert [item.text(1) for item in items if item] == POLISH_ORDER
    tree.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    assert [item.text(0) for item in items if item] == ["P6", "P7", "P8", "P9"]


@pytest.mark.gui
@pytest.mark.parametrize("lang", ["pl", "cs"])
def test_partner_filter_lists_names_in_the_languages_order(make_window, lang: str) -> None:
    window = make_window(lang)
    combo = window.register_screen.combos["partner"]
    names = [combo.itemText(i) for i in range(1, combo.count())]
    assert len(names) > 3
    assert names == translator(lang).sorted(names)


@pytest.mark.parametrize(
    ("lang", "text", "typeset"),
    [
        ("de", "Fortschritt 42 % von 1.200 EUR", "Fortschritt 42\xa0% von 1.200\xa0EUR"),
        (
            "pl",
            "Współpraca z Czechami i w Saksonii od 4 grudnia 2026 r.: 42 %",
            "Współpraca z\xa0Czechami i\xa0w\xa0Saksonii od 4 grudnia 2026\xa0r.: 42\xa0%",
        ),
        (
            "cs",
            "Spolupráce s Polskem a v Sasku k 1. 12. (CZ-D-PL)",
            "Spolupráce s\xa0Polskem a\xa0v\xa0Sasku k\xa01. 12. (CZ-D-PL)",
        ),
    ],
)
def test_running_text_gets_non_breaking_spaces(lang: str, text: str, typeset: str) -> None:
    """No line of a Polish or Czech report ends with a one-letter preposition or conjunction,
    and no number is parted from its unit."""
    assert translator(lang).typeset(text) == typeset
