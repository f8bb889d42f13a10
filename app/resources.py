"""Access to the files shipped with the program: catalogue data, fonts, translations.

In a source checkout (and an editable install) they are the top-level ``resources/`` and
``translations/`` folders (and ``app/migrations/``); in a frozen one-folder build they sit in the
bundle's data folder (``_internal/``, ``sys._MEIPASS``), where ``packaging/imag.spec`` puts them.
This is the only module that knows the difference.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return _root() / "resources"


def translations_dir() -> Path:
    return _root() / "translations"


def migrations_dir() -> Path:
    """Alembic's migration scripts, which it reads as files (data files in a build)."""
    return _root() / "app" / "migrations"


def exchange_schema_file() -> Path:
    """The JSON Schema of the exchange packages' manifests and payloads (a data file in a
    build)."""
    return _root() / "app" / "exchange" / "exchange-format.schema.json"


def resource(*parts: str) -> Path:
    """The path of a shipped resource file, e.g. ``resource("catalogue", "sachsen-2025.json")``."""
    return resources_dir().joinpath(*parts)
