"""Alembic migrations of the register's schema (run by :mod:`app.storage.migrate`)."""
