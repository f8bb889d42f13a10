"""The secretariat's own texts on a round, which the cabinet report prints: an introduction and
an assessment, each in German and (translated) in Polish and Czech, each language version with
its state ('proposal' or 'reviewed'; a missing version has no row).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('round_text',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('part', sa.Enum('intro', 'assessment', name='round_text_part', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('lang', sa.Enum('de', 'pl', 'cs', name='round_text_lang', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('state', sa.Enum('proposal', 'reviewed', name='round_text_state', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('updated_by', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_round_text_round_id_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', 'part', 'lang', name=op.f('pk_round_text'))
    )
    if op.get_context().dialect.name == 'sqlite':
        op.execute("PRAGMA user_version = 11")


def downgrade() -> None:
    raise NotImplementedError("the register is never downgraded; restore a backup instead")
