"""The secret keys of a register, kept in the user's profile and never in the register file.

One **key file** per register (``<keys folder>/<register id>.imag-keys``, readable only by the
user: the folder ``0700``, the file ``0600``) holds:

* ``signing_keys``: the register's Ed25519 private keys (the current one and those it replaced;
  the register's metadata says which public key is current);
* ``round_master``: 32 random bytes from which each round of exchange format 2 derives its
  secret (HKDF, see :mod:`app.rounds.keys`), so that creating a round writes nothing here;
* ``round_secrets``: the secrets of rounds issued before the keys left the register (format 1),
  by round id;
* ``department_keys``: on a department's computer, the Ed25519 private key each department
  signs its returns with, by department code.

The file is JSON. It may be protected by a passphrase, and a key file handed to a colleague
(``imag keys export``) always is: the JSON is then sealed with AES-256-GCM under a key that
scrypt derives from the passphrase (both from ``cryptography``; nothing hand-made). Writing is
atomic (a temporary file, fsync, rename), so a crash leaves the old file or the new one.
"""

from __future__ import annotations

import base64
import contextlib
import getpass
import json
import logging
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.errors import InvalidInput, UserError
from app.fileio import os_reason
from app.i18n import N_, Message
from app.storage.errors import not_writable_type
from app.storage.integrity import install_functions

PLAIN_FORMAT = "imag-keys"
SEALED_FORMAT = "imag-keys-sealed"
VERSION = 1
SUFFIX = ".imag-keys"
MAX_FILE_BYTES = 1024 * 1024
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
LEGACY_SIGNING_KEY = "package_signing_key"  # register_meta, schema 4 and before


class KeyFileError(UserError):
    """A key file that cannot be read: damaged, another register's, or a wrong passphrase."""


class KeyLocked(KeyFileError):
    """The key file is protected by a passphrase and none was given."""


@dataclass
class KeyRing:
    register_uid: str
    signing_keys: list[bytes] = field(default_factory=list)  # Ed25519 private keys, oldest first
    round_master: bytes | None = None
    round_secrets: dict[str, bytes] = field(default_factory=dict)  # format-1 rounds by uid
    department_keys: dict[str, bytes] = field(default_factory=dict)  # by department code

    @property
    def empty(self) -> bool:
        return not (
            self.signing_keys or self.round_master or self.round_secrets or self.department_keys
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "format": PLAIN_FORMAT,
            "version": VERSION,
            "register_uid": self.register_uid,
            "signing_keys": [_b64(key) for key in self.signing_keys],
            "round_master": _b64(self.round_master) if self.round_master else None,
            "round_secrets": {uid: _b64(key) for uid, key in sorted(self.round_secrets.items())},
            "department_keys": {
                code: _b64(key) for code, key in sorted(self.department_keys.items())
            },
        }

    def merge(self, other: KeyRing) -> None:
        """Take what ``other`` has and this ring lacks (never drops or replaces a key)."""
        self.signing_keys += [key for key in other.signing_keys if key not in self.signing_keys]
        self.round_master = self.round_master or other.round_master
        for uid, secret in other.round_secrets.items():
            self.round_secrets.setdefault(uid, secret)
        for code, key in other.department_keys.items():
            self.department_keys.setdefault(code, key)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _damaged(path: Path | str) -> KeyFileError:
    return KeyFileError(
        Message(N_("The key file {path} is damaged or not a key file of this program."), path=path)
    )


def _key(text: Any, path: Path | str) -> bytes:
    try:
        if not isinstance(text, str):
            raise ValueError
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except ValueError:
        raise _damaged(path) from None
    if len(data) != 32:
        raise _damaged(path)
    return data


def ring_from_json(data: Any, path: Path | str) -> KeyRing:
    if (
        not isinstance(data, dict)
        or data.get("format") != PLAIN_FORMAT
        or data.get("version") != VERSION
        or not isinstance(data.get("register_uid"), str)
        or not isinstance(data.get("signing_keys"), list)
        or not isinstance(data.get("round_secrets"), dict)
        or not isinstance(data.get("department_keys"), dict)
    ):
        raise _damaged(path)
    master = data.get("round_master")
    return KeyRing(
        register_uid=data["register_uid"],
        signing_keys=[_key(key, path) for key in data["signing_keys"]],
        round_master=_key(master, path) if master is not None else None,
        round_secrets={str(k): _key(v, path) for k, v in data["round_secrets"].items()},
        department_keys={str(k): _key(v, path) for k, v in data["department_keys"].items()},
    )


