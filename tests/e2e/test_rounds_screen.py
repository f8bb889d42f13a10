"""The rounds screens on real files: the secretariat creates a round and issues its packages in
one window, a department opens its package in a second window on another register, answers by
typing into the form (drafts saved as typed), exports its return, and the secretariat imports
it through the screen, sees the completeness and a conflict, and resolves it."""

from __future__ import annotations

import dataclasses
import email
import email.policy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from app.operations import measures
from app.operations.context import Actor
from app.paths import AppPaths
from app.rounds import workspace
from app.ui.main_window import MainWindow
from app.ui.rounds.rounds_screen import RoundsScreen
from app.ui.widgets import tree_items
from app.ui.workspace.workspace_screen import WorkspaceScreen
from tests.support.qt import (
    ROUNDS_PAGE,
    check_window,
    focus_on,
    idle,
    press_to,
    type_into,
    unnamed,
    wait_for_focus,
)

pytestmark = pytest.mark.gui
ROUND = "Sachstand 2026/1"
SMI_MEASURES = ["I.03", "I.09", "III.B.03", "IV.07"]  # SMI leads these in the demo register


@pytest.fixture(autouse=True)
def _no_message_boxes(monkeypatch) -> None:
    """A message box would wait for a click forever: fail at once with its text instead."""
    from PySide6.QtWidgets import QMessageBox

    def fail(_parent, title, text, *_a, **_k):
        raise AssertionError(f"message box {title!r}: {text}")

    for name in ("critical", "warning", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, fail)


def status_of(screen: RoundsScreen) -> str:
    progress = screen.selected_progress()
    assert progress is not None
    return progress.status


def results_shown(qtbot, screen: RoundsScreen) -> None:
    qtbot.waitUntil(
        lambda: screen.results is not None and screen.results.isVisible(), timeout=20000
    )


def secretariat(qtbot, window: MainWindow) -> RoundsScreen:
    window.show_page(ROUNDS_PAGE)
    screen = window.rounds.secretariat
    assert window.rounds.views.currentWidget() is screen  # the profile's role is secretariat
    idle(qtbot, window)
    return screen


def create_round(qtbot, window: MainWindow, departments: set[str]) -> None:
    screen = secretariat(qtbot, window)
    screen.new_button.click()
    dialog = screen.new_dialog
    assert dialog is not None
    assert dialog.isVisible()
    # By default the departments that lead a measure are asked, SMI among them.
    assert {"SMI", "SMK", "SMWK", "SK"} <= set(dialog.asked())
    assert "SMF" not in dialog.asked()  # it leads no measure
    qtbot.keyClicks(dialog.name, ROUND)
    for item in tree_items(dialog.departments):
        wanted = item.data(0, Qt.ItemDataRole.UserRole) in departments
        item.setCheckState(0, Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
    assert sorted(dialog.asked()) == sorted(departments)
    dialog.create_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    idle(qtbot, window)
    assert screen.selected() == ROUND
    progress = screen.selected_progress()
    assert progress is not None
    assert progress.status == "draft"
    assert sorted(d.code for d in progress.departments) == sorted(departments)


def issue(qtbot, window: MainWindow, out: Path, monkeypatch) -> None:
    screen = window.rounds.secretariat
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(out))
    screen.issue_button.click()
    qtbot.waitUntil(lambda: screen.results is not None and screen.results.isVisible())
    idle(qtbot, window)
    assert screen.results is not None
    lines = screen.results.texts()
    assert sorted(line[1] for line in lines) == ["SMI", "SMK"]
    assert all((out / line[2]).is_file() for line in lines)
    screen.results.reject()
    assert status_of(screen) == "open"
    assert "Schlüssel" in screen.fingerprint.text() or screen.fingerprint.text()


def change_register(qtbot, window: MainWindow, code: str, **changes: Any) -> None:
    """The secretariat changes a measure after issuing (through the core, on the worker)."""

    def job(session) -> None:
        data, _revision = measures.measure_input(session, code)
        session.rollback()  # update_measure begins its own transaction
        measures.update_measure(
            session, Actor("Geschäftsstelle"), code, dataclasses.replace(data, **changes)
        )

    window.worker.run(job)
    idle(qtbot, window)


