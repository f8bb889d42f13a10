"""translate-toolkit's pofilter checks on the German, Polish and Czech catalogs.

The tests that fit the catalogs of this program run on every live entry: accelerators (Qt's
``&``), placeholders (``{name}`` and ``%(name)s``), brackets, double spaces, end punctuation,
leading and trailing whitespace, line breaks, repeated words, and translations left unchanged.
What they report and a translator has judged right is listed, with the reason, in
``translations/pofilter-exceptions.csv``; anything else fails, and so does an exception that no
longer occurs (the list stays reviewed, not a dump).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from translate.filters import checks
from translate.storage import po

from tests.support.project import ROOT

LANGUAGES = ("de", "pl", "cs")
EXCEPTIONS = ROOT / "translations" / "pofilter-exceptions.csv"
TESTS = (
    "accelerators",
    "variables",
    "pythonbraceformat",
    "printf",
    "brackets",
    "doublespacing",
    "endpunc",
    "startwhitespace",
    "endwhitespace",
    "newlines",
    "doublewords",
    "unchanged",
)
"""Not run: ``startpunc``/``doublequoting`` (each language has its own quotation marks),
``puncspacing`` and ``sentencecount`` (a translation may join or split sentences), ``long`` and
``short`` (Polish and Czech run longer than English by nature)."""


def failures(lang: str) -> set[tuple[str, str, str]]:
    """(language, test, msgid) of every live entry that a test reports."""
    store = po.pofile.parsefile(str(ROOT / "translations" / lang / "LC_MESSAGES" / "imag.po"))
    config = checks.CheckerConfig(
        accelmarkers=["&"], varmatches=[("{", "}"), ("%(", ")")], targetlanguage=lang
    )
    checker = checks.StandardChecker(checkerconfig=config, limitfilters=list(TESTS))
    found = set()
    for unit in store.units:
        if unit.isheader() or unit.isobsolete() or not unit.istranslated():
            continue
        for test in checker.run_filters(unit):
            found.add((lang, test, str(unit.source)))
    return found


def accepted(path: Path = EXCEPTIONS) -> dict[tuple[str, str, str], str]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert all(row["reason"].strip() for row in rows), "every exception names its reason"
    return {(row["lang"], row["test"], row["msgid"]): row["reason"] for row in rows}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pofilter_finds_nothing_but_the_reviewed_exceptions(lang: str) -> None:
    found = failures(lang)
    allowed = {key for key in accepted() if key[0] == lang}
    assert sorted(found - allowed) == [], "new pofilter findings: fix them or list them"
    assert sorted(allowed - found) == [], "exceptions that no longer occur: remove them"


def test_the_exceptions_name_only_tests_that_run() -> None:
    assert {test for _, test, _ in accepted()} <= set(TESTS)
