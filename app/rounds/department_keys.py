"""The departments' own signing keys, on the secretariat's side: which key signs a return of
a round of exchange format 2, registered on the department's first signed return (trust on
first use: the fingerprint is shown and audited) or beforehand from the file the department
exported (``imag keys department-export``, read by ``imag departments trust-key``). A return
signed with another key than the registered one is refused, so a round package alone (which
carries no key of the department) no longer suffices to make a return in its name.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.exchange import container
from app.exchange.container import Package
from app.i18n import N_, Message
from app.models import Department, DepartmentKey, Round
from app.operations import audit
from app.operations.context import Actor, transaction
from app.rounds import keys
from app.rounds.kinds.base import Refuse

FILE_FORMAT = "imag-department-key"
FILE_VERSION = 1
MAX_FILE_BYTES = 64 * 1024


def current(session: Session, department: Department) -> DepartmentKey | None:
    return session.scalar(
        select(DepartmentKey).where(
            DepartmentKey.department_id == department.id, DepartmentKey.replaced_at.is_(None)
        )
    )


def authenticate(
    session: Session,
    package: Package,
    *,
    round_: Round,
    department: Department,
    secret: bytes,
    refuse: Refuse,
) -> bytes | None:
    """Refuse ``package`` unless it is authentic for ``department``: MAC'd with the round's
    return key (format 1), or signed with the department's registered key (format 2). Returns
    the key to register when the department has none yet (its first signed return)."""
    if round_.format_version == 1:
        package.verify_mac(keys.return_key(secret, department.code))
        return None
    if package.manifest["authentication"] != container.SIGNED:
        raise refuse(
            N_(
                "it is not signed with the department's own key, as the returns of this round "
                "must be (a return made from a round package alone is not accepted)"
            )
        )
    signer = container.unb64(package.manifest.get("signer_key"), package.name)
    if len(signer) != 32:
        raise refuse(N_("it holds a malformed key"))
    package.verify_signature(signer)
    registered = current(session, department)
    if registered is None:
        return signer
    if registered.public_key != signer:
        raise refuse(
            N_(
                "it is signed with another key (fingerprint {fingerprint}) than the one "
                "registered for {department} (fingerprint {registered}); if the department "
                "uses a new computer, accept its new key with “imag departments trust-key”"
            ),
            fingerprint=container.fingerprint(signer),
            department=department.code,
            registered=container.fingerprint(registered.public_key),
        )
    return None


def register(
    session: Session, actor: Actor, department: Department, public_key: bytes, *, source: str
) -> None:
    """Make ``public_key`` the department's key (the one before, if any, is kept as replaced);
    audited with both fingerprints. Inside the caller's transaction."""
    now = audit.now_iso()
    before = current(session, department)
    if before is not None:
        before.replaced_at = now
    session.add(
        DepartmentKey(
            department_id=department.id,
            public_key=public_key,
            registered_at=now,
            registered_by=actor.name,
            source=source,
        )
    )
    audit.log(
        session,
        actor,
        action="update" if before is not None else "create",
        entity="department key",
        code=department.code,
        old={"fingerprint": container.fingerprint(before.public_key)} if before else None,
        new={"fingerprint": container.fingerprint(public_key), "source": source},
        at=now,
    )


# -- the file a department exports, to be registered beforehand -------------------------------


def key_file(department: str, public_key: bytes) -> dict[str, Any]:
    return {
        "format": FILE_FORMAT,
        "version": FILE_VERSION,
        "department": department,
        "public_key": container.b64(public_key),
        "fingerprint": container.fingerprint(public_key),
    }


def _bad_file(path: Path) -> InvalidInput:
    return InvalidInput(
        Message(N_("{path} is not a department key file of this program."), path=path)
    )


def read_key_file(path: Path) -> tuple[str, bytes]:
    """The department code and public key in a file from ``imag keys department-export``."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise _bad_file(path)
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        raise _bad_file(path) from None
    if (
        not isinstance(data, dict)
        or data.get("format") != FILE_FORMAT
        or data.get("version") != FILE_VERSION
        or not isinstance(data.get("department"), str)
    ):
        raise _bad_file(path)
    try:
        public_key = container.unb64(data.get("public_key"), path.name)
    except Exception:
        raise _bad_file(path) from None
    if len(public_key) != 32:
        raise _bad_file(path)
    return data["department"].strip().upper(), public_key


def trust_file(session: Session, actor: Actor, path: Path, *, replace: bool) -> Message:
    """Register the key in ``path`` for its department (``replace``: also if the department
    has another key registered)."""
    code, public_key = read_key_file(path)
    fingerprint = container.fingerprint(public_key)
    with transaction(session):
        department = session.scalar(select(Department).where(Department.code == code))
        if department is None:
            raise InvalidInput(
                Message(N_("There is no department with the code {code}."), code=code)
            )
        before = current(session, department)
        if before is not None and before.public_key == public_key:
            return Message(
                N_("The key {fingerprint} is already registered for {department}."),
                fingerprint=fingerprint,
                department=code,
            )
        if before is not None and not replace:
            raise InvalidInput(
                Message(
                    N_(
                        "{department} already has a registered key (fingerprint {registered}); "
                        "to replace it with {fingerprint}, add --replace. Nothing was changed."
                    ),
                    department=code,
                    registered=container.fingerprint(before.public_key),
                    fingerprint=fingerprint,
                )
            )
        register(session, actor, department, public_key, source="file")
    return Message(
        N_(
            "The key of {department} (fingerprint {fingerprint}) is registered; returns of "
            "{department} must be signed with it."
        ),
        department=code,
        fingerprint=fingerprint,
    )


def listed(session: Session) -> list[tuple[str, str, str, str]]:
    """Every department's registered key: code, fingerprint, since, how."""
    rows = session.execute(
        select(Department.code, DepartmentKey)
        .join(DepartmentKey, DepartmentKey.department_id == Department.id)
        .where(DepartmentKey.replaced_at.is_(None))
        .order_by(Department.code)
    ).all()
    return [
        (code, container.fingerprint(key.public_key), key.registered_at, key.source)
        for code, key in rows
    ]