def department_window(
    make_window, qtbot, folder: Path, lang: str = "de"
) -> tuple[MainWindow, WorkspaceScreen]:
    window = make_window(lang, folder)
    window.rounds.set_role("department")
    window.show_page(ROUNDS_PAGE)
    screen = window.rounds.workspace
    assert window.rounds.views.currentWidget() is screen
    idle(qtbot, window)
    return window, screen


def choose(screen: WorkspaceScreen, code: str) -> None:
    screen.select(code)
    assert screen.code == code


def saved_answers(window: MainWindow) -> dict[str, dict[str, Any]]:
    with window.register.session() as session:
        return workspace.answers(session, workspace.find(session, None))


def smi_package_opened(scene: Scene, lang: str = "de") -> tuple[MainWindow, WorkspaceScreen]:
    """A round issued to SMI by the secretariat, its package opened in a department's window."""
    qtbot = scene.qtbot
    sec = scene.make_window(lang, scene.secretariat_dir)
    create_round(qtbot, sec, {"SMI"})
    sec.rounds.secretariat.issue(ROUND, scene.out)
    idle(qtbot, sec)
    dep, ws = department_window(scene.make_window, qtbot, scene.department_dir, lang)
    ws.open_package(next(scene.out.glob("*.imag-round")))
    qtbot.waitUntil(lambda: ws.view is not None, timeout=20000)
    idle(qtbot, dep)
    return dep, ws


@dataclass
class Scene:
    """A demo register for the secretariat, an empty one for a department, a packages folder."""

    make_window: Any
    qtbot: Any
    monkeypatch: pytest.MonkeyPatch
    secretariat_dir: Path
    department_dir: Path
    out: Path
    tmp: Path


@pytest.fixture
def scene(make_window, qtbot, monkeypatch, demo_copy: AppPaths, tmp_path: Path) -> Scene:
    from app.paths import resolve
    from app.storage.register import open_register

    folder = tmp_path / "department"
    folder.mkdir()
    open_register(resolve(folder)).close()
    out = tmp_path / "out"
    out.mkdir()
    return Scene(make_window, qtbot, monkeypatch, demo_copy.data_dir, folder, out, tmp_path)


