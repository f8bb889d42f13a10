"""Build the package and test the built program, as CI does (run from the project root):

    python packaging/check_build.py [--lang pl] [--portable-lang cs]

It builds the one-folder program with ``packaging/build.py`` (once in one language, once portable
in another), then runs each built program headless: ``--version``; ``selftest`` (which must speak
the build's language), also in a network namespace where ``unshare -rn`` is allowed; in the
portable build a command that creates a register, which must land beside the program and nowhere
else. It checks what the bundle holds (compiled catalogs, Qt's translations of the three
languages only, fonts, catalogue, build language, no ``.po`` sources) and its size.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import __version__  # noqa: E402
from app.i18n import LANGUAGES, NP_, Message, translator  # noqa: E402

# aim: 190; cryptography (exchange packages) adds about 5 MiB, ICU (the collation of lists,
# pyicu-wheels) about 38 MiB: its data holds every language and comes prebuilt, uncut; the
# PostgreSQL client (psycopg-binary with its libpq and OpenSSL) about 12 MiB, and pikepdf (the
# reports' structure tree) with lxml and Pillow's libraries and the fallback font a few more;
# PDFium (pypdfium2, the report preview in the window) about 8.5 MiB
LIMIT_MIB = 225
"""The bundle may not grow past this, unpacked (it is about 215 MiB on Linux)."""


class BuildBroken(Exception):
    pass


def run(command: list[str], *, env: dict[str, str], check: bool = True) -> str:
    shown = " ".join(str(c) for c in command)
    print(f"$ {shown}", flush=True)
    result = subprocess.run(
        command, capture_output=True, text=True, encoding="utf-8", env=env, timeout=600, check=False
    )
    output = result.stdout + result.stderr
    print(output.rstrip(), flush=True)
    if check and result.returncode != 0:
        raise BuildBroken(f"{shown} exited with {result.returncode}")
    return result.stdout


def build(lang: str, *, portable: bool) -> Path:
    command = [sys.executable, str(ROOT / "packaging" / "build.py"), "--lang", lang]
    if portable:
        command.append("--portable")
    print(f"$ {' '.join(command)}", flush=True)
    result = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False, cwd=ROOT)
    print(result.stdout.rstrip(), flush=True)
    if result.returncode != 0:
        raise BuildBroken(f"the build for {lang} failed ({result.returncode})")
    program = Path(result.stdout.strip().splitlines()[-1])
    if not program.is_file() or not os.access(program, os.X_OK):
        raise BuildBroken(f"the last line of the build is not the program: {program}")
    return program


def network_namespace() -> list[str]:
    unshare = shutil.which("unshare")
    if unshare is None:
        return []
    probe = subprocess.run([unshare, "-rn", "true"], capture_output=True, check=False)
    return [unshare, "-rn"] if probe.returncode == 0 else []


def bundle_size(folder: Path) -> int:
    total = 0
    for directory, _folders, files in os.walk(folder):
        for name in files:
            path = Path(directory, name)
            if not path.is_symlink():
                total += path.stat().st_size
    return total


def check_contents(folder: Path, lang: str) -> None:
    internal = folder / "_internal"
    wanted = [
        internal / "resources" / "catalogue" / "sachsen-2025.json",
        internal / "resources" / "fonts" / "LiberationSans-Regular.ttf",
        internal / "app" / "migrations" / "env.py",
        internal / "app" / "exchange" / "exchange-format.schema.json",
        *(internal / "translations" / code / "LC_MESSAGES" / "imag.mo" for code in LANGUAGES),
    ]
    missing = [str(p.relative_to(folder)) for p in wanted if not p.is_file()]
    if missing:
        raise BuildBroken(f"missing from the bundle: {missing}")
    marker = (internal / "resources" / "build-language.txt").read_text(encoding="utf-8").strip()
    if marker != lang:
        raise BuildBroken(f"build-language.txt says {marker!r}, not {lang!r}")
    sources = sorted(str(p.relative_to(folder)) for p in internal.rglob("*.po"))
    if sources:
        raise BuildBroken(f"catalog sources in the bundle: {sources}")
    qt = sorted(p.name for p in internal.rglob("*.qm"))
    expected = sorted(f"qtbase_{code}.qm" for code in LANGUAGES)
    if qt != expected:
        raise BuildBroken(f"Qt translations in the bundle: {qt}, expected {expected}")


def check(program: Path, lang: str, *, portable: bool) -> int:
    folder = program.parent
    check_contents(folder, lang)
    with tempfile.TemporaryDirectory(prefix="imag-check-") as home:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": home,
            "LANG": "C.UTF-8",
            "TMPDIR": home,
        }
        version = run([str(program), "--version"], env=env).strip()
        if version != f"imag {__version__}":
            raise BuildBroken(f"--version printed {version!r}")
        passed = Message(*NP_("Self-test passed: {n} check.", "Self-test passed: {n} checks."), n=7)
        namespace = network_namespace()
        for prefix in [[], namespace] if namespace else [[]]:
            output = run([*prefix, str(program), "selftest"], env=env)
            if output.strip().splitlines()[-1] != translator(lang).render(passed):
                raise BuildBroken(f"the self-test did not pass in {lang}")
        if not namespace:
            print("(unshare -rn is not allowed here: no self-test in a network namespace)")
        if portable:
            data = folder / "data"
            shutil.rmtree(data, ignore_errors=True)
            run([str(program), "db", "create"], env=env)
            if not (data / "register.imag.sqlite").is_file():
                raise BuildBroken("the portable build did not keep its register beside it")
            if any(Path(home).rglob("*.sqlite")):
                raise BuildBroken("the portable build wrote a register into the profile")
            shutil.rmtree(data)
    size = bundle_size(folder)
    print(f"bundle size of {folder.name}: {size / 1e6:.1f} MB ({size / 2**20:.1f} MiB) unpacked")
    if size > LIMIT_MIB * 2**20:
        raise BuildBroken(f"the bundle is larger than {LIMIT_MIB} MiB")
    return size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=LANGUAGES, default="pl")
    parser.add_argument("--portable-lang", choices=LANGUAGES, default="cs")
    args = parser.parse_args(argv)
    try:
        for lang, portable in ((args.lang, False), (args.portable_lang, True)):
            program = build(lang, portable=portable)
            check(program, lang, portable=portable)
    except BuildBroken as error:
        print(f"build check FAILED: {error}", file=sys.stderr)
        return 1
    print("build check passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
