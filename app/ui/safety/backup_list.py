"""The backups as the recovery dialog and the Backups dialog list them, and the question asked
before a restore: what will be lost, said before it happens."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from app.errors import UserError
from app.i18n import N_, NP_, Message, Translator
from app.paths import AppPaths
from app.storage import rescue
from app.storage.backup_texts import OUTSIDE, content, history, reason
from app.storage.rescue import BackupInfo, RestorePlan
from app.ui.widgets import choose_target, fit_columns, tree

CHECK, HISTORY = 2, 3
"""The columns of the check and of the history's head."""


def backup_tree(tr: Translator) -> QTreeWidget:
    _ = tr.gettext
    return tree(_("Backups"), [_("Date"), _("Kind"), _("Check"), _("History"), _("Content")])


def fill_backups(widget: QTreeWidget, tr: Translator, found: list[BackupInfo]) -> None:
    """One row per backup, newest first; the row's data is the backup's index in ``found``."""
    widget.clear()
    for index, info in enumerate(found):
        check = tr.gettext("sound") if info.sound else tr.gettext("damaged")
        # The day above the time and each count on a line of its own: the list fits a narrow
        # window (150 % on 1366×768) without scrolling sideways.
        when = tr.timestamp(info.when.isoformat(), local=True)
        item = QTreeWidgetItem(
            [
                "\n".join(when.rsplit(" ", 1)),
                reason(tr, info.reason),
                check,
                history(tr, info),
                content(tr, info).replace(", ", "\n"),
            ]
        )
        item.setData(0, Qt.ItemDataRole.UserRole, index)
        if info.problem is not None:
            item.setToolTip(CHECK, tr.render(info.problem))
        if info.head is not None:
            tip = info.head.hash
            if info.outside_history:
                tip = tr.gettext(OUTSIDE) + "\n" + tip
            item.setToolTip(HISTORY, tip)
        widget.addTopLevelItem(item)
    fit_columns(widget)


def restore_question(tr: Translator, plan: RestorePlan, when: str) -> str:
    """What a restore of ``plan.source`` (a backup of ``when``) will do and lose."""
    parts = []
    if plan.other_kind is not None:
        parts.append(tr.render(plan.other_kind))
    loss = plan.loss
    if not loss.readable:
        parts.append(
            tr.gettext(
                "The current register cannot be read, so what it holds beyond the backup "
                "cannot be listed. It is kept aside as evidence in the backups folder."
            )
        )
    elif loss.empty:
        parts.append(tr.gettext("The backup holds everything the current register holds."))
    else:
        parts.append(
            tr.render(
                Message(
                    N_(
                        "The restore loses what was changed since the backup: history "
                        "entries: {events}; measures: {measures}; rounds: {rounds}."
                    ),
                    events=loss.events,
                    measures=loss.measures,
                    rounds=loss.rounds,
                )
            )
        )
        parts.append(tr.gettext("The latest changes the backup lacks:"))
        parts[-1] += "".join("\n  " + "  ".join(p for p in row[:6] if p) for row in loss.latest)
    if loss.readable:
        parts.append(tr.gettext("The current register is kept as a safety copy first."))
    parts.append(tr.gettext("Restore the backup of {date} now?").format(date=when))
    return "\n\n".join(parts)


Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[UserError], None]], None]
"""Runs a job off the UI thread: ``run(job, on_done, on_error)``."""


def export_readable(
    parent: QWidget,
    tr: Translator,
    paths: AppPaths,
    run: Runner,
    say: Callable[[str, bool], None],
) -> None:
    """Ask where to write what the register still holds (JSON), write it off the UI thread,
    and ``say(text, is_error)`` how it went."""
    _ = tr.gettext
    suggested = str(Path.home() / "imag-register-rescued.json")
    target = choose_target(parent, _("Export readable data"), suggested, _("JSON (*.json)"))
    if not target:
        return

    def done(rescued: rescue.Rescued) -> None:
        text = tr.render(
            Message(
                *NP_(
                    "{n} measure was written to {path}.",
                    "{n} measures were written to {path}.",
                ),
                n=rescued.written,
                path=target,
            )
        )
        if rescued.skipped:
            text += " " + tr.render(
                Message(
                    N_("These measures could not be read: {codes}."),
                    codes=", ".join(rescued.skipped),
                )
            )
        say(text, False)

    run(
        lambda: rescue.export_readable(paths, Path(target)),
        done,
        lambda error: say(tr.render(error.message), True),
    )
