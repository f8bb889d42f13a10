"""Tagged PDF: the structure tree of a report, recorded while ReportLab draws it.

ReportLab does not tag. While a report is laid out, every flowable the frame draws is wrapped in
a marked-content sequence with its own MCID (``/P <</MCID 3>> BDC … EMC``), and a structure
element (paragraph, heading, table cell, figure) that owns it is added to a tree built alongside
in reading order. Everything else a page carries (header, footer, page numbers, the draft mark,
table backgrounds and rules, repeated header rows) is drawn as an artifact. :mod:`pdfa` turns the
tree into the PDF's ``StructTreeRoot`` and parent tree.

Nothing here knows about the register; it needs ReportLab only for the flowable types.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

GERMAN_TAG = "de-DE"
LANG_BEGIN = "imag_lang_begin"
LANG_END = "imag_lang_end"
"""Names of the paragraph callbacks (``<onDraw name=…/>``) around a German passage."""
TAGGER = "imag_tagger"
"""The canvas attribute holding the report's :class:`Tagger` (tables find it there)."""
SKETCH = "imag_sketch"
"""The canvas attribute saying that this layout pass is not the last: nothing is drawn."""


ROLES = ("Document", "P", "H1", "H2", "H3", "Figure", "Table", "TR", "TH", "TD", "TOC", "TOCI")
"""The standard structure types a report uses (their numbers in :class:`Tree`)."""


@dataclass(frozen=True)
class Attributes:
    """What a few elements carry besides their type: a figure's alternative text and box, a
    header cell's scope (``Column`` or ``Row``), a passage's language."""

    alt: str | None = None
    lang: str | None = None
    scope: str | None = None
    bbox: tuple[float, float, float, float] | None = None


class Tree:
    """A structure tree in flat arrays, a few bytes per element, whatever the report's size:
    element ``e`` has the type ``ROLES[role[e]]`` and the parent ``parent[e]`` (element 0, the
    document, has none); marked content ``m`` (in the order drawn) is on page ``page[m]`` and
    owned by element ``owner[m]``. An element's kids are its child elements in the order they
    were added, or, for an element that owns content, its marked content in the order drawn;
    its MCID on its page counts the marked content drawn on that page before it."""

    def __init__(self) -> None:
        self.role = array("B", [0])
        self.parent = array("i", [-1])
        self.page = array("i")
        self.owner = array("i")
        self.attributes: dict[int, Attributes] = {}

    def __len__(self) -> int:
        return len(self.role)

    def add(self, role: str, parent: int = 0, attributes: Attributes | None = None) -> int:
        """A new element of type ``role`` as the last kid of ``parent``: its number."""
        element = len(self.role)
        self.role.append(ROLES.index(role))
        self.parent.append(parent)
        if attributes is not None:
            self.attributes[element] = attributes
        return element

    def role_of(self, element: int) -> str:
        return ROLES[self.role[element]]

    def mark(self, element: int, page: int) -> None:
        """Marked content drawn on ``page`` (0-based) for ``element``."""
        self.page.append(page)
        self.owner.append(element)


class Tagger:
    """Records the structure tree of one layout pass (the last pass is the one saved)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.tree = Tree()
        self._mcids: dict[int, int] = {}
        self._tables: dict[int, TableState] = {}
        self._open_spans = 0

    def reset(self) -> None:
        """A new layout pass: forget what the previous one drew."""
        self.tree = Tree()
        self._mcids.clear()
        self._tables.clear()
        self._open_spans = 0

    # -- marked content ------------------------------------------------------------------------
    def begin(self, canvas: Canvas, element: int) -> None:
        page = canvas.getPageNumber() - 1
        mcid = self._mcids.get(page, 0)
        self._mcids[page] = mcid + 1
        self.tree.mark(element, page)
        canvas.addLiteral(f"/{self.tree.role_of(element)} <</MCID {mcid}>> BDC")

    @staticmethod
    def end(canvas: Canvas) -> None:
        canvas.addLiteral("EMC")

    @staticmethod
    @contextmanager
    def artifact(canvas: Canvas, kind: str | None = None) -> Iterator[None]:
        """Draw what is not content (page furniture, backgrounds, rules) as an artifact."""
        if kind:
            canvas.addLiteral(f"/Artifact <</Type /{kind}>> BDC")
        else:
            canvas.addLiteral("/Artifact BMC")
        yield
        canvas.addLiteral("EMC")

    # -- flowables -----------------------------------------------------------------------------
    def draw(self, flowable: Any, canvas: Canvas, draw: Callable[[], None], box: Any) -> None:
        """Draw one flowable of the frame, tagged after its kind (``box``: x, y, width,
        height on the page)."""
        from reportlab.graphics.shapes import Drawing
        from reportlab.platypus import Paragraph, Table
        from reportlab.platypus.tableofcontents import TableOfContents

        if isinstance(flowable, Table | TableOfContents) or getattr(flowable, "tags_itself", False):
            draw()  # its cells tag themselves (TableTags), the rest is artifact
            return
        role: str | None = getattr(flowable, "tag_role", None)
        if role is None and isinstance(flowable, Paragraph):
            role = "P"
        if role is None and isinstance(flowable, Drawing):
            role = "Figure"
        if role is None:
            with self.artifact(canvas):
                draw()
            return
        attributes = None
        if role == "Figure":
            attributes = Attributes(alt=getattr(flowable, "alt_text", None) or "", bbox=box)
        self.begin(canvas, self.tree.add(role, 0, attributes))
        draw()
        self.close_spans(canvas)
        self.end(canvas)

    # -- German passages in another language's report ------------------------------------------
    def lang_begin(self, canvas: Any, *_callback: object) -> None:
        text = canvas._curr_tx_info["tx"]  # the paragraph's text object (ReportLab's callback)
        text._code.append(f"/Span <</Lang ({GERMAN_TAG})>> BDC")
        self._open_spans += 1

    def lang_end(self, canvas: Any, *_callback: object) -> None:
        if self._open_spans:  # a paragraph split between its parts opened it on the page before
            text = canvas._curr_tx_info["tx"]
            text._code.append("EMC")
            self._open_spans -= 1

    def close_spans(self, canvas: Any) -> None:
        """Close a German passage a page break cut: inside the text object that opened it."""
        while self._open_spans:
            code: list[str] = canvas._code
            for index in range(len(code) - 1, -1, -1):
                if code[index].endswith("ET"):
                    code[index] = code[index][:-2] + "EMC ET"
                    break
            else:  # pragma: no cover - a span is opened only inside a text object
                raise AssertionError("German passage outside a text object")
            self._open_spans -= 1

    def table_state(self, key: int, make: Callable[[], TableState]) -> TableState:
        """What a table drawn in this pass has recorded so far (its parts share it)."""
        state = self._tables.get(key)
        if state is None:
            state = self._tables[key] = make()
        return state


@dataclass
class TableState:
    element: int
    parts: int = 0
    row: int | None = None
    cell_open: bool = False
    row_artifact: bool = False
