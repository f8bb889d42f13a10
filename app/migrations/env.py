"""Alembic environment: always runs on the connection that :mod:`app.storage.migrate` hands in,
inside that caller's transaction (one transaction for all steps, foreign keys off)."""

from __future__ import annotations

from alembic import context

from app.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached when someone runs the alembic CLI
    raise RuntimeError("run migrations through app.storage.migrate, not the alembic command")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    transaction_per_migration=False,
)
context.run_migrations()
