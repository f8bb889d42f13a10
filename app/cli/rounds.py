"""``imag round …`` (the secretariat), ``imag package open`` and ``imag return …`` (a
department): evaluation rounds from the command line, for scripts and tests."""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import ExitCode, InvalidInput
from app.i18n import LANGUAGES, N_, NP_, Message, Translator
from app.operations.context import Actor
from app.rounds.labels import (
    DEPARTMENT_STATE,
    ROUND_KIND,
    ROUND_STATUS,
    item_state_labels,
)

if TYPE_CHECKING:
    from app.cli.main import Context

    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


def _codes(values: list[str] | None) -> tuple[str, ...]:
    """``--departments SK SMWK`` and ``--departments SK,SMWK`` alike."""
    return tuple(
        part.strip() for value in values or () for part in value.split(",") if part.strip()
    )


def add_parsers(commands: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator) -> None:
    _ = tr.gettext
    round_ = commands.add_parser(
        "round",
        parents=[data_dir],
        help=_("evaluation rounds: create, issue packages, import returns, close"),
        description=_(
            "Evaluation rounds on the secretariat's side: create a round, issue one package "
            "per department, import the returns, see who is missing, resolve conflicts, close "
            "the round."
        ),
    )
    sub = round_.add_subparsers(
        dest="round_command", metavar=_("COMMAND"), title=_("commands"), required=True
    )
    create = sub.add_parser(
        "create",
        parents=[data_dir],
        help=_("create a round (as a draft)"),
        description=_(
            "Create an evaluation round. Without --departments, every department that leads a "
            "measure in the round's scope takes part."
        ),
    )
    create.add_argument("name", metavar=_("NAME"), help=_("the round's name"))
    create.add_argument(
        "--deadline", metavar=_("YYYY-MM-DD"), required=True, help=_("when the returns are due")
    )
    create.add_argument(
        "--period-start", metavar=_("YYYY-MM-DD"), help=_("first day of the reporting period")
    )
    create.add_argument(
        "--period-end", metavar=_("YYYY-MM-DD"), help=_("last day of the reporting period")
    )
    create.add_argument(
        "--departments",
        nargs="+",
        metavar=_("CODE"),
        help=_("the departments asked (codes, separated by spaces or commas)"),
    )
    create.add_argument(
        "--instruments",
        nargs="+",
        metavar=_("NUMERAL"),
        help=_("only the measures of these instruments (e.g. I III)"),
    )
    create.add_argument("--note", metavar=_("TEXT"), help=_("a note sent with the packages"))
    create.add_argument(
        "--kind",
        choices=("measures", "partnerships"),
        default="measures",
        help=_("what the round asks for: measures (default) or partnerships"),
    )
    create.add_argument(
        "--criteria-set",
        metavar=_("CODE"),
        help=_("partnership rounds: the criteria set (default: the only or the default set)"),
    )
    create.add_argument(
        "--partnerships",
        nargs="+",
        metavar=_("CODE"),
        help=_(
            "partnership rounds: the partnerships assessed (default: the active and dormant "
            "regional partnerships)"
        ),
    )

    listing = sub.add_parser(
        "list", parents=[data_dir], help=_("list the rounds"), description=_("List the rounds.")
    )
    _format_option(listing, tr)

    issue = sub.add_parser(
        "issue",
        parents=[data_dir],
        help=_("write one round package per department"),
        description=_(
            "Write one round package per department of the round into DIR and open the round. "
            "Issuing again gives a department a new package; returns to the earlier one are "
            "still accepted."
        ),
    )
    issue.add_argument("name", metavar=_("NAME"), help=_("the round's name"))
    issue.add_argument("--out", metavar=_("DIR"), required=True, help=_("the folder to write to"))
    issue.add_argument(
        "--departments", nargs="+", metavar=_("CODE"), help=_("only these departments")
    )

    imports = sub.add_parser(
        "import",
        parents=[data_dir],
        help=_("import return packages (files or folders)"),
        description=_(
            "Import return packages: each file given, and every *.imag-return file in each "
            "folder given. Each return is applied whole or not at all."
        ),
    )
    imports.add_argument(
        "files", nargs="+", metavar=_("FILE_OR_DIR"), help=_("return packages or folders")
    )

    status = sub.add_parser(
        "status",
        parents=[data_dir],
        help=_("completeness of a round per department"),
        description=_(
            "Show per department what was expected, what came back, what is late or missing, "
            "and the open conflicts."
        ),
    )
    status.add_argument("name", metavar=_("NAME"), help=_("the round's name"))
    _format_option(status, tr)

    remind = sub.add_parser(
        "reminder",
        parents=[data_dir],
        help=_("a reminder for a department whose return is missing"),
        description=_(
            "Print a reminder for a department whose return is missing, overdue or incomplete, "
            "naming the deadline and the measures still without an answer; with --eml, write "
            "it as an unsent e-mail draft to open in the mail program."
        ),
    )
    remind.add_argument("name", metavar=_("NAME"), help=_("the round's name"))
    remind.add_argument("department", metavar=_("DEPARTMENT"), help=_("the department's code"))
    remind.add_argument(
        "--lang",
        dest="text_lang",
        choices=LANGUAGES,
        default="de",
        help=_("language of the reminder (default: de)"),
    )
    remind.add_argument(
        "--eml", metavar=_("FILE"), help=_("write an e-mail draft (.eml) to FILE instead")
    )
    remind.add_argument(
        "--sender", default="", metavar=_("TEXT"), help=_("a name to sign the reminder with")
    )

    conflicts = sub.add_parser(
        "conflicts",
        parents=[data_dir],
        help=_("list a round's open conflicts"),
        description=_(
            "List the open conflicts of a round: the register's value, the value in the "
            "package issued and the returned value, side by side."
        ),
    )
    conflicts.add_argument("name", metavar=_("NAME"), help=_("the round's name"))
    _format_option(conflicts, tr)

    resolve = sub.add_parser(
        "resolve",
        parents=[data_dir],
        help=_("resolve a conflict"),
        description=_(
            "Resolve one conflict: keep the register's value or take the returned value."
        ),
    )
    resolve.add_argument("conflict", type=int, metavar=_("NUMBER"), help=_("the conflict's number"))
    resolve.add_argument(
        "--take",
        choices=("register", "returned"),
        required=True,
        help=_("which value wins: register or returned"),
    )

    close = sub.add_parser(
        "close",
        parents=[data_dir],
        help=_("close a round and freeze its snapshot"),
        description=_(
            "Close a round: no more returns are accepted, and the register as it is now is "
            "frozen with the round, so that its reports can be rebuilt unchanged at any time."
        ),
    )
    close.add_argument("name", metavar=_("NAME"), help=_("the round's name"))

    package = commands.add_parser(
        "package",
        parents=[data_dir],
        help=_("open a round package (department side)"),
        description=_("Open a round package the secretariat sent (department side)."),
    )
    package_sub = package.add_subparsers(
        dest="package_command", metavar=_("COMMAND"), title=_("commands"), required=True
    )
    opener = package_sub.add_parser(
        "open",
        parents=[data_dir],
        help=_("check a round package and open its round here"),
        description=_(
            "Check a round package and create (or update) the round's workspace in the data "
            "folder. Opening the same package again changes nothing."
        ),
    )
    opener.add_argument("file", metavar=_("FILE"), help=_("the round package"))

    answer = commands.add_parser(
        "return",
        parents=[data_dir],
        help=_("answer a round and export the return (department side)"),
        description=_("Answer an opened round and export the return package (department side)."),
    )
    answer_sub = answer.add_subparsers(
        dest="return_command", metavar=_("COMMAND"), title=_("commands"), required=True
    )
    setter = answer_sub.add_parser(
        "set",
        parents=[data_dir],
        help=_("set the answer for one measure"),
        description=_(
            "Set the answer for one measure. Values not given stay as answered before, or as "
            "the package carried them. Use “none” to empty the traffic light or the progress."
        ),
    )
    setter.add_argument("code", metavar=_("MEASURE_CODE"), help=_("the measure's code"))
    _round_option(setter, tr)
    setter.add_argument(
        "--status",
        choices=("planned", "in_progress", "continuous", "completed", "suspended", "dropped"),
        help=_("the measure's status"),
    )
    setter.add_argument("--reason", metavar=_("TEXT"), help=_("the reason (needed for dropped)"))
    setter.add_argument(
        "--traffic-light", choices=("green", "amber", "red", "none"), help=_("the traffic light")
    )
    setter.add_argument("--progress", metavar=_("N"), help=_("progress in percent (0-100)"))
    setter.add_argument("--comment", metavar=_("TEXT"), help=_("the comment"))
    setter.add_argument("--next-steps", metavar=_("TEXT"), help=_("the next steps"))
    setter.add_argument(
        "--indicator",
        action="append",
        metavar=_("ID=VALUE[@YYYY-MM-DD]"),
        help=_("an indicator's actual value (and date); may be repeated"),
    )
    keeper = answer_sub.add_parser(
        "keep",
        parents=[data_dir],
        help=_("confirm a measure's values unchanged"),
        description=_("Answer for a measure that its values are unchanged."),
    )
    keeper.add_argument("code", metavar=_("MEASURE_CODE"), help=_("the measure's code"))
    _round_option(keeper, tr)
    from app.cli import partnerships

    partnerships.add_return_parsers(answer_sub, data_dir, tr, _round_option)
    propose = answer_sub.add_parser(
        "propose",
        parents=[data_dir],
        help=_("propose a new measure"),
        description=_("Propose a new measure with the return."),
    )
    _round_option(propose, tr)
    propose.add_argument(
        "--instrument", metavar=_("NUMERAL"), required=True, help=_("the instrument (e.g. III)")
    )
    propose.add_argument("--title", metavar=_("TEXT"), required=True, help=_("the German title"))
    propose.add_argument("--description", metavar=_("TEXT"), help=_("a German description"))
    propose.add_argument("--rationale", metavar=_("TEXT"), help=_("why it is proposed"))
    answers_status = answer_sub.add_parser(
        "status",
        parents=[data_dir],
        help=_("what is answered and what is missing"),
        description=_("List the round's measures with the state of their answers."),
    )
    _round_option(answers_status, tr)
    _format_option(answers_status, tr)
    exporter = answer_sub.add_parser(
        "export",
        parents=[data_dir],
        help=_("write the return package"),
        description=_(
            "Write the return package with every answer, encrypted so that only the "
            "secretariat can read it (unless --unencrypted)."
        ),
    )
    _round_option(exporter, tr)
    exporter.add_argument("--out", metavar=_("FILE"), required=True, help=_("the file to write"))
    exporter.add_argument(
        "--unencrypted",
        action="store_true",
        help=_("do not encrypt the return (its integrity is still protected)"),
    )


