"""Someone else saves a partnership while it is open in the window: the window's save (on the
revision it started from) is refused, the conflict dialog shows both versions with their labels
and values in the window's language, and merging saves the user's field over the other
person's revision while keeping theirs; keep theirs saves nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.errors import UserError
from app.models import Partnership
from app.operations.context import Actor
from app.partnerships import revisions
from app.ui.partnerships.record_save import Edit, save_record
from app.ui.register import conflict_dialog
from app.ui.register.conflict_dialog import MERGE, THEIRS, ConflictDialog
from app.ui.widgets import ScreenContext
from tests.support.qt import idle

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("outcome", [MERGE, THEIRS])
def test_a_partnership_saved_after_someone_elses_change(
    make_window, qtbot, monkeypatch, outcome
) -> None:
    window = make_window("de")
    with window.register.session() as session:
        code = session.scalars(select(Partnership.code).order_by(Partnership.id)).first()
        assert code is not None
        base, revision = revisions.partnership_values(session, code)
    with window.register.session() as session:  # Jan, in the meantime
        revisions.edit_partnership(
            session, Actor("Jan Nowak"), code, {"status": "dormant", "status_since": "2026-11-30"}
        )
    shown: list[ConflictDialog] = []

    def choose(dialog: ConflictDialog) -> int:
        shown.append(dialog)
        dialog.outcome = outcome
        return 1

    monkeypatch.setattr(conflict_dialog.ConflictDialog, "exec", choose)
    mine = {**base, "note_de": "Arbeitsplan 2027 vereinbart"}
    saved: list[list[str]] = []
    failed: list[UserError] = []
    context = ScreenContext(window.tr_, window.worker, lambda: Actor("Erika"), window.settings)
    save_record(
        context,
        Edit("partnership", code, base, mine, revision),
        parent=window,
        done=saved.append,
        failed=failed.append,
    )
    qtbot.waitUntil(lambda: bool(saved or failed))
    idle(qtbot, window)
    assert failed == []
    (dialog,) = shown
    assert dialog.windowTitle() == f"Partnerschaft {code} wurde inzwischen geändert"
    cells = [
        [cell.text() if (cell := dialog.table.item(r, c)) else "" for c in range(3)]
        for r in range(dialog.table.rowCount())
    ]
    assert ["Status seit", "–", "30.11.2026"] in cells
    assert any(row[0] == "Status" and row[2] == "ruhend" for row in cells)
    # defaults: a field only I changed keeps mine, one only they changed keeps theirs
    assert dialog.choices[dialog.names.index("note_de")].currentData() == "mine"
    assert dialog.choices[dialog.names.index("status")].currentData() == "theirs"
    with window.register.session() as session:
        now, after = revisions.partnership_values(session, code)
    assert now["status"] == "dormant"
    if outcome == MERGE:
        assert saved == [["note_de"]]
        assert (now["note_de"], after) == ("Arbeitsplan 2027 vereinbart", revision + 2)
    else:
        assert saved == [[]]
        assert (now["note_de"], after) == (base["note_de"], revision + 1)
