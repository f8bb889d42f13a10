"""Prepare the PDF with pikepdf for its structure tree (written by :mod:`app.reports.tree_file`)
and repair what ReportLab writes that PDF/A and PDF/UA do not allow.

Each page gets ``StructParents`` (its key in the parent tree) and ``Tabs /S``. The repairs: no
empty ``/Trans`` on the pages, no ToUnicode entry mapping to U+0000 (ReportLab maps its unused
codes there), and no stream whose encoded data ends in CR (read as part of the end-of-line
before ``endstream``).
"""

from __future__ import annotations

import re
import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pikepdf


def prepare(pdf: pikepdf.Pdf) -> None:
    """What the structure tree needs besides its own objects: each page's ``StructParents``
    (its key in the parent tree) and ``Tabs``, and a placeholder ``StructTreeRoot`` that
    :mod:`app.reports.tree_file` replaces by the tree when the file is written."""
    from pikepdf import Dictionary, Name

    for index, page in enumerate(pdf.pages):
        page.obj.StructParents = index
        page.obj.Tabs = Name.S
    pdf.Root.StructTreeRoot = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))


_TO_NULL = re.compile(rb"<[0-9A-Fa-f]+> <0000>\n")
_BEYOND_BMP = re.compile(rb"(?<=> )<([0-9A-Fa-f]{5,6})>")


def repair(pdf: pikepdf.Pdf) -> None:
    """Remove what ReportLab writes that the standards forbid (see the module's doc)."""
    from pikepdf import Name

    done: set[tuple[int, int]] = set()
    for page in pdf.pages:
        if Name.Trans in page.obj and not page.obj.Trans.keys():
            del page.obj.Trans
        resources = page.obj.get(Name.Resources)
        fonts = resources.get(Name.Font) if resources is not None else None
        for font in fonts.values() if fonts is not None else ():
            unicode_map = font.get(Name.ToUnicode)
            if unicode_map is None or unicode_map.objgen in done:
                continue
            done.add(unicode_map.objgen)
            _repair_unicode_map(unicode_map)
    repair_stream_ends(pdf)


def repair_stream_ends(pdf: pikepdf.Pdf) -> bool:
    """Re-encode every stream whose encoded data ends in CR; whether there was one."""
    from pikepdf import Stream

    return bool(sum(_no_cr_at_end(obj) for obj in pdf.objects if isinstance(obj, Stream)))


def _utf16(match: re.Match[bytes]) -> bytes:
    code = int(match.group(1), 16)
    return b"<%s>" % chr(code).encode("utf-16-be").hex().upper().encode()


def _repair_unicode_map(unicode_map: pikepdf.Object) -> None:
    """ReportLab maps every unused code of a subset (and ``.notdef``) to U+0000: PDF/A-2u and
    PDF/UA forbid that value. The codes are never drawn (a character without a glyph is refused
    before), so their entries go. A character beyond U+FFFF (an emoji) it writes as
    ``<1F600>``; a ToUnicode CMap wants UTF-16 (a surrogate pair)."""
    from pikepdf import Name

    data = unicode_map.read_bytes()
    kept = _BEYOND_BMP.sub(_utf16, _TO_NULL.sub(b"", data))
    if kept == data:
        return
    # each bfchar block's count is the number of entries left in it
    blocks = re.split(rb"(\d+ beginbfchar\n)", kept)
    out = [blocks[0]]
    for body in blocks[2::2]:
        entries, end, rest = body.partition(b"endbfchar")
        count = entries.count(b"\n")
        if count:
            out.append(b"%d beginbfchar\n%s%s%s" % (count, entries, end, rest))
        else:
            out.append(rest.lstrip(b"\n"))
    unicode_map.write(zlib.compress(b"".join(out)), filter=Name.FlateDecode)


def _no_cr_at_end(stream: pikepdf.Stream) -> bool:
    """Encoded data ending in CR reads as the CR of a CR LF before ``endstream``: a validator
    then finds the length wrong (ISO 19005-2, 6.1.7.1). Append a byte the stream's kind ignores
    (white space to a content stream or CMap, a zero to a font program) until it does not."""
    from pikepdf import Name

    if not stream.read_raw_bytes().endswith(b"\r"):
        return False
    if stream.get(Name.Type) == Name.Metadata:
        return False
    data = stream.read_bytes()
    pad = b"\0" if Name.Length1 in stream else b"\n"
    while True:
        data += pad
        encoded = zlib.compress(data)
        if not encoded.endswith(b"\r"):
            break
    stream.write(encoded, filter=Name.FlateDecode)
    if Name.Length1 in stream:
        stream.Length1 = len(data)
    return True
