"""``imag selftest``: passes on a working installation, in every language, without a network;
fails, with a translated line, when a check finds something wrong."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app import selftest
from tests.support.project import ROOT, run_imag

# Runs ``imag`` with every use of the socket layer refused and remembered (an audit hook sees
# socket creation, connect, bind, name look-ups and sends, however low in the stack they start).
# The exit code is 99 if anything tried, even if the program caught the error.
GUARD = """
import sys

attempts = []


def guard(event, args):
    if event.startswith("socket.") and event != "socket.gethostname":
        attempts.append(event)
        raise PermissionError(f"network access attempted: {event}")


sys.addaudithook(guard)
"""
VERDICT = """
if attempts:
    print("NETWORK ACCESS ATTEMPTED:", sorted(set(attempts)), file=sys.stderr)
    code = 99
raise SystemExit(code)
"""
RUN_IMAG = "from app.cli.main import main\ncode = main(sys.argv[1:])\n"


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def without_network(body: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``body`` (which sets ``code``) in a new interpreter under the guard."""
    return run([sys.executable, "-c", GUARD + body + VERDICT, *args])


def test_selftest_passes(cli) -> None:
    result = cli("selftest")
    assert result.code == 0, result.out + result.err
    lines = result.out.splitlines()
    assert len(lines) == 8
    assert all(line.startswith("[ok] ") for line in lines[:-1])
    # German is the default; each report says what it found in its own language's words.
    assert lines[4] == (
        "[ok] Polnisch: Bericht geschrieben und zurückgelesen, 1 Seite, Schriften eingebettet, "
        "„Karta działania“."
    )
    assert "„List opatření“" in lines[5]
    assert (
        lines[6]
        == "[ok] Listen werden nach dem deutschen, polnischen und tschechischen Alphabet sortiert."
    )
    assert lines[-1] == "Selbsttest bestanden: 7 Prüfungen."


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("pl", "Autotest zakończony pomyślnie: 7 kontroli."),
        ("cs", "Autotest proběhl úspěšně: 7 kontrol."),
        ("de", "Selbsttest bestanden: 7 Prüfungen."),
    ],
)
def test_selftest_speaks_the_users_language(cli, lang: str, expected: str) -> None:
    result = cli("--lang", lang, "selftest")
    assert result.code == 0
    assert result.out.splitlines()[-1] == expected


def test_selftest_fails_when_a_check_fails(cli, monkeypatch) -> None:
    real = selftest.read_pdf

    def without_text(path: Path) -> selftest.PdfFacts:
        facts = real(path)
        return selftest.PdfFacts(facts.pages, facts.language, facts.unembedded_fonts, "")

    monkeypatch.setattr(selftest, "read_pdf", without_text)
    result = cli("--lang", "pl", "selftest")
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[-2].startswith("[BŁĄD] Kontrola nie powiodła się: fact-sheet-de.pdf lacks")
    assert lines[-1] == "Autotest zakończony niepowodzeniem."


def test_selftest_touches_no_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = run_imag("--data-dir", data, "selftest")
    assert result.code == 0, result.err
    assert not data.exists()


def test_selftest_passes_without_network() -> None:
    result = without_network(RUN_IMAG, "selftest")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "NETWORK" not in result.stderr


def test_the_network_guard_catches_a_socket() -> None:
    """The guard is no placebo: a program that opens a socket fails, even one that catches it."""
    body = textwrap.dedent(
        """
        import socket
        try:
            socket.create_connection(("192.0.2.1", 80), timeout=1)
        except OSError:
            pass
        code = 0
        """
    )
    result = without_network(body)
    assert result.returncode == 99
    assert "socket.getaddrinfo" in result.stderr or "socket.__new__" in result.stderr


def network_namespace() -> list[str] | None:
    """``unshare -rn`` (a new user and network namespace) where the machine allows it."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    probe = subprocess.run([unshare, "-rn", "true"], capture_output=True, check=False)
    return [unshare, "-rn"] if probe.returncode == 0 else None


def test_selftest_passes_in_a_network_namespace() -> None:
    prefix = network_namespace()
    if prefix is None:
        pytest.skip("unshare -rn is not permitted here; the socket guard test covers this")
    result = run([*prefix, sys.executable, "-m", "app", "selftest"])
    assert result.returncode == 0, result.stdout + result.stderr
