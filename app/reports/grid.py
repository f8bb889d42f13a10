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
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, LongTable, Paragraph
from reportlab.platypus.doctemplate import FrameBreak

from app.reports.table_tags import TableTags

CHUNK = 100
"""Rows measured at a time: always more than one page holds (a row is at least 14 pt high)."""
KEEP = 2
"""Rows kept together at a page break."""
MIN_FRAGMENT = 120.0
"""Points a row split inside needs on the page (else it starts on the next page)."""
Command = tuple[Any, ...]


@dataclass
class Row:
    """One body row: its cells, the style commands of its own cells (``(name, first column,
    last column, *values)``), and what its continuation shows in cells the split left empty."""

    cells: list[Any]
    styles: Sequence[Command] = ()
    repeat: dict[int, Any] = field(default_factory=dict)


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


def _heights(table: LongTable) -> list[float]:
    """The row heights ReportLab measured in ``wrap``."""
    return list(getattr(table, "_rowHeights"))  # noqa: B009


def _is_empty(value: Any) -> bool:
    if isinstance(value, list | tuple):
        return not value
    return value is None or (isinstance(value, str) and not value.strip())


class Grid(Flowable):
    """A table whose parts are made a page at a time (see the module's doc)."""

    def __init__(
        self,
        layout: Layout,
        rows: list[Row],
        *,
        start: int = 0,
        first: Row | None = None,
        continued: bool = False,
    ) -> None:
        super().__init__()
        self.layout = layout
        self.rows = rows
        self.start = start
        """Index in ``rows`` of the first row of this (rest of the) table."""
        self.first = first
        """The continuation of a row split inside, standing in for ``rows[start]``."""
        self.continued = continued
        self.tags_itself = True
        """Its cells are tagged as they are drawn (see :mod:`app.reports.table_tags`)."""
        self._table: LongTable | None = None
        self._table_width = 0.0

    @property
    def count(self) -> int:
        return len(self.rows) - self.start

    def _body(self, stop: int) -> list[Row]:
        body = self.rows[self.start : stop]
        if self.first is not None and body:
            body[0] = self.first
        return body

    def _widths(self, available: float) -> list[float]:
        widths = self.layout.widths
        total = sum(widths)
        if total <= available:
            return list(widths)
        return [w * available / total for w in widths]

    def _part(self, body: list[Row], available: float) -> LongTable:
        """A plain table of the header (and caption on a continuation) and ``body``."""
        layout = self.layout
        top: list[list[Any]] = []
        tags = layout.tags
        if self.continued and layout.caption is not None:
            top.append(layout.caption + [""] * (len(layout.widths) - 1))
            tags = copy.copy(tags)
            tags.header_rows += 1
        head = len(top) + len(layout.header)
        commands = self._commands(body, shift=len(top), head=head)
        if top:
            commands.append(("SPAN", (0, 0), (-1, 0)))
        table = LongTable(
            top + layout.header + [row.cells for row in body],
            colWidths=self._widths(available),
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

    def _chunk(self, available: float) -> LongTable:
        if self._table is None or self._table_width != available:
            self._table = self._part(self._body(self.start + CHUNK), available)
            self._table_width = available
        return self._table

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        table = self._chunk(availWidth)
        width, height = table.wrap(availWidth, availHeight)
        if self.count > CHUNK:
            height = max(height, availHeight + 1)  # more rows than measured: always split
        self.width, self.height = width, height
        return width, height

    def draw(self) -> None:
        """The whole (rest of the) table fits: draw its one part."""
        assert self._table is not None, "drawn before wrap"
        self._table.drawOn(self.canv, 0, 0)

    def start_height(self, availWidth: float) -> float:
        """The height of the header and the first rows kept together (for a heading above)."""
        table = self._chunk(availWidth)
        table.wrap(availWidth, 0x7FFFFFFF)
        heads = len(_heights(table)) - min(self.count, CHUNK)
        return float(sum(_heights(table)[: heads + KEEP]))

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        table = self._chunk(availWidth)
        table.wrap(availWidth, availHeight)
        heights: list[float] = list(_heights(table))
        body = heights[len(heights) - min(self.count, CHUNK) :]
        used = sum(heights[: len(heights) - len(body)])
        fit = 0
        for height in body:
            if used + height > availHeight + 1e-6:
                break
            used += height
            fit += 1
        if fit >= self.count:
            return [table]
        if self.count - fit < KEEP and fit > KEEP:
            fit = self.count - KEEP  # no lone row at the top of the next page
        header = sum(heights[: len(heights) - len(body)])
        frame = getattr(self, "_frame", None)
        at_top = bool(getattr(frame, "_atTop", False))
        if fit == 0 and header + body[0] > float(getattr(frame, "_height", availHeight)):
            return self._split_inside(availWidth, availHeight)  # taller than any page
        if fit < min(KEEP, self.count) and not (at_top and fit):
            return []  # starts on the next page
        stop = self.start + fit
        part = self._part(self._body(stop), availWidth)
        return [part, Grid(self.layout, self.rows, start=stop, continued=True)]

    def _split_inside(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """A row taller than a page: split it inside, carrying its ``repeat`` cells on."""
        row = self._body(self.start + 1)[0]
        table = self._part([row], availWidth)
        table.wrap(availWidth, availHeight)
        if availHeight - sum(_heights(table)[:-1]) < MIN_FRAGMENT:
            return []
        parts = getattr(table, "_splitRows")(availHeight, doInRowSplit=1)  # noqa: B009
        if len(parts) != 2:
            return []
        cells = [
            row.repeat.get(column, value) if _is_empty(value) else value
            for column, value in enumerate(parts[1]._cellvalues[-1])
        ]
        rest = Row(cells, row.styles, row.repeat)
        return [
            parts[0],
            Grid(self.layout, self.rows, start=self.start, first=rest, continued=True),
        ]


def _first_height(flowable: Flowable, availWidth: float, availHeight: float) -> float:
    """How much of ``flowable`` must stand below a heading on the same page."""
    if isinstance(flowable, Grid):
        return flowable.start_height(availWidth)
    height = float(flowable.wrap(availWidth, availHeight)[1])
    if isinstance(flowable, Paragraph):
        return min(height, 3 * float(flowable.style.leading))
    return height


class KeepWithNext(KeepTogether):
    """Headings kept with the start of what follows (a table's header and first rows, a
    paragraph's first lines): a new page when these do not fit below the heading."""

    def split(self, aW: float, aH: float) -> list[Flowable]:
        content: list[Flowable] = list(getattr(self, "_content"))  # noqa: B009
        need = 0.0
        for flowable in content[:-1]:
            need += flowable.wrap(aW, aH)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()
        need += _first_height(content[-1], aW, aH - need)
        frame = getattr(self, "_frame", None)
        at_top = bool(getattr(frame, "_atTop", False))
        if need > aH and not at_top:
            content.insert(0, FrameBreak())
        return content
