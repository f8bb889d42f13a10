"""Evaluation rounds on the secretariat's side: the round and its scope, the packages issued to
the departments (with the values each one carried), the returns imported, the conflicts they
raised, the proposals they brought, and the snapshot frozen when the round was closed.

Values that travel in packages are kept as JSON text (``values``): exactly what was issued or
returned, so that a conflict can show the register's value, the issued value and the returned
value side by side, and so that history never depends on the measure as it is today.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    DDL,
    Date,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, str_enum
from app.models.enums import (
    ConflictState,
    ProposalState,
    RoundKind,
    RoundStatus,
)
from app.models.reference import Department


class Round(Base):
    __tablename__ = "round"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)  # travels in every package
    name: Mapped[str] = mapped_column(Text, unique=True)
    kind: Mapped[RoundKind] = mapped_column(str_enum(RoundKind, "round_kind"))
    status: Mapped[RoundStatus] = mapped_column(str_enum(RoundStatus, "round_status"))
    period_start: Mapped[dt.date | None] = mapped_column(Date)
    period_end: Mapped[dt.date | None] = mapped_column(Date)
    deadline: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    instruments: Mapped[str | None] = mapped_column(Text)  # JSON list of roman numerals; null: all
    # the exchange format its packages use: 1, returns MAC'd with a key the round package
    # carries; 2, returns signed by the department's own key (its secret: app.rounds.keys)
    format_version: Mapped[int] = mapped_column(default=2, server_default="1")
    created_at: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(Text)
    opened_at: Mapped[str | None] = mapped_column(String(32))
    closed_at: Mapped[str | None] = mapped_column(String(32))

    departments: Mapped[list[RoundDepartment]] = relationship(
        back_populates="round", cascade="all, delete-orphan"
    )


class RoundDepartment(Base):
    """A department in a round's scope."""

    __tablename__ = "round_department"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("round.id", ondelete="CASCADE"), primary_key=True
    )
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), primary_key=True)

    round: Mapped[Round] = relationship(back_populates="departments")
    department: Mapped[Department] = relationship()


class IssuedPackage(Base):
    """A round package written for one department. A later issue for the same department
    supersedes it; returns that answer it are still accepted and compared with its values."""

    __tablename__ = "issued_package"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    issued_at: Mapped[str] = mapped_column(String(32))
    issued_by: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(Text)
    folder: Mapped[str | None] = mapped_column(Text)  # where it was written (absolute path)

    items: Mapped[list[IssuedItem]] = relationship(
        back_populates="package", cascade="all, delete-orphan", order_by="IssuedItem.position"
    )
    department: Mapped[Department] = relationship()


