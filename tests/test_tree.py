"""The test tree, read with ``ast``: every folder is a package, and no module imports a test
module or ``conftest.py`` (builders and helpers are in ``tests/support/``, fixtures in the
``conftest.py`` files, which pytest finds by itself)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.support.project import ROOT

TESTS = ROOT / "tests"


def folders() -> list[Path]:
    return sorted(
        path for path in [TESTS, *TESTS.rglob("*")] if path.is_dir() and any(path.glob("*.py"))
    )


def imported(path: Path) -> list[tuple[int, str]]:
    """The modules ``path`` imports from the test tree, with their lines."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module is not None and node.level == 0:
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return [(line, name) for line, name in found if name.split(".")[0] == "tests"]


def test_every_folder_of_tests_is_a_package() -> None:
    missing = [
        folder.relative_to(ROOT).as_posix()
        for folder in folders()
        if not (folder / "__init__.py").is_file()
    ]
    assert missing == []


def test_no_module_imports_a_test_module_or_a_conftest() -> None:
    offenders = [
        f"{path.relative_to(ROOT).as_posix()}:{line}: {name}"
        for path in sorted(TESTS.rglob("*.py"))
        for line, name in imported(path)
        if any(part.startswith("test_") or part == "conftest" for part in name.split(".")[1:])
    ]
    assert offenders == [], "\n".join(offenders)
