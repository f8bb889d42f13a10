"""The reports screen: a real PDF exported off the UI thread, cancelling, validation, opening."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from app.i18n import translator
from app.paths import AppPaths
from app.profile import Profile
from app.reports import ReportKind
from app.storage.register import open_register
from app.ui.date_field import DateField
from app.ui.main_window import MainWindow
from app.ui.reports.reports_screen import ReportsScreen
from tests.support.qt import choose, unnamed

pytestmark = pytest.mark.gui


@pytest.fixture
def make_screen(qtbot, demo_copy: AppPaths, tmp_path: Path):
    def make(lang: str = "de") -> ReportsScreen:
        from app.operations.register_view import load_rows, load_vocabulary

        settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
        screen = ReportsScreen(translator(lang), demo_copy, settings, demo=True)
        qtbot.addWidget(screen)
        with open_register(demo_copy, readonly=True) as register, register.session() as s:
            screen.set_choices(load_vocabulary(s).departments, load_rows(s))
        return screen

    return make


def export_and_wait(qtbot, screen: ReportsScreen) -> None:
    with qtbot.waitSignal(screen.finished, timeout=120000):
        screen.export_button.click()
    assert not screen.running


def test_exports_a_polish_fact_sheet_and_opens_it(make_screen, qtbot, tmp_path, monkeypatch):
    screen = make_screen("de")
    assert screen.demo_note.isVisibleTo(screen)
    assert screen.language.currentData() == "de"  # the interface language by default
    choose(screen.kind, ReportKind.MEASURE)
    assert screen.measure.isEnabled()
    assert not screen.department.isEnabled()
    screen.measure.setEditText("I.02")  # typed in: the code is enough
    choose(screen.language, "pl")
    screen.use_date.setChecked(True)
    screen.reporting_date.setText("21.11.2026")  # typed as German writes a date
    assert screen.output.text().endswith("/Maßnahmendatenblatt-2026-11-21-I.02-pl.pdf")
    target = tmp_path / "out" / "karta.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target.with_suffix("")), "")
    )
    screen.choose_button.click()
    assert screen.output.text() == str(target)
    screen.draft.setChecked(True)
    screen.classification.setText("Tylko do użytku wewnętrznego")
    export_and_wait(qtbot, screen)
    assert screen.open_button.isVisibleTo(screen)
    assert str(target) in screen.message.text()
    reader = PdfReader(target)
    assert len(reader.pages) > 0
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Karta działania" in text
    assert "Tylko do użytku wewnętrznego" in text
    opened: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    screen.open_button.click()
    assert opened == [QUrl.fromLocalFile(str(target))]
    # The folder is remembered for the next report.
    assert screen._settings.value("reports/folder") == str(target.parent)


@pytest.mark.parametrize(("lang", "typed"), [("pl", "21.11.2026"), ("cs", "21. 11. 2026")])
def test_the_reporting_date_is_typed_as_the_language_writes_it(make_screen, lang, typed) -> None:
    screen = make_screen(lang)
    choose(screen.kind, ReportKind.CABINET)
    screen.use_date.setChecked(True)
    assert isinstance(screen.reporting_date, DateField)  # the app's one date widget, with a picker
    assert screen.reporting_date.picker in screen.reporting_date.actions()
    screen.reporting_date.setText(typed)
    request = screen.request(saving=False)
    assert not isinstance(request, str)
    assert request.reporting_date == dt.date(2026, 11, 21)
    screen.use_since.setChecked(True)
    screen.since.setText("31.02.2026")
    problem = screen.request(saving=False)
    assert isinstance(problem, str)
    assert "31.02.2026" in problem
    assert screen.since.accessibleName() in problem


def test_cancel_writes_nothing(make_screen, qtbot, tmp_path: Path) -> None:
    screen = make_screen("cs")
    target = tmp_path / "zprava.pdf"
    screen.output.setText(str(target))
    screen.output.textEdited.emit(str(target))
    screen.export_button.click()
    assert screen.running
    assert screen.cancel_button.isVisibleTo(screen)
    with qtbot.waitSignal(screen.finished, timeout=120000):
        screen.cancel_button.click()
    assert not target.exists()
    assert list(tmp_path.glob("*.pdf")) == []
    assert "zrušen" in screen.message.text()
    assert not screen.cancel_button.isVisibleTo(screen)
    assert screen.export_button.isEnabled()


def test_department_report_needs_a_department(make_screen, tmp_path: Path) -> None:
    screen = make_screen("pl")
    choose(screen.kind, ReportKind.DEPARTMENT)
    assert screen.department.isEnabled()
    assert not screen.measure.isEnabled()
    assert not screen.use_since.isEnabled()  # only the cabinet report lists changes
    screen.output.setText(str(tmp_path / "r.pdf"))
    screen.export_button.click()
    assert not screen.running
    assert "resort" in screen.message.text()
    assert not (tmp_path / "r.pdf").exists()
    choose(screen.department, "SK")
    assert "-SK-pl.pdf" in screen.output.text()


def test_core_errors_are_shown_translated(make_screen, qtbot, tmp_path: Path) -> None:
    screen = make_screen("de")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    screen.output.setText(str(tmp_path / "missing" / "r.pdf"))
    screen.export_button.click()
    assert "existiert nicht" in screen.message.text()
    readonly = tmp_path / "ro"
    readonly.mkdir()
    readonly.chmod(0o500)
    try:
        screen.output.setText(str(readonly / "r.pdf"))
        export_and_wait(qtbot, screen)
    finally:
        readonly.chmod(0o700)
    if not (readonly / "r.pdf").exists():  # root may write anyway
        assert "Traceback" not in screen.message.text()
        assert str(readonly / "r.pdf") in screen.message.text()


@pytest.mark.parametrize("lang", ["de", "pl", "cs"])
def test_reports_page_in_the_window_is_accessible(qtbot, demo_copy: AppPaths, lang: str):
    register = open_register(demo_copy)
    try:
        window = MainWindow(translator(lang), register, demo_copy, Profile())
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.worker.idle and window.vocabulary is not None, timeout=10000)
        window.show_page(4)
        assert window.stack.currentWidget() is window.reports
        assert window.reports.department.count() > 1
        for kind in ReportKind:
            choose(window.reports.kind, kind)
            assert unnamed(window) == []
        window.reports._set_running(True)
        window.reports.open_button.show()
        assert unnamed(window) == []
        window.reports._set_running(False)
        window.close()
    finally:
        register.close()


def test_every_report_names_its_round(make_screen, tmp_path: Path) -> None:
    screen = make_screen("pl")
    partnerships, measures = ("partnerships",), ("cabinet", "department", "measure")
    screen.set_rounds(
        [
            ("Partnerschaften 2027", "draft", partnerships),
            ("Sachstand 2026", "closed", measures),
            ("Partnerschaften 2026", "closed", partnerships),
        ]
    )
    # the cabinet report: its rounds, the latest first (the command line's default, too)
    assert screen.round.isEnabled()
    assert [screen.round.itemText(i) for i in range(screen.round.count())] == [
        "najnowsza runda",
        "Sachstand 2026 (zamknięta)",
    ]
    assert screen.labels["round"].text() == "Rund&a ewaluacji:"
    screen.output.setText(str(tmp_path / "r.pdf"))
    request = screen.request()
    assert not isinstance(request, str)
    assert request.round is None
    choose(screen.round, "Sachstand 2026")
    request = screen.request()
    assert not isinstance(request, str)
    assert request.round == "Sachstand 2026"
    choose(screen.kind, ReportKind.PARTNERSHIPS)
    assert screen.round.isEnabled()
    assert screen.round.currentText() == "Partnerschaften 2027 (projekt)"  # the newest
    choose(screen.round, "Partnerschaften 2026")
    request = screen.request()
    assert not isinstance(request, str)
    assert request.round == "Partnerschaften 2026"
    # the list read again (a round was closed meanwhile): the choice stays
    screen.set_rounds(
        [
            ("Partnerschaften 2027", "open", partnerships),
            ("Partnerschaften 2026", "closed", partnerships),
        ]
    )
    assert screen.round.currentData() == "Partnerschaften 2026"
    choose(screen.kind, ReportKind.CABINET)
    assert not screen.round.isEnabled()  # no measure round any more
    request = screen.request()
    assert not isinstance(request, str)
    assert request.round is None
    screen.set_rounds([])
    choose(screen.kind, ReportKind.PARTNERSHIPS)
    assert not screen.round.isEnabled()  # none yet: the report says so when asked for


def test_a_long_measure_title_shows_from_its_start(make_screen, qtbot) -> None:
    screen = make_screen("pl")
    screen.setFixedSize(700, 500)
    screen.show()
    qtbot.waitExposed(screen)
    search = screen.measure.lineEdit()
    assert search is not None
    assert screen.measure.currentText().startswith("I.01 – ")
    assert search.fontMetrics().horizontalAdvance(search.text()) > search.width()  # too long
    assert search.cursorPosition() == 0  # "I.01 – Realizacja …", not "… Terytorialnej"
    screen.measure.setCurrentIndex(3)
    assert search.cursorPosition() == 0
