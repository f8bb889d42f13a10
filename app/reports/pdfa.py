"""Turn ReportLab's output into an archivable PDF/A-2b file with pikepdf.

Adds the XMP metadata (``pdfaid:part=2``, ``conformance=B``, title, author, subject, language,
dates), an sRGB output intent, the document language and print flags on annotations, and saves
with a document ID derived from the content, so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ICC_FIXED_DATE = bytes.fromhex("07d0 0001 0001 0000 0000 0000".replace(" ", ""))  # 2000-01-01
ANNOTATION_PRINT = 4


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    author: str
    subject: str
    keywords: str
    creator: str
    lang_tag: str  # "pl-PL"
    created: dt.date


@cache
def srgb_profile() -> bytes:
    """An sRGB ICC profile from Pillow's LittleCMS, with its creation date fixed."""
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = ICC_FIXED_DATE  # the header's creation date: otherwise "now"
    return bytes(data)


def _pdf_date(day: dt.date) -> str:
    return f"D:{day:%Y%m%d}000000Z"


def write_pdfa(pdf_bytes: bytes, target: Path, info: DocumentInfo) -> None:
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        pdf.Root.Lang = String(info.lang_tag)
        pdf.Root.MarkInfo = Dictionary(Marked=False)
        for key in list(pdf.docinfo.keys()):
            del pdf.docinfo[key]
        pdf.docinfo[Name.Title] = String(info.title)
        pdf.docinfo[Name.Author] = String(info.author)
        pdf.docinfo[Name.Subject] = String(info.subject)
        pdf.docinfo[Name.Keywords] = String(info.keywords)
        pdf.docinfo[Name.Creator] = String(info.creator)
        pdf.docinfo[Name.Producer] = String(f"ReportLab, pikepdf {pikepdf.__version__}")
        pdf.docinfo[Name.CreationDate] = String(_pdf_date(info.created))
        pdf.docinfo[Name.ModDate] = String(_pdf_date(info.created))

        profile = pdf.make_stream(srgb_profile())
        profile.N = 3
        intent = Dictionary(
            Type=Name.OutputIntent,
            S=Name.GTS_PDFA1,
            OutputConditionIdentifier=String("sRGB IEC61966-2.1"),
            Info=String("sRGB IEC61966-2.1"),
            DestOutputProfile=profile,
        )
        pdf.Root.OutputIntents = Array([pdf.make_indirect(intent)])

        for page in pdf.pages:
            for annotation in page.obj.get(Name.Annots, Array()):
                annotation.F = ANNOTATION_PRINT

        with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
            xmp.load_from_docinfo(pdf.docinfo, delete_missing=True)
            xmp["pdfaid:part"] = "2"
            xmp["pdfaid:conformance"] = "B"
            xmp["dc:language"] = {info.lang_tag}
            xmp["xmp:MetadataDate"] = info.created.isoformat() + "T00:00:00Z"
        # saved in memory and written by Python: QPDF writing a file on a full disk aborts the
        # whole process instead of raising an error
        buffer = io.BytesIO()
        pdf.save(buffer, deterministic_id=True, compress_streams=True, fix_metadata_version=False)
    target.write_bytes(buffer.getvalue())
