"""The layers of ``app/``, read from the source with ``ast`` (nothing is imported): Qt only in
the window (``app/ui/``), no database queries there, the core never imports the window (the
command line starting it aside), no import cycles, no private names taken from another module,
and modules and functions a reader can take in. Every failure lists each place as path:line."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from tests.support.project import ROOT

APP = ROOT / "app"
UI = "app.ui"
# ``imag`` (or ``imag gui``) opens the window through this module; the command line may import it
GUI_ENTRY = "app.ui.main"
COMMAND_LINE = "app.cli"
QT_PACKAGES = ("PySide6", "shiboken6")
# the type of the session the window's worker hands to the core; the window uses it in annotations
SESSION_TYPE = "Session"
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80


@dataclass(frozen=True)
class Import:
    """One ``import`` statement's view of one name: the module it loads (absolute, relative
    imports resolved), and the name taken from it (``None`` for ``import x``)."""

    source: str  # the importing module
    line: int
    module: str
    name: str | None
    bound: str  # the name the import binds in the importing module
    type_checking: bool

    @property
    def place(self) -> str:
        return f"{relative(modules()[self.source])}:{self.line}"

    def target(self) -> str | None:
        """The module of ``app`` this import depends on, if any: ``from app.x import y`` is
        ``app.x.y`` when that is a module, else ``app.x``."""
        known = modules()
        if self.name is not None and f"{self.module}.{self.name}" in known:
            return f"{self.module}.{self.name}"
        parts = self.module.split(".")
        while parts:
            if ".".join(parts) in known:
                return ".".join(parts)
            parts.pop()
        return None


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@cache
def modules() -> dict[str, Path]:
    """Every module of ``app`` by its dotted name (a package by its ``__init__``); the scripts
    in ``app/migrations/versions`` are loaded by alembic from their files, not imported."""
    found = {}
    for path in sorted(APP.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[:3] == ("app", "migrations", "versions"):
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


@cache
def tree(name: str) -> ast.Module:
    path = modules()[name]
    return ast.parse(path.read_text("utf-8"), str(path))


def inside(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _type_checking_lines(module: ast.Module) -> set[int]:
    """The lines of the bodies of ``if TYPE_CHECKING:`` blocks."""
    lines: set[int] = set()
    for node in ast.walk(module):
        if isinstance(node, ast.If) and (
            (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
            or (isinstance(node.test, ast.Attribute) and node.test.attr == "TYPE_CHECKING")
        ):
            for statement in node.body:
                lines.update(range(statement.lineno, (statement.end_lineno or 0) + 1))
    return lines


def _base(name: str, level: int) -> str:
    """The package a relative import of ``level`` dots in module ``name`` starts from."""
    package = name if modules()[name].name == "__init__.py" else name.rpartition(".")[0]
    for _ in range(level - 1):
        package = package.rpartition(".")[0]
    return package


@cache
def imports(name: str) -> tuple[Import, ...]:
    """Every import in module ``name``, at any depth (inside functions too)."""
    module = tree(name)
    checking = _type_checking_lines(module)
    found: list[Import] = []
    for node in ast.walk(module):
        if isinstance(node, ast.Import):
            found.extend(
                Import(
                    name, node.lineno, alias.name, None,
                    alias.asname or alias.name.partition(".")[0], node.lineno in checking,
                )
                for alias in node.names
            )  # fmt: skip
        elif isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:
                base = _base(name, node.level)
                source = f"{base}.{source}" if source else base
            found.extend(
                Import(
                    name, node.lineno, source, alias.name, alias.asname or alias.name,
                    node.lineno in checking,
                )
                for alias in node.names
            )  # fmt: skip
    return tuple(sorted(found, key=lambda found_import: found_import.line))


def all_imports() -> Iterator[Import]:
    for name in modules():
        yield from imports(name)


def check(title: str, offenders: list[str]) -> None:
    """Fail listing every offender once, in the order found."""
    unique = list(dict.fromkeys(offenders))
    if unique:
        pytest.fail(f"{title} ({len(unique)}):\n  " + "\n  ".join(unique), pytrace=False)


# -- Qt and the window ------------------------------------------------------------------------


def test_qt_is_imported_only_under_app_ui() -> None:
    offenders = [
        f"{found.place}: imports {found.module}"
        for found in all_imports()
        if not inside(found.source, UI)
        and any(inside(found.module, package) for package in QT_PACKAGES)
    ]
    check("Qt imported outside app/ui", offenders)


def test_the_core_never_imports_the_window() -> None:
    """Only the command line may import the window's entry point (to open the window)."""
    offenders = [
        f"{found.place}: imports {found.target()}"
        for found in all_imports()
        if not inside(found.source, UI)
        and (target := found.target()) is not None
        and inside(target, UI)
        and not (target == GUI_ENTRY and inside(found.source, COMMAND_LINE))
    ]
    check("the core imports app.ui", offenders)


