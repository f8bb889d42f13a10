"""The independent validators every report must pass: ``page-validation`` (PyPI ``page``) for
PDF/A-2a, 2u, 2b and PDF/UA-1, and pikepdf's own PDF/A validator (``pdfa.validate_written``).

A report declares PDF/A-2a and PDF/UA-1. A file conforming to 2a conforms to 2u and 2b too, but
a validator of a lower level also checks that the file declares exactly that level: 2u and 2b
are checked on a copy that differs only in ``pdfaid:conformance`` (``U`` or ``B``). pikepdf's
validator knows level B only and no XMP schema beyond PDF/A's own: it checks a copy declared
``B`` without the PDF/UA identification (the extension schema describing it).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf

PROFILES = ("2a", "ua1", "2u", "2b")
_UA_DESCRIPTION = re.compile(
    rb'<rdf:Description rdf:about=""\s+xmlns:pdfaExtension=.*?</rdf:Description>\s*', re.S
)


_LEVEL = re.compile(rb"(<pdfaid:conformance[^>]*>)A(</pdfaid:conformance>)")


def declared_as(data: bytes, conformance: str, *, without_ua: bool = False) -> bytes:
    """The same PDF with its PDF/A conformance level ``conformance`` (nothing else changed:
    the letter is replaced in the uncompressed metadata, every byte else stays where it was;
    without the PDF/UA identification the file is saved again by pikepdf)."""
    if not without_ua:
        changed, found = _LEVEL.subn(rb"\g<1>" + conformance.encode() + rb"\g<2>", data)
        assert found == 1, "the report declares no PDF/A conformance level A"
        return changed
    with pikepdf.open(io.BytesIO(data)) as pdf:
        xmp = pdf.Root.Metadata.read_bytes()
        xmp, found = _LEVEL.subn(rb"\g<1>" + conformance.encode() + rb"\g<2>", xmp)
        assert found == 1, "the report declares no PDF/A conformance level A"
        xmp, found = _UA_DESCRIPTION.subn(b"", xmp)
        assert found == 1, "the report declares no PDF/UA identification"
        pdf.Root.Metadata.write(xmp)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, fix_metadata_version=False)
    return out.getvalue()


def failures(path: Path) -> list[str]:
    """Every rule a validator finds broken in the report at ``path`` (empty: it conforms)."""
    import page
    from pikepdf import pdfa

    data = path.read_bytes()
    found: list[str] = []
    for profile in PROFILES:
        checked = data if profile in ("2a", "ua1") else declared_as(data, profile[1].upper())
        report = page.validate_pdf_bytes(checked, profile=profile)
        found += [f"page {profile}: {f.rule_id}: {f.message}" for f in report.failures]
    written = pdfa.validate_written(io.BytesIO(declared_as(data, "B", without_ua=True)), "2b")
    if not written.passed:
        found += [f"pikepdf 2b ({written.verdict}): {finding}" for finding in written.findings]
    return found
