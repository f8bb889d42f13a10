"""Reminders to every department that needs one (no Qt): one unsent e-mail draft (``.eml``) per
department whose return is missing, overdue or incomplete, in the department's language,
addressed to its e-mail address, with its latest round package attached.

The register knows each issued package's file name, its SHA-256 and (since schema 4) the folder
it was written to; the file is looked for there, or in the folder the caller names, and attached
only if it is exactly the package issued. Nothing is sent: the drafts are files to open in the
mail program (``X-Unsent: 1``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.fileio import os_reason
from app.i18n import N_, NP_, Message
from app.models import Department, IssuedPackage
from app.rounds import secretariat
from app.rounds.lookup import find_round
from app.rounds.reminders import REMINDABLE, Attachment, Reminder, compose, save_eml

MAX_PACKAGE_BYTES = 100 * 1024 * 1024
"""A file larger than this is not read as a round package (they are a few hundred KiB)."""


class PackagesFolderUnknown(InvalidInput):
    """Some packages of the round were issued before the register recorded their folder, and
    none was named: the caller has to say where they are."""


@dataclass(frozen=True)
class Draft:
    """One reminder written: for ``department``, to ``to`` (``None``: the register has no
    address), with the package ``attached`` (its file name) or ``missing_package`` saying why
    not."""

    department: str
    path: Path
    lang: str
    to: str | None
    attached: str | None
    missing_package: Message | None


@dataclass(frozen=True)
class Drafts:
    round_name: str
    folder: Path
    written: list[Draft]

    @property
    def without_address(self) -> list[str]:
        """The departments whose draft has no recipient (they have no e-mail address)."""
        return [draft.department for draft in self.written if draft.to is None]

    @property
    def without_package(self) -> list[Draft]:
        return [draft for draft in self.written if draft.attached is None]


def write_reminders(
    session: Session,
    round_name: str,
    out_dir: Path,
    *,
    packages: Path | None = None,
    sender: str = "",
    today: dt.date | None = None,
) -> Drafts:
    """Write a reminder draft into ``out_dir`` for every department of ``round_name`` that
    needs one. ``packages``: the folder holding the round packages (default: the folder each
    was issued to). Refused, with nothing written, where no department needs a reminder or
    where the packages' folder is unknown."""
    progress = secretariat.progress(session, round_name, today=today or dt.date.today())
    due = [row for row in progress.departments if row.state in REMINDABLE]
    if not due:
        raise InvalidInput(
            Message(
                N_(
                    "No department needs a reminder in the round “{name}”: every return is "
                    "complete, or no package has been issued yet."
                ),
                name=progress.name,
            )
        )
    codes = [row.code for row in due]
    departments = {
        department.code: department
        for department in session.scalars(select(Department).where(Department.code.in_(codes)))
    }
    latest = _latest_packages(session, round_name)
    unknown = [code for code in codes if code in latest and latest[code].folder is None]
    if packages is None and unknown:
        raise PackagesFolderUnknown(
            Message(
                N_(
                    "The register does not know where the round packages of {codes} were "
                    "written; name the folder that holds them (--packages)."
                ),
                codes=", ".join(unknown),
            )
        )
    prepared: list[tuple[Reminder, Message | None]] = []
    for row in due:
        department = departments[row.code]
        attachment, problem = _package(latest.get(row.code), packages)
        text = compose(
            session, progress, row, department.language, sender=sender, to=department.email
        )
        prepared.append((replace(text, attachment=attachment), problem))
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [
        Draft(
            department=text.department,
            path=save_eml(text, out_dir / text.default_file_name()),
            lang=text.lang,
            to=text.to,
            attached=text.attachment.file_name if text.attachment else None,
            missing_package=problem,
        )
        for text, problem in prepared
    ]
    return Drafts(round_name=progress.name, folder=out_dir, written=written)


def _latest_packages(session: Session, round_name: str) -> dict[str, IssuedPackage]:
    """Each department's latest package in the round, by department code."""
    round_ = find_round(session, round_name)
    found: dict[str, IssuedPackage] = {}
    for package in session.scalars(
        select(IssuedPackage)
        .where(IssuedPackage.round_id == round_.id)
        .order_by(IssuedPackage.issued_at, IssuedPackage.id)
    ):
        found[package.department.code] = package
    return found


def _package(
    package: IssuedPackage | None, packages: Path | None
) -> tuple[Attachment | None, Message | None]:
    """The issued ``package`` read from its folder (``packages``, else where it was written),
    or why it cannot be attached."""
    if package is None:
        return None, Message(N_("no package has been issued to it"))
    folder = packages or Path(package.folder or ".")
    path = folder / package.file_name
    try:
        if not path.is_file():
            return None, Message(
                N_("{file} is not in {folder}"), file=package.file_name, folder=folder
            )
        if path.stat().st_size > MAX_PACKAGE_BYTES:
            return None, _not_issued(path)
        data = path.read_bytes()
    except OSError as exc:
        return None, Message(
            N_("{file} cannot be read ({reason})"), file=path, reason=os_reason(exc)
        )
    if hashlib.sha256(data).hexdigest() != package.sha256:
        return None, _not_issued(path)
    return Attachment(package.file_name, data), None


def _not_issued(path: Path) -> Message:
    return Message(
        N_("{file} is not the package issued (its checksum differs); it was not attached"),
        file=str(path),
    )


def summary(drafts: Drafts) -> Message:
    """How many drafts were written, and where."""
    return Message(
        *NP_(
            "{n} reminder draft written to {folder}; nothing was sent.",
            "{n} reminder drafts written to {folder}; nothing was sent.",
        ),
        n=len(drafts.written),
        folder=drafts.folder,
    )


def draft_line(draft: Draft) -> Message:
    """``SMI (pl): …/Round_SMI.eml – to a@b.de, with the package Round_SMI.imag-round``"""
    return Message(
        N_("{department} ({language}): {path} – {details}"),
        department=draft.department,
        language=draft.lang,
        path=draft.path,
        details=draft_details(draft),
    )


def draft_details(draft: Draft) -> Message:
    """To whom a draft is addressed and whether the package is attached (or why not)."""
    recipient = (
        Message(N_("to {address}"), address=draft.to)
        if draft.to
        else Message(N_("no e-mail address"))
    )
    if draft.attached is not None:
        return Message(
            N_("{recipient}, with the package {package}"),
            recipient=recipient,
            package=draft.attached,
        )
    return Message(
        N_("{recipient}, without the package: {reason}"),
        recipient=recipient,
        reason=draft.missing_package or "–",
    )


def no_address_note(codes: list[str]) -> Message:
    """What to do about the departments without an e-mail address."""
    return Message(
        *NP_(
            "No e-mail address in the register for {codes}: its draft has no recipient. Add "
            "the address in the reference data or with “imag departments import”.",
            "No e-mail address in the register for {codes}: their drafts have no recipient. "
            "Add the addresses in the reference data or with “imag departments import”.",
        ),
        codes=", ".join(codes),
        n=len(codes),
    )
