"""The window on a real shared register follows what the connected role may do: a department
member's window reads only (nothing that changes the register is shown, a short line in the
status bar says why, not the damage banner), a liaison office's reads and translates (the
translation view saves through the server's rights), the secretariat's changes everything. An
empty rounds list points to "New round…" only for who sees that button."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from app.i18n import translator
from app.paths import AppPaths, resolve
from app.profile import Profile
from app.rounds.view import ConflictRow
from app.storage.register import open_register
from app.ui.main_window import MainWindow
from tests.support.postgres import TemporaryCluster
from tests.support.qt import PARTNERSHIPS_PAGE, ROUNDS_PAGE, choose, idle, type_into, wait
from tests.support.server_roles import register_with_roles

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def logins(postgres: TemporaryCluster, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("roles")
    found = register_with_roles(postgres, folder)
    with open_register(found["admin"]) as register, register.session() as session:
        # one measure with a German comment to translate
        session.execute(text("UPDATE measure SET comment = NULL"))
        session.execute(text("UPDATE measure SET comment = 'Die Maßnahme läuft.' WHERE id = 1"))
        session.commit()
    return found


_CONFLICT = ConflictRow(
    1, "I.01", {"de": "Titel"}, "progress", None, "SK", 1, register=10, issued=0, returned=20
)


def _window(qtbot, paths: AppPaths, lang: str = "de", *, readonly: bool = False):
    register = open_register(paths, readonly=readonly)
    window = MainWindow(translator(lang), register, paths, Profile(name="Jan Nowak"))
    qtbot.addWidget(window)
    window.show()
    wait(qtbot, window)
    return window, register


def _changing(window: MainWindow) -> list[bool]:
    """Whether each control that changes the register is offered, on every page."""
    window.show_page(ROUNDS_PAGE)
    window.show_page(PARTNERSHIPS_PAGE)
    rounds = window.rounds.secretariat
    screen = window.register_screen
    return [
        *(a.isVisible() for a in (window.new_action, window.edit_action, window.delete_action)),
        window.register_actions.import_action.isVisible(),
        window.register_actions.bulk_action.isVisible(),
        *(
            not button.isHidden()  # hidden by the limits (not just by a page not shown)
            for button in (
                screen.new_button,
                screen.edit_button,
                window.reference.add_button,
                rounds.new_button,
                rounds.close_button,
                window.rounds.workspace.open_button,
                window.partnerships.conclude_button,
                window.partnerships.add_partner_button,
                window.partnerships.status_button,
            )
        ),
    ]


def test_a_department_members_window_reads_only(qtbot, logins) -> None:
    window, register = _window(qtbot, logins["department"])
    with register:
        assert register.capabilities.reads_only
        assert not any(_changing(window))
        assert not window.translate_action.isVisible()
        assert [a.text() for a in window.menuBar().actions() if a.isVisible()] == [
            "&Datei",
            "&Ansicht",
            "Hil&fe",
        ]  # the Measure menu: nothing left to choose
        assert window.banner is None  # not the damaged register's banner
        assert window.role_note is not None
        note = window.role_note.text()
        assert "„Ressort (Ministerium)“" in note  # the role as the window names it
        assert "imag_department" not in note  # not the server's name of it ...
        assert "imag_department" in window.role_note.toolTip()  # ... which the tooltip has
        assert "nicht ändern" in note
        empty = window.rounds.secretariat.empty  # no rounds yet: not pointing to a hidden button
        assert "Neue Runde" not in empty.text()
        assert "Geschäftsstelle" in empty.text()
        assert window.register_screen.model.rowCount() > 0  # reading works
        window.show_page(ROUNDS_PAGE)
        conflicts = window.rounds.secretariat.tabs.conflicts  # made with the round's data
        conflicts.show_conflicts([_CONFLICT])
        assert conflicts.buttons  # made, but not offered to a reader
        assert not any(button.isVisibleTo(conflicts) for button in conflicts.buttons.values())
        window.close()


def test_a_liaison_office_reads_and_translates(qtbot, logins) -> None:
    window, register = _window(qtbot, logins["liaison"], "pl")
    with register:
        assert not any(_changing(window))
        assert window.translate_action.isVisible()
        assert window.role_note is not None
        assert "„Biuro Łącznikowe”" in window.role_note.text()
        assert "imag_liaison" not in window.role_note.text()
        assert "imag_liaison" in window.role_note.toolTip()
        window.translate_texts()
        dialog = window.translation_dialog
        idle(qtbot, window)
        choose(dialog.kind, "measure")  # the criteria's texts are there too
        assert dialog.table.rowCount() == 1
        dialog.table.selectRow(0)
        type_into(qtbot, dialog.translation, "Działanie jest realizowane.")
        dialog.save_reviewed.click()
        idle(qtbot, window)
        assert dialog.outcome.text()
        dialog.close()
        window.close()
    with open_register(logins["admin"]) as admin, admin.session() as session:
        saved = session.execute(text("SELECT text FROM text_translation")).scalars().all()
    assert saved == ["Działanie jest realizowane."]  # saved on the server with the role's rights


def test_the_secretariat_changes_everything(qtbot, logins) -> None:
    window, register = _window(qtbot, logins["secretariat"])
    with register:
        assert all(_changing(window))
        assert window.translate_action.isVisible()
        assert window.role_note is None
        assert "„Neue Runde…“" in window.rounds.secretariat.empty.text()
        conflicts = window.rounds.secretariat.tabs.conflicts
        conflicts.show_conflicts([_CONFLICT])
        assert all(button.isVisibleTo(conflicts) for button in conflicts.buttons.values())
        window.close()


def test_a_register_file_opened_read_only_changes_nothing(qtbot, fresh_register: Path) -> None:
    window, register = _window(qtbot, resolve(fresh_register), readonly=True)
    with register:
        assert not any(_changing(window))
        assert window.banner is not None
        assert window.role_note is None
        window.close()


@pytest.mark.parametrize(("readonly", "offered"), [(False, True), (True, False)])
def test_the_empty_rounds_list_names_only_a_button_shown(
    qtbot, fresh_register: Path, readonly: bool, offered: bool
) -> None:
    """The empty list of rounds points to "New round…" only for who sees that button; a reader
    is told who starts the rounds instead."""
    window, register = _window(qtbot, resolve(fresh_register), readonly=readonly)
    with register:
        window.show_page(ROUNDS_PAGE)
        idle(qtbot, window)
        screen = window.rounds.secretariat
        assert screen.table.topLevelItemCount() == 0
        assert screen.empty.isVisible()
        note = screen.empty.text()
        assert screen.new_button.isVisible() == offered
        assert ("„Neue Runde…“" in note) == offered
        if not offered:
            assert "Geschäftsstelle" in note  # who starts the rounds
        window.close()
