"""The append-only audit trail and the register's own metadata."""

from __future__ import annotations

import getpass

from sqlalchemy import DDL, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


def os_account() -> str | None:
    """The operating-system account this program runs under (recorded with every event)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name in the environment
        return None


class AuditEvent(Base):
    """One recorded change: who, when, what (entity, field), old and new value, from where.

    Values are stored as JSON text. Triggers in the database refuse UPDATE and DELETE on this
    table, so the trail can only grow.
    """

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[str] = mapped_column(String(32), index=True)  # UTC, ISO 8601
    actor: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(16))  # create, update, archive, delete, ...
    entity: Mapped[str] = mapped_column(String(24))  # measure, department, register, ...
    entity_code: Mapped[str | None] = mapped_column(Text, index=True)
    field: Mapped[str | None] = mapped_column(Text)  # a round's name with more, too
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)  # app, cli, catalogue, demo, package:<id>
    os_user: Mapped[str | None] = mapped_column(Text, default=os_account)
    db_role: Mapped[str | None] = mapped_column(Text)  # on a server: CURRENT_USER by default


class AuditChain(Base):
    """The audit trail's hash chain (app.storage.integrity): one row per event, in the order
    the events were appended, written by a trigger in the same statement as the event."""

    __tablename__ = "audit_chain"
    __table_args__ = (UniqueConstraint("event_id"),)

    position: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int]
    hash: Mapped[str] = mapped_column(String(64))


class RowDigest(Base):
    """A row's digest on a register file (app.storage.integrity), kept by triggers."""

    __tablename__ = "row_digest"

    tbl: Mapped[str] = mapped_column(String(48), primary_key=True)
    row_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    digest: Mapped[str] = mapped_column(Text)


AUDIT_TRIGGERS = (
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
    "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
)

for _statement in AUDIT_TRIGGERS:
    _trigger = DDL(_statement).execute_if(dialect="sqlite")  # type: ignore[no-untyped-call]
    event.listen(AuditEvent.__table__, "after_create", _trigger)


class RegisterMeta(Base):
    """Key/value facts about the register file: its id, kind (real or demo), catalogue."""

    __tablename__ = "register_meta"

    key: Mapped[str] = mapped_column(String(48), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
