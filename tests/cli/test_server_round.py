"""A measure round with the secretariat's register on a real PostgreSQL server: the demo
register copied onto the server, issued to three departments (their laptops keep files),
answered, imported and closed there; copied back into a file with the same content; a closed
round's report the same, byte for byte, from the server and from the file; a backup of the
server that this program opens."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.errors import ExitCode
from app.paths import resolve
from app.storage.register import open_register
from tests.support.postgres import TemporaryCluster

ROUND = "Frühjahr 2026"
DEPARTMENTS = ("SK", "SMWK", "SMWA")


def _codes(cli, laptop: Path) -> list[str]:
    listed = cli("--data-dir", laptop, "return", "status", "--format", "json")
    return [item["code"] for item in json.loads(listed.out)["items"]]


@pytest.fixture
def server(postgres: TemporaryCluster, demo_dir: Path, cli, tmp_path: Path) -> tuple[str, ...]:
    """The ``imag`` options for the secretariat's register: the demo copied onto a server."""
    url = postgres.new_database()
    copied = cli("--data-dir", demo_dir, "db", "copy", "--to", url)
    assert copied.code == 0, copied.err
    return ("--data-dir", str(tmp_path / "secretariat"), "--database", url)


def _issued_and_answered(cli, secretariat: tuple[str, ...], tmp_path: Path) -> Path:
    """A round created and issued on the server, answered by three departments: the inbox."""
    created = cli(
        *secretariat, "round", "create", ROUND, "--deadline", "2099-06-30",
        "--departments", "SK,SMWK,SMWA", "--period-start", "2026-01-01",
        "--period-end", "2026-06-30",
    )  # fmt: skip
    assert created.code == 0, created.err
    outbox, inbox = tmp_path / "outbox", tmp_path / "inbox"
    inbox.mkdir()
    assert cli(*secretariat, "round", "issue", ROUND, "--out", outbox).code == 0
    for index, code in enumerate(DEPARTMENTS):
        laptop = tmp_path / f"laptop-{code}"
        package = outbox / f"Frühjahr-2026_{code}.imag-round"
        assert cli("--data-dir", laptop, "package", "open", package).code == 0
        first, *rest = _codes(cli, laptop)
        answer = ("--progress", str(20 + index), "--comment", f"Łódź, Ústí: {code}")
        assert cli("--data-dir", laptop, "return", "set", first, *answer).code == 0
        for other in rest:
            assert cli("--data-dir", laptop, "return", "keep", other).code == 0
        target = inbox / f"{code}.imag-return"
        assert cli("--data-dir", laptop, "return", "export", "--out", target).code == 0
    return inbox


def _round_on_the_server(cli, secretariat: tuple[str, ...], tmp_path: Path) -> None:
    inbox = _issued_and_answered(cli, secretariat, tmp_path)
    imported = cli(*secretariat, "round", "import", inbox)
    assert imported.code == 0, imported.err
    assert imported.out.count("wurde importiert") == 3
    closed = cli(*secretariat, "round", "close", ROUND)
    assert closed.code == 0, closed.err
    status = cli(*secretariat, "round", "status", ROUND, "--format", "json")
    assert json.loads(status.out)["status"] == "closed"


def test_a_round_on_the_server_and_its_copies(server, cli, tmp_path: Path) -> None:
    _round_on_the_server(cli, server, tmp_path)
    offline = tmp_path / "offline.imag.sqlite"
    copied = cli(*server, "db", "copy", "--to", offline)
    assert copied.code == 0, copied.err
    assert cli("--data-dir", tmp_path / "offline", "--database", offline, "db", "check").code == 0
    for lang in ("de", "pl", "cs"):
        from_server, from_file = tmp_path / f"server-{lang}.pdf", tmp_path / f"file-{lang}.pdf"
        report = ("report", "cabinet", "--round", ROUND, "--lang", lang, "--out")
        assert cli(*server, *report, from_server).code == 0
        assert (
            cli("--data-dir", tmp_path / "x", "--database", offline, *report, from_file).code == 0
        )
        assert from_server.read_bytes() == from_file.read_bytes()

    refused = cli(*server, "db", "copy", "--to", offline)
    assert refused.code == 2  # an existing file is never overwritten

    backup = tmp_path / "backup.imag.sqlite"
    assert cli(*server, "db", "backup", "--out", backup).code == 0
    restored = tmp_path / "restored"
    assert cli("--data-dir", restored, "db", "restore", backup).code == 0
    status = cli("--data-dir", restored, "round", "status", ROUND, "--format", "json")
    assert json.loads(status.out)["status"] == "closed"


def test_a_connection_killed_during_an_import_leaves_nothing(
    server, cli, tmp_path: Path, postgres: TemporaryCluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import func, select, text

    from app.models import AuditEvent, ImportedReturn
    from app.rounds import importing

    inbox = _issued_and_answered(cli, server, tmp_path)
    record = importing._record

    def record_then_lose_the_connection(session: Any, *args: Any, **kwargs: Any) -> Any:
        outcome = record(session, *args, **kwargs)  # everything written, not yet committed
        pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        postgres.admin_sql(f"SELECT pg_terminate_backend({pid})")
        return outcome

    monkeypatch.setattr(importing, "_record", record_then_lose_the_connection)
    paths = resolve(Path(server[1]), database=server[3])
    with open_register(paths) as register, register.session() as session:
        before = session.scalar(select(func.count(AuditEvent.id)))
    lost = cli(*server, "round", "import", inbox / "SK.imag-return")
    assert lost.code == ExitCode.CONNECTION_LOST, lost.err
    with open_register(paths) as register, register.session() as session:
        assert session.scalar(select(func.count(ImportedReturn.id))) == 0
        assert session.scalar(select(func.count(AuditEvent.id))) == before
    monkeypatch.undo()
    again = cli(*server, "round", "import", inbox / "SK.imag-return")
    assert again.code == 0, again.err  # nothing half-applied: the whole return comes in now
