"""Registers of an older schema, for migration tests: the migrations up to that version on an
empty file, filled with the rows of a fresh register of today's schema (the columns both have,
a proposed translation as programs before schema 9 stored it). Built without the models, which
always describe the newest schema."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.paths import REGISTER_FILE_NAME, resolve
from app.storage import fileformat, migrate
from app.storage.register import open_register
from tests.support import shell
from tests.support.project import ROOT

PROPOSAL_STATE = 8
"""The schema from which a proposed translation is stored as the state 'proposal'; before it,
as 'translated' plus a ``register_meta`` row ``proposal:<lang>:<code>``."""


def old_register(data_dir: Path, version: int, scratch: Path) -> Path:
    """A register of schema ``version`` in ``data_dir`` (the file's path); ``scratch`` is an
    empty folder to work in."""
    current = scratch / "current"
    open_register(resolve(current)).close()
    scripts = scratch / "migrations"
    shutil.copytree(
        ROOT / "app" / "migrations", scripts, ignore=shutil.ignore_patterns("__pycache__")
    )
    for newer in scripts.glob("versions/0*.py"):
        if int(newer.name[:4]) > version:
            newer.unlink()
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / REGISTER_FILE_NAME
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(migrate, "script_location", lambda: str(scripts))
        migrate.upgrade(path, version)
    connection = shell.connect(path)
    try:
        connection.execute("ATTACH DATABASE ? AS newest", (str(current / REGISTER_FILE_NAME),))
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM main.sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
            )
        ]
        for table in tables:
            old = [row[1] for row in connection.execute(f'PRAGMA main.table_info("{table}")')]
            new = {row[1] for row in connection.execute(f'PRAGMA newest.table_info("{table}")')}
            shared = [name for name in old if name in new]
            columns = ", ".join(f'"{name}"' for name in shared)
            values = ", ".join(_stored_as(version, table, name) for name in shared)
            connection.execute(
                f'INSERT OR IGNORE INTO main."{table}" ({columns}) '
                f'SELECT {values} FROM newest."{table}"'
            )
        if version < PROPOSAL_STATE:
            for lang in ("pl", "cs"):
                connection.execute(
                    "INSERT INTO main.register_meta (key, value) "
                    f"SELECT 'proposal:{lang}:' || code, 'proposal' FROM newest.measure "
                    f"WHERE state_{lang} = 'proposal'"
                )
        connection.commit()
    finally:
        connection.close()
    assert fileformat.inspect(path).schema_version == version
    return path


def _stored_as(version: int, table: str, column: str) -> str:
    """The value a column of today's register had in a register of schema ``version``."""
    if version < PROPOSAL_STATE and table == "measure" and column in ("state_pl", "state_cs"):
        return f"CASE \"{column}\" WHEN 'proposal' THEN 'translated' ELSE \"{column}\" END"
    return f'"{column}"'
