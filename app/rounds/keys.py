"""The keys of the exchange: where they come from, never stored where they need not be.

* The register's **signing key** (Ed25519) signs every round package the secretariat issues. It
  is made on first use and kept in the register's metadata; departments remember its public
  half the first time they open a package from this register and refuse a package signed with
  another key.
* Each round has a random 32-byte **secret**. From it, HKDF-SHA256 derives, per department, the
  key that authenticates that department's returns (HMAC-SHA256; it travels in the department's
  round package only), and the round's X25519 key pair to which returns are encrypted (HPKE;
  only the public half travels).
"""

from __future__ import annotations

import base64
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.exchange import container
from app.models import RegisterMeta

SIGNING_KEY = "package_signing_key"


def new_secret() -> bytes:
    return os.urandom(32)


def _derive(secret: bytes, purpose: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"imag-register/rounds", info=purpose.encode()
    ).derive(secret)


def return_key(secret: bytes, department: str) -> bytes:
    """The key that authenticates ``department``'s returns for the round with ``secret``."""
    return _derive(secret, f"return-mac:{department}")


def encryption_private_key(secret: bytes) -> bytes:
    return _derive(secret, "return-encryption")


def encryption_public_key(secret: bytes) -> bytes:
    return container.public_encryption_key(encryption_private_key(secret))


def signing_key(session: Session) -> bytes:
    """The register's Ed25519 private key (made on first use, inside the caller's transaction)."""
    stored = session.scalar(select(RegisterMeta.value).where(RegisterMeta.key == SIGNING_KEY))
    if stored is not None:
        return base64.b64decode(stored)
    key = os.urandom(32)
    session.add(RegisterMeta(key=SIGNING_KEY, value=base64.b64encode(key).decode("ascii")))
    return key


def register_uid(session: Session) -> str:
    return str(session.scalar(select(RegisterMeta.value).where(RegisterMeta.key == "register_id")))
