"""A temporary PostgreSQL cluster for the tests and the benchmark, from the distribution's binaries.

:class:`TemporaryCluster` runs ``initdb`` and ``pg_ctl`` from ``/usr/lib/postgresql/*/bin`` (or
``PG_BINDIR``, or ``pg_config --bindir``) into a temporary folder; the server listens on a Unix
socket in that folder only (no TCP port), trusts local connections and has a superuser
``imag_admin``. PostgreSQL refuses to run as root: as root the server runs as ``nobody`` (the
folder is handed to it). :func:`find_bindir` returns ``None`` when PostgreSQL is not installed;
the tests then skip, except under ``CI=true``, where that is a failure.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from app.paths import AppPaths

SUPERUSER = "imag_admin"


def find_bindir() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``, newest version first; ``None`` if none."""
    candidates = [os.environ.get("PG_BINDIR", "")]
    candidates += sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True
    )
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            candidates.append(
                subprocess.run(
                    [pg_config, "--bindir"], capture_output=True, text=True, check=True
                ).stdout.strip()
            )
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").is_file():
            return Path(candidate)
    return None


class TemporaryCluster:
    """A running PostgreSQL server in a temporary folder; :meth:`stop` removes it again."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="imag-pg-"))
        self.datadir = self.root / "data"
        self._as_root = os.geteuid() == 0 if hasattr(os, "geteuid") else False
        self._databases = 0

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self._as_root:
            command = ["runuser", "-u", "nobody", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {result.stdout}\n{result.stderr}")

    def start(self) -> TemporaryCluster:
        os.chmod(self.root, 0o755)
        if self._as_root:
            os.chown(self.root, 65534, 65534)
        self._run(
            "initdb",
            "-D",
            str(self.datadir),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        options = (
            f"-k {self.root} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=60"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.datadir),
            "-o",
            options,
            "-w",
            "-s",
            "-l",
            str(self.root / "log"),
            "start",
        )
        return self

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError):
            self._run("pg_ctl", "-D", str(self.datadir), "-m", "immediate", "-w", "-s", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        """A ``postgresql://`` URL for ``database`` over the cluster's socket."""
        return f"postgresql://{user}@/{database}?host={quote(str(self.root), safe='')}"

    def admin_sql(self, statement: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(
            host=str(self.root), dbname=database, user=SUPERUSER, autocommit=True
        ) as connection:
            connection.execute(statement.encode())

    def new_database(self) -> str:
        """An empty new database's URL."""
        self._databases += 1
        name = f"register{self._databases}"
        self.admin_sql(f"CREATE DATABASE {name}")
        return self.url(name)


def cluster_or_skip() -> TemporaryCluster:
    """A started cluster; without PostgreSQL the test is skipped, except under ``CI=true``
    where a missing PostgreSQL is a failure (CI installs it: ``.ci/run``)."""
    import pytest

    bindir = find_bindir()
    if bindir is None:
        message = "PostgreSQL is not installed (initdb not found; set PG_BINDIR)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + ": CI must test the shared register", pytrace=False)
        pytest.skip(message)
    return TemporaryCluster(bindir).start()


def new_register(paths: AppPaths) -> None:
    """Create the register ``paths`` points at: a file, or one in an empty database."""
    from app.models import RegisterKind
    from app.storage.register import create_register_on_server, open_register

    if paths.server_url is None:
        open_register(paths).close()
    else:
        create_register_on_server(paths.server_url, kind=RegisterKind.REAL, actor="system")
