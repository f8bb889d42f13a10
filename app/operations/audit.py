"""Writing to the append-only audit trail."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from app.models import AuditEvent


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def encode(value: Any) -> str | None:
    """Values are kept as JSON so that ``None``, numbers and texts stay distinguishable."""
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    elif hasattr(value, "value"):  # enums
        value = value.value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def record(
    session: Session,
    *,
    actor: str,
    source: str,
    action: str,
    entity: str,
    code: str | None,
    field: str | None = None,
    old: Any = None,
    new: Any = None,
    at: str | None = None,
) -> AuditEvent:
    event = AuditEvent(
        at=at or now_iso(),
        actor=actor,
        source=source,
        action=action,
        entity=entity,
        entity_code=code,
        field=field,
        old_value=encode(old),
        new_value=encode(new),
    )
    session.add(event)
    return event
