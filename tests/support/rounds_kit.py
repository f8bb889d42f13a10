"""Helpers for the tests of evaluation rounds: a secretariat (a copy of the demo register), its
departments on their own "laptops" (data folders), real package files in between, all through
the core functions; and ways to see that a register did not change."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import shutil
import sqlite3
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.exchange import container
from app.operations.context import Actor
from app.paths import AppPaths, resolve
from app.rounds import keys, secretariat, workspace
from app.storage.register import open_register

SECRETARIAT = Actor("Geschäftsstelle", "test")
DEPARTMENT = Actor("Referentin", "test")


@contextlib.contextmanager
def session_of(folder: Path) -> Iterator[Session]:
    """A session on the register in ``folder`` (made if there is none), closed afterwards."""
    with open_register(resolve(folder)) as register, register.session() as session:
        yield session


def file_digest(folder: Path) -> str:
    """The SHA-256 of the register file (no journal is left between transactions)."""
    return hashlib.sha256((folder / "register.imag.sqlite").read_bytes()).hexdigest()


DERIVED = ("audit_chain", "row_digest")


def table_dump(folder: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to compare a register before and after."""
    connection = sqlite3.connect(f"file:{folder / 'register.imag.sqlite'}?mode=ro", uri=True)
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
            if row[0] not in DERIVED  # follow audit_event and the content: compared there
        ]
        return {
            table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in tables
        }
    finally:
        connection.close()


@dataclass
class Cycle:
    """A round issued by the secretariat in ``root/secretariat`` to some departments, each of
    which opened its package on its own laptop (``root/laptop-CODE``)."""

    root: Path
    name: str
    packages: dict[str, Path]
    laptops: dict[str, Path] = field(default_factory=dict)

    @property
    def secretariat_dir(self) -> Path:
        return self.root / "secretariat"

    @property
    def paths(self) -> AppPaths:
        return resolve(self.secretariat_dir)

    def codes(self, department: str) -> list[str]:
        with session_of(self.laptops[department]) as session:
            return [item["code"] for item in workspace.items(workspace.find(session, self.name))]

    def answer(
        self,
        department: str,
        answers: dict[str, dict[str, Any]],
        *,
        encrypt: bool = True,
        target: Path | None = None,
    ) -> Path:
        """Set ``answers`` (code → changed values) on the department's laptop and export."""
        with session_of(self.laptops[department]) as session:
            ws_round = workspace.find(session, self.name)
            for code, changes in answers.items():
                workspace.set_answer(session, ws_round, code, dict(changes))
            inbox = self.root / "inbox"
            inbox.mkdir(exist_ok=True)
            name = workspace.default_file_name(ws_round).removesuffix(secretariat.RETURN_SUFFIX)
            version = ws_round.last_sequence + 1
            target = target or inbox / f"{name}-v{version}{secretariat.RETURN_SUFFIX}"
            workspace.export_return(session, DEPARTMENT, ws_round, target, encrypt=encrypt)
            return target

    def copy(self, root: Path) -> Cycle:
        """The same cycle in ``root`` (a copy of every folder), to change without a trace."""
        shutil.copytree(self.root, root)

        def moved(paths: dict[str, Path]) -> dict[str, Path]:
            return {code: root / path.relative_to(self.root) for code, path in paths.items()}

        return Cycle(root, self.name, moved(self.packages), moved(self.laptops))

    def import_(self, path: Path) -> secretariat.ImportOutcome:
        with session_of(self.secretariat_dir) as session:
            return secretariat.import_return(session, SECRETARIAT, path)


def start_round(
    demo_dir: Path,
    root: Path,
    *,
    name: str = "Frühjahr 2026",
    departments: tuple[str, ...] = ("SK", "SMWK", "SMWA"),
    deadline: dt.date = dt.date(2099, 6, 30),
    open_packages: bool = True,
) -> Cycle:
    """Copy the demo register as the secretariat's, create and issue a round, and open each
    department's package on its laptop."""
    folder = root / "secretariat"
    if not folder.exists():
        folder.mkdir(parents=True)
        shutil.copy2(demo_dir / "register.imag.sqlite", folder / "register.imag.sqlite")
        if (demo_dir / "config" / "keys").is_dir():  # the demo's keys go with its register
            shutil.copytree(demo_dir / "config" / "keys", folder / "config" / "keys")
    with session_of(folder) as session:
        secretariat.create_round(
            session,
            SECRETARIAT,
            secretariat.RoundInput(name=name, deadline=deadline, departments=departments),
        )
        issued = secretariat.issue(session, SECRETARIAT, name, root / "outbox")
    cycle = Cycle(root, name, {item.department: item.path for item in issued})
    if open_packages:
        for code, package in cycle.packages.items():
            laptop = root / f"laptop-{code}"
            with session_of(laptop) as session:
                workspace.open_package(session, DEPARTMENT, package)
            cycle.laptops[code] = laptop
    return cycle


# -- making packages by hand ------------------------------------------------------------------


