"""What the secretariat reads about its rounds: ``imag round list``, ``round status``,
``round reminder`` and ``round conflicts`` (their parsers are in :mod:`app.cli.rounds`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import Context, print_json, readable
from app.errors import InvalidInput
from app.i18n import N_, Message
from app.rounds.labels import DEPARTMENT_STATE, ROUND_STATUS

if TYPE_CHECKING:
    from app.rounds.secretariat import DepartmentProgress, RoundProgress


def round_list(ctx: Context) -> int:
    from app.rounds import secretariat
    from app.rounds.kinds import kind_of

    with readable(ctx) as register, register.session() as session:
        rows = [
            secretariat.progress(session, round_.name)
            for round_ in secretariat.list_rounds(session)
        ]
    if ctx.args.format == "json":
        print_json(ctx, [row.as_json() for row in rows])
        return 0
    for row in rows:
        ctx.out(
            ctx.tr.render(
                Message(
                    N_(
                        "{name} ({kind}): {status}, deadline {deadline}, departments that "
                        "have sent their return: {returned} of {expected}"
                    ),
                    name=row.name,
                    kind=Message(kind_of(row).short_label),
                    status=Message(ROUND_STATUS[row.status]),
                    deadline=row.deadline,
                    returned=row.departments_returned,
                    expected=len(row.departments),
                )
            )
        )
    if not rows:
        ctx.note(Message(N_("There are no evaluation rounds yet.")))
    return 0


def round_status(ctx: Context) -> int:
    from app.rounds import secretariat
    from app.rounds.kinds import kind_of

    if ctx.args.format == "xlsx" or ctx.args.out:
        return _status_sheet(ctx)
    with readable(ctx) as register, register.session() as session:
        row = secretariat.progress(session, ctx.args.name)
    if ctx.args.format == "json":
        print_json(ctx, row.as_json())
        return 0
    render = ctx.tr.render
    kind = kind_of(row)
    ctx.out(
        render(
            Message(
                kind.status_line,
                name=row.name,
                status=Message(ROUND_STATUS[row.status]),
                deadline=row.deadline,
                returned=row.departments_returned,
                expected=len(row.departments),
                answered=row.measures_returned,
                measures=row.measures_expected,
                conflicts=row.open_conflicts,
            )
        )
    )
    for department in row.departments:
        ctx.out("  " + _department_line(ctx, department, kind.department_line))
    if row.unassigned:
        ctx.out(
            render(
                Message(
                    N_("Measures in scope without a lead department (not asked): {codes}"),
                    codes=", ".join(row.unassigned),
                )
            )
        )
    _corrections(ctx, row)
    return 0


def _corrections(ctx: Context, row: RoundProgress) -> None:
    """The late returns taken as amendments and the withdrawn versions, after the status."""
    render = ctx.tr.render
    for amendment in row.amendments:
        ctx.out(
            render(
                Message(
                    N_(
                        "Amendment after closing: {department}, version {version}, exported "
                        "{exported}, taken {taken} by {by}; answers: {answers}"
                    ),
                    department=amendment["department"],
                    version=amendment["version"],
                    exported=amendment["exported_at"],
                    taken=amendment["taken_at"],
                    by=amendment["taken_by"],
                    answers=amendment["answers"],
                )
            )
        )
    for withdrawn in row.withdrawn:
        ctx.out(
            render(
                Message(
                    N_("Withdrawn: {department}, version {version}, on {date} by {by}: {reason}"),
                    department=withdrawn["department"],
                    version=withdrawn["version"],
                    date=withdrawn["withdrawn_at"],
                    by=withdrawn["withdrawn_by"],
                    reason=withdrawn["reason"],
                )
            )
        )


def _status_sheet(ctx: Context) -> int:
    """``round status NAME --format xlsx --out FILE``"""
    from app.i18n import translator
    from app.spreadsheets.round_status import export_round_status

    args = ctx.args
    if args.format != "xlsx" or not args.out:
        raise InvalidInput(
            Message(N_("The round's status as a workbook needs --format xlsx and --out FILE."))
        )
    with readable(ctx) as register, register.session() as session:
        export_round_status(
            session, args.name, Path(args.out), tr=translator(args.sheet_lang or ctx.tr.lang)
        )
    ctx.note(
        Message(
            N_("The status of the round “{name}” was written to {path}."),
            name=args.name,
            path=args.out,
        )
    )
    return 0


def _department_line(ctx: Context, department: DepartmentProgress, template: str) -> str:
    """``SK: returned, 3 of 4 measures, late, open conflicts: 1`` (``template``: the round's
    kind's ``department_line``)"""
    render = ctx.tr.render
    line = render(
        Message(
            template,
            code=department.code,
            state=Message(DEPARTMENT_STATE[department.state]),
            returned=department.returned,
            expected=department.expected,
        )
    )
    if department.late:
        line += render(Message(N_(", late")))
    if department.open_conflicts:
        line += render(Message(N_(", open conflicts: {n}"), n=department.open_conflicts))
    return line


def round_reminder(ctx: Context) -> int:
    from app.rounds import reminders

    args = ctx.args
    if args.all:
        return _all_reminders(ctx)
    if args.department is None:
        raise InvalidInput(Message(N_("Name a department, or give --all.")))
    if args.out or args.packages:
        raise InvalidInput(Message(N_("--out and --packages are for --all.")))
    with readable(ctx) as register, register.session() as session:
        text = reminders.reminder(
            session, args.name, args.department, args.text_lang, sender=args.sender
        )
    if args.eml:
        target = reminders.save_eml(text, Path(args.eml))
        ctx.note(Message(N_("E-mail draft saved: {path}"), path=str(target)))
    else:
        ctx.out(text.text)
    return 0


def _all_reminders(ctx: Context) -> int:
    """``round reminder NAME --all``: a draft for every department that needs one."""
    from app.rounds import reminder_drafts

    args = ctx.args
    if args.department is not None or args.eml or args.text_lang:
        raise InvalidInput(
            Message(
                N_(
                    "--all writes a draft for every department in its own language; leave "
                    "out the department, --eml and --lang."
                )
            )
        )
    with readable(ctx) as register, register.session() as session:
        drafts = reminder_drafts.write_reminders(
            session,
            args.name,
            Path(args.out or "."),
            packages=Path(args.packages) if args.packages else None,
            sender=args.sender,
        )
    for draft in drafts.written:
        ctx.out(ctx.tr.render(reminder_drafts.draft_line(draft)))
    ctx.out(ctx.tr.render(reminder_drafts.summary(drafts)))
    if drafts.without_address:
        ctx.note(reminder_drafts.no_address_note(drafts.without_address))
    return 0


def round_conflicts(ctx: Context) -> int:
    from app.operations.audit import decode
    from app.rounds import secretariat

    with readable(ctx) as register, register.session() as session:
        rows = [
            {
                "id": conflict.id,
                "measure": conflict.code,
                "field": conflict.field,
                "department": conflict.imported_return.department.code,
                "return_version": conflict.imported_return.sequence,
                "register_value": decode(conflict.register_value),
                "issued_value": decode(conflict.issued_value),
                "returned_value": decode(conflict.returned_value),
            }
            for conflict in secretariat.conflicts(session, ctx.args.name)
        ]
    if ctx.args.format == "json":
        print_json(ctx, rows)
        return 0
    for row in rows:
        ctx.out(
            ctx.tr.render(
                Message(
                    N_(
                        "#{id} {measure} {field} ({department}): register {register} | issued "
                        "{issued} | returned {returned}"
                    ),
                    id=row["id"],
                    measure=row["measure"],
                    field=row["field"],
                    department=row["department"],
                    register=json.dumps(row["register_value"], ensure_ascii=False),
                    issued=json.dumps(row["issued_value"], ensure_ascii=False),
                    returned=json.dumps(row["returned_value"], ensure_ascii=False),
                )
            )
        )
    if not rows:
        ctx.note(Message(N_("There are no open conflicts.")))
    return 0
