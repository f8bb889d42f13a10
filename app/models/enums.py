"""The fixed vocabularies of the register, kept in :mod:`app.enums` (importable without the
models, for the window's first rows)."""

from app.enums import *  # noqa: F403
