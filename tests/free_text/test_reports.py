"""A Polish report shows a measure's comment, next steps and reason in Polish where the register
has an up-to-date translation (a proposal marked), and the marked German where it has none or
the German changed since."""

from __future__ import annotations

from pathlib import Path

from app.free_text import view
from app.free_text.segments import Edit
from app.operations.context import Actor
from app.paths import AppPaths
from app.reports import ReportKind
from app.reports.formatting import PROPOSAL_MARK
from app.storage.register import open_register
from tests.support.free_text import codes, set_texts
from tests.support.reports import flat, pdftotext, report

COMMENT = "Die Maßnahme läuft im Plan und wird mit den Partnern abgestimmt."
STEPS = "Abstimmung mit dem Ressort im zweiten Quartal."
REASON_PL = "Działanie realizowane zgodnie z planem i uzgadniane z partnerami."
STEPS_PL = "Uzgodnienia z resortem w drugim kwartale."


def _fact_sheet(paths: AppPaths, code: str, target: Path) -> str:
    report(paths, target, kind=ReportKind.MEASURE, measure=code, lang="pl")
    return flat(pdftotext(target))


def test_a_polish_fact_sheet_shows_the_translations(demo_copy: AppPaths, tmp_path: Path) -> None:
    folder = demo_copy.data_dir
    code = codes(folder)[0]
    set_texts(folder, [(code, "comment", COMMENT), (code, "next_steps", STEPS)])
    actor = Actor("Test", "cli")
    with open_register(demo_copy) as register, register.session() as session:
        view.apply(session, actor, "pl", [Edit(code, "comment", REASON_PL, COMMENT)], reviewed=True)
        view.apply(
            session, actor, "pl", [Edit(code, "next_steps", STEPS_PL, STEPS)], reviewed=False
        )

    text = _fact_sheet(demo_copy, code, tmp_path / "a.pdf")
    assert REASON_PL in text
    assert f"{STEPS_PL}{PROPOSAL_MARK}" in text.replace(" *", "*")
    assert COMMENT[:30] not in text
    assert STEPS[:30] not in text

    set_texts(folder, [(code, "comment", COMMENT + " Neu.")])  # the translation is outdated now
    text = _fact_sheet(demo_copy, code, tmp_path / "b.pdf")
    fields = text.split(" Historia ")[0]  # the history below names the earlier values
    assert REASON_PL not in fields
    assert COMMENT[:30] in fields