def test_a_whole_round_through_the_screens(scene: Scene) -> None:
    qtbot, monkeypatch, out, tmp_path = scene.qtbot, scene.monkeypatch, scene.out, scene.tmp
    sec = scene.make_window("de", scene.secretariat_dir)
    assert not sec.rounds.secretariat.loaded  # nothing is read before the page is shown
    create_round(qtbot, sec, {"SMI", "SMK"})
    issue(qtbot, sec, out, monkeypatch)
    screen = sec.rounds.secretariat
    fingerprint = screen.fingerprint.text().rsplit(":", 1)[1].strip()
    with sec.register.session() as session:
        before, _revision = measures.measure_input(session, "I.03")
    change_register(qtbot, sec, "I.03", progress=(before.progress or 0) + 1)

    # -- the department ----------------------------------------------------------------------
    dep, ws = department_window(scene.make_window, qtbot, scene.department_dir)
    assert ws.view is None
    assert ws.empty.isVisibleTo(ws)
    package = next(out.glob("*_SMI.imag-round"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(package), ""))
    ws.open_button.click()
    qtbot.waitUntil(lambda: ws.view is not None, timeout=20000)
    idle(qtbot, dep)
    assert fingerprint in ws.banner.text()  # shown on first open, to compare
    shown = ws.view
    assert shown is not None
    assert [item["code"] for item in shown.items] == SMI_MEASURES
    assert {code: state for code, (state, _p) in ws.items.states.items()} == dict.fromkeys(
        SMI_MEASURES, "missing"
    )

    # I.03: progress and comment typed; the draft is saved half a second after the typing.
    choose(ws, "I.03")
    ws.forms.form.progress.setFocus()
    ws.forms.form.progress.selectAll()
    qtbot.keyClicks(ws.forms.form.progress, str(before.progress + 10 if before.progress else 50))
    type_into(qtbot, ws.forms.form.comment, "Mittel gebunden; Ausschreibung läuft.")
    assert ws.pending  # not saved yet: the typing goes on
    qtbot.waitUntil(lambda: not ws.pending, timeout=5000)
    idle(qtbot, dep)
    answer = saved_answers(dep)["I.03"]
    returned_progress = before.progress + 10 if before.progress else 50
    assert answer["progress"] == returned_progress
    assert answer["comment"] == "Mittel gebunden; Ausschreibung läuft."
    assert ws.items.states["I.03"][0] == "answered"

    # I.09: dropped without a reason is incomplete, with the core's message inline.
    choose(ws, "I.09")
    ws.forms.form.status.setFocus()
    ws.forms.form.status.setCurrentIndex(ws.forms.form.status.findData("dropped"))
    assert ws.items.states["I.09"][0] == "incomplete"
    assert ws.forms.form.problem.text() == "Eine entfallene Maßnahme braucht eine Begründung."
    # Switching to another measure at once saves what was typed, without waiting.
    choose(ws, "IV.07")
    assert not ws.pending
    idle(qtbot, dep)
    assert saved_answers(dep)["I.09"]["status"] == "dropped"

    # The export refuses while an answer is incomplete and lists it.
    ws.export_button.click()
    dialog = ws.export_dialog
    assert dialog is not None
    assert "I.09" in dialog.incomplete.text()
    target = tmp_path / "return" / "ruecklauf.imag-return"
    target.parent.mkdir()
    dialog.path.setText(str(target))
    dialog.export_button.click()
    idle(qtbot, dep)
    assert "nicht vollständig" in dialog.message.text()
    assert not target.exists()
    dialog.reject()

    # IV.07: an indicator value that is not a number, then a number.
    assert list(ws.forms.form.actuals)
    actual = next(iter(ws.forms.form.actuals.values()))
    type_into(qtbot, actual, "zwölf")
    assert ws.items.states["IV.07"][0] == "incomplete"
    assert "Zahl" in ws.forms.form.problem.text()
    type_into(qtbot, actual, "12,5")
    date = next(iter(ws.forms.form.dates.values()))
    type_into(qtbot, date, "2026-05-31")
    assert ws.items.states["IV.07"][0] == "answered"

    # I.09 gets its reason; III.B.03 is confirmed unchanged.
    choose(ws, "I.09")
    type_into(qtbot, ws.forms.form.reason, "Durch Maßnahme I.10 ersetzt")
    assert ws.items.states["I.09"][0] == "answered"
    choose(ws, "III.B.03")
    ws.forms.keep_button.click()
    assert ws.items.states["III.B.03"][0] == "answered"
    idle(qtbot, dep)
    stored = saved_answers(dep)
    assert stored["IV.07"]["indicators"][0]["actual"] == 12.5
    assert stored["I.09"]["status_reason"] == "Durch Maßnahme I.10 ersetzt"
    assert set(stored) == set(SMI_MEASURES)

    ws.items.only_open.setChecked(True)  # every measure is answered: only the current one shows
    shown = [
        n
        for n in range(ws.items.list.topLevelItemCount())
        if not ws.items.list.topLevelItem(n).isHidden()
    ]
    assert len(shown) == 1

    ws.export_button.click()
    dialog = ws.export_dialog
    assert dialog is not None
    assert not dialog.incomplete.isVisible()
    assert dialog.encrypt.isChecked()  # recommended, so the default
    assert dialog.path.text().endswith("_SMI.imag-return")
    dialog.path.setText(str(target))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.exported is not None, timeout=20000)
    assert dialog.exported is not None
    assert dialog.exported.encrypted
    assert target.is_file()
    dialog.reject()
    idle(qtbot, dep)
    assert "version 1" in ws.last_export.text().lower()

    # -- back at the secretariat -------------------------------------------------------------
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(target)], ""))
    screen.import_files_action.trigger()
    qtbot.waitUntil(
        lambda: screen.results is not None and screen.results.isVisible(), timeout=20000
    )
    idle(qtbot, sec)
    assert screen.results is not None
    [line] = screen.results.texts()
    assert line[:3] == ["importiert", "SMI", target.name]
    screen.results.reject()
    rows = {row.code: row for row in screen.completeness.rows}
    assert rows["SMI"].state == "complete"
    assert (rows["SMI"].expected, rows["SMI"].returned) == (4, 4)
    assert rows["SMK"].state in ("missing", "overdue")
    assert screen.returns.table.topLevelItemCount() == 1

    # The register's I.03 changed after issuing: a conflict, shown side by side, readable.
    [conflict] = screen.conflicts.rows
    assert (conflict.code, conflict.field) == ("I.03", "progress")
    assert (conflict.register, conflict.returned) == (before.progress + 1, returned_progress)
    texts = [
        label.text() for label in screen.conflicts.grid_host.findChildren(type(screen.message))
    ]
    assert any(f"{returned_progress} %" in text for text in texts)
    assert screen.tabs.tabText(1) == "Konflikte (1)"

    # Closing is refused while the conflict is open; the message says why.
    monkeypatch.setattr(screen, "confirm", lambda *_a: True)
    screen.close_button.click()
    idle(qtbot, sec)
    assert status_of(screen) == "open"
    assert "Konflikt" in screen.message.text()

    screen.conflicts.buttons[(conflict.id, "returned")].click()
    idle(qtbot, sec)
    assert screen.conflicts.rows == []
    with sec.register.session() as session:
        after, _revision = measures.measure_input(session, "I.03")
    assert after.progress == returned_progress
    assert after.comment == "Mittel gebunden; Ausschreibung läuft."

    # The same return again: already imported, nothing changes.
    screen.import_files_action.trigger()
    qtbot.waitUntil(
        lambda: screen.results is not None and screen.results.isVisible(), timeout=20000
    )
    idle(qtbot, sec)
    assert screen.results.texts()[0][0] == "bereits importiert"
    screen.results.reject()

    screen.close_button.click()
    idle(qtbot, sec)
    assert status_of(screen) == "closed"
    assert not screen.issue_button.isEnabled()
    assert not screen.close_button.isEnabled()


