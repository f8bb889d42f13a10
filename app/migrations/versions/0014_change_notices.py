"""A shared register tells the windows open on it what changed: every event appended to the
audit trail sends a notice on the channel ``imag_changes`` (PostgreSQL ``NOTIFY``, delivered
when the change is committed; the same notice twice in one transaction is delivered once),
with the event's action, entity and code as ``action:entity:code``. The windows listen
(app.storage.change_notices) and refresh what changed. A register file has one writer and no
such notices: only its version changes.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

CHANNEL = 'imag_changes'
PAYLOAD_LIMIT = 4000  # characters of a notice's code (NOTIFY takes up to 8000 bytes)


def upgrade() -> None:
    if op.get_context().dialect.name == 'sqlite':
        op.execute("PRAGMA user_version = 14")
        return
    op.execute(
        "CREATE OR REPLACE FUNCTION imag_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN PERFORM pg_notify('{CHANNEL}', NEW.action || ':' || NEW.entity || ':' "
        f"|| left(coalesce(NEW.entity_code, ''), {PAYLOAD_LIMIT})); RETURN NULL; END $$"
    )
    op.execute("DROP TRIGGER IF EXISTS imag_notify_change ON audit_event")
    op.execute(
        "CREATE TRIGGER imag_notify_change AFTER INSERT ON audit_event "
        "FOR EACH ROW EXECUTE FUNCTION imag_notify_change()"
    )


def downgrade() -> None:
    raise NotImplementedError("the register is never downgraded; restore a backup instead")
