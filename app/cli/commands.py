"""What the ``imag`` subcommands do; the parser is in :mod:`app.cli.main`."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from app.errors import InvalidInput, NotFound, NotWritable
from app.fileio import os_reason, write_atomically
from app.i18n import N_, NP_, Message
from app.models import Measure
from app.operations import export
from app.operations.audit import record
from app.operations.queries import measure_records
from app.storage import backup
from app.storage.fileformat import SCHEMA_VERSION, inspect
from app.storage.register import Register, acquire_lock, check_writable, open_register

if TYPE_CHECKING:
    from app.cli.main import Context


def _open_for_reading(ctx: Context) -> Register:
    """The register read-only; created first (from the catalogue) if the folder has none yet."""
    if not ctx.paths.register_file.exists():
        open_register(ctx.paths, actor=ctx.actor()).close()
    return open_register(ctx.paths, readonly=True)


def _write_output(ctx: Context, text: str, out: str | None, *, bom: bool = False) -> None:
    if out is None:
        ctx.out(text)
        return
    encoding = "utf-8-sig" if bom else "utf-8"
    write_atomically(
        Path(out), lambda temporary: temporary.write_text(text, encoding=encoding, newline="")
    )


def _demo_note(ctx: Context, register: Register) -> None:
    if register.is_demo:
        ctx.note(Message(N_("Note: this is a DEMO register; its values are invented.")))


def measures_export(ctx: Context) -> int:
    with _open_for_reading(ctx) as register:
        _demo_note(ctx, register)
        with register.session() as session:
            records = measure_records(session)
    if ctx.args.format == "csv":
        _write_output(ctx, export.to_csv(records), ctx.args.out, bom=ctx.args.out is not None)
    else:
        _write_output(ctx, export.to_json(records), ctx.args.out)
    if ctx.args.out:
        ctx.note(
            Message(
                *NP_("{n} measure exported to {path}.", "{n} measures exported to {path}."),
                n=len(records),
                path=ctx.args.out,
            )
        )
    return 0


def db_check(ctx: Context) -> int:
    path = ctx.paths.register_file
    if not path.exists():
        raise NotFound(Message(N_("There is no register at {path}."), path=path))
    facts = inspect(path, thorough=True)
    with open_register(ctx.paths, readonly=True) as register, register.session() as session:
        count = session.scalar(select(func.count(Measure.id))) or 0
        kind = register.kind.value
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
    from app.storage.register import create_register_file

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
        count = session.scalar(select(func.count(Measure.id))) or 0
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
    path = ctx.paths.register_file
    if not path.exists():
        raise NotFound(Message(N_("There is no register at {path}."), path=path))
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


def db_restore(ctx: Context) -> int:
    source = Path(ctx.args.file).resolve()
    if not source.is_file():
        raise NotFound(Message(N_("There is no file {path}."), path=source))
    inspect(source, thorough=True)  # damaged, foreign or newer files are refused here
    paths = ctx.paths
    check_writable(paths)
    lock = acquire_lock(paths)
    safety: Path | None = None
    try:
        if paths.register_file.exists():
            try:
                safety = backup.automatic_backup(paths, "before-restore")
            except sqlite3.DatabaseError:
                # The current file is damaged: keep its bytes as they are.
                safety = paths.backups_dir / backup.backup_name("before-restore-damaged")
                shutil.copy2(paths.register_file, safety)
        temporary = paths.register_file.with_name(f".{paths.register_file.name}.restore")
        shutil.copyfile(source, temporary)
        with temporary.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(temporary, paths.register_file)
    except OSError as exc:
        raise NotWritable(
            Message(N_("The backup could not be restored: {error}"), error=os_reason(exc))
        ) from None
    finally:
        lock.release()
    with (
        open_register(paths, actor=ctx.actor()) as register,
        register.session() as session,
        session.begin(),
    ):
        record(
            session,
            actor=ctx.actor(),
            source="cli",
            action="restore",
            entity="register",
            code=register.meta.get("register_id"),
            new=str(source),
        )
    if safety is not None:
        ctx.note(Message(N_("The previous register was saved as {path}."), path=safety))
    ctx.out(ctx.tr.render(Message(N_("Register restored from {path}."), path=source)))
    return 0


def demo(ctx: Context) -> int:
    from app.demo import create_demo
    from app.paths import demo_paths

    paths = ctx.paths if ctx.paths.explicit else demo_paths(ctx.paths)
    with create_demo(paths, reset=ctx.args.reset) as register, register.session() as session:
        count = session.scalar(select(func.count(Measure.id))) or 0
    ctx.out(
        ctx.tr.render(
            Message(
                N_(
                    "Demo register with {n} measures in {path}. Open it with: "
                    'imag --data-dir "{folder}"'
                ),
                n=count,
                path=paths.register_file,
                folder=paths.data_dir,
            )
        )
    )
    return 0


def _date_option(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            Message(
                N_("{option} needs a date like 2026-03-31, not “{value}”."),
                option=option,
                value=value,
            )
        ) from None


def report(ctx: Context) -> int:
    from app.reports import ReportKind, ReportRequest, write_report

    args = ctx.args
    request = ReportRequest(
        kind=ReportKind(args.kind),
        lang=args.report_lang,
        department=args.department,
        measure=args.measure,
        round=args.round,
        draft=args.draft,
        classification=args.classification,
        reporting_date=_date_option(args.date, "--date"),
        since=_date_option(args.since, "--since"),
    )
    with _open_for_reading(ctx) as register:
        _demo_note(ctx, register)
        result = write_report(register, request, Path(args.out))
    ctx.out(
        ctx.tr.render(
            Message(
                *NP_(
                    "Report written to {path} ({n} page).",
                    "Report written to {path} ({n} pages).",
                ),
                n=result.pages,
                path=result.path,
            )
        )
    )
    return 0


def selftest(ctx: Context) -> int:
    from app import selftest as checks

    return 0 if checks.run(ctx.tr, ctx.out) else 1
