"""The report preview: the report written off the UI thread, its pages rendered on a thread of
their own (PDFium), paged through, and "Save…" writing exactly the bytes previewed."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog

from app.i18n import translator
from app.paths import AppPaths
from app.reports import ReportKind
from app.storage.register import open_register
from app.ui.reports.report_preview import ReportPreview
from app.ui.reports.reports_screen import ReportsScreen
from tests.support.qt import check_window, choose, unnamed

pytestmark = pytest.mark.gui


def test_preview_pages_then_save_the_same_bytes(
    qtbot, demo_copy: AppPaths, tmp_path: Path, monkeypatch
) -> None:
    from app.operations.register_view import load_rows, load_vocabulary

    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    screen = ReportsScreen(translator("pl"), demo_copy, settings, demo=True)
    qtbot.addWidget(screen)
    with open_register(demo_copy, readonly=True) as register, register.session() as s:
        screen.set_choices(load_vocabulary(s).departments, load_rows(s))
    choose(screen.kind, ReportKind.CABINET)
    screen.output.setText("")  # no file chosen yet: a preview needs none
    with qtbot.waitSignal(screen.finished, timeout=120000):
        screen.preview_button.click()
    preview = screen.preview_dialog
    assert isinstance(preview, ReportPreview)
    qtbot.waitUntil(lambda: not preview.rendering, timeout=60000)
    count = len(PdfReader(io.BytesIO(preview.data)).pages)
    assert count > 1
    assert len(preview.pages) == preview.count == count
    assert preview.position.text() == f"Strona 1 z {count}"
    assert preview.pages[0].width() > 800  # A4 at 110 dpi
    # shown as wide as the window has room for
    shown = preview.page.pixmap()
    assert shown.width() / shown.devicePixelRatio() <= preview.pages_area.viewport().width()
    assert unnamed(preview) == []
    assert not preview.previous_button.isEnabled()
    preview.next_button.click()
    assert preview.current == 1
    qtbot.keyClick(preview, Qt.Key.Key_PageUp)
    assert preview.current == 0
    # saving writes the previewed bytes
    target = tmp_path / "raport"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    preview.save_button.click()
    saved = target.with_suffix(".pdf")
    assert preview.saved_to == saved
    assert hashlib.sha256(saved.read_bytes()).digest() == hashlib.sha256(preview.data).digest()
    assert str(saved) in preview.message.text()
    screen.shutdown()  # the window closing: nothing left running
    assert not preview.rendering


def test_rendering_stops_when_asked(qtbot, tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    target = tmp_path / "many.pdf"
    pdf = canvas.Canvas(str(target))
    for number in range(60):
        pdf.drawString(100, 700, f"Seite {number + 1}")
        pdf.showPage()
    pdf.save()
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    preview = ReportPreview(translator("de"), target.read_bytes(), "x.pdf", settings, None)
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitUntil(lambda: bool(preview.pages), timeout=20000)
    preview.stop_button.click()
    qtbot.waitUntil(lambda: not preview.rendering, timeout=20000)
    assert 1 <= len(preview.pages) < 60
    assert not preview.stop_button.isVisibleTo(preview)
    assert preview.position.text().endswith(f"({len(preview.pages)} dargestellt)")
    # closing while it renders: the thread is stopped and waited for
    again = ReportPreview(translator("de"), target.read_bytes(), "x.pdf", settings, None)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: bool(again.pages), timeout=20000)
    again.shutdown()
    assert not again._thread or again._thread.isFinished()
    assert len(again.pages) < 60


@pytest.mark.parametrize("lang", ["de", "pl", "cs"])
def test_every_control_named_and_no_mnemonic_clashes(qtbot, tmp_path: Path, lang: str) -> None:
    from reportlab.pdfgen import canvas

    target = tmp_path / "one.pdf"
    pdf = canvas.Canvas(str(target))
    pdf.drawString(100, 700, "1")
    pdf.save()
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    preview = ReportPreview(translator(lang), target.read_bytes(), "x.pdf", settings, None)
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitUntil(lambda: not preview.rendering, timeout=20000)
    assert check_window(preview, f"{lang} preview") == []
    assert unnamed(preview) == []
