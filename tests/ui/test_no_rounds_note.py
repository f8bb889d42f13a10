"""The empty list of rounds points to "New round…" only for a user who sees that button: a
register opened read-only (like a department member's or a liaison office's window, see
test_role_limits) says who starts the rounds instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.i18n import translator
from app.paths import resolve
from app.profile import Profile
from app.storage.register import open_register
from app.ui.main_window import MainWindow
from tests.support.qt import ROUNDS_PAGE, idle, wait

pytestmark = pytest.mark.gui


@pytest.mark.parametrize(("readonly", "offered"), [(False, True), (True, False)])
def test_the_empty_rounds_list_names_only_a_button_shown(
    qtbot, fresh_register: Path, readonly: bool, offered: bool
) -> None:
    paths = resolve(fresh_register)
    register = open_register(paths, readonly=readonly)
    window = MainWindow(translator("de"), register, paths, Profile(name="Erika Muster"))
    qtbot.addWidget(window)
    window.show()
    wait(qtbot, window)
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