def test_reminder_for_a_missing_department(scene: Scene) -> None:
    qtbot, monkeypatch, tmp_path = scene.qtbot, scene.monkeypatch, scene.tmp
    sec = scene.make_window("de", scene.secretariat_dir)
    create_round(qtbot, sec, {"SMI", "SMK"})
    issue(qtbot, sec, scene.out, monkeypatch)
    screen = sec.rounds.secretariat
    completeness = screen.completeness
    completeness.select("SMK")
    assert completeness.reminder_button.isEnabled()
    completeness.reminder_button.click()
    dialog = screen.reminder
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.reminder is not None)
    assert ROUND in dialog.subject.text()
    body = dialog.body.toPlainText()
    assert "SMK" in body
    missing = next(row for row in completeness.rows if row.code == "SMK").missing_codes
    assert missing
    assert all(code in body for code in missing)
    dialog.copy_button.click()
    assert QApplication.clipboard().text().startswith(dialog.subject.text())
    # Another language: the text follows.
    dialog.language.setCurrentIndex(dialog.language.findData("pl"))
    qtbot.waitUntil(lambda: dialog.reminder is not None and dialog.reminder.lang == "pl")
    assert dialog.body.toPlainText() != body
    target = tmp_path / "erinnerung.eml"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.saved is not None)
    message = email.message_from_bytes(target.read_bytes(), policy=email.policy.default)
    assert message["X-Unsent"] == "1"
    assert message["Subject"] == dialog.subject.text()
    body = message.get_content().replace("\r\n", "\n")  # SMTP line ends in the file
    assert body.strip() == dialog.body.toPlainText().strip()
    dialog.reject()


