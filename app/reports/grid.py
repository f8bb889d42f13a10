"""The reports' tables, laid out in linear time and split cleanly across pages.

A :class:`Grid` holds all rows of a table but lets ReportLab measure only a chunk of them at a
time: each page gets a plain ``Table`` of the rows that fit there, and the rest stays a Grid.
ReportLab's own split re-measures every remaining row at each page break (quadratic in the rows)
and copies a style command per row; here a page costs the same whatever the table's length.

How the parts look: the header rows open every part (repeated on the next page, never printed at
the bottom of a page above a fragment), a part holds at least two rows where the table has them
(no lone row above or below a break), a row taller than a page is split inside with its code,
title and other ``repeat`` cells carried into the continuation ("(continued)"), and a table with a
``caption`` names it again above its continuation. The columns are scaled to the frame, never
past the right margin.

Import this module only when a report is written: it loads ReportLab.
"""

from __future__ import annotations

import copy
import math
from array import array
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, overload
from weakref import WeakKeyDictionary

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, LongTable, Paragraph
from reportlab.platypus.doctemplate import FrameBreak
from reportlab.platypus.paragraph import cleanBlockQuotedText

from app.reports.table_tags import TableTags
from app.reports.tagging import SKETCH

BATCH = 16
"""Rows measured at a time (each once): a page costs the same whatever the table's length."""
HUGE = float(0x7FFFFFFF)
KEEP = 2
"""Rows kept together at a page break."""
MIN_FRAGMENT = 120.0
"""Points a row split inside needs on the page (else it starts on the next page)."""
Command = tuple[Any, ...]
T = TypeVar("T")


@dataclass
class Row:
    """One body row: its cells, the style commands of its own cells (``(name, first column,
    last column, *values)``), and what its continuation shows in cells the split left empty
    (a cell, or a function making it)."""

    cells: list[Any]
    styles: Sequence[Command] = ()
    repeat: dict[int, Any] = field(default_factory=dict)
    heights: MutableMapping[tuple[float, ...], float] = field(default_factory=dict)
    """Its height measured in a table of these column widths."""


class Heights(MutableMapping[tuple[float, ...], float]):
    """The measured heights of one row of a :class:`LazyRows`: kept in the table's flat
    arrays (a float per row and column widths, NaN where not measured), not a dict per row."""

    def __init__(self, store: dict[tuple[float, ...], array[float]], index: int) -> None:
        self.store = store
        self.index = index

    def __getitem__(self, widths: tuple[float, ...]) -> float:
        column = self.store.get(widths)
        if column is None or math.isnan(column[self.index]):
            raise KeyError(widths)
        return column[self.index]

    def __setitem__(self, widths: tuple[float, ...], height: float) -> None:
        self.store[widths][self.index] = height

    def __delitem__(self, widths: tuple[float, ...]) -> None:
        self.store[widths][self.index] = math.nan

    def __iter__(self) -> Iterator[tuple[float, ...]]:
        return (widths for widths in self.store if widths in self)

    def __len__(self) -> int:
        return sum(1 for _widths in self)


_PLAIN: WeakKeyDictionary[ParagraphStyle, Any] = WeakKeyDictionary()
"""Per style, the fragment ReportLab's parser makes of a plain text (its text replaced)."""


class Cell(Paragraph):
    """A cell's paragraph that breaks its lines once per width: a table part measures its
    rows and then draws them at the same width (ReportLab breaks the lines again each time).
    A text without markup is not run through ReportLab's markup parser (an HTML parser per
    paragraph, thousands of cells a page): it gets the fragment the parser would give."""

    _wrapped: float | None = None

    def __init__(self, text: str, style: ParagraphStyle, *args: Any, **kwargs: Any) -> None:
        # (ReportLab calls it as Paragraph, with fragments, for the parts of a split cell)
        if args or kwargs or "<" in text or "&" in text or style.textTransform is not None:
            super().__init__(text, style, *args, **kwargs)
            return
        text = cleanBlockQuotedText(text)
        template = _PLAIN.get(style)
        if template is None:
            template = _PLAIN[style] = Paragraph("x", style).frags[0]
        frags = [template.clone(text=text, link=[], us_lines=[])] if text else []
        super().__init__(text, style, frags=frags)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._wrapped != availWidth:
            super().wrap(availWidth, availHeight)
            self._wrapped = availWidth
        return self.width, self.height


