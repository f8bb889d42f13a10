"""“Reminders to all…” on a round's page: one e-mail draft per department that needs one, written
on the database worker into a folder the user chooses, each addressed, in the department's
language, with its round package attached; then what was written, for whom, and who has no
e-mail address. Nothing is sent (:mod:`app.rounds.reminder_drafts`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from app.errors import UserError
from app.rounds import reminder_drafts
from app.ui.rounds.round_dialogs import ResultLine
from app.ui.widgets import ScreenContext, choose_folder

FOLDER_KEY = "rounds/reminders"
PACKAGES_KEY = "rounds/folder"  # where the packages were last issued to

ShowResults = Callable[[str, str, list[ResultLine], Path], None]
Say = Callable[..., None]


def remind_all(
    parent: QWidget,
    context: ScreenContext,
    round_name: str | None,
    *,
    show: ShowResults,
    say: Say,
) -> None:
    """Ask for the drafts' folder and write them; ``show(title, summary, lines, folder)`` gets
    what was written, ``say(text, error=True)`` a refusal. Where the register does not know
    the packages' folder, it is asked for and the drafts are written then."""
    if round_name is None:
        return
    tr, _ = context.tr, context.tr.gettext
    folder = choose_folder(
        parent, context.settings, FOLDER_KEY, _("Folder for the reminder drafts")
    )
    if folder is None:
        return
    context.settings.setValue(FOLDER_KEY, str(folder))
    sender = context.actor().name

    def write(packages: Path | None) -> None:
        def job(session: Session) -> reminder_drafts.Drafts:
            return reminder_drafts.write_reminders(
                session, round_name, folder, packages=packages, sender=sender
            )

        context.worker.run(job, done, on_error=lambda error: failed(error, packages))

    def done(drafts: reminder_drafts.Drafts) -> None:
        summary, lines = drafts_summary(context, drafts)
        show(_("Reminders to all"), summary, lines, folder)

    def failed(error: UserError, packages: Path | None) -> None:
        if isinstance(error, reminder_drafts.PackagesFolderUnknown) and packages is None:
            say(tr.render(error.message), error=True)
            found = choose_folder(
                parent, context.settings, PACKAGES_KEY, _("Folder with the round packages")
            )
            if found is not None:
                write(found)
            return
        say(tr.render(error.message), error=True)

    write(None)


def drafts_summary(
    context: ScreenContext, drafts: reminder_drafts.Drafts
) -> tuple[str, list[ResultLine]]:
    """The summary (how many, where, who has no address) and a line per draft."""
    tr, _ = context.tr, context.tr.gettext
    summary = tr.render(reminder_drafts.summary(drafts))
    if drafts.without_address:
        summary += "\n" + tr.render(reminder_drafts.no_address_note(drafts.without_address))
    lines = [
        ResultLine(
            "complete" if draft.to and draft.attached else "partial",
            _("addressed") if draft.to else _("no e-mail address"),
            draft.path.name,
            f"{draft.department} ({draft.lang})",
            tr.render(reminder_drafts.draft_details(draft)),
        )
        for draft in drafts.written
    ]
    return summary, lines
