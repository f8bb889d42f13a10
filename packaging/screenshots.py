"""Screenshots of every screen and dialog of the window, in German, Polish and Czech, for a look
at truncated labels, untranslated text and overlapping widgets (run from the project root):

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python packaging/screenshots.py OUT \
        [--data-dir DIR] [--lang de pl cs]

It works on a copy of the register in ``DIR`` (a fresh register without ``--data-dir``); in the
copy it changes one measure and archives another, so that the history and the archived mark show.
For the round screens it plays a round through the core: a round issued to up to four
departments, one department's return answered in a second register (a department's laptop) and
imported with a conflict, and a second round in draft. The pictures go into ``OUT`` as
``<lang>-<nn>-<what>.png``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "xcb")

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QWidget
from shots_reports import shoot_reports  # beside this script (sys.path[0])
from sqlalchemy import select

from app.free_text import segments, view
from app.i18n import Translator, translator
from app.models import Round, RoundKind, RoundStatus, TranslationState
from app.operations import departments, measures
from app.operations.context import Actor
from app.operations.register_view import load_rows
from app.partnerships import criteria
from app.partnerships import register as partnership_register
from app.partnerships import rounds as partnership_rounds
from app.paths import AppPaths, resolve
from app.profile import Profile
from app.reports import ReportKind
from app.rounds import editorial, secretariat, workspace
from app.rounds.secretariat import RoundInput
from app.spreadsheets.measures import export_measures
from app.storage.register import Register, open_register
from app.ui import style
from app.ui.main_window import MainWindow
from app.ui.partnerships.upkeep_dialogs import PartnerDialog, PartnershipDialog, StatusDialog
from app.ui.profile_dialog import ProfileDialog
from app.ui.qt_setup import install_qt_translations, load_fonts
from app.ui.register.conflict_dialog import ConflictDialog
from app.ui.register.reference_screen import DepartmentDialog
from app.ui.sizing import fit_to_screen
from app.ui.widgets import tree_items
from app.ui.workspace.workspace_screen import WorkspaceScreen

CHANGED, ARCHIVED = "I.01", "I.02"
ROUND, DRAFT_ROUND = "Sachstand 2026/1", "Sachstand 2026/2"
PARTNERSHIP_ROUND = "Partnerschaften 2026"
REGISTER_PAGE, ROUNDS_PAGE, PARTNERSHIPS_PAGE, REPORTS_PAGE, REFERENCE_PAGE = 1, 2, 3, 4, 5
PARTS = ("window", "rounds", "partnerships")


def on_screen(width: int, height: int) -> QSize:
    """The size asked for, or less where the screen (at its scaling) is smaller."""
    screen = QApplication.primaryScreen()
    size = QSize(width, height)
    return size if screen is None else size.boundedTo(screen.availableGeometry().size())


def settle(until: Callable[[], bool] = lambda: True, timeout: float = 15) -> None:
    """Process events until ``until()`` holds, then a little longer for painting."""
    end = time.monotonic() + timeout
    while not until():
        if time.monotonic() > end:
            raise TimeoutError("the window did not get there in time")
        QApplication.processEvents()
        time.sleep(0.01)
    for _ in range(10):
        QApplication.processEvents()
        time.sleep(0.01)


def prepare(paths: AppPaths) -> None:
    """Give one measure a history of several fields, and archive another."""
    actor = Actor("Erika Muster", "app")
    with open_register(paths) as register:
        with register.session() as session:
            data, _revision = measures.measure_input(session, CHANGED)
        changed = replace(
            data,
            progress=40,
            start_date=dt.date(2026, 1, 15),
            end_date=dt.date(2027, 6, 30),
            budget_reservation=not data.budget_reservation,
            lead_department=data.lead_department or "SK",  # so that retiring SK asks who takes over
            budget_planned_cents=1_250_000_00,
            contact_name="Erika Muster",
            contact_email="erika.muster@sk.sachsen.de",
            indicators=(
                measures.IndicatorInput(None, "Geförderte Projekte", "Anzahl", 4, 12, 7.5,
                                        dt.date(2026, 3, 31)),
            ),
            milestones=(
                measures.MilestoneInput(None, "Auftaktkonferenz", dt.date(2026, 9, 1)),
            ),
        )  # fmt: skip
        with register.session() as session:
            measures.update_measure(session, actor, CHANGED, changed)
        with register.session() as session:
            measures.archive_measure(session, actor, ARCHIVED)
        with register.session() as session:
            departments.edit_department(
                session, actor, "SK", {"email": "poststelle@sk.sachsen.de", "language": "pl"}
            )


def _update(paths: AppPaths, code: str, **changes: Any) -> None:
    actor = Actor("Erika Muster", "app")
    with open_register(paths) as register:
        with register.session() as session:
            data, _revision = measures.measure_input(session, code)
        with register.session() as session:
            measures.update_measure(session, actor, code, replace(data, **changes))


TEXTS = {
    "I.03": "Die Maßnahme läuft im Plan; die Ressorts stimmen sich mit dem Verbindungsbüro ab.",
    "I.04": "Die Maßnahme läuft im Plan; die Ressorts stimmen sich mit dem Verbindungsbüro ab.",
    "I.05": "Abstimmung mit der Staatskanzlei im 2. Quartal; Bericht an das Kabinett.",
}
TRANSLATED = {
    "pl": "Działanie realizowane zgodnie z planem.",
    "cs": "Opatření probíhá podle plánu.",
}


def prepare_translations(paths: AppPaths) -> None:
    """Comments to translate: two with the same German, one translated (reviewed) whose German
    then changed, so that the translation view shows every state."""
    for code, text in TEXTS.items():
        _update(paths, code, comment=text)
    _update(paths, CHANGED, comment="Die Maßnahme läuft im Plan.")
    actor = Actor("Erika Muster", "app")
    with open_register(paths) as register, register.session() as session:
        for lang, text in TRANSLATED.items():
            edit = segments.Edit(CHANGED, "comment", text, "Die Maßnahme läuft im Plan.")
            view.apply(session, actor, lang, [edit], reviewed=True)
    _update(paths, CHANGED, comment="Die Maßnahme läuft nicht mehr im Plan: Verzögerung.")


def shoot_translations(window: MainWindow, shot: Shooter) -> None:
    """The translation view: every state, then the segment whose German changed."""
    window.translate_texts()
    dialog = window.translation_dialog
    fit_to_screen(dialog, 1340, 720)  # as large as a 1366×768 screen lets it be
    settle(lambda: window.worker.idle and dialog.table.rowCount() > 0)
    shot(dialog, "translation-view")
    state = dialog.state.findData(TranslationState.NEEDS_UPDATE)
    dialog.state.setCurrentIndex(state)
    settle(lambda: window.worker.idle)
    shot(dialog, "translation-needs-update")
    dialog.state.setCurrentIndex(0)
    for kind in ("criteria", "round"):
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        settle(lambda: window.worker.idle)
        items = [dialog.table.item(row, 1) for row in range(dialog.table.rowCount())]
        fields = [item.text() if item is not None else "" for item in items]
        changed = [row for row, field in enumerate(fields) if field.startswith("GOALS")]
        dialog.table.selectRow(changed[0] if changed else 0)  # the criterion whose German changed
        shot(dialog, f"translation-{kind}")
    dialog.reject()


INTRO = (
    "Die Runde erfasst den Stand der Maßnahmen zum Halbjahr; die Ressorts melden Fortschritt, "
    "Ampel und nächste Schritte."
)


def prepare_other_texts(paths: AppPaths) -> None:
    """For the translation view: a criterion whose German changed after its translation, and
    the German introduction of each round not closed."""
    actor = Actor("Erika Muster", "app")
    with open_register(paths) as register:
        with register.session() as session:
            document = criteria.as_document(criteria.find_set(session, criteria.DEFAULT_CODE))
        document["criteria"][0]["name_de"] += " und zur Entwicklung des Grenzraums"
        with register.session() as session:
            criteria.save_set(session, actor, document)
            names = session.scalars(select(Round.name).where(Round.status != RoundStatus.CLOSED))
            for name in list(names):
                editorial.set_text(session, actor, name, part="intro", lang="de", text=INTRO)


def prepare_rounds(paths: AppPaths, department: AppPaths, folder: Path) -> Path | None:
    """Play a round through the core; returns the imported return file (``None``: the register
    has no measures to ask about)."""
    actor = Actor("Erika Muster", "app")
    with open_register(paths) as register, register.session() as session:
        rows = [row for row in load_rows(session) if not row.archived]
    if len({row.lead_department for row in rows if row.lead_department}) < 3:
        for row, lead in zip(rows[:12], ["SK", "SMWK", "SMI", "SMWA"] * 3, strict=False):
            _update(paths, row.code, lead_department=lead)
        with open_register(paths) as register, register.session() as session:
            rows = [row for row in load_rows(session) if not row.archived]
    led: dict[str, list[str]] = {}
    for row in rows:
        if row.lead_department:
            led.setdefault(row.lead_department, []).append(row.code)
    if not led:
        return None
    asked = sorted(led, key=lambda code: -len(led[code]))[:4]
    answering = min(asked[:3], key=lambda code: len(led[code]))
    today = dt.date.today()
    with open_register(paths) as register:
        with register.session() as session:
            secretariat.create_round(
                session,
                actor,
                RoundInput(
                    name=ROUND,
                    deadline=today - dt.timedelta(days=3),
                    period_start=dt.date(today.year, 1, 1),
                    period_end=dt.date(today.year, 6, 30),
                    departments=tuple(asked),
                ),
            )
        with register.session() as session:
            secretariat.issue(session, actor, ROUND, folder)
    codes = led[answering]
    with open_register(paths) as register, register.session() as session:
        first, _revision = measures.measure_input(session, codes[0])
    _update(paths, codes[0], progress=min((first.progress or 0) + 5, 100))  # after issuing
    package = next(folder.glob(f"*_{answering}{secretariat.ROUND_SUFFIX}"))
    target = folder / f"return_{answering}{secretariat.RETURN_SUFFIX}"
    with open_register(department) as register:
        with register.session() as session:
            workspace.open_package(session, actor, package)
        with register.session() as session:
            ws_round = workspace.find(session, ROUND)
            workspace.set_answer(
                session,
                ws_round,
                codes[0],
                {
                    "progress": min((first.progress or 0) + 20, 100),
                    "comment": "Mittel für 2026 gebunden; die Ausschreibung läuft.",
                },
            )
            for code in codes[1:-1]:
                workspace.set_answer(session, ws_round, code, {})
            workspace.add_proposal(
                session,
                ws_round,
                instrument="IV",
                title_de="Sommerschule für Nachwuchskräfte der Verwaltung mit Partnern in Polen",
                rationale="Ergänzt die Kooperation der Verwaltungsfachhochschulen.",
            )
            workspace.export_return(session, actor, ws_round, target)
    with open_register(paths) as register:
        with register.session() as session:
            secretariat.import_returns(session, actor, [target])
        with register.session() as session:
            secretariat.create_round(
                session,
                actor,
                RoundInput(name=DRAFT_ROUND, deadline=today + dt.timedelta(days=60)),
            )
    return target


def prepare_partnerships(paths: AppPaths, laptop: AppPaths, folder: Path) -> bool:
    """Play a partnership round through the core: SMWK assesses both partnerships, SMWA one of
    them; both returns are imported. SMWA's package stays open on ``laptop`` with a draft."""
    actor = Actor("Erika Muster", "app")
    with open_register(paths) as register, register.session() as session:
        if not criteria.list_sets(session):
            return False
        entries = {e["code"]: e for e in partnership_register.partnerships(session)}
        rows = [row for row in load_rows(session) if not row.archived]
    if not {"RP-PL-DS", "RP-CZ"} <= set(entries):
        return False
    if not entries["RP-PL-DS"]["departments"]:
        # A fresh register: measures with these partners make SMWK and SMWA work with them.
        both = (entries["RP-PL-DS"]["partner_code"], entries["RP-CZ"]["partner_code"])
        _update(paths, rows[-1].code, lead_department="SMWK", partners=both)
        _update(paths, rows[-2].code, lead_department="SMWA", partners=both)
    with open_register(paths) as register, register.session() as session:
        secretariat.create_round(
            session,
            actor,
            RoundInput(
                name=PARTNERSHIP_ROUND,
                deadline=dt.date.today() + dt.timedelta(days=30),
                kind=RoundKind.PARTNERSHIPS,
                departments=("SMWK", "SMWA"),
                partnerships=("RP-PL-DS", "RP-CZ"),
            ),
        )
        document = partnership_rounds.round_criteria(
            session, secretariat.find_round(session, PARTNERSHIP_ROUND)
        )
        secretariat.issue(session, actor, PARTNERSHIP_ROUND, folder)
    codes = [c["code"] for c in document["criteria"]]
    high = document["scale"]["max"]
    returns = []
    for department, plan in (
        ("SMWK", {"RP-PL-DS": (high, "continue"), "RP-CZ": (high - 1, "continue")}),
        ("SMWA", {"RP-PL-DS": (max(high - 3, 0), "sectoral")}),
    ):
        register_paths = laptop if department == "SMWA" else resolve(folder / "laptop-SMWK")
        package = next(folder.glob(f"*_{department}{secretariat.ROUND_SUFFIX}"))
        with open_register(register_paths) as register, register.session() as session:
            workspace.open_package(session, actor, package)
            ws_round = workspace.find(session, PARTNERSHIP_ROUND)
            for code, (score, choice) in plan.items():
                workspace.assess(
                    session,
                    ws_round,
                    code,
                    scores={
                        criterion: (
                            max(score - n % 2, 0),
                            "Gemeinsame Projekte der Hochschulen laufen." if n == 0 else None,
                        )
                        for n, criterion in enumerate(codes)
                    },
                    recommendation=(choice, "Auf Wissenschaft konzentrieren."),
                )
            target = folder / f"return_{department}{secretariat.RETURN_SUFFIX}"
            workspace.export_return(session, actor, ws_round, target)
            returns.append(target)
            if department == "SMWA":  # a draft of the second partnership, not complete yet
                workspace.assess(session, ws_round, "RP-CZ", scores={codes[0]: (high, None)})
    with open_register(paths) as register, register.session() as session:
        secretariat.import_returns(session, actor, returns)
    return True