def _format_option(parser: argparse.ArgumentParser, tr: Translator) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help=tr.gettext("output format (default: text)"),
    )


def _round_option(parser: argparse.ArgumentParser, tr: Translator) -> None:
    parser.add_argument(
        "--round",
        metavar=tr.gettext("NAME"),
        help=tr.gettext("the round (needed only when several rounds are open here)"),
    )


def _actor(ctx: Context) -> Actor:
    return Actor(ctx.actor(), "cli")


def _json(ctx: Context, data: Any) -> None:
    ctx.out(json.dumps(data, ensure_ascii=False, indent=1))


def dispatch(ctx: Context) -> int:
    args = ctx.args
    if args.command == "round":
        handler = {
            "create": round_create,
            "list": round_list,
            "issue": round_issue,
            "import": round_import,
            "status": round_status,
            "reminder": round_reminder,
            "conflicts": round_conflicts,
            "resolve": round_resolve,
            "close": round_close,
        }[args.round_command]
    elif args.command == "package":
        handler = package_open
    else:
        handler = {
            "set": return_set,
            "keep": return_keep,
            "propose": return_propose,
            "score": _partnership_handler("return_score"),
            "recommend": _partnership_handler("return_recommend"),
            "status": return_status,
            "export": return_export,
        }[args.return_command]
    return handler(ctx)