class LazyRows(Sequence[Row]):
    """Rows made from ``items`` when a part needs them, so that a table of 100,000 measures
    never holds 100,000 rows of paragraphs at once; a row is made once per layout pass (kept
    until the table has gone past it) and its measured heights are kept."""

    def __init__(self, items: Sequence[T], make: Callable[[T], Row]) -> None:
        self.items = items
        self.make = make
        self._heights: dict[tuple[float, ...], array[float]] = {}
        self._made: dict[int, Row] = {}

    def __len__(self) -> int:
        return len(self.items)

    def _row(self, index: int) -> Row:
        row = self._made.get(index)
        if row is None:
            row = self._made[index] = self.make(self.items[index])
            row.heights = Heights(self._heights, index)
        return row

    def measuring(self, widths: tuple[float, ...]) -> None:
        """Room for the rows' heights in a table of these column widths."""
        if widths not in self._heights:
            self._heights[widths] = array("d", [math.nan]) * len(self.items)

    def release(self, below: int) -> None:
        """The table has gone past row ``below``: forget the rows before it (a table that
        starts again, in the next layout pass, makes them anew)."""
        for index in [i for i in self._made if i < below]:
            del self._made[index]

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self._row(i) for i in range(*index.indices(len(self.items)))]
        return self._row(index)


@dataclass
class Layout:
    """What every part of one table shares."""

    header: list[list[Any]]
    widths: list[float]
    commands: list[Command]
    """Style commands of the header rows or of all rows from one on (to the last); commands
    on some body rows only belong to their :class:`Row`."""
    tags: TableTags
    caption: list[Any] | None = None
    """A row naming the table above its continuation (spans all columns)."""
    caption_at_top: bool = False
    """The caption also stands above the table's start when that is at the top of a page
    (a table that goes on a block begun on the page before)."""
    head_heights: dict[tuple[tuple[float, ...], bool], list[float]] = field(default_factory=dict)
    """The header rows' heights per column widths and continuation."""


def _heights(table: LongTable) -> list[float]:
    """The row heights ReportLab measured in ``wrap``."""
    return list(getattr(table, "_rowHeights"))  # noqa: B009


def _repeated(row: Row, column: int, value: Any) -> Any:
    """What a row's continuation shows in ``column`` where the split left it empty."""
    shown = row.repeat.get(column, value)
    return shown() if callable(shown) else shown


def _is_empty(value: Any) -> bool:
    if isinstance(value, list | tuple):
        return not value
    return value is None or (isinstance(value, str) and not value.strip())