class Shooter:
    def __init__(self, out: Path, lang: str) -> None:
        self.out, self.lang, self.count = out, lang, 0

    def __call__(self, widget: QWidget, what: str) -> None:
        settle()
        self.count += 1
        path = self.out / f"{self.lang}-{self.count:02d}-{what}.png"
        widget.grab().save(str(path))
        print(path)

    def dialog(self, what: str, opened: Callable[[], QDialog | None]) -> None:
        """Grab the dialog ``opened()`` returns once it shows, and close it."""
        settle(lambda: (dialog := opened()) is not None and dialog.isVisible())
        dialog = opened()
        assert dialog is not None
        self(dialog, what)
        dialog.reject()

    def modal(self, what: str, open_it: Callable[[], object]) -> None:
        """Open a modal dialog that runs its own event loop, grab it, and cancel it."""

        def grab_and_close() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                QTimer.singleShot(100, grab_and_close)
                return
            self(dialog, what)
            if isinstance(dialog, QDialog):
                dialog.reject()

        QTimer.singleShot(300, grab_and_close)
        open_it()


def shoot(
    app: QApplication,
    paths: AppPaths,
    out: Path,
    lang: str,
    *,
    department_paths: AppPaths,
    returned: Path | None,
    partnership_laptop: AppPaths | None = None,
    main_window: bool = True,
) -> None:
    install_qt_translations(app, lang)
    tr = translator(lang)
    shot = Shooter(out, lang)
    with open_register(paths) as register:
        window = MainWindow(tr, register, paths, Profile(name="Erika Muster"))
        fit_to_screen(window, 1340, 720)  # at 150 % on 1366×768: the room the screen has
        window.show()
        settle(lambda: window.worker.idle and window.vocabulary is not None)
        if main_window:
            shoot_window(window, shot, register, lang)
        if returned is not None:
            shoot_rounds(window, shot, returned)
            shoot_reports(window, shot, settle)
        if partnership_laptop is not None:
            shoot_partnerships(window, shot)
        window.close()
        settle()
    if returned is not None:
        shoot_workspace(tr, department_paths, shot)
    if partnership_laptop is not None:
        shoot_assessment(tr, partnership_laptop, shot)


