"""Bring a register's schema up to date, safely.

The caller has made a backup. All migration steps run on one connection with foreign keys off,
in one transaction; before the commit ``PRAGMA foreign_key_check`` must come back empty, else
everything is rolled back and the file is as it was.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from app.errors import RegisterDamaged
from app.i18n import N_, NP_, Message
from app.resources import migrations_dir
from app.storage.engine import writable_engine
from app.storage.fileformat import APPLICATION_ID


def script_location() -> str:
    return str(migrations_dir())


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory(script_location()).walk_revisions()}


def run_migrations(connection: Connection) -> None:
    """Run every pending migration on ``connection``, inside the caller's transaction (a file's
    or a server's: the migrations run on both)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", script_location())
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def keep_digests(connection: Connection) -> None:
    """After a migration of a register that had row digests: a table it rebuilt lost its
    digest triggers (SQLite drops them with the old table); they are made again from the new
    columns and that table's rows digested anew (the migration is the program's own code)."""
    from app.storage.integrity import record_schema, recreate_triggers, redigest

    recreated = recreate_triggers(connection)
    tables = {
        name.split("_", 2)[2].rsplit("_", 1)[0]
        for name in recreated
        if name.startswith("imag_digest_")
    }
    if tables:
        redigest(connection, sorted(tables))
    record_schema(connection)


def upgrade(path: Path, target_version: int, *, shown_as: Path | None = None) -> None:
    """Run every pending migration on ``path`` in a single transaction; the newest migration
    must leave ``PRAGMA user_version`` at ``target_version``. Messages name ``shown_as`` (the
    register a temporary file becomes) if given."""
    engine = writable_engine(path, foreign_keys=False, shown_as=shown_as)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            run_migrations(connection)
            if (connection.exec_driver_sql("PRAGMA user_version").scalar() or 0) >= 9:
                keep_digests(connection)
            reached = connection.exec_driver_sql("PRAGMA user_version").scalar()
            if reached != target_version:
                raise RegisterDamaged(
                    Message(
                        N_(
                            "Updating the register {path} ended at schema version {found} "
                            "instead of {expected}; nothing was changed."
                        ),
                        path=path,
                        found=reached,
                        expected=target_version,
                    )
                )
            broken = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
            if broken:
                raise RegisterDamaged(
                    Message(
                        *NP_(
                            "Updating the register {path} would leave {n} broken reference; "
                            "nothing was changed.",
                            "Updating the register {path} would leave {n} broken references; "
                            "nothing was changed.",
                        ),
                        path=path,
                        n=len(broken),
                    )
                )
    except (sqlite3.DatabaseError, DBAPIError) as exc:
        raise RegisterDamaged(
            Message(
                N_("Updating the register {path} failed ({error}); nothing was changed."),
                path=path,
                error=str(getattr(exc, "orig", exc)),
            )
        ) from exc
    finally:
        engine.dispose()
