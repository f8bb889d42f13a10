"""A translation package's text as a PO file (GNU gettext), and the checks of a returned one.

Why PO rather than XLIFF 2: every translation tool the liaison offices may use reads and writes
PO (Poedit, OmegaT, Lokalize, Virtaal, memoQ, Trados, Weblate) while XLIFF 2 support is still
patchy, and PO holds all the context this needs: ``msgctxt`` is the measure's code and field,
``#.`` comments carry the glossary's terms the German source uses and the other measures that
share the segment, and a segment whose German changed is marked fuzzy with the previous German
as ``#| msgid`` and the outdated translation as a starting point, which the tools show as a
difference. Babel reads and writes it; no further dependency.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po

from app.errors import PackageRefused
from app.exchange.schema import refused
from app.free_text import glossary
from app.free_text.segments import Segment
from app.i18n import N_, Message

_PLACEHOLDER = re.compile(r"\{[^{}\s]*\}|%[sd]|https?://\S+[\w/]|[\w.+-]+@[\w-]+\.[\w.]+")
HEADER = """\
# The free texts of the IMAG register to translate: the measures' comments, next steps and
# reasons, the criteria sets' texts ("criteria:<set>"), the open rounds' texts ("round:<name>").
# msgctxt: where the text belongs and the field; msgid: the German text. Translate msgstr only and
# keep the glossary's terms named in the comments; a fuzzy entry is a suggestion (from the
# translation memory, or the outdated translation when the German changed, "#|" showing the
# earlier German): confirm or correct it. Empty and fuzzy entries are not taken."""
MAX_GROWTH = 3  # a translation at most three times as long as its source (plus a margin)


def context(segment: Segment) -> str:
    return f"{segment.code} {segment.field}"


def build(found: list[Segment], memory: dict[str, str], lang: str) -> tuple[str, dict[str, Any]]:
    """The PO text and the record the import compares with: context → German source and the
    (code, field) pairs it stands for. Identical German texts are one entry."""
    catalog = Catalog(
        locale=lang,
        header_comment=HEADER,
        project="IMAG register",
        version="",
        msgid_bugs_address="",
        fuzzy=False,
    )
    entries: dict[str, dict[str, Any]] = {}
    by_source: dict[str, str] = {}
    for segment in found:
        if segment.source in by_source:
            entries[by_source[segment.source]]["targets"].append(list(segment.key))
            continue
        ctx = by_source[segment.source] = context(segment)
        entries[ctx] = {"source": segment.source, "targets": [list(segment.key)]}
    for ctx, entry in entries.items():
        first = next(segment for segment in found if context(segment) == ctx)
        comments = [f"Glossary: {hint}" for hint in glossary.hints(entry["source"], lang)]
        others = [" ".join(target) for target in entry["targets"][1:]]
        if others:
            comments.append("Same text in: " + ", ".join(others))
        proposed = memory.get(entry["source"]) or first.text or ""
        catalog.add(
            entry["source"],
            proposed,
            context=ctx,
            auto_comments=comments,
            flags=("fuzzy",) if proposed else (),
            previous_id=first.previous_source or (),
        )
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, include_previous=True, omit_header=False)
    return buffer.getvalue().decode("utf-8"), entries


@dataclass(frozen=True)
class Returned:
    context: str
    source: str
    text: str


def parse(text: str, lang: str, file: str) -> list[Returned]:
    """The translated, confirmed (not fuzzy) entries of a returned PO text."""
    try:
        catalog = read_po(io.BytesIO(text.encode("utf-8")), locale=lang, abort_invalid=True)
    except (PoFileError, ValueError) as exc:
        raise refused(
            file, N_("its PO file cannot be read ({problem})"), problem=str(exc)
        ) from None
    return [
        Returned(str(message.context or ""), str(message.id), str(message.string))
        for message in catalog
        if message.id
        and isinstance(message.string, str)
        and message.string.strip()
        and not message.fuzzy
    ]


def problems(source: str, translation: str, lang: str) -> list[Message]:
    """What is wrong with ``translation`` of ``source``: placeholders, length, glossary terms."""
    found = []
    lost = sorted(set(_PLACEHOLDER.findall(source)) - set(_PLACEHOLDER.findall(translation)))
    if lost:
        found.append(Message(N_("placeholders missing: {items}"), items=", ".join(lost)))
    if len(translation) > MAX_GROWTH * len(source) + 40:
        found.append(
            Message(
                N_("{length} characters, too long for a source of {source}"),
                length=len(translation),
                source=len(source),
            )
        )
    missing = glossary.missing_terms(source, translation, lang)
    if missing:
        found.append(
            Message(N_("the glossary's terms are missing: {terms}"), terms=", ".join(missing))
        )
    return found


def refusal(file: str, where: str, problem: Message, more: int) -> PackageRefused:
    """The package refused for ``problem`` at the entry ``where``, and ``more`` others."""
    if more:
        return refused(
            file,
            N_("{where}: {problem} (further entries with problems: {more})"),
            where=where,
            problem=problem,
            more=more,
        )
    return refused(file, N_("{where}: {problem}"), where=where, problem=problem)