def shoot_window(window: MainWindow, shot: Shooter, register: Register, lang: str) -> None:
    """The overview, the register and its dialogs, the settings, the reference data."""
    tr = window.tr_
    window.show_page(0)  # the window opens on the page it was closed on (the last language's)
    settle(lambda: window.worker.idle)
    shot(window, "overview")
    window.show_page(REGISTER_PAGE)
    screen = window.register_screen
    screen.show_archived.setChecked(True)
    screen.select(ARCHIVED)
    settle(lambda: window.worker.idle)
    shot(window, "register-archived")
    screen.select(CHANGED)
    settle(lambda: window.worker.idle)
    screen.tabs.setCurrentIndex(0)
    shot(window, "register-details")
    screen.tabs.setCurrentIndex(1)
    shot(window, "register-history")
    screen.search.setText("zzz")
    shot(window, "register-nothing-found")
    screen.search.clear()
    screen.select(CHANGED)
    settle(lambda: window.worker.idle)

    window.edit_measure()
    settle(lambda: hasattr(window, "editor") and window.editor.isVisible())
    for tab in range(window.editor.tabs.count()):
        window.editor.tabs.setCurrentIndex(tab)
        shot(window.editor, f"editor-tab{tab + 1}")
    window.editor.reject()
    window.new_measure()
    window.editor.submit()  # empty title: the error shows in the dialog
    settle(lambda: window.worker.idle and window.editor.error.isVisible())
    shot(window.editor, "editor-new-error")
    window.editor.reject()
    shoot_conflict(window, shot, register)
    shoot_bulk_and_spreadsheets(window, shot)
    shoot_translations(window, shot)

    departments = window.vocabulary.departments if window.vocabulary else []
    for first_start, what in ((True, "first-start"), (False, "settings")):
        dialog = ProfileDialog(tr, Profile(), departments, first_start=first_start, parent=window)
        dialog.show()
        shot(dialog, what)
        dialog.reject()

    window.show_page(REFERENCE_PAGE)
    settle(lambda: window.worker.idle)
    shot(window, "reference-data")
    reference = window.reference
    for row, what in ((reference.rows[0], "department-rename"), (None, "department-add")):
        department = DepartmentDialog(tr, row, window)
        department.show()
        shot(department, what)
        department.reject()
    leading = next(row for row in reference.rows if row.leads and not row.retired)
    shot.modal("retire-with-measures", lambda: reference.ask_successor(leading))
    idle = next((row for row in reference.rows if not row.leads), None)
    if idle is not None:
        shot.modal("retire-confirm", lambda: reference.confirm(idle))
    window.show_page(REGISTER_PAGE)
    shot.modal("delete-confirm", lambda: window.confirm_delete(CHANGED))
    other = next(code for code in ("de", "pl", "cs") if code != lang)
    window.user = replace(window.user, language=other)
    shot.modal("language-restart", window.offer_restart_for_language)


