"""The catalogs use the glossary's terms (``translations/glossary.csv``, a copy of
``../shared/glossary.csv``): wherever an English source string names a glossary term, the German,
Polish and Czech translations name it with the glossary's word, inflected as the sentence needs.

Inflection is allowed for by comparing stems: each word of the glossary's term must begin a word of
the translation with its ending cut off (one letter of a four-letter word, two of a word of five
to seven letters, three of a longer one), so that "działanie" is found in "działań" and "resort"
in "resorcie"; in German it may also end a compound ("Register" in "Maßnahmenregister").
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from tests.support.project import ROOT, SHARED, load_translation_tool

GLOSSARY = ROOT / "translations" / "glossary.csv"
LANGUAGES = ("de", "pl", "cs")

# Where the English source names a term differently from the glossary's key.
ENGLISH = {
    "strategy": "International Strategy",
    "free_state_saxony": "Free State of Saxony",
    "partnership_dormant": "dormant partnership",
    "cross_border_cooperation": "cross-border cooperation",
    "page_x_of_y": "Page {page} of {pages}",
    "usti_region": "Ústí region",
    "karlovy_vary_region": "Karlovy Vary region",
    "liberec_region": "Liberec region",
    "return": "returns?",  # the noun only: a department's return(s)
    "status_planned": "planned",
    "status_in_progress": "in progress",
    "status_continuous": "continuous",
    "status_completed": "completed",
    "status_suspended": "suspended",
    "status_dropped": "dropped",
}
# The register's full name ("Maßnahmenregister", "rejestr działań", "registr opatření") is for
# titles; in a sentence the short form is the glossary's term too.
SHORT_FORMS = {"register": {"de": "Register", "pl": "rejestr", "cs": "registr"}}
# Statuses and traffic lights are labels: the glossary's word is meant where the label stands
# alone, not wherever "planned" or "delayed" occurs in a sentence.
LABELS = {key for key in ENGLISH if key.startswith("status_")} | {"on_track", "delayed", "at_risk"}


@dataclass(frozen=True)
class Term:
    key: str
    english: re.Pattern[str]
    targets: dict[str, str]
    label_only: bool


def load_glossary(path: Path = GLOSSARY) -> list[Term]:
    terms = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            key = row["key"]
            phrase = ENGLISH.get(key) or re.escape(key.replace("_", " "))
            label_only = key in LABELS
            pattern = rf"^{phrase}$" if label_only else rf"(?<![\w-]){phrase}s?(?![\w-])"
            terms.append(
                Term(
                    key,
                    re.compile(pattern.replace(r"\ ", r"\s+"), re.IGNORECASE),
                    {lang: SHORT_FORMS.get(key, {}).get(lang) or row[lang] for lang in LANGUAGES},
                    label_only,
                )
            )
    return terms


def stem(word: str) -> str:
    size = len(word)
    cut = 0 if size <= 3 else 1 if size == 4 else 2 if size <= 7 else 3
    return word[: size - cut].casefold()


def term_stems(term: str) -> list[str]:
    """The stems of a glossary term's words, without a parenthetical remark or short words."""
    term = re.sub(r"\(.*?\)", " ", term)
    return [stem(word) for word in re.findall(r"[^\W\d_]{3,}", term)]


def uses_term(translation: str, term: str, *, compounds: bool = False) -> bool:
    """Whether every word of ``term`` is in ``translation``, inflected; with ``compounds``
    (German) also as the last part of a compound ("Register" in "Maßnahmenregister").
    Placeholders (``{registered}``) are not words of the text."""
    text = re.sub(r"\{[^{}]*\}", " ", translation.replace("&", ""))
    words = [word.casefold() for word in re.findall(r"[^\W\d_]+", text)]
    if compounds:
        return all(any(s in word for word in words) for s in term_stems(term))
    return all(any(word.startswith(s) for word in words) for s in term_stems(term))


def terms_in(source: str, terms: list[Term]) -> list[Term]:
    """The glossary terms ``source`` names; a term inside a longer one found there (``department``
    inside ``lead department``) does not count on its own. Placeholders (``{department}``) and
    quoted literals the user types (“register”) are not words of the text."""
    source = re.sub(r"\{[^{}]*\}|“[^”]*”", " ", source.replace("&", ""))
    found: list[tuple[int, int, Term]] = []
    for term in terms:
        found.extend((m.start(), m.end(), term) for m in term.english.finditer(source))
    return [
        term
        for start, end, term in found
        if not any(s <= start and end <= e and (e - s) > (end - start) for s, e, _t in found)
    ]


def _texts(message_string: object) -> list[str]:
    if isinstance(message_string, (list, tuple)):
        return [str(s) for s in message_string]
    return [str(message_string)]


def glossary_problems(lang: str, catalog: Catalog, terms: list[Term]) -> list[str]:
    problems = []
    for message in catalog:
        if not message.id:
            continue
        sources = _texts(message.id)
        for term in terms_in(sources[0], terms):
            for text in _texts(message.string):
                if not uses_term(text, term.targets[lang], compounds=lang == "de"):
                    problems.append(
                        f"{lang}: {sources[0]!r} names {term.key!r}; {text!r} should use "
                        f"{term.targets[lang]!r}"
                    )
    return problems


