"""The deep check: what SQLite's own checks cannot find (``imag db check --deep``).

It verifies the audit trail's hash chain (every event chained, every hash recomputed in the
order the events were appended) and, on a register file, every row of every other table
against its digest (:mod:`app.storage.integrity`), field by field, and that the triggers that
keep both are all there as created. Each difference is a :class:`Finding` naming table, row
and field. One pass over each table: linear in the register's size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.i18n import N_, Message
from app.storage.integrity import (
    CHAIN_FIELDS,
    FIELD_DIGEST_LENGTH,
    SCHEMA_KEY,
    chain_hash,
    columns_of,
    digested_tables,
    expected_triggers,
    quoted,
    row_digest,
    schema_digest,
)
from app.storage.replay import replay

REPLAY = "audit_event "
"""The step that replays the audit trail (named as the table a failure of it is reported in)."""

SERVER_TRIGGERS = ("audit_event_chain", "audit_event_no_change", "audit_chain_no_change")

Progress = Callable[[int, int], None]
"""Called with (steps done, steps in all) as the check goes on."""


CHAINED_SINCE = 9
"""The schema version that brought the hash chain and the row digests."""


@dataclass(frozen=True)
class Finding:
    """One difference: ``problem`` is one of ``changed`` (a field no longer matches its digest
    or its event's hash), ``differs`` (a field's value is not the one its history says: the
    replay of the audit trail, :mod:`app.storage.replay`), ``unrecorded`` (a row without a
    digest or without a history, an event outside the chain), ``missing`` (a digest, chain
    entry or created row that is gone), ``trigger`` (a trigger missing or altered),
    ``unreadable`` (the table cannot be read through)."""

    table: str
    row: str
    field: str | None
    problem: str
    expected: str | None = None
    """``differs``: the value the history says (as JSON), beside the one ``found``."""
    found: str | None = None


PROBLEMS = {
    "changed": N_("changed outside the program"),
    "unrecorded": N_("not recorded (added outside the program)"),
    "missing": N_("missing (removed outside the program)"),
    "trigger": N_("trigger missing or altered"),
    "unreadable": N_("cannot be read (damaged)"),
}
"""What each problem but ``differs`` is called in a finding's message."""


def finding_message(finding: Finding) -> Message:
    """A finding in words, in the reader's language: table, row, field and what is wrong."""
    if finding.problem == "differs":
        return Message(
            N_(
                "table {table}, row {row}, field {field}: not what its history says "
                "(expected {expected}, found {found})"
            ),
            table=finding.table,
            row=finding.row,
            field=finding.field or "-",
            expected=finding.expected or "-",
            found=finding.found or "-",
        )
    return Message(
        N_("table {table}, row {row}, field {field}: {problem}"),
        table=finding.table,
        row=finding.row,
        field=finding.field or "-",
        problem=Message(PROBLEMS[finding.problem]),
    )


@dataclass
class DeepCheckReport:
    findings: list[Finding] = field(default_factory=list)
    complete: bool = True
    """False if the check was cancelled before the end."""
    rows: int = 0
    """Rows and events checked."""

    @property
    def sound(self) -> bool:
        return self.complete and not self.findings


class Cancelled(Exception):
    pass


@contextmanager
def _connection(source: Engine | Session | Connection) -> Iterator[Connection]:
    if isinstance(source, Connection):
        yield source
    elif isinstance(source, Session):
        yield source.connection()
    else:
        with source.connect() as connection, connection.begin():
            yield connection


def deep_check(
    source: Engine | Session | Connection,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> DeepCheckReport:
    """Check the register behind ``source`` (read only; within one read transaction)."""
    report = DeepCheckReport()
    with _connection(source) as connection:
        sqlite = connection.dialect.name == "sqlite"
        tables = digested_tables(connection) if sqlite else []
        steps = ["", REPLAY, *tables]
        try:
            for done, table in enumerate(steps):
                if cancel is not None and cancel():
                    raise Cancelled
                if progress is not None:
                    progress(done, len(steps))
                try:
                    _step(connection, table, tables, report)
                except (DBAPIError, UnicodeDecodeError, ValueError):  # damaged beyond reading
                    report.findings.append(
                        Finding(table.strip() or "audit_event", "-", None, "unreadable")
                    )
        except Cancelled:
            report.complete = False
            return report
        if progress is not None:
            progress(len(steps), len(steps))
    return report


def _step(connection: Connection, table: str, tables: list[str], report: DeepCheckReport) -> None:
    if table == REPLAY:
        _check_replay(connection, report)
        return
    if table:
        _check_table(connection, table, report)
        return
    _check_triggers(connection, report)
    _check_chain(connection, report)
    if connection.dialect.name == "sqlite":
        _check_digest_tables(connection, tables, report)
        _check_schema(connection, report)


def _check_replay(connection: Connection, report: DeepCheckReport) -> None:
    """The audit trail replayed against the content (:mod:`app.storage.replay`)."""
    differences, compared = replay(connection)
    report.rows += compared
    for difference in differences:
        if difference.field is not None:
            problem = "differs"
        else:
            problem = "missing" if difference.found is None else "unrecorded"
        report.findings.append(
            Finding(
                difference.table,
                difference.row,
                difference.field,
                problem,
                difference.expected if difference.field else None,
                difference.found if difference.field else None,
            )
        )


def _check_triggers(connection: Connection, report: DeepCheckReport) -> None:
    if connection.dialect.name != "sqlite":
        names = {
            str(row[0])
            for row in connection.exec_driver_sql(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
            )
        }
        for name in SERVER_TRIGGERS:
            if name not in names:
                report.findings.append(Finding("audit_event", "-", name, "trigger"))
        return
    found = {
        str(name): str(sql)
        for name, sql in connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        )
    }
    for name, statement in expected_triggers(connection).items():
        if found.get(name) != statement:
            table = statement.split(" ON ", 1)[1].split()[0].strip('"')
            report.findings.append(Finding(table, "-", name, "trigger"))


