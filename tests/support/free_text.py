"""The measures' free texts and their translations, set and read in a register file directly:
a test's starting point and what it checks afterwards."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.support import shell


def _connect(folder: Path) -> sqlite3.Connection:
    return shell.connect(folder / "register.imag.sqlite")


def codes(folder: Path) -> list[str]:
    connection = _connect(folder)
    found = [row[0] for row in connection.execute("SELECT code FROM measure ORDER BY code")]
    connection.close()
    return found


def set_texts(folder: Path, rows: list[tuple[str, str, str | None]]) -> None:
    """German free texts (code, field, text); ``("*", field, None)`` clears a field everywhere."""
    connection = _connect(folder)
    with connection:
        for code, field, text in rows:
            if code == "*":
                connection.execute(f"UPDATE measure SET {field} = ?", (text,))
            else:
                connection.execute(f"UPDATE measure SET {field} = ? WHERE code = ?", (text, code))
    connection.close()


def stored(folder: Path) -> set[tuple[str, str, str, str, str]]:
    """Every stored translation: (code, field, language, text, state)."""
    connection = _connect(folder)
    rows = connection.execute(
        "SELECT m.code, t.field, t.lang, t.text, t.state FROM text_translation t "
        "JOIN measure m ON m.id = t.measure_id"
    ).fetchall()
    connection.close()
    return set(rows)
