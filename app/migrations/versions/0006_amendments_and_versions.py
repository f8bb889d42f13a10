"""A return's version can be withdrawn by the secretariat (a bogus high version, so that the
department's genuine later returns are accepted again): who, when and why are kept with it. A
return that arrives after its round was closed can be taken as an amendment, kept beside the
round (``round_amendment``) without touching the closed round's snapshot. A reopened round's
snapshot is set aside in ``round_snapshot_superseded``.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('imported_return') as batch:
        batch.add_column(sa.Column('withdrawn_at', sa.String(length=32), nullable=True))
        batch.add_column(sa.Column('withdrawn_by', sa.Text(), nullable=True))
        batch.add_column(sa.Column('withdrawn_reason', sa.Text(), nullable=True))
    op.create_table('round_amendment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('package_id', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('author', sa.Text(), nullable=True),
    sa.Column('taken_at', sa.String(length=32), nullable=False),
    sa.Column('taken_by', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('encrypted', sa.Boolean(), nullable=False),
    sa.Column('file_name', sa.Text(), nullable=False),
    sa.Column('answers', sa.Text(), nullable=False),
    sa.Column('proposals', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_round_amendment_department_id_department')),
    sa.ForeignKeyConstraint(['package_id'], ['issued_package.id'], name=op.f('fk_round_amendment_package_id_issued_package')),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_round_amendment_round_id_round')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round_amendment')),
    sa.UniqueConstraint('sha256', name=op.f('uq_round_amendment_sha256')),
    sa.UniqueConstraint('uid', name=op.f('uq_round_amendment_uid'))
    )
    with op.batch_alter_table('round_amendment') as batch:
        batch.create_index(batch.f('ix_round_amendment_round_id'), ['round_id'], unique=False)
    op.create_table('round_snapshot_superseded',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('superseded_at', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('schema_version', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_round_snapshot_superseded_round_id_round')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round_snapshot_superseded'))
    )
    with op.batch_alter_table('round_snapshot_superseded') as batch:
        batch.create_index(batch.f('ix_round_snapshot_superseded_round_id'), ['round_id'], unique=False)
    if op.get_bind().dialect.name == "sqlite":  # a server keeps its version in alembic_version
        op.execute("PRAGMA user_version = 6")


def downgrade() -> None:
    raise NotImplementedError("the register is never downgraded; restore a backup instead")
