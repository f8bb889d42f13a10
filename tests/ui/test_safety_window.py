"""Data safety in the window: the recovery dialog at start for a damaged register, the
read-only register with its banner, the Backups dialog (back up now; restore only after saying
what is lost) and the Help menu."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QTreeWidgetItem

from app.errors import RegisterDamaged, RegisterReadOnly, UserError
from app.i18n import translator
from app.operations.context import Actor
from app.operations.measures import measure_input, update_measure
from app.paths import AppPaths, resolve
from app.profile import Profile
from app.storage import backup
from app.storage.register import open_register
from app.ui.main_window import MainWindow
from app.ui.safety import backup_list, backups_dialog, recovery_dialog, start, window_parts
from app.ui.safety.backups_dialog import BackupsDialog
from app.ui.safety.help_dialogs import AboutDialog, GuideDialog
from app.ui.safety.recovery_dialog import READ_ONLY, RESTORED, RecoveryDialog
from tests.support import shell


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damage(path: Path) -> None:
    with path.open("r+b") as fh:
        fh.seek(4096 * 3)
        fh.write(b"\xff" * 4096)


def row(dialog: RecoveryDialog | BackupsDialog, n: int) -> QTreeWidgetItem:
    item = dialog.backups.topLevelItem(n)
    assert item is not None
    return item


def answer(asked: list[str], value: bool) -> Callable[[object, str, str], bool]:
    """A yes/no question answered ``value``; its text kept in ``asked``."""

    def ask(_parent: object, _title: str, text: str) -> bool:
        asked.append(text)
        return value

    return ask


def damaged_error(paths: AppPaths) -> RegisterDamaged:
    """Why the window's start refuses the register."""
    from app.ui.main import open_at_start

    with pytest.raises(RegisterDamaged) as refused:
        open_at_start(paths, "Erika", translator("de")).close()
    return refused.value


def bad_progress(paths: AppPaths) -> None:
    """A progress of 250, written past the checks with a SQLite shell."""
    connection = shell.connect(paths.register_file)
    connection.execute("PRAGMA ignore_check_constraints = ON")
    connection.execute("UPDATE measure SET progress = 250 WHERE code = 'I.01'")
    connection.commit()
    connection.close()


@pytest.fixture
def damaged(fresh_register: Path) -> tuple[AppPaths, Path]:
    """A register with a sound daily backup, then damaged."""
    paths = resolve(fresh_register)
    good = backup.automatic_backup(paths, "daily")
    damage(paths.register_file)
    return paths, good


def recovery(qtbot, paths: AppPaths, lang: str = "de") -> RecoveryDialog:
    dialog = RecoveryDialog(translator(lang), paths, damaged_error(paths), "Erika Muster")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.background.pending == 0, timeout=20000)  # backups checked
    return dialog


