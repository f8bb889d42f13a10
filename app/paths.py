"""The one module that knows where the application keeps its files.

Every other module asks :func:`current` (or receives a :class:`AppPaths`) instead of building
paths itself. The locations are, in this order of precedence:

1. an explicit data folder (``--data-dir DIR`` on the command line, or ``IMAG_DATA_DIR``):
   everything, including settings, backups and logs, lives below that folder;
2. portable mode (a file named ``portable.ini`` next to the program, or ``IMAG_PORTABLE=1``):
   everything lives in a ``data`` folder next to the program;
3. the user's profile, following the platform's conventions (``%LOCALAPPDATA%`` on Windows,
   ``~/Library/Application Support`` on macOS, the XDG folders elsewhere).

The register itself is the file ``register.imag.sqlite`` in the data folder, unless
``--database`` (or ``IMAG_DATABASE``) names another file or a register on a PostgreSQL server
(``postgresql://user@host/database?sslmode=verify-full``); the data folder then still keeps the
settings, backups and logs.

Nothing here creates folders on import; :meth:`AppPaths.ensure` does that when a caller is about
to write.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path

APP_DIR_NAME = "IMAG-Register"
REGISTER_FILE_NAME = "register.imag.sqlite"
PORTABLE_MARKER = "portable.ini"
SERVER_SCHEMES = ("postgresql:", "postgres:", "postgresql+psycopg:")


def is_server_url(database: str) -> bool:
    """Whether ``--database`` names a register on a PostgreSQL server (else it is a file)."""
    return database.lower().startswith(SERVER_SCHEMES)


@dataclass(frozen=True)
class AppPaths:
    """Where the register, its backups, the logs and the settings are kept."""

    data_dir: Path
    config_dir: Path
    explicit: bool = False
    portable: bool = False
    database: str | None = None
    """``--database``: a register file elsewhere, or a server URL (see :attr:`server_url`)."""

    @property
    def server_url(self) -> str | None:
        """The URL of the register on a server, or ``None`` for a register file."""
        return self.database if self.database and is_server_url(self.database) else None

    @property
    def register_file(self) -> Path:
        if self.database and not is_server_url(self.database):
            return Path(self.database)
        return self.data_dir / REGISTER_FILE_NAME

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def logs_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def profile_file(self) -> Path:
        return self.config_dir / "profile.json"

    @property
    def keys_dir(self) -> Path:
        """The register's secret keys (never beside the register: see :mod:`app.keystore`)."""
        return self.config_dir / "keys"

    @property
    def lock_file(self) -> Path:
        return self.register_file.with_name(self.register_file.name + ".lock")

    def ensure(self) -> None:
        """Create the folders that writing needs. Raises ``OSError`` if that is not possible."""
        for folder in (self.data_dir, self.backups_dir, self.logs_dir, self.config_dir):
            folder.mkdir(parents=True, exist_ok=True)


def program_dir() -> Path:
    """The folder that holds the program: the bundle in a frozen build, else the source tree."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def _platform_dirs() -> tuple[Path, Path]:
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / APP_DIR_NAME
        return base, base / "config"
    if sys.platform == "darwin":
        base = home / "Library" / "Application Support" / APP_DIR_NAME
        return base, base / "config"
    data = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    return data / APP_DIR_NAME, config / APP_DIR_NAME


def cache_dir() -> Path:
    """Where the program keeps what it can make again (the compiled message catalogs): the
    platform's cache folder, not the data folder (nothing of the register's)."""
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / APP_DIR_NAME
        return base / "cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / APP_DIR_NAME
    return Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / APP_DIR_NAME


def resolve(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    portable: bool | None = None,
    database: str | None = None,
) -> AppPaths:
    """Work out the paths from the command line, the environment and the platform."""
    found = _folders(data_dir, portable)
    return with_database(found, database or os.environ.get("IMAG_DATABASE") or None)


def with_database(paths: AppPaths, database: str | None) -> AppPaths:
    """``paths`` with the register ``database`` (a file, made absolute, or a server URL)."""
    if not database:
        return paths
    if not is_server_url(database):
        database = str(Path(database).expanduser().resolve())
    return replace(paths, database=database)


def _folders(data_dir: str | os.PathLike[str] | None, portable: bool | None) -> AppPaths:
    explicit = data_dir if data_dir is not None else os.environ.get("IMAG_DATA_DIR") or None
    if explicit is not None:
        root = Path(explicit).expanduser().resolve()
        return AppPaths(data_dir=root, config_dir=root / "config", explicit=True)
    if portable is None:
        portable = (
            os.environ.get("IMAG_PORTABLE", "") == "1"
            or (program_dir() / PORTABLE_MARKER).is_file()
        )
    if portable:
        root = program_dir() / "data"
        return AppPaths(data_dir=root, config_dir=root / "config", portable=True)
    data, config = _platform_dirs()
    return AppPaths(data_dir=data, config_dir=config)


def demo_paths(base: AppPaths) -> AppPaths:
    """Where ``imag demo`` puts its register when no data folder is given: beside the real one."""
    root = base.data_dir.parent / (base.data_dir.name + "-Demo")
    return AppPaths(data_dir=root, config_dir=base.config_dir, explicit=True)
