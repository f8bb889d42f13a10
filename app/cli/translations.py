"""``imag translations export|extract|reply|import``: translation packages of the free texts
(the measures' comment, next steps and reason, the criteria sets' and the open rounds' texts) for
the liaison offices."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import Context, Handlers, actor, add_group, writable, write_output
from app.i18n import N_, Message, Translator

if TYPE_CHECKING:
    from app.cli.common import Subparsers

PACKAGE_SUFFIX = ".imag-translations"
RETURN_SUFFIX = ".imag-translations-return"


def add_parsers(commands: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator) -> None:
    _ = tr.gettext
    sub = add_group(
        commands,
        "translations",
        data_dir,
        tr,
        help=_("translation packages of the free texts for the liaison offices"),
        description=_(
            "The Polish and Czech versions of the measures' comments, next steps and reasons, "
            "of the criteria sets' texts and of the open rounds' texts: "
            "export what is missing or needs an update as a signed package with a PO file, "
            "take the PO file out for a translation tool, wrap the translated PO file as the "
            "reply to the package, and import the reply."
        ),
    )
    export = sub.add_parser(
        "export",
        parents=[data_dir],
        help=_("export a translation package for one language"),
        description=_(
            "Write what is missing or needs an update in one language as a translation "
            "package (a PO file in a signed exchange package)."
        ),
    )
    # not --lang: that is the language of the program's messages, which the office may not read
    export.add_argument(
        "--language", choices=("pl", "cs"), required=True, help=_("the language to translate into")
    )
    export.add_argument("--out", metavar=_("FILE"), help=_("the file"))
    extract = sub.add_parser(
        "extract",
        parents=[data_dir],
        help=_("take the PO file out of a translation package"),
        description=_("Write the PO file of a translation package, for a translation tool."),
    )
    extract.add_argument("package", metavar=_("PACKAGE"), help=_("the translation package"))
    extract.add_argument("--out", metavar=_("FILE"), help=_("the file"))
    reply = sub.add_parser(
        "reply",
        parents=[data_dir],
        help=_("wrap a translated PO file as the reply to its package"),
        description=_(
            "Write the translated PO file as the reply to the translation package it was "
            "taken from, to send back to the secretariat."
        ),
    )
    reply.add_argument("package", metavar=_("PACKAGE"), help=_("the translation package"))
    reply.add_argument("po_file", metavar=_("PO_FILE"), help=_("the translated PO file"))
    reply.add_argument("--out", metavar=_("FILE"), required=True, help=_("the file"))
    imported = sub.add_parser(
        "import",
        parents=[data_dir],
        help=_("import the reply to a translation package"),
        description=_(
            "Check the reply to a translation package and apply all its translations as "
            "reviewed, or none of them."
        ),
    )
    imported.add_argument("file", metavar=_("FILE"), help=_("the reply"))
    imported.add_argument(
        "--dry-run", action="store_true", help=_("check and report, change nothing")
    )


def translations_export(ctx: Context) -> int:
    from app.free_text import package

    lang = ctx.args.language
    target = Path(ctx.args.out or f"translations-{lang}{PACKAGE_SUFFIX}")
    with writable(ctx) as opened, opened.session() as session:
        done = package.export(session, lang, target)
    ctx.note(
        Message(
            N_("Translation package written to {path} (segments: {segments}, entries: {entries})."),
            path=str(done.path),
            segments=done.segments,
            entries=done.entries,
        )
    )
    return 0


def translations_extract(ctx: Context) -> int:
    from app.free_text import package

    write_output(ctx, package.po_text(Path(ctx.args.package)), ctx.args.out)
    return 0


def translations_reply(ctx: Context) -> int:
    from app.free_text import package

    package.reply(Path(ctx.args.package), Path(ctx.args.po_file), Path(ctx.args.out))
    ctx.note(Message(N_("Reply written to {path}."), path=ctx.args.out))
    return 0


def translations_import(ctx: Context) -> int:
    from app.free_text import package

    dry_run = ctx.args.dry_run
    with writable(ctx) as opened, opened.session() as session:
        changed = package.import_return(session, actor(ctx), Path(ctx.args.file), dry_run=dry_run)
    for segment in changed:
        ctx.out(f"{segment.code}\t{segment.field}\t{segment.state.value}\t{segment.text}")
    ctx.note(
        Message(
            N_("Dry run: translations that would change: {n}. Nothing was changed.")
            if dry_run
            else N_("Translations changed: {n}."),
            n=len(changed),
        )
    )
    return 0


HANDLERS: Handlers = {
    ("translations", "export"): translations_export,
    ("translations", "extract"): translations_extract,
    ("translations", "reply"): translations_reply,
    ("translations", "import"): translations_import,
}