def test_the_recovery_dialog_explains_and_restores_the_newest_sound_backup(
    qtbot, damaged: tuple[AppPaths, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    paths, good = damaged
    spoiled = paths.backups_dir / backup.backup_name("manual")
    spoiled.write_bytes(paths.register_file.read_bytes())  # newer, but damaged
    before = digest(paths.register_file)
    dialog = recovery(qtbot, paths)
    assert "beschädigt" in dialog.problem.text()
    assert dialog.backups.topLevelItemCount() == 2
    assert row(dialog, 0).text(2) == "beschädigt"
    assert row(dialog, 1).text(2) == "einwandfrei"
    assert "Einträge" in row(dialog, 1).text(3)  # the head of the history it holds
    assert "Maßnahmen" in row(dialog, 1).text(4)
    selected = dialog.selected()
    assert selected is not None
    assert selected.path == good
    assert "neueste einwandfreie Sicherung" in dialog.newest.text()
    asked: list[str] = []
    monkeypatch.setattr(recovery_dialog, "ask", answer(asked, True))
    qtbot.waitUntil(dialog.restore_button.isEnabled, timeout=10000)
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: dialog.choice == RESTORED, timeout=20000)
    assert "kann nicht gelesen werden" in asked[0]  # the damaged register: losses unknown
    (evidence,) = paths.backups_dir.glob("*before-restore-damaged*")
    assert digest(evidence) == before
    assert dialog.note is not None
    assert str(evidence) in dialog.note
    open_register(paths).close()  # sound again


def test_declining_the_restore_changes_nothing(
    qtbot, damaged: tuple[AppPaths, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    paths, _good = damaged
    before = digest(paths.register_file)
    dialog = recovery(qtbot, paths, "pl")
    monkeypatch.setattr(recovery_dialog, "ask", lambda *_a: False)
    qtbot.waitUntil(dialog.restore_button.isEnabled, timeout=10000)
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: dialog.background.pending == 0, timeout=20000)
    assert dialog.choice is None
    assert digest(paths.register_file) == before
    assert not list(paths.backups_dir.glob("*before-restore*"))


def test_the_recovery_dialog_exports_what_is_still_readable(
    qtbot, demo_copy: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad_progress(demo_copy)
    target = tmp_path / "gerettet.json"
    monkeypatch.setattr(backup_list, "choose_target", lambda *_a: str(target))
    dialog = recovery(qtbot, demo_copy, "cs")
    assert "measure/" in dialog.problem.text()
    assert "progress" in dialog.problem.text()
    dialog.export.click()
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=20000)
    assert target.exists(), dialog.message.text()
    assert len(json.loads(target.read_text(encoding="utf-8"))) > 60
    assert str(target) in dialog.message.text()


def read_only_window(
    qtbot, paths: AppPaths, monkeypatch: pytest.MonkeyPatch, lang: str = "de"
) -> MainWindow:
    """Start as run_gui does: the register refused, the user chooses "open read-only"."""

    def choose_read_only(dialog: RecoveryDialog) -> int:
        dialog.choice = READ_ONLY
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(RecoveryDialog, "exec", choose_read_only)
    tr = translator(lang)
    opened = start.recover(paths, damaged_error(paths), "Erika", tr)
    assert opened is not None
    register, _note = opened
    window = MainWindow(tr, register, paths, Profile(name="Erika Muster"))
    qtbot.addWidget(window)
    window.destroyed.connect(register.close)
    return window


def test_bad_values_open_read_only_with_a_banner_and_every_change_is_refused(
    qtbot, demo_copy: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad_progress(demo_copy)
    before = digest(demo_copy.register_file)
    warned: list[str] = []  # reading the bad value is refused with a message, not a crash
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.warning", lambda _p, _t, text: warned.append(text)
    )
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.critical", lambda *_a: pytest.fail("internal error")
    )
    window = read_only_window(qtbot, demo_copy, monkeypatch)
    assert window.banner is not None
    assert "schreibgeschützt" in window.banner.text.text()
    assert "measure/" in window.banner.text.text()  # why: the check's finding
    refused: list[UserError] = []

    def change(session) -> None:
        values, revision = measure_input(session, "I.02")
        session.rollback()  # the reading's transaction ends; the change begins its own
        changed = dataclasses.replace(values, comment="nie")
        update_measure(session, Actor("Erika", "app"), "I.02", changed, revision=revision)

    window.worker.run(change, on_error=refused.append)
    qtbot.waitUntil(lambda: bool(refused), timeout=20000)
    assert isinstance(refused[0], RegisterReadOnly)
    assert "schreibgeschützt" in translator("de").render(refused[0].message)
    assert digest(demo_copy.register_file) == before


def test_backups_dialog_backs_up_and_says_what_a_restore_loses(
    qtbot, make_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window("de")
    restored: list[bool] = []
    dialog = BackupsDialog(
        window.tr_,
        window.worker,
        window.paths,
        "Erika",
        on_restored=lambda: restored.append(True),
        parent=window,
    )
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    count = dialog.backups.topLevelItemCount()
    dialog.back_up.click()
    qtbot.waitUntil(
        lambda: not dialog.busy and dialog.backups.topLevelItemCount() == count + 1, timeout=20000
    )
    assert "manuell" in row(dialog, 0).text(1)
    assert "Sicherung gespeichert" in dialog.message.text()

    def change(session) -> None:
        values, revision = measure_input(session, "I.02")
        session.rollback()  # the reading's transaction ends; the change begins its own
        changed = dataclasses.replace(values, comment="nach der Sicherung")
        update_measure(session, Actor("Erika", "app"), "I.02", changed, revision=revision)

    window.worker.run(change)
    qtbot.waitUntil(lambda: window.worker.idle, timeout=20000)
    asked: list[str] = []
    monkeypatch.setattr(backups_dialog, "ask", answer(asked, False))
    dialog.backups.setCurrentItem(row(dialog, 0))
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: bool(asked), timeout=20000)
    assert "Einträge der Historie: 1" in asked[0]
    assert "Erika" in asked[0]
    assert "I.02" in asked[0]
    assert not restored  # declined: nothing happened
    monkeypatch.setattr(backups_dialog, "ask", lambda *_a: True)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: bool(restored), timeout=20000)
    assert list(window.paths.backups_dir.glob("*before-restore.imag.sqlite"))