def _partnership_handler(name: str) -> Any:
    def handler(ctx: Context) -> int:
        from app.cli import partnerships

        result: int = getattr(partnerships, name)(ctx)
        return result

    return handler


def _writable(ctx: Context) -> Any:
    from app.storage.register import open_register

    return open_register(ctx.paths, actor=ctx.actor())


def _readable(ctx: Context) -> Any:
    from app.cli.commands import _open_for_reading

    return _open_for_reading(ctx)


# -- secretariat ------------------------------------------------------------------------------


def round_create(ctx: Context) -> int:
    from app.cli.commands import _date_option
    from app.models import RoundKind
    from app.rounds import secretariat

    args = ctx.args
    if args.kind != "partnerships" and (args.criteria_set or args.partnerships):
        raise InvalidInput(
            Message(N_("--criteria-set and --partnerships are for --kind partnerships."))
        )
    deadline = _date_option(args.deadline, "--deadline")
    assert deadline is not None
    data = secretariat.RoundInput(
        name=args.name,
        deadline=deadline,
        period_start=_date_option(args.period_start, "--period-start"),
        period_end=_date_option(args.period_end, "--period-end"),
        departments=_codes(args.departments),
        instruments=_codes(args.instruments),
        note=args.note,
        kind=RoundKind(args.kind),
        criteria_set=args.criteria_set,
        partnerships=_codes(args.partnerships),
    )
    with _writable(ctx) as register, register.session() as session:
        created = secretariat.create_round(session, _actor(ctx), data)
        codes = [link.department.code for link in created.departments]
        if created.kind == RoundKind.PARTNERSHIPS:
            from app.partnerships import rounds as partnership_rounds

            asked: dict[str, int] = dict.fromkeys(codes, 0)
            for _partnership, department in partnership_rounds.scope(session, created):
                asked[department.code] = asked.get(department.code, 0) + 1
            codes = [
                ctx.tr.render(
                    Message(
                        *NP_("{code} ({n} partnership)", "{code} ({n} partnerships)"),
                        code=code,
                        n=n,
                    )
                )
                for code, n in asked.items()
            ]
    ctx.out(
        ctx.tr.render(
            Message(
                *NP_(
                    "Round “{name}” created (draft) with {n} department: {codes}.",
                    "Round “{name}” created (draft) with {n} departments: {codes}.",
                ),
                name=created.name,
                n=len(codes),
                codes=", ".join(codes),
            )
        )
    )
    return 0


