"""The local user profile: name, role, department, interface language and the register to open
(a file, or a shared register's server address, when no ``--database`` or ``IMAG_DATABASE`` is
given) — a small JSON file."""

from __future__ import annotations

import contextlib
import getpass
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

ROLES = ("secretariat", "department", "liaison_office")


@dataclass
class Profile:
    name: str = ""
    role: str = "secretariat"
    department: str | None = None
    language: str | None = None
    database: str | None = None

    @property
    def complete(self) -> bool:
        return bool(self.name.strip())

    def answers_for(self) -> str | None:
        """The department whose round packages this profile may open; ``None``: any (the
        secretariat, or a profile without a department)."""
        return None if self.role == "secretariat" else self.department

    def actor(self) -> str:
        """The name the audit trail records for changes made by this user."""
        if self.name.strip():
            return self.name.strip()
        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return "unknown"


def load(path: Path) -> Profile:
    """The profile at ``path``; an empty one if it does not exist or cannot be read."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Profile()
    if not isinstance(data, dict):
        return Profile()
    profile = Profile()
    for key in ("name", "role", "department", "language", "database"):
        value = data.get(key)
        if isinstance(value, str) or (value is None and key not in {"name", "role"}):
            setattr(profile, key, value)
    if profile.role not in ROLES:
        profile.role = "secretariat"
    return profile


def save(path: Path, profile: Profile) -> None:
    """Write the profile atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(
            json.dumps(asdict(profile), ensure_ascii=False, indent=1), encoding="utf-8"
        )
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
