"""The measures as JSON, written as they are read: a few hundred measures at a time, so that the
export of 100,000 measures needs the memory of a batch, not of the register.

The text is the same as ``json.dumps(records, ensure_ascii=False, indent=2)`` of every record at
once (:func:`app.operations.export.to_json`): each record is dumped alone and indented one level.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.free_text import segments as free_text
from app.models import Measure
from app.operations import audit
from app.operations.queries import measure_records
from app.spreadsheets.register_data import current_measures

BATCH = 500


def measure_keys(session: Session) -> list[tuple[int, str]]:
    """Every measure's id and code, register order."""
    m = Measure.__table__.c
    rows = session.execute(select(m.id, m.code).order_by(m.position, m.id)).all()
    return [(int(measure_id), str(code)) for measure_id, code in rows]


def records(
    session: Session, rows: list[tuple[int, str]] | None = None
) -> Iterator[dict[str, Any]]:
    """Every measure's record (or those of ``rows``, from :func:`measure_keys`), register order:
    ``measure_records`` (the shape the JSON export always had) with the fields it lacked, read
    a batch of measures at a time, and the Polish and Czech versions of its free texts with
    their translation states."""
    rows = measure_keys(session) if rows is None else rows
    translated = free_text.record_fields(session)
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        current = current_measures(session, [code for _, code in batch])
        for record in measure_records(session, ids=[measure_id for measure_id, _ in batch]):
            data = current.inputs[record["code"]]
            record.update(
                successor=data.successor,
                description_pl=data.description_pl,
                description_cs=data.description_cs,
                comment=data.comment,
                next_steps=data.next_steps,
                budget_planned_cents=data.budget_planned_cents,
                budget_committed_cents=data.budget_committed_cents,
                contact_name=data.contact_name,
                contact_email=data.contact_email,
                contact_phone=data.contact_phone,
                indicators=audit.plain([vars(item) for item in data.indicators]),
                milestones=audit.plain([vars(item) for item in data.milestones]),
            )
            record.update(free_text.empty_fields() | translated.get(record["code"], {}))
            yield record


_SCALARS: dict[object, str] = {None: "null", True: "true", False: "false"}


def indented(value: Any, level: int = 0) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` nested ``level`` deep, the same text
    several times faster: ``json`` lays out indented text in pure Python, value by value; here
    only the layout is Python, strings and numbers are encoded by ``json``'s C functions."""
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = "\n" + "  " * (level + 1)
        items = (
            f"{encode_basestring(key)}: {indented(item, level + 1)}" for key, item in value.items()
        )
        return "{" + inner + ("," + inner).join(items) + "\n" + "  " * level + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = "\n" + "  " * (level + 1)
        items = (indented(item, level + 1) for item in value)
        return "[" + inner + ("," + inner).join(items) + "\n" + "  " * level + "]"
    if value is None or isinstance(value, bool):
        return _SCALARS[value]
    if isinstance(value, int):
        return int.__repr__(value)
    return json.dumps(value, ensure_ascii=False)  # a float (and whatever else json takes)


def write(session: Session, stream: TextIO) -> int:
    """Write the JSON to ``stream`` as it is read, a batch of measures at a time; returns the
    number of measures."""
    from app.spreadsheets.json_queries import texts
    from app.spreadsheets.json_records import write_texts

    return write_texts(texts(session), stream)


def write_file(session: Session, target: Path) -> int:
    """Write the JSON to ``target`` (atomically); returns the number of measures."""
    from app.spreadsheets.json_queries import texts
    from app.spreadsheets.json_records import write_texts_file

    return write_texts_file(lambda: texts(session), target)
