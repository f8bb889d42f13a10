"""``imag selftest``: does this installation work? (No Qt: it runs without a display.)

In a temporary data folder it creates a register from the strategy catalogue, writes a measure
through the same operation the window uses, reads it back, checks the file's integrity, and
writes a one-page fact sheet of that measure in German, Polish and Czech, each read back from
the PDF: the page count, the document language, the embedded fonts, and the text in the
report's language (the catalog's words and the measure's title with the language's letters).
Last, words are sorted by each language's alphabet (the collation that ICU brings along).
Nothing outside the temporary folder is read or written but the program's own files.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import UserError
from app.i18n import LANGUAGES, N_, NP_, Message, Translator, translator

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.paths import AppPaths

ACTOR = "selftest"
# A measure title per language with that language's own letters, to find in its report.
TITLES = {
    "de": "Selbsttest: Größe, Übung, Maß",
    "pl": "Autotest: zażółć gęślą jaźń",
    "cs": "Autotest: příliš žluťoučký kůň",
}
# Words in each language's alphabetical order, which code point order gets wrong.
ALPHABETS = {
    "de": ("Arger", "Ärger", "Bär", "Zoo"),
    "pl": ("Lublin", "Lwów", "Łódź", "Zakopane"),
    "cs": ("Cesta", "Čechy", "Hrad", "Chrudim"),
}


class CheckFailed(Exception):
    """A check found something wrong; the message says what (in English, for the log)."""


@dataclass(frozen=True)
class Outcome:
    ok: bool
    text: str


def run(tr: Translator, report: Callable[[str], None]) -> bool:
    """Run every check, ``report`` a translated line for each; true if all passed."""
    outcomes: list[Outcome] = []

    def record(outcome: Outcome) -> None:
        outcomes.append(outcome)
        mark = tr.gettext("ok") if outcome.ok else tr.gettext("FAILED")
        report(f"[{mark}] {outcome.text[:1].upper()}{outcome.text[1:]}")

    with tempfile.TemporaryDirectory(prefix="imag-selftest-") as folder:
        for outcome in _checks(tr, Path(folder)):
            record(outcome)
            if not outcome.ok:
                break
    failed = sum(not o.ok for o in outcomes)
    if failed:
        report(tr.render(Message(N_("Self-test failed."))))
    else:
        report(
            tr.render(
                Message(
                    *NP_("Self-test passed: {n} check.", "Self-test passed: {n} checks."),
                    n=len(outcomes),
                )
            )
        )
    return failed == 0


def _checks(tr: Translator, folder: Path) -> Iterator[Outcome]:
    from app.paths import resolve

    paths = resolve(folder / "data")
    steps: list[Callable[[], Message]] = []
    state: dict[str, Any] = {}
    steps.append(lambda: _create(paths, state))
    steps.append(lambda: _write_and_read(paths, state))
    steps.append(lambda: _integrity(paths))
    for lang in LANGUAGES:
        steps.append(lambda lang=lang: _report(paths, state, lang, folder))  # type: ignore[misc]
    steps.append(_alphabets)
    for step in steps:
        try:
            yield Outcome(True, tr.render(step()))
        except UserError as error:
            yield Outcome(False, tr.render(error.message))
        except CheckFailed as error:
            yield Outcome(False, tr.render(Message(N_("Check failed: {reason}"), reason=error)))
        except Exception as error:
            yield Outcome(
                False,
                tr.render(
                    Message(
                        N_("Unexpected error: {error}"), error=f"{type(error).__name__}: {error}"
                    )
                ),
            )


@contextmanager
def _session(paths: AppPaths, *, readonly: bool = False) -> Iterator[Session]:
    from app.storage.register import open_register

    with (
        open_register(paths, readonly=readonly, actor=ACTOR) as register,
        register.session() as session,
    ):
        yield session


def _create(paths: AppPaths, state: dict[str, Any]) -> Message:
    from sqlalchemy import func, select

    from app.models import Measure

    paths.ensure()
    with _session(paths) as session:
        count = session.scalar(select(func.count(Measure.id))) or 0
    if count == 0:
        raise CheckFailed("the new register holds no measures")
    state["measures"] = count
    return Message(
        *NP_(
            "A temporary register was created from the strategy catalogue: {n} measure.",
            "A temporary register was created from the strategy catalogue: {n} measures.",
        ),
        n=count,
    )


def _write_and_read(paths: AppPaths, state: dict[str, Any]) -> Message:
    from app.operations import measures
    from app.operations.context import Actor
    from app.operations.measures import MeasureInput

    data = MeasureInput(
        instrument="I",
        title_de=TITLES["de"],
        title_pl=TITLES["pl"],
        title_cs=TITLES["cs"],
        progress=40,
    )
    with _session(paths) as session:
        code = measures.create_measure(session, Actor(ACTOR, "cli"), data)
    with _session(paths, readonly=True) as session:
        back, _revision = measures.measure_input(session, code)
    for name in ("title_de", "title_pl", "title_cs", "progress"):
        if getattr(back, name) != getattr(data, name):
            raise CheckFailed(f"{name} read back as {getattr(back, name)!r}")
    state["code"] = code
    return Message(N_("Measure {code} was written and read back unchanged."), code=code)


def _integrity(paths: AppPaths) -> Message:
    from app.storage.fileformat import inspect

    inspect(paths.register_file, thorough=True)  # raises a UserError if anything is wrong
    return Message(N_("The register file passed the integrity check."))


def _report(paths: AppPaths, state: dict[str, Any], lang: str, folder: Path) -> Message:
    from app.reports import ReportKind, ReportRequest, write_report
    from app.reports.formatting import LANGUAGE_NAMES
    from app.storage.register import open_register

    target = folder / f"fact-sheet-{lang}.pdf"
    request = ReportRequest(kind=ReportKind.MEASURE, lang=lang, measure=state["code"])
    with open_register(paths, readonly=True) as register:
        result = write_report(register, request, target)
    tr = translator(lang)
    expected = [tr.gettext("Measure fact sheet"), TITLES[lang]]
    facts = read_pdf(target)
    if facts.pages < 1:
        raise CheckFailed(f"{target.name} has no page")
    if facts.language != tr.tag:
        raise CheckFailed(f"{target.name} is marked as {facts.language!r}")
    if facts.unembedded_fonts:
        raise CheckFailed(f"fonts not embedded: {', '.join(facts.unembedded_fonts)}")
    missing = [text for text in expected if text not in facts.text]
    if missing:
        raise CheckFailed(f"{target.name} lacks the text {missing}")
    return Message(
        *NP_(
            "{language}: report written and read back, {n} page, fonts embedded, “{title}”.",
            "{language}: report written and read back, {n} pages, fonts embedded, “{title}”.",
        ),
        language=Message(LANGUAGE_NAMES[lang]),
        n=result.pages,
        title=expected[0],
    )


def _alphabets() -> Message:
    for lang, words in ALPHABETS.items():
        found = tuple(translator(lang).sorted(reversed(words)))
        if found != words:
            raise CheckFailed(f"{lang} sorts {', '.join(found)}")
    return Message(N_("Lists are sorted by the German, Polish and Czech alphabets."))


@dataclass(frozen=True)
class PdfFacts:
    pages: int
    language: str
    unembedded_fonts: list[str]
    text: str


def read_pdf(path: Path) -> PdfFacts:
    """What the self-test needs to know of a PDF, read with pikepdf (bundled for PDF/A)."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        texts: list[str] = []
        unembedded: set[str] = set()
        for page in pdf.pages:
            resources: Any = page.obj.get("/Resources", {})
            fonts: Any = resources.get("/Font", {})
            for font in fonts.values():
                descriptor = font.get("/FontDescriptor")
                if descriptor is None or not any(
                    key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
                ):
                    unembedded.add(str(font.get("/BaseFont", "?")))
            texts.append(_page_text(page, fonts))
        return PdfFacts(
            pages=len(pdf.pages),
            language=str(pdf.Root.get("/Lang", "")),
            unembedded_fonts=sorted(unembedded),
            text="\n".join(texts),
        )


