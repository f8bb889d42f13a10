"""The window at 150 % scaling on 1366×768 (910×512 logical pixels), in every language: the
navigation leaves the page its room, the register's filters fold away so that the table shows
enough rows (none cut sideways), the measure editor needs no sideways scrolling on any tab, and
its history shows what each change was whole (a long source shortened in the middle)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QScrollArea

from app.i18n import translator
from app.models import AuditEvent
from app.paths import AppPaths, resolve
from app.storage import backup
from app.ui.register.history_view import HistoryView
from app.ui.register.register_screen import RegisterScreen
from app.ui.safety.backups_dialog import BackupsDialog
from app.ui.safety.help_dialogs import AboutDialog
from app.ui.widgets import tree_items
from app.ui.wrapping import wrapped_height
from tests.support.qt import REGISTER_PAGE, idle

REFERENCE_PAGE = 5

pytestmark = pytest.mark.gui

NARROW = (910, 512)  # 1366×768 at 150 %
DIALOG = (910, 512 - 32 - 27)  # less the title bar and the taskbar


@pytest.mark.parametrize("lang", ["de", "pl", "cs"])
def test_register_gives_the_table_room(make_window, qtbot, demo_copy: AppPaths, lang) -> None:
    window = make_window(lang, demo_copy.data_dir)
    window.show()
    window.resize(*NARROW)
    window.show_page(REGISTER_PAGE)
    idle(qtbot, window)
    screen = window.register_screen
    qtbot.waitUntil(lambda: screen.reflow.narrow is True)
    nav = window.nav
    assert nav.width() <= 160, f"{lang}: the navigation takes {nav.width()} px"
    assert "(" not in nav.item(1).text()
    assert "2" in nav.item(1).toolTip()
    table = screen.table
    assert not screen.combos["status"].isVisible()
    assert screen.fold.isVisible()
    qtbot.waitUntil(
        lambda: table.viewport().height() >= 8 * table.verticalHeader().defaultSectionSize()
    )
    header = table.horizontalHeader()
    qtbot.waitUntil(lambda: header.length() <= table.viewport().width())  # no sideways scroll
    assert header.sectionSize(1) >= 120, f"{lang}: titles {header.sectionSize(1)} px wide"
    screen.fold.click()  # the filters when wanted; the button says how many are set
    assert screen.combos["status"].isVisible()
    screen.combos["status"].setCurrentIndex(2)
    assert "(1)" in screen.fold.text()
    window.resize(1366, 768)  # wide again: as before
    qtbot.waitUntil(lambda: screen.reflow.narrow is False)
    assert not screen.fold.isVisible()
    assert screen.combos["goal"].isVisible()
    assert "(" in nav.item(1).text()


@pytest.mark.parametrize("lang", ["de", "pl", "cs"])
def test_editor_needs_no_sideways_scrolling(make_window, qtbot, demo_copy: AppPaths, lang) -> None:
    window = make_window(lang, demo_copy.data_dir)
    window.show()
    window.show_page(REGISTER_PAGE)
    idle(qtbot, window)
    window.register_screen.select("I.01")
    window.edit_measure()
    qtbot.waitUntil(lambda: hasattr(window, "editor") and window.editor.isVisible())
    editor = window.editor
    editor.resize(*DIALOG)
    area = editor.tabs.parentWidget().parentWidget()
    assert isinstance(area, QScrollArea)
    for tab in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(tab)
        qtbot.waitUntil(lambda: editor.tabs.currentWidget().isVisible())
        needed, given = editor.tabs.minimumSizeHint().width(), area.viewport().width()
        assert needed <= given, f"{lang} tab {tab + 1}: needs {needed} of {given} px"
    editor.tabs.setCurrentIndex(2)  # the lists: long names wrap, nothing scrolls sideways
    for box in (editor.goals, editor.participating, editor.partners):
        qtbot.waitUntil(lambda box=box: box.horizontalScrollBar().maximum() == 0)
    editor.discard()


def test_history_shows_each_field_whole(qtbot) -> None:
    history = HistoryView(translator("de"))
    qtbot.addWidget(history)
    source = "package:75d89b12-a8d2-4f9a-99cc-0123456789ab"
    event = AuditEvent(
        at="2026-12-05T01:07:00+00:00", actor="Erika Muster", action="update", entity="measure",
        entity_code="I.01", field="comment_state_cs", old_value=json.dumps("missing"),
        new_value=json.dumps("translated"), source=source,
    )  # fmt: skip
    history.show_events([event], {source: "SMWK"})
    history.resize(860, 300)
    history.show()
    item = history.topLevelItem(0)
    assert item is not None
    assert item.text(5) == item.toolTip(5) == "SMWK (Rückmeldung)"  # the return by its department
    polish = HistoryView(translator("pl"))
    qtbot.addWidget(polish)
    polish.show_events([event], {source: "SMWK"})
    first = polish.topLevelItem(0)
    assert first is not None
    assert first.text(5) == "SMWK (sprawozdanie resortu)"  # whole, not "SMWK (sprawozd…ortu)"
    longest = max(item.text(2).split(), key=history.fontMetrics().horizontalAdvance)
    qtbot.waitUntil(
        lambda: history.fontMetrics().horizontalAdvance(longest) + 8 <= history.columnWidth(2)
    )


def test_history_names_sources_in_words(qtbot) -> None:
    history = HistoryView(translator("pl"))
    qtbot.addWidget(history)
    sources = ("package:75d89b12-a8d2-4f9a-99cc-0123456789ab", "spreadsheet:Lista-2026.xlsx", "app")
    events = [
        AuditEvent(
            at="2026-12-05T01:07:00+00:00",
            actor="Erika Muster",
            action="update",
            entity="measure",
            entity_code="I.01",
            field="progress",
            old_value="10",
            new_value="20",
            source=source,
        )
        for source in sources
    ]
    history.show_events(events)  # the return's department not known: no id in its place
    shown = [item.text(5) for item in tree_items(history)]
    assert shown == ["sprawozdanie resortu", "arkusz Lista-2026.xlsx", "program"]


def test_translation_view_opens_within_the_screen(make_window, qtbot) -> None:
    window = make_window("pl")
    window.translate_texts()
    dialog = window.translation_dialog
    idle(qtbot, window)
    room = QApplication.primaryScreen().availableGeometry()
    assert dialog.width() <= room.width(), f"{dialog.width()} px wide on {room.width()}"
    assert dialog.height() <= room.height(), f"{dialog.height()} px high on {room.height()}"
    dialog.reject()


@pytest.mark.parametrize("lang", ["de", "pl"])
def test_department_names_whole(make_window, qtbot, demo_copy: AppPaths, lang) -> None:
    window = make_window(lang, demo_copy.data_dir)
    window.show()
    window.resize(*NARROW)
    window.show_page(REFERENCE_PAGE)
    table = window.reference.table
    qtbot.waitUntil(lambda: table.rowCount() > 5)
    metrics = table.fontMetrics()
    for row in range(table.rowCount()):
        name = table.item(row, 1).text()
        room = QRect(0, 0, table.columnWidth(1) - 8, 10000)
        needed = metrics.boundingRect(room, Qt.TextFlag.TextWordWrap, name).height()
        qtbot.waitUntil(lambda row=row, needed=needed: table.rowHeight(row) >= needed)


def test_backups_list_needs_no_sideways_scrolling(make_window, qtbot) -> None:
    window = make_window("de")
    backup.automatic_backup(window.paths, "before-restore")  # the longest kind's name
    dialog = BackupsDialog(
        translator("de"), window.worker, window.paths, "Erika Muster", on_restored=lambda: None
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.resize(860, 440)  # as it opens, 1,290 pixels at 150 %
    qtbot.waitUntil(lambda: not dialog.busy and bool(dialog.found), timeout=20000)
    header = dialog.backups.header()
    qtbot.waitUntil(lambda: header.length() <= dialog.backups.viewport().width())
    dialog.reject()


def test_about_shows_long_paths_within_the_window(qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "Benutzer" / ("Erika Muster-Mustermann, Staatskanzlei " * 4) / "IMAG"
    paths = resolve(folder)
    location = str(folder / "register.imag.sqlite").replace(" ", "_")  # nothing to wrap at
    about = AboutDialog(translator("de"), paths, location)
    qtbot.addWidget(about)
    about.show()
    assert about.minimumSizeHint().width() <= DIALOG[0]
    about.resize(600, 300)
    label = about.values["register"]
    qtbot.waitUntil(lambda: label.fontMetrics().horizontalAdvance(label.text()) <= label.width())
    assert "…" in label.text()
    assert label.toolTip() == location
    assert label.accessibleDescription() == location


@pytest.mark.parametrize("lang", ["de", "pl"])
def test_register_captions_whole_with_a_row_selected(
    make_window, qtbot, demo_copy: AppPaths, lang
) -> None:
    window = make_window(lang, demo_copy.data_dir)
    window.show()
    window.resize(1366, 768)
    window.show_page(REGISTER_PAGE)
    idle(qtbot, window)
    screen = window.register_screen
    screen.select("I.01")
    header = screen.table.horizontalHeader()
    font = header.font()
    font.setBold(header.highlightSections())  # Qt draws the captions of a selection bold
    metrics = QFontMetrics(font)
    for column in range(header.count()):
        if header.isSectionHidden(column) or column == 1:
            continue
        caption = str(screen.model.headerData(column, Qt.Orientation.Horizontal))
        widest = max(metrics.horizontalAdvance(line) for line in caption.splitlines())
        assert widest + 8 <= header.sectionSize(column), f"{lang}: {caption!r} cut"


def test_translation_view_narrow_puts_the_text_below(make_window, qtbot) -> None:
    window = make_window("pl")
    window.translate_texts()
    dialog = window.translation_dialog
    idle(qtbot, window)
    dialog.resize(*DIALOG)
    qtbot.waitUntil(lambda: dialog.splitter.orientation() == Qt.Orientation.Vertical)
    german = dialog.table.columnCount() - 1
    qtbot.waitUntil(lambda: dialog.table.columnWidth(german) >= 200)
    dialog.reject()


def test_a_word_longer_than_its_column_gets_a_second_line(qtbot) -> None:
    history = HistoryView(translator("de"), compact=True)
    qtbot.addWidget(history)
    font = history.font()
    word = "Übersetzungsstand"
    one_line = QFontMetrics(font).lineSpacing()
    narrow = QFontMetrics(font).horizontalAdvance(word) // 2  # as a narrow pane paints it
    assert wrapped_height(font, narrow, word) >= 2 * one_line
    assert wrapped_height(font, 10 * narrow, word) < 2 * one_line


def test_column_widths_of_another_language_are_fitted_anew(qtbot, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    polish = RegisterScreen(translator("pl"))
    qtbot.addWidget(polish)
    polish.table.horizontalHeader().resizeSection(0, 40)  # "Kod" is narrower than "Kennung"
    polish.save_state(settings)
    for lang, kept in (("pl", True), ("de", False)):
        screen = RegisterScreen(translator(lang))
        qtbot.addWidget(screen)
        screen.restore_state(settings)
        assert (screen.table.horizontalHeader().sectionSize(0) == 40) is kept, lang


def test_a_word_longer_than_its_column_goes_on_the_next_line_not_cut(qtbot) -> None:
    from PySide6.QtGui import QColor

    history = HistoryView(translator("cs"), compact=True)
    qtbot.addWidget(history)
    word = "Ausschreibungsunterlagen"
    event = AuditEvent(
        at="2026-12-05T01:07:00+00:00", actor="Erika Muster", action="update", entity="measure",
        entity_code="I.01", field="comment", old_value=json.dumps("–"),
        new_value=json.dumps(word), source="app",
    )  # fmt: skip
    history.show_events([event])
    history.resize(330, 200)
    history.show()
    qtbot.waitExposed(history)
    item = history.topLevelItem(0)
    assert item is not None
    rect = history.visualItemRect(item)
    column = 4  # the new value
    left = history.header().sectionViewportPosition(column)
    width = history.columnWidth(column)
    assert history.fontMetrics().horizontalAdvance(word) > width - 8  # longer than its column
    image = history.viewport().grab().toImage()
    background = QColor(image.pixel(left + width - 2, rect.top() + 1)).lightness()
    inked = [
        y
        for y in range(rect.top(), rect.bottom())
        if any(
            QColor(image.pixel(x, y)).lightness() < background - 60
            for x in range(left + 2, left + width - 2)
        )
    ]
    assert inked
    bands = 1 + sum(1 for a, b in itertools.pairwise(inked) if b > a + 1)
    assert bands >= 2, "the long word was cut at the column's edge instead of going on"
