"""What the connected user may do, found once when the register is opened: everything in a
file, nothing in a register opened read-only, and on a real server what its roles allow."""

from __future__ import annotations

from pathlib import Path

from app.paths import resolve
from app.storage.capabilities import EVERYTHING, NOTHING, Capabilities
from app.storage.register import open_register
from tests.support.postgres import TemporaryCluster
from tests.support.server_roles import register_with_roles


def test_a_file_allows_everything_and_read_only_nothing(fresh_register: Path) -> None:
    paths = resolve(fresh_register)
    with open_register(paths) as register:
        assert register.capabilities == EVERYTHING
        assert not register.capabilities.reads_only
    with open_register(paths, readonly=True) as register:
        assert register.capabilities == NOTHING
        assert register.capabilities.reads_only


def test_each_role_on_a_server(postgres: TemporaryCluster, tmp_path: Path) -> None:
    logins = register_with_roles(postgres, tmp_path)
    expected = {
        "admin": Capabilities(writes=True, translates=True, role=None),  # the owner
        "secretariat": Capabilities(writes=True, translates=True, role="imag_secretariat"),
        "department": Capabilities(writes=False, translates=False, role="imag_department"),
        "liaison": Capabilities(writes=False, translates=True, role="imag_liaison"),
    }
    for who, paths in logins.items():
        with open_register(paths) as register:
            assert register.capabilities == expected[who], who
    with open_register(logins["secretariat"], readonly=True) as register:
        assert register.capabilities == NOTHING
