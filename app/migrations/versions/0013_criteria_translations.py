"""The translation states of the criteria sets' Polish and Czech texts (the set's name and
description, its scale labels, each criterion's name and guiding question) and the German a
round text's translation was made from.

The Polish and Czech texts of a criteria set stay where they are (the set's and the criteria's
columns, the scale labels' JSON); ``criteria_translation`` keeps, per set, text and language, the
state ('proposal' or 'translated', i.e. reviewed) and the German text the translation was made
from, so that a translation whose German changed since "needs update". A translation without a
row is a proposal. ``round_text.source_de`` is the same for a round text's Polish and Czech
versions (empty for those written before).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

STATES = "'missing', 'proposal', 'translated', 'needs_update'"


def upgrade() -> None:
    op.create_table(
        "criteria_translation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=80), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("source_de", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.CheckConstraint("lang IN ('pl', 'cs')", name=op.f("ck_criteria_translation_lang")),
        sa.CheckConstraint(f"state IN ({STATES})", name=op.f("ck_criteria_translation_state")),
        sa.ForeignKeyConstraint(
            ["set_id"],
            ["criteria_set.id"],
            name=op.f("fk_criteria_translation_set_id_criteria_set"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_criteria_translation")),
        sa.UniqueConstraint(
            "set_id", "field", "lang", name=op.f("uq_criteria_translation_set_id")
        ),
    )
    op.add_column("round_text", sa.Column("source_de", sa.Text(), nullable=True))
    if op.get_context().dialect.name == "sqlite":
        op.execute("PRAGMA user_version = 13")


def downgrade() -> None:
    raise NotImplementedError("the register is never downgraded; restore a backup instead")
