"""The files of the secretariat's rounds screen: what issuing the packages wrote, and importing
return packages: the files are imported one after the other on the database worker, so that the
window stays responsive and the import can be cancelled between two files; what came of each is
a summary and one line per file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.errors import UserError
from app.i18n import Translator
from app.operations.context import Actor
from app.rounds import secretariat
from app.rounds.secretariat import ImportOutcome, Issued
from app.ui.rounds.round_dialogs import ResultLine
from app.ui.rounds.round_labels import IMPORT_STATE
from app.ui.worker import DbWorker


class ReturnsImport:
    """One import of return files: :meth:`start` imports them in order, calling ``on_step``
    with the number of files done after each and ``on_done`` at the end (or once cancelled)."""

    def __init__(
        self,
        worker: DbWorker,
        actor: Callable[[], Actor],
        *,
        on_step: Callable[[int], None],
        on_done: Callable[[], None],
    ) -> None:
        self._worker = worker
        self._actor = actor
        self._on_step = on_step
        self._on_done = on_done
        self.files: list[Path] = []
        self.outcomes: list[ImportOutcome] = []
        self.cancelled = False

    def start(self, files: list[Path]) -> None:
        self.files = files
        self._import(0)

    def cancel(self) -> None:
        """Stop after the file being imported."""
        self.cancelled = True

    @property
    def stopped_early(self) -> bool:
        """Cancelled before every file was looked at."""
        return self.cancelled and len(self.outcomes) < len(self.files)

    def _import(self, index: int) -> None:
        if self.cancelled or index >= len(self.files):
            self._on_done()
            return
        path = self.files[index]
        actor = self._actor()
        got: list[ImportOutcome] = []

        def refused(error: UserError) -> None:
            got.append(ImportOutcome(path, "refused", error.message))

        def stepped() -> None:
            if not got:  # an internal error (already reported): stop here
                self.cancelled = True
            self.outcomes += got
            self._on_step(index + 1)
            self._import(index + 1)

        self._worker.run(
            lambda s: secretariat.import_returns(s, actor, [path]),
            got.extend,
            on_error=refused,
            on_finished=stepped,
        )


def import_summary(
    tr: Translator, done: ReturnsImport
) -> tuple[str, dict[str, int], list[ResultLine]]:
    """What an import did: a summary, how many files ended in each state, a line per file."""
    _ = tr.gettext
    outcomes = done.outcomes
    counts = {state: sum(1 for o in outcomes if o.state == state) for state in IMPORT_STATE}
    if not done.files:
        summary = _("No return packages (*{suffix}) were found there.").format(
            suffix=secretariat.RETURN_SUFFIX
        )
    else:
        summary = _(
            "Imported: {imported}; already imported: {duplicate}; refused: {refused}."
        ).format(**counts)
        if counts["late"]:
            summary += " " + _(
                "After the round was closed: {late} (take them as amendments or reopen the round)."
            ).format(**counts)
        if done.stopped_early:
            summary += " " + _("Cancelled: {n} files were not looked at.").format(
                n=len(done.files) - len(outcomes)
            )
    lines = [
        ResultLine(
            outcome.state,
            _(IMPORT_STATE[outcome.state]),
            outcome.path.name,
            outcome.department or "–",
            tr.render(outcome.message),
        )
        for outcome in outcomes
    ]
    return summary, counts, lines


def issue_summary(
    tr: Translator, issued: list[Issued], folder: Path, *, item_count: tuple[str, str]
) -> tuple[str, list[ResultLine]]:
    """What issuing wrote: a summary and a line per package (its department and its number of
    items, ``item_count``: the round's kind's)."""
    _ = tr.gettext

    def items(n: int) -> str:
        return tr.ngettext(*item_count, n).format(n=n)

    summary = tr.ngettext(
        "{n} round package written to {folder}. Send each department its own file.",
        "{n} round packages written to {folder}. Send each department its own file.",
        len(issued),
    ).format(n=len(issued), folder=folder)
    lines = [
        ResultLine(
            "complete", _("written"), package.path.name, package.department, items(package.items)
        )
        for package in issued
    ]
    return summary, lines
