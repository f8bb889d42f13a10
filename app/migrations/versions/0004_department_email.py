"""Departments get an e-mail address (where reminders go) and a language (the language of the
reminders they get: de, pl or cs; German where none is set); an issued round package records
the folder it was written to, so that a reminder can attach it.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('department') as batch:
        batch.add_column(sa.Column('email', sa.Text(), nullable=True))
        batch.add_column(
            sa.Column('language', sa.String(length=2), server_default='de', nullable=False)
        )
        batch.create_check_constraint(
            op.f('ck_department_language'), "language IN ('de', 'pl', 'cs')"
        )
    with op.batch_alter_table('issued_package') as batch:
        batch.add_column(sa.Column('folder', sa.Text(), nullable=True))
    _set_version(4)


def _on_sqlite() -> bool:
    return bool(op.get_bind().dialect.name == "sqlite")


def _set_version(version: int) -> None:
    """SQLite keeps the schema version in its header; a server has only ``alembic_version``."""
    if _on_sqlite():
        op.execute(f"PRAGMA user_version = {version}")


def downgrade() -> None:
    raise NotImplementedError("the register is never downgraded; restore a backup instead")