class IssuedItem(Base):
    """One measure (or partnership) in an issued package, with the values it carried."""

    __tablename__ = "issued_item"
    __table_args__ = (UniqueConstraint("package_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[int] = mapped_column(
        ForeignKey("issued_package.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    code: Mapped[str] = mapped_column(String(48))
    measure_id: Mapped[int | None] = mapped_column(
        ForeignKey("measure.id", ondelete="SET NULL"), index=True
    )
    revision: Mapped[int | None]  # the measure's revision when it was issued
    values: Mapped[str] = mapped_column(Text)  # JSON

    package: Mapped[IssuedPackage] = relationship(back_populates="items")


class ImportedReturn(Base):
    """A return package the secretariat imported (kept whole, also once superseded)."""

    __tablename__ = "imported_return"
    __table_args__ = (UniqueConstraint("round_id", "department_id", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    package_id: Mapped[int] = mapped_column(ForeignKey("issued_package.id"))
    sequence: Mapped[int]  # the department's export counter for this round: 1, 2, ...
    created_at: Mapped[str] = mapped_column(String(32))  # when the department exported it
    author: Mapped[str | None] = mapped_column(Text)
    imported_at: Mapped[str] = mapped_column(String(32))
    imported_by: Mapped[str] = mapped_column(Text)
    encrypted: Mapped[bool] = mapped_column(default=False)
    file_name: Mapped[str] = mapped_column(Text)
    # withdrawn by the secretariat (a bogus version): no longer the department's latest, so
    # that its genuine later returns are accepted again; kept, with why and by whom
    withdrawn_at: Mapped[str | None] = mapped_column(String(32))
    withdrawn_by: Mapped[str | None] = mapped_column(Text)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)

    entries: Mapped[list[ReturnEntry]] = relationship(
        back_populates="imported_return", cascade="all, delete-orphan"
    )
    department: Mapped[Department] = relationship()
    package: Mapped[IssuedPackage] = relationship()


class ReturnEntry(Base):
    """One answer in an imported return: the values the department sent for one item."""

    __tablename__ = "return_entry"
    __table_args__ = (UniqueConstraint("return_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(
        ForeignKey("imported_return.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(48))
    measure_id: Mapped[int | None] = mapped_column(
        ForeignKey("measure.id", ondelete="SET NULL"), index=True
    )
    values: Mapped[str] = mapped_column(Text)  # JSON

    imported_return: Mapped[ImportedReturn] = relationship(back_populates="entries")


class Conflict(Base):
    """A field where the returned value differs from the issued one and the secretariat changed
    the register since the package was issued: resolved field by field, never silently."""

    __tablename__ = "conflict"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id"), index=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("imported_return.id"), index=True)
    code: Mapped[str] = mapped_column(String(48))
    measure_id: Mapped[int | None] = mapped_column(ForeignKey("measure.id", ondelete="SET NULL"))
    field: Mapped[str] = mapped_column(Text)
    register_value: Mapped[str | None] = mapped_column(Text)  # JSON, when the return came in
    issued_value: Mapped[str | None] = mapped_column(Text)
    returned_value: Mapped[str | None] = mapped_column(Text)
    state: Mapped[ConflictState] = mapped_column(str_enum(ConflictState, "conflict_state"))
    resolved_value: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[str | None] = mapped_column(String(32))
    resolved_by: Mapped[str | None] = mapped_column(Text)

    imported_return: Mapped[ImportedReturn] = relationship()


class Proposal(Base):
    """A new measure a department proposed in its return."""

    __tablename__ = "proposal"

    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("imported_return.id"), index=True)
    position: Mapped[int]
    instrument: Mapped[str] = mapped_column(String(8))
    title_de: Mapped[str] = mapped_column(Text)
    description_de: Mapped[str | None] = mapped_column(Text)
    rationale: Mapped[str | None] = mapped_column(Text)
    state: Mapped[ProposalState] = mapped_column(str_enum(ProposalState, "proposal_state"))
    measure_code: Mapped[str | None] = mapped_column(String(32))  # once accepted
    decided_at: Mapped[str | None] = mapped_column(String(32))
    decided_by: Mapped[str | None] = mapped_column(Text)

    imported_return: Mapped[ImportedReturn] = relationship()


class RoundAmendment(Base):
    """A return that arrived after its round was closed, taken as an amendment: kept with its
    answers as they came, shown beside the round; the closed round's snapshot, its reports and
    the register's measures stay as they were."""

    __tablename__ = "round_amendment"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    package_id: Mapped[int] = mapped_column(ForeignKey("issued_package.id"))
    sequence: Mapped[int]
    created_at: Mapped[str] = mapped_column(String(32))  # when the department exported it
    author: Mapped[str | None] = mapped_column(Text)
    taken_at: Mapped[str] = mapped_column(String(32))
    taken_by: Mapped[str] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    encrypted: Mapped[bool] = mapped_column(default=False)
    file_name: Mapped[str] = mapped_column(Text)
    answers: Mapped[str] = mapped_column(Text)  # JSON: {code: the answer, checked}
    proposals: Mapped[str] = mapped_column(Text)  # JSON: the proposals as they came

    department: Mapped[Department] = relationship()


class DepartmentKey(Base):
    """A department's Ed25519 public key, with which it signs its returns: registered on its
    first signed return (trust on first use) or from a file it exported; a replaced key is kept
    (``replaced_at``) so that the history shows which key was trusted when."""

    __tablename__ = "department_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)  # raw 32 bytes
    registered_at: Mapped[str] = mapped_column(String(32))
    registered_by: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16))  # "return" or "file"
    replaced_at: Mapped[str | None] = mapped_column(String(32))

    department: Mapped[Department] = relationship()


class SupersededSnapshot(Base):
    """A closed round's snapshot set aside when the round was reopened (kept as evidence of
    what its reports said; never changed)."""

    __tablename__ = "round_snapshot_superseded"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id"), index=True)
    created_at: Mapped[str] = mapped_column(String(32))
    superseded_at: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    schema_version: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class RoundSnapshot(Base):
    """The register as it was when a round was closed (a compressed SQLite copy) with the
    returns accepted by then; reports for the round are rebuilt from it. Never changed."""

    __tablename__ = "round_snapshot"

    round_id: Mapped[int] = mapped_column(ForeignKey("round.id"), primary_key=True)
    created_at: Mapped[str] = mapped_column(String(32))
    schema_version: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))  # of the uncompressed database
    data: Mapped[bytes] = mapped_column(LargeBinary)


SNAPSHOT_TRIGGERS = (
    "CREATE TRIGGER round_snapshot_no_update BEFORE UPDATE ON round_snapshot "
    "BEGIN SELECT RAISE(ABORT, 'a round snapshot is immutable'); END",
    "CREATE TRIGGER round_snapshot_no_delete BEFORE DELETE ON round_snapshot "
    "BEGIN SELECT RAISE(ABORT, 'a round snapshot is immutable'); END",
)

for _statement in SNAPSHOT_TRIGGERS:
    _trigger = DDL(_statement).execute_if(dialect="sqlite")  # type: ignore[no-untyped-call]
    event.listen(RoundSnapshot.__table__, "after_create", _trigger)

Index("ix_conflict_open", Conflict.round_id, Conflict.state)
