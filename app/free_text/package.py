"""Translation packages: what one language misses or must update, for a liaison office, and
its return, under the exchange package rules of the round packages (``app.exchange.container``).

The package (kind ``translations``) is signed with the register's Ed25519 key and carries the
PO text (:mod:`app.free_text.po`) and a return key; the filled-in PO goes back in a return
(kind ``translations-return``) authenticated with that key (HMAC-SHA256), which the register
derives again from its round master secret, so that no secret is stored in the register. The
register keeps what it exported (each entry's German source and the segments it stands for)
under ``translations:<package>``: the import takes only entries of that package, with the same
German as exported and as the register holds now, checks each translation (placeholders, length,
glossary terms) and applies all of them or none.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.errors import UserError
from app.exchange import container, schema
from app.exchange.schema import refused
from app.fileio import write_atomically
from app.free_text import po
from app.free_text.segments import Edit, Segment, memory, save, segments
from app.i18n import N_, Message
from app.models import TranslationState
from app.operations.audit import now_iso
from app.operations.context import Actor, transaction
from app.rounds import keys

RECORD = "translations:"
WANTED = (TranslationState.MISSING, TranslationState.NEEDS_UPDATE)


@dataclass(frozen=True)
class Exported:
    path: Path
    entries: int  # PO entries (identical German texts are one)
    segments: int


def export(session: Session, lang: str, target: Path) -> Exported:
    """Write the ``lang`` package of what is missing or needs update to ``target``."""
    with transaction(session):
        found = segments(session, lang, WANTED)
        if not found:
            raise UserError(
                Message(N_("Nothing to translate: no text is missing or needs an update."))
            )
        text, entries = po.build(found, memory(session, lang), lang)
        uid = str(uuid.uuid4())
        private = keys.signing_key(session)
        manifest = {
            "kind": "translations",
            "package_uid": uid,
            "created_at": now_iso(),
            "register_uid": keys.register_uid(session),
            "language": lang,
            "signer_key": container.b64(keys.public_of(private)),
        }
        content = {"po": text, "return_key": container.b64(_return_key(session, uid))}
        data = container.package_bytes(
            manifest,
            content,
            authenticate=container.signer(private),
            authentication=container.SIGNED,
        )
        keys.set_meta(session, RECORD + uid, json.dumps({"lang": lang, "entries": entries}))
        write_atomically(target, lambda temporary: temporary.write_bytes(data))
    return Exported(target, len(entries), len(found))


def read_package(path: Path) -> tuple[container.Package, dict[str, Any]]:
    """A translation package, its signature checked with the key it names, and its content."""
    package = container.read(path)
    if package.kind != "translations":
        raise refused(path.name, N_("it is not a translation package"))
    package.verify_signature(container.unb64(package.manifest["signer_key"], path.name))
    return package, schema.check_payload(package.content(), "translations-package", path.name)


def reply(package_path: Path, po_file: Path, target: Path) -> None:
    """Wrap the filled-in ``po_file`` as the return of the package at ``package_path``."""
    package, content = read_package(package_path)
    try:
        text = po_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(
            Message(N_("Cannot read {path}: {error}"), path=po_file, error=str(exc))
        ) from None
    po.parse(text, package.manifest["language"], po_file.name)  # refuse what cannot be read
    manifest = {
        "kind": "translations-return",
        "package_uid": str(uuid.uuid4()),
        "created_at": now_iso(),
        "register_uid": package.manifest["register_uid"],
        "issued_package_uid": package.manifest["package_uid"],
        "language": package.manifest["language"],
    }
    key = container.unb64(content["return_key"], package_path.name)
    data = container.package_bytes(
        manifest, {"po": text}, authenticate=container.mac(key), authentication=container.MACED
    )
    write_atomically(target, lambda temporary: temporary.write_bytes(data))


def po_text(package_path: Path) -> str:
    """The PO file inside a translation package (to hand to a translation tool)."""
    _package, content = read_package(package_path)
    return str(content["po"])


class _DryRun(Exception):
    def __init__(self, changed: list[Segment]) -> None:
        self.changed = changed


def import_return(
    session: Session, actor: Actor, path: Path, *, dry_run: bool = False
) -> list[Segment]:
    """Apply the return at ``path`` whole or not at all; the segments changed (or, with
    ``dry_run``, that would change: nothing is stored)."""
    package = container.read(path)
    if package.kind != "translations-return":
        raise refused(path.name, N_("it is not a filled-in translation package"))
    try:
        with transaction(session):
            changed = _apply(session, actor, package, path.name)
            if dry_run:
                raise _DryRun(changed)
    except _DryRun as done:
        return done.changed
    return changed


def _apply(session: Session, actor: Actor, package: container.Package, file: str) -> list[Segment]:
    manifest = package.manifest
    if manifest["register_uid"] != keys.register_uid(session):
        raise refused(file, N_("it belongs to another register"))
    stored = keys.meta(session, RECORD + manifest["issued_package_uid"])
    if stored is None:
        raise refused(file, N_("its translation package was not exported from this register"))
    record = json.loads(stored)
    if record["lang"] != manifest["language"]:
        raise refused(file, N_("its language is not the language of its package"))
    package.verify_mac(_return_key(session, manifest["issued_package_uid"]))
    content = schema.check_payload(package.content(), "translations-return", file)
    lang = record["lang"]
    current = {segment.key: segment for segment in segments(session, lang)}
    edits, trouble = [], []
    for entry in po.parse(content["po"], lang, file):
        exported = record["entries"].get(entry.context)
        if exported is None:
            trouble.append((entry.context, Message(N_("not in the package exported"))))
            continue
        if entry.source != exported["source"]:
            trouble.append((entry.context, Message(N_("its German text is not the one exported"))))
            continue
        for code, field in exported["targets"]:
            now = current.get((code, field))
            if now is None or now.source != entry.source:
                trouble.append(
                    (
                        f"{code} {field}",
                        Message(N_("the German text was changed since the export")),
                    )
                )
                continue
            edits.append(Edit(code, field, entry.text, entry.source))
        trouble.extend(
            (entry.context, problem) for problem in po.problems(entry.source, entry.text, lang)
        )
    if trouble:
        where, problem = trouble[0]
        raise po.refusal(file, where, problem, len(trouble) - 1)
    return save(session, actor, lang, edits, reviewed=True)


def _return_key(session: Session, package_uid: str) -> bytes:
    keys.signing_key(session)  # makes the secrets on first use
    master = keys.ring(session).round_master
    assert master is not None
    return hmac.new(master, f"translations-return {package_uid}".encode(), hashlib.sha256).digest()