def test_drafts_survive_closing_the_window(scene: Scene) -> None:
    qtbot = scene.qtbot
    dep, ws = smi_package_opened(scene)
    choose(ws, "I.03")
    type_into(qtbot, ws.forms.form.next_steps, "Antrag stellen")
    assert ws.pending
    dep.close()  # at once, before the half second is over
    assert not ws.pending
    with dep.register.session() as session:
        stored = workspace.answers(session, workspace.find(session, None))
    assert stored["I.03"]["next_steps"] == "Antrag stellen"


@pytest.mark.parametrize("lang", ["de", "pl", "cs"])
def test_round_screens_by_keyboard_and_screen_reader(
    scene: Scene,
    qt_language,
    lang: str,
) -> None:
    """With a round issued and a package opened: every control is named, and no two share an
    Alt+letter, on every tab of both sides and in every dialog, in each language."""
    qtbot = scene.qtbot
    qt_language(lang)
    sec = scene.make_window(lang, scene.secretariat_dir)
    sec.show()
    create_round(qtbot, sec, {"SMI"})
    screen = sec.rounds.secretariat
    screen.issue(ROUND, scene.out)
    idle(qtbot, sec)
    change_register(qtbot, sec, "I.03", progress=99)

    def dialog_checked(dialog: Any) -> None:
        """Each dialog on its own (it is closed again, so that the window's check is its own)."""
        assert dialog is not None
        qtbot.waitUntil(dialog.isVisible)
        problems.extend(check_window(dialog, f"{lang} {dialog.windowTitle()}"))
        assert unnamed(dialog) == [], dialog.windowTitle()
        dialog.reject()

    problems: list[str] = []
    dialog_checked(screen.results)  # the packages written
    problems += check_window(sec, f"{lang} rounds")
    assert unnamed(sec) == []
    screen.new_button.click()
    dialog_checked(screen.new_dialog)
    screen.open_reminder("SMI")
    qtbot.waitUntil(lambda: screen.reminder is not None and screen.reminder.reminder is not None)
    dialog_checked(screen.reminder)

    dep, ws = department_window(scene.make_window, qtbot, scene.department_dir)
    dep.show()
    ws.open_package(next(scene.out.glob("*.imag-round")))
    qtbot.waitUntil(lambda: ws.view is not None, timeout=20000)
    idle(qtbot, dep)
    choose(ws, "IV.07")  # it has an indicator
    assert ws.forms.form.actuals
    type_into(qtbot, ws.forms.form.comment, "x")
    choose(ws, "I.03")
    type_into(qtbot, ws.forms.form.progress, "100")
    problems += check_window(dep, f"{lang} workspace")
    assert unnamed(dep) == []
    ws.proposals.propose()
    dialog_checked(ws.proposals.proposal_dialog)
    ws.open_export()
    export = ws.export_dialog
    assert export is not None
    target = scene.tmp / "return.imag-return"
    export.path.setText(str(target))
    export.export_button.click()
    qtbot.waitUntil(target.exists, timeout=20000)
    dialog_checked(export)
    screen.import_paths([target])
    results_shown(qtbot, screen)
    idle(qtbot, sec)
    dialog_checked(screen.results)
    assert screen.conflicts.rows  # the conflict's buttons are named, too
    screen.tabs.setCurrentWidget(screen.conflicts)
    problems += check_window(sec, f"{lang} rounds with a conflict")
    assert unnamed(sec) == []
    assert problems == [], "\n".join(problems)


