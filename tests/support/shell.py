"""A raw SQLite connection to a register that writes through its triggers as the program does
(with the functions the hash chain's and the row digests' triggers call): for tests that put
values into a register the program's own operations would refuse."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from app.storage.integrity import install_functions


def connect(path: Path | str, **options: Any) -> sqlite3.Connection:
    connection = sqlite3.connect(path, **options)
    install_functions(connection)
    return connection
