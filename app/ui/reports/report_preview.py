"""The preview of a written report before it is saved: its pages rendered on a thread of their
own (PDFium through :mod:`app.reports.preview`) with progress and a way to stop, shown a page at
a time, and "Save…" writing exactly the bytes shown."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, QThread, Signal, Slot
from PySide6.QtGui import (
    QCloseEvent,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPixmap,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.fileio import write_atomically
from app.i18n import Translator
from app.ui.widgets import choose_target, documents_folder, result_label, show_result


class RenderJob(QObject):
    """Renders the pages on the preview's thread; each page comes back as a QImage."""

    rendered = Signal(int, int, object)  # the page's number (from 0), the pages, a QImage
    done = Signal()
    failed = Signal()

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self.data = data
        self.stop = threading.Event()

    @Slot()
    def run(self) -> None:
        from app.reports.preview import render_pages

        try:
            for page in render_pages(self.data, cancelled=self.stop.is_set):
                image = QImage(
                    page.pixels, page.width, page.height, page.stride, QImage.Format.Format_RGB888
                ).copy()  # its own pixels: the bytes object goes away
                self.rendered.emit(page.number, page.count, image)
        except Exception:  # a damaged file cannot come from the writer; said, not raised
            self.failed.emit()
        self.done.emit()


class ReportPreview(QDialog):
    """The report ``data`` (a PDF) page by page; "Save…" writes it to a file chosen then,
    suggested as ``name``."""

    def __init__(
        self, tr: Translator, data: bytes, name: str, settings: QSettings, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self._tr = tr
        self.data = data
        self._name = name
        self._settings = settings
        self.pages: list[QImage] = []
        self.count = 0
        self.current = 0
        self.saved_to: Path | None = None
        _ = tr.gettext
        self.setWindowTitle(_("Preview: {name}").format(name=name))
        self.page = QLabel()
        self.page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page.setAccessibleName(_("Page of the report"))
        self.pages_area = scroll = QScrollArea()
        scroll.setWidget(self.page)
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName(_("Report pages"))
        self.previous_button = QPushButton(_("&Previous page"))
        self.next_button = QPushButton(_("&Next page"))
        self.position = QLabel()
        self.position.setAccessibleName(_("Page shown"))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Rendering the pages"))
        self.stop_button = QPushButton(_("S&top rendering"))
        self.save_button = QPushButton(_("&Save…"))
        self.close_button = QPushButton(_("&Close"))
        self.message = result_label(tr)
        navigation = QHBoxLayout()
        for widget in (self.previous_button, self.position, self.next_button):
            navigation.addWidget(widget)
        navigation.addWidget(self.progress, 1)
        navigation.addWidget(self.stop_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(navigation)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.previous_button.clicked.connect(lambda: self.show_page(self.current - 1))
        self.next_button.clicked.connect(lambda: self.show_page(self.current + 1))
        for key, step in ((QKeySequence.StandardKey.MoveToPreviousPage, -1),
                          (QKeySequence.StandardKey.MoveToNextPage, 1)):  # fmt: skip
            QShortcut(key, self, lambda step=step: self.show_page(self.current + step))
        self.stop_button.clicked.connect(self.stop)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        self.save_button.setDefault(True)
        area = QGuiApplication.primaryScreen().availableGeometry()  # a page wide, fits the screen
        self.resize(min(1000, area.width() * 9 // 10), area.height() * 9 // 10)
        self._start()

    # -- rendering ---------------------------------------------------------------------------
    def _start(self) -> None:
        self._thread: QThread | None = QThread(self)
        self._job: RenderJob | None = RenderJob(self.data)
        self._job.moveToThread(self._thread)
        self._thread.started.connect(self._job.run)
        self._job.rendered.connect(self._rendered)
        self._job.failed.connect(self._failed)
        self._job.done.connect(self._thread.quit)
        self._thread.finished.connect(self._finished)
        self.progress.setRange(0, 0)
        self._update()
        self._thread.start()

    @property
    def rendering(self) -> bool:
        return self._thread is not None

    def _rendered(self, number: int, count: int, image: QImage) -> None:
        self.count = count
        self.pages.append(image)
        self.progress.setRange(0, count)
        self.progress.setValue(number + 1)
        if number == 0:
            self.show_page(0)
        else:
            self._update()

    def _failed(self) -> None:
        show_result(
            self.message, self._tr.gettext("The report's pages could not be shown."), error=True
        )

    def stop(self) -> None:
        if self._job is not None:
            self._job.stop.set()

    def _finished(self) -> None:
        if self._thread is not None:
            self._thread.deleteLater()
        if self._job is not None:
            self._job.deleteLater()
        self._thread = self._job = None
        self._update()

    def shutdown(self) -> None:
        """Stop rendering and wait for the thread (the dialog closes)."""
        thread = self._thread
        if thread is not None:
            self.stop()
            thread.quit()
            thread.wait()

    def done(self, result: int) -> None:
        self.shutdown()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    # -- pages -------------------------------------------------------------------------------
    def show_page(self, number: int) -> None:
        if not 0 <= number < len(self.pages):
            return
        self.current = number
        picture = QPixmap.fromImage(self.pages[number])
        ratio = self.devicePixelRatioF()  # in the screen's pixels: sharp at 150 % too
        room = int((self.pages_area.viewport().width() - 4) * ratio)  # the page fits the width
        if picture.width() > room > 100:
            picture = picture.scaledToWidth(room, Qt.TransformationMode.SmoothTransformation)
        picture.setDevicePixelRatio(ratio)
        self.page.setPixmap(picture)
        self._update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.show_page(self.current)

    def _update(self) -> None:
        _ = self._tr.gettext
        shown = self.current + 1 if self.pages else 0
        text = _("Page {page} of {count}").format(page=shown, count=self.count or "…")
        if self.rendering or len(self.pages) < self.count:
            text += " " + _("({n} rendered)").format(n=len(self.pages))
        self.position.setText(text)
        self.page.setAccessibleDescription(text)
        self.previous_button.setEnabled(self.current > 0)
        self.next_button.setEnabled(self.current + 1 < len(self.pages))
        for widget in (self.progress, self.stop_button):
            widget.setVisible(self.rendering)

    # -- saving ------------------------------------------------------------------------------
    def save(self) -> None:
        _ = self._tr.gettext
        folder = documents_folder(self._settings, "reports/folder")
        path = choose_target(
            self, _("Save the report as"), str(folder / self._name), _("PDF documents (*.pdf)")
        )
        if path:
            self.save_to(Path(path if path.lower().endswith(".pdf") else path + ".pdf"))

    def save_to(self, target: Path) -> None:
        """Write the bytes previewed to ``target`` (in one step: all or nothing)."""
        try:
            write_atomically(target, lambda temporary: temporary.write_bytes(self.data))
        except UserError as error:
            show_result(self.message, self._tr.render(error.message), error=True)
            return
        except OSError as error:
            show_result(self.message, str(error), error=True)
            return
        self._settings.setValue("reports/folder", str(target.parent))
        self.saved_to = target
        show_result(self.message, self._tr.gettext("Saved to {path}.").format(path=target))
