"""``imag db check|create|upgrade|backup|restore``: the register itself (a register on a server:
:mod:`app.cli.db_server`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli import db_backups, db_deep, db_server
from app.cli.common import Context, Handlers, add_group
from app.cli.db_server import measure_count
from app.errors import InvalidInput, NotFound, NotWritable, UserError
from app.i18n import N_, NP_, Message, Translator

if TYPE_CHECKING:
    from app.cli.common import Subparsers


def add_parsers(commands: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator) -> None:
    _ = tr.gettext
    sub = add_group(
        commands,
        "db",
        data_dir,
        tr,
        help=_("check, back up and restore the register file"),
        description=_("Check, back up and restore the register file."),
    )
    check = sub.add_parser(
        "check",
        parents=[data_dir],
        help=_("check integrity and schema version"),
        description=_(
            "Check the register's integrity, references and schema version without changing "
            "it. Exit code 0 only if it is sound."
        ),
    )
    db_deep.add_arguments(check, tr)
    create = sub.add_parser(
        "create",
        parents=[data_dir],
        help=_("create a new register from a strategy catalogue"),
        description=_(
            "Create a new register in the data folder from a strategy catalogue (JSON) and a "
            "list of departments (CSV). Without options the built-in catalogue of Saxony's "
            "International Strategy and the default departments are used. An existing register "
            "is never overwritten."
        ),
    )
    sub.add_parser(
        "upgrade",
        parents=[data_dir],
        help=_("bring the register's schema up to date"),
        description=_(
            "Bring the register's schema up to this program's version, in one transaction. A "
            "register file is also updated when it is opened (after a backup); a register on a "
            "server only by this command."
        ),
    )
    create.add_argument("--catalogue", metavar=_("FILE"), help=_("the catalogue file (JSON)"))
    create.add_argument("--departments", metavar=_("FILE"), help=_("the departments file (CSV)"))
    backup = sub.add_parser(
        "backup",
        parents=[data_dir],
        help=_("write a backup copy of the register"),
        description=_(
            "Write a consistent copy of the register, by default into the backups folder."
        ),
    )
    backup.add_argument("--out", metavar=_("FILE"), help=_("write the backup to FILE"))
    db_backups.add_parser(sub, data_dir, tr)
    db_server.add_parsers(sub, data_dir, tr)
    restore = sub.add_parser(
        "restore",
        parents=[data_dir],
        help=_("replace the register with a backup"),
        description=_(
            "Replace the register with the backup FILE after checking it. The current register "
            "is backed up first. If it holds changes the file lacks, they are listed and the "
            "restore needs --yes (or a yes at the prompt)."
        ),
    )
    restore.add_argument("file", metavar=_("FILE"), help=_("the backup to restore"))
    restore.add_argument(
        "--yes",
        action="store_true",
        help=_("restore even if the current register holds changes the file lacks"),
    )


def _existing_register(ctx: Context) -> Path:
    path = ctx.paths.register_file
    if not path.exists():
        raise NotFound(Message(N_("There is no register at {path}."), path=path))
    return path


def db_check(ctx: Context) -> int:
    from app.storage.fileformat import SCHEMA_VERSION, inspect
    from app.storage.register import open_register

    if ctx.paths.server_url is not None:
        return db_server.check(ctx)
    path = _existing_register(ctx)
    facts = inspect(path, thorough=True)
    if ctx.args.repair:
        db_deep.repair(ctx)
    with open_register(ctx.paths, readonly=True) as register, register.session() as session:
        count = measure_count(session)
        kind = register.kind.value
        if ctx.args.deep:
            db_deep.require_sound(ctx, str(path), db_deep.deep_report(register))
    ctx.out(
        ctx.tr.render(
            Message(
                N_(
                    "The register {path} is sound: schema version {version} (current: "
                    "{current}), {n} measures, kind: {kind}."
                ),
                path=path,
                version=facts.schema_version,
                current=SCHEMA_VERSION,
                n=count,
                kind=kind,
            )
        )
    )
    return 0


def db_create(ctx: Context) -> int:
    from app.catalogue.loader import load_catalogue
    from app.models import RegisterKind
    from app.storage.register import (
        acquire_lock,
        check_writable,
        create_register_file,
        open_register,
    )

    if ctx.paths.server_url is not None:
        return db_server.create(ctx)
    paths = ctx.paths
    catalogue = load_catalogue(Path(ctx.args.catalogue) if ctx.args.catalogue else None)
    departments = Path(ctx.args.departments) if ctx.args.departments else None
    check_writable(paths)
    lock = acquire_lock(paths)
    try:
        if paths.register_file.exists():
            raise InvalidInput(
                Message(
                    N_("There is already a register at {path}; it was not changed."),
                    path=paths.register_file,
                )
            )
        create_register_file(
            paths.register_file,
            kind=RegisterKind.REAL,
            actor=ctx.actor(),
            catalogue=catalogue,
            departments_file=departments,
        )
    finally:
        lock.release()
    with open_register(paths, readonly=True) as register, register.session() as session:
        count = measure_count(session)
    ctx.out(
        ctx.tr.render(
            Message(
                *NP_(
                    "Register created at {path} with {n} measure from {catalogue}.",
                    "Register created at {path} with {n} measures from {catalogue}.",
                ),
                path=paths.register_file,
                n=count,
                catalogue=catalogue.path.name,
            )
        )
    )
    return 0


def db_backup(ctx: Context) -> int:
    import sqlite3

    from app.storage import backup
    from app.storage.fileformat import inspect

    if ctx.paths.server_url is not None:
        return db_server.backup(ctx)
    path = _existing_register(ctx)
    inspect(path)
    try:
        if ctx.args.out:
            target = backup.copy_database(path, Path(ctx.args.out).resolve())
        else:
            target = backup.automatic_backup(ctx.paths, "manual")
    except (OSError, sqlite3.Error) as exc:
        raise NotWritable(
            Message(N_("The backup could not be written: {error}"), error=str(exc))
        ) from None
    ctx.out(ctx.tr.render(Message(N_("Backup written to {path}."), path=target)))
    return 0


def _confirm_kind(ctx: Context, source: Path) -> None:
    """A register of another kind (a demo over a real one, a department's workspace over the
    secretariat's register) is restored only with --yes."""
    from app.storage.rescue import kind_mismatch

    mismatch = kind_mismatch(ctx.paths.register_file, source)
    if mismatch is None or ctx.args.yes:
        return
    raise UserError(
        Message(
            N_(
                "{reason} Nothing was restored. To restore it anyway, run the command again "
                "with --yes (the current register is backed up first)."
            ),
            reason=mismatch,
        )
    )


def _confirm_losses(ctx: Context, source: Path) -> None:
    """Say what the restore would lose; go on only if nothing, or if the user confirms."""

    from app.storage.restore import losses

    if not ctx.paths.register_file.exists():
        return
    loss = losses(ctx.paths.register_file, source)
    if loss.empty:
        return
    ctx.note(
        Message(
            N_(
                "Restoring {file} would lose what the current register holds and the file "
                "lacks (history entries: {events}; measures: {measures}; rounds: {rounds})."
            ),
            file=source,
            events=loss.events,
            measures=loss.measures,
            rounds=loss.rounds,
        )
    )
    if loss.latest:
        ctx.note(Message(N_("The latest changes the file lacks:")))
        for at, actor, action, entity, code, field_name, *_rest in loss.latest:
            ctx.note(
                "  "
                + "  ".join(part for part in (at, actor, action, entity, code, field_name) if part)
            )
    db_deep.confirm_restore(
        ctx,
        UserError(
            Message(
                N_(
                    "Nothing was restored. To restore {file} anyway, run the command again with "
                    "--yes (the current register is backed up first)."
                ),
                file=source,
            )
        ),
    )


def db_restore(ctx: Context) -> int:
    from app.fileio import os_reason, refuse_unless_file
    from app.storage.fileformat import inspect
    from app.storage.register import acquire_lock, check_writable
    from app.storage.rescue import safety_copy
    from app.storage.restore import record_restore, replace_register

    if ctx.paths.server_url is not None:
        raise db_server.not_on_server(ctx)
    source = Path(ctx.args.file).resolve()
    if not source.exists():
        raise NotFound(Message(N_("There is no file {path}."), path=source))
    refuse_unless_file(Path(ctx.args.file))  # named as given, not as where a link points
    inspect(source, thorough=True)  # damaged, foreign or newer files are refused here
    check_writable(ctx.paths)
    db_deep.confirm_sound_backup(ctx, source)
    lock = acquire_lock(ctx.paths)
    try:
        _confirm_kind(ctx, source)
        _confirm_losses(ctx, source)
        safety = safety_copy(ctx.paths)
        replace_register(ctx.paths, source, record_restore(ctx.actor(), source))
    except OSError as exc:
        raise NotWritable(
            Message(N_("The backup could not be restored: {error}"), error=os_reason(exc))
        ) from None
    finally:
        lock.release()
    if safety is not None:
        ctx.note(Message(N_("The previous register was saved as {path}."), path=safety))
    ctx.out(ctx.tr.render(Message(N_("Register restored from {path}."), path=source)))
    return 0


def db_upgrade(ctx: Context) -> int:
    from app.storage.fileformat import SCHEMA_VERSION
    from app.storage.register import open_register

    if ctx.paths.server_url is not None:
        return db_server.upgrade(ctx)
    _existing_register(ctx)
    open_register(ctx.paths, create=False, actor=ctx.actor()).close()
    ctx.out(
        ctx.tr.render(
            Message(
                N_("The register {register} is up to date (schema version {version})."),
                register=ctx.paths.register_file,
                version=SCHEMA_VERSION,
            )
        )
    )
    return 0


HANDLERS: Handlers = {
    ("db", "check"): db_check,
    ("db", "create"): db_create,
    ("db", "upgrade"): db_upgrade,
    ("db", "copy"): db_server.copy,
    ("db", "grant"): db_server.grant,
    ("db", "backup"): db_backup,
    ("db", "backups"): db_backups.db_backups,
    ("db", "restore"): db_restore,
}
