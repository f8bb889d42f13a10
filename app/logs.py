"""Logging to a file in the data folder's ``logs`` folder (no network, nothing else)."""

from __future__ import annotations

import logging
import logging.handlers

from app.paths import AppPaths

LOG_NAME = "imag.log"


def setup(paths: AppPaths) -> logging.Logger:
    """Log to ``logs/imag.log`` (rotated); falls back to no file if the folder is read-only."""
    logger = logging.getLogger("app")
    logger.setLevel(logging.INFO)
    if any(isinstance(h, logging.handlers.RotatingFileHandler) for h in logger.handlers):
        return logger
    try:
        paths.logs_dir.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            paths.logs_dir / LOG_NAME, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    return logger
