"""Turn ReportLab's output into an archivable, accessible PDF/A-2a and PDF/UA-1 file with pikepdf.

Adds the structure tree recorded during layout (:mod:`app.reports.structure`), the XMP metadata
(``pdfaid:part=2``, ``conformance=A``, ``pdfuaid:part=1`` with its extension schema, title,
author, subject, language, dates), an sRGB output intent, the document language, the viewer
showing the title and the bookmarks, print flags on annotations, and saves with a document ID
derived from the content, so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pikepdf

    from app.reports.tagging import Tree

CR_BEFORE_ENDSTREAM = b"\r\nendstream"
"""What qpdf writes after stream data that ends in CR (it adds LF before ``endstream``)."""
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
    structure: Tree | None = None
    """The structure tree recorded while the report was laid out."""


UA_EXTENSION = """<rdf:Description rdf:about=""
   xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
   xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
   xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"
   xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
 <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
  <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
  <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
  <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
  <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
   <pdfaProperty:name>part</pdfaProperty:name>
   <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
   <pdfaProperty:category>internal</pdfaProperty:category>
   <pdfaProperty:description
    >Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
  </rdf:li></rdf:Seq></pdfaSchema:property>
 </rdf:li></rdf:Bag></pdfaExtension:schemas>
 <pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
"""
"""PDF/UA's identification, with the schema description PDF/A asks for a schema it does not
predefine."""


@cache
def srgb_profile() -> bytes:
    """An sRGB ICC profile from Pillow's LittleCMS, with its creation date fixed."""
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = ICC_FIXED_DATE  # the header's creation date: otherwise "now"
    return bytes(data)


def _pdf_date(day: dt.date) -> str:
    return f"D:{day:%Y%m%d}000000Z"


def write_pdfa(source: io.BytesIO, target: Path, info: DocumentInfo) -> None:
    """ReportLab's file in ``source`` (closed once read: a large report holds one copy of
    the file at a time, not three) as PDF/A to ``target``."""
    import zlib

    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    from app.reports.structure import prepare, repair
    from app.reports.tagging import Tree
    from app.reports.tree_file import Base, write_with_tree

    source.seek(0)
    with pikepdf.open(source) as pdf:
        pdf.Root.Lang = String(info.lang_tag)
        pdf.Root.MarkInfo = Dictionary(Marked=True)
        pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        pdf.Root.PageMode = Name.UseOutlines
        prepare(pdf)
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

        # compressed here, so that repair() sees the bytes written (qpdf keeps Flate streams)
        profile = pdf.make_stream(zlib.compress(srgb_profile()))
        profile.Filter = Name.FlateDecode
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
            xmp["pdfaid:conformance"] = "A"
            xmp["dc:language"] = {info.lang_tag}
            xmp["xmp:MetadataDate"] = info.created.isoformat() + "T00:00:00Z"
        metadata = pdf.Root.Metadata.read_bytes()
        metadata = metadata.replace(b"</rdf:RDF>", UA_EXTENSION.encode() + b"</rdf:RDF>", 1)
        pdf.Root.Metadata.write(metadata)
        repair(pdf)
        # saved in memory and written by Python: QPDF writing a file on a full disk aborts the
        # whole process instead of raising an error
        buffer = io.BytesIO()
        _save(pdf, buffer)
    source.close()
    data = buffer.getvalue()
    buffer.close()
    data = without_cr_at_stream_end(data)
    with pikepdf.open(io.BytesIO(data)) as saved:
        pages = [page.obj.objgen[0] for page in saved.pages]
        base = Base(data, saved.Root.StructTreeRoot.objgen[0], pages, info.lang_tag)
    with target.open("wb") as out:
        write_with_tree(base, info.structure or Tree(), out)


def without_cr_at_stream_end(data: bytes) -> bytes:
    """The saved file again if a stream in it ends in CR (qpdf compressed one of ReportLab's
    uncompressed streams so): those streams padded."""
    import pikepdf

    from app.reports.structure import repair_stream_ends

    if CR_BEFORE_ENDSTREAM not in data:
        return data
    with pikepdf.open(io.BytesIO(data)) as pdf:
        repair_stream_ends(pdf)
        buffer = io.BytesIO()
        _save(pdf, buffer)
    return buffer.getvalue()


def _save(pdf: pikepdf.Pdf, buffer: io.BytesIO) -> None:
    """Saved with a document ID from the content, without object streams: the structure tree
    is added after (:mod:`app.reports.tree_file` reads the classic cross-reference table and
    writes the tree in object streams, PDF 1.5)."""
    pdf.save(
        buffer,
        deterministic_id=True,
        compress_streams=True,
        fix_metadata_version=False,
        min_version="1.5",
    )
