"""The first window: every measure of the strategy, the file and the Demo mark in the status bar."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.i18n import translator
from app.operations.queries import load_measures, measure_record
from app.paths import resolve
from app.storage.register import open_register
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def _records(folder: Path):
    with open_register(resolve(folder)) as register, register.session() as session:
        return [measure_record(m) for m in load_measures(session)], register.is_demo


@pytest.mark.parametrize(
    ("lang", "header", "fallback"),
    [("de", "Kennung", False), ("pl", "Kod", True), ("cs", "Kód", True)],
)
def test_window_lists_every_measure(
    qtbot, fresh_register: Path, lang: str, header: str, fallback: bool
) -> None:
    records, demo = _records(fresh_register)
    window = MainWindow(translator(lang), records, register_path="r.sqlite", demo=demo)
    qtbot.addWidget(window)
    model = window.model
    assert model.rowCount() == 66
    assert model.headerData(0, Qt.Orientation.Horizontal) == header
    title = model.data(model.index(0, 1))
    assert title.startswith("[DE] ") is fallback  # no Polish/Czech text yet: German, marked
    assert "Europäischen Territorialen Zusammenarbeit" in title
    assert "Demo" not in window.windowTitle()


def test_demo_is_marked(qtbot, tmp_path: Path) -> None:
    from app.demo import create_demo

    create_demo(resolve(tmp_path / "demo")).close()
    records, demo = _records(tmp_path / "demo")
    window = MainWindow(translator("de"), records, register_path="d.sqlite", demo=demo)
    qtbot.addWidget(window)
    assert "Demo" in window.windowTitle()
    status = window.model.data(window.model.index(0, 4))
    assert status in {
        "geplant",
        "in Umsetzung",
        "fortlaufend",
        "abgeschlossen",
        "ruhend",
        "entfallen",
    }
