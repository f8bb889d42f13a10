"""Translation packages of the free texts: exported for Polish, filled in by a script as a
translation tool would (Babel's PO reader and writer), returned and imported; a tampered or
stale return is refused with the register unchanged."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from app.paths import AppPaths
from tests.support.free_text import codes as measure_codes
from tests.support.free_text import set_texts, stored
from tests.support.rounds_kit import table_dump

FILLED = {
    # German source → the translator's Polish (with the glossary's terms where the German has one)
    "comment": "Działanie realizowane zgodnie z planem (uwaga {n}).",
}


def _fill(po_text: str, translations: dict[str, str]) -> tuple[str, dict[str, str]]:
    """Every non-fuzzy entry translated by ``translations`` (context → text); returns the PO
    and what was written, by context."""
    catalog = read_po(io.StringIO(po_text), locale="pl")
    written = {}
    for message in catalog:
        if message.id and message.context in translations:
            message.string = translations[message.context]
            message.flags.discard("fuzzy")
            written[str(message.context)] = message.string
    buffer = io.BytesIO()
    write_po(buffer, catalog, include_previous=True)
    return buffer.getvalue().decode("utf-8"), written


@pytest.fixture
def register(demo_copy: AppPaths) -> Path:
    folder = demo_copy.data_dir
    codes = measure_codes(folder)
    set_texts(
        folder,
        [
            (codes[0], "comment", "Die Maßnahme läuft im Plan."),
            (codes[1], "comment", "Die Maßnahme läuft im Plan."),  # the same German: once
            (codes[2], "next_steps", "Abstimmung mit dem Ressort bis {n}."),
        ],
    )
    return folder


def _export_and_fill(cli, folder: Path, tmp_path: Path, fill) -> tuple[Path, dict[str, str]]:
    package = tmp_path / "pl.imag-translations"
    result = cli(
        "--data-dir", folder, "translations", "export", "--language", "pl", "--out", package
    )
    assert result.code == 0, result.err
    extracted = cli("translations", "extract", package)
    assert extracted.code == 0, extracted.err
    po_text, written = _fill(extracted.out, fill(extracted.out))
    po_file = tmp_path / "pl.po"
    po_file.write_text(po_text, encoding="utf-8")
    back = tmp_path / "pl.imag-translations-return"
    replied = cli("translations", "reply", package, po_file, "--out", back)
    assert replied.code == 0, replied.err
    return back, written


def _by_source(po_text: str, wanted: dict[str, str]) -> dict[str, str]:
    catalog = read_po(io.StringIO(po_text), locale="pl")
    return {str(m.context): wanted[m.id] for m in catalog if m.id in wanted}


def test_exported_filled_and_imported_changes_exactly_those_texts(
    cli, register: Path, tmp_path: Path
) -> None:
    codes = measure_codes(register)
    plan = "Działanie realizowane zgodnie z planem."
    steps = "Uzgodnienia z resortem do {n}."
    sources = {"Die Maßnahme läuft im Plan.": plan, "Abstimmung mit dem Ressort bis {n}.": steps}
    back, written = _export_and_fill(
        cli, register, tmp_path, lambda text: _by_source(text, sources)
    )
    assert len(written) == 2  # the identical German was one entry
    before = table_dump(register)

    dry = cli("--data-dir", register, "translations", "import", back, "--dry-run")
    assert dry.code == 0, dry.err
    assert table_dump(register) == before
    assert dry.out.count("\n") == 3

    done = cli("--data-dir", register, "translations", "import", back)
    assert done.code == 0, done.err
    assert stored(register) == {
        (codes[0], "comment", "pl", plan, "translated"),
        (codes[1], "comment", "pl", plan, "translated"),
        (codes[2], "next_steps", "pl", steps, "translated"),
    }
    after = table_dump(register)
    changed = {
        table
        for table in after
        if after[table] != before[table] and table not in ("audit_event", "text_translation")
    }
    assert changed == set()
    events = [row for row in after["audit_event"] if row not in before["audit_event"]]
    assert {(row[5], row[6]) for row in events} >= {(codes[0], "comment_pl")}

    exported = json.loads(cli("--data-dir", register, "measures", "export").out)
    by_code = {record["code"]: record for record in exported}
    assert by_code[codes[0]]["comment_pl"] == plan
    assert by_code[codes[0]]["comment_state_pl"] == "translated"
    assert by_code[codes[0]]["comment_state_cs"] == "missing"
    assert by_code[codes[2]]["next_steps_pl"] == steps


def test_a_tampered_or_stale_return_is_refused_with_the_register_unchanged(
    cli, register: Path, tmp_path: Path
) -> None:
    sources = {"Die Maßnahme läuft im Plan.": "Działanie realizowane zgodnie z planem."}
    back, _written = _export_and_fill(
        cli, register, tmp_path, lambda text: _by_source(text, sources)
    )
    before = table_dump(register)

    tampered = tmp_path / "tampered.imag-translations-return"
    data = bytearray(back.read_bytes())
    at = bytes(data).index(b"zgodnie")
    data[at : at + 7] = b"ZGODNIE"
    tampered.write_bytes(bytes(data))
    result = cli("--data-dir", register, "translations", "import", tampered)
    assert result.code != 0
    assert "zurückgewiesen" in result.err
    assert table_dump(register) == before

    codes = measure_codes(register)
    set_texts(register, [(codes[0], "comment", "Die Maßnahme ist verzögert.")])
    stale_before = table_dump(register)
    result = cli("--data-dir", register, "translations", "import", back)
    assert result.code != 0
    assert "seit dem Export geändert" in result.err
    assert table_dump(register) == stale_before


def test_a_translation_without_the_glossary_term_or_placeholder_is_refused(
    cli, register: Path, tmp_path: Path
) -> None:
    sources = {
        "Die Maßnahme läuft im Plan.": "Wszystko idzie dobrze.",  # "działanie" missing
        "Abstimmung mit dem Ressort bis {n}.": "Uzgodnienia z resortem.",  # {n} lost
    }
    back, _written = _export_and_fill(
        cli, register, tmp_path, lambda text: _by_source(text, sources)
    )
    before = table_dump(register)
    result = cli("--data-dir", register, "translations", "import", back)
    assert result.code != 0
    assert "działanie" in result.err or "{n}" in result.err
    assert "weitere Einträge mit Problemen: 1" in result.err
    assert table_dump(register) == before


def test_the_package_names_context_previous_source_and_glossary(
    cli, register: Path, tmp_path: Path
) -> None:
    codes = measure_codes(register)
    first, _written = _export_and_fill(
        cli,
        register,
        tmp_path,
        lambda text: _by_source(text, {"Die Maßnahme läuft im Plan.": "Działanie w planie."}),
    )
    assert cli("--data-dir", register, "translations", "import", first).code == 0
    set_texts(register, [(codes[0], "comment", "Die Maßnahme läuft nicht mehr im Plan.")])
    package = tmp_path / "again.imag-translations"
    cli("--data-dir", register, "translations", "export", "--language", "pl", "--out", package)
    po_text = cli("translations", "extract", package).out
    assert f'msgctxt "{codes[0]} comment"' in po_text
    assert '#| msgid "Die Maßnahme läuft im Plan."' in po_text
    assert "#. Glossary: Maßnahme → działanie" in po_text
    assert "#, fuzzy" in po_text
    with zipfile.ZipFile(package) as archive:
        assert archive.namelist() == ["manifest.json", "manifest.sig", "payload.json"]