def _session_names(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> set[str]:
    """The parameters of ``function`` annotated as a session, or called ``session``."""
    arguments = function.args
    every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    return {
        argument.arg
        for argument in every
        if argument.arg == "session"
        or (argument.annotation is not None and SESSION_TYPE in ast.unparse(argument.annotation))
    }


def _session_uses(module: ast.Module) -> Iterator[tuple[int, str]]:
    """Each use of a session beyond handing it on: ``session.execute(...)``, ``session.add``,
    ``session.query`` ... on a parameter annotated as a session or called ``session`` (of a
    function or a lambda), or the target of ``with ... .session() as name``."""
    for node in ast.walk(module):
        names: set[str] = set()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            names = _session_names(node)
        elif isinstance(node, ast.With):
            names = {
                item.optional_vars.id
                for item in node.items
                if isinstance(item.optional_vars, ast.Name)
                and isinstance(item.context_expr, ast.Call)
                and isinstance(item.context_expr.func, ast.Attribute)
                and item.context_expr.func.attr == "session"
            }
        for inner in ast.walk(node) if names else ():
            if (
                isinstance(inner, ast.Attribute)
                and isinstance(inner.value, ast.Name)
                and inner.value.id in names
            ):
                yield inner.lineno, f"{inner.value.id}.{inner.attr}"


def test_the_window_runs_no_queries() -> None:
    """The window changes and reads data only through the core's functions: it imports nothing
    from SQLAlchemy but the session's type (for annotations: its worker hands a session to the
    core), and uses no session itself (``session.execute``, ``.scalars``, ``.add``, ...)."""
    offenders = [
        f"{found.place}: imports {found.module}"
        + (f".{found.name}" if found.name is not None else "")
        for found in all_imports()
        if inside(found.source, UI)
        and inside(found.module, "sqlalchemy")
        and not (found.module == "sqlalchemy.orm" and found.name == SESSION_TYPE)
    ]
    offenders += [
        f"{relative(path)}:{line}: uses {use}"
        for name, path in modules().items()
        if inside(name, UI)
        for line, use in sorted(set(_session_uses(tree(name))))
    ]
    check("database access in app/ui", offenders)


# -- the import graph -------------------------------------------------------------------------


def graph() -> dict[str, dict[str, list[Import]]]:
    """module → the modules of ``app`` it imports → the imports that do (a module's imports of
    itself, as ``from app.x import y`` in ``app.x`` for a name, are not edges)."""
    edges: dict[str, dict[str, list[Import]]] = {name: {} for name in modules()}
    for found in all_imports():
        target = found.target()
        if target is not None and target != found.source:
            edges[found.source].setdefault(target, []).append(found)
    return edges


def components(edges: dict[str, dict[str, list[Import]]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root, children_of_root in edges.items():
        if root in index:
            continue
        work = [(root, iter(sorted(children_of_root)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return sorted(found)


def shortest_cycle(edges: dict[str, dict[str, list[Import]]], start: str) -> list[str]:
    """The shortest way from ``start`` back to itself."""
    previous: dict[str, str] = {}
    queue = [start]
    for node in queue:
        for child in sorted(edges[node]):
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [*reversed(path), start]
            if child not in previous:
                previous[child] = node
                queue.append(child)
    return []


def test_no_import_cycles() -> None:
    """No module of ``app`` imports, directly or through others, a module that imports it: not
    at the top, not inside a function, not for type annotations. Each cycle is listed as one
    shortest loop and every import between its modules."""
    edges = graph()
    offenders = []
    for component in components(edges):
        members = set(component)
        offenders.append("cycle: " + " -> ".join(shortest_cycle(edges, component[0])))
        offenders += [
            f"    {found.place}: {source} imports {target}"
            + (" (for type checking)" if found.type_checking else "")
            for source in component
            for target, found_imports in sorted(edges[source].items())
            if target in members
            for found in found_imports
        ]
    check("import cycles in app/", offenders)


def test_no_private_names_are_taken_from_another_module() -> None:
    """A name starting with ``_`` is its module's own: no ``from app.x import _y``, and no
    ``x._y`` on a module of ``app`` imported as ``x``."""
    known = modules()
    offenders = [
        f"{found.place}: takes {found.name} from {found.module}"
        for found in all_imports()
        if found.name is not None
        and _private(found.name)
        and found.module in known
        and found.module != found.source
    ]
    for name in known:
        bound = {
            found.bound: target
            for found in imports(name)
            if (target := _bound_module(found)) is not None and target != name
        }
        offenders += [
            f"{relative(known[name])}:{node.lineno}: takes {node.attr} from {bound[node.value.id]}"
            for node in ast.walk(tree(name))
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in bound
            and _private(node.attr)
        ]
    check("private names taken from other modules", offenders)


def _bound_module(found: Import) -> str | None:
    """The module of ``app`` that ``found`` binds to a name (``import app.x as x``,
    ``from app import x``), if it binds one (``import app.x.y`` binds ``app``, not the module)."""
    loaded = found.module if found.name is None else f"{found.module}.{found.name}"
    if found.name is None and found.bound != loaded and found.bound == loaded.partition(".")[0]:
        return None
    return loaded if loaded in modules() else None


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


# -- sizes ------------------------------------------------------------------------------------


def test_no_module_is_longer_than_500_lines() -> None:
    offenders = [
        f"{relative(path)}:1: {lines} lines"
        for name, path in modules().items()
        if not inside(name, "app.migrations")
        and (lines := len(path.read_text("utf-8").splitlines())) > MAX_MODULE_LINES
    ]
    check(f"modules over {MAX_MODULE_LINES} lines", offenders)


def _functions(
    node: ast.AST, in_class: bool = False
) -> Iterator[tuple[ast.FunctionDef | ast.AsyncFunctionDef, bool]]:
    """Every function at any depth, and whether it is a method (defined right in a class)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            yield child, in_class
        yield from _functions(child, isinstance(child, ast.ClassDef))


def test_no_function_is_longer_than_80_lines() -> None:
    """Decorators aside, from ``def`` to its last line. A Qt ``__init__`` (a method of a class in
    ``app/ui``) may be longer: it lays out the widgets."""
    offenders = []
    for name, path in modules().items():
        if inside(name, "app.migrations"):
            continue
        for function, method in _functions(tree(name)):
            if method and function.name == "__init__" and inside(name, UI):
                continue
            lines = (function.end_lineno or function.lineno) - function.lineno + 1
            if lines > MAX_FUNCTION_LINES:
                offenders.append(f"{relative(path)}:{function.lineno}: {function.name}, {lines}")
    check(f"functions over {MAX_FUNCTION_LINES} lines", offenders)
