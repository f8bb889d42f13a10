"""The keys of the exchange: where they come from, never stored in the register.

* The register's **signing key** (Ed25519) signs every round package the secretariat issues. It
  is made on first use and kept in the key file in the user's profile (:mod:`app.keystore`);
  the register keeps only its public half (``signing_public_key``), so that a register whose
  key file is absent can say so (:class:`KeyMissing`) instead of making a new key. Departments
  remember the public key the first time they open a package from this register and refuse a
  package signed with another key unless it was announced (a rotation, signed by the key they
  trust) or they confirm its fingerprint.
* Each round has a 32-byte **secret**. Rounds of exchange format 2 derive it from the key
  file's ``round_master`` and the round's id; rounds issued before the keys left the register
  (format 1) keep their random secrets in the key file. From the secret, HKDF-SHA256 derives the
  round's X25519 key pair to which returns are encrypted (HPKE; only the public half travels)
  and, for format 1 only, per department, the key that authenticates that department's returns
  (HMAC-SHA256; it travels in the department's round package).
* On a department's computer, each department has its own Ed25519 **department key** (in the
  profile too) that signs its returns in format 2; the secretariat registers its public half.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import keystore, paths
from app.errors import UserError
from app.exchange import container
from app.i18n import N_, Message
from app.models import RegisterMeta, Round

SIGNING_PUBLIC = "signing_public_key"  # register_meta: the current signing key's public half
ROTATIONS = "signing_key_rotations"  # register_meta: JSON list of rotation links, oldest first
REVOKED = "revoked_signing_keys"  # register_meta: JSON list of revoked public keys (base64)
ROTATION_CONTEXT = b"imag-exchange/key-rotation/1\n"
PASSPHRASE_FILE = "IMAG_KEY_PASSPHRASE_FILE"  # a file holding the key file's passphrase

_UNLOCKED: dict[str, bytes] = {}  # "passphrase": given once, kept for the process
_PROMPT: dict[str, Callable[[Path], str]] = {}  # "prompt": how to ask for it


class KeyMissing(UserError):
    """The register's key file is not on this computer: it cannot issue or import."""


def set_passphrase(passphrase: bytes | None) -> None:
    """The passphrase of a protected key file, for the rest of this process."""
    if passphrase is None:
        _UNLOCKED.clear()
    else:
        _UNLOCKED["passphrase"] = passphrase


def set_prompt(prompt: Callable[[Path], str] | None) -> None:
    """How to ask for the passphrase of a protected key file (the command line's terminal)."""
    if prompt is None:
        _PROMPT.clear()
    else:
        _PROMPT["prompt"] = prompt


def passphrase(keys_dir: Path, uid: str) -> bytes | None:
    """The passphrase for the register's key file, if it is protected: the one given to this
    process, the file named by ``IMAG_KEY_PASSPHRASE_FILE``, or asked for."""
    given = _UNLOCKED.get("passphrase")
    if given is not None or not keystore.protected(keys_dir, uid):
        return given
    named = os.environ.get(PASSPHRASE_FILE)
    if named:
        return Path(named).read_bytes().rstrip(b"\r\n")
    if "prompt" in _PROMPT:
        set_passphrase(_PROMPT["prompt"](keystore.key_file(keys_dir, uid)).encode("utf-8"))
    return _UNLOCKED.get("passphrase")


def unlock(session: Session, given: bytes) -> None:
    """Unlock the register's protected key file for the rest of this process (the window asks
    for the passphrase when an operation raised :class:`app.keystore.KeyLocked`): ``given`` is
    checked against the key file (a wrong one raises :class:`app.keystore.KeyFileError` and
    nothing is kept), then kept in memory only, never written."""
    folder, uid = keys_dir(session), register_uid(session)
    keystore.load(folder, uid, given)
    set_passphrase(given)


def keys_dir(session: Session) -> Path:
    found = session.info.get("keys_dir")
    return Path(found) if found is not None else paths.resolve().keys_dir


def register_uid(session: Session) -> str:
    return str(session.scalar(select(RegisterMeta.value).where(RegisterMeta.key == "register_id")))


def meta(session: Session, key: str) -> str | None:
    return session.scalar(select(RegisterMeta.value).where(RegisterMeta.key == key))


def set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(RegisterMeta, key)
    if row is None:
        session.add(RegisterMeta(key=key, value=value))
    else:
        row.value = value


def ring(session: Session) -> keystore.KeyRing:
    folder, uid = keys_dir(session), register_uid(session)
    return keystore.load(folder, uid, passphrase(folder, uid))


def save(session: Session, keys: keystore.KeyRing) -> None:
    folder = keys_dir(session)
    keystore.save(folder, keys, passphrase(folder, keys.register_uid))


def public_of(private_key: bytes) -> bytes:
    return container.public_signing_key(private_key)


def signing_public(session: Session) -> bytes | None:
    """The current signing key's public half, as the register records it (None: never made)."""
    stored = meta(session, SIGNING_PUBLIC)
    return base64.b64decode(stored) if stored else None


