"""The register's keys leave the register: the Ed25519 signing key (register_meta
``package_signing_key``) is replaced by its public half (``signing_public_key``) and the rounds'
secrets (``round.secret``) are dropped, with SQLite's ``secure_delete`` on so that the freed
pages are overwritten. The program has copied both into the key file in the user's profile
before this runs (``app/keystore.py``); a migration never imports application code.

Rounds and opened round packages record the exchange format they were issued in
(``format_version``: 1 for every round so far, whose returns are authenticated with a MAC; 2
for rounds whose returns the departments sign with their own key), departments' signing keys
are registered (``department_key``), and a department's trusted secretariat keeps the keys the
secretariat revoked (``ws_issuer.revoked_keys``).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import base64

import sqlalchemy as sa
from alembic import op
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":  # the key's old pages overwritten, not left
        op.execute("PRAGMA secure_delete = ON")
    connection = op.get_bind()
    stored = connection.execute(
        sa.text("SELECT value FROM register_meta WHERE key = 'package_signing_key'")
    ).scalar()
    if stored:
        public = (
            Ed25519PrivateKey.from_private_bytes(base64.b64decode(stored))
            .public_key()
            .public_bytes(Encoding.Raw, PublicFormat.Raw)
        )
        connection.execute(
            sa.text("INSERT INTO register_meta (key, value) VALUES ('signing_public_key', :v)"),
            {"v": base64.b64encode(public).decode("ascii")},
        )
    op.execute("DELETE FROM register_meta WHERE key = 'package_signing_key'")
    with op.batch_alter_table('round') as batch:
        batch.drop_column('secret')
        batch.add_column(
            sa.Column('format_version', sa.Integer(), server_default='1', nullable=False)
        )
    with op.batch_alter_table('ws_round') as batch:
        batch.add_column(
            sa.Column('format_version', sa.Integer(), server_default='1', nullable=False)
        )
    with op.batch_alter_table('ws_issuer') as batch:
        batch.add_column(
            sa.Column('revoked_keys', sa.Text(), server_default='[]', nullable=False)
        )
    op.create_table('department_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('public_key', sa.LargeBinary(), nullable=False),
    sa.Column('registered_at', sa.String(length=32), nullable=False),
    sa.Column('registered_by', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('replaced_at', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_department_key_department_id_department')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_department_key'))
    )
    with op.batch_alter_table('department_key') as batch:
        batch.create_index(batch.f('ix_department_key_department_id'), ['department_id'], unique=False)
    if op.get_bind().dialect.name == "sqlite":  # a server keeps its version in alembic_version
        op.execute("PRAGMA user_version = 5")


def downgrade() -> None:
    raise NotImplementedError("the register is never downgraded; restore a backup instead")
