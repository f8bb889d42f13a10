"""Evaluating the partnerships: criteria sets and their criteria (the shipped default set is
added, marked as a proposal), the criteria a partnership round froze, which department assesses
which partnership in a round, the assessments accepted from returns, the working group's
conclusions.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('criteria_set',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name_de', sa.Text(), nullable=False),
    sa.Column('name_pl', sa.Text(), nullable=True),
    sa.Column('name_cs', sa.Text(), nullable=True),
    sa.Column('description_de', sa.Text(), nullable=True),
    sa.Column('description_pl', sa.Text(), nullable=True),
    sa.Column('description_cs', sa.Text(), nullable=True),
    sa.Column('scale_min', sa.Integer(), nullable=False),
    sa.Column('scale_max', sa.Integer(), nullable=False),
    sa.Column('scale_labels', sa.Text(), nullable=False),
    sa.Column('proposal', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criteria_set')),
    sa.UniqueConstraint('code', name=op.f('uq_criteria_set_code'))
    )
    op.create_table('criterion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('set_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('weight', sa.Double(), nullable=False),
    sa.Column('name_de', sa.Text(), nullable=False),
    sa.Column('name_pl', sa.Text(), nullable=True),
    sa.Column('name_cs', sa.Text(), nullable=True),
    sa.Column('description_de', sa.Text(), nullable=True),
    sa.Column('description_pl', sa.Text(), nullable=True),
    sa.Column('description_cs', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['set_id'], ['criteria_set.id'], name=op.f('fk_criterion_set_id_criteria_set'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criterion')),
    sa.UniqueConstraint('set_id', 'code', name=op.f('uq_criterion_set_id'))
    )
    with op.batch_alter_table('criterion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_criterion_set_id'), ['set_id'], unique=False)

    op.create_table('round_criteria',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('set_code', sa.String(length=32), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_round_criteria_round_id_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', name=op.f('pk_round_criteria'))
    )
    op.create_table('partnership_assessment',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=48), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('updated_by', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_partnership_assessment_department_id_department')),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnership.id'], name=op.f('fk_partnership_assessment_partnership_id_partnership')),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_partnership_assessment_round_id_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', 'department_id', 'partnership_id', 'unit', name=op.f('pk_partnership_assessment'))
    )
    op.create_table('partnership_conclusion',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('recommendation', sa.Enum('continue', 'sectoral', 'rest', 'end', 'explore', name='recommendation', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('decided_at', sa.String(length=32), nullable=False),
    sa.Column('decided_by', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnership.id'], name=op.f('fk_partnership_conclusion_partnership_id_partnership')),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_partnership_conclusion_round_id_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', 'partnership_id', name=op.f('pk_partnership_conclusion'))
    )
    op.create_table('round_partnership',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_round_partnership_department_id_department')),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnership.id'], name=op.f('fk_round_partnership_partnership_id_partnership')),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_round_partnership_round_id_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', 'partnership_id', 'department_id', name=op.f('pk_round_partnership'))
    )
    _default_set()
    op.execute("PRAGMA user_version = 3")


def _default_set() -> None:
    """Add the shipped default set (``resources/catalogue/criteria-default.json``), checked as
    ``imag criteria import`` checks it."""
    from app.partnerships.criteria import default_document

    document = default_document()
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    connection = op.get_bind()
    result = connection.execute(
        sa.text(
            "INSERT INTO criteria_set (code, name_de, name_pl, name_cs, description_de, "
            "description_pl, description_cs, scale_min, scale_max, scale_labels, proposal, "
            "updated_at) VALUES (:code, :name_de, :name_pl, :name_cs, :source_de, :source_pl, "
            ":source_cs, :low, :high, :labels, :proposal, :now)"
        ),
        {
            "code": document["code"],
            "name_de": document["name_de"],
            "name_pl": document.get("name_pl"),
            "name_cs": document.get("name_cs"),
            "source_de": document.get("source_de"),
            "source_pl": document.get("source_pl"),
            "source_cs": document.get("source_cs"),
            "low": document["scale"]["min"],
            "high": document["scale"]["max"],
            "labels": json.dumps(document.get("scale_labels") or [], ensure_ascii=False),
            "proposal": bool(document.get("proposal", False)),
            "now": now,
        },
    )
    set_id = result.lastrowid
    for position, criterion in enumerate(document["criteria"]):
        connection.execute(
            sa.text(
                "INSERT INTO criterion (set_id, code, position, weight, name_de, name_pl, "
                "name_cs, description_de, description_pl, description_cs) VALUES (:set_id, "
                ":code, :position, :weight, :name_de, :name_pl, :name_cs, :description_de, "
                ":description_pl, :description_cs)"
            ),
            {
                "set_id": set_id,
                "position": position,
                **{
                    key: criterion.get(key)
                    for key in (
                        "code", "weight", "name_de", "name_pl", "name_cs", "description_de",
                        "description_pl", "description_cs",
                    )
                },
            },
        )


def downgrade() -> None:
    raise NotImplementedError("the register is never downgraded; restore a backup instead")