class Grid(Flowable):
    """A table whose parts are made a page at a time (see the module's doc)."""

    def __init__(
        self,
        layout: Layout,
        rows: Sequence[Row],
        *,
        start: int = 0,
        first: Row | None = None,
        continued: bool = False,
    ) -> None:
        super().__init__()
        self.layout = layout
        self.rows = rows
        self.start = start
        if isinstance(rows, LazyRows):
            rows.release(start)
        """Index in ``rows`` of the first row of this (rest of the) table."""
        self.first = first
        """The continuation of a row split inside, standing in for ``rows[start]``."""
        self.continued = continued
        self.tags_itself = True
        """Its cells are tagged as they are drawn (see :mod:`app.reports.table_tags`)."""
        self._available = 0.0
        self._at_top = False
        """Its start stands at the top of a page (set where it is placed: wrap and split)."""

    @property
    def count(self) -> int:
        return len(self.rows) - self.start

    def _widths(self, available: float) -> list[float]:
        widths = self.layout.widths
        total = sum(widths)
        if total <= available:
            return list(widths)
        return [w * available / total for w in widths]

    def _part(
        self, body: list[Row], available: float, heights: list[float] | None = None
    ) -> LongTable:
        """A plain table of the header (and caption on a continuation) and ``body``; with
        the rows' ``heights`` when they are measured."""
        layout = self.layout
        top: list[list[Any]] = []
        tags = layout.tags
        if self._has_caption and layout.caption is not None:
            top.append(layout.caption + [""] * (len(layout.widths) - 1))
            tags = copy.copy(tags)
            tags.header_rows += 1
            if not self.continued:  # over the start: the block's name again, not content
                tags.artifact_rows = 1
        head = len(top) + len(layout.header)
        commands = self._commands(body, shift=len(top), head=head)
        if top:
            commands.append(("SPAN", (0, 0), (-1, 0)))
        table = LongTable(
            top + layout.header + [row.cells for row in body],
            colWidths=self._widths(available),
            rowHeights=heights,
            repeatRows=head,
            hAlign="LEFT",
            renderCB=tags,
        )
        table.setStyle(commands)
        return table

    def _commands(self, body: list[Row], *, shift: int, head: int) -> list[Command]:
        """The table's commands (header ones moved below a caption) and those of its rows."""
        commands: list[Command] = []
        for name, (c0, r0), (c1, r1), *values in self.layout.commands:
            if 0 <= r1 < len(self.layout.header):
                commands.append((name, (c0, r0 + shift), (c1, r1 + shift), *values))
            else:
                commands.append((name, (c0, r0 + shift if r0 else 0), (c1, -1), *values))
        for index, row in enumerate(body, start=head):
            for name, c0, c1, *values in row.styles:
                commands.append((name, (c0, index), (c1, index), *values))
        return commands

    def _measure(self, available: float, limit: float) -> tuple[list[float], list[float]]:
        """The header rows' heights and those of the body rows from ``start`` on, up to the
        first past ``limit`` (points, header included). Each row is measured once per width,
        a batch at a time, whatever the part it ends up in."""
        widths = tuple(self._widths(available))
        if isinstance(self.rows, LazyRows):
            self.rows.measuring(widths)
        key = (widths, self._has_caption)
        head = self.layout.head_heights.get(key)
        heights: list[float] = []
        used = sum(head) if head is not None else 0.0
        index = self.start
        while index < len(self.rows) and (head is None or used <= limit or len(heights) < KEEP):
            batch = self._body_at(index, BATCH)
            missing = [row for row in batch if widths not in row.heights]
            if missing or head is None:
                if missing or self.layout.header or self._has_caption:
                    measured = _heights(self._table_of(missing, available))
                else:
                    measured = []
                cut = len(measured) - len(missing)
                if head is None:
                    head = self.layout.head_heights[key] = measured[:cut]
                    used += sum(head)
                for row, height in zip(missing, measured[cut:], strict=True):
                    row.heights[widths] = height
            for row in batch:
                heights.append(row.heights[widths])
                used += row.heights[widths]
                if used > limit and len(heights) >= KEEP:
                    break
            index += len(batch)
        if head is None:  # no body rows left
            head = self.layout.head_heights.setdefault(
                key, _heights(self._table_of([], available)) if self.layout.header else []
            )
        return head, heights

    @property
    def _has_caption(self) -> bool:
        if self.layout.caption is None:
            return False
        return self.continued or (self._at_top and self.layout.caption_at_top)

    def _place(self) -> None:
        """Note whether the table starts at the top of the page it is being placed on."""
        frame = getattr(self, "_frame", None)
        self._at_top = self.start == 0 and bool(getattr(frame, "_atTop", False))

    def _body_at(self, index: int, size: int) -> list[Row]:
        body = list(self.rows[index : index + size])
        if index == self.start and self.first is not None and body:
            body[0] = self.first
        return body

    def _table_of(self, body: list[Row], available: float) -> LongTable:
        table = self._part(body, available)
        table.wrap(available, HUGE)
        return table

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._place()
        head, heights = self._measure(availWidth, availHeight)
        height = sum(head) + sum(heights)
        if len(heights) < self.count:
            height = max(height, availHeight + 1)  # more rows than measured: always split
        self._available = availWidth
        self.width, self.height = min(sum(self.layout.widths), availWidth), height
        return self.width, height

    def draw(self) -> None:
        """The whole (rest of the) table fits: draw its one part."""
        head, heights = self._measure(self._available, HUGE)
        table = self._part(self._body_at(self.start, self.count), self._available, head + heights)
        table.wrapOn(self.canv, self._available, HUGE)
        table.drawOn(self.canv, 0, 0)

    def start_height(self, availWidth: float) -> float:
        """The height of the header and the first rows kept together (for a heading above)."""
        head, heights = self._measure(availWidth, 0)
        return sum(head) + sum(heights[:KEEP])

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._place()
        head, body = self._measure(availWidth, availHeight)
        used = sum(head)
        fit = 0
        for height in body:
            if used + height > availHeight + 1e-6:
                break
            used += height
            fit += 1
        if fit >= self.count:
            return [self._part(self._body_at(self.start, fit), availWidth, head + body)]
        if self.count - fit < KEEP and fit > KEEP:
            fit = self.count - KEEP  # no lone row at the top of the next page
        frame = getattr(self, "_frame", None)
        at_top = bool(getattr(frame, "_atTop", False))
        if fit == 0 and sum(head) + body[0] > float(getattr(frame, "_height", availHeight)):
            return self._split_inside(availWidth, availHeight)  # taller than any page
        if fit < min(KEEP, self.count) and not (at_top and fit):
            return []  # starts on the next page
        part: Flowable
        if getattr(getattr(self, "canv", None), SKETCH, False):
            # a pass that only finds the pages: the part's place, not the part
            width = min(sum(self._widths(availWidth)), availWidth)
            part = Sketch(width, sum(head) + sum(body[:fit]))
        else:
            part = self._part(self._body_at(self.start, fit), availWidth, head + body[:fit])
        # (made after the part: the rest forgets the rows before it)
        return [part, Grid(self.layout, self.rows, start=self.start + fit, continued=True)]

    def _split_inside(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """A row taller than a page: split it inside, carrying its ``repeat`` cells on."""
        row = self._body_at(self.start, 1)[0]
        table = self._part([row], availWidth)
        table.wrap(availWidth, availHeight)
        if availHeight - sum(_heights(table)[:-1]) < MIN_FRAGMENT:
            return []
        parts = getattr(table, "_splitRows")(availHeight, doInRowSplit=1)  # noqa: B009
        if len(parts) != 2:
            return []
        cells = [
            _repeated(row, column, value) if _is_empty(value) else value
            for column, value in enumerate(parts[1]._cellvalues[-1])
        ]
        rest = Row(cells, row.styles, row.repeat)
        return [
            parts[0],
            Grid(self.layout, self.rows, start=self.start, first=rest, continued=True),
        ]


class Sketch(Flowable):
    """The room a table part takes, standing in for it in a layout pass that draws nothing."""

    def __init__(self, width: float, height: float) -> None:
        super().__init__()
        self.width, self.height = width, height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: ARG002
        return self.width, self.height

    def draw(self) -> None:  # pragma: no cover - a sketch pass draws nothing
        raise AssertionError("a sketch part drawn")


def _first_height(flowable: Flowable, canv: Any, availWidth: float, availHeight: float) -> float:
    """How much of ``flowable`` must stand below a heading on the same page."""
    if isinstance(flowable, Grid):
        return flowable.start_height(availWidth)
    height = float(flowable.wrapOn(canv, availWidth, availHeight)[1])
    if isinstance(flowable, Paragraph):
        return min(height, 3 * float(flowable.style.leading))
    return height


class KeepWithNext(KeepTogether):
    """Headings kept with the start of what follows (a table's header and first rows, a
    paragraph's first lines): a new page when these do not fit below the heading."""

    def split(self, aW: float, aH: float) -> list[Flowable]:
        content: list[Flowable] = list(getattr(self, "_content"))  # noqa: B009
        canv: Any = getattr(self, "canv", None)  # set by the frame for the split
        need = 0.0
        for flowable in content[:-1]:
            height = flowable.wrapOn(canv, aW, aH)[1]
            need += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
        need += _first_height(content[-1], canv, aW, aH - need)
        frame = getattr(self, "_frame", None)
        at_top = bool(getattr(frame, "_atTop", False))
        if need > aH and not at_top:
            content.insert(0, FrameBreak())
        return content