def round_list(ctx: Context) -> int:
    from app.rounds import secretariat

    with _readable(ctx) as register, register.session() as session:
        rows = [
            secretariat.progress(session, round_.name)
            for round_ in secretariat.list_rounds(session)
        ]
    if ctx.args.format == "json":
        _json(ctx, [row.as_json() for row in rows])
        return 0
    for row in rows:
        ctx.out(
            ctx.tr.render(
                Message(
                    N_(
                        "{name} ({kind}): {status}, deadline {deadline}, returns from "
                        "{returned} of {expected} departments"
                    ),
                    name=row.name,
                    kind=Message(ROUND_KIND.get(row.kind, row.kind)),
                    status=Message(ROUND_STATUS[row.status]),
                    deadline=row.deadline.isoformat(),
                    returned=row.departments_returned,
                    expected=len(row.departments),
                )
            )
        )
    if not rows:
        ctx.note(Message(N_("There are no evaluation rounds yet.")))
    return 0


def round_issue(ctx: Context) -> int:
    from app.rounds import secretariat

    args = ctx.args
    with _writable(ctx) as register, register.session() as session:
        issued = secretariat.issue(
            session,
            _actor(ctx),
            args.name,
            Path(args.out),
            departments=_codes(args.departments),
        )
        partnership_round = secretariat.find_round(session, args.name).kind == "partnerships"
    for item in issued:
        ctx.out(
            ctx.tr.render(
                Message(
                    *(
                        NP_(
                            "{department}: {path} ({n} partnership)",
                            "{department}: {path} ({n} partnerships)",
                        )
                        if partnership_round
                        else NP_(
                            "{department}: {path} ({n} measure)",
                            "{department}: {path} ({n} measures)",
                        )
                    ),
                    department=item.department,
                    path=item.path,
                    n=item.items,
                )
            )
        )
        if not item.items and not partnership_round:
            ctx.note(
                Message(
                    N_(
                        "Note: {department} leads no measure in this round's scope; its package "
                        "can only carry proposals for new measures."
                    ),
                    department=item.department,
                )
            )
    return 0


def round_import(ctx: Context) -> int:
    from app.rounds import secretariat

    paths = [Path(name) for name in ctx.args.files]
    for path in paths:
        if not path.exists():
            raise InvalidInput(Message(N_("There is no file or folder {path}."), path=path))
    files = secretariat.return_files(paths)
    if not files:
        raise InvalidInput(Message(N_("No return packages (*.imag-return) were found.")))
    with _writable(ctx) as register, register.session() as session:
        outcomes = secretariat.import_returns(session, _actor(ctx), files)
    code = ExitCode.OK
    for outcome in outcomes:
        text = ctx.tr.render(outcome.message)
        if outcome.state == "imported":
            ctx.out(text)
        else:
            ctx.note(text)
            code = max(code, ExitCode.DAMAGED if outcome.state == "refused" else ExitCode.ERROR)
    return code


