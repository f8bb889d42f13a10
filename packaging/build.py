"""Build the program as one folder with PyInstaller (run from anywhere; it works in the checkout):

    python packaging/build.py --lang de|pl|cs [--portable]

It installs the ``[build]`` extra when PyInstaller is missing, checks and compiles the
translations (the ``.mo`` files are built here, never committed), writes the build's default
language into the bundle, and builds ``dist/imag-<lang>[-portable]/``: the program ``imag``
(on Windows ``imag.exe`` for the window and ``imag-cli.exe`` for the command line) beside an
``_internal`` folder. The portable variant has a ``portable.ini`` beside the program, so that it
keeps its data in ``data/`` there. The last line printed is the path of the built program.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("de", "pl", "cs")
PORTABLE_NOTE = (
    "; The IMAG register keeps its register, backups, logs and settings in the folder 'data'\n"
    "; beside this file (portable mode). Delete this file to use the user's profile instead.\n"
)


def say(text: str) -> None:
    print(f"build: {text}", flush=True)


def build_requirements() -> list[str]:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        project = tomllib.load(fh)["project"]
    requirements: list[str] = project["optional-dependencies"]["build"]
    return requirements


def ensure_environment() -> None:
    """The program's own dependencies must be there (they are what gets bundled); PyInstaller
    is installed from the ``[build]`` extra when it is missing."""
    missing = [
        name
        for name in ("PySide6", "sqlalchemy", "alembic", "babel", "reportlab", "pikepdf")
        if importlib.util.find_spec(name) is None
    ]
    if missing:
        raise SystemExit(
            f"build: {', '.join(missing)} missing: run this with the project's environment, "
            "e.g. .venv/bin/python packaging/build.py (see README.md)"
        )
    if importlib.util.find_spec("PyInstaller") is not None:
        return
    requirements = build_requirements()
    say(f"installing {', '.join(requirements)}")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", *requirements], check=True)


def translation_tool() -> ModuleType:
    """``packaging/translations.py`` (``packaging`` is not an importable package)."""
    path = ROOT / "packaging" / "translations.py"
    spec = importlib.util.spec_from_file_location("imag_translations", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def program_path(folder: Path) -> Path:
    return folder / ("imag.exe" if sys.platform == "win32" else "imag")


def build(lang: str, *, portable: bool, dist: Path, work: Path) -> Path:
    name = f"imag-{lang}" + ("-portable" if portable else "")
    tool = translation_tool()
    if tool.cmd_check() != 0:
        raise SystemExit("build: the translations are incomplete; see above")
    tool.cmd_compile()

    stage = work / f"stage-{name}"
    shutil.rmtree(stage, ignore_errors=True)
    (stage / "resources").mkdir(parents=True)
    (stage / "resources" / "build-language.txt").write_text(lang + "\n", encoding="utf-8")

    say(f"running PyInstaller for {name}")
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(ROOT / "packaging" / "imag.spec"),
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work / name),
        "--",
        "--name",
        name,
        "--stage",
        str(stage),
    ]
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    subprocess.run(command, check=True, cwd=ROOT, env=environment)

    folder = dist / name
    if portable:
        (folder / "portable.ini").write_text(PORTABLE_NOTE, encoding="utf-8")
    return program_path(folder)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=LANGUAGES, required=True, help="the default language")
    parser.add_argument("--portable", action="store_true", help="keep the data beside the program")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the build goes")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller's folder")
    args = parser.parse_args(argv)
    started = time.monotonic()
    ensure_environment()
    dist, work = args.dist.resolve(), args.work.resolve()
    program = build(args.lang, portable=args.portable, dist=dist, work=work)
    size = folder_size(program.parent)
    say(f"built in {time.monotonic() - started:.0f} s; {size / 1e6:.1f} MB in {program.parent}")
    print(program)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