def shoot_conflict(window: MainWindow, shot: Shooter, register: Register) -> None:
    """Someone else saves the measure while it is open in the editor: the save is refused and
    the conflict dialog shows both versions (grabbed from inside its own event loop)."""
    window.register_screen.select(CHANGED)
    settle(lambda: window.worker.idle)
    window.edit_measure()
    settle(lambda: hasattr(window, "editor") and window.editor.isVisible())
    editor = window.editor
    with register.session() as session:
        data, _revision = measures.measure_input(session, CHANGED)
    with register.session() as session:
        # a different value on every run (one register serves all languages)
        progress = 80 if data.progress != 80 else 85
        theirs = replace(data, progress=progress, comment="Mit Wrocław und Liberec abgestimmt.")
        measures.update_measure(session, Actor("Jan Nowak", "app"), CHANGED, theirs)
    editor.progress.setValue(55)
    editor.extras.next_steps.setPlainText("Workshop in Ústí nad Labem im Mai")

    def grab() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ConflictDialog):
            QTimer.singleShot(100, grab)
            return
        shot(dialog, "measure-conflict")
        dialog.reject()

    QTimer.singleShot(100, grab)
    editor.submit()
    settle(lambda: window.worker.idle and editor.error.isVisible())
    shot(editor, "measure-conflict-refused")
    shot.modal("measure-discard-question", editor.reject)  # typed changes: it asks
    editor.discard()


