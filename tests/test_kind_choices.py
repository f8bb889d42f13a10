"""Where the command line and the window choose a kind of round, and that they ask the kind
(:mod:`app.rounds.kinds`) what differs instead of asking which kind a round is: the new-round
dialog's kinds and default departments (retired departments neither offered nor counted), the
words each kind gives the summaries, and the few places left that choose a kind."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.i18n import translator
from app.models import Department, RoundKind
from app.operations.register_view import load_vocabulary
from app.paths import AppPaths
from app.rounds import departments
from app.rounds.kinds import ALL_KINDS, MEASURES, PARTNERSHIPS, RoundKindSpec
from app.rounds.secretariat import Issued
from app.storage.register import open_register
from app.ui.rounds.new_round_dialog import NewRoundDialog, lead_departments
from app.ui.rounds.round_files import issue_summary
from app.ui.widgets import tree_items

ROOT = Path(__file__).resolve().parent.parent
SMI_MEASURES = 4  # SMI leads I.03, I.09, III.B.03 and IV.07 in the demo register

KIND_QUESTION = re.compile(
    r"partnership_round|is_partnership|RoundKind\.(PARTNERSHIPS|MEASURES)"
    r"|kind\b[^=\n]*[!=]= *\"(partnerships|measures)\"|\bis (not )?(PARTNERSHIPS|MEASURES)\b"
)
CHOOSING_A_KIND = {
    "app/cli/rounds.py",  # --kind: the partnership round's own options
    "app/ui/rounds/new_round_dialog.py",  # the scope panel of the kind chosen
}
"""The modules outside :mod:`app.rounds.kinds` that choose a kind of round; no other module asks
which kind a round is (a report selects the rounds it can be about with ``reported_in``)."""


def test_only_the_places_that_choose_a_kind_name_one() -> None:
    asking = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "app").rglob("*.py")
        if not path.is_relative_to(ROOT / "app" / "rounds" / "kinds")
        and not path.is_relative_to(ROOT / "app" / "migrations")
        and KIND_QUESTION.search(path.read_text(encoding="utf-8"))
    }
    assert asking <= CHOOSING_A_KIND


def test_the_departments_asked_add_up_the_instruments_chosen() -> None:
    leads = {"I": {"SK": 2}, "II": {"SMWK": 1}, "III": {}}
    assert lead_departments(leads, {"I", "II"}) == {"SK": 2, "SMWK": 1}
    assert lead_departments(leads, ["II"]) == {"SMWK": 1}
    assert lead_departments(leads, ["III", "V"]) == {}


def test_the_leads_per_instrument_leave_out_archived_measures(demo_copy: AppPaths) -> None:
    with open_register(demo_copy) as register, register.session() as session:
        vocabulary = load_vocabulary(session)
        leads = NewRoundDialog.read_leads(session, vocabulary)
        assert lead_departments(leads, leads) == departments.lead_counts(session, [])
        measure = next(
            m for m in departments.measures_in_scope(session, []) if m.lead_department is not None
        )
        numeral, lead = measure.instrument.numeral, measure.lead_department
        assert lead is not None
        before = leads[numeral][lead.code]
        measure.archived = True
        session.flush()
        after = NewRoundDialog.read_leads(session, vocabulary)
        assert after[numeral].get(lead.code, 0) == before - 1
        session.rollback()


@pytest.mark.parametrize(
    ("kind", "expected"),
    [(MEASURES, "2 Maßnahmen"), (PARTNERSHIPS, "2 Partnerschaften")],
)
def test_the_issued_packages_count_their_items_in_the_kind_s_words(
    kind: RoundKindSpec, expected: str, tmp_path: Path
) -> None:
    issued = [Issued(department="SK", path=tmp_path / "SK.imag-round", items=2)]
    _summary, lines = issue_summary(translator("de"), issued, tmp_path, item_count=kind.item_count)
    assert lines[0].details == expected


@pytest.mark.gui
def test_the_new_round_dialog_offers_every_kind_and_leaves_retired_departments_out(
    make_window, qtbot, demo_copy: AppPaths
) -> None:
    with open_register(demo_copy) as register, register.session() as session:
        smi = session.scalar(select(Department).where(Department.code == "SMI"))
        assert smi is not None
        everyone = sum(departments.lead_counts(session, []).values())
        smi.retired = True
        session.commit()
    window = make_window("de", demo_copy.data_dir)
    window.show()
    window.show_page(2)
    screen = window.rounds.secretariat
    qtbot.waitUntil(lambda: screen.loaded and window.worker.idle, timeout=20000)
    screen.new_button.click()
    dialog = screen.new_dialog
    assert dialog is not None
    kinds = dialog.kind
    assert [kinds.itemData(i) for i in range(kinds.count())] == [k.value for k in ALL_KINDS]
    assert [kinds.itemText(i) for i in range(kinds.count())] == [
        "Sachstand der Maßnahmen",
        "Evaluierung der Partnerschaften",
    ]
    offered = {
        str(item.data(0, Qt.ItemDataRole.UserRole)) for item in tree_items(dialog.departments)
    }
    assert "SMI" not in offered
    assert "SMI" not in dialog.asked()
    # SMI's measures are not counted among those the departments asked lead
    assert dialog.scope_note.text().startswith(f"{everyone - SMI_MEASURES} ")
    assert dialog.collect().kind is RoundKind.MEASURES
    kinds.setCurrentIndex(kinds.findData(PARTNERSHIPS.value))
    data = dialog.collect()
    assert data.kind is RoundKind.PARTNERSHIPS
    assert data.instruments == ()
    dialog.reject()