def _to_unicode(font: Any) -> dict[int, str]:
    """A simple font's ToUnicode map (single-byte codes, as ReportLab writes them)."""
    stream = font.get("/ToUnicode")
    if stream is None:
        return {}
    cmap = stream.read_bytes().decode("latin-1")
    mapping = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            if int(target, 16):
                mapping[int(code, 16)] = bytes.fromhex(target).decode("utf-16-be")
    return mapping


def _page_text(page: Any, fonts: Any) -> str:
    """The text a page shows, one line per text operator, decoded through each font's map."""
    import pikepdf

    maps: dict[str, dict[int, str]] = {}
    current: dict[int, str] = {}
    lines = []
    for instruction in pikepdf.parse_content_stream(page, "Tf Tj TJ ' \""):
        if not isinstance(instruction, pikepdf.ContentStreamInstruction):
            continue
        operands, name = instruction.operands, str(instruction.operator)
        if name == "Tf":
            key = str(operands[0])
            if key not in maps:
                maps[key] = _to_unicode(fonts.get(key, {}))
            current = maps[key]
            continue
        pieces = operands[0] if name == "TJ" else operands[-1:]
        raw = b"".join(bytes(p) for p in pieces if isinstance(p, pikepdf.String))
        lines.append("".join(current.get(byte, chr(byte)) for byte in raw))
    return "\n".join(lines)