@pytest.fixture(scope="module")
def catalogs() -> dict[str, Catalog]:
    tool = load_translation_tool()
    return {lang: tool._read(tool.po_path(lang), lang) for lang in LANGUAGES}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogs_use_the_glossary_terms(lang: str, catalogs: dict[str, Catalog]) -> None:
    problems = glossary_problems(lang, catalogs[lang], load_glossary())
    assert not problems, "\n".join(problems)


def test_the_glossary_copy_is_the_shared_one() -> None:
    shared = SHARED / "glossary.csv"
    if not shared.is_file():
        pytest.skip(f"{shared} is absent; the copy in translations/ is checked on its own")
    assert GLOSSARY.read_bytes() == shared.read_bytes(), (
        "translations/glossary.csv differs from ../shared/glossary.csv: copy it again"
    )


@pytest.mark.parametrize(
    ("translation", "term", "expected"),
    [
        ("Wyeksportowano 5 działań", "działanie", True),
        ("w resorcie wiodącym", "resort wiodący", True),
        ("kola hodnocení", "kolo hodnocení", True),
        ("Eksport projektów", "działanie", False),
        ("rząd", "rząd (posiedzenie rządu)", True),
        ("Grupa Robocza", "Międzyresortowa Grupa Robocza „Sprawy Międzynarodowe“", False),
    ],
)
def test_stems_allow_for_inflection(translation: str, term: str, expected: bool) -> None:
    assert uses_term(translation, term) is expected


def test_german_compounds_count() -> None:
    assert uses_term("im Maßnahmenregister", "Register", compounds=True)
    assert not uses_term("im Maßnahmenregister", "Register")
    assert not uses_term("Federführend für", "Maßnahme", compounds=True)


def test_a_shorter_term_inside_a_longer_one_does_not_count() -> None:
    keys = [t.key for t in terms_in("the lead department and a department", load_glossary())]
    assert sorted(keys) == ["department", "lead_department"]
    assert [t.key for t in terms_in("in progress", load_glossary())] == ["status_in_progress"]
    assert [t.key for t in terms_in("Export progress", load_glossary())] == ["progress"]
    assert [t.key for t in terms_in("planned start", load_glossary())] == []  # labels stand alone


# Where the German text names a glossary term the English source does not, and the Polish or
# Czech text rightly goes without it: the word is part of another one or another sense.
NOT_THE_TERM = {
    ("goal", "the folder to write to"),  # "Zielordner": the target folder, not a goal
    ("goal", "Target"),  # "Zielwert": an indicator's target value
    ("poland", "Polish"),  # "Polnisch": the language
    ("poland", "write a PDF report in German, Polish or Czech"),
    (
        "poland",
        "Check that this installation works, without touching your data: in a temporary "
        "folder, create a register, write a measure and read it back, and write a one-page report "
        "in German, Polish and Czech. Exit code 0 only if every check passed.",
    ),
    (
        "partnership_dormant",
        "Recommend what becomes of a partnership: continue, refocus on "
        "sectoral cooperation (sectoral), let it rest (rest), end it (end), or explore a new one "
        "(explore). Saved at once.",
    ),  # "ruhen lassen": a recommendation, not the status
    ("poland", "Add a partner with its names in German, Polish and Czech."),  # the language
    # the example of a field written in German ("Basis (German)"): the German words themselves
    ("joint_declaration", "e.g. Gemeinsame Erklärung"),
    ("register", "Choose “register” or “returned”."),  # the literal choice the user types
    # "mit seiner Beteiligung": the department's participation, said without the role's name
    (
        "participating_department",
        "Measures led by the department: {n}; with its participation: {m}.",
    ),
    ("participating_department", "Measures with participation"),
}


def term_problems_by_german(catalogs: dict[str, Catalog], terms: list[Term]) -> list[str]:
    """Every glossary term the catalogs use, found through the German translation: where the
    German text uses a term (even if the English source words it otherwise), the Polish and
    Czech texts use the glossary's Polish and Czech term too."""
    problems = []
    for message in catalogs["de"]:
        if not message.id:
            continue
        source = _texts(message.id)[0]
        german = " ".join(_texts(message.string))
        for term in terms:
            if term.label_only or not uses_term(german, term.targets["de"]):
                continue
            if (term.key, source) in NOT_THE_TERM:
                continue
            for lang in ("pl", "cs"):
                other = catalogs[lang].get(message.id, context=message.context)
                text = " ".join(_texts(other.string)) if other else ""
                if not uses_term(text, term.targets[lang]):
                    problems.append(
                        f"{lang}: the German of {source!r} uses {term.key!r}; {text!r} "
                        f"should use {term.targets[lang]!r}"
                    )
    return problems


def test_every_term_the_catalogs_use_is_the_glossarys(catalogs: dict[str, Catalog]) -> None:
    problems = term_problems_by_german(catalogs, load_glossary())
    assert not problems, "\n".join(problems)


def test_a_term_named_only_in_german_is_checked_too() -> None:
    """The English says "the returns are due"; the German says "Rückmeldungen": the Polish
    and Czech must still say the glossary's word."""
    terms = [t for t in load_glossary() if t.key == "return"]
    catalogs = {}
    for lang, text in (("de", "Die Rückmeldungen sind fällig"), ("pl", "Termin"), ("cs", "Lhůta")):
        catalog = Catalog(locale=lang)
        catalog.add("when they are due", text)
        catalogs[lang] = catalog
    problems = term_problems_by_german(catalogs, terms)
    assert [p[:4] for p in problems] == ["pl: ", "cs: "]
