"""What the free texts are called: the measure's fields with Polish and Czech versions, and
those languages. Imports nothing, for the readers that must not load the storage layer (the
JSON export streamed from the register file)."""

from __future__ import annotations

FIELDS = ("comment", "next_steps", "status_reason")
"""The measure's free texts that have Polish and Czech versions."""
LANGUAGES = ("pl", "cs")
"""The languages free texts are translated into."""
