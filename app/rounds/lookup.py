"""Finding the secretariat's rounds by name, and the file names of their packages.

Both sides of a round and the partnership evaluation import this module; it imports none of
them."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound
from app.i18n import N_, Message
from app.models import Round, RoundKind

ROUND_SUFFIX = ".imag-round"
RETURN_SUFFIX = ".imag-return"


def find_round(session: Session, name: str) -> Round:
    """The round called ``name`` (or with that uid); :class:`~app.errors.NotFound` naming the
    rounds there are otherwise."""
    found = session.scalar(select(Round).where(Round.name == name.strip()))
    if found is None:
        found = session.scalar(select(Round).where(Round.uid == name.strip()))
    if found is None:
        names = session.scalars(select(Round.name).order_by(Round.created_at)).all()
        raise NotFound(
            Message(
                N_("There is no evaluation round “{name}”. Rounds in this register: {names}."),
                name=name,
                names=", ".join(names) if names else "–",
            )
        )
    return found


def list_rounds(session: Session, *, kind: RoundKind | None = None) -> list[Round]:
    """The register's rounds, oldest first; with ``kind``, only the rounds of that kind (e.g.
    those a partnership evaluation report can be about)."""
    statement = select(Round).order_by(Round.created_at, Round.id)
    if kind is not None:
        statement = statement.where(Round.kind == kind)
    return list(session.scalars(statement))


def slug(name: str) -> str:
    """``name`` as a part of a file name (a round's packages, returns and reminders)."""
    found = re.sub(r"[^\w.-]+", "-", name, flags=re.UNICODE).strip("-.")
    return found[:60] or "round"
