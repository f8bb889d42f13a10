"""argparse's own messages (usage, errors, help headings) in the user's language.

argparse looks its strings up through the module-level names ``_`` and ``ngettext``; pointing
them at our translator makes "usage:", "options" and its error messages follow the interface
language. The strings are listed here so that extraction puts them in our catalog.
"""

from __future__ import annotations

import argparse

from app.i18n import N_, NP_, Translator

ARGPARSE_STRINGS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("ignored explicit argument %r"),
    N_("subcommands"),
)
ARGPARSE_PLURALS = (NP_("expected %s argument", "expected %s arguments"),)


def install(tr: Translator) -> None:
    argparse._ = tr.gettext  # type: ignore[attr-defined]
    argparse.ngettext = tr.ngettext  # type: ignore[attr-defined]