def shoot_bulk_and_spreadsheets(window: MainWindow, shot: Shooter) -> None:
    """The bulk dialog (filled in, and refused), the export options, and the import dialog: the
    preview of a file exported and changed as Excel would, and a refused file."""
    actions, screen = window.register_actions, window.register_screen
    screen.select_codes(["I.03", "I.04", "I.05", "II.01", "II.02"])
    screen.tabs.setCurrentIndex(0)
    settle(lambda: window.worker.idle)
    shot(window, "register-several-selected")
    actions.change_selected()
    bulk = actions.bulk_dialog
    assert bulk is not None
    settle(bulk.isVisible)
    bulk.set_lead.setChecked(True)
    bulk.lead.setCurrentIndex(bulk.lead.findData("SMWK"))
    mode, box = bulk.lists["goals"]
    mode.setCurrentIndex(mode.findData("add"))
    for row in (0, 2):
        box.item(row).setCheckState(Qt.CheckState.Checked)
    shot(bulk, "bulk-change")
    bulk.set_lead.setChecked(False)
    mode.setCurrentIndex(0)
    bulk.set_status.setChecked(True)
    bulk.status.setCurrentIndex(bulk.status.findData("dropped"))
    bulk.submit()
    settle(lambda: window.worker.idle and bulk.error.isVisible())
    shot(bulk, "bulk-change-refused")
    bulk.reject()
    shot.modal("export-options", actions.export_measures)
    folder = Path(tempfile.mkdtemp())
    try:
        with window.register.session() as session:
            export_measures(session, folder / "list.xlsx", fmt="xlsx", tr=window.tr_)
    except NotImplementedError:
        print("spreadsheet export not there yet: no pictures of the import")
        return
    lead = window.tr_.gettext("Lead department")
    _fill_leads(folder / "list.xlsx", lead, ["SK", "SMWK", "SMI", "SMWA", "SMK", "SK"])
    shutil.copy(folder / "list.xlsx", folder / "wrong.xlsx")
    _fill_leads(folder / "wrong.xlsx", lead, ["SK", "XYZ", "SMI", "Kultur"])
    for path, what in (
        (folder / "list.xlsx", "import-preview"),
        (folder / "wrong.xlsx", "import-refused"),
    ):
        actions.import_file(path)
        dialog = actions.import_dialog
        assert dialog is not None
        settle(lambda: window.worker.idle)  # the file is read: its preview or its problems
        shot(dialog, what)
        dialog.reject()
    shutil.rmtree(folder, ignore_errors=True)


