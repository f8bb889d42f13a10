"""Evaluation rounds on a department's side: the round packages it opened (its workspace), the
answers it is typing (drafts, saved as they are typed) and the returns it exported.

The workspace keeps its own copy of what the package carried: the measures in it need not exist
in this laptop's register (the secretariat's register may have measures added since).
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base


class TrustedIssuer(Base):
    """The secretariat register whose signing key this workspace accepted the first time."""

    __tablename__ = "ws_issuer"

    register_uid: Mapped[str] = mapped_column(String(36), primary_key=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)  # Ed25519, raw 32 bytes
    first_seen: Mapped[str] = mapped_column(String(32))
    revoked_keys: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")  # JSON


class WorkspaceRound(Base):
    __tablename__ = "ws_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_uid: Mapped[str] = mapped_column(String(36), unique=True)
    package_uid: Mapped[str] = mapped_column(String(36))  # the newest package opened
    issued_at: Mapped[str] = mapped_column(String(32))
    issuer_uid: Mapped[str] = mapped_column(ForeignKey("ws_issuer.register_uid"))
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    department: Mapped[str] = mapped_column(String(16))
    deadline: Mapped[str] = mapped_column(String(10))
    payload: Mapped[str] = mapped_column(Text)  # the package's payload (JSON), verified
    # format 1: the key that MACs this department's returns (empty in format 2, where the
    # department signs them with its own key, kept in the profile)
    return_key: Mapped[bytes] = mapped_column(LargeBinary)
    format_version: Mapped[int] = mapped_column(default=2, server_default="1")
    recipient_key: Mapped[bytes] = mapped_column(LargeBinary)  # X25519 public key (HPKE)
    opened_at: Mapped[str] = mapped_column(String(32))
    last_sequence: Mapped[int] = mapped_column(default=0)

    answers: Mapped[list[WorkspaceAnswer]] = relationship(
        back_populates="round", cascade="all, delete-orphan"
    )


class WorkspaceAnswer(Base):
    """The department's answer for one item of a round, as typed so far."""

    __tablename__ = "ws_answer"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("ws_round.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(48), primary_key=True)
    values: Mapped[str] = mapped_column(Text)  # JSON
    updated_at: Mapped[str] = mapped_column(String(32))

    round: Mapped[WorkspaceRound] = relationship(back_populates="answers")


class WorkspaceProposal(Base):
    """A new measure the department proposes in its return."""

    __tablename__ = "ws_proposal"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("ws_round.id", ondelete="CASCADE"))
    values: Mapped[str] = mapped_column(Text)  # JSON: instrument, title_de, description, ...
    updated_at: Mapped[str] = mapped_column(String(32))


class WorkspaceExport(Base):
    """A return package this workspace wrote."""

    __tablename__ = "ws_export"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("ws_round.id", ondelete="CASCADE"))
    sequence: Mapped[int]
    return_uid: Mapped[str] = mapped_column(String(36), unique=True)
    exported_at: Mapped[str] = mapped_column(String(32))
    file_name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    encrypted: Mapped[bool] = mapped_column(default=False)
    answers: Mapped[int]
