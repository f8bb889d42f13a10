"""The department's side of an evaluation round: ``imag package open`` (open the package the
secretariat sent) and ``imag return …`` (answer the measures or assess the partnerships, propose
new measures, see what is missing, export the return package)."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli import package_discard, return_sheet
from app.cli.common import (
    RECOMMENDATION_CHOICES,
    Context,
    Handlers,
    actor,
    add_group,
    date_option,
    format_option,
    keyword,
    number_option,
    print_json,
    readable,
    round_option,
    writable,
)
from app.errors import InvalidInput
from app.i18n import N_, Message, Translator

if TYPE_CHECKING:
    from app.cli.common import Subparsers
    from app.rounds.workspace import ItemState


def add_parsers(commands: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator) -> None:
    _ = tr.gettext
    package_sub = add_group(
        commands,
        "package",
        data_dir,
        tr,
        help=_("open a round package (department side)"),
        description=_("Open a round package the secretariat sent (department side)."),
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
    opener.add_argument(
        "--trust-new-key",
        metavar=_("FINGERPRINT"),
        help=_(
            "accept a new secretariat key with this fingerprint (only after confirming it with "
            "the secretariat by phone)"
        ),
    )
    package_discard.add_parser(package_sub, data_dir, tr)

    answer_sub = add_group(
        commands,
        "return",
        data_dir,
        tr,
        help=_("answer a round and export the return (department side)"),
        description=_("Answer an opened round and export the return package (department side)."),
    )
    _add_answer_parsers(answer_sub, data_dir, tr)
    _add_assessment_parsers(answer_sub, data_dir, tr)
    _add_closing_parsers(answer_sub, data_dir, tr)
    return_sheet.add_parser(answer_sub, data_dir, tr)


def _add_answer_parsers(
    answer_sub: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator
) -> None:
    """``return set`` and ``return keep``: a measure round's answers."""
    _ = tr.gettext
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
    round_option(setter, tr)
    setter.add_argument(
        "--status",
        type=keyword("app.models.labels:STATUS"),
        choices=("planned", "in_progress", "continuous", "completed", "suspended", "dropped"),
        help=_("the measure's status (the keyword or its label in any language of the program)"),
    )
    setter.add_argument("--reason", metavar=_("TEXT"), help=_("the reason (needed for dropped)"))
    setter.add_argument(
        "--traffic-light",
        type=keyword("app.models.labels:TRAFFIC_LIGHT"),
        choices=("green", "amber", "red", "none"),
        help=_("the traffic light (the keyword or its label in any language of the program)"),
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
    round_option(keeper, tr)


def _add_assessment_parsers(
    answer_sub: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator
) -> None:
    """``return score`` and ``return recommend``: a partnership round's assessments."""
    _ = tr.gettext
    score = answer_sub.add_parser(
        "score",
        parents=[data_dir],
        help=_("score a partnership against a criterion"),
        description=_(
            "Score a partnership against one criterion of the round (imag criteria list shows "
            "them and the scale), with an optional comment. Saved at once."
        ),
    )
    score.add_argument("partnership", metavar=_("PARTNERSHIP"), help=_("the partnership's code"))
    score.add_argument("criterion", metavar=_("CRITERION"), help=_("the criterion's code"))
    score.add_argument("score", metavar=_("SCORE"), help=_("a whole number on the round's scale"))
    score.add_argument("--comment", metavar=_("TEXT"), help=_("a comment on this score"))
    round_option(score, tr)
    recommend = answer_sub.add_parser(
        "recommend",
        parents=[data_dir],
        help=_("recommend what becomes of a partnership"),
        description=_(
            "Recommend what becomes of a partnership: continue, refocus on sectoral "
            "cooperation (sectoral), let it rest (rest), end it (end), or explore a new one "
            "(explore). Saved at once."
        ),
    )
    recommend.add_argument(
        "partnership", metavar=_("PARTNERSHIP"), help=_("the partnership's code")
    )
    recommend.add_argument(
        "choice",
        type=keyword("app.partnerships.register:RECOMMENDATION_LABELS"),
        choices=RECOMMENDATION_CHOICES,
        help=_("the recommendation (the keyword or its label in any language of the program)"),
    )
    recommend.add_argument("--comment", metavar=_("TEXT"), help=_("the reasons"))
    round_option(recommend, tr)


def _add_closing_parsers(
    answer_sub: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator
) -> None:
    """``return propose``, ``return status`` and ``return export``."""
    _ = tr.gettext
    propose = answer_sub.add_parser(
        "propose",
        parents=[data_dir],
        help=_("propose a new measure"),
        description=_("Propose a new measure with the return."),
    )
    round_option(propose, tr)
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
    round_option(answers_status, tr)
    format_option(answers_status, tr)
    exporter = answer_sub.add_parser(
        "export",
        parents=[data_dir],
        help=_("write the return package"),
        description=_(
            "Write the return package with every answer, encrypted so that only the "
            "secretariat can read it (unless --unencrypted)."
        ),
    )
    round_option(exporter, tr)
    exporter.add_argument("--out", metavar=_("FILE"), required=True, help=_("the file to write"))
    exporter.add_argument(
        "--unencrypted",
        action="store_true",
        help=_("do not encrypt the return (its integrity is still protected)"),
    )


def package_open(ctx: Context) -> int:
    from app.rounds import workspace
    from app.rounds.opening import check_meant_for

    who = actor(ctx)
    check_meant_for(Path(ctx.args.file), who)  # before the register is even created
    with writable(ctx) as register, register.session() as session:
        opened = workspace.open_package(
            session, who, Path(ctx.args.file), trust_new_key=ctx.args.trust_new_key
        )
    ctx.out(ctx.tr.render(opened.message))
    if opened.warning is not None:
        ctx.note(opened.warning)
    ctx.out(
        ctx.tr.render(
            Message(
                N_("Secretariat key fingerprint: {fingerprint}"), fingerprint=opened.fingerprint
            )
        )
    )
    return 0


def _changes(ctx: Context) -> dict[str, Any]:
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
    indicators = [_indicator(text) for text in args.indicator or ()]
    if indicators:
        changes["indicators"] = indicators
    return changes


def _indicator(text: str) -> dict[str, Any]:
    """``--indicator ID=VALUE[@YYYY-MM-DD]`` as an answer's indicator entry."""
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
        "actual": None if value.strip().lower() == "none" else number_option(value, "--indicator"),
    }
    if date:
        parsed = date_option(date, "--indicator")
        entry["actual_date"] = parsed.isoformat() if parsed else None
    return entry


