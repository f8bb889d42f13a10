"""``packaging/translations.py check`` fails on each kind of gap in the catalogs: a string in the
code that was not extracted, an entry that is missing, untranslated or fuzzy, placeholders that
differ, a plural without all of the language's forms, a catalog that does not parse, and a literal
text shown to the user without being marked for translation."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from tests.support.project import ROOT, load_translation_tool

tool = load_translation_tool()

PLURAL = ("{n} measure exported to {path}.", "{n} measures exported to {path}.")


def catalog_of(lang: str) -> Catalog:
    return tool._read(tool.po_path(lang), lang)


def plural_forms(catalog: Catalog) -> list[str]:
    string = catalog[PLURAL[0]].string
    assert isinstance(string, (tuple, list))
    return list(string)


@pytest.fixture(scope="module")
def template() -> Catalog:
    return tool.extract()


def test_the_catalogs_pass(template: Catalog) -> None:
    for lang in tool.LANGUAGES:
        assert tool.check_catalog(lang, catalog_of(lang), template) == []
    assert tool.unmarked_strings() == []


def test_a_new_string_in_the_code_fails_until_extracted(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "app", tmp_path / "app")
    module = tmp_path / "app" / "new_feature.py"
    module.write_text('from app.i18n import N_\n\nLABEL = N_("A brand new label")\n')
    template = tool.extract(tmp_path)
    problems = tool.check_catalog("pl", catalog_of("pl"), template)
    assert problems == ["pl: not in the catalog (run extract): 'A brand new label'"]


def test_an_untranslated_entry_fails(template: Catalog) -> None:
    catalog = catalog_of("cs")
    catalog["Progress"].string = ""
    assert tool.check_catalog("cs", catalog, template) == ["cs: 'Progress': not translated"]


def test_a_fuzzy_entry_fails(template: Catalog) -> None:
    catalog = catalog_of("de")
    catalog["Progress"].flags.add("fuzzy")
    assert tool.check_catalog("de", catalog, template) == ["de: 'Progress': fuzzy"]


def test_a_changed_placeholder_fails(template: Catalog) -> None:
    catalog = catalog_of("pl")
    forms = plural_forms(catalog)
    forms[1] = forms[1].replace("{path}", "{file}")
    catalog[PLURAL[0]].string = tuple(forms)
    [problem] = tool.check_catalog("pl", catalog, template)
    assert "placeholders differ" in problem
    assert "{file}" in problem


def test_a_missing_plural_form_fails(template: Catalog) -> None:
    catalog = catalog_of("cs")
    forms = plural_forms(catalog)
    catalog[PLURAL[0]].string = (forms[0], forms[1], "")
    assert tool.check_catalog("cs", catalog, template) == [
        f"cs: {PLURAL!r}: needs all 3 plural forms"
    ]


def test_the_number_of_plural_forms_comes_from_the_language(template: Catalog) -> None:
    """A Polish catalog whose header claims two forms does not get away with two."""
    from io import BytesIO

    from babel.messages.pofile import read_po

    text = tool.po_path("pl").read_text(encoding="utf-8")
    start = text.index('"Plural-Forms:')
    end = text.index('"MIME-Version')
    two_forms = text[:start] + '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n' + text[end:]
    catalog = read_po(BytesIO(two_forms.encode()), locale="pl")
    for message in catalog:
        if isinstance(message.id, tuple) and isinstance(message.string, tuple):
            message.string = message.string[:2]
    problems = tool.check_catalog("pl", catalog, template)
    assert problems[0].startswith("pl: the header's Plural-Forms has 2 forms; the language has 3")
    assert any("needs all 3 plural forms" in p for p in problems[1:])


def test_a_catalog_that_does_not_parse_is_refused(tmp_path: Path) -> None:
    """A misspelt keyword is an error, not a warning that lets the entry go untranslated."""
    text = tool.po_path("de").read_text(encoding="utf-8")
    broken = tmp_path / "imag.po"
    broken.write_text(
        text.replace('msgid "Progress"\nmsgstr', 'msgid "Progress"\nmsgtsr', 1), encoding="utf-8"
    )
    from babel.messages.pofile import PoFileError

    with pytest.raises(PoFileError, match="keyword"):
        tool._read(broken, "de", strict=True)


def test_unmarked_texts_are_found(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "screen.py").write_text(
        textwrap.dedent(
            """
            label = QLabel("Measures")                   # shown as it is: found
            box.setToolTip(f"<b>Status</b> {value}")     # found
            QMessageBox.warning(self, "Oops", _("x"))    # found
            Message("Not extracted {n}", n=1)            # found
            label = QLabel(_("Measures"))                # marked
            combo.addItem("–", None)                     # no words
            title = QLabel(f"<h2>{_('Reports')}</h2>")   # markup only
            logger.warning("daily backup failed")        # a log line, not for the user
            """
        ),
        encoding="utf-8",
    )
    problems = tool.unmarked_strings(tmp_path)
    assert [p.split(": text")[0] for p in problems] == [
        "app/screen.py:2",
        "app/screen.py:3",
        "app/screen.py:4",
        "app/screen.py:5",
    ]
