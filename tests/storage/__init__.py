"""Tests of the register on disk (``app/storage/``, ``app/migrations/``): opening, locks,
migrations, and storage errors at run time."""