# -- sealing with a passphrase ------------------------------------------------------------------


def _kdf(salt: bytes) -> Scrypt:
    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)


def seal(plain: bytes, passphrase: bytes) -> bytes:
    """``plain`` encrypted under ``passphrase`` (scrypt, AES-256-GCM), as JSON."""
    salt, nonce = os.urandom(16), os.urandom(12)
    key = _kdf(salt).derive(passphrase)
    sealed = AESGCM(key).encrypt(nonce, plain, SEALED_FORMAT.encode())
    document = {
        "format": SEALED_FORMAT,
        "version": VERSION,
        "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": _b64(salt)},
        "cipher": "AES-256-GCM",
        "nonce": _b64(nonce),
        "ciphertext": _b64(sealed),
    }
    return json.dumps(document, indent=1, sort_keys=True).encode()


def is_sealed(document: Any) -> bool:
    return isinstance(document, dict) and document.get("format") == SEALED_FORMAT


def unseal(document: dict[str, Any], passphrase: bytes, path: Path | str) -> bytes:
    kdf = document.get("kdf")
    if (
        document.get("version") != VERSION
        or not isinstance(kdf, dict)
        or kdf.get("name") != "scrypt"
        or (kdf.get("n"), kdf.get("r"), kdf.get("p")) != (SCRYPT_N, SCRYPT_R, SCRYPT_P)
        or document.get("cipher") != "AES-256-GCM"
    ):
        raise _damaged(path)
    try:
        salt = base64.b64decode(str(kdf.get("salt")), validate=True)
        nonce = base64.b64decode(str(document.get("nonce")), validate=True)
        sealed = base64.b64decode(str(document.get("ciphertext")), validate=True)
        key = _kdf(salt).derive(passphrase)
        return AESGCM(key).decrypt(nonce, sealed, SEALED_FORMAT.encode())
    except InvalidTag:
        raise KeyFileError(
            Message(N_("The passphrase for the key file {path} is wrong."), path=path)
        ) from None
    except ValueError:
        raise _damaged(path) from None


def parse(data: bytes, path: Path | str, passphrase: bytes | None) -> KeyRing:
    """A key file's bytes read (unsealed with ``passphrase`` if it is sealed)."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _damaged(path) from None
    if is_sealed(document):
        if passphrase is None:
            raise KeyLocked(
                Message(
                    N_("The key file {path} is protected by a passphrase; give the passphrase."),
                    path=path,
                )
            )
        return parse(unseal(document, passphrase, path), path, None)
    return ring_from_json(document, path)


# -- the profile's key files ------------------------------------------------------------------


def key_file(keys_dir: Path, register_uid: str) -> Path:
    return keys_dir / f"{register_uid}{SUFFIX}"


def load(keys_dir: Path, register_uid: str, passphrase: bytes | None = None) -> KeyRing:
    """The register's keys from the profile (an empty ring if it has none yet)."""
    path = key_file(keys_dir, register_uid)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return KeyRing(register_uid)
    except OSError as exc:
        raise KeyFileError(
            Message(N_("Cannot read {path}: {error}"), path=path, error=os_reason(exc))
        ) from None
    ring = parse(data, path, passphrase)
    if ring.register_uid != register_uid:
        raise _damaged(path)
    return ring


def protected(keys_dir: Path, register_uid: str) -> bool:
    try:
        return is_sealed(json.loads(key_file(keys_dir, register_uid).read_bytes()))
    except (OSError, ValueError):
        return False


def save(keys_dir: Path, ring: KeyRing, passphrase: bytes | None = None) -> Path:
    """Write ``ring`` to the profile, readable only by the user, atomically."""
    plain = json_bytes(ring)
    data = seal(plain, passphrase) if passphrase else plain
    target = key_file(keys_dir, ring.register_uid)
    try:
        keys_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        restrict_to_user(keys_dir, folder=True)  # the profile's keys folder only, no other
    except OSError as exc:
        raise not_written(target, exc) from None
    write_private(target, data)
    return target


