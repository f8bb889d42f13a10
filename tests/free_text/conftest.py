"""A fresh register on a file and on a PostgreSQL server, for the free texts' core tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.paths import resolve
from app.storage.register import open_register
from tests.support.postgres import new_register


@pytest.fixture
def fresh(data_dir: Path, register_url: str):
    paths = resolve(data_dir, database=register_url)
    new_register(paths)
    with open_register(paths) as reg:
        yield reg
