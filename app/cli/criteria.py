"""``imag criteria list|import|export``: the criteria sets for evaluating the partnerships."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.common import (
    Context,
    Handlers,
    actor,
    add_group,
    format_option,
    localized_name,
    print_json,
    readable,
    writable,
)
from app.errors import NotFound
from app.i18n import N_, Message, Translator

if TYPE_CHECKING:
    from app.cli.common import Subparsers


def add_parsers(commands: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator) -> None:
    _ = tr.gettext
    criteria_sub = add_group(
        commands,
        "criteria",
        data_dir,
        tr,
        help=_("criteria sets for evaluating the partnerships"),
        description=_(
            "The criteria sets for evaluating the partnerships: list them (or the criteria a "
            "round froze), import one from a file, export one to a file to edit it."
        ),
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
    format_option(criteria_list, tr)
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


def criteria_list(ctx: Context) -> int:
    from app.partnerships import criteria

    args = ctx.args
    with readable(ctx) as opened, opened.session() as session:
        if args.round:
            document = _round_criteria(session, args.round)
        else:
            document = criteria.as_document(criteria.find_set(session, args.set_code))
    if args.format == "json":
        print_json(
            ctx,
            [
                {**criterion, "set": document["code"], "scale": document["scale"]}
                for criterion in document["criteria"]
            ],
        )
        return 0
    lang = ctx.tr.lang
    scale = document["scale"]
    ctx.out(f"{document['code']}: {localized_name(document, lang)} ({scale['min']}–{scale['max']})")
    for criterion in document["criteria"]:
        ctx.out(
            f"  {criterion['code']} ×{criterion['weight']:g}  {localized_name(criterion, lang)}"
        )
    return 0


def _round_criteria(session: Any, name: str) -> dict[str, Any]:
    """The criteria of the round ``name``: the secretariat's round, or else (on a department's
    laptop) the round package opened there."""
    from app.partnerships import rounds
    from app.rounds import secretariat, workspace

    try:
        return rounds.round_criteria(session, secretariat.find_round(session, name))
    except NotFound:
        return workspace.criteria(workspace.find(session, name))


def criteria_import(ctx: Context) -> int:
    from app.partnerships import criteria

    with writable(ctx) as opened, opened.session() as session:
        saved = criteria.import_file(session, actor(ctx), Path(ctx.args.file))
        code, count = saved.code, len(saved.criteria)
    ctx.out(
        ctx.tr.render(
            Message(N_("Criteria set {code} saved with {n} criteria."), code=code, n=count)
        )
    )
    return 0


def criteria_export(ctx: Context) -> int:
    from app.partnerships import criteria

    with readable(ctx) as opened, opened.session() as session:
        target = criteria.export_file(
            criteria.find_set(session, ctx.args.set_code), Path(ctx.args.out)
        )
    ctx.note(Message(N_("Criteria set written to {path}."), path=str(target)))
    return 0


HANDLERS: Handlers = {
    ("criteria", "list"): criteria_list,
    ("criteria", "import"): criteria_import,
    ("criteria", "export"): criteria_export,
}