def _save_answer(ctx: Context, changes: dict[str, Any]) -> int:
    from app.rounds import workspace

    with writable(ctx) as register, register.session() as session:
        ws_round = workspace.find(session, ctx.args.round)
        workspace.set_answer(session, ws_round, ctx.args.code, changes)
    ctx.out(ctx.tr.render(Message(N_("Answer for {code} saved."), code=ctx.args.code)))
    return 0


def return_set(ctx: Context) -> int:
    changes = _changes(ctx)
    if not changes:
        raise InvalidInput(
            Message(N_("Give at least one value to set (e.g. --status or --progress)."))
        )
    return _save_answer(ctx, changes)


def return_keep(ctx: Context) -> int:
    return _save_answer(ctx, {})


def return_propose(ctx: Context) -> int:
    from app.rounds import workspace

    args = ctx.args
    with writable(ctx) as register, register.session() as session:
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
    from app.rounds.kinds import kind_of

    with readable(ctx) as register, register.session() as session:
        ws_round = workspace.find(session, ctx.args.round)
        states = workspace.item_states(session, ws_round)
        titles = {
            item["code"]: item.get("title_de") or item.get("name_de")
            for item in workspace.items(ws_round)
        }
        name, department, deadline = ws_round.name, ws_round.department, ws_round.deadline
        labels = kind_of(ws_round).item_state_labels
    if ctx.args.format == "json":
        print_json(
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
        ctx.out(_state_line(ctx, state, labels))
    return 0


def return_export(ctx: Context) -> int:
    from app.rounds import workspace

    with writable(ctx) as register, register.session() as session:
        ws_round = workspace.find(session, ctx.args.round)
        exported = workspace.export_return(
            session,
            actor(ctx),
            ws_round,
            Path(ctx.args.out),
            encrypt=not ctx.args.unencrypted,
        )
    ctx.out(ctx.tr.render(exported.message))
    return 0


def return_score(ctx: Context) -> int:
    from app.rounds import workspace

    args = ctx.args
    try:
        score = int(args.score)
    except ValueError:
        raise InvalidInput(
            Message(N_("The score must be a whole number, not “{value}”."), value=args.score)
        ) from None
    with writable(ctx) as opened, opened.session() as session:
        ws_round = workspace.find(session, args.round)
        code = _code(ws_round, args.partnership)
        workspace.assess(
            session,
            ws_round,
            code,
            scores={args.criterion.strip().upper(): (score, args.comment)},
        )
        state = _state(ctx, session, ws_round, code)
    ctx.out(state)
    return 0


def return_recommend(ctx: Context) -> int:
    from app.rounds import workspace

    args = ctx.args
    with writable(ctx) as opened, opened.session() as session:
        ws_round = workspace.find(session, args.round)
        code = _code(ws_round, args.partnership)
        workspace.assess(session, ws_round, code, recommendation=(args.choice, args.comment))
        state = _state(ctx, session, ws_round, code)
    ctx.out(state)
    return 0


def _code(ws_round: Any, given: str) -> str:
    from app.rounds import workspace

    for item in workspace.items(ws_round):
        if item["code"].upper() == given.strip().upper():
            return str(item["code"])
    return given.strip()


def _state(ctx: Context, session: Any, ws_round: Any, code: str) -> str:
    from app.rounds import workspace
    from app.rounds.kinds import kind_of

    state = next(s for s in workspace.item_states(session, ws_round) if s.code == code)
    return _state_line(ctx, state, kind_of(ws_round).item_state_labels)


def _state_line(ctx: Context, state: ItemState, labels: Mapping[str, str]) -> str:
    """``I.01: answered`` or ``I.01: incomplete (the problem)``"""
    line = f"{state.code}: {ctx.tr.render(Message(labels[state.state]))}"
    if state.problem:
        line += f" ({ctx.tr.render(state.problem)})"
    return line


HANDLERS: Handlers = {
    ("package", "open"): package_open,
    ("package", "discard"): package_discard.package_discard,
    ("return", "set"): return_set,
    ("return", "keep"): return_keep,
    ("return", "score"): return_score,
    ("return", "recommend"): return_recommend,
    ("return", "propose"): return_propose,
    ("return", "status"): return_status,
    ("return", "export"): return_export,
    ("return", "sheet"): return_sheet.return_sheet,
}