def json_bytes(ring: KeyRing) -> bytes:
    return json.dumps(ring.to_json(), indent=1, sort_keys=True).encode()


def not_written(target: Path, exc: OSError) -> UserError:
    return not_writable_type(exc)(
        Message(N_("Cannot write {path}: {error}"), path=target, error=os_reason(exc))
    )


def write_private(target: Path, data: bytes) -> None:
    """``data`` into ``target`` (mode 0600, in a folder of mode 0700; on Windows an ACL for
    the user only) by temporary file and rename; a failure leaves ``target`` as it was."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        restrict_to_user(temporary)  # before the rename: the key file never has a looser ACL
        os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise not_written(target, exc) from None


def restrict_to_user(path: Path, *, folder: bool = False) -> None:
    """On Windows, where the modes above mean nothing, give ``path`` an ACL that grants only
    the current user full control: inherited entries removed, every other grant replaced
    (``icacls``, part of Windows; a folder's grant is inherited by what is made in it).
    Elsewhere the file modes do this and nothing is run. A failure raises :class:`OSError`."""
    if sys.platform != "win32":
        return
    user = os.environ.get("USERNAME") or getpass.getuser()
    grant = f"{user}:(OI)(CI)F" if folder else f"{user}:F"
    command = ["icacls", str(path), "/inheritance:r", "/grant:r", grant]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=60)
    except subprocess.CalledProcessError as exc:
        reason = (exc.stderr or exc.stdout or b"").decode("utf-8", "replace").strip()
        raise OSError(f"icacls: {reason or exc.returncode}") from None
    except subprocess.TimeoutExpired:
        raise OSError("icacls: timeout") from None


# -- moving out of a register (schema 4 and before) ------------------------------------------


def keys_in_register(path: Path) -> KeyRing | None:
    """The keys a register of schema 4 or before keeps inside (read-only), or ``None`` if the
    file has none."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        meta = dict(connection.execute("SELECT key, value FROM register_meta").fetchall())
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        columns = (
            {row[1] for row in connection.execute("PRAGMA table_info(round)")}
            if "round" in tables
            else set()
        )
        secrets = (
            connection.execute("SELECT uid, secret FROM round").fetchall()
            if "secret" in columns
            else []
        )
    finally:
        connection.close()
    ring = KeyRing(str(meta.get("register_id")))
    stored = meta.get(LEGACY_SIGNING_KEY)
    if stored:
        ring.signing_keys.append(base64.b64decode(stored))
    ring.round_secrets = {str(uid): bytes(secret) for uid, secret in secrets if any(secret or b"")}
    return None if ring.empty else ring


def move_out(path: Path, keys_dir: Path) -> None:
    """Before the upgrade to schema 5 (which blanks them in the register), copy the register's
    keys into its key file in the profile; the file is written and synced before the caller
    migrates. A protected key file cannot be merged without its passphrase: refused."""
    found = keys_in_register(path)
    if found is None:
        return
    ring = load(keys_dir, found.register_uid)
    ring.merge(found)
    save(keys_dir, ring)


def scrub_backups(backups: list[Path]) -> None:
    """Remove the keys from backups made before the keys left the register (after
    :func:`move_out` has put them into the profile): overwritten, not only unlinked
    (``secure_delete``), and the file rebuilt (``VACUUM``). A backup that cannot be changed is
    left as it was and logged."""
    for path in backups:
        try:
            if keys_in_register(path) is None:
                continue
            connection = sqlite3.connect(path, isolation_level=None)
            try:
                install_functions(connection)  # a backup's triggers call them
                connection.execute("PRAGMA secure_delete = ON")
                connection.execute("BEGIN IMMEDIATE")
                connection.execute("DELETE FROM register_meta WHERE key = ?", (LEGACY_SIGNING_KEY,))
                connection.execute("UPDATE round SET secret = zeroblob(32)")
                connection.execute("COMMIT")
                connection.execute("VACUUM")
            finally:
                connection.close()
        except sqlite3.Error:
            logging.getLogger(__name__).warning("keys left in backup %s", path, exc_info=True)


def check_passphrase(text: str) -> bytes:
    """A passphrase as bytes; refused if it is too short to protect anything."""
    if len(text) < 8:
        raise InvalidInput(Message(N_("A passphrase needs at least 8 characters.")))
    return text.encode("utf-8")
