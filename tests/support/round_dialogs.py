"""The rounds screens' dialogs made without a round (for keyboard and size tests)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog

from app.ui.main_window import MainWindow


def round_dialogs(window: MainWindow) -> list[QDialog]:
    """The dialogs of the rounds screens (their own contents are checked with a round open in
    tests/e2e/test_rounds_screen.py)."""
    from app.ui.rounds.new_round_dialog import NewRoundDialog
    from app.ui.rounds.round_dialogs import ReminderDialog, ResultLine, ResultsDialog
    from app.ui.workspace.workspace_dialogs import ExportDialog, ProposalDialog

    tr = window.tr_
    assert window.vocabulary is not None
    instruments = [
        (i.key, {"de": i.de, "pl": i.pl, "cs": i.cs}) for i in window.vocabulary.instruments
    ]

    def never(*_args: object) -> None:
        raise AssertionError("not submitted in this test")

    line = ResultLine("refused", "refused", "x.imag-return", "SK", "a reason")
    return [
        NewRoundDialog(tr, window.vocabulary, {}, never, parent=window),
        ReminderDialog(tr, window.worker, "–", "SK", sender="", folder=Path.home, parent=window),
        ResultsDialog(tr, "", "", [line], folder=Path.home(), parent=window),
        ProposalDialog(tr, instruments, never, parent=window),
        ExportDialog(
            tr,
            counts={"missing": 1, "incomplete": 1, "answered": 1},
            incomplete=["I.01: –"],
            proposals=1,
            target=Path.home() / "x.imag-return",
            export=never,
            parent=window,
        ),
    ]
