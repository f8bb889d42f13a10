"""Initial schema: strategy, goals, instruments, sections, departments, partners,
partnerships, reference lists, measures and their links, audit trail, register metadata.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.Column('actor', sa.Text(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('entity', sa.String(length=24), nullable=False),
    sa.Column('entity_code', sa.String(length=48), nullable=True),
    sa.Column('field', sa.String(length=48), nullable=True),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_entity_code'), ['entity_code'], unique=False)

    op.create_table('department',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('name_de', sa.Text(), nullable=False),
    sa.Column('name_pl', sa.Text(), nullable=True),
    sa.Column('name_cs', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_department')),
    sa.UniqueConstraint('code', name=op.f('uq_department_code'))
    )
    op.create_table('partner',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.Enum('country', 'region', 'organisation', name='partner_kind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('name_de', sa.Text(), nullable=False),
    sa.Column('name_pl', sa.Text(), nullable=True),
    sa.Column('name_cs', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner')),
    sa.UniqueConstraint('code', name=op.f('uq_partner_code'))
    )
    op.create_table('reference_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('list_key', sa.String(length=32), nullable=False),
    sa.Column('code', sa.String(length=48), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name_de', sa.Text(), nullable=False),
    sa.Column('name_pl', sa.Text(), nullable=True),
    sa.Column('name_cs', sa.Text(), nullable=True),
    sa.Column('detail_de', sa.Text(), nullable=True),
    sa.Column('since_year', sa.Integer(), nullable=True),
    sa.Column('ref', sa.String(length=48), nullable=True),
    sa.Column('source_first_line', sa.Integer(), nullable=True),
    sa.Column('source_last_line', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reference_item')),
    sa.UniqueConstraint('code', name=op.f('uq_reference_item_code'))
    )
    with op.batch_alter_table('reference_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reference_item_list_key'), ['list_key'], unique=False)

    op.create_table('register_meta',
    sa.Column('key', sa.String(length=48), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_register_meta'))
    )
    op.create_table('strategy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('title_de', sa.Text(), nullable=False),
    sa.Column('title_pl', sa.Text(), nullable=True),
    sa.Column('title_cs', sa.Text(), nullable=True),
    sa.Column('short_title_de', sa.Text(), nullable=True),
    sa.Column('adopted', sa.String(length=32), nullable=True),
    sa.Column('catalogue_version', sa.String(length=32), nullable=False),
    sa.Column('source_name', sa.Text(), nullable=True),
    sa.Column('source_sha256', sa.String(length=64), nullable=True),
    sa.Column('budget_reservation_de', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_strategy')),
    sa.UniqueConstraint('code', name=op.f('uq_strategy_code'))
    )
    op.create_table('goal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('strategy_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('text_de', sa.Text(), nullable=False),
    sa.Column('text_pl', sa.Text(), nullable=True),
    sa.Column('text_cs', sa.Text(), nullable=True),
    sa.Column('source_first_line', sa.Integer(), nullable=True),
    sa.Column('source_last_line', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['strategy_id'], ['strategy.id'], name=op.f('fk_goal_strategy_id_strategy')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal')),
    sa.UniqueConstraint('strategy_id', 'number', name=op.f('uq_goal_strategy_id'))
    )
    op.create_table('instrument',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('strategy_id', sa.Integer(), nullable=False),
    sa.Column('numeral', sa.String(length=8), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title_de', sa.Text(), nullable=False),
    sa.Column('title_pl', sa.Text(), nullable=True),
    sa.Column('title_cs', sa.Text(), nullable=True),
    sa.Column('source_first_line', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['strategy_id'], ['strategy.id'], name=op.f('fk_instrument_strategy_id_strategy')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_instrument')),
    sa.UniqueConstraint('strategy_id', 'numeral', name=op.f('uq_instrument_strategy_id'))
    )
    op.create_table('partnership',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('regional', 'cross_border', 'sectoral', name='partnership_kind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('status', sa.Enum('active', 'dormant', 'under_consideration', name='partnership_status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('since_year', sa.Integer(), nullable=True),
    sa.Column('status_since', sa.String(length=10), nullable=True),
    sa.Column('basis_de', sa.Text(), nullable=True),
    sa.Column('signatory_department_id', sa.Integer(), nullable=True),
    sa.Column('note_de', sa.Text(), nullable=True),
    sa.Column('source_first_line', sa.Integer(), nullable=True),
    sa.Column('source_last_line', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_partnership_partner_id_partner')),
    sa.ForeignKeyConstraint(['signatory_department_id'], ['department.id'], name=op.f('fk_partnership_signatory_department_id_department')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partnership')),
    sa.UniqueConstraint('code', name=op.f('uq_partnership_code'))
    )
    op.create_table('section',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instrument_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title_de', sa.Text(), nullable=False),
    sa.Column('title_pl', sa.Text(), nullable=True),
    sa.Column('title_cs', sa.Text(), nullable=True),
    sa.Column('source_first_line', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['instrument_id'], ['instrument.id'], name=op.f('fk_section_instrument_id_instrument')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_section')),
    sa.UniqueConstraint('instrument_id', 'code', name=op.f('uq_section_instrument_id'))
    )
    op.create_table('measure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('instrument_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('origin', sa.Enum('catalogue', 'user', name='origin', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('title_de', sa.Text(), nullable=False),
    sa.Column('description_de', sa.Text(), nullable=True),
    sa.Column('title_pl', sa.Text(), nullable=True),
    sa.Column('description_pl', sa.Text(), nullable=True),
    sa.Column('state_pl', sa.Enum('missing', 'translated', 'needs_update', name='state_pl', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('title_cs', sa.Text(), nullable=True),
    sa.Column('description_cs', sa.Text(), nullable=True),
    sa.Column('state_cs', sa.Enum('missing', 'translated', 'needs_update', name='state_cs', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('lead_in_de', sa.Text(), nullable=True),
    sa.Column('modality', sa.Enum('could', 'shall', 'continue', name='modality', native_enum=False, create_constraint=True, length=24), nullable=True),
    sa.Column('footnote_de', sa.Text(), nullable=True),
    sa.Column('source_first_line', sa.Integer(), nullable=True),
    sa.Column('source_last_line', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('planned', 'in_progress', 'continuous', 'completed', 'suspended', 'dropped', name='status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('successor_id', sa.Integer(), nullable=True),
    sa.Column('traffic_light', sa.Enum('green', 'amber', 'red', name='traffic_light', native_enum=False, create_constraint=True, length=24), nullable=True),
    sa.Column('progress', sa.Integer(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('next_steps', sa.Text(), nullable=True),
    sa.Column('budget_reservation', sa.Boolean(), nullable=False),
    sa.Column('budget_planned_cents', sa.Integer(), nullable=True),
    sa.Column('budget_committed_cents', sa.Integer(), nullable=True),
    sa.Column('contact_name', sa.Text(), nullable=True),
    sa.Column('contact_email', sa.Text(), nullable=True),
    sa.Column('contact_phone', sa.Text(), nullable=True),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.CheckConstraint("status <> 'dropped' OR status_reason IS NOT NULL OR successor_id IS NOT NULL", name=op.f('ck_measure_dropped_reason')),
    sa.CheckConstraint('budget_committed_cents IS NULL OR budget_committed_cents >= 0', name=op.f('ck_measure_budget_committed')),
    sa.CheckConstraint('budget_planned_cents IS NULL OR budget_planned_cents >= 0', name=op.f('ck_measure_budget_planned')),
    sa.CheckConstraint('progress IS NULL OR (progress >= 0 AND progress <= 100)', name=op.f('ck_measure_progress')),
    sa.CheckConstraint('start_date IS NULL OR end_date IS NULL OR end_date >= start_date', name=op.f('ck_measure_dates')),
    sa.ForeignKeyConstraint(['instrument_id'], ['instrument.id'], name=op.f('fk_measure_instrument_id_instrument')),
    sa.ForeignKeyConstraint(['section_id'], ['section.id'], name=op.f('fk_measure_section_id_section')),
    sa.ForeignKeyConstraint(['successor_id'], ['measure.id'], name=op.f('fk_measure_successor_id_measure')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measure')),
    sa.UniqueConstraint('code', name=op.f('uq_measure_code'))
    )
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_instrument_id'), ['instrument_id'], unique=False)

    op.create_table('indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('unit', sa.String(length=32), nullable=True),
    sa.Column('baseline', sa.Double(), nullable=True),
    sa.Column('target', sa.Double(), nullable=True),
    sa.Column('actual', sa.Double(), nullable=True),
    sa.Column('actual_date', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], name=op.f('fk_indicator_measure_id_measure'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator'))
    )
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_measure_id'), ['measure_id'], unique=False)

    op.create_table('measure_department',
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('lead', 'participating', name='department_role', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_measure_department_department_id_department')),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], name=op.f('fk_measure_department_measure_id_measure'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('measure_id', 'department_id', name=op.f('pk_measure_department'))
    )
    with op.batch_alter_table('measure_department', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_department_department_id'), ['department_id'], unique=False)
        batch_op.create_index('uq_measure_department_one_lead', ['measure_id'], unique=True, sqlite_where=sa.text("role = 'lead'"), postgresql_where=sa.text("role = 'lead'"))

    op.create_table('measure_goal',
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], name=op.f('fk_measure_goal_goal_id_goal')),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], name=op.f('fk_measure_goal_measure_id_measure'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('measure_id', 'goal_id', name=op.f('pk_measure_goal'))
    )
    with op.batch_alter_table('measure_goal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_goal_goal_id'), ['goal_id'], unique=False)

    op.create_table('measure_partner',
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], name=op.f('fk_measure_partner_measure_id_measure'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_measure_partner_partner_id_partner')),
    sa.PrimaryKeyConstraint('measure_id', 'partner_id', name=op.f('pk_measure_partner'))
    )
    with op.batch_alter_table('measure_partner', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_partner_partner_id'), ['partner_id'], unique=False)

    op.create_table('milestone',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('done_date', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], name=op.f('fk_milestone_measure_id_measure'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_milestone'))
    )
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_milestone_measure_id'), ['measure_id'], unique=False)

    # The audit trail is append-only (kept here verbatim: a migration is a frozen snapshot).
    _refuse_changes('audit_event', 'the audit trail is append-only')
    _set_version(1)


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
