"""A register on the session's PostgreSQL server with one login per role of
:mod:`app.storage.roles`: ``imag_sek`` (secretariat), ``imag_ressort`` (department),
``imag_vb`` (liaison office)."""

from __future__ import annotations

from pathlib import Path

from app.paths import AppPaths, resolve
from tests.support.postgres import TemporaryCluster, new_register

LOGINS = {"secretariat": "imag_sek", "department": "imag_ressort", "liaison": "imag_vb"}


def as_login(url: str, login: str) -> str:
    """The register's URL (made by :class:`TemporaryCluster`) for another login."""
    return url.replace("imag_admin@", f"{login}@", 1)


def register_with_roles(postgres: TemporaryCluster, folder: Path) -> dict[str, AppPaths]:
    """A new register with the roles granted; per role (and ``admin``, the owner), the paths
    of a data folder under ``folder`` that opens it as that role's login."""
    from sqlalchemy.orm import Session

    from app.storage import roles
    from app.storage.server import server_engine

    url = postgres.new_database()
    admin = resolve(folder / "admin", database=url)
    new_register(admin)
    for login in LOGINS.values():
        postgres.admin_sql(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{login}') "
            f"THEN CREATE ROLE {login} LOGIN; END IF; END $$"
        )
    engine = server_engine(url)
    try:
        with Session(engine) as session, session.begin():
            roles.grant(session.connection())
            for role, login in LOGINS.items():
                roles.grant(session.connection(), role, login)
    finally:
        engine.dispose()
    found = {"admin": admin}
    for role, login in LOGINS.items():
        found[role] = resolve(folder / role, database=as_login(url, login))
    return found
