"""A register on a PostgreSQL server: the server's side of the storage seam.

A register file has file concerns (the instance lock, the journal, the header's application id
and schema version, backups as file copies: :mod:`app.storage.register`,
:mod:`app.storage.fileformat`, :mod:`app.storage.backup`). A register on a server has none of
those: many people use it at once, the server keeps it consistent and IT backs it up. It has its
own concerns, all here: the URL (never with a password: libpq's ``.pgpass``, ``PGPASSFILE`` or
service file provide it, or the window asks), the server's version, the schema version (the
revision in ``alembic_version``), and creating and upgrading the schema explicitly (``imag db
create``, ``imag db upgrade``): a client never migrates a shared register when it starts, and
refuses one whose schema is newer or older than its own. The same models and migrations serve
both kinds of register.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, ExceptionContext, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session

from app.errors import (
    InvalidInput,
    NotFound,
    RegisterBusy,
    RegisterTooNew,
    ServerUnsupported,
    UserError,
)
from app.i18n import N_, Message
from app.storage.errors import register_error
from app.storage.fileformat import SCHEMA_VERSION

MIN_SERVER_VERSION = 130000
"""PostgreSQL 13: the oldest server the program is tested against."""
CONNECT_TIMEOUT_SECONDS = 10
MIGRATION_LOCK = 0x494D4147  # "IMAG": pg_advisory_xact_lock while the schema is created/upgraded
ROUNDS_LOCK = 0x494D4152  # "IMAR": held while a round is issued, imported into or closed


def serialize_rounds(session: Session) -> None:
    """On a server, let one person at a time issue, import into or close a round: a transaction
    lock (released at its end) that a second person does not get, with a clear message. A
    register file has one writer anyway (the instance lock)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    taken = session.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": ROUNDS_LOCK})
    if not taken.scalar():
        raise RegisterBusy(
            Message(
                N_(
                    "Someone else is issuing, importing into or closing a round in this register "
                    "right now. Wait until they are done and try again; nothing was changed."
                )
            )
        )


def server_url(raw: str) -> URL:
    """The SQLAlchemy URL (driver psycopg 3) of ``raw``; a password in it is refused."""
    try:
        if raw.startswith("postgres:"):
            raw = "postgresql:" + raw[len("postgres:") :]
        url = make_url(raw)
    except ArgumentError:
        raise InvalidInput(
            Message(N_("“{url}” is not a valid address of a register on a server."), url=raw)
        ) from None
    if url.password is not None or "password" in url.query:
        raise InvalidInput(
            Message(
                N_(
                    "The address of the register must not contain a password. Put it in your "
                    "password file (.pgpass, or the file PGPASSFILE names) or a service file; "
                    "the window asks for it when none is found."
                )
            )
        )
    return url.set(drivername="postgresql+psycopg")


def shown(raw: str) -> str:
    """How a register on a server is named in messages and in the status bar:
    ``server/database`` (a socket folder, or the service's name, for the server)."""
    url = server_url(raw)
    host = url.host or url.query.get("host") or url.query.get("service") or "localhost"
    if not isinstance(host, str):
        host = ",".join(host)
    port = f":{url.port}" if url.port else ""
    return f"{host}{port}/{url.database or url.username or ''}"


def server_engine(raw: str, *, readonly: bool = False, password: str | None = None) -> Engine:
    """An engine for the register at ``raw``; TLS and other libpq options in the URL's query
    (``sslmode``, ``sslrootcert``, ``service``, ...) go to libpq as they are."""
    connect_args: dict[str, Any] = {
        "connect_timeout": CONNECT_TIMEOUT_SECONDS,
        "application_name": "imag",
    }
    if readonly:
        connect_args["options"] = "-c default_transaction_read_only=on"
    if password:
        connect_args["password"] = password
    engine = create_engine(
        server_url(raw), connect_args=connect_args, pool_pre_ping=True, pool_size=2
    )
    name = shown(raw)

    @event.listens_for(engine, "handle_error")
    def _on_error(context: ExceptionContext) -> None:
        error = register_error(context.original_exception, name)
        if error is not None:
            raise error from context.original_exception

    return engine


