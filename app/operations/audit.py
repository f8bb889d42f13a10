"""Writing to the append-only audit trail."""

from __future__ import annotations

import json
import operator
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AuditEvent, Department, ImportedReturn
from app.models.audit import os_account
from app.operations.context import Actor
from app.storage.bulk import insert_rows
from app.storage.integrity import CHAIN_FIELDS


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


_AS_IS = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """Dates as ISO text, enums as their value, tuples as lists, nested values likewise."""
    if type(value) in _AS_IS:  # most values (exactly these types: an enum is a str too)
        return value
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
    if type(value) is int:  # JSON's own spelling, without making an encoder for it
        return repr(value)
    if type(value) is list and all(type(item) is int for item in value):  # goals, likewise
        return "[" + ", ".join(map(repr, value)) + "]"
    return _JSON.encode(plain(value))


_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
"""``json.dumps`` with these options, made once (``json.dumps`` makes one per call)."""


def decode(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def event_row(
    actor: Actor,
    *,
    code: str | None,
    old: Any = None,
    new: Any = None,
    at: str | None = None,
    **event: Any,
) -> dict[str, Any]:
    """An audit event's row (for :func:`record_many`): a change made by ``actor``; ``event``
    gives ``action``, ``entity`` and ``field``."""
    return {
        "at": at or now_iso(),
        "actor": actor.name,
        "source": actor.source,
        "action": event["action"],
        "entity": event["entity"],
        "entity_code": code,
        "field": event.get("field"),
        "old_value": encode(old),
        "new_value": encode(new),
    }


_COLUMNS = tuple(name for name in CHAIN_FIELDS if name not in ("id", "db_role"))
"""The columns :func:`record_many` writes (``id`` and ``db_role`` take their defaults)."""
_VALUES = operator.itemgetter(*_COLUMNS)


def record_many(session: Session, rows: list[dict[str, Any]]) -> None:
    """Append many events (rows of :func:`event_row`) in one INSERT, in order."""
    if rows:
        account = os_account()  # the column's default, asked once rather than per row
        for row in rows:
            row.setdefault("os_user", account)
        insert_rows(session, AuditEvent, _COLUMNS, [_VALUES(row) for row in rows])


_BATCH = "audit_batch"


@contextmanager
def batched(session: Session) -> Iterator[None]:
    """Inside, the events :func:`record` is given are collected and written at the end with one
    Core ``INSERT`` (many rows, in the order recorded) instead of an ORM object each: for an
    operation that records thousands (a round's import). Nothing is written if it fails."""
    rows: list[dict[str, Any]] = []
    outer = session.info.get(_BATCH)
    session.info[_BATCH] = rows
    try:
        yield
    finally:
        session.info[_BATCH] = outer
        if outer is None:
            del session.info[_BATCH]
    if rows:
        if outer is not None:
            outer.extend(rows)
        else:
            record_many(session, rows)


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
) -> AuditEvent | None:
    values = {
        "at": at or now_iso(),
        "actor": actor,
        "source": source,
        "action": action,
        "entity": entity,
        "entity_code": code,
        "field": field,
        "old_value": encode(old),
        "new_value": encode(new),
    }
    batch = session.info.get(_BATCH)
    if batch is not None:
        batch.append(values)
        return None
    event = AuditEvent(**values)
    session.add(event)
    return event


def log(session: Session, actor: Actor, **event: Any) -> AuditEvent | None:
    """Record a change made by ``actor`` (its name and source go into the event); ``None``
    inside :func:`batched`, where the event is written at the end."""
    return record(session, actor=actor.name, source=actor.source, **event)


def latest_event(session: Session) -> int:
    """The id of the newest audit event (0: none): every change writes one, so a window on a
    shared register sees by it that someone else changed something."""
    from sqlalchemy import func, select

    return int(session.scalar(select(func.max(AuditEvent.id))) or 0)


RETURN_SOURCE = "package:"
"""An audit event's source when a department's return made the change: ``package:<uid>``."""


def return_departments(session: Session) -> dict[str, str]:
    """``package:<uid>`` (an audit event's source) → the code of the department whose return it
    was."""
    rows = session.execute(
        select(ImportedReturn.uid, Department.code).join(
            Department, Department.id == ImportedReturn.department_id
        )
    )
    return {f"{RETURN_SOURCE}{uid}": code for uid, code in rows}


def returns_of(session: Session, events: list[AuditEvent]) -> dict[str, str]:
    """The departments whose returns made some of ``events`` (source → department code)."""
    if not any(event.source.startswith(RETURN_SOURCE) for event in events):
        return {}
    return return_departments(session)