def test_help_menu_about_guide_and_data_folder(
    qtbot, make_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window("pl")
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles[-1] == "Po&moc"  # a letter no page uses (see test_help_mnemonic); F1: guide
    about = AboutDialog(window.tr_, window.paths, window.register.location, window)
    qtbot.addWidget(about)
    assert about.values["version"].text()
    assert about.values["licence"].text() == "EUPL-1.2"
    assert about.values["data"].text() == str(window.paths.data_dir)
    assert about.values["register"].text() == str(window.register.path)
    guide = GuideDialog(window.tr_, window)
    qtbot.addWidget(guide)
    assert "Kopie zapasowe" in guide.browser.toPlainText()
    opened: list[str] = []
    monkeypatch.setattr(
        "PySide6.QtGui.QDesktopServices.openUrl", lambda url: opened.append(url.toLocalFile())
    )
    window_parts.open_data_folder(window)
    assert opened == [str(window.paths.data_dir)]
    file_menu = window.menuBar().actions()[0].menu()
    assert file_menu.actions()[0].text() == "K&opie zapasowe…"
    assert window.banner is None  # a sound register opened normally


@pytest.mark.parametrize("lang", ["de", "pl", "cs"])
def test_the_guide_exists_in_every_language(lang: str) -> None:
    from app.ui.safety.help_dialogs import guide_html

    text = guide_html(lang)
    assert "<h1>" in text
    assert "imag --help" in text


@pytest.mark.parametrize(("lang", "key"), [("de", "Strg"), ("pl", "Ctrl"), ("cs", "Ctrl")])
def test_the_guide_names_every_page_with_its_shortcut(lang: str, key: str) -> None:
    from app.i18n import translator
    from app.ui.pages import PAGES
    from app.ui.safety.help_dialogs import guide_html

    text, tr = guide_html(lang), translator(lang)
    for number, (_key, caption) in enumerate(PAGES, start=1):
        assert f"<b>{tr.gettext(caption)}</b> ({key}+{number})" in text


def test_a_window_started_on_a_damaged_register_does_not_exit(
    damaged: tuple[AppPaths, Path], monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:
    """run_gui: the recovery dialog instead of one error box; quitting it ends with the
    damaged register's exit code."""
    from app.ui import main

    paths, _good = damaged
    shown: list[RecoveryDialog] = []

    def quit_dialog(dialog: RecoveryDialog) -> int:
        shown.append(dialog)
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(RecoveryDialog, "exec", quit_dialog)
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.critical", lambda *_a: pytest.fail("error box")
    )
    assert main.run_gui(paths, lang="de") == 3
    assert len(shown) == 1
    assert shown[0].windowTitle() == "Das Register ist beschädigt"
