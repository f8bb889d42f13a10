"""Evaluation rounds: rounds and their scope, issued packages and their items, imported
returns, their entries, conflicts and proposals, closed rounds' snapshots; and the department
side's workspace (trusted issuers, rounds opened, answers, proposals, exports).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.Enum('measures', 'partnerships', name='round_kind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('status', sa.Enum('draft', 'open', 'closed', name='round_status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('instruments', sa.Text(), nullable=True),
    sa.Column('secret', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('created_by', sa.Text(), nullable=False),
    sa.Column('opened_at', sa.String(length=32), nullable=True),
    sa.Column('closed_at', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round')),
    sa.UniqueConstraint('name', name=op.f('uq_round_name')),
    sa.UniqueConstraint('uid', name=op.f('uq_round_uid'))
    )
    op.create_table('ws_issuer',
    sa.Column('register_uid', sa.String(length=36), nullable=False),
    sa.Column('public_key', sa.LargeBinary(), nullable=False),
    sa.Column('first_seen', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('register_uid', name=op.f('pk_ws_issuer'))
    )
    op.create_table('issued_package',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('issued_at', sa.String(length=32), nullable=False),
    sa.Column('issued_by', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_issued_package_department_id_department')),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_issued_package_round_id_round')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_package')),
    sa.UniqueConstraint('uid', name=op.f('uq_issued_package_uid'))
    )
    with op.batch_alter_table('issued_package', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issued_package_round_id'), ['round_id'], unique=False)

    op.create_table('round_department',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_round_department_department_id_department')),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_round_department_round_id_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', 'department_id', name=op.f('pk_round_department'))
    )
    op.create_table('round_snapshot',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('schema_version', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_round_snapshot_round_id_round')),
    sa.PrimaryKeyConstraint('round_id', name=op.f('pk_round_snapshot'))
    )
    op.create_table('ws_round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_uid', sa.String(length=36), nullable=False),
    sa.Column('package_uid', sa.String(length=36), nullable=False),
    sa.Column('issued_at', sa.String(length=32), nullable=False),
    sa.Column('issuer_uid', sa.String(length=36), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('department', sa.String(length=16), nullable=False),
    sa.Column('deadline', sa.String(length=10), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('return_key', sa.LargeBinary(), nullable=False),
    sa.Column('recipient_key', sa.LargeBinary(), nullable=False),
    sa.Column('opened_at', sa.String(length=32), nullable=False),
    sa.Column('last_sequence', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['issuer_uid'], ['ws_issuer.register_uid'], name=op.f('fk_ws_round_issuer_uid_ws_issuer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ws_round')),
    sa.UniqueConstraint('round_uid', name=op.f('uq_ws_round_round_uid'))
    )
    op.create_table('imported_return',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('package_id', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('author', sa.Text(), nullable=True),
    sa.Column('imported_at', sa.String(length=32), nullable=False),
    sa.Column('imported_by', sa.Text(), nullable=False),
    sa.Column('encrypted', sa.Boolean(), nullable=False),
    sa.Column('file_name', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_imported_return_department_id_department')),
    sa.ForeignKeyConstraint(['package_id'], ['issued_package.id'], name=op.f('fk_imported_return_package_id_issued_package')),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_imported_return_round_id_round')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imported_return')),
    sa.UniqueConstraint('round_id', 'department_id', 'sequence', name=op.f('uq_imported_return_round_id')),
    sa.UniqueConstraint('sha256', name=op.f('uq_imported_return_sha256')),
    sa.UniqueConstraint('uid', name=op.f('uq_imported_return_uid'))
    )
    with op.batch_alter_table('imported_return', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_imported_return_round_id'), ['round_id'], unique=False)

    op.create_table('ws_answer',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=48), nullable=False),
    sa.Column('values', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['ws_round.id'], name=op.f('fk_ws_answer_round_id_ws_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', 'code', name=op.f('pk_ws_answer'))
    )
    op.create_table('ws_export',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('return_uid', sa.String(length=36), nullable=False),
    sa.Column('exported_at', sa.String(length=32), nullable=False),
    sa.Column('file_name', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('encrypted', sa.Boolean(), nullable=False),
    sa.Column('answers', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['ws_round.id'], name=op.f('fk_ws_export_round_id_ws_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ws_export')),
    sa.UniqueConstraint('return_uid', name=op.f('uq_ws_export_return_uid'))
    )
    op.create_table('ws_proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('values', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['ws_round.id'], name=op.f('fk_ws_proposal_round_id_ws_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ws_proposal'))
    )
    op.create_table('proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('return_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('instrument', sa.String(length=8), nullable=False),
    sa.Column('title_de', sa.Text(), nullable=False),
    sa.Column('description_de', sa.Text(), nullable=True),
    sa.Column('rationale', sa.Text(), nullable=True),
    sa.Column('state', sa.Enum('open', 'accepted', 'rejected', name='proposal_state', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('measure_code', sa.String(length=32), nullable=True),
    sa.Column('decided_at', sa.String(length=32), nullable=True),
    sa.Column('decided_by', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['return_id'], ['imported_return.id'], name=op.f('fk_proposal_return_id_imported_return')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal'))
    )
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_return_id'), ['return_id'], unique=False)

    op.create_table('conflict',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('return_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=48), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=True),
    sa.Column('field', sa.String(length=48), nullable=False),
    sa.Column('register_value', sa.Text(), nullable=True),
    sa.Column('issued_value', sa.Text(), nullable=True),
    sa.Column('returned_value', sa.Text(), nullable=True),
    sa.Column('state', sa.Enum('open', 'resolved', 'superseded', name='conflict_state', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('resolved_value', sa.Text(), nullable=True),
    sa.Column('resolved_at', sa.String(length=32), nullable=True),
    sa.Column('resolved_by', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], name=op.f('fk_conflict_measure_id_measure'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['return_id'], ['imported_return.id'], name=op.f('fk_conflict_return_id_imported_return')),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_conflict_round_id_round')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conflict'))
    )
    with op.batch_alter_table('conflict', schema=None) as batch_op:
        batch_op.create_index('ix_conflict_open', ['round_id', 'state'], unique=False)
        batch_op.create_index(batch_op.f('ix_conflict_return_id'), ['return_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conflict_round_id'), ['round_id'], unique=False)

    op.create_table('issued_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('package_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=48), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=True),
    sa.Column('revision', sa.Integer(), nullable=True),
    sa.Column('values', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], name=op.f('fk_issued_item_measure_id_measure'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['package_id'], ['issued_package.id'], name=op.f('fk_issued_item_package_id_issued_package'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_item')),
    sa.UniqueConstraint('package_id', 'code', name=op.f('uq_issued_item_package_id'))
    )
    with op.batch_alter_table('issued_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issued_item_measure_id'), ['measure_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_issued_item_package_id'), ['package_id'], unique=False)

    op.create_table('return_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('return_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=48), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=True),
    sa.Column('values', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], name=op.f('fk_return_entry_measure_id_measure'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['return_id'], ['imported_return.id'], name=op.f('fk_return_entry_return_id_imported_return'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_return_entry')),
    sa.UniqueConstraint('return_id', 'code', name=op.f('uq_return_entry_return_id'))
    )
    with op.batch_alter_table('return_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_return_entry_measure_id'), ['measure_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_return_entry_return_id'), ['return_id'], unique=False)

    # A closed round's snapshot never changes (kept here verbatim: a migration is frozen).
    _refuse_changes('round_snapshot', 'a round snapshot is immutable')
    _set_version(2)


def _on_sqlite() -> bool:
    return bool(op.get_bind().dialect.name == "sqlite")


def _set_version(version: int) -> None:
    """SQLite keeps the schema version in its header; a server has only ``alembic_version``."""
    if _on_sqlite():
        op.execute(f"PRAGMA user_version = {version}")


def _refuse_changes(table: str, message: str) -> None:
    """Triggers that refuse every UPDATE and DELETE on ``table`` (and a TRUNCATE on a server).
    On SQLite with the names and statements of the first version of this migration."""
    if _on_sqlite():
        for event in ("update", "delete"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event} BEFORE {event.upper()} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )
        return
    op.execute(
        "CREATE OR REPLACE FUNCTION imag_refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$"
    )
    op.execute(
        f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION imag_refuse_change('{message}')"
    )
    op.execute(
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION imag_refuse_change('{message}')"
    )


def downgrade() -> None:
    raise NotImplementedError("the register is never downgraded; restore a backup instead")
