"""Choosing another language in Settings: the window offers a restart, and the restart starts the
same program with the same arguments in the new language."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from app import i18n, profile
from app.resources import migrations_dir, resources_dir, translations_dir
from app.ui import main as ui_main
from app.ui.profile_dialog import ProfileDialog

pytestmark = pytest.mark.gui


def answer_language_question(monkeypatch: pytest.MonkeyPatch, role: QMessageBox.ButtonRole):
    """Patch ``QMessageBox.exec`` to click the button with ``role``; returns the texts asked."""
    asked: list[tuple[str, list[str]]] = []

    def click(box: QMessageBox) -> int:
        asked.append((box.text(), [b.text() for b in box.buttons()]))
        next(b for b in box.buttons() if box.buttonRole(b) == role).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click)
    return asked


def choose_language(monkeypatch: pytest.MonkeyPatch, window, lang: str) -> None:
    def accept(dialog: ProfileDialog) -> int:
        dialog.language.setCurrentIndex(dialog.language.findData(lang))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(ProfileDialog, "exec", accept)
    window.open_settings()


def test_a_new_language_offers_a_restart(make_window, monkeypatch) -> None:
    window = make_window("de")
    window.show()
    asked = answer_language_question(monkeypatch, QMessageBox.ButtonRole.AcceptRole)
    choose_language(monkeypatch, window, "cs")
    [(text, buttons)] = asked
    assert "Restartovat" in text  # asked in the language chosen
    assert buttons == ["&Restartovat nyní", "&Později"]
    assert window.restart_requested
    assert not window.isVisible()
    assert profile.load(window.paths.profile_file).language == "cs"


def test_later_keeps_the_window_open(make_window, monkeypatch) -> None:
    window = make_window("pl")
    window.show()
    asked = answer_language_question(monkeypatch, QMessageBox.ButtonRole.RejectRole)
    choose_language(monkeypatch, window, "de")
    assert asked[0][1] == ["&Jetzt neu starten", "&Später"]
    assert not window.restart_requested
    assert window.isVisible()


def test_the_same_language_asks_nothing(make_window, monkeypatch) -> None:
    window = make_window("pl")
    asked = answer_language_question(monkeypatch, QMessageBox.ButtonRole.AcceptRole)
    choose_language(monkeypatch, window, "pl")
    assert asked == []
    assert not window.restart_requested


@pytest.mark.parametrize(
    ("orig_argv", "argv", "expected"),
    [
        (
            ["/usr/bin/python3", "-m", "app", "--data-dir", "D"],
            ["/src/app/__main__.py", "--data-dir", "D"],
            ["/usr/bin/python3", "-m", "app", "--lang", "pl", "--data-dir", "D"],
        ),
        (
            ["/v/bin/python", "/v/bin/imag", "--lang", "cs", "gui", "--data-dir", "D"],
            ["/v/bin/imag", "--lang", "cs", "gui", "--data-dir", "D"],
            ["/usr/bin/python3", "/v/bin/imag", "--lang", "pl", "gui", "--data-dir", "D"],
        ),
        (
            ["/v/bin/python", "-X", "utf8", "/v/bin/imag", "--lang=de", "--portable"],
            ["/v/bin/imag", "--lang=de", "--portable"],
            ["/usr/bin/python3", "-X", "utf8", "/v/bin/imag", "--lang", "pl", "--portable"],
        ),
    ],
)
def test_restart_command(monkeypatch, orig_argv, argv, expected) -> None:
    monkeypatch.setattr(sys, "executable", "/usr/bin/python3")
    monkeypatch.setattr(sys, "orig_argv", orig_argv)
    monkeypatch.setattr(sys, "argv", argv)
    assert ui_main.restart_command("pl") == expected


def test_restart_command_of_a_built_program(monkeypatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/imag/imag")
    monkeypatch.setattr(sys, "orig_argv", ["/opt/imag/imag", "--portable", "--lang", "de"])
    monkeypatch.setattr(sys, "argv", ["/opt/imag/imag", "--portable", "--lang", "de"])
    assert ui_main.restart_command("cs") == ["/opt/imag/imag", "--lang", "cs", "--portable"]


def test_a_built_program_finds_its_files_and_build_language(monkeypatch, tmp_path: Path) -> None:
    """In a one-folder build the data sit in the bundle folder (``sys._MEIPASS``, ``_internal``);
    a localized build carries its default language in ``resources/build-language.txt``."""
    bundle = tmp_path / "_internal"
    (bundle / "resources").mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert resources_dir() == bundle / "resources"
    assert translations_dir() == bundle / "translations"
    assert migrations_dir() == bundle / "app" / "migrations"
    assert i18n.build_default_language() is None
    (bundle / "resources" / "build-language.txt").write_text("cs\n", encoding="utf-8")
    assert i18n.build_default_language() == "cs"
    monkeypatch.setenv("LANG", "pl_PL.UTF-8")
    assert i18n.resolve_language(None) == "cs"  # the build's language before the system's
    assert i18n.resolve_language("de") == "de"  # the user's setting before the build's
