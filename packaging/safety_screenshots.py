"""Screenshots of the data-safety screens, in German, Polish and Czech, for a look (run from the
project root; ``QT_SCALE_FACTOR=1.5`` for 150 %):

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python packaging/safety_screenshots.py OUT

On a demo register with backups: the recovery dialog at start for a damaged register (the newest
backup damaged too, an older one sound), the window opened read-only with its banner, the Backups
dialog with its restore question (each backup with the head of its history), About and the
user guide; and the Backups dialog of a sound register beside a backup whose history is not
the register's (flagged); a register the weekly deep check finds changed past the program, with
the recovery dialog over the window switched to read-only. The pictures go into ``OUT`` as
``<lang>-<what>.png``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "xcb")

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from app.demo import create_demo
from app.errors import RegisterDamaged
from app.i18n import translator
from app.paths import AppPaths, resolve
from app.profile import Profile
from app.storage import backup
from app.ui.main import open_at_start
from app.ui.main_window import MainWindow
from app.ui.qt_setup import install_qt_translations, load_fonts
from app.ui.safety import backups_dialog
from app.ui.safety.backups_dialog import BackupsDialog
from app.ui.safety.help_dialogs import AboutDialog, GuideDialog
from app.ui.safety.recovery_dialog import RecoveryDialog
from app.ui.safety.start import recover
from app.ui.sizing import fit_to_screen

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import settle


def damage(path: Path) -> None:
    with path.open("r+b") as fh:
        fh.seek(4096 * 3)
        fh.write(b"\xff" * 4096)


def prepare(folder: Path) -> AppPaths:
    paths = resolve(folder)
    create_demo(paths).close()
    backup.automatic_backup(paths, "daily")
    backup.automatic_backup(paths, "before-restore")
    damage(paths.register_file)
    shutil.copy2(paths.register_file, paths.backups_dir / backup.backup_name("manual"))
    return paths


def grab(widget: QWidget, out: Path, name: str) -> None:
    widget.show()
    settle(widget.isVisible)
    settle()
    widget.grab().save(str(out / f"{name}.png"))
    print(out / f"{name}.png")


def shoot(paths: AppPaths, out: Path, lang: str) -> None:
    tr = translator(lang)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_qt_translations(app, lang)
    try:
        open_at_start(paths, "Erika Muster", tr).close()
        raise SystemExit("the register should have been refused")
    except RegisterDamaged as error:
        damaged = error
    dialog = RecoveryDialog(tr, paths, damaged, "Erika Muster")
    dialog.show()
    settle(lambda: bool(dialog.found))
    grab(dialog, out, f"{lang}-recovery")
    dialog.reject()

    def read_only(self: RecoveryDialog) -> int:
        self.choice = "read-only"
        return QDialog.DialogCode.Accepted.value

    setattr(RecoveryDialog, "exec", read_only)  # noqa: B010 - the choice: read-only
    opened = recover(paths, damaged, "Erika Muster", tr)
    assert opened is not None
    register, _note = opened
    window = MainWindow(tr, register, paths, Profile(name="Erika Muster", language=lang))
    fit_to_screen(window, 1366, 740)  # at 150 %: the room the screen has
    settle(lambda: window.worker.idle)
    grab(window, out, f"{lang}-read-only-window")
    backups = BackupsDialog(
        tr, window.worker, paths, "Erika Muster", on_restored=lambda: None, parent=window
    )
    settle(lambda: not backups.busy and bool(backups.found))
    grab(backups, out, f"{lang}-backups")
    questions: list[str] = []

    def answer(_parent: object, _title: str, text: str) -> bool:
        questions.append(text)
        return False

    setattr(backups_dialog, "ask", answer)  # noqa: B010 - its question, for a picture
    item = backups.backups.topLevelItem(1)
    assert item is not None
    backups.backups.setCurrentItem(item)
    backups.restore_button.click()
    settle(lambda: bool(questions))
    box = QMessageBox(QMessageBox.Icon.Question, tr.gettext("Restore a backup"), questions[0])
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    grab(box, out, f"{lang}-restore-question")
    box.close()
    backups.reject()
    about = AboutDialog(tr, paths, register.location, window)
    grab(about, out, f"{lang}-about")
    about.reject()
    guide = GuideDialog(tr, window)
    grab(guide, out, f"{lang}-guide")
    guide.reject()
    window.close()
    register.close()


def shoot_flagged(folder: Path, out: Path, lang: str) -> None:
    """The Backups dialog of a sound register beside a backup of another register, whose
    history's head is not in the register's (as after a rewrite of history): flagged."""
    tr = translator(lang)
    other = resolve(folder / "other")
    create_demo(other).close()
    paths = resolve(folder / "sound")
    create_demo(paths).close()
    shutil.copy2(other.register_file, paths.backups_dir / backup.backup_name("manual"))
    backup.automatic_backup(paths, "manual")
    register = open_at_start(paths, "Erika Muster", tr)
    window = MainWindow(tr, register, paths, Profile(name="Erika Muster", language=lang))
    settle(lambda: window.worker.idle)
    backups = BackupsDialog(
        tr, window.worker, paths, "Erika Muster", on_restored=lambda: None, parent=window
    )
    settle(lambda: not backups.busy and bool(backups.found))
    grab(backups, out, f"{lang}-backups-flagged")
    backups.reject()
    window.close()
    register.close()


def shoot_weekly(folder: Path, out: Path, lang: str) -> None:
    """A register changed past the program (two statuses, with the program's digest functions:
    only the replayed history shows it): the weekly deep check switches the window to read-only
    and opens the recovery dialog."""
    from tests.support import shell

    tr = translator(lang)
    paths = resolve(folder)
    create_demo(paths).close()
    backup.automatic_backup(paths, "daily")
    connection = shell.connect(paths.register_file)
    with connection:
        for code, status in (("I.01", "suspended"), ("I.02", "completed")):
            connection.execute(
                "UPDATE measure SET status = ? WHERE code = ? AND status <> ?",
                (status, code, status),
            )
    connection.close()
    register = open_at_start(paths, "Erika Muster", tr)
    window = MainWindow(tr, register, paths, Profile(name="Erika Muster", language=lang))
    fit_to_screen(window, 1366, 740)  # at 150 %: the room the screen has
    window.show()
    settle(lambda: window.weekly is not None and window.weekly.dialog is not None, timeout=60)
    assert window.weekly is not None
    dialog = window.weekly.dialog
    assert dialog is not None
    settle(lambda: dialog.background.pending == 0, timeout=60)
    grab(dialog, out, f"{lang}-weekly-recovery")
    dialog.read_only.click()
    grab(window, out, f"{lang}-weekly-read-only-window")
    window.close()
    register.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the pictures")
    parser.add_argument("--lang", nargs="+", default=["de", "pl", "cs"])
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    QApplication(sys.argv[:1])
    load_fonts()
    with tempfile.TemporaryDirectory() as tmp:
        for lang in args.lang:
            paths = prepare(Path(tmp) / lang)
            shoot(paths, args.out, lang)
            shoot_flagged(Path(tmp) / f"{lang}-flagged", args.out, lang)
            shoot_weekly(Path(tmp) / f"{lang}-weekly", args.out, lang)
    return 0


if __name__ == "__main__":
    sys.exit(main())
