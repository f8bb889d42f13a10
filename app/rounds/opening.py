"""Opening a round package on the department's side: check it (shape, hashes, the
secretariat's signature: the key is remembered the first time a package from that secretariat is
opened; a package signed with another key is accepted only if the key it trusts announced it (a
rotation) or the user confirms the new key's fingerprint, and never if the secretariat revoked
that key; its items by the round's kind) and
keep its content in the workspace tables of this laptop's register. Opening the same package
again changes nothing; a newer package for the same round replaces the round's data and keeps
every answer typed so far.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import PackageRefused
from app.exchange import container, schema
from app.i18n import N_, Message
from app.models import Round, TrustedIssuer, WorkspaceRound
from app.operations import audit
from app.operations.context import Actor, transaction
from app.rounds import keys
from app.rounds.kinds import RoundKindSpec, of_payload


@dataclass(frozen=True)
class Opened:
    round_name: str
    department: str
    items: int
    state: str  # "new", "updated", "unchanged"
    fingerprint: str
    message: Message
    warning: Message | None = None  # a package from another secretariat than so far, a new key


class NewKeyRefused(PackageRefused):
    """A package signed with another key than the one trusted for its secretariat, not
    announced by it: opened only if the user confirms ``new`` (the window asks)."""

    def __init__(self, message: Message, *, old: str, new: str) -> None:
        super().__init__(message)
        self.old = old
        self.new = new


def same_fingerprint(given: str | None, fingerprint: str) -> bool:
    """Whether the fingerprint the user typed is ``fingerprint`` (spaces and case aside)."""
    if not given:
        return False
    return "".join(given.split()).upper() == "".join(fingerprint.split())


def _refused(name: str, reason: str, **params: Any) -> PackageRefused:
    return PackageRefused(
        Message(
            N_("The package {file} was refused: {reason}. Nothing was changed."),
            file=name,
            reason=Message(reason, **params),
        )
    )


@dataclass(frozen=True)
class Checked:
    """A round package checked: its content, its kind, its keys."""

    package: container.Package
    content: dict[str, Any]
    kind: RoundKindSpec
    signer_key: bytes
    return_key: bytes
    recipient_key: bytes


def open_package(
    session: Session, actor: Actor, path: Path, *, trust_new_key: str | None = None
) -> Opened:
    """Check the round package at ``path`` and create or update its workspace;
    ``trust_new_key`` is the fingerprint of a new secretariat key the user confirmed."""
    checked = _checked(container.read(path))
    name, manifest, content = checked.package.name, checked.package.manifest, checked.content
    fingerprint = container.fingerprint(checked.signer_key)
    _check_department(name, content["department"]["code"], actor)
    with transaction(session):
        if session.scalar(select(Round.id).where(Round.uid == manifest["round_uid"])) is not None:
            raise _refused(
                name,
                N_("this register issued it; open it on the department's computer"),
            )
        now = audit.now_iso()
        warning = _trust(session, actor, checked, now=now, confirmed=trust_new_key)
        state = _store(session, actor, checked, now)
    department = content["department"]["code"]
    messages = {
        "new": checked.kind.opened,
        "updated": N_(
            "Round “{round}” updated for {department}; your answers are kept. Measures to "
            "report on: {items}."
        ),
        "unchanged": N_("Round “{round}” for {department} was already open; nothing changed."),
    }
    return Opened(
        round_name=content["round"]["name"],
        department=department,
        items=len(content["items"]),
        state=state,
        fingerprint=fingerprint,
        message=Message(
            messages[state],
            round=content["round"]["name"],
            department=department,
            items=len(content["items"]),
        ),
        warning=warning,
    )


def check_meant_for(path: Path, actor: Actor) -> None:
    """Refuse the round package at ``path`` before anything is opened or created if it is meant
    for another department than the one ``actor``'s profile answers for."""
    if actor.department is None:
        return
    package = container.read(path)
    department = package.manifest.get("department")
    if package.kind == "round" and isinstance(department, str):
        _check_department(package.name, department, actor)


def _check_department(name: str, department: str, actor: Actor) -> None:
    """Refuse a package meant for another department than the one the user's profile answers
    for (a secretariat profile, or one without a department, opens any)."""
    own = actor.department
    if own is not None and own.strip().upper() != department.strip().upper():
        raise _refused(
            name,
            N_(
                "it is meant for {department}, but your profile answers for {own}; only the "
                "secretariat opens other departments' packages. Ask the secretariat for your "
                "department's package, or change the department in your profile if this computer "
                "now answers for {department}"
            ),
            department=department,
            own=own,
        )


def _checked(package: container.Package) -> Checked:
    """``package`` checked: a round package, signed, its content shaped as its kind says and
    agreeing with its manifest, its keys well-formed, its items valid."""
    name = package.name
    manifest = package.manifest
    if package.kind != "round":
        raise _refused(name, N_("it is a return; import it on the secretariat's side"))
    signer_key = container.unb64(manifest.get("signer_key"), name)
    package.verify_signature(signer_key)
    raw = package.content()
    kind = of_payload(raw)
    content = schema.check_payload(raw, kind.round_payload, name)
    if (
        content["round"]["uid"] != manifest["round_uid"]
        or content["department"]["code"] != manifest["department"]
        or content["issuer"]["register_uid"] != manifest["register_uid"]
    ):
        raise _refused(name, N_("its manifest and its content disagree"))
    legacy = manifest["format_version"] == 1  # returns MAC'd with a key the package carries
    if legacy != ("return_key" in content):
        raise _refused(name, N_("its manifest and its content disagree"))
    return_key = container.unb64(content["return_key"], name) if legacy else b""
    recipient_key = container.unb64(content["recipient_key"], name)
    if (
        len(return_key) != (32 if legacy else 0)
        or len(recipient_key) != 32
        or len(signer_key) != 32
    ):
        raise _refused(name, N_("it holds a malformed key"))
    kind.check_package(content, lambda reason, **params: _refused(name, reason, **params))
    return Checked(package, content, kind, signer_key, return_key, recipient_key)


