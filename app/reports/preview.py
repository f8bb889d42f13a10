"""A written report's pages as pictures, for the window's preview (no Qt): PDFium (pypdfium2)
renders them one by one from the report's bytes, so that a caller on its own thread can show
each page as it comes and stop between pages."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

PREVIEW_DPI = 110
"""The preview's resolution: an A4 page about 910 pixels wide, sharp at 100 % and readable at
150 % scaling."""


@dataclass(frozen=True)
class PagePicture:
    """One page as 8-bit RGB pixels, ``stride`` bytes a row."""

    number: int  # from 0
    count: int  # the pages of the document
    width: int
    height: int
    stride: int
    pixels: bytes


def page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def render_pages(
    data: bytes, *, dpi: int = PREVIEW_DPI, cancelled: Callable[[], bool] = lambda: False
) -> Iterator[PagePicture]:
    """The pages of the PDF ``data``, first to last, until ``cancelled()`` says stop."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        count = len(document)
        for number in range(count):
            if cancelled():
                return
            page = document[number]
            try:
                bitmap = page.render(scale=dpi / 72, rev_byteorder=True, fill_color=(255,) * 4)
                try:
                    pixels = bytes(bitmap.buffer)
                    picture = PagePicture(
                        number, count, bitmap.width, bitmap.height, bitmap.stride, pixels
                    )
                finally:
                    bitmap.close()
            finally:
                page.close()
            yield picture
    finally:
        document.close()
