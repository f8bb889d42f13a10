"""The tags of a table (see :mod:`app.reports.tagging`), given by ReportLab's render callback.

Import this module only when a report is written: it loads ReportLab.
"""

from __future__ import annotations

import itertools
from typing import Any

from reportlab.platypus.tables import Table, TableRenderCB

from app.reports.tagging import TAGGER, Attributes, TableState, Tagger

_KEYS = itertools.count()
COLUMN = Attributes(scope="Column")
ROW = Attributes(scope="Row")


class TableTags(TableRenderCB):
    """A table's header rows as TH (scope Column) once, repeated on later pages as artifacts;
    its body cells as TD (TH with scope Row in header columns); backgrounds and rules as
    artifacts. ReportLab passes the callback on to the parts of a split table, so they make one
    table element."""

    def __init__(
        self,
        *,
        header_rows: int,
        header_columns: int = 0,
        roles: tuple[str, str, str] = ("Table", "TR", "TD"),
    ) -> None:
        self.key = next(_KEYS)
        self.header_rows = header_rows
        self.header_columns = header_columns
        self.roles = roles
        self.artifact_rows = 0
        """Leading rows that only repeat what stands before the table (a caption over its
        start at the top of a page): pagination artifacts in every part."""

    def _state(self, table: Table) -> tuple[Tagger, TableState] | None:
        tagger: Tagger | None = getattr(table.canv, TAGGER, None)
        if tagger is None:  # drawn outside a report (a test's canvas): untagged
            return None
        tree = tagger.tree
        return tagger, tagger.table_state(self.key, lambda: TableState(tree.add(self.roles[0])))

    def startTable(self, T: Table) -> None:
        found = self._state(T)
        if found is not None:
            found[1].parts += 1

    def endTable(self, T: Table) -> None:
        pass

    def _artifact(self, T: Table, literal: str) -> None:
        if self._state(T) is not None:
            T.canv.addLiteral(literal)

    def startBG(self, T: Table) -> None:
        self._artifact(T, "/Artifact BMC")

    def endBG(self, T: Table) -> None:
        self._artifact(T, "EMC")

    def startLines(self, T: Table) -> None:
        self._artifact(T, "/Artifact BMC")

    def endLines(self, T: Table) -> None:
        self._artifact(T, "EMC")

    def startRow(self, T: Table, rowNo: int) -> None:
        found = self._state(T)
        if found is None:
            return
        state = found[1]
        if (state.parts > 1 and rowNo < self.header_rows) or rowNo < self.artifact_rows:
            # the header row again at the top of a continuation page: not new content
            T.canv.addLiteral("/Artifact <</Type /Pagination>> BDC")
            state.row_artifact = True
            state.row = None
        else:
            state.row = found[0].tree.add(self.roles[1], state.element)

    def endRow(self, T: Table) -> None:
        found = self._state(T)
        if found is not None and found[1].row_artifact:
            T.canv.addLiteral("EMC")
            found[1].row_artifact = False

    def startCell(self, T: Table, rowNo: int, colNo: int, *_cell: Any) -> None:
        found = self._state(T)
        row = None if found is None else found[1].row
        if found is None or row is None:
            return
        tagger, state = found
        if rowNo < self.header_rows and self.roles[2] == "TD":
            cell = tagger.tree.add("TH", row, COLUMN)
        elif colNo < self.header_columns:
            cell = tagger.tree.add("TH", row, ROW)
        else:
            cell = tagger.tree.add(self.roles[2], row)
        tagger.begin(T.canv, cell)
        state.cell_open = True

    def endCell(self, T: Table) -> None:
        found = self._state(T)
        if found is not None and found[1].cell_open:
            found[0].close_spans(T.canv)
            found[0].end(T.canv)
            found[1].cell_open = False