@dataclass(frozen=True)
class ServerFacts:
    shown: str
    server_version: int
    schema_version: int | None
    """``None``: the database holds no register (yet)."""
    user: str


def facts(connection: Connection, raw: str) -> ServerFacts:
    """What the server and its register look like; an unsupported server is refused."""
    version = int(connection.exec_driver_sql("SHOW server_version_num").scalar_one())
    if version < MIN_SERVER_VERSION:
        raise ServerUnsupported(
            Message(
                N_(
                    "The database server of {register} runs PostgreSQL {found}; this program "
                    "needs PostgreSQL {needed} or newer. Nothing was changed."
                ),
                register=shown(raw),
                found=f"{version // 10000}.{version % 10000}",
                needed=MIN_SERVER_VERSION // 10000,
            )
        )
    schema: int | None = None
    if connection.exec_driver_sql("SELECT to_regclass('alembic_version')").scalar() is not None:
        revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        schema = int(revision) if revision is not None else None
    user = str(connection.exec_driver_sql("SELECT current_user").scalar_one())
    return ServerFacts(shown(raw), version, schema, user)


def no_register(raw: str) -> NotFound:
    return NotFound(
        Message(
            N_(
                "There is no register in {register} yet. The secretariat creates it once with "
                "“imag --database URL db create”."
            ),
            register=shown(raw),
        )
    )


def check_schema(found: ServerFacts, raw: str) -> None:
    """Refuse a register whose schema is missing, newer or older than this program's."""
    if found.schema_version is None:
        raise no_register(raw)
    if found.schema_version > SCHEMA_VERSION:
        raise RegisterTooNew(
            Message(
                N_(
                    "The register {register} was written by a newer version of this program "
                    "(schema {found}, this version knows up to {known}). It was not changed. "
                    "Please use the newer version."
                ),
                register=found.shown,
                found=found.schema_version,
                known=SCHEMA_VERSION,
            )
        )
    if found.schema_version < SCHEMA_VERSION:
        raise UserError(
            Message(
                N_(
                    "The register {register} has an older schema ({found}; this version needs "
                    "{known}). A shared register is never updated on its own: the secretariat "
                    "updates it with “imag --database URL db upgrade”. Nothing was changed."
                ),
                register=found.shown,
                found=found.schema_version,
                known=SCHEMA_VERSION,
            )
        )


def open_server(
    raw: str, *, readonly: bool = False, password: str | None = None
) -> tuple[Engine, ServerFacts]:
    """An engine for the register at ``raw``, after checking the server and the schema."""
    engine = server_engine(raw, readonly=readonly, password=password)
    try:
        with engine.connect() as connection:
            found = facts(connection, raw)
        check_schema(found, raw)
    except BaseException:
        engine.dispose()
        raise
    return engine, found


def migrate_server(
    raw: str, *, create: Callable[[Connection], None] | None = None
) -> tuple[int | None, int]:
    """Create (``create`` given: it fills the new register) or upgrade the register at ``raw``
    in one transaction, under an advisory lock; the schema versions before and after."""
    from app.storage.migrate import run_migrations

    engine = server_engine(raw)
    try:
        with engine.begin() as connection:
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            before = facts(connection, raw)
            if create is not None and before.schema_version is not None:
                raise InvalidInput(
                    Message(
                        N_("There is already a register in {register}; it was not changed."),
                        register=before.shown,
                    )
                )
            if create is None and before.schema_version is None:
                raise no_register(raw)
            if before.schema_version is not None and before.schema_version > SCHEMA_VERSION:
                check_schema(before, raw)
            run_migrations(connection)
            if create is not None:
                create(connection)
            after = facts(connection, raw)
    finally:
        engine.dispose()
    return before.schema_version, after.schema_version or 0
