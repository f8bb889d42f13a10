"""Translatable labels for the register's vocabularies, kept in :mod:`app.labels` (importable
without the models, for the window's first rows)."""

from app.labels import *  # noqa: F403
