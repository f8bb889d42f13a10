"""What the register has already taken of a department's returns: the returns imported and
those taken as amendments (a file or a return taken twice is refused), and the latest version
taken, which a new return must follow. Each read in one query (a return is checked against
both tables at once).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, Select, func, literal_column, select, union_all
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.errors import PackageRefused
from app.i18n import N_, Message
from app.models import Department, ImportedReturn, Round, RoundAmendment


class AlreadyImported(PackageRefused):
    """The same return was imported before; nothing was changed."""


@dataclass(frozen=True)
class Taken:
    """A return the register took before: imported, or taken as an amendment."""

    amendment: bool
    sha256: str
    uid: str
    date: str  # when it was imported or taken
    department: str
    sequence: int


def taken_like(session: Session, *, sha256: str, uid: str) -> list[Taken]:
    """The returns taken before with the file's ``sha256`` or the return's ``uid``, imported
    ones first (one query over both tables)."""
    imported = _with(ImportedReturn, ImportedReturn.imported_at, sha256=sha256, uid=uid)
    amended = _with(RoundAmendment, RoundAmendment.taken_at, sha256=sha256, uid=uid)
    rows = session.execute(union_all(imported, amended)).all()
    return sorted(
        (Taken(bool(row[0]), row[1], row[2], row[3], row[4], row[5]) for row in rows),
        key=lambda taken: taken.amendment,
    )


def _with(
    model: type[ImportedReturn] | type[RoundAmendment],
    date: InstrumentedAttribute[str],
    *,
    sha256: str,
    uid: str,
) -> Select[int, str, str, str, str, int]:
    """The rows of ``model`` (imports or amendments) with ``sha256`` or ``uid``, as :class:`Taken`
    reads them; ``date``: when each was taken."""
    amendment = "1" if model is RoundAmendment else "0"
    return (
        select(
            literal_column(amendment, Integer).label("amendment"),
            model.sha256,
            model.uid,
            date.label("date"),
            Department.code,
            model.sequence,
        )
        .join(Department, Department.id == model.department_id)
        .where((model.sha256 == sha256) | (model.uid == uid))
    )


def refuse_if_taken(
    name: str, taken: list[Taken], *, sha256: str | None = None, uid: str | None = None
) -> None:
    """Refuse a return imported before or taken as an amendment (the same file by ``sha256``,
    or the same return by ``uid``), among ``taken`` (:func:`taken_like`)."""
    found = next(
        (t for t in taken if (t.sha256 == sha256 if sha256 else t.uid == uid)),
        None,
    )
    if found is None:
        return
    if found.amendment:
        text = N_(
            "The return {file} was already taken as an amendment on {date} (from "
            "{department}, version {sequence}); nothing was changed."
        )
    else:
        text = N_(
            "The return {file} was already imported on {date} (from {department}, "
            "version {sequence}); nothing was changed."
        )
    raise AlreadyImported(
        Message(
            text,
            file=name,
            date=found.date[:10],
            department=found.department,
            sequence=found.sequence,
        )
    )


def latest_version(session: Session, round_: Round, department: Department) -> int | None:
    """The latest version of ``department``'s return taken for ``round_``: imported (and not
    withdrawn) or taken as an amendment; None if there is none (one query)."""
    imported = select(func.max(ImportedReturn.sequence)).where(
        ImportedReturn.round_id == round_.id,
        ImportedReturn.department_id == department.id,
        ImportedReturn.withdrawn_at.is_(None),
    )
    amended = select(func.max(RoundAmendment.sequence)).where(
        RoundAmendment.round_id == round_.id,
        RoundAmendment.department_id == department.id,
    )
    row = session.execute(select(imported.scalar_subquery(), amended.scalar_subquery())).one()
    found = [version for version in row if version is not None]
    return max(found) if found else None
