"""``imag keys …``: the register's keys, kept in the user's profile and never in the register:
where they are, rotating and revoking the signing key, a passphrase for the key file, moving the
keys to a colleague (a file sealed with a passphrase), and a department's public key for the
secretariat. Passphrases are typed at the terminal or read from a file (``--passphrase-file``),
never given on the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.common import Context, Handlers, actor, add_group, readable, writable
from app.errors import InvalidInput
from app.i18n import N_, Message, Translator

if TYPE_CHECKING:
    from app.cli.common import Subparsers


def add_parsers(commands: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator) -> None:
    _ = tr.gettext
    sub = add_group(
        commands,
        "keys",
        data_dir,
        tr,
        help=_("the register's keys (kept in your profile, not in the register)"),
        description=_(
            "The register's signing key and round secrets are kept in a key file in your "
            "profile, readable only by you, never in the register or its backups. Show them, "
            "rotate or revoke the signing key, protect the key file with a passphrase, move "
            "the keys to a colleague, or export a department's public key."
        ),
    )
    sub.add_parser(
        "status",
        parents=[data_dir],
        help=_("where the keys are and their fingerprints"),
        description=_("Show the key file, whether it is here, and the keys' fingerprints."),
    )
    sub.add_parser(
        "rotate",
        parents=[data_dir],
        help=_("sign with a new key from now on (announced by the old one)"),
        description=_(
            "Make a new signing key. The next round packages announce it, signed by the old "
            "key, so departments accept it without a question."
        ),
    )
    revoke = sub.add_parser(
        "revoke",
        parents=[data_dir],
        help=_("revoke a compromised signing key"),
        description=_(
            "Revoke a signing key (default: the current one, which is replaced by a new key the "
            "departments must confirm by its fingerprint). Departments learn of the revocation "
            "from the next round package they open and then refuse packages signed with it."
        ),
    )
    revoke.add_argument(
        "fingerprint", nargs="?", metavar=_("FINGERPRINT"), help=_("the key to revoke")
    )
    _moving_parsers(sub, data_dir, tr)


def _moving_parsers(sub: Subparsers, data_dir: argparse.ArgumentParser, tr: Translator) -> None:
    """``keys export|import|passphrase|department-export``: the keys leave or enter the profile."""
    _ = tr.gettext
    export = sub.add_parser(
        "export",
        parents=[data_dir],
        help=_("write the keys to a file sealed with a passphrase, for a colleague"),
        description=_(
            "Write every key of this register to FILE, sealed with a passphrase (asked for "
            "twice, or read from --passphrase-file)."
        ),
    )
    export.add_argument("--out", metavar=_("FILE"), required=True, help=_("the file to write"))
    _passphrase_option(export, tr)
    import_ = sub.add_parser(
        "import",
        parents=[data_dir],
        help=_("take over the keys from a file a colleague exported"),
        description=_("Read the keys of this register from FILE (written by “imag keys export”)."),
    )
    import_.add_argument("file", metavar=_("FILE"), help=_("the key file"))
    _passphrase_option(import_, tr)
    protect = sub.add_parser(
        "passphrase",
        parents=[data_dir],
        help=_("protect the key file in your profile with a passphrase"),
        description=_(
            "Protect the key file in your profile with a passphrase (asked for when the keys "
            "are needed, or read from the file named by IMAG_KEY_PASSPHRASE_FILE)."
        ),
    )
    protect.add_argument(
        "--remove", action="store_true", help=_("remove the passphrase protection")
    )
    _passphrase_option(protect, tr)
    department = sub.add_parser(
        "department-export",
        parents=[data_dir],
        help=_("department side: write the key your returns are signed with, for the secretariat"),
        description=_(
            "Department side: write the public key this computer signs the department's returns "
            "with, for the secretariat to accept (“imag departments trust-key”)."
        ),
    )
    department.add_argument(
        "--department", metavar=_("CODE"), required=True, help=_("the department's code")
    )
    department.add_argument("--out", metavar=_("FILE"), required=True, help=_("the file to write"))


def _passphrase_option(parser: argparse.ArgumentParser, tr: Translator) -> None:
    _ = tr.gettext
    parser.add_argument(
        "--passphrase-file",
        metavar=_("FILE"),
        help=_("read the passphrase from the first line of FILE instead of asking"),
    )


def read_passphrase(ctx: Context, *, twice: bool) -> bytes:
    """The passphrase from ``--passphrase-file`` or typed at the terminal (``twice`` for a new
    one); never from the command line itself."""
    from app import keystore

    named = getattr(ctx.args, "passphrase_file", None)
    if named:
        try:
            text = Path(named).read_text("utf-8").splitlines()[0]
        except (OSError, UnicodeDecodeError, IndexError):
            raise InvalidInput(
                Message(N_("Cannot read a passphrase from {path}."), path=named)
            ) from None
        return keystore.check_passphrase(text)
    if not sys.stdin.isatty():
        raise InvalidInput(
            Message(N_("Give the passphrase at a terminal or with --passphrase-file FILE."))
        )
    import getpass

    text = getpass.getpass(ctx.tr.gettext("Passphrase: "))
    if twice and getpass.getpass(ctx.tr.gettext("The same passphrase again: ")) != text:
        raise InvalidInput(Message(N_("The two passphrases differ; nothing was changed.")))
    return keystore.check_passphrase(text)


def keys_status(ctx: Context) -> int:
    from app.rounds import key_admin

    with readable(ctx) as register, register.session() as session:
        shown = key_admin.status(session)
    tr = ctx.tr
    ctx.out(tr.render(Message(N_("Key file: {path}"), path=shown.key_file)))
    if not shown.present:
        ctx.out(tr.render(Message(N_("The keys of this register are NOT on this computer."))))
    if shown.protected:
        ctx.out(tr.render(Message(N_("The key file is protected by a passphrase."))))
    ctx.out(
        tr.render(
            Message(N_("Signing key fingerprint: {fingerprint}"), fingerprint=shown.fingerprint)
        )
        if shown.fingerprint
        else tr.render(Message(N_("No signing key yet (made when the first round is issued).")))
    )
    for fingerprint in shown.revoked:
        ctx.out(tr.render(Message(N_("Revoked key: {fingerprint}"), fingerprint=fingerprint)))
    for code, fingerprint in shown.department_keys:
        ctx.out(
            tr.render(
                Message(
                    N_("This computer signs the returns of {department} with key {fingerprint}"),
                    department=code,
                    fingerprint=fingerprint,
                )
            )
        )
    for code, fingerprint, since, source in shown.registered:
        ctx.out(
            tr.render(
                Message(
                    N_("Registered key of {department}: {fingerprint} (since {date}, from {how})"),
                    department=code,
                    fingerprint=fingerprint,
                    date=since[:10],
                    how=Message(N_("its first return") if source == "return" else N_("a file")),
                )
            )
        )
    return 0


def _run(ctx: Context, job_name: str) -> int:
    from app.rounds import key_admin

    with writable(ctx) as register, register.session() as session:
        who = actor(ctx)
        if job_name == "rotate":
            message = key_admin.rotate(session, who)
        elif job_name == "revoke":
            message = key_admin.revoke(session, who, ctx.args.fingerprint)
        elif job_name == "export":
            message = key_admin.export_keys(
                session, who, Path(ctx.args.out), read_passphrase(ctx, twice=True)
            )
        elif job_name == "import":
            message = key_admin.import_keys(
                session, who, Path(ctx.args.file), read_passphrase(ctx, twice=False)
            )
        elif job_name == "passphrase":
            chosen = None if ctx.args.remove else read_passphrase(ctx, twice=True)
            message = key_admin.protect(session, who, chosen)
        else:
            message = key_admin.department_export(session, ctx.args.department, Path(ctx.args.out))
    ctx.out(ctx.tr.render(message))
    return 0


HANDLERS: Handlers = {
    ("keys", "status"): keys_status,
    **{
        ("keys", name): (lambda ctx, name=name: _run(ctx, name))  # type: ignore[misc]
        for name in ("rotate", "revoke", "export", "import", "passphrase", "department-export")
    },
}