def _fill_leads(path: Path, header: str, leads: list[str]) -> None:
    """Give the first measures a lead department, as a secretary would in Excel."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.worksheets[0]
    column = next(c.column for c in sheet[1] if c.value == header)
    for row, lead in enumerate(leads, start=2):
        sheet.cell(row=row, column=column, value=lead)
    book.save(path)


def shoot_partnerships(window: MainWindow, shot: Shooter) -> None:
    """The Partnerships page: the table, a partnership's results, the criteria sets; the new
    round dialog for a partnership round; the completeness of the partnership round; the
    Reports page set to a partnership evaluation report."""
    window.show_page(PARTNERSHIPS_PAGE)
    screen = window.partnerships
    settle(lambda: window.worker.idle and bool(screen.data.partnerships))
    screen.select("RP-PL-DS")
    screen.conclusion_choice.setCurrentIndex(screen.conclusion_choice.findData("sectoral"))
    screen.conclusion_text.setPlainText("Zusammenarbeit auf Wissenschaft und Kultur ausrichten.")
    shot(window, "partnerships")
    bar = screen.detail.verticalScrollBar()
    bar.setValue(bar.maximum() // 3)
    shot(window, "partnerships-results")
    screen.record_conclusion()
    settle(lambda: window.worker.idle and bool(screen.conclusion_message.text()))
    bar = screen.detail.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    shot(window, "partnerships-conclusion")
    screen.status_filter.setCurrentIndex(screen.status_filter.findData("dormant"))
    shot(window, "partnerships-dormant")
    screen.status_filter.setCurrentIndex(0)
    screen.select("RP-PL-DS")
    for what, kind, open_it in (
        ("partnerships-add-partner", PartnerDialog, screen.add_partner),
        ("partnerships-add-partnership", PartnershipDialog, screen.add_partnership),
        ("partnerships-change-status", StatusDialog, screen.change_status),
    ):
        open_it()
        shot.dialog(what, partial(_upkeep_dialog, screen, kind))
    screen.tabs.setCurrentIndex(1)
    shot(window, "partnerships-criteria")
    shoot_criteria_editor(window, shot)
    screen.tabs.setCurrentIndex(0)
    window.show_page(ROUNDS_PAGE)
    rounds = window.rounds.secretariat
    settle(lambda: window.worker.idle and rounds.loaded)
    for item in tree_items(rounds.table):
        if item.text(0) == PARTNERSHIP_ROUND:
            rounds.table.setCurrentItem(item)
    settle(lambda: window.worker.idle)
    rounds.tabs.setCurrentIndex(0)
    shot(window, "rounds-partnerships-completeness")
    rounds.new_round()
    dialog = rounds.new_dialog
    assert dialog is not None
    dialog.kind.setCurrentIndex(dialog.kind.findData("partnerships"))
    dialog.name.setText("Partnerschaften 2027")
    shot.dialog("round-new-partnerships", lambda: rounds.new_dialog)
    window.show_page(REPORTS_PAGE)
    settle(lambda: window.worker.idle and window.reports.round.count() > 0)
    window.reports.kind.setCurrentIndex(window.reports.kind.findData(ReportKind.PARTNERSHIPS))
    shot(window, "reports-partnerships")


def _upkeep_dialog(screen: Any, kind: type[QDialog]) -> QDialog | None:
    """The Partnerships page's upkeep dialog of ``kind`` once it is open."""
    dialog = getattr(screen, "dialog", None)
    return dialog if isinstance(dialog, kind) and dialog.isVisible() else None


