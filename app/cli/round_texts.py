"""``imag round text``: the secretariat's introduction and assessment of a round, which the
cabinet report prints (:mod:`app.rounds.editorial`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import Context, Handlers, actor, readable, round_name_argument, writable
from app.errors import InvalidInput
from app.i18n import LANGUAGES, N_, Message, Translator

if TYPE_CHECKING:
    from app.cli.common import Subparsers

PARTS = ("intro", "assessment")  # app.rounds.editorial.PARTS (not imported: it loads the database)


def add_parsers(sub: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator) -> None:
    _ = tr.gettext
    text = sub.add_parser(
        "text",
        parents=[data_dir],
        help=_("write or show the round's introduction or assessment"),
        description=_(
            "The secretariat's introduction and assessment of a round, which the cabinet "
            "report on the round prints in its language (else the German text, marked as "
            "German). With --file the text is written (an empty file removes it); without, "
            "it is shown. A closed round's texts are frozen with it."
        ),
    )
    round_name_argument(text, tr, "name")
    text.add_argument("--part", required=True, choices=PARTS, help=_("which text"))
    text.add_argument(
        "--lang", dest="text_lang", required=True, choices=list(LANGUAGES), help=_("its language")
    )
    text.add_argument(
        "--file", metavar=_("FILE"), help=_("a UTF-8 text file; blank lines separate paragraphs")
    )
    text.add_argument(
        "--state",
        choices=["proposal", "reviewed"],
        help=_("the version's state (default: German reviewed, a translation a proposal)"),
    )


def _read(name: str) -> str:
    from app.fileio import checked_input, os_reason
    from app.rounds.editorial import MAX_TEXT

    path = Path(name)
    try:
        if checked_input(path) > MAX_TEXT * 4:
            raise InvalidInput(Message(N_("{path} is too long for a round text."), path=path))
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(Message(N_("{path} is not a UTF-8 text file."), path=path)) from None
    except OSError as exc:
        raise InvalidInput(
            Message(N_("{path} cannot be read: {reason}."), path=path, reason=os_reason(exc))
        ) from None


def round_text(ctx: Context) -> int:
    from app.rounds import editorial

    args = ctx.args
    if args.file is None:
        with readable(ctx) as register, register.session() as session:
            version = editorial.round_texts(session, args.name)[(args.part, args.text_lang)]
        ctx.note(Message(N_("State: {state}"), state=Message(editorial.STATES[version.state])))
        if version.text:
            ctx.out(version.text)
        return 0
    text = _read(args.file)
    with writable(ctx) as register, register.session() as session:
        version = editorial.set_text(
            session,
            actor(ctx),
            args.name,
            part=args.part,
            lang=args.text_lang,
            text=text,
            state=args.state,
        )
    if version.text:
        message = Message(
            N_("The {part} ({lang}) of the round “{name}” was saved ({state})."),
            part=Message(editorial.PARTS[args.part]),
            lang=args.text_lang,
            name=args.name,
            state=Message(editorial.STATES[version.state]),
        )
    else:
        message = Message(
            N_("The {part} ({lang}) of the round “{name}” was removed."),
            part=Message(editorial.PARTS[args.part]),
            lang=args.text_lang,
            name=args.name,
        )
    ctx.out(ctx.tr.render(message))
    return 0


HANDLERS: Handlers = {("round", "text"): round_text}
