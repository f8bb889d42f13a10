"""Reading reports back in tests: a report written from a register, its text as pdftotext gives
it, and the German report labels that must not appear in a Polish or Czech report."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

from app.paths import AppPaths
from app.reports import ReportKind, ReportRequest, ReportResult, write_report
from app.storage.register import open_register
from tests.support.project import ROOT


def pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    ).stdout


def flat(text: str) -> str:
    """Text with line breaks and hyphenation-free wrapping joined into single spaces."""
    return re.sub(r"\s+", " ", text)


def report(paths: AppPaths, target: Path, **options: object) -> ReportResult:
    options.setdefault("kind", ReportKind.CABINET)
    options.setdefault("lang", "pl")
    with open_register(paths, readonly=True) as register:
        return write_report(register, ReportRequest(**options), target)  # type: ignore[arg-type]


def german_labels(lang: str) -> list[str]:
    """Literal pieces of the German report labels that differ from the ``lang`` translation."""

    def catalog(code: str):
        path = ROOT / "translations" / code / "LC_MESSAGES" / "imag.po"
        with path.open("rb") as fh:
            return read_po(fh, locale=code)

    german, other = catalog("de"), catalog(lang)
    pieces: set[str] = set()
    for message in german:
        if not message.id or not any(
            name.startswith(("app/reports/", "app/models/labels.py"))
            for name, _line in message.locations
        ):
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        translated = other.get(message.id, context=message.context)
        assert translated is not None
        foreign = (
            translated.string if isinstance(translated.string, tuple) else (translated.string,)
        )
        for value in strings:
            for part in re.split(r"\{[a-z_]+\}", value):
                piece = part.strip(" .,:;–()„“")
                if len(piece) >= 5 and not any(piece in f for f in foreign):
                    pieces.add(piece)
    return sorted(pieces)


SHOWS_TEXT = {"Tj", "TJ", "'", '"'}


def without_german_spans(path: Path, target: Path) -> Path:
    """A copy of the report at ``path`` with the text inside its passages marked as German
    (``/Span <</Lang (de-DE)>> BDC`` … ``EMC``) left out: what a reader sees that is not marked."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            kept: list[tuple[Any, Any]] = []
            depth = 0  # depth: marked-content levels open inside a German passage
            for instruction in pikepdf.parse_content_stream(page):
                operands, operator = instruction.operands, instruction.operator
                name = str(operator)
                if name in ("BDC", "BMC"):
                    german = (
                        name == "BDC"
                        and len(operands) > 1
                        and isinstance(operands[1], pikepdf.Dictionary)
                        and str(operands[1].get("/Lang", "")) == "de-DE"
                    )
                    depth += 1 if depth or german else 0
                elif name == "EMC" and depth:
                    depth -= 1
                elif depth and name in SHOWS_TEXT:
                    continue
                kept.append((operands, operator))
            page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(kept))
        pdf.save(target)
    return target