def shoot_criteria_editor(window: MainWindow, shot: Shooter) -> None:
    """The criteria-set editor: the set in use by the open partnership round, both tabs; a new
    copy with a criterion code given twice, refused with the reason in the dialog."""
    screen = window.partnerships
    screen.sets.open_editor(new=False)
    editor = screen.sets.editor
    assert editor is not None
    settle(editor.isVisible)
    shot(editor, "criteria-editor-set")
    editor.tabs.setCurrentIndex(1)
    editor.select(1)
    shot(editor, "criteria-editor-criteria")
    editor.reject()
    screen.sets.open_editor(new=True)
    editor = screen.sets.editor
    assert editor is not None
    settle(editor.isVisible)
    editor.tabs.setCurrentIndex(1)
    editor.select(len(editor.codes()) - 1)
    editor.criterion_code.setText(editor.codes()[0])
    editor.criterion_code.textEdited.emit(editor.codes()[0])
    editor.submit()
    settle(lambda: window.worker.idle and editor.error.isVisible())
    shot(editor, "criteria-editor-refused")
    editor.reject()


def shoot_assessment(tr: Translator, laptop: AppPaths, shot: Shooter) -> None:
    """The department's form for a partnership: scores, comments, recommendation."""
    with open_register(laptop) as register:
        window = MainWindow(tr, register, laptop, Profile(name="Jan Nowak", role="department"))
        window.resize(on_screen(1340, 760))
        window.show()
        settle(lambda: window.worker.idle and window.vocabulary is not None)
        window.show_page(ROUNDS_PAGE)
        screen = window.rounds.workspace
        settle(lambda: window.worker.idle and screen.view is not None)
        screen.select("RP-CZ")
        shot(window, "workspace-assessment-incomplete")
        screen.select("RP-PL-DS")
        shot(window, "workspace-assessment")
        window.close()
        settle()


def shoot_rounds(window: MainWindow, shot: Shooter, returned: Path) -> None:
    """The secretariat's rounds: list, completeness, conflicts, proposals, returns, dialogs."""
    window.show_page(ROUNDS_PAGE)
    screen = window.rounds.secretariat
    settle(lambda: window.worker.idle and screen.loaded)
    for item in tree_items(screen.table):
        if item.text(0) == ROUND:
            screen.table.setCurrentItem(item)
    settle(lambda: window.worker.idle)
    for tab, what in enumerate(("completeness", "conflicts", "proposals", "returns")):
        screen.tabs.setCurrentIndex(tab)
        shot(window, f"rounds-{what}")
    screen.tabs.setCurrentWidget(screen.tabs.texts)
    screen.tabs.texts.editor.setPlainText("Die Runde umfasst alle sieben Instrumente.\n\n…")
    shot(window, "rounds-texts")
    screen.tabs.setCurrentIndex(0)
    missing = next(
        (row.code for row in screen.completeness.rows if row.state in ("missing", "overdue")),
        None,
    )
    if missing is not None:
        screen.completeness.select(missing)
        screen.open_reminder(missing)
        settle(lambda: window.worker.idle)
        shot.dialog("round-reminder", lambda: screen.reminder)
        drafts = Path(tempfile.mkdtemp(prefix="imag-drafts-"))
        chosen = QFileDialog.getExistingDirectory
        QFileDialog.getExistingDirectory = lambda *_a, **_k: str(drafts)  # type: ignore[method-assign]
        screen.results = None
        screen.completeness.all_reminders_button.click()
        settle(lambda: window.worker.idle and screen.results is not None)
        QFileDialog.getExistingDirectory = chosen  # type: ignore[method-assign]
        shot.dialog("round-reminders-all", lambda: screen.results)
    screen.import_paths([returned])  # again: "already imported"
    settle(lambda: window.worker.idle and not screen.busy)
    shot.dialog("round-import-result", lambda: screen.results)
    screen.new_round()
    assert screen.new_dialog is not None
    screen.new_dialog.name.setText("Sachstand 2026/3")
    shot.dialog("round-new", lambda: screen.new_dialog)


