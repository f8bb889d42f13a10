"""``imag partnerships …`` and ``imag criteria …`` (the secretariat), and the partnership
rounds' department commands ``imag return score`` and ``imag return recommend``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.rounds import _format_option, _json
from app.errors import InvalidInput
from app.i18n import N_, Message, Translator

if TYPE_CHECKING:
    from app.cli.main import Context

    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]

CHOICES = ("continue", "sectoral", "rest", "end", "explore")


def add_parsers(commands: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator) -> None:
    _ = tr.gettext
    partnerships = commands.add_parser(
        "partnerships",
        parents=[data_dir],
        help=_("the partnerships and their evaluations"),
        description=_(
            "The partnerships (active, dormant, under consideration), the results of a "
            "partnership round, and the IMAG's conclusions."
        ),
    )
    sub = partnerships.add_subparsers(
        dest="partnerships_command", metavar=_("COMMAND"), title=_("commands"), required=True
    )
    listing = sub.add_parser(
        "list",
        parents=[data_dir],
        help=_("list the partnerships"),
        description=_(
            "List the partnerships with their partner, kind, status, the departments working "
            "with them and the results of each partnership round."
        ),
    )
    _format_option(listing, tr)
    results = sub.add_parser(
        "results",
        parents=[data_dir],
        help=_("the results of a partnership round"),
        description=_(
            "Per partnership: every department's scores per criterion, their mean and spread, "
            "the weighted result, the recommendations and the conclusion."
        ),
    )
    results.add_argument("round", metavar=_("NAME"), help=_("the round's name"))
    _format_option(results, tr)
    conclude = sub.add_parser(
        "conclude",
        parents=[data_dir],
        help=_("record the IMAG's conclusion on a partnership"),
        description=_(
            "Record the IMAG's conclusion on a partnership in an open partnership "
            "round (a later call replaces it)."
        ),
    )
    conclude.add_argument("round", metavar=_("NAME"), help=_("the round's name"))
    conclude.add_argument("partnership", metavar=_("PARTNERSHIP"), help=_("the partnership's code"))
    conclude.add_argument("recommendation", choices=CHOICES, help=_("the conclusion"))
    conclude.add_argument("--text", metavar=_("TEXT"), help=_("the conclusion's wording"))

    criteria = commands.add_parser(
        "criteria",
        parents=[data_dir],
        help=_("criteria sets for evaluating the partnerships"),
        description=_(
            "The criteria sets for evaluating the partnerships: list them (or the criteria a "
            "round froze), import one from a file, export one to a file to edit it."
        ),
    )
    criteria_sub = criteria.add_subparsers(
        dest="criteria_command", metavar=_("COMMAND"), title=_("commands"), required=True
    )
    criteria_list = criteria_sub.add_parser(
        "list",
        parents=[data_dir],
        help=_("list the criteria"),
        description=_(
            "List the criteria of a set (default: the only or the default set), or with "
            "--round those a partnership round froze when it was created."
        ),
    )
    criteria_list.add_argument("--round", metavar=_("NAME"), help=_("the round's criteria"))
    criteria_list.add_argument("--set", dest="set_code", metavar=_("CODE"), help=_("the set"))
    _format_option(criteria_list, tr)
    criteria_import = criteria_sub.add_parser(
        "import",
        parents=[data_dir],
        help=_("import a criteria set from a file"),
        description=_(
            "Import a criteria set (imag-criteria JSON); a set with the same code is replaced. "
            "Rounds already created keep the criteria they froze."
        ),
    )
    criteria_import.add_argument("file", metavar=_("FILE"), help=_("the criteria file"))
    criteria_export = criteria_sub.add_parser(
        "export",
        parents=[data_dir],
        help=_("export a criteria set to a file"),
        description=_("Write a criteria set as an imag-criteria JSON file, e.g. to edit it."),
    )
    criteria_export.add_argument("--set", dest="set_code", metavar=_("CODE"), help=_("the set"))
    criteria_export.add_argument("--out", metavar=_("FILE"), required=True, help=_("the file"))


def add_return_parsers(
    answer_sub: Subparsers,
    data_dir: argparse.ArgumentParser,
    tr: Translator,
    round_option: Any,
) -> None:
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
    recommend.add_argument("choice", choices=CHOICES, help=_("the recommendation"))
    recommend.add_argument("--comment", metavar=_("TEXT"), help=_("the reasons"))
    round_option(recommend, tr)


def _name(entry: dict[str, Any], lang: str, prefix: str = "name") -> str:
    return str(entry.get(f"{prefix}_{lang}") or entry.get(f"{prefix}_de") or "")


# -- secretariat ------------------------------------------------------------------------------


def dispatch(ctx: Context) -> int:
    args = ctx.args
    if args.command == "partnerships":
        return {
            "list": partnerships_list,
            "results": partnerships_results,
            "conclude": partnerships_conclude,
        }[args.partnerships_command](ctx)
    return {
        "list": criteria_list,
        "import": criteria_import,
        "export": criteria_export,
    }[args.criteria_command](ctx)


def partnerships_list(ctx: Context) -> int:
    from app.cli.rounds import _readable
    from app.partnerships import register

    with _readable(ctx) as opened, opened.session() as session:
        entries = register.partnerships(session)
    if ctx.args.format == "json":
        _json(ctx, entries)
        return 0
    lang = ctx.tr.lang
    for entry in entries:
        evaluations = "; ".join(
            f"{e['round']}: {e['weighted_percent']:.0f} %"
            if e["weighted_percent"] is not None
            else f"{e['round']}: –"
            for e in entry["evaluations"]
        )
        status = ctx.tr.render(Message(register.STATUS_LABELS[entry["status"]]))
        line = f"{entry['code']}  {_name(entry, lang)}  [{status}]"
        line += f"  {', '.join(entry['departments']) or '–'}"
        ctx.out(line + (f"  ({evaluations})" if evaluations else ""))
    return 0


def partnerships_results(ctx: Context) -> int:
    from app.cli.rounds import _readable
    from app.partnerships import rounds

    with _readable(ctx) as opened, opened.session() as session:
        found = rounds.results(session, ctx.args.round)
    if ctx.args.format == "json":
        _json(ctx, found.as_json())
        return 0
    from app.partnerships.register import RECOMMENDATION_LABELS

    lang, render, _ = ctx.tr.lang, ctx.tr.render, ctx.tr.gettext

    def number(value: float | None, pattern: str = "0.##") -> str:
        return ctx.tr.number(value, pattern)

    def choice(code: str | None) -> str:
        return _(RECOMMENDATION_LABELS[code]) if code in RECOMMENDATION_LABELS else "–"

    for result in found.partnerships:
        weighted = (
            f"{number(result.weighted, '0.00')} ({number(result.weighted_percent, '0')} %)"
            if result.weighted is not None and result.weighted_percent is not None
            else "–"
        )
        ctx.out(
            render(
                Message(
                    N_(
                        "{code} {name}: weighted result {weighted}; answered {answered} of "
                        "{asked}; largest spread {spread}"
                    ),
                    code=result.code,
                    name=_name(result.names, lang),
                    weighted=weighted,
                    answered=len(result.answered),
                    asked=len(result.asked),
                    spread=result.max_spread if result.max_spread is not None else "–",
                )
            )
        )
        for criterion in result.criteria:
            scores = ", ".join(f"{dep} {score}" for dep, score in criterion.scores.items())
            ctx.out(
                "  "
                + render(
                    Message(
                        N_("{code} (weight {weight}): {scores}; mean {mean}, spread {spread}"),
                        code=criterion.code,
                        weight=number(criterion.weight),
                        scores=scores or "–",
                        mean=number(criterion.mean, "0.0"),
                        spread="–" if criterion.spread is None else criterion.spread,
                    )
                )
            )
        for department, entry in result.recommendations.items():
            comment = entry.get("comment")
            ctx.out(
                f"  {department}: {choice(entry.get('choice'))}"
                + (f" – {comment}" if comment else "")
            )
        if result.conclusion:
            text = result.conclusion.get("text")
            ctx.out(
                "  "
                + render(
                    Message(
                        N_("Conclusion of the IMAG: {recommendation}"),
                        recommendation=choice(result.conclusion.get("recommendation")),
                    )
                )
                + (f" – {text}" if text else "")
            )
    return 0


def partnerships_conclude(ctx: Context) -> int:
    from app.cli.rounds import _actor, _writable
    from app.partnerships import rounds
    from app.partnerships.register import RECOMMENDATION_LABELS

    args = ctx.args
    with _writable(ctx) as opened, opened.session() as session:
        rounds.conclude(
            session, _actor(ctx), args.round, args.partnership, args.recommendation, text=args.text
        )
    ctx.out(
        ctx.tr.render(
            Message(
                N_("Conclusion on {code} recorded: {recommendation}."),
                code=args.partnership.upper(),
                recommendation=Message(RECOMMENDATION_LABELS[args.recommendation]),
            )
        )
    )
    return 0


def criteria_list(ctx: Context) -> int:
    from app.cli.rounds import _readable
    from app.partnerships import criteria

    args = ctx.args
    with _readable(ctx) as opened, opened.session() as session:
        if args.round:
            document = _round_criteria(session, args.round)
        else:
            document = criteria.as_document(criteria.find_set(session, args.set_code))
    if args.format == "json":
        _json(
            ctx,
            [
                {**criterion, "set": document["code"], "scale": document["scale"]}
                for criterion in document["criteria"]
            ],
        )
        return 0
    lang = ctx.tr.lang
    scale = document["scale"]
    ctx.out(f"{document['code']}: {_name(document, lang)} ({scale['min']}–{scale['max']})")
    for criterion in document["criteria"]:
        ctx.out(f"  {criterion['code']} ×{criterion['weight']:g}  {_name(criterion, lang)}")
    return 0


def _round_criteria(session: Any, name: str) -> dict[str, Any]:
    """The criteria of the round ``name``: the secretariat's round, or else (on a department's
    laptop) the round package opened there."""
    from app.errors import NotFound
    from app.partnerships import rounds
    from app.rounds import secretariat, workspace

    try:
        return rounds.round_criteria(session, secretariat.find_round(session, name))
    except NotFound:
        ws_round = workspace.find(session, name)
        if not workspace.is_partnership_round(ws_round):
            raise InvalidInput(
                Message(N_("The round “{name}” is not a partnership round."), name=ws_round.name)
            ) from None
        return workspace.criteria(ws_round)


def criteria_import(ctx: Context) -> int:
    from app.cli.rounds import _actor, _writable
    from app.partnerships import criteria

    with _writable(ctx) as opened, opened.session() as session:
        saved = criteria.import_file(session, _actor(ctx), Path(ctx.args.file))
        code, count = saved.code, len(saved.criteria)
    ctx.out(
        ctx.tr.render(
            Message(N_("Criteria set {code} saved with {n} criteria."), code=code, n=count)
        )
    )
    return 0


def criteria_export(ctx: Context) -> int:
    from app.cli.rounds import _readable
    from app.partnerships import criteria

    with _readable(ctx) as opened, opened.session() as session:
        target = criteria.export_file(
            criteria.find_set(session, ctx.args.set_code), Path(ctx.args.out)
        )
    ctx.note(Message(N_("Criteria set written to {path}."), path=str(target)))
    return 0


# -- department -------------------------------------------------------------------------------


def return_score(ctx: Context) -> int:
    from app.cli.rounds import _writable
    from app.rounds import workspace

    args = ctx.args
    try:
        score = int(args.score)
    except ValueError:
        raise InvalidInput(
            Message(N_("The score must be a whole number, not “{value}”."), value=args.score)
        ) from None
    with _writable(ctx) as opened, opened.session() as session:
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
    from app.cli.rounds import _writable
    from app.rounds import workspace

    args = ctx.args
    with _writable(ctx) as opened, opened.session() as session:
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
    from app.rounds.labels import ASSESSMENT_STATE

    state = next(s for s in workspace.item_states(session, ws_round) if s.code == code)
    line = f"{code}: {ctx.tr.render(Message(ASSESSMENT_STATE[state.state]))}"
    if state.problem is not None:
        line += f" ({ctx.tr.render(state.problem)})"
    return line
