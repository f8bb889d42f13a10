"""A tamper-evident register: the audit trail becomes a hash chain (``audit_chain``: every
event's SHA-256 over its predecessor's hash and its own content, written by a trigger in the
same statement as the event), events record the operating-system account and on a server the
database role, and on a register file every other table's rows get digests (``row_digest``,
kept by triggers) that the deep check compares. The existing events are chained and the
existing rows digested here.

The definitions below are a frozen copy of app.storage.integrity (a migration must not import
the program); they must stay byte for byte the same.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

import hashlib
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

CHAIN_FIELDS = (
    'id', 'at', 'actor', 'os_user', 'db_role', 'source', 'action', 'entity', 'entity_code',
    'field', 'old_value', 'new_value',
)
NOT_DIGESTED = ('row_digest', 'audit_chain', 'audit_event')
APPEND_ONLY = "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
ADVISORY_LOCK = 7_316_190  # the chain's append lock on a server (any constant of this program)


def _canonical(value: Any) -> str:
    if value is None:
        return '-'
    text = str(value)
    return f'{len(text)}:{text}'


def _chain_hash(previous: Any, *fields: Any) -> str:
    content = _canonical(previous) + ''.join(_canonical(field) for field in fields)
    return hashlib.sha256(content.encode('utf-8')).hexdigest()


def _field_digest(value: Any) -> str:
    if value is None:
        tagged = 'n'
    elif isinstance(value, bytes):
        tagged = 'b' + value.hex()
    elif isinstance(value, float):
        tagged = 'f' + repr(value)
    elif isinstance(value, int):
        tagged = 'i' + str(value)
    else:
        tagged = 't' + str(value)
    return hashlib.sha256(tagged.encode('utf-8', 'surrogatepass')).hexdigest()[:8]


def _row_digest(*values: Any) -> str:
    return ''.join(_field_digest(value) for value in values)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == 'sqlite'
    op.add_column('audit_event', sa.Column('os_user', sa.Text(), nullable=True))
    op.add_column(
        'audit_event',
        sa.Column(
            'db_role', sa.Text(), nullable=True,
            server_default=None if sqlite else sa.text('CURRENT_USER'),
        ),
    )
    op.create_table(
        'audit_chain',
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('hash', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('position', name=op.f('pk_audit_chain')),
        sa.UniqueConstraint('event_id', name=op.f('uq_audit_chain_event_id')),
    )
    op.create_table(
        'row_digest',
        sa.Column('tbl', sa.String(length=48), nullable=False),
        sa.Column('row_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('digest', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('tbl', 'row_id', name=op.f('pk_row_digest')),
    )
    _chain_existing(bind)
    if sqlite:
        _sqlite_triggers(bind)
        _record_schema(bind)
        op.execute("PRAGMA user_version = 9")
    else:
        _server_triggers()


def _chain_existing(bind: sa.Connection) -> None:
    columns = ', '.join(CHAIN_FIELDS)
    previous = None
    rows = bind.exec_driver_sql(f'SELECT {columns} FROM audit_event ORDER BY id').fetchall()
    chained = []
    for row in rows:
        previous = _chain_hash(previous, *row)
        chained.append({'event_id': row[0], 'hash': previous})
    if chained:
        bind.execute(
            sa.text('INSERT INTO audit_chain (event_id, hash) VALUES (:event_id, :hash)'), chained
        )


def _sqlite_triggers(bind: sa.Connection) -> None:
    raw: Any = bind.connection.dbapi_connection
    raw.create_function('imag_chain', len(CHAIN_FIELDS) + 1, _chain_hash, deterministic=True)
    raw.create_function('imag_digest', -1, _row_digest, deterministic=True)
    for event in ('update', 'delete'):
        op.execute(
            f'CREATE TRIGGER audit_chain_no_{event} BEFORE {event.upper()} ON audit_chain '
            + APPEND_ONLY
        )
    op.execute(
        'CREATE TRIGGER audit_event_chain AFTER INSERT ON audit_event BEGIN '
        'INSERT INTO audit_chain (event_id, hash) VALUES (NEW.id, imag_chain('
        '(SELECT hash FROM audit_chain ORDER BY position DESC LIMIT 1), '
        + ', '.join(f'NEW.{field}' for field in CHAIN_FIELDS)
        + ')); END'
    )
    tables = [
        row[0]
        for row in bind.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            'ORDER BY name'
        )
        if row[0] not in NOT_DIGESTED
    ]
    for table in tables:
        columns = [row[1] for row in bind.exec_driver_sql(f'PRAGMA table_info({_quoted(table)})')]
        new = 'imag_digest(' + ', '.join(f'NEW.{_quoted(c)}' for c in columns) + ')'
        now = 'imag_digest(' + ', '.join(_quoted(c) for c in columns) + ')'
        upsert = (
            f"INSERT OR REPLACE INTO row_digest (tbl, row_id, digest) VALUES ('{table}', "
            f'NEW.rowid, {new});'
        )
        drop = f"DELETE FROM row_digest WHERE tbl = '{table}' AND row_id = OLD.rowid;"
        on = _quoted(table)
        op.execute(
            f'CREATE TRIGGER imag_digest_{table}_insert AFTER INSERT ON {on} BEGIN {upsert} END'
        )
        op.execute(
            f'CREATE TRIGGER imag_digest_{table}_update AFTER UPDATE ON {on} '
            f'BEGIN {drop} {upsert} END'
        )
        op.execute(
            f'CREATE TRIGGER imag_digest_{table}_delete AFTER DELETE ON {on} BEGIN {drop} END'
        )
        op.execute(
            f"INSERT INTO row_digest (tbl, row_id, digest) SELECT '{table}', rowid, {now} "
            f'FROM {on}'
        )


def _record_schema(bind: sa.Connection) -> None:
    digest = hashlib.sha256()
    rows = bind.exec_driver_sql(
        "SELECT type, name, tbl_name, CAST(sql AS BLOB) FROM sqlite_master "
        "WHERE type IN ('table', 'index') ORDER BY type, name"
    )
    for row in rows:
        for value in row:
            data = value if isinstance(value, bytes) else str(value).encode('utf-8')
            digest.update(len(data).to_bytes(4, 'big') + data)
    op.execute(
        sa.text(
            "INSERT OR REPLACE INTO row_digest (tbl, row_id, digest) "
            "VALUES ('sqlite_master', 0, :d)"
        )
        .bindparams(d=digest.hexdigest())
    )


def _server_triggers() -> None:
    """On a server the chain is appended by a trigger function under an advisory lock (one
    appender at a time, so the chain stays linear); it runs with its owner's rights, so a role
    that may insert events need not write the chain itself."""
    canonical = " || ".join(
        f"imag_canonical(NEW.{field}{'::text' if field == 'id' else ''})"
        for field in CHAIN_FIELDS
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION imag_canonical(value text) RETURNS text LANGUAGE sql "
        "IMMUTABLE AS $$ SELECT CASE WHEN value IS NULL THEN '-' "
        "ELSE length(value)::text || ':' || value END $$"
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION imag_chain_append() RETURNS trigger LANGUAGE plpgsql "
        "SECURITY DEFINER SET search_path = public AS $$ DECLARE previous text; BEGIN "
        f"PERFORM pg_advisory_xact_lock({ADVISORY_LOCK}); "
        "SELECT hash INTO previous FROM audit_chain ORDER BY position DESC LIMIT 1; "
        "INSERT INTO audit_chain (event_id, hash) VALUES (NEW.id, encode(sha256(convert_to("
        f"imag_canonical(previous) || {canonical}, 'UTF8')), 'hex')); "
        "RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER audit_event_chain AFTER INSERT ON audit_event "
        "FOR EACH ROW EXECUTE FUNCTION imag_chain_append()"
    )
    message = 'the audit trail is append-only'
    op.execute(
        "CREATE TRIGGER audit_chain_no_change BEFORE UPDATE OR DELETE ON audit_chain "
        f"FOR EACH ROW EXECUTE FUNCTION imag_refuse_change('{message}')"
    )
    op.execute(
        "CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain "
        f"FOR EACH STATEMENT EXECUTE FUNCTION imag_refuse_change('{message}')"
    )


def downgrade() -> None:
    raise NotImplementedError("the register is never downgraded; restore a backup instead")
