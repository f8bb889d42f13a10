"""Files dragged from the file manager onto the window: a spreadsheet shows its import preview,
departments' returns are imported on the rounds page, a round package opens in the department's
workspace; other files, or any file on a register that may not be changed, are not taken."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from app.ui.file_drop import what_to_do
from tests.support.qt import idle, wait

pytestmark = pytest.mark.gui


def files(paths: list[Path]) -> QMimeData:
    """What a file manager puts into a drag of ``paths``."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return data


def drag(window, paths: list[Path]) -> bool:
    """Drag ``paths`` over ``window``; whether it would take them."""
    data = files(paths)
    event = QDragEnterEvent(
        QPoint(200, 200), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(window, event)
    return event.isAccepted()


def drop(window, paths: list[Path]) -> bool:
    """Drag ``paths`` over ``window`` and drop them (Qt delivers a drop to the widget that
    accepted the drag); whether it took them."""
    if not drag(window, paths):
        return False
    data = files(paths)
    event = QDropEvent(
        QPointF(200, 200), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(window, event)
    return event.isAccepted()


@pytest.mark.parametrize(
    ("names", "writes", "expected"),
    [
        (["a.imag-return", "b.IMAG-RETURN"], True, "returns"),
        (["a.imag-round"], True, "package"),
        (["a.imag-round", "b.imag-round"], True, None),  # one workspace opens one package
        (["liste.xlsx"], True, "spreadsheet"),
        (["liste.CSV"], True, "spreadsheet"),
        (["liste.xlsx", "a.imag-return"], True, None),
        (["bericht.pdf"], True, None),
        (["a.imag-return"], False, None),  # a register that may not be changed
        ([], True, None),
    ],
)
def test_what_a_drop_does(names: list[str], writes: bool, expected: str | None) -> None:
    assert what_to_do([Path(name) for name in names], writes) == expected


def test_a_dropped_spreadsheet_shows_its_import_preview(make_window, qtbot, tmp_path) -> None:
    window = make_window()
    path = tmp_path / "liste.xlsx"
    window.register_actions.export_to(path, "xlsx", "de")
    qtbot.waitUntil(lambda: window.worker.idle and path.exists())
    assert not drag(window, [tmp_path / "bericht.pdf"])  # not a file the window takes
    assert drop(window, [path])
    dialog = window.register_actions.import_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: window.worker.idle and dialog.plan is not None)
    assert dialog.plan.empty  # the register's own list: nothing to change
    assert window.stack.currentWidget() is window.pages["register"]
    dialog.reject()


def test_dropped_returns_are_imported_and_a_package_opened(make_window, qtbot, tmp_path) -> None:
    window = make_window()
    broken = tmp_path / "return_SMI.imag-return"
    broken.write_bytes(b"not a package")
    assert drop(window, [broken])
    screen = window.rounds.secretariat
    results_shown = lambda: screen.results is not None and screen.results.isVisible()  # noqa: E731
    qtbot.waitUntil(results_shown, timeout=20000)
    assert window.rounds.views.currentWidget() is screen
    [line] = screen.results.texts()
    assert line[0] == "abgewiesen"  # read and refused, as a return chosen in the dialog would be
    screen.results.reject()
    idle(qtbot, window)

    package = tmp_path / "Sachstand.imag-round"
    package.write_bytes(b"not a package either")
    assert drop(window, [package])
    ws = window.rounds.workspace
    assert window.rounds.views.currentWidget() is ws
    qtbot.waitUntil(lambda: window.worker.idle and ws.banner.isVisibleTo(ws), timeout=20000)
    assert ws.view is None
    assert "Sachstand.imag-round" in ws.banner.text()  # why it was refused


def test_nothing_is_taken_on_a_register_that_may_not_be_changed(
    make_window, qtbot, tmp_path, monkeypatch
) -> None:
    from app.storage.capabilities import NOTHING

    window = make_window()
    monkeypatch.setattr(window.register, "capabilities", NOTHING)
    path = tmp_path / "liste.xlsx"
    path.write_bytes(b"")
    assert not drag(window, [path])
    assert not drop(window, [path])
    wait(qtbot, window)
    assert window.register_actions.import_dialog is None
