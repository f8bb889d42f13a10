"""``imag partnerships list|results|conclude``: the partnerships and the results of the
partnership rounds (the secretariat's side)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli import partnership_edits, partnership_upkeep
from app.cli.common import (
    RECOMMENDATION_CHOICES,
    Context,
    Handlers,
    actor,
    add_group,
    format_option,
    keyword,
    localized_name,
    print_json,
    readable,
    round_name_argument,
    writable,
)
from app.i18n import N_, Message, Translator

if TYPE_CHECKING:
    from app.cli.common import Subparsers
    from app.partnerships.rounds import PartnershipResult


def add_parsers(commands: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator) -> None:
    _ = tr.gettext
    sub = add_group(
        commands,
        "partnerships",
        data_dir,
        tr,
        help=_("the partnerships and their evaluations"),
        description=_(
            "The partnerships (active, dormant, under consideration), the results of a "
            "partnership round, and the IMAG's conclusions."
        ),
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
    format_option(listing, tr)
    results = sub.add_parser(
        "results",
        parents=[data_dir],
        help=_("the results of a partnership round"),
        description=_(
            "Per partnership: every department's scores per criterion, their mean and spread, "
            "the weighted result, the recommendations and the conclusion."
        ),
    )
    round_name_argument(results, tr, "round")
    format_option(results, tr)
    conclude = sub.add_parser(
        "conclude",
        parents=[data_dir],
        help=_("record the IMAG's conclusion on a partnership"),
        description=_(
            "Record the IMAG's conclusion on a partnership in an open partnership "
            "round (a later call replaces it)."
        ),
    )
    round_name_argument(conclude, tr, "round")
    conclude.add_argument("partnership", metavar=_("PARTNERSHIP"), help=_("the partnership's code"))
    conclude.add_argument(
        "recommendation",
        type=keyword("app.partnerships.register:RECOMMENDATION_LABELS"),
        choices=RECOMMENDATION_CHOICES,
        help=_("the conclusion (the keyword or its label in any language of the program)"),
    )
    conclude.add_argument("--text", metavar=_("TEXT"), help=_("the conclusion's wording"))
    partnership_edits.add_parsers(sub, data_dir, tr)
    conclude.add_argument(
        "--apply",
        action="store_true",
        help=_("also give the partnership the status the conclusion says"),
    )
    partnership_upkeep.add_parsers(sub, data_dir, tr)


def partnerships_list(ctx: Context) -> int:
    from app.partnerships import register

    with readable(ctx) as opened, opened.session() as session:
        entries = register.partnerships(session)
    if ctx.args.format == "json":
        print_json(ctx, entries)
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
        line = f"{entry['code']}  {localized_name(entry, lang)}  [{status}]"
        line += f"  {', '.join(entry['departments']) or '–'}"
        ctx.out(line + (f"  ({evaluations})" if evaluations else ""))
    return 0


def partnerships_results(ctx: Context) -> int:
    from app.partnerships import rounds

    with readable(ctx) as opened, opened.session() as session:
        found = rounds.results(session, ctx.args.round)
    if ctx.args.format == "json":
        print_json(ctx, found.as_json())
        return 0
    for result in found.partnerships:
        for line in _result_lines(ctx, result):
            ctx.out(line)
    return 0


def _result_lines(ctx: Context, result: PartnershipResult) -> list[str]:
    """One partnership's result: the headline, a line per criterion and per department's
    recommendation, and the IMAG's conclusion."""
    from app.partnerships.register import RECOMMENDATION_LABELS

    lang, render, _ = ctx.tr.lang, ctx.tr.render, ctx.tr.gettext

    def number(value: float | None, pattern: str = "0.##") -> str:
        return ctx.tr.number(value, pattern)

    def choice(code: str | None) -> str:
        return _(RECOMMENDATION_LABELS[code]) if code in RECOMMENDATION_LABELS else "–"

    weighted = (
        f"{number(result.weighted, '0.00')} ({number(result.weighted_percent, '0')} %)"
        if result.weighted is not None and result.weighted_percent is not None
        else "–"
    )
    lines = [
        render(
            Message(
                N_(
                    "{code} {name}: weighted result {weighted}; answers: {answered} of "
                    "{asked}; largest spread {spread}"
                ),
                code=result.code,
                name=localized_name(result.names, lang),
                weighted=weighted,
                answered=len(result.answered),
                asked=len(result.asked),
                spread=result.max_spread if result.max_spread is not None else "–",
            )
        )
    ]
    for criterion in result.criteria:
        scores = ", ".join(f"{dep} {score}" for dep, score in criterion.scores.items())
        lines.append(
            "  "
            + render(
                Message(
                    N_("{name} ({code}, weight {weight}): {scores}; mean {mean}, spread {spread}"),
                    name=criterion.names.get(lang) or criterion.names.get("de") or criterion.code,
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
        lines.append(
            f"  {department}: {choice(entry.get('choice'))}" + (f" – {comment}" if comment else "")
        )
    if result.conclusion:
        text = result.conclusion.get("text")
        lines.append(
            "  "
            + render(
                Message(
                    N_("Conclusion of the IMAG: {recommendation}"),
                    recommendation=choice(result.conclusion.get("recommendation")),
                )
            )
            + (f" – {text}" if text else "")
        )
    return lines


def partnerships_conclude(ctx: Context) -> int:
    from app.partnerships import rounds
    from app.partnerships.register import RECOMMENDATION_LABELS

    args = ctx.args
    with writable(ctx) as opened, opened.session() as session:
        rounds.conclude(
            session, actor(ctx), args.round, args.partnership, args.recommendation, text=args.text
        )
        if args.apply:  # a status that is already the conclusion's stays as it is
            from app.partnerships import upkeep

            status, now = upkeep.conclusion_status(session, args.round, args.partnership)
            if status is not None and status != now:
                upkeep.apply_conclusion(session, actor(ctx), args.round, args.partnership)
    ctx.out(
        ctx.tr.render(
            Message(
                N_("Conclusion on {code} recorded: {recommendation}."),
                code=args.partnership.upper(),
                recommendation=Message(RECOMMENDATION_LABELS[args.recommendation]),
            )
        )
    )
    if args.apply:
        partnership_upkeep.said_status(ctx, args.partnership, (status or now).value)
    return 0


HANDLERS: Handlers = {
    ("partnerships", "list"): partnerships_list,
    ("partnerships", "results"): partnerships_results,
    ("partnerships", "conclude"): partnerships_conclude,
    **partnership_edits.HANDLERS,
    **partnership_upkeep.HANDLERS,
}