def _check_chain(connection: Connection, report: DeepCheckReport) -> None:
    fields = ", ".join(f"e.{name}" for name in CHAIN_FIELDS)
    rows = connection.exec_driver_sql(
        f"SELECT c.event_id, c.hash, e.id, {fields} FROM audit_chain c "
        "LEFT JOIN audit_event e ON e.id = c.event_id ORDER BY c.position"
    )
    previous: str | None = None
    for event_id, stored, present, *values in rows:
        report.rows += 1
        if present is None:
            report.findings.append(Finding("audit_event", str(event_id), None, "missing"))
        elif chain_hash(previous, *values) != stored:
            report.findings.append(Finding("audit_event", str(event_id), None, "changed"))
        previous = str(stored)
    unchained = connection.exec_driver_sql(
        "SELECT id FROM audit_event WHERE id NOT IN (SELECT event_id FROM audit_chain) ORDER BY id"
    )
    for (event_id,) in unchained:
        report.findings.append(Finding("audit_event", str(event_id), None, "unrecorded"))


def _check_digest_tables(
    connection: Connection, tables: list[str], report: DeepCheckReport
) -> None:
    """Digests of tables the register does not have (a table dropped or renamed)."""
    known = {*tables, SCHEMA_KEY}
    for (name,) in connection.exec_driver_sql("SELECT DISTINCT tbl FROM row_digest"):
        if name not in known:
            report.findings.append(Finding(str(name), "-", None, "missing"))


def _check_schema(connection: Connection, report: DeepCheckReport) -> None:
    """The tables and indexes as declared, against the digest the last migration recorded."""
    recorded = connection.exec_driver_sql(
        "SELECT digest FROM row_digest WHERE tbl = ? AND row_id = 0", (SCHEMA_KEY,)
    ).scalar()
    if recorded != schema_digest(connection):
        report.findings.append(Finding("sqlite_master", "-", "sql", "changed"))


def _check_table(connection: Connection, table: str, report: DeepCheckReport) -> None:
    """Merge the table's rows (by rowid) with its digests (by row id), both in order."""
    columns = columns_of(connection, table)
    labelled = "code" in columns
    rows = connection.exec_driver_sql(
        f"SELECT rowid, * FROM {quoted(table)} ORDER BY rowid"
    ).fetchall()
    digests = connection.exec_driver_sql(
        "SELECT row_id, digest FROM row_digest WHERE tbl = ? ORDER BY row_id", (table,)
    ).fetchall()
    code_at = columns.index("code") + 1 if labelled else 0

    def label(row_id: int, row: tuple[object, ...] | None) -> str:
        if row is not None and labelled and row[code_at] is not None:
            return f"{row[code_at]} (#{row_id})"
        return f"#{row_id}"

    index = 0
    for row_id, stored in digests:
        while index < len(rows) and rows[index][0] < row_id:
            report.findings.append(
                Finding(table, label(rows[index][0], rows[index]), None, "unrecorded")
            )
            index += 1
        if index < len(rows) and rows[index][0] == row_id:
            row = tuple(rows[index])
            index += 1
            report.rows += 1
            actual = row_digest(*row[1:])
            if actual != stored:
                for changed in _changed_fields(columns, actual, str(stored)):
                    report.findings.append(Finding(table, label(row_id, row), changed, "changed"))
        else:
            report.findings.append(Finding(table, label(row_id, None), None, "missing"))
    for row in rows[index:]:
        report.findings.append(Finding(table, label(row[0], row), None, "unrecorded"))


def _changed_fields(columns: list[str], actual: str, stored: str) -> list[str | None]:
    if len(stored) != len(actual):
        return [None]
    width = FIELD_DIGEST_LENGTH
    return [
        column
        for position, column in enumerate(columns)
        if actual[position * width : (position + 1) * width]
        != stored[position * width : (position + 1) * width]
    ] or [None]
