"""Translation catalogs: extract, update, check and compile (Babel; run from the project root).

    python packaging/translations.py extract   # update translations/imag.pot and the .po files
    python packaging/translations.py check     # fail on anything missing, fuzzy or inconsistent
    python packaging/translations.py compile   # build the .mo files (not committed)

``check`` extracts afresh and compares, so a new string that was not added to the catalogs fails,
as do untranslated or fuzzy entries, placeholders that differ between source and translation,
plural entries that lack one of the language's forms (counted by the language's rules, not by
the catalog's own header), a catalog that does not parse, and a literal text handed to a Qt
widget or to ``Message`` without being marked for translation (it would never be extracted).
"""

from __future__ import annotations

import argparse
import ast
import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError, read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "translations"
TEMPLATE = FOLDER / "imag.pot"
LANGUAGES = ("de", "pl", "cs")
KEYWORDS = {
    "_": None,
    "gettext": None,
    "N_": None,
    "NP_": (1, 2),
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%\([a-z_]+\)[sdr]|%[sdr]")
# Calls whose string arguments the user reads: Qt's text setters and widgets, message boxes, and
# the core's Message (its text must be wrapped in N_ or NP_, or it is never extracted).
TEXT_SINKS = frozenset(
    {
        "Message",
        "QAction",
        "QCheckBox",
        "QGroupBox",
        "QLabel",
        "QPushButton",
        "QRadioButton",
        "addAction",
        "addItem",
        "addMenu",
        "addRow",
        "addTab",
        "insertTab",
        "setAccessibleDescription",
        "setAccessibleName",
        "setLabelText",
        "setPlaceholderText",
        "setStatusTip",
        "setTabText",
        "setText",
        "setTitle",
        "setToolTip",
        "setWindowTitle",
        "showMessage",
    }
)
MESSAGE_BOXES = frozenset({"critical", "information", "question", "warning", "about"})


def po_path(lang: str) -> Path:
    return FOLDER / lang / "LC_MESSAGES" / "imag.po"


def extract(root: Path = ROOT) -> Catalog:
    catalog = Catalog(
        project="IMAG register",
        version="",
        copyright_holder="IMAG register developers",
        msgid_bugs_address="",
        charset="utf-8",
        fuzzy=False,
    )
    method_map = [("app/**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root),
        method_map=method_map,
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        if not filename.startswith("app"):
            continue
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def _write(path: Path, catalog: Catalog) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=False, no_location=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def _read(path: Path, lang: str, *, strict: bool = False) -> Catalog:
    """The catalog at ``path``; with ``strict``, a line that does not parse raises
    :class:`PoFileError` instead of a warning."""
    with path.open("rb") as fh:
        return read_po(fh, locale=lang, abort_invalid=strict)


def cmd_extract() -> int:
    template = extract()
    _write(TEMPLATE, template)
    for lang in LANGUAGES:
        path = po_path(lang)
        catalog = (
            _read(path, lang)
            if path.exists()
            else Catalog(locale=lang, charset="utf-8", project="IMAG register", fuzzy=False)
        )
        catalog.update(template, no_fuzzy_matching=True)
        catalog.fuzzy = False
        # an obsolete entry with the id of a live one is a duplicate to GNU msgfmt
        for key in [key for key in catalog.obsolete if catalog.get(*_key(key)) is not None]:
            del catalog.obsolete[key]
        _write(path, catalog)
    print(f"{len(template)} messages extracted")
    return 0


def _key(key: object) -> tuple[str, str | None]:
    """``(id, context)`` of a catalog's key (a bare id, or a tuple with the context)."""
    if isinstance(key, tuple):
        return str(key[0]), key[1] if len(key) > 1 else None
    return str(key), None


def _ids(catalog: Catalog) -> set[tuple[object, str | None]]:
    return {(m.id, m.context) for m in catalog if m.id}


def check_catalog(lang: str, catalog: Catalog, template: Catalog) -> list[str]:
    problems: list[str] = []
    missing = _ids(template) - _ids(catalog)
    for message_id, _context in sorted(missing, key=str):
        problems.append(f"{lang}: not in the catalog (run extract): {message_id!r}")
    expected_forms = get_plural(lang).num_plurals
    if catalog.num_plurals != expected_forms:
        problems.append(
            f"{lang}: the header's Plural-Forms has {catalog.num_plurals} forms; the language has "
            f"{expected_forms} ({get_plural(lang)})"
        )
    for message in catalog:
        if not message.id:
            continue
        label = f"{lang}: {message.id!r}"
        if message.fuzzy:
            problems.append(f"{label}: fuzzy")
        if isinstance(message.id, (list, tuple)):
            strings = (
                [str(s) for s in message.string]
                if isinstance(message.string, (list, tuple))
                else []
            )
            if len(strings) != expected_forms or not all(strings):
                problems.append(f"{label}: needs all {expected_forms} plural forms")
            sources = [str(s) for s in message.id]
        else:
            strings = [str(message.string)] if message.string else []
            if not strings:
                problems.append(f"{label}: not translated")
            sources = [str(message.id)]
        wanted = sorted(set(PLACEHOLDER.findall(sources[-1])))
        for string in strings:
            if string and sorted(set(PLACEHOLDER.findall(string))) != wanted:
                problems.append(f"{label}: placeholders differ in {string!r}")
    return problems


def _literal_text(node: ast.expr) -> str | None:
    """The words a literal argument shows the user (markup, placeholders and symbols dropped)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = " ".join(str(part.value) for part in node.values if isinstance(part, ast.Constant))
    else:
        return None
    words = re.sub(r"<[^>]*>|&\w+;|\{[^}]*\}", " ", text)
    return words if re.search(r"[^\W\d_]{2,}", words) else None


def unmarked_strings(root: Path = ROOT) -> list[str]:
    """Literal texts handed to the user without going through the catalogs."""
    problems = []
    for path in sorted((root / "app").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            message_box = (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id == "QMessageBox"
                and name in MESSAGE_BOXES
            )
            if name not in TEXT_SINKS and not message_box:
                continue
            arguments = [*node.args, *(k.value for k in node.keywords)]
            for argument in arguments:
                if _literal_text(argument) is not None:
                    where = f"{path.relative_to(root)}:{argument.lineno}"
                    problems.append(
                        f"{where}: text not marked for translation in {name}(): "
                        f"{ast.unparse(argument)}"
                    )
    return problems


def cmd_check() -> int:
    template = extract()
    problems: list[str] = unmarked_strings()
    stale_template = _ids(_read(TEMPLATE, "en")) ^ _ids(template) if TEMPLATE.exists() else True
    if stale_template:
        problems.append(f"{TEMPLATE.relative_to(ROOT)} is not up to date (run extract)")
    for lang in LANGUAGES:
        path = po_path(lang)
        if not path.exists():
            problems.append(f"{lang}: {path} is missing")
            continue
        try:
            catalog = _read(path, lang, strict=True)
        except PoFileError as error:
            problems.append(f"{lang}: {path.relative_to(ROOT)} does not parse: {error}")
            continue
        problems.extend(check_catalog(lang, catalog, template))
        stale = _ids(catalog) - _ids(template)
        for message_id, _context in sorted(stale, key=str):
            problems.append(f"{lang}: no longer used (run extract): {message_id!r}")
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"translation check: {len(template)} messages, {len(problems)} problems")
    return 1 if problems else 0


def cmd_compile() -> int:
    for lang in LANGUAGES:
        catalog = _read(po_path(lang), lang)
        with po_path(lang).with_suffix(".mo").open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("extract", "check", "compile"))
    args = parser.parse_args(argv)
    return {"extract": cmd_extract, "check": cmd_check, "compile": cmd_compile}[args.command]()


if __name__ == "__main__":
    raise SystemExit(main())