def missing(session: Session) -> KeyMissing:
    public = signing_public(session)
    return KeyMissing(
        Message(
            N_(
                "The keys of this register are not on this computer (expected in {path}; key "
                "fingerprint {fingerprint}). The register can be read, reported on and backed "
                "up, but it cannot issue round packages or import returns until its keys are "
                "imported with “imag keys import FILE”."
            ),
            path=keystore.key_file(keys_dir(session), register_uid(session)),
            fingerprint=container.fingerprint(public) if public else "–",
        )
    )


def signing_key(session: Session) -> bytes:
    """The register's current Ed25519 private key, from the profile; made (with the round
    master secret) on first use, inside the caller's transaction. Raises :class:`KeyMissing`
    if the register has a key and the profile does not."""
    public = signing_public(session)
    keys = ring(session)
    current = [key for key in keys.signing_keys if public_of(key) == public]
    if public is not None and not current:
        raise missing(session)
    changed = False
    if public is None:
        keys.signing_keys.append(os.urandom(32))
        current = keys.signing_keys[-1:]
        changed = True
    if keys.round_master is None:
        keys.round_master = os.urandom(32)
        changed = True
    if changed:
        save(session, keys)  # the key file first: a key the register names is never lost
    if public is None:
        set_meta(session, SIGNING_PUBLIC, container.b64(public_of(current[0])))
    return current[0]


def has_keys(session: Session) -> bool:
    """Whether this computer holds the register's keys (or the register never had any)."""
    public = signing_public(session)
    if public is None:
        return True
    try:
        return any(public_of(key) == public for key in ring(session).signing_keys)
    except keystore.KeyLocked:
        return True
    except keystore.KeyFileError:
        return False


def round_secret(session: Session, round_: Round, keys: keystore.KeyRing | None = None) -> bytes:
    """The round's secret: derived from the master secret (format 2) or kept (format 1);
    from ``keys``, the register's key ring read before, if given."""
    keys = keys if keys is not None else ring(session)
    if round_.format_version == 1:
        secret = keys.round_secrets.get(round_.uid)
        if secret is None:
            raise missing(session)
        return secret
    if keys.round_master is None:
        raise missing(session)
    return _derive(keys.round_master, f"round-secret:{round_.uid}")


def _derive(secret: bytes, purpose: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"imag-register/rounds", info=purpose.encode()
    ).derive(secret)


def return_key(secret: bytes, department: str) -> bytes:
    """The key that authenticates ``department``'s returns for a format-1 round."""
    return _derive(secret, f"return-mac:{department}")


def encryption_private_key(secret: bytes) -> bytes:
    return _derive(secret, "return-encryption")


def encryption_public_key(secret: bytes) -> bytes:
    return container.public_encryption_key(encryption_private_key(secret))


# -- rotation and revocation, as packages announce them ---------------------------------------


def rotation_message(register: str, new_key: bytes) -> bytes:
    return ROTATION_CONTEXT + register.encode() + b"\n" + new_key


def rotation_link(old_private: bytes, register: str, new_public: bytes) -> dict[str, str]:
    """The announcement that ``new_public`` replaces the key ``old_private``, signed by it."""
    signature = Ed25519PrivateKey.from_private_bytes(old_private).sign(
        rotation_message(register, new_public)
    )
    return {
        "previous_key": container.b64(public_of(old_private)),
        "new_key": container.b64(new_public),
        "signature": container.b64(signature),
    }


def rotations(session: Session) -> list[dict[str, str]]:
    return list(json.loads(meta(session, ROTATIONS) or "[]"))


def revoked(session: Session) -> list[str]:
    return list(json.loads(meta(session, REVOKED) or "[]"))


def announced_successor(
    register: str, trusted: bytes, links: Any, revoked_keys: set[bytes]
) -> bytes:
    """The key the chain of rotation ``links`` leads to from ``trusted``, each link signed by
    the key before it; ``trusted`` itself if no valid link starts from it. A revoked key ends
    the chain (its announcements are not believed)."""
    current = trusted
    for link in links if isinstance(links, list) else []:
        if not isinstance(link, dict) or current in revoked_keys:
            break
        try:
            previous = base64.b64decode(str(link.get("previous_key")), validate=True)
            new = base64.b64decode(str(link.get("new_key")), validate=True)
            signature = base64.b64decode(str(link.get("signature")), validate=True)
        except ValueError:
            break
        if previous != current:
            continue
        try:
            Ed25519PublicKey.from_public_bytes(current).verify(
                signature, rotation_message(register, new)
            )
        except (InvalidSignature, ValueError):
            break
        current = new
    return current


# -- a department's own key (department side) --------------------------------------------------


def department_key(session: Session, department: str) -> bytes:
    """This computer's Ed25519 private key for ``department`` (made on first use)."""
    keys = ring(session)
    key = keys.department_keys.get(department)
    if key is None:
        key = os.urandom(32)
        keys.department_keys[department] = key
        save(session, keys)
    return key
