"""A measure's Polish or Czech title can have the translation state 'proposal' (proposed by the
catalogue, not yet reviewed by a liaison office) in its state column. Until now a proposal was
stored as 'translated' plus a ``register_meta`` row ``proposal:<lang>:<code>``; those rows are
folded into the columns and deleted. Only a stored 'translated' was shown as a proposal, so
only that becomes 'proposal'; a row for any other state (or for no measure) was not shown and
goes.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

STATES = "'missing', 'proposal', 'translated', 'needs_update'"


def upgrade() -> None:
    # batch mode: a table rebuild on SQLite, a plain DROP/ADD CONSTRAINT on other databases
    with op.batch_alter_table('measure') as batch:
        for lang in ('pl', 'cs'):
            batch.drop_constraint(op.f(f'ck_measure_state_{lang}'), type_='check')
            batch.create_check_constraint(
                op.f(f'ck_measure_state_{lang}'), f"state_{lang} IN ({STATES})"
            )
    for lang in ('pl', 'cs'):
        op.execute(
            f"UPDATE measure SET state_{lang} = 'proposal' WHERE state_{lang} = 'translated' "
            "AND EXISTS (SELECT 1 FROM register_meta "
            f"WHERE register_meta.key = 'proposal:{lang}:' || measure.code)"
        )
    op.execute("DELETE FROM register_meta WHERE key LIKE 'proposal:%'")
    if op.get_context().dialect.name == 'sqlite':
        op.execute("PRAGMA user_version = 8")


def downgrade() -> None:
    raise NotImplementedError("the register is never downgraded; restore a backup instead")
