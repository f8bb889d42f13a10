"""Looking after the register's keys (``imag keys …``): what is where, rotating the signing key
(the new key is announced in the next packages, signed by the old one), revoking a compromised
key, protecting the key file with a passphrase, and moving the keys to a colleague deliberately
(a file sealed with a passphrase). Every change is audited in the register.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from app import keystore
from app.errors import InvalidInput
from app.exchange import container
from app.i18n import N_, Message
from app.operations import audit
from app.operations.context import Actor, transaction
from app.rounds import department_keys, keys
from app.rounds.opening import same_fingerprint


@dataclass(frozen=True)
class KeyStatus:
    register_uid: str
    key_file: Path
    present: bool  # this computer holds the register's keys (or it never had any)
    protected: bool
    fingerprint: str | None  # the current signing key's
    revoked: list[str]  # fingerprints
    rotations: int
    department_keys: list[tuple[str, str]]  # this computer's: code, fingerprint
    registered: list[tuple[str, str, str, str]]  # departments' keys known here


def status(session: Session) -> KeyStatus:
    folder, uid = keys.keys_dir(session), keys.register_uid(session)
    public = keys.signing_public(session)
    present = keys.has_keys(session)
    locked = keystore.protected(folder, uid)
    mine: list[tuple[str, str]] = []
    if present and not locked:
        ring = keys.ring(session)
        mine = [
            (code, container.fingerprint(keys.public_of(key)))
            for code, key in sorted(ring.department_keys.items())
        ]
    return KeyStatus(
        register_uid=uid,
        key_file=keystore.key_file(folder, uid),
        present=present,
        protected=locked,
        fingerprint=container.fingerprint(public) if public else None,
        revoked=[container.fingerprint(base64.b64decode(key)) for key in keys.revoked(session)],
        rotations=len(keys.rotations(session)),
        department_keys=mine,
        registered=department_keys.listed(session),
    )


def rotate(session: Session, actor: Actor) -> Message:
    """A new signing key; the next packages announce it, signed by the old one."""
    with transaction(session):
        old = keys.signing_key(session)
        ring = keys.ring(session)
        new = os.urandom(32)
        ring.signing_keys.append(new)
        keys.save(session, ring)  # the key file first: the register never names a lost key
        new_public = keys.public_of(new)
        link = keys.rotation_link(old, keys.register_uid(session), new_public)
        keys.set_meta(session, keys.ROTATIONS, _json([*keys.rotations(session), link]))
        keys.set_meta(session, keys.SIGNING_PUBLIC, container.b64(new_public))
        before, after = _fingerprint(old), container.fingerprint(new_public)
        audit.log(
            session,
            actor,
            action="rotate",
            entity="signing key",
            code=None,
            old={"fingerprint": before},
            new={"fingerprint": after},
        )
    return Message(
        N_(
            "The register signs with a new key from now on (fingerprint {new}; before: {old}). "
            "The next round packages announce it, signed by the old key, so departments accept "
            "it without a question."
        ),
        new=after,
        old=before,
    )


def revoke(session: Session, actor: Actor, fingerprint: str | None) -> Message:
    """Revoke the key with ``fingerprint`` (default: the current one, which is then replaced
    by a new key that no revoked key announces: departments must confirm it)."""
    with transaction(session):
        current = keys.signing_key(session)
        current_public = keys.public_of(current)
        known = [current_public]
        for link in keys.rotations(session):
            known += [base64.b64decode(link["previous_key"]), base64.b64decode(link["new_key"])]
        wanted = fingerprint or container.fingerprint(current_public)
        target = next(
            (k for k in known if same_fingerprint(wanted, container.fingerprint(k))), None
        )
        if target is None:
            raise InvalidInput(
                Message(
                    N_("No key of this register has the fingerprint {fingerprint}."),
                    fingerprint=wanted,
                )
            )
        revoked = keys.revoked(session)
        if container.b64(target) not in revoked:
            keys.set_meta(session, keys.REVOKED, _json([*revoked, container.b64(target)]))
        new_public = None
        if target == current_public:
            ring = keys.ring(session)
            ring.signing_keys = [key for key in ring.signing_keys if key != current]
            ring.signing_keys.append(os.urandom(32))
            keys.save(session, ring)
            new_public = keys.public_of(ring.signing_keys[-1])
            keys.set_meta(session, keys.SIGNING_PUBLIC, container.b64(new_public))
        audit.log(
            session,
            actor,
            action="revoke",
            entity="signing key",
            code=None,
            old={"fingerprint": container.fingerprint(target)},
            new={"fingerprint": container.fingerprint(new_public)} if new_public else None,
        )
    if new_public is None:
        return Message(
            N_(
                "The key {old} is revoked. Departments learn it from the next round package they "
                "open and then refuse packages signed with it."
            ),
            old=container.fingerprint(target),
        )
    return Message(
        N_(
            "The key {old} is revoked; the register signs with a new key from now on "
            "(fingerprint {new}). Tell the departments the new fingerprint by phone: they "
            "must confirm it when they open the next package, which also tells them that {old} "
            "is revoked."
        ),
        old=container.fingerprint(target),
        new=container.fingerprint(new_public),
    )


def _fingerprint(private_key: bytes) -> str:
    return container.fingerprint(keys.public_of(private_key))


def _json(value: object) -> str:
    import json

    return json.dumps(value, sort_keys=True)


# -- moving the keys ---------------------------------------------------------------------------


def export_keys(session: Session, actor: Actor, target: Path, passphrase: bytes) -> Message:
    """Every key of this register (and this computer's department keys) into ``target``,
    sealed with ``passphrase``; audited."""
    if not keys.has_keys(session):
        raise keys.missing(session)
    ring = keys.ring(session)
    if ring.empty:
        raise InvalidInput(
            Message(N_("This register has no keys yet; there is nothing to export."))
        )
    data = keystore.seal(keystore.json_bytes(ring), passphrase)
    keystore.write_private(target, data)
    with transaction(session):
        audit.log(
            session, actor, action="export", entity="keys", code=None, new={"file": target.name}
        )
    return Message(
        N_(
            "The keys of this register were written to {path}, sealed with the passphrase. "
            "Hand the file and the passphrase over separately."
        ),
        path=target,
    )


def import_keys(session: Session, actor: Actor, source: Path, passphrase: bytes) -> Message:
    """The keys in ``source`` (from :func:`export_keys`) added to this computer's key file for
    the register; refused if they are another register's."""
    try:
        data = source.read_bytes()[: keystore.MAX_FILE_BYTES + 1]
    except OSError as exc:
        raise keystore.KeyFileError(
            Message(N_("Cannot read {path}: {error}"), path=source, error=str(exc))
        ) from None
    if len(data) > keystore.MAX_FILE_BYTES:
        raise keystore.KeyFileError(
            Message(
                N_("The key file {path} is damaged or not a key file of this program."),
                path=source,
            )
        )
    found = keystore.parse(data, source, passphrase)
    uid = keys.register_uid(session)
    if found.register_uid != uid:
        raise InvalidInput(
            Message(
                N_(
                    "The key file {path} holds the keys of another register ({other}), not of "
                    "this one ({register}). Nothing was changed."
                ),
                path=source,
                other=found.register_uid,
                register=uid,
            )
        )
    ring = keys.ring(session)
    ring.merge(found)
    keys.save(session, ring)
    with transaction(session):
        audit.log(
            session, actor, action="import", entity="keys", code=None, new={"file": source.name}
        )
    return Message(
        N_("The keys from {path} are in place; this register can issue and import again."),
        path=source,
    )


def protect(session: Session, actor: Actor, passphrase: bytes | None) -> Message:
    """Protect this computer's key file with ``passphrase`` (``None``: remove the protection)."""
    ring = keys.ring(session)  # read with the old passphrase, if any
    keystore.save(keys.keys_dir(session), ring, passphrase)
    keys.set_passphrase(passphrase)
    with transaction(session):
        audit.log(
            session,
            actor,
            action="update",
            entity="keys",
            code=None,
            new={"protected": passphrase is not None},
        )
    if passphrase is None:
        return Message(N_("The key file is no longer protected by a passphrase."))
    return Message(N_("The key file is protected by the passphrase from now on."))


def department_export(session: Session, department: str, target: Path) -> Message:
    """The public key this computer signs ``department``'s returns with, as a file for the
    secretariat (``imag departments trust-key``)."""
    code = department.strip().upper()
    if not code:
        raise InvalidInput(Message(N_("Name the department (--department CODE).")))
    with transaction(session):
        public = keys.public_of(keys.department_key(session, code))
    keystore.write_private(target, _json(department_keys.key_file(code, public)).encode())
    return Message(
        N_(
            "The public key of {department} (fingerprint {fingerprint}) was written to {path}; "
            "give it to the secretariat and confirm the fingerprint by phone."
        ),
        department=code,
        fingerprint=container.fingerprint(public),
        path=target,
    )
