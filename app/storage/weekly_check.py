"""The deep check the window runs in the background once a week (issue 19).

It checks a consistent copy of the register file (SQLite's backup API, into a temporary
folder), so that the window's own changes are never held up by its read transaction however
large the register; on 66 measures it takes a few tens of milliseconds. When it last passed is
remembered per register file: the time of ``<register>.deep-checked`` beside it. A failure
records nothing, so the next start checks again.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.storage.backup import copy_database
from app.storage.deep_check import DeepCheckReport, deep_check
from app.storage.engine import readonly_engine

WEEKLY_SECONDS = 7 * 24 * 3600


def stamp_of(register: Path) -> Path:
    """The file whose time says when the deep check of ``register`` last passed."""
    return register.with_name(register.name + ".deep-checked")


def due(register: Path, now: float | None = None) -> bool:
    """Whether the deep check of ``register`` last passed more than a week ago (or never)."""
    try:
        last = stamp_of(register).stat().st_mtime
    except OSError:
        return True
    return (time.time() if now is None else now) - last >= WEEKLY_SECONDS


def record_pass(register: Path) -> None:
    try:
        stamp_of(register).write_text(
            time.strftime("%Y-%m-%dT%H:%M:%SZ\n", time.gmtime()), encoding="utf-8"
        )
    except OSError:  # a read-only folder: checked again next time
        logging.getLogger(__name__).warning("could not record the deep check", exc_info=True)


def run_if_due(register: Path, cancel: Callable[[], bool] | None = None) -> DeepCheckReport | None:
    """The deep check of a copy of ``register`` if it is due (``None``: not due); a pass is
    recorded. Raises the storage errors of taking the copy (a busy register, a full disk)."""
    if not due(register):
        return None
    with tempfile.TemporaryDirectory(prefix="imag-deep-check-") as folder:
        copy = copy_database(register, Path(folder) / register.name)
        engine = readonly_engine(copy)
        try:
            report = deep_check(engine, cancel=cancel)
        finally:
            engine.dispose()
    if report.sound:
        record_pass(register)
    return report