def shoot_workspace(tr: Translator, department: AppPaths, shot: Shooter) -> None:
    """The department's side: the form with a validation message, the export dialog."""
    with open_register(department) as register:
        window = MainWindow(tr, register, department, Profile(name="Jan Nowak", role="department"))
        window.resize(on_screen(1340, 760))
        window.show()
        settle(lambda: window.worker.idle and window.vocabulary is not None)
        window.show_page(ROUNDS_PAGE)
        screen = window.rounds.workspace
        settle(lambda: window.worker.idle and screen.view is not None)
        assert screen.view is not None
        with_indicator = next(
            (item["code"] for item in screen.view.items if item["values"]["indicators"]),
            screen.view.items[0]["code"],
        )
        screen.select(with_indicator)
        screen.forms.form.status.setCurrentIndex(screen.forms.form.status.findData("dropped"))
        shot(window, "workspace-form-invalid")
        screen.tabs.setCurrentIndex(1)
        shot(window, "workspace-proposals")
        screen.tabs.setCurrentIndex(0)
        screen.open_export()
        shot.dialog("workspace-export", lambda: screen.export_dialog)
        screen.proposals.propose()
        shot.dialog("workspace-proposal-new", lambda: screen.proposals.proposal_dialog)
        shoot_answer_sheet(screen, shot)
        window.close()
        settle()


def shoot_answer_sheet(screen: WorkspaceScreen, shot: Shooter) -> None:
    """The answers as a spreadsheet: the preview of a filled-in file, and a file refused."""
    import openpyxl

    with tempfile.TemporaryDirectory() as tmp:
        exported = Path(tmp) / "answers.xlsx"
        screen.sheets.export(exported)
        settle(exported.exists)
        book = openpyxl.load_workbook(exported)
        answers, indicators = book.worksheets[0], book.worksheets[1]
        answers["F2"] = 65
        answers["D2"] = "Durch Maßnahme I.10 ersetzt"  # the form made it "dropped" above
        answers["G3"] = "Förderbescheid liegt vor; Ausschreibung im Herbst."
        if indicators.max_row > 1:
            indicators["G2"] = 9
            indicators["H2"] = dt.datetime(2026, 6, 30)
        book.save(Path(tmp) / "filled.xlsx")
        answers["F2"] = 150
        answers["E3"] = "lila"
        answers.append(["X.99", None, "geplant"])
        book.save(Path(tmp) / "bad.xlsx")
        for name, what in (
            ("filled.xlsx", "workspace-answer-sheet-preview"),
            ("bad.xlsx", "workspace-answer-sheet-refused"),
        ):
            screen.sheets.read(Path(tmp) / name)
            shot.dialog(what, lambda: read_dialog(screen))


def read_dialog(screen: WorkspaceScreen) -> QDialog | None:
    """The spreadsheet import dialog once it shows what the file changes or why it is refused."""
    dialog = screen.sheets.dialog
    if dialog is None or (dialog.plan is None and not dialog.problems.isVisibleTo(dialog)):
        return None
    return dialog


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the pictures")
    parser.add_argument("--data-dir", type=Path, help="register to copy (default: a fresh one)")
    parser.add_argument("--lang", nargs="+", default=["de", "pl", "cs"])
    parser.add_argument(
        "--only",
        nargs="+",
        choices=PARTS,
        default=list(PARTS),
        help="only these parts: the main window and its dialogs, rounds, partnerships",
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    load_fonts()
    style.apply(app)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "register"
        if args.data_dir:
            shutil.copytree(args.data_dir, folder, ignore=shutil.ignore_patterns("*.lock"))
        else:
            open_register(resolve(folder)).close()
        paths = resolve(folder)
        prepare(paths)
        prepare_translations(paths)
        department = resolve(Path(tmp) / "department")
        open_register(department).close()
        packages = Path(tmp) / "packages"
        returned = None
        if "rounds" in args.only or "window" in args.only:  # the translation view shows rounds
            returned = prepare_rounds(paths, department, packages)
        laptop = resolve(Path(tmp) / "laptop-SMWA")
        open_register(laptop).close()
        with_partnerships = "partnerships" in args.only and prepare_partnerships(
            paths, laptop, Path(tmp) / "partnerships"
        )
        prepare_other_texts(paths)
        for lang in args.lang:
            shoot(
                app,
                paths,
                args.out,
                lang,
                department_paths=department,
                returned=returned if "rounds" in args.only else None,
                main_window="window" in args.only,
                partnership_laptop=laptop if with_partnerships else None,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
