"""Every record that people edit carries a revision, counted up by each change: a save based
on an older revision is refused (someone else changed the record in the meantime), never
applied over the other change. Measures have had one from the start; departments, partners,
partnerships and criteria sets get theirs here (1 for the rows there are).

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

TABLES = ('department', 'partner', 'partnership', 'criteria_set')


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column('revision', sa.Integer(), server_default='1', nullable=False)
            )
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA user_version = 7")


def downgrade() -> None:
    raise NotImplementedError("the register is never downgraded; restore a backup instead")
