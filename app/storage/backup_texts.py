"""The backups described in words, for the window's lists and ``imag db backups``: why each
was taken, what it holds, and the audit chain's head it records."""

from __future__ import annotations

from app.i18n import N_, NP_, Message, Translator
from app.storage.rescue import BackupInfo

REASONS = {
    "daily": N_("automatic (daily)"),
    "manual": N_("manual"),
    "before-restore": N_("safety copy before a restore"),
    "before-restore-damaged": N_("damaged register kept before a restore"),
}
UPDATE_REASON = N_("safety copy before an update")


def reason(tr: Translator, name: str) -> str:
    """Why a backup was taken (its name's reason: ``daily``, ``before-update-v8``, ...)."""
    if name.startswith("before-update"):
        return tr.gettext(UPDATE_REASON)
    return tr.gettext(REASONS[name]) if name in REASONS else name


def content(tr: Translator, info: BackupInfo) -> str:
    if info.measures is None or info.rounds is None:
        return tr.gettext("cannot be read")
    measures = tr.render(Message(*NP_("{n} measure", "{n} measures"), n=info.measures))
    rounds = tr.render(Message(*NP_("{n} round", "{n} rounds"), n=info.rounds))
    return f"{measures}, {rounds}"


def history(tr: Translator, info: BackupInfo) -> str:
    """The chain head the backup holds: its short hash and how many history entries lead to
    it, flagged if it is not in the register's current history."""
    if info.head is None:
        return "-"
    text = tr.render(
        Message(
            *NP_("{hash} ({n} entry)", "{hash} ({n} entries)"),
            hash=info.head.short,
            n=info.head.position,
        )
    )
    if info.outside_history:
        text += " – " + tr.gettext("not in the current history")
    return text


OUTSIDE = N_(
    "The history this backup holds is not part of the register's current history: the "
    "history was rewritten since, or the backup is of another register."
)
