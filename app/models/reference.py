"""Reference data: departments, partners, partnerships and the strategy's other named lists."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, str_enum
from app.models.enums import PartnerKind, PartnershipKind, PartnershipStatus


class Department(Base):
    """A ministry, the State Chancellery or an authority; editable by the secretariat."""

    __tablename__ = "department"
    __table_args__ = (CheckConstraint("language IN ('de', 'pl', 'cs')", name="language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    """Counted up by each change: a save based on an older revision is refused."""
    code: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[str] = mapped_column(String(24))
    name_de: Mapped[str] = mapped_column(Text)
    name_pl: Mapped[str | None] = mapped_column(Text)
    name_cs: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
    retired: Mapped[bool] = mapped_column(default=False)
    email: Mapped[str | None] = mapped_column(Text)  # where its reminders go
    language: Mapped[str] = mapped_column(String(2), default="de", server_default="de")
    """The language of the reminders it gets: de, pl or cs."""


class Partner(Base):
    """A country, region or organisation the Free State works with."""

    __tablename__ = "partner"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    """Counted up by each change: a save based on an older revision is refused."""
    code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[PartnerKind] = mapped_column(str_enum(PartnerKind, "partner_kind"))
    country: Mapped[str | None] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    name_de: Mapped[str] = mapped_column(Text)
    name_pl: Mapped[str | None] = mapped_column(Text)
    name_cs: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)

    # every UPDATE through the ORM counts the revision up (and is refused if the row changed
    # since it was read): app.partnerships.revisions
    __mapper_args__ = {"version_id_col": revision}  # noqa: RUF012 (SQLAlchemy reads it)


class Partnership(Base):
    __tablename__ = "partnership"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    """Counted up by each change: a save based on an older revision is refused."""
    code: Mapped[str] = mapped_column(String(32), unique=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id"))
    kind: Mapped[PartnershipKind] = mapped_column(str_enum(PartnershipKind, "partnership_kind"))
    status: Mapped[PartnershipStatus] = mapped_column(
        str_enum(PartnershipStatus, "partnership_status")
    )
    since_year: Mapped[int | None]
    status_since: Mapped[str | None] = mapped_column(String(10))  # ISO date, e.g. dormant since
    basis_de: Mapped[str | None] = mapped_column(Text)  # e.g. "Gemeinsame Erklärung"
    signatory_department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    note_de: Mapped[str | None] = mapped_column(Text)
    source_first_line: Mapped[int | None]
    source_last_line: Mapped[int | None]

    partner: Mapped[Partner] = relationship()
    signatory: Mapped[Department | None] = relationship()

    __mapper_args__ = {"version_id_col": revision}  # noqa: RUF012 (as for a partner)


class ReferenceItem(Base):
    """The strategy's other named lists: liaison offices, target countries for skilled workers,
    dialogue formats, sectors for thematic partnerships, cross-border counterparts."""

    __tablename__ = "reference_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    list_key: Mapped[str] = mapped_column(String(32), index=True)
    code: Mapped[str] = mapped_column(String(48), unique=True)
    position: Mapped[int]
    name_de: Mapped[str] = mapped_column(Text)
    name_pl: Mapped[str | None] = mapped_column(Text)
    name_cs: Mapped[str | None] = mapped_column(Text)
    detail_de: Mapped[str | None] = mapped_column(Text)
    since_year: Mapped[int | None]
    ref: Mapped[str | None] = mapped_column(String(48))  # a related partner or measure code
    source_first_line: Mapped[int | None]
    source_last_line: Mapped[int | None]
