"""Polish and Czech versions of a measure's free text: comment, next steps and the reason, one
row per measure, field and language, with its translation state and the German text it was
translated from (a translation whose German changed since "needs update").

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

STATES = "'missing', 'proposal', 'translated', 'needs_update'"


def upgrade() -> None:
    op.create_table(
        "text_translation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=24), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("source_de", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.CheckConstraint("lang IN ('pl', 'cs')", name=op.f("ck_text_translation_lang")),
        sa.CheckConstraint(
            "field IN ('comment', 'next_steps', 'status_reason')",
            name=op.f("ck_text_translation_field"),
        ),
        sa.CheckConstraint(f"state IN ({STATES})", name=op.f("ck_text_translation_state")),
        sa.ForeignKeyConstraint(
            ["measure_id"],
            ["measure.id"],
            name=op.f("fk_text_translation_measure_id_measure"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_text_translation")),
        sa.UniqueConstraint(
            "measure_id", "field", "lang", name=op.f("uq_text_translation_measure_id")
        ),
    )
    if op.get_context().dialect.name == "sqlite":
        op.execute("PRAGMA user_version = 10")


def downgrade() -> None:
    raise NotImplementedError("the register is never downgraded; restore a backup instead")
