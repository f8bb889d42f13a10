"""Access to the files shipped with the program: catalogue data, fonts, translations.

In a source checkout (and an editable install) they are the top-level ``resources/`` and
``translations/`` folders; in a frozen one-folder build they sit in the bundle's data folder. This
is the only module that knows the difference.
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


def resource(*parts: str) -> Path:
    """The path of a shipped resource file, e.g. ``resource("catalogue", "sachsen-2025.json")``."""
    return resources_dir().joinpath(*parts)