@dataclass(frozen=True)
class RoundKeys:
    """What it takes to make a return of a round by hand: the round's secret (from the
    secretariat's key file) and each department's signing key (from its laptop's key file)."""

    secret: bytes
    laptops: dict[str, Path]

    def signer(self, department: str) -> bytes:
        with session_of(self.laptops[department]) as session:
            return keys.department_key(session, department)

    def authenticate(self, manifest: dict[str, Any], department: str) -> dict[str, Any]:
        """``manifest`` signed as ``department`` (its key's public half as ``signer_key``),
        with what :func:`app.exchange.container.package_bytes` needs to write it."""
        if manifest.get("authentication", container.SIGNED) != container.SIGNED:
            return {
                "authenticate": container.mac(keys.return_key(self.secret, department)),
                "authentication": container.MACED,
            }
        private = self.signer(department)
        manifest["signer_key"] = container.b64(keys.public_of(private))
        return {"authenticate": container.signer(private), "authentication": container.SIGNED}


def round_secret(cycle: Cycle) -> RoundKeys:
    with session_of(cycle.secretariat_dir) as session:
        secret = keys.round_secret(session, secretariat.find_round(session, cycle.name))
    return RoundKeys(secret, cycle.laptops)


def read_return(path: Path, secret: RoundKeys | bytes) -> tuple[dict[str, Any], Any]:
    """The manifest (as written) and the decrypted content of the return at ``path``."""
    package = container.read(path)
    raw = secret.secret if isinstance(secret, RoundKeys) else secret
    return dict(package.manifest), package.content(keys.encryption_private_key(raw))


def repack(
    path: Path,
    secret: RoundKeys,
    *,
    manifest: dict[str, Any] | None = None,
    content: Any = None,
    department: str | None = None,
    encrypt: bool = False,
    target: Path | None = None,
) -> Path:
    """Write the return at ``path`` again with another manifest and/or content, authenticated
    with the right key (that of ``department``, by default the manifest's), so that the checks
    behind the signature are reached."""
    old_manifest, old_content = read_return(path, secret)
    new_manifest = manifest if manifest is not None else old_manifest
    new_manifest = {key: value for key, value in new_manifest.items() if key != "payload"}
    signed = secret.authenticate(new_manifest, department or str(new_manifest["department"]))
    data = container.package_bytes(
        new_manifest,
        old_content if content is None else content,
        recipient=keys.encryption_public_key(secret.secret) if encrypt else None,
        format_version=int(old_manifest["format_version"]),
        **signed,
    )
    target = target or path.with_name(path.name + ".repacked")
    target.write_bytes(data)
    return target


def authenticator(manifest: dict[str, Any], key: bytes) -> Any:
    if manifest.get("authentication") == container.SIGNED:
        return container.signer(key)
    return container.mac(key)


def zip_of(members: list[tuple[str, bytes]], *, method: int = zipfile.ZIP_STORED) -> bytes:
    """A zip archive holding exactly ``members`` (names as given, duplicates allowed), with the
    headers the program writes."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names
        with zipfile.ZipFile(buffer, "w", method) as archive:
            for name, data in members:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = method
                # as the program writes them, so that three members in order make a package
                info.create_system = 3
                info.create_version = info.extract_version = 20
                info.external_attr = 0o644 << 16
                archive.writestr(info, data)
    return buffer.getvalue()


def members_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    """A manifest as the program writes it (a lone surrogate becomes invalid UTF-8)."""
    text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
    return text.encode("utf-8", "surrogatepass")


def raw_return(
    manifest: dict[str, Any],
    payload: bytes,
    key: bytes,
    *,
    manifest_data: bytes | None = None,
    method: int = zipfile.ZIP_STORED,
) -> bytes:
    """A return package with exactly these ``payload`` bytes (any JSON, or none), described in
    ``manifest`` and signed (Ed25519, as the manifest says) or MACed with ``key``: the checks
    behind the signature see what they are given."""
    full = dict(manifest)
    full["payload"] = {
        "name": container.PLAIN_PAYLOAD,
        "size": len(payload),
        "sha256": hashlib.sha256(payload).hexdigest(),
        "encryption": None,
    }
    data = manifest_data if manifest_data is not None else manifest_bytes(full)
    return zip_of(
        [
            (container.MANIFEST, data),
            (container.SIGNATURE, authenticator(full, key)(data)),
            (container.PLAIN_PAYLOAD, payload),
        ],
        method=method,
    )


def signed_again(
    package: Path, target: Path, key: bytes, *, register: str | None = None, **extra: Any
) -> Path:
    """The round package at ``package`` signed with another Ed25519 ``key`` (as someone who
    found it could), optionally claiming another register."""
    read = container.read(package)
    manifest = {name: value for name, value in read.manifest.items() if name != "payload"}
    content = read.content()
    if register is not None:
        manifest["register_uid"] = register
        content["issuer"]["register_uid"] = register
    manifest["signer_key"] = container.b64(container.public_signing_key(key))
    manifest.update(extra)
    target.write_bytes(
        container.package_bytes(
            manifest,
            content,
            authenticate=container.signer(key),
            authentication=container.SIGNED,
            format_version=int(read.manifest["format_version"]),
        )
    )
    return target
