"""The register file's first rows, read with the standard library alone (no SQLAlchemy, no
models): the window paints a screenful from them while the storage layer is still being
imported. No Qt here.

The file is opened read-only (SQLite's ``mode=ro``) and only read when it is of the schema this
program writes (``PRAGMA user_version``); anything else (an older file to be migrated, a newer
one, a damaged or busy one, values the program does not know) gives ``None``, and the window
starts the usual way, which opens, checks and migrates the register and says what is wrong.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from app.enums import DepartmentRole
from app.operations.register_rows import COLUMNS, Links, MeasureRow, measure_rows
from app.storage.fileformat import SCHEMA_VERSION

MEASURES = f"SELECT {', '.join(COLUMNS)} FROM measure ORDER BY position, id LIMIT ?"
# The links of the measures read (``?``: the first rows' ids, as ``json_each`` of a list).
CHOSEN = "SELECT value FROM json_each(?)"
LINKS = {
    "departments": "SELECT l.measure_id, d.code, l.role FROM measure_department AS l "
    "JOIN department AS d ON d.id = l.department_id WHERE l.measure_id IN ({chosen})",
    "goals": "SELECT l.measure_id, g.number FROM measure_goal AS l "
    "JOIN goal AS g ON g.id = l.goal_id WHERE l.measure_id IN ({chosen})",
    "partners": "SELECT l.measure_id, p.code FROM measure_partner AS l "
    "JOIN partner AS p ON p.id = l.partner_id WHERE l.measure_id IN ({chosen})",
}


def first_rows(path: Path, count: int) -> list[MeasureRow] | None:
    """The first ``count`` measures of the register file ``path`` in register order, as the
    register view's rows (as :func:`app.operations.register_view.load_rows` makes them), or
    ``None`` if the file cannot be read this way (then the register is opened as usual)."""
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0)
    except sqlite3.Error:
        return None
    try:
        with contextlib.closing(connection):
            if connection.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                return None  # migrations must run first (or the program is too old for it)
            return _read(connection, count)
    except (sqlite3.Error, KeyError, ValueError, TypeError):
        return None  # the usual start reports what is wrong (or waits for a busy register)


def _read(connection: sqlite3.Connection, count: int) -> list[MeasureRow]:
    records = connection.execute(MEASURES, (count,)).fetchall()
    links = Links(
        dict(connection.execute("SELECT id, numeral FROM instrument").fetchall()),
        dict(connection.execute("SELECT id, code FROM section").fetchall()),
    )
    chosen = (str([record[0] for record in records]),)
    lead = DepartmentRole.LEAD.value
    for measure_id, code, role in connection.execute(
        LINKS["departments"].format(chosen=CHOSEN), chosen
    ):
        links.departments[measure_id].add(code)
        if role == lead:
            links.lead[measure_id] = code
    for measure_id, number in connection.execute(LINKS["goals"].format(chosen=CHOSEN), chosen):
        links.goals[measure_id].add(number)
    for measure_id, code in connection.execute(LINKS["partners"].format(chosen=CHOSEN), chosen):
        links.partners[measure_id].add(code)
    return measure_rows(records, links)
