"""Writing to the append-only audit trail."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from app.models import AuditEvent
from app.operations.context import Actor


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def plain(value: Any) -> Any:
    """Dates as ISO text, enums as their value, tuples as lists, nested values likewise."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value"):  # enums
        return value.value
    return value


def encode(value: Any) -> str | None:
    """Values are kept as JSON so that ``None``, numbers and texts stay distinguishable."""
    if value is None:
        return None
    return json.dumps(plain(value), ensure_ascii=False, sort_keys=True)


def decode(value: str | None) -> Any:
    return None if value is None else json.loads(value)


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


def log(session: Session, actor: Actor, **event: Any) -> AuditEvent:
    """Record a change made by ``actor`` (its name and source go into the event)."""
    return record(session, actor=actor.name, source=actor.source, **event)


def latest_event(session: Session) -> int:
    """The id of the newest audit event (0: none): every change writes one, so a window on a
    shared register sees by it that someone else changed something."""
    from sqlalchemy import func, select

    return int(session.scalar(select(func.max(AuditEvent.id))) or 0)
