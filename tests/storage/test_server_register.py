"""A register on a real PostgreSQL server (started by the session, tests/support/postgres.py):
creating, checking and upgrading it explicitly, the clients' refusals, and each fault with its
own exit code and nothing changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from app.errors import ConnectionLost, ExitCode
from app.models import AuditEvent, Measure
from app.paths import resolve
from app.storage.register import open_register
from tests.support.postgres import TemporaryCluster


def test_create_check_upgrade_on_both_backends(cli, data_dir: Path, register_url: str) -> None:
    db = ("--data-dir", data_dir, "--database", register_url, "db")
    missing = cli(*db, "check")
    assert missing.code != 0
    created = cli(*db, "create")
    assert created.code == 0, created.err
    assert "66" in created.out
    again = cli(*db, "create")
    assert again.code == ExitCode.USAGE
    assert "already" in again.err or "bereits" in again.err
    checked = cli(*db, "check")
    assert checked.code == 0, checked.err
    assert cli(*db, "upgrade").code == 0
    with open_register(resolve(data_dir, database=register_url), readonly=True) as register:
        with register.session() as session:
            assert session.scalar(select(func.count(Measure.id))) == 66
        assert register.location in (register_url, checked.out.split()[2])


def test_the_audit_trail_is_append_only_on_both(data_dir: Path, register_url: str, cli) -> None:
    assert cli("--data-dir", data_dir, "--database", register_url, "db", "create").code == 0
    with open_register(resolve(data_dir, database=register_url)) as register:
        for statement in ("UPDATE audit_event SET actor = 'x'", "DELETE FROM audit_event"):
            with register.session() as session, pytest.raises(Exception, match="append-only"):
                session.execute(text(statement))
        with register.session() as session:
            assert session.scalar(select(func.count(AuditEvent.id)))


@pytest.fixture
def server_register(postgres: TemporaryCluster, cli, data_dir: Path) -> str:
    url = postgres.new_database()
    assert cli("--data-dir", data_dir, "--database", url, "db", "create").code == 0
    return url


def test_faults_have_their_own_exit_codes(
    postgres: TemporaryCluster, server_register: str, cli, data_dir: Path, tmp_path: Path
) -> None:
    def check(url: str) -> tuple[int, str]:
        result = cli("--lang", "de", "--data-dir", data_dir, "--database", url, "db", "check")
        assert result.err.startswith("imag: Fehler: ")
        assert result.err.count("\n") == 1
        return result.code, result.err

    nowhere = server_register.split("?", maxsplit=1)[0] + "?host=" + str(tmp_path / "no-server")
    code, err = check(nowhere)
    assert code == ExitCode.SERVER_UNREACHABLE
    assert "antwortet nicht" in err
    code, err = check(server_register.replace("imag_admin@", "nobody_here@"))
    assert code == ExitCode.SERVER_LOGIN
    assert "Anmeldung" in err
    code, err = check(server_register.replace("imag_admin@", "imag_admin:secret@"))
    assert code == ExitCode.USAGE
    assert "Passwort" in err
    database = server_register.split("/")[3].split("?", maxsplit=1)[0]
    postgres.admin_sql("CREATE ROLE outsider LOGIN")
    postgres.admin_sql(f"GRANT CONNECT ON DATABASE {database} TO outsider")
    code, err = check(server_register.replace("imag_admin@", "outsider@"))
    assert code == ExitCode.NO_RIGHTS
    assert "Rolle" in err
    code, err = check(postgres.url("no_such_database"))
    assert code == ExitCode.ERROR
    assert "Datenbank" in err


def test_clients_refuse_a_newer_or_older_schema(
    postgres: TemporaryCluster, server_register: str, cli, data_dir: Path
) -> None:
    database = server_register.split("/")[3].split("?", maxsplit=1)[0]
    db = ("--lang", "de", "--data-dir", data_dir, "--database", server_register, "db")
    postgres.admin_sql("UPDATE alembic_version SET version_num = '0099'", database)
    newer = cli(*db, "check")
    assert newer.code == ExitCode.TOO_NEW
    assert "neueren Version" in newer.err
    assert cli(*db, "upgrade").code == ExitCode.TOO_NEW
    postgres.admin_sql("UPDATE alembic_version SET version_num = '0003'", database)
    older = cli(*db, "check")
    assert older.code == ExitCode.ERROR
    assert "db upgrade" in older.err


def test_a_connection_lost_in_a_transaction_leaves_nothing(
    postgres: TemporaryCluster, server_register: str, data_dir: Path
) -> None:
    paths = resolve(data_dir, database=server_register)
    with open_register(paths) as register:
        with register.session() as session:
            before = session.scalar(select(func.count(AuditEvent.id)))
        session = register.session()
        session.execute(text("UPDATE measure SET title_de = 'half' WHERE id = 1"))
        session.add(AuditEvent(at="x", actor="a", action="update", entity="measure", source="t"))
        session.flush()
        pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        postgres.admin_sql(f"SELECT pg_terminate_backend({pid})")
        with pytest.raises(ConnectionLost):
            session.commit()
        session.close()
        with register.session() as fresh:
            assert fresh.scalar(select(func.count(AuditEvent.id))) == before
            assert fresh.scalar(select(Measure.title_de).where(Measure.id == 1)) != "half"


def test_round_operations_are_one_at_a_time_on_a_server(
    server_register: str, data_dir: Path
) -> None:
    from app.errors import RegisterBusy
    from app.operations.context import transaction
    from app.storage.server import serialize_rounds

    with open_register(resolve(data_dir, database=server_register)) as register:
        first, second = register.session(), register.session()
        with transaction(first):
            serialize_rounds(first)  # the first person is importing
            with pytest.raises(RegisterBusy) as refused, transaction(second):
                serialize_rounds(second)
        assert "Someone else" in str(refused.value)
        with transaction(second):
            serialize_rounds(second)  # free again once the first transaction ended
        first.close()
        second.close()


def test_a_department_saved_from_an_old_revision_is_refused(
    cli, data_dir: Path, register_url: str
) -> None:
    from app.errors import EditConflict
    from app.models import Department
    from app.operations import departments
    from app.operations.context import Actor

    assert cli("--data-dir", data_dir, "--database", register_url, "db", "create").code == 0
    with open_register(resolve(data_dir, database=register_url)) as register:
        with register.session() as session:
            start = session.scalars(
                select(Department.revision).where(Department.code == "SK")
            ).one()
        with register.session() as session:
            departments.edit_department(
                session, Actor("Anna"), "SK", {"email": "anna@sk.sachsen.de"}
            )
        with register.session() as session, pytest.raises(EditConflict) as refused:
            departments.edit_department(
                session, Actor("Bert"), "SK", {"email": "bert@sk.sachsen.de"}, revision=start
            )
        assert refused.value.theirs == {"email": "anna@sk.sachsen.de"}
        assert refused.value.exit_code == ExitCode.CONFLICT
        with register.session() as session:
            department = session.scalar(select(Department).where(Department.code == "SK"))
            assert department is not None
            assert (department.email, department.revision) == ("anna@sk.sachsen.de", start + 1)


def test_roles_are_enforced_by_the_server(
    postgres: TemporaryCluster, server_register: str, cli, data_dir: Path
) -> None:
    from sqlalchemy.orm import Session

    from app.errors import NoRights
    from app.storage.server import server_engine

    admin = ("--data-dir", data_dir, "--database", server_register, "db", "grant")
    assert cli(*admin).code == 0
    for user, role in (("sek", "secretariat"), ("ressort", "department"), ("vb", "liaison")):
        postgres.admin_sql(f"CREATE ROLE {user} LOGIN")
        assert cli(*admin, "--role", role, user).code == 0

    def run(user: str, statement: str) -> None:
        engine = server_engine(server_register.replace("imag_admin@", f"{user}@"))
        try:
            with Session(engine) as session, session.begin():
                session.execute(text(statement))
        finally:
            engine.dispose()

    change_text = "UPDATE measure SET title_pl = 'Nowy tytuł' WHERE id = 1"
    change_progress = "UPDATE measure SET progress = 5 WHERE id = 1"
    run("sek", change_progress)
    run("vb", change_text)
    # the criteria texts are translated by the liaison offices, too (app.free_text)
    run("vb", "UPDATE criterion SET name_pl = 'Wkład' WHERE position = 0")
    run("vb", "UPDATE criteria_set SET scale_labels = scale_labels, revision = revision + 1")
    for user, statement in (
        ("vb", change_progress),
        ("ressort", change_text),
        ("vb", "UPDATE criterion SET weight = 1"),
        ("ressort", "SELECT return_key FROM ws_round"),
        ("sek", "DELETE FROM audit_event"),
        ("sek", "UPDATE round_snapshot SET sha256 = 'x'"),
    ):
        with pytest.raises(NoRights):
            run(user, statement)
    run("ressort", "SELECT id, name FROM round")
    department = (
        "--data-dir",
        data_dir,
        "--database",
        server_register.replace("imag_admin@", "ressort@"),
    )
    assert cli(*department, "db", "check").code == 0
    engine = server_engine(server_register.replace("imag_admin@", "ressort@"))
    try:
        with engine.connect() as connection:
            keys = connection.exec_driver_sql("SELECT key FROM register_meta").scalars().all()
    finally:
        engine.dispose()
    assert "register_id" in keys
    assert "package_signing_key" not in keys


def test_an_unsupported_server_version_is_refused(
    server_register: str, cli, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.storage import server

    monkeypatch.setattr(server, "MIN_SERVER_VERSION", 990000)  # as if the server were too old
    result = cli("--data-dir", data_dir, "--database", server_register, "db", "check")
    assert result.code == ExitCode.SERVER_UNSUPPORTED
    assert "PostgreSQL 99 oder neuer" in result.err
