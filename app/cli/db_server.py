"""``imag --database postgresql://… db check|create|upgrade|backup|copy|grant``: a register on a
server (and ``db copy`` from a file to one)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli import db_deep
from app.cli.common import Context
from app.errors import InvalidInput, RegisterDamaged
from app.i18n import N_, NP_, Message, Translator

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.cli.common import Subparsers

GUARDED_TABLES = ("audit_event", "round_snapshot")
"""Tables whose rows never change: their triggers must be in place on the server."""


def add_parsers(sub: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator) -> None:
    """``db copy`` and ``db grant``: a register on a server, or the way to one."""
    _ = tr.gettext
    copy = sub.add_parser(
        "copy",
        parents=[data_dir],
        help=_("copy the register to a server or into a new file"),
        description=_(
            "Copy everything in the register (measures, rounds and their snapshots, criteria, "
            "the audit trail) to an empty database on a PostgreSQL server, or from a server "
            "into a new register file, and verify that both hold the same content."
        ),
    )
    copy.add_argument(
        "--to",
        required=True,
        metavar=_("URL"),
        help=_("the target: postgresql://USER@HOST/DATABASE, or the path of a new file"),
    )
    grant = sub.add_parser(
        "grant",
        parents=[data_dir],
        help=_("set up the database roles of a shared register, or give a user one"),
        description=_(
            "On a register on a PostgreSQL server (run by its owner): create or refresh the "
            "roles imag_secretariat (writes everything), imag_department (reads) and "
            "imag_liaison (reads, edits the Polish and Czech texts), enforced by the server; "
            "with --role and USER, make the existing login USER a member of that role only."
        ),
    )
    grant.add_argument(
        "--role",
        choices=("secretariat", "department", "liaison"),
        help=_("the role to give USER"),
    )
    grant.add_argument("user", nargs="?", metavar=_("USER"), help=_("a login on the server"))


def measure_count(session: Session) -> int:
    from sqlalchemy import func, select

    from app.models import Measure

    return session.scalar(select(func.count(Measure.id))) or 0


def _url(ctx: Context) -> str:
    url = ctx.paths.server_url
    assert url is not None
    return url


def check(ctx: Context) -> int:
    from sqlalchemy import text

    from app.storage.fileformat import SCHEMA_VERSION
    from app.storage.register import open_register

    if ctx.args.repair:
        raise not_on_server(ctx)
    with open_register(ctx.paths, readonly=True) as register, register.session() as session:
        missing = [
            table
            for table in GUARDED_TABLES
            if not session.execute(
                text(
                    "SELECT count(*) FROM pg_trigger WHERE tgrelid = to_regclass(:table) "
                    "AND NOT tgisinternal"
                ),
                {"table": table},
            ).scalar()
        ]
        if missing:
            raise RegisterDamaged(
                Message(
                    N_(
                        "The register {register} lacks the triggers that keep {tables} "
                        "unchangeable. Ask the IT service to restore the database."
                    ),
                    register=register.location,
                    tables=", ".join(missing),
                )
            )
        if ctx.args.deep:
            db_deep.require_sound(ctx, register.location, db_deep.deep_report(register))
        count = measure_count(session)
        assert register.server is not None
        ctx.out(
            ctx.tr.render(
                Message(
                    N_(
                        "The register {register} is sound: schema version {version} (current: "
                        "{current}), {n} measures, kind: {kind}; PostgreSQL {server}, open as "
                        "{user}."
                    ),
                    register=register.location,
                    version=register.server.schema_version,
                    current=SCHEMA_VERSION,
                    n=count,
                    kind=register.kind.value,
                    server=register.server.server_version // 10000,
                    user=register.server.user,
                )
            )
        )
    return 0


def create(ctx: Context) -> int:
    from app.catalogue.loader import load_catalogue
    from app.models import RegisterKind
    from app.storage.register import create_register_on_server
    from app.storage.server import shown

    catalogue = load_catalogue(Path(ctx.args.catalogue) if ctx.args.catalogue else None)
    count = create_register_on_server(
        _url(ctx),
        kind=RegisterKind.REAL,
        actor=ctx.actor(),
        catalogue=catalogue,
        departments_file=Path(ctx.args.departments) if ctx.args.departments else None,
    )
    ctx.out(
        ctx.tr.render(
            Message(
                *NP_(
                    "Register created at {path} with {n} measure from {catalogue}.",
                    "Register created at {path} with {n} measures from {catalogue}.",
                ),
                path=shown(_url(ctx)),
                n=count,
                catalogue=catalogue.path.name,
            )
        )
    )
    return 0


def upgrade(ctx: Context) -> int:
    from app.storage.server import migrate_server, shown

    before, after = migrate_server(_url(ctx))
    if before == after:
        message = Message(
            N_("The register {register} is up to date (schema version {version})."),
            register=shown(_url(ctx)),
            version=after,
        )
    else:
        message = Message(
            N_("The register {register} was updated from schema version {old} to {new}."),
            register=shown(_url(ctx)),
            old=before,
            new=after,
        )
    ctx.out(ctx.tr.render(message))
    return 0


def copy(ctx: Context) -> int:
    from app.paths import is_server_url
    from app.storage.copy import copy_to_server, same_content, write_register_file
    from app.storage.engine import readonly_engine
    from app.storage.register import open_register
    from app.storage.server import server_engine, shown

    to: str = ctx.args.to
    with open_register(ctx.paths, readonly=True) as register:
        if is_server_url(to):
            counts = copy_to_server(register.engine, to)
            target, name = server_engine(to, readonly=True), shown(to)
        else:
            path = Path(to).expanduser().resolve()
            if path.exists():
                raise InvalidInput(
                    Message(N_("There is already a file {path}; it was not changed."), path=path)
                )
            counts = write_register_file(register.engine, path)
            target, name = readonly_engine(path), str(path)
        try:
            differing = same_content(register.engine, target)
        finally:
            target.dispose()
        source = register.location
    if differing:
        raise RegisterDamaged(
            Message(
                N_("The copy {target} differs from {source} in: {tables}."),
                target=name,
                source=source,
                tables=", ".join(differing),
            )
        )
    ctx.out(
        ctx.tr.render(
            Message(
                N_(
                    "The register {source} was copied to {target}: {rows} rows in {tables} "
                    "tables; both hold the same content."
                ),
                source=source,
                target=name,
                rows=sum(counts.values()),
                tables=len(counts),
            )
        )
    )
    return 0


def backup(ctx: Context) -> int:
    """A register on a server written as one consistent state into a register file."""
    from app.storage import backup as backups
    from app.storage.copy import write_register_file
    from app.storage.register import open_register

    if ctx.args.out:
        target = Path(ctx.args.out).expanduser().resolve()
    else:
        ctx.paths.backups_dir.mkdir(parents=True, exist_ok=True)
        target = ctx.paths.backups_dir / backups.backup_name("server")
    with open_register(ctx.paths, readonly=True) as register:
        write_register_file(register.engine, target)
    ctx.out(ctx.tr.render(Message(N_("Backup written to {path}."), path=target)))
    return 0


def grant(ctx: Context) -> int:
    from app.storage import roles
    from app.storage.server import server_engine, shown

    if ctx.paths.server_url is None:
        raise InvalidInput(
            Message(N_("Roles exist on a server only: give --database postgresql://…."))
        )
    if (ctx.args.role is None) != (ctx.args.user is None):
        raise InvalidInput(Message(N_("Give --role and USER together, or neither.")))
    engine = server_engine(_url(ctx))
    try:
        with engine.begin() as connection:
            roles.grant(connection, ctx.args.role, ctx.args.user)
    finally:
        engine.dispose()
    if ctx.args.user is None:
        message = Message(
            N_("The roles {roles} are set up in {register}."),
            roles=", ".join(roles.ROLES.values()),
            register=shown(_url(ctx)),
        )
    else:
        message = Message(
            N_("{user} now has the role {role} in {register}."),
            user=ctx.args.user,
            role=roles.ROLES[ctx.args.role],
            register=shown(_url(ctx)),
        )
    ctx.out(ctx.tr.render(message))
    return 0


def not_on_server(ctx: Context) -> InvalidInput:
    from app.storage.server import shown

    return InvalidInput(
        Message(
            N_(
                "“imag db {command}” works on a register file only, not on the register "
                "{register} on a server."
            ),
            command=ctx.args.db_command,
            register=shown(_url(ctx)),
        )
    )
