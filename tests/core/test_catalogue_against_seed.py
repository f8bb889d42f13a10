"""The catalogue holds every measure of the strategy verbatim, in document order.

The measures are derived here once more from the seed text, independently of the catalogue and
its loader (a different method: the text is cut at the instrument headings and at the lead-in
sentences, and bullets are split with a regular expression), and compared with what a fresh
register holds. A missed, merged, split, reordered or altered bullet fails.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from tests.support.project import ROOT, seed_file

BULLET = "\u2212"  # the strategy's list marker "−"
NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII")
SECTIONS = {
    "Außenwirtschaft": "A",
    "Internationale Ansiedlungen in Sachsen": "B",
    "Fachkräfte": "C",
}


def _normalise(fragment: str) -> str:
    fragment = re.sub(r"(?<=[A-Za-zÄÖÜäöüß])-\s*\n\s*", "-", fragment)  # "Deutsch-\nPolnischen"
    fragment = re.sub(r"\s+", " ", fragment).strip()
    return re.sub(r"(?<=[a-zäöüß])\d$", "", fragment)  # footnote reference "…konzeption2"


def derive(text: str) -> list[dict[str, object]]:
    headings = {n: [m.start() for m in re.finditer(rf"(?m)^{n}\) ", text)] for n in NUMERALS}
    starts = [headings[n][-1] for n in NUMERALS]  # the body heading, not the overview
    bodies = {
        n: text[s : (starts[i + 1] if i + 1 < len(starts) else len(text))]
        for i, (n, s) in enumerate(zip(NUMERALS, starts, strict=True))
    }
    derived: list[dict[str, object]] = []
    for numeral, body in bodies.items():
        body_offset = text.index(body)
        section_marks = sorted(
            (m.start(), code)
            for title, code in SECTIONS.items()
            for m in re.finditer(rf"(?m)^{re.escape(title)} ?$", body)
        )
        # A list is introduced by a paragraph that mentions "Maßnahme" and ends with a colon.
        for lead in re.finditer(r"(?s)(?:^|\n[ ]?\n)([^\n−][^:]*?Maßnahme[^:]*?:)[ ]*\n", body):
            rest = body[lead.end() :]
            end = re.search(r"\n[ ]+\n", rest)  # a line of spaces closes the list
            block = rest[: end.start() if end else len(rest)]
            section = None
            for position, code in section_marks:
                if position < lead.end():
                    section = code
            bullets = re.finditer(rf"{BULLET}(.*?)(?=\n\s*{BULLET}|\Z)", block, re.S)
            for numbered, item in enumerate(bullets, start=1):
                first = text.count("\n", 0, body_offset + lead.end() + item.start()) + 1
                last = first + item.group(0).rstrip().count("\n")
                derived.append(
                    {
                        "code": f"{numeral}.{section}.{numbered:02d}"
                        if section
                        else f"{numeral}.{numbered:02d}",
                        "instrument": numeral,
                        "section_code": section,
                        "title_de": _normalise(item.group(1)),
                        "source_lines": [first, last],
                    }
                )
    return derived


@pytest.fixture(scope="module")
def seed_text() -> str:
    return seed_file().read_text(encoding="utf-8")


def test_catalogue_names_the_seed_it_was_built_from(seed_text: str) -> None:
    catalogue = json.loads((ROOT / "resources/catalogue/sachsen-2025.json").read_text("utf-8"))
    source = catalogue["strategy"]["source"]
    assert source["sha256"] == hashlib.sha256(seed_file().read_bytes()).hexdigest()
    assert source["name"] == seed_file().name


def test_derivation_finds_the_expected_lists(seed_text: str) -> None:
    counts: dict[str, int] = {}
    for measure in derive(seed_text):
        key = str(measure["instrument"]) + (
            f".{measure['section_code']}" if measure["section_code"] else ""
        )
        counts[key] = counts.get(key, 0) + 1
    # The target countries for skilled workers (III, "Zielländer") are a list but no measures.
    assert counts == {
        "I": 12,
        "II": 9,
        "III.A": 5,
        "III.B": 3,
        "III.C": 7,
        "IV": 11,
        "V": 11,
        "VI": 3,
        "VII": 5,
    }


def test_register_holds_every_measure_verbatim_in_order(
    seed_text: str, fresh_register: Path, cli
) -> None:
    result = cli("--data-dir", fresh_register, "measures", "export", "--format", "json")
    assert result.code == 0, result.err
    exported = json.loads(result.out)
    expected = derive(seed_text)
    assert [m["code"] for m in exported] == [m["code"] for m in expected]
    for got, want in zip(exported, expected, strict=True):
        assert got["title_de"] == want["title_de"], got["code"]
        assert got["instrument"] == want["instrument"], got["code"]
        assert got["section_code"] == want["section_code"], got["code"]
        assert got["source_lines"] == want["source_lines"], got["code"]
        # every title is literally in the text once line breaks are folded
        folded = re.sub(r"\s+", " ", re.sub(r"-\s*\n\s*", "-", seed_text))
        assert got["title_de"] in folded, got["code"]


def test_sections_carry_german_titles(fresh_register: Path, cli) -> None:
    exported = json.loads(cli("--data-dir", fresh_register, "measures", "export").out)
    sections = {m["section"] for m in exported if m["instrument"] == "III"}
    assert sections == set(SECTIONS)
    assert all(m["section"] is None for m in exported if m["instrument"] != "III")


def test_goals_are_verbatim(seed_text: str) -> None:
    catalogue = json.loads((ROOT / "resources/catalogue/sachsen-2025.json").read_text("utf-8"))
    start = seed_text.index("Ziele der internationalen Beziehungen des Freistaates Sachsen sind:")
    block = seed_text[start : seed_text.index("Internationale Zusammenarbeit dient dazu", start)]
    goals = [_normalise(g) for g in re.findall(rf"{BULLET}(.*?)(?=\n\s*{BULLET}|\Z)", block, re.S)]
    assert [g["text_de"] for g in catalogue["goals"]] == goals
    assert len(goals) == 6
