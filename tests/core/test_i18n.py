"""Translations: catalogs load, plurals follow each language's rules, the language is chosen in
the documented order."""

from __future__ import annotations

import pytest

from app import i18n
from app.i18n import N_, NP_, Message, resolve_language, translator
from tests.support.project import load_translation_tool


@pytest.mark.parametrize(
    ("lang", "forms"),
    [
        ("de", {1: "1 Maßnahme", 2: "2 Maßnahmen", 5: "5 Maßnahmen"}),
        (
            "pl",
            {
                1: "1 działanie",
                2: "2 działania",
                5: "5 działań",
                22: "22 działania",
                12: "12 działań",
            },
        ),
        (
            "cs",
            {1: "1 opatření exportováno", 3: "3 opatření exportována", 5: "5 opatření exportováno"},
        ),
    ],
)
def test_plural_forms(lang: str, forms: dict[int, str]) -> None:
    tr = translator(lang)
    for n, expected in forms.items():
        text = tr.render(
            Message(
                *NP_("{n} measure exported to {path}.", "{n} measures exported to {path}."),
                n=n,
                path="x",
            )
        )
        assert expected in text, (n, text)


def test_nested_messages_are_rendered_in_the_same_language() -> None:
    inner = Message(N_("it is not an SQLite database."))
    outer = Message(
        N_(
            "The register file {path} is damaged or not a register: {reason} The file was not "
            "changed. Restore a backup with “imag db restore FILE”."
        ),
        path="p",
        reason=inner,
    )
    assert "keine SQLite-Datenbank" in translator("de").render(outer)
    assert "není to databáze SQLite" in translator("cs").render(outer)


def test_source_language_is_english_and_unknown_is_refused() -> None:
    assert translator("en").gettext("Progress") == "Progress"
    with pytest.raises(ValueError, match="unsupported"):
        translator("fr")


def test_language_resolution_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "build_default_language", lambda: None)
    monkeypatch.setenv("LANG", "cs_CZ.UTF-8")
    assert resolve_language("pl") == "pl"  # the user's setting wins
    assert resolve_language(None) == "cs"  # then (no build default) the system's language
    monkeypatch.setattr(i18n, "build_default_language", lambda: "pl")
    assert resolve_language(None) == "pl"  # a build's default comes before the system's
    monkeypatch.setattr(i18n, "build_default_language", lambda: None)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert resolve_language(None) == "de"  # German when nothing else fits


def test_po_compiled_in_memory_matches_the_check_tool() -> None:
    """Every catalog entry is translated; the run-time loader sees the same texts."""
    tool = load_translation_tool()
    template = tool.extract()
    for lang in tool.LANGUAGES:
        catalog = tool._read(tool.po_path(lang), lang)
        assert tool.check_catalog(lang, catalog, template) == []
        tr = translator(lang)
        for message in catalog:
            if message.id and isinstance(message.id, str):
                assert tr.gettext(message.id) == message.string


def test_the_reason_a_file_cannot_be_written_is_in_the_users_language(tmp_path) -> None:
    from app.errors import NotWritable
    from app.fileio import write_atomically

    target = tmp_path / "missing-folder" / "return.imag-return"
    with pytest.raises(NotWritable) as caught:
        write_atomically(target, lambda path: path.write_bytes(b"x"))
    polish = translator("pl").render(caught.value.message)
    assert polish.endswith(f"{target}: folder lub plik nie istnieje"), polish
    assert "složka nebo soubor neexistuje" in translator("cs").render(caught.value.message)
    assert not target.parent.exists()


def test_a_nested_sentence_does_not_double_the_full_stop() -> None:
    inner = Message(N_("The department {code} is retired."), code="SMJ")
    outer = Message(N_("The package {file} was refused: {reason}. Nothing was changed."),
                    file="a.imag-return", reason=inner)  # fmt: skip
    text = translator("de").render(outer)
    reason = translator("de").render(inner)
    assert reason.endswith(".")
    assert text == (
        f"Das Paket a.imag-return wurde zurückgewiesen: {reason[:-1]}. Es wurde nichts geändert."
    )
    # a file name that ends in dots stays as it is (only nested messages lose their stop)
    dotted = Message(
        N_("The package {file} was refused: {reason}. Nothing was changed."),
        file="x..",
        reason=inner,
    )
    assert "Paket x.. wurde" in translator("de").render(dotted)


def test_a_catalog_is_compiled_once_and_then_read_from_the_cache(monkeypatch) -> None:
    """Issue 18: no start but the first parses a ``.po``; the compiled catalog is kept under
    the ``.po``'s hash (a changed ``.po`` is compiled again)."""
    import babel.messages.pofile

    from app.paths import cache_dir
    from app.resources import translations_dir

    po = translations_dir() / "pl" / "LC_MESSAGES" / "imag.po"
    first = i18n._load_catalog("pl")
    cached = list((cache_dir() / "catalogs").glob("imag-pl-*.mo"))
    assert len(cached) == 1

    def refuse(*_args, **_kwargs):
        raise AssertionError("a .po was parsed although its compiled catalog is cached")

    monkeypatch.setattr(babel.messages.pofile, "read_po", refuse)
    again = i18n._load_catalog("pl")
    assert again.gettext("Register") == first.gettext("Register") != "Register"
    changed = po.read_bytes() + b"\n"
    with pytest.raises(AssertionError, match="parsed"):
        i18n._compiled("pl", changed)
