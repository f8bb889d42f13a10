"""The audit trail's ``entity_code`` and ``field`` and a conflict's ``field`` hold texts of any
length. They name a round (up to 120 characters), or a round, a department and a criterion
together ("Partnerschaften 2026/SMWA/score:SECTORAL_POTENTIAL"), which did not fit the 48
characters the columns declared: SQLite never enforced the length, but PostgreSQL refused the
import of a partnership round's return. Nothing changes on SQLite (its column types carry no
length), so its audit triggers and files stay as they are.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_context().dialect.name == 'sqlite':
        op.execute("PRAGMA user_version = 12")
        return
    for table, column in (('audit_event', 'entity_code'), ('audit_event', 'field'),
                          ('conflict', 'field')):  # fmt: skip
        op.alter_column(table, column, type_=sa.Text(), existing_type=sa.String(48))


def downgrade() -> None:
    raise NotImplementedError("the register is never downgraded; restore a backup instead")
