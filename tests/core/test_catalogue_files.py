"""Broken, truncated, tampered and oversized catalogue and department files are refused with a
message that names the place, in the user's language, and no register is written."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.catalogue import loader
from app.catalogue.loader import load_catalogue, load_departments
from app.errors import CatalogueInvalid
from app.i18n import translator
from tests.support.project import ROOT

GOOD = json.loads((ROOT / "resources/catalogue/sachsen-2025.json").read_text("utf-8"))
DEPARTMENTS = (ROOT / "resources/catalogue/departments.csv").read_text("utf-8")


def test_built_in_files_load() -> None:
    catalogue = load_catalogue()
    assert catalogue.id == "sachsen-international-2025"
    assert len(catalogue.measures) == 66
    departments = load_departments()
    assert [d["code"] for d in departments][:2] == ["SK", "SMI"]
    assert len(departments) == 11


def test_built_in_departments_are_the_shared_default() -> None:
    shared = ROOT.parent / "shared" / "departments.csv"
    assert shared.read_text("utf-8") == DEPARTMENTS


def _mutate(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = copy.deepcopy(GOOD)
    change(data)
    return data


CASES: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "missing title": (
        lambda d: d["measures"][3].pop("title_de"),
        "measures[3]: das Feld „title_de“ fehlt",
    ),
    "missing goals": (lambda d: d.pop("goals"), "das Feld „goals“ fehlt"),
    "empty title": (
        lambda d: d["measures"][0].__setitem__("title_de", "  "),
        "measures[0].title_de: darf nicht leer sein",
    ),
    "number as text": (
        lambda d: d["goals"][0].__setitem__("number", "1"),
        "goals[0].number: erwartet wird ein Wert vom Typ int",
    ),
    "bad modality": (
        lambda d: d["measures"][5].__setitem__("modality", "must"),
        "„must“ ist keiner der Werte",
    ),
    "duplicate code": (
        lambda d: d["measures"][1].__setitem__("code", "I.01"),
        "„I.01“ kommt mehrfach vor",
    ),
    "unknown instrument": (
        lambda d: d["measures"][1].__setitem__("instrument", "VIII"),
        "„VIII“ ist in der Datei nicht definiert",
    ),
    "unknown section": (
        lambda d: d["measures"][30].__setitem__("section", "Z"),
        "„Z“ ist in der Datei nicht definiert",
    ),
    "unknown partner": (
        lambda d: d["partnerships"][0].__setitem__("partner", "XX"),
        "partnerships[0].partner",
    ),
    "bad lines": (
        lambda d: d["measures"][2].__setitem__("lines", [9, 3]),
        "erwartet wird [erste Zeile, letzte Zeile]",
    ),
    "future format": (
        lambda d: d.__setitem__("format_version", 99),
        "Formatversion 99 wird nicht unterstützt",
    ),
    "not a catalogue": (lambda d: d.__setitem__("format", "other"), "„other“ ist keiner der Werte"),
    "list not a list": (
        lambda d: d["lists"].__setitem__("liaison_offices", {}),
        "lists.liaison_offices: erwartet wird eine Liste",
    ),
    "measures not a list": (
        lambda d: d.__setitem__("measures", "x"),
        "measures: erwartet wird ein Wert vom Typ list",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_tampered_catalogue_is_refused_with_the_place(case: str, tmp_path: Path) -> None:
    change, expected = CASES[case]
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(_mutate(change), ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CatalogueInvalid) as error:
        load_catalogue(path)
    text = translator("de").render(error.value.message)
    assert expected in text
    assert str(path) in text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "kein gültiges JSON"),
        (json.dumps(GOOD).encode()[:5000], "kein gültiges JSON (Zeile 1"),
        (b"\xff\xfe{}", "kein UTF-8-Text"),
        (b"[1, 2, 3]", "erwartet wird ein Wert vom Typ dict"),
        (b"[" * 100000 + b"]" * 100000, "zu tief verschachtelt"),
    ],
    ids=["empty", "truncated", "not-utf8", "not-an-object", "deeply-nested"],
)
def test_broken_catalogue_files(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "catalogue.json"
    path.write_bytes(content)
    with pytest.raises(CatalogueInvalid) as error:
        load_catalogue(path)
    assert expected in translator("de").render(error.value.message)


def test_oversized_catalogue_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(GOOD), encoding="utf-8")
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 1000)
    with pytest.raises(CatalogueInvalid) as error:
        load_catalogue(path)
    assert "zu groß" in translator("de").render(error.value.message)


def test_missing_catalogue(tmp_path: Path) -> None:
    with pytest.raises(CatalogueInvalid) as error:
        load_catalogue(tmp_path / "nope.json")
    assert "existiert nicht" in translator("de").render(error.value.message)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("code,name_de\nSK,Staatskanzlei\n", "fehlende Spalten: kind, name_pl, name_cs, note"),
        (
            DEPARTMENTS.replace("SMI,ministry", ",ministry"),
            "Zeile 3: code und name_de sind Pflichtangaben",
        ),
        (DEPARTMENTS + DEPARTMENTS.splitlines()[1] + "\n", "„SK“ kommt mehrfach vor"),
        (DEPARTMENTS.splitlines()[0] + "\n", "enthält keine Ressorts"),
        ('code,kind,name_de,name_pl,name_cs,note\n"SK,chancellery\n', "Zeile 2"),
    ],
    ids=["missing-columns", "missing-code", "duplicate", "empty", "broken-quote"],
)
def test_broken_departments_file(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "departments.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CatalogueInvalid) as error:
        load_departments(path)
    assert expected in translator("de").render(error.value.message)


def test_db_create_with_a_broken_catalogue_writes_nothing(
    data_dir: Path, tmp_path: Path, cli
) -> None:
    bad = tmp_path / "catalogue.json"
    bad.write_text(json.dumps(_mutate(lambda d: d["measures"][3].pop("title_de"))), "utf-8")
    result = cli("--data-dir", data_dir, "--lang", "pl", "db", "create", "--catalogue", bad)
    assert result.code == 3
    assert "brak pola „title_de”" in result.err
    assert "Traceback" not in result.err
    assert not (data_dir / "register.imag.sqlite").exists()


def test_db_create_loads_another_catalogue(data_dir: Path, tmp_path: Path, cli) -> None:
    """A second strategy is loaded the same way (here: the Saxon one cut down to two measures)."""
    small = _mutate(lambda d: d.__setitem__("measures", d["measures"][:2]))
    small["id"] = "test-strategy"
    path = tmp_path / "other.json"
    path.write_text(json.dumps(small, ensure_ascii=False), "utf-8")
    result = cli("--data-dir", data_dir, "--lang", "de", "db", "create", "--catalogue", path)
    assert result.code == 0, result.err
    assert "2 Maßnahmen" in result.out
    again = cli("--data-dir", data_dir, "--lang", "de", "db", "create")
    assert again.code == 2
    assert "bereits ein Register" in again.err
