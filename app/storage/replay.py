"""The deep check's replay: the audit trail folded into what the register should hold now.

Each event's recorded ``new`` values are applied per entity and field, in the chain's order; the
result is compared with the current rows of measures, departments, rounds, returns (imported
returns and amendments) and partnership assessments and conclusions. A field is compared only
once an event has recorded its value: a catalogue's seeding records that a row was created,
not its values, so the fields nobody has changed since stay with the row digests alone.

What the events record, and so what is replayed:

- ``measure``: ``create`` (every field, except for seeded rows), ``update`` per field (an
  evaluation round's ``status`` carries status and reason together), ``archive``/``restore``,
  ``delete``; the lead department is compared through ``measure_department``.
- ``department``: ``create`` (the values given), ``update`` per field, ``retire``.
- ``round``: ``create`` (kind, deadline), ``open``/``close``/``reopen`` (status and their
  times), ``import`` (a return: its round, department, sequence, time, and since this version
  a digest of its entries), ``withdraw`` (when, by whom, why), ``amend`` (an amendment).
- ``partnership``: ``assess`` (one unit of a department's assessment), ``conclude``.

One pass over the events and one over each table: linear in the register's size.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from app.operations.measure_details import DETAIL_SCALARS
from app.operations.measures import SCALAR_FIELDS

Key = tuple[str, ...]
PRESENT = "\0present"
"""The pseudo-field of whether an entity exists (True: created, False: deleted)."""

MEASURE_FIELDS = (*SCALAR_FIELDS, *DETAIL_SCALARS, "archived", "lead_department")
"""A measure's fields as its events name them (its other links and items are not replayed)."""
DEPARTMENT_FIELDS = (
    "kind",
    "name_de",
    "name_pl",
    "name_cs",
    "note",
    "retired",
    "email",
    "language",
)
ROUND_FIELDS = ("kind", "status", "deadline", "opened_at", "closed_at")
RETURN_FIELDS = (
    "round",
    "department",
    "sequence",
    "imported_at",
    "withdrawn_at",
    "withdrawn_by",
    "withdrawn_reason",
    "entries",
)
AMENDMENT_FIELDS = ("round", "department", "sequence", "taken_at", "reason")

QUERIES = {
    "measure": "SELECT m.code, "
    + ", ".join(f"m.{name}" for name in MEASURE_FIELDS[:-1])
    + ", d.code FROM measure m LEFT JOIN measure_department l ON l.measure_id = m.id "
    "AND l.role = 'lead' LEFT JOIN department d ON d.id = l.department_id",
    "department": f"SELECT code, {', '.join(DEPARTMENT_FIELDS)} FROM department",
    "round": f"SELECT name, {', '.join(ROUND_FIELDS)} FROM round",
    "imported_return": "SELECT r.uid, o.name, d.code, r.sequence, r.imported_at, r.withdrawn_at, "
    "r.withdrawn_by, r.withdrawn_reason, NULL FROM imported_return r "
    "JOIN round o ON o.id = r.round_id JOIN department d ON d.id = r.department_id",
    "round_amendment": "SELECT a.uid, o.name, d.code, a.sequence, a.taken_at, a.reason "
    "FROM round_amendment a JOIN round o ON o.id = a.round_id "
    "JOIN department d ON d.id = a.department_id",
    "partnership_assessment": "SELECT o.name, d.code, p.code, a.unit, a.value "
    "FROM partnership_assessment a JOIN round o ON o.id = a.round_id "
    "JOIN department d ON d.id = a.department_id JOIN partnership p ON p.id = a.partnership_id",
    "partnership_conclusion": "SELECT o.name, p.code, c.recommendation, c.text "
    "FROM partnership_conclusion c JOIN round o ON o.id = c.round_id "
    "JOIN partnership p ON p.id = c.partnership_id",
}
FIELDS = {
    "measure": MEASURE_FIELDS,
    "department": DEPARTMENT_FIELDS,
    "round": ROUND_FIELDS,
    "imported_return": RETURN_FIELDS,
    "round_amendment": AMENDMENT_FIELDS,
    "partnership_assessment": ("value",),
    "partnership_conclusion": ("recommendation", "text"),
}
KEY_WIDTH = {"partnership_assessment": 4, "partnership_conclusion": 2}