def test_the_answer_form_in_reading_order_by_tab(scene: Scene) -> None:
    from PySide6.QtWidgets import QWidget

    qtbot = scene.qtbot
    dep, ws = smi_package_opened(scene)
    with qtbot.waitActive(dep):
        dep.show()
        dep.activateWindow()
    choose(ws, "IV.07")
    form = ws.forms.form
    [identifier] = form.actuals
    expected: list[QWidget] = [
        form.status, form.reason, form.light, form.progress, form.comment, form.next_steps,
        form.actuals[identifier], form.dates[identifier], ws.forms.keep_button,
    ]  # fmt: skip
    qtbot.waitUntil(form.dates[identifier].isVisible)  # new rows show with the next event loop
    focus_on(qtbot, ws.items.list)
    for widget in expected:
        press_to(qtbot, widget)
    # Alt+letter reaches a field from anywhere on the page (here: the comment, "&Bemerkung").
    qtbot.keyClick(ws.items.list, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    wait_for_focus(qtbot, form.comment)


def test_refusals_are_shown_in_the_users_language(scene: Scene) -> None:
    qtbot = scene.qtbot
    sec = scene.make_window("pl", scene.secretariat_dir)
    create_round(qtbot, sec, {"SMI"})
    screen = sec.rounds.secretariat
    screen.issue(ROUND, scene.out)
    idle(qtbot, sec)
    package = next(scene.out.glob("*.imag-round"))
    # A round package is no return: refused, with the reason, in Polish; nothing imported.
    screen.import_paths([package])
    results_shown(qtbot, screen)
    idle(qtbot, sec)
    assert screen.results is not None
    [line] = screen.results.texts()
    assert line[0] == "odrzucono"
    assert "pakietem rundy" in line[3]
    assert "odrzucone: 1" in screen.message.text()
    assert screen.returns.table.topLevelItemCount() == 0

    # A package with one byte changed is refused on the department's side, in Czech.
    tampered = scene.tmp / "tampered.imag-round"
    data = bytearray(package.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered.write_bytes(bytes(data))
    dep = scene.make_window("cs", scene.department_dir)
    dep.rounds.set_role("department")
    dep.show_page(ROUNDS_PAGE)
    ws = dep.rounds.workspace
    idle(qtbot, dep)
    ws.open_package(tampered)
    idle(qtbot, dep)
    assert ws.view is None
    assert "odmítnut" in ws.banner.text()  # "Balíček … byl odmítnut: …"
    assert ws.open_button.isEnabled()


def test_reminders_to_all_in_the_window(scene: Scene) -> None:
    from PySide6.QtWidgets import QFileDialog
    from sqlalchemy import text

    from app.operations import departments
    from app.operations.context import Actor
    from tests.support.mail import attachments, message_of

    qtbot, monkeypatch = scene.qtbot, scene.monkeypatch
    window = scene.make_window("de", scene.secretariat_dir)
    with window.register.session() as session:
        departments.edit_department(
            session, Actor("t"), "SMI", {"email": "international@smi.sachsen.de", "language": "cs"}
        )
    create_round(qtbot, window, {"SMI", "SMK"})
    issue(qtbot, window, scene.out, monkeypatch)
    screen = window.rounds.secretariat
    button = screen.completeness.all_reminders_button
    assert button.isEnabled()
    # packages issued before the register recorded their folder: the folder is asked for too
    with window.register.session() as session, session.begin():
        session.execute(text("UPDATE issued_package SET folder = NULL"))
    drafts = scene.tmp / "drafts"
    asked = iter([drafts, scene.out])
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(next(asked)))
    button.click()
    qtbot.waitUntil(lambda: screen.results is not None and screen.results.isVisible())
    assert screen.results is not None
    lines = {line[1]: line for line in screen.results.texts()}
    assert set(lines) == {"SMI (cs)", "SMK (de)"}
    assert lines["SMI (cs)"][0] == "adressiert"
    assert "an international@smi.sachsen.de, mit dem Paket" in lines["SMI (cs)"][3]
    assert lines["SMK (de)"][0] == "keine E-Mail-Adresse"
    assert "2 Erinnerungsentwürfe" in screen.results.summary.text()
    assert "SMK" in screen.results.summary.text()
    smi = message_of(drafts / lines["SMI (cs)"][2])
    assert smi["To"] == "international@smi.sachsen.de"
    [(name, data)] = attachments(smi)
    assert name is not None
    assert data == (scene.out / name).read_bytes()
    screen.results.reject()