def round_status(ctx: Context) -> int:
    from app.rounds import secretariat

    with _readable(ctx) as register, register.session() as session:
        row = secretariat.progress(session, ctx.args.name)
    if ctx.args.format == "json":
        _json(ctx, row.as_json())
        return 0
    render = ctx.tr.render
    partnership_round = row.kind == "partnerships"
    ctx.out(
        render(
            Message(
                N_(
                    "Round “{name}”: {status}, deadline {deadline}. Returns from {returned} of "
                    "{expected} departments; partnerships assessed: {answered} of {measures}; "
                    "open conflicts: {conflicts}."
                )
                if partnership_round
                else N_(
                    "Round “{name}”: {status}, deadline {deadline}. Returns from {returned} of "
                    "{expected} departments; measures answered: {answered} of {measures}; open "
                    "conflicts: {conflicts}."
                ),
                name=row.name,
                status=Message(ROUND_STATUS[row.status]),
                deadline=row.deadline.isoformat(),
                returned=row.departments_returned,
                expected=len(row.departments),
                answered=row.measures_returned,
                measures=row.measures_expected,
                conflicts=row.open_conflicts,
            )
        )
    )
    for department in row.departments:
        line = render(
            Message(
                N_("{code}: {state}, {returned} of {expected} partnerships")
                if partnership_round
                else N_("{code}: {state}, {returned} of {expected} measures"),
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
        ctx.out("  " + line)
    if row.unassigned:
        ctx.out(
            render(
                Message(
                    N_("Measures in scope without a lead department (not asked): {codes}"),
                    codes=", ".join(row.unassigned),
                )
            )
        )
    return 0


def round_reminder(ctx: Context) -> int:
    from app.rounds import reminders

    args = ctx.args
    with _readable(ctx) as register, register.session() as session:
        text = reminders.reminder(
            session, args.name, args.department, args.text_lang, sender=args.sender
        )
    if args.eml:
        target = reminders.save_eml(text, Path(args.eml))
        ctx.note(Message(N_("E-mail draft saved: {path}"), path=str(target)))
    else:
        ctx.out(text.text)
    return 0


def round_conflicts(ctx: Context) -> int:
    from app.operations.audit import decode
    from app.rounds import secretariat

    with _readable(ctx) as register, register.session() as session:
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
        _json(ctx, rows)
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


def round_resolve(ctx: Context) -> int:
    from app.rounds import secretariat

    with _writable(ctx) as register, register.session() as session:
        secretariat.resolve_conflict(session, _actor(ctx), ctx.args.conflict, ctx.args.take)
    ctx.out(ctx.tr.render(Message(N_("Conflict {number} resolved."), number=ctx.args.conflict)))
    return 0


def round_close(ctx: Context) -> int:
    from app.rounds import secretariat

    with _writable(ctx) as register, register.session() as session:
        closed = secretariat.close_round(session, _actor(ctx), ctx.args.name)
    ctx.out(
        ctx.tr.render(
            Message(
                N_("Round “{name}” closed; its snapshot is frozen for the reports."),
                name=closed.name,
            )
        )
    )
    return 0


# -- department -------------------------------------------------------------------------------


def package_open(ctx: Context) -> int:
    from app.rounds import workspace

    with _writable(ctx) as register, register.session() as session:
        opened = workspace.open_package(session, _actor(ctx), Path(ctx.args.file))
    ctx.out(ctx.tr.render(opened.message))
    ctx.out(
        ctx.tr.render(
            Message(
                N_("Secretariat key fingerprint: {fingerprint}"), fingerprint=opened.fingerprint
            )
        )
    )
    return 0


def _number(text: str, option: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise InvalidInput(
            Message(N_("{option} needs a number, not “{value}”."), option=option, value=text)
        ) from None
    if not math.isfinite(value):
        raise InvalidInput(
            Message(N_("{option} needs a number, not “{value}”."), option=option, value=text)
        )
    return value


def _changes(ctx: Context) -> dict[str, Any]:
    from app.cli.commands import _date_option

    args = ctx.args
    changes: dict[str, Any] = {}
    if args.status is not None:
        changes["status"] = args.status
    if args.reason is not None:
        changes["status_reason"] = args.reason
    if args.traffic_light is not None:
        changes["traffic_light"] = None if args.traffic_light == "none" else args.traffic_light
    if args.progress is not None:
        if args.progress.strip().lower() == "none":
            changes["progress"] = None
        else:
            try:
                changes["progress"] = int(args.progress)
            except ValueError:
                raise InvalidInput(
                    Message(
                        N_("Progress must be between 0 and 100 %, not {value}."),
                        value=args.progress,
                    )
                ) from None
    if args.comment is not None:
        changes["comment"] = args.comment
    if args.next_steps is not None:
        changes["next_steps"] = args.next_steps
    indicators = []
    for text in args.indicator or ():
        key, _, rest = text.partition("=")
        value, _, date = rest.partition("@")
        if not key.strip().isdigit() or not value.strip():
            raise InvalidInput(
                Message(
                    N_("--indicator needs ID=VALUE or ID=VALUE@YYYY-MM-DD, not “{value}”."),
                    value=text,
                )
            )
        entry: dict[str, Any] = {
            "id": int(key),
            "actual": None if value.strip().lower() == "none" else _number(value, "--indicator"),
        }
        if date:
            parsed = _date_option(date, "--indicator")
            entry["actual_date"] = parsed.isoformat() if parsed else None
        indicators.append(entry)
    if indicators:
        changes["indicators"] = indicators
    return changes


def return_set(ctx: Context) -> int:
    from app.rounds import workspace

    changes = _changes(ctx)
    if not changes:
        raise InvalidInput(
            Message(N_("Give at least one value to set (e.g. --status or --progress)."))
        )
    with _writable(ctx) as register, register.session() as session:
        ws_round = workspace.find(session, ctx.args.round)
        workspace.set_answer(session, ws_round, ctx.args.code, changes)
    ctx.out(ctx.tr.render(Message(N_("Answer for {code} saved."), code=ctx.args.code)))
    return 0


def return_keep(ctx: Context) -> int:
    from app.rounds import workspace

    with _writable(ctx) as register, register.session() as session:
        ws_round = workspace.find(session, ctx.args.round)
        workspace.set_answer(session, ws_round, ctx.args.code, {})
    ctx.out(ctx.tr.render(Message(N_("Answer for {code} saved."), code=ctx.args.code)))
    return 0


def return_propose(ctx: Context) -> int:
    from app.rounds import workspace

    args = ctx.args
    with _writable(ctx) as register, register.session() as session:
        ws_round = workspace.find(session, args.round)
        workspace.add_proposal(
            session,
            ws_round,
            instrument=args.instrument,
            title_de=args.title,
            description_de=args.description,
            rationale=args.rationale,
        )
    ctx.out(ctx.tr.render(Message(N_("Proposal saved; it goes out with the next export."))))
    return 0


def return_status(ctx: Context) -> int:
    from app.rounds import workspace

    with _readable(ctx) as register, register.session() as session:
        ws_round = workspace.find(session, ctx.args.round)
        states = workspace.item_states(session, ws_round)
        titles = {
            item["code"]: item.get("title_de") or item.get("name_de")
            for item in workspace.items(ws_round)
        }
        name, department, deadline = ws_round.name, ws_round.department, ws_round.deadline
        labels = item_state_labels(workspace.is_partnership_round(ws_round))
    if ctx.args.format == "json":
        _json(
            ctx,
            {
                "round": name,
                "department": department,
                "deadline": deadline,
                "items": [
                    {
                        "code": state.code,
                        "state": state.state,
                        "problem": ctx.tr.render(state.problem) if state.problem else None,
                        "title_de": titles[state.code],
                    }
                    for state in states
                ],
            },
        )
        return 0
    for state in states:
        line = f"{state.code}: {ctx.tr.render(Message(labels[state.state]))}"
        if state.problem:
            line += f" ({ctx.tr.render(state.problem)})"
        ctx.out(line)
    return 0


def return_export(ctx: Context) -> int:
    from app.rounds import workspace

    with _writable(ctx) as register, register.session() as session:
        ws_round = workspace.find(session, ctx.args.round)
        exported = workspace.export_return(
            session,
            _actor(ctx),
            ws_round,
            Path(ctx.args.out),
            encrypt=not ctx.args.unencrypted,
        )
    ctx.out(ctx.tr.render(exported.message))
    return 0