@dataclass(frozen=True)
class Difference:
    """A row or field whose content is not what its history says: ``expected`` and ``found``
    as text (``None``: no such row)."""

    table: str
    row: str
    field: str | None
    expected: str | None
    found: str | None


def entry_text(answer: dict[str, Any]) -> str:
    """An answer as its return entry keeps it (JSON)."""
    return json.dumps(answer, ensure_ascii=False, sort_keys=True)


def entries_digest(entries: Iterable[tuple[str, str]]) -> str:
    """A return's entries (code, values as stored) as one SHA-256, in code order."""
    digest = hashlib.sha256()
    for code, values in sorted(entries):
        for part in (code, values):
            data = part.encode("utf-8")
            digest.update(len(data).to_bytes(4, "big") + data)
    return digest.hexdigest()


class _Fold:
    """The expected state: table → key → {field: value}, with :data:`PRESENT`."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[Key, dict[str, Any]]] = {name: {} for name in QUERIES}

    def create(self, table: str, key: Key, values: dict[str, Any] | None = None) -> None:
        known = {PRESENT: True}
        for name, value in (values or {}).items():
            if name in FIELDS[table]:
                known[name] = value
        self.tables[table][key] = known

    def set(self, table: str, key: Key, field: str, value: Any) -> None:
        if field in FIELDS[table]:
            self.tables[table].setdefault(key, {})[field] = value

    def delete(self, table: str, key: Key) -> None:
        self.tables[table][key] = {PRESENT: False}


Event = tuple[str, str, str, str | None, str | None, Any]
"""(at, actor, action, code, field, new value decoded)."""


def _measure(fold: _Fold, event: Event) -> None:
    _at, _actor, action, code, field, new = event
    key = (code or "",)
    if action == "create":
        fold.create("measure", key, new if isinstance(new, dict) else None)
    elif action == "delete":
        fold.delete("measure", key)
    elif field == "status" and isinstance(new, dict):  # a round's merge unit
        fold.set("measure", key, "status", new.get("status"))
        fold.set("measure", key, "status_reason", new.get("reason"))
    elif field is not None:
        fold.set("measure", key, field, new)


def _department(fold: _Fold, event: Event) -> None:
    _at, _actor, action, code, field, new = event
    key = (code or "",)
    if action == "create":
        fold.create("department", key, new if isinstance(new, dict) else None)
    elif field is not None:
        fold.set("department", key, field, new)


def _round(fold: _Fold, event: Event) -> None:
    at, actor, action, code, _field, new = event
    key = (code or "",)
    details = new if isinstance(new, dict) else {}
    if action == "create":
        fold.create("round", key, {**details, "status": "draft"})
    elif action in ("open", "reopen"):
        fold.set("round", key, "status", "open")
        if action == "open":
            fold.set("round", key, "opened_at", at)
        fold.set("round", key, "closed_at", None)
    elif action == "close":
        fold.set("round", key, "status", "closed")
        fold.set("round", key, "closed_at", at)
    elif action in ("import", "amend") and "return" in details:
        table = "imported_return" if action == "import" else "round_amendment"
        values = {
            "round": code,
            "department": details.get("department"),
            "sequence": details.get("sequence"),
            "imported_at" if action == "import" else "taken_at": at,
        }
        if "entries" in details:
            values["entries"] = details["entries"]
        if action == "amend":
            values["reason"] = details.get("reason")
        fold.create(table, (str(details["return"]),), values)
    elif action == "withdraw" and "return" in details:
        key = (str(details["return"]),)
        fold.set("imported_return", key, "withdrawn_at", at)
        fold.set("imported_return", key, "withdrawn_by", actor)
        fold.set("imported_return", key, "withdrawn_reason", details.get("reason"))


def _partnership(fold: _Fold, event: Event) -> None:
    _at, _actor, action, code, field, new = event
    if action == "assess" and field is not None and field.count("/") >= 2:
        round_name, department, unit = field.rsplit("/", 2)
        fold.create("partnership_assessment", (round_name, department, code or "", unit))
        fold.set("partnership_assessment", (round_name, department, code or "", unit), "value", new)
    elif action == "conclude" and field is not None and isinstance(new, dict):
        fold.create("partnership_conclusion", (field, code or ""), new)


FOLDERS: dict[str, Callable[[_Fold, Event], None]] = {
    "measure": _measure,
    "department": _department,
    "round": _round,
    "partnership": _partnership,
}

EVENTS = (
    "SELECT e.at, e.actor, e.action, e.entity_code, e.field, e.new_value, e.entity "
    "FROM audit_chain c JOIN audit_event e ON e.id = c.event_id "
    "WHERE e.entity IN ('measure', 'department', 'round', 'partnership') ORDER BY c.position"
)


def expected_state(connection: Connection) -> dict[str, dict[Key, dict[str, Any]]]:
    """The audit trail (in the chain's order) folded into the expected rows."""
    fold = _Fold()
    for at, actor, action, code, field, new, entity in connection.exec_driver_sql(EVENTS):
        try:
            value = None if new is None else json.loads(new)
        except ValueError:  # a damaged event: the chain check reports it
            continue
        FOLDERS[str(entity)](fold, (str(at), str(actor), str(action), code, field, value))
    return fold.tables


def _plain(value: Any) -> Any:
    """A value as the audit trail records it: booleans as 0/1, dates as ISO text."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return text if len(text) <= 80 else text[:79] + "…"


def replay(connection: Connection) -> tuple[list[Difference], int]:
    """Every difference between the register's content and its replayed history, and how many
    rows were compared."""
    expected = expected_state(connection)
    differences: list[Difference] = []
    compared = 0
    for table, query in QUERIES.items():
        wanted = expected[table]
        width = KEY_WIDTH.get(table, 1)
        seen: set[Key] = set()
        for row in connection.exec_driver_sql(query):
            key = tuple(str(part) for part in row[:width])
            seen.add(key)
            compared += 1
            found = dict(zip(FIELDS[table], row[width:], strict=True))
            if table == "imported_return" and "entries" in wanted.get(key, {}):
                found["entries"] = _entries(connection, key[0])
            differences.extend(_compare(table, key, wanted.get(key), found))
        for key, known in wanted.items():
            if known.get(PRESENT) and key not in seen:
                differences.append(Difference(table, "/".join(key), None, "present", None))
    return differences, compared


ENTRIES = text(
    'SELECT e.code, e."values" FROM return_entry e JOIN imported_return r ON r.id = e.return_id '
    "WHERE r.uid = :uid"
)


def _entries(connection: Connection, uid: str) -> str:
    rows = connection.execute(ENTRIES, {"uid": uid})
    return entries_digest((str(code), str(values)) for code, values in rows)


def _compare(
    table: str, key: Key, known: dict[str, Any] | None, found: dict[str, Any]
) -> list[Difference]:
    label = "/".join(key)
    if known is None or known.get(PRESENT) is False:  # never created, or deleted since
        return [Difference(table, label, None, None, "present")]
    result = []
    for field, value in known.items():
        if field == PRESENT:
            continue
        actual = found[field]
        if table == "partnership_assessment" and isinstance(actual, str):
            with contextlib.suppress(ValueError):
                actual = json.loads(actual)
        if _plain(value) != _plain(actual):
            result.append(Difference(table, label, field, _shown(value), _shown(_plain(actual))))
    return result