def _trust(
    session: Session, actor: Actor, checked: Checked, *, now: str, confirmed: str | None
) -> Message | None:
    """Remember the secretariat's key the first time (flagged if other secretariats' packages
    were opened here before); accept another key only if the trusted key announced it or the
    user confirmed its fingerprint (audited either way); refuse a revoked key. Returns what the
    user should be told besides the usual."""
    name, manifest = checked.package.name, checked.package.manifest
    fingerprint = container.fingerprint(checked.signer_key)
    register = manifest["register_uid"]
    issuer = session.get(TrustedIssuer, register)
    revoked = set()
    if issuer is not None:
        revoked = {base64.b64decode(key) for key in json.loads(issuer.revoked_keys)}
    if checked.signer_key in revoked:
        raise _refused(
            name,
            N_("it is signed with a key the secretariat revoked (fingerprint {fingerprint})"),
            fingerprint=fingerprint,
        )
    warning = None
    if issuer is None:
        others = session.scalars(select(TrustedIssuer.register_uid)).all()
        issuer = TrustedIssuer(
            register_uid=register, public_key=checked.signer_key, first_seen=now, revoked_keys="[]"
        )
        session.add(issuer)
        if others:
            warning = Message(
                N_(
                    "This package comes from another secretariat register ({register}) than the "
                    "rounds opened here so far. Compare the key fingerprint {fingerprint} with "
                    "the secretariat by phone before you answer."
                ),
                register=register,
                fingerprint=fingerprint,
            )
    elif issuer.public_key != checked.signer_key:
        old = container.fingerprint(issuer.public_key)
        successor = keys.announced_successor(
            register, issuer.public_key, manifest.get("signer_rotations"), revoked
        )
        if successor != checked.signer_key and not same_fingerprint(confirmed, fingerprint):
            raise NewKeyRefused(
                Message(
                    N_(
                        "The package {file} was refused: it is signed with a new key "
                        "(fingerprint {new}) instead of the key trusted for this secretariat so "
                        "far (fingerprint {old}), and the old key did not announce it. Ask the "
                        "secretariat by phone for its key's fingerprint; only if it is {new}, "
                        "open the package again confirming the new key (--trust-new-key). "
                        "Nothing was changed."
                    ),
                    file=name,
                    new=fingerprint,
                    old=old,
                ),
                old=old,
                new=fingerprint,
            )
        audit.log(
            session,
            actor,
            action="update",
            entity="secretariat key",
            code=register,
            old={"fingerprint": old},
            new={
                "fingerprint": fingerprint,
                "how": "announced" if successor == checked.signer_key else "confirmed",
            },
            at=now,
        )
        issuer.public_key = checked.signer_key
    announced = manifest.get("revoked_keys")
    if isinstance(announced, list):  # signed by the trusted key: believed
        known = set(json.loads(issuer.revoked_keys))
        valid = {key for key in announced if _is_public_key(key)}
        issuer.revoked_keys = json.dumps(sorted(known | valid))
    return warning


def _is_public_key(text: object) -> bool:
    """Whether ``text`` is base64 of a raw 32-byte public key."""
    try:
        return isinstance(text, str) and len(base64.b64decode(text, validate=True)) == 32
    except ValueError:
        return False


def _store(session: Session, actor: Actor, checked: Checked, now: str) -> str:
    """Create or update the workspace round; returns "new", "updated" or "unchanged"."""
    name, manifest, content = checked.package.name, checked.package.manifest, checked.content
    existing = session.scalar(
        select(WorkspaceRound).where(WorkspaceRound.round_uid == manifest["round_uid"])
    )
    round_info = content["round"]
    department = content["department"]["code"]
    state = "new"
    if existing is not None:
        if existing.issuer_uid != manifest["register_uid"]:
            raise _refused(
                name,
                N_(
                    "a round with its identifier was opened here from another secretariat "
                    "register ({register}); a package from register {other} cannot change it"
                ),
                register=existing.issuer_uid,
                other=manifest["register_uid"],
            )
        if existing.package_uid == manifest["package_uid"]:
            return "unchanged"
        if existing.department != department:
            raise _refused(
                name,
                N_("this workspace answers the round for {department}; the package is for {other}"),
                department=existing.department,
                other=department,
            )
        if str(manifest["created_at"]) < existing.issued_at:
            raise _refused(name, N_("a newer package for this round was opened already"))
        state = "updated"
    target = existing or WorkspaceRound(round_uid=manifest["round_uid"], last_sequence=0)
    # the numbering goes on where the secretariat's register stands (a new laptop, or versions
    # made on another one); never back
    target.last_sequence = max(target.last_sequence, int(manifest.get("next_sequence", 1)) - 1)
    target.package_uid = manifest["package_uid"]
    target.issued_at = str(manifest["created_at"])
    target.issuer_uid = manifest["register_uid"]
    target.name = round_info["name"]
    target.kind = round_info["kind"]
    target.department = department
    target.deadline = round_info["deadline"]
    target.payload = json.dumps(content, ensure_ascii=False, sort_keys=True)
    target.return_key = checked.return_key
    target.format_version = manifest["format_version"]
    target.recipient_key = checked.recipient_key
    target.opened_at = now
    session.add(target)
    audit.log(
        session,
        actor,
        action="open" if state == "new" else "update",
        entity="workspace",
        code=round_info["name"],
        new={"package": manifest["package_uid"], "department": department},
        at=now,
    )
    return state
