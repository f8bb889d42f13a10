"""The reports screen: choose a report, its language and scope (a department, a measure, a
partnership round), and export it as PDF.

The export runs on its own thread with its own read-only connection to the register (SQLite
connections are not shared between threads), reports progress by signal and stops when the user
cancels; the core then writes nothing. The result opens in the system's PDF viewer.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from PySide6.QtCore import QDate, QSettings, Qt, QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import LANGUAGES, N_, Translator
from app.operations.register_view import MeasureRow, Named
from app.paths import AppPaths
from app.reports import KIND_LABELS, ReportKind, ReportRequest, ReportResult
from app.ui.date_field import day_field, not_a_date
from app.ui.profile_dialog import LANGUAGE_NAMES
from app.ui.reports.export_job import STEPS, ExportJob
from app.ui.reports.report_preview import ReportPreview
from app.ui.reports.round_choice import RoundEntry, fill_rounds
from app.ui.widgets import choose_target, documents_folder, result_label, show_result

# TRANSLATORS: the start of a report's default file name (no spaces, no slashes).
FILE_STEMS = {
    ReportKind.CABINET: N_("Status-report"),
    ReportKind.DEPARTMENT: N_("Department-report"),
    ReportKind.MEASURE: N_("Fact-sheet"),
    ReportKind.PARTNERSHIPS: N_("Partnership-evaluation"),
}


class ReportsScreen(QWidget):
    finished = Signal()
    """An export ended (written, failed or cancelled)."""

    def __init__(
        self,
        tr: Translator,
        paths: AppPaths,
        settings: QSettings,
        *,
        demo: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tr = tr
        self._paths = paths
        self._settings = settings
        self._thread: QThread | None = None
        self._job: ExportJob | None = None
        self._result: ReportResult | None = None
        self._rounds: list[RoundEntry] = []
        self.preview_dialog: ReportPreview | None = None
        self._preview: tempfile.TemporaryDirectory[str] | None = None  # while one is written
        self._auto_name = True
        _ = tr.gettext

        title = QLabel(f"<h2>{_('Reports')}</h2>")
        self.demo_note = QLabel(
            _("This is the demo register: every page of a report is marked “Demo”.")
        )
        self.demo_note.setWordWrap(True)
        self.demo_note.setStyleSheet("color: #c62828;")
        self.demo_note.setVisible(demo)

        self.kind = QComboBox()
        for kind in ReportKind:
            self.kind.addItem(_(KIND_LABELS[kind]), kind)
        self.language = QComboBox()
        for lang in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[lang], lang)
        self.language.setCurrentIndex(max(self.language.findData(tr.lang), 0))
        self.department = QComboBox()
        self.measure = QComboBox()
        self.measure.setEditable(True)
        self.measure.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = QCompleter(self.measure.model(), self.measure)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.measure.setCompleter(completer)
        search = self.measure.lineEdit()
        assert search is not None
        search.setPlaceholderText(_("Type a code or words of the title"))
        self.measure.currentIndexChanged.connect(self._title_from_start)
        self.round = QComboBox()

        half_a_year_ago = QDate.currentDate().addMonths(-6).toPython()
        assert isinstance(half_a_year_ago, dt.date)
        self.use_date = QCheckBox(_("Reporting &date:"))
        self.reporting_date = day_field(tr, dt.date.today(), _("Reporting date"))
        self.use_since = QCheckBox(_("Changes s&ince:"))
        self.since = day_field(tr, half_a_year_ago, _("Changes since"))
        for edit in (self.reporting_date, self.since):
            edit.setEnabled(False)
        self.use_date.toggled.connect(self.reporting_date.setEnabled)
        self.use_since.toggled.connect(self.since.setEnabled)
        self.date_hint = QLabel(_("Without a date: the day of the register's latest change."))
        self.date_hint.setWordWrap(True)

        self.draft = QCheckBox(_("Mark as d&raft"))
        self.classification = QLineEdit()
        self.classification.setPlaceholderText(_("e.g. For internal use only"))
        self.output = QLineEdit()
        self.output.textEdited.connect(self._name_edited)
        self.choose_button = QPushButton(_("C&hoose…"))
        self.choose_button.clicked.connect(self.choose_file)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.labels: dict[str, QLabel] = {}

        def row(key: str, caption: str, field: QWidget | QHBoxLayout) -> None:
            label = QLabel(caption)
            self.labels[key] = label
            if isinstance(field, QWidget):
                label.setBuddy(field)
            form.addRow(label, field)

        row("kind", _("Report &kind:"), self.kind)
        row("language", _("Report &language:"), self.language)
        row("department", _("Depar&tment:"), self.department)
        row("measure", _("Meas&ure:"), self.measure)
        row("round", _("Evaluation rou&nd:"), self.round)
        dates = QHBoxLayout()
        dates.addWidget(self.use_date)
        dates.addWidget(self.reporting_date)
        dates.addSpacing(24)
        dates.addWidget(self.use_since)
        dates.addWidget(self.since)
        dates.addStretch(1)
        form.addRow(dates)
        form.addRow("", self.date_hint)
        form.addRow("", self.draft)
        row("classification", _("Classification &line:"), self.classification)
        output = QHBoxLayout()
        output.addWidget(self.output, 1)
        output.addWidget(self.choose_button)
        row("output", _("Save &as:"), output)
        self.labels["output"].setBuddy(self.output)

        names = {
            self.kind: _("Report kind"),
            self.language: _("Report language"),
            self.department: _("Department"),
            self.measure: _("Measure"),
            self.round: _("Evaluation round"),
            self.use_date: _("Reporting date"),
            self.reporting_date: _("Reporting date"),
            self.use_since: _("Changes since"),
            self.since: _("Changes since"),
            self.draft: _("Mark as draft"),
            self.classification: _("Classification line"),
            self.output: _("Save as"),
            self.choose_button: _("Choose the file"),
        }

        self.export_button = QPushButton(_("&Export"))
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export_chosen)
        self.preview_button = QPushButton(_("Pre&view…"))
        self.preview_button.clicked.connect(self.preview)
        self.progress = QProgressBar()
        self.progress.setRange(0, STEPS)
        self.cancel_button = QPushButton(_("Cance&l"))
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button = QPushButton(_("&Open"))
        self.open_button.clicked.connect(self.open_result)
        self.message = result_label(tr)
        names |= {
            self.export_button: _("Export"),
            self.preview_button: _("Preview the report before saving it"),
            self.progress: _("Export progress"),
            self.cancel_button: _("Cancel the export"),
            self.open_button: _("Open the report"),
            self.message: _("Export result"),
        }
        for widget, name in names.items():
            widget.setAccessibleName(name)
        actions = QHBoxLayout()
        actions.addWidget(self.export_button)
        actions.addWidget(self.preview_button)
        actions.addWidget(self.progress, 1)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.open_button)
        actions.addStretch(0)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.demo_note)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addStretch(1)

        for signal in (
            self.kind.currentIndexChanged,
            self.language.currentIndexChanged,
            self.department.currentIndexChanged,
            self.measure.currentIndexChanged,
            self.measure.editTextChanged,
            self.reporting_date.textChanged,
            self.use_date.toggled,
        ):
            signal.connect(self._update)
        self.set_choices([], [])
        self.set_rounds([])
        self._set_running(False)
        self.open_button.hide()

    # -- choices -------------------------------------------------------------------------------
    def set_choices(self, departments: list[Named], measures: list[MeasureRow]) -> None:
        """Fill the department and measure pickers (kept selected where possible)."""
        _ = self._tr.gettext
        lang = self._tr.lang
        department = self.department.currentData()
        measure = self.measure.currentData()
        for combo in (self.department, self.measure):
            combo.blockSignals(True)
            combo.clear()
        self.department.addItem(_("– choose a department –"), None)
        for entry in departments:
            if not entry.retired:
                self.department.addItem(f"{entry.key} – {entry.name(lang)}", entry.key)
        for row in measures:
            if not row.archived:
                title = {"pl": row.title_pl, "cs": row.title_cs}.get(lang) or row.title_de
                self.measure.addItem(f"{row.code} – {title}", row.code)
        self.department.setCurrentIndex(max(self.department.findData(department), 0))
        self.measure.setCurrentIndex(max(self.measure.findData(measure), 0))
        for combo in (self.department, self.measure):
            combo.blockSignals(False)
        self._title_from_start()
        self._update()

    def _title_from_start(self) -> None:
        """A long title chosen shows from its start (the box scrolls to its end), unless the
        user is typing in it."""
        search = self.measure.lineEdit()
        if search is not None and not search.hasFocus():
            search.setCursorPosition(0)

    def set_rounds(self, rounds: list[RoundEntry]) -> None:
        """The register's rounds, newest first, with the reports that can be about each; those
        of the kind chosen are offered (the one chosen stays chosen)."""
        self._rounds = rounds
        self._update()

    def _kind(self) -> ReportKind:
        return ReportKind(self.kind.currentData())

    def _measure_code(self) -> str | None:
        """The measure chosen, also when its code or full entry was typed in."""
        text = self.measure.currentText().strip()
        index = self.measure.findText(text)
        if index < 0:
            code = text.split(" ", 1)[0]
            index = self.measure.findData(code)
        return str(self.measure.itemData(index)) if index >= 0 and text else None

    def _update(self) -> None:
        kind = self._kind()
        self.department.setEnabled(kind == ReportKind.DEPARTMENT)
        self.measure.setEnabled(kind == ReportKind.MEASURE)
        fill_rounds(self.round, self._tr, self._rounds, kind)
        # The core lists changes since a day in the cabinet report only.
        self.use_since.setEnabled(kind == ReportKind.CABINET)
        self.since.setEnabled(kind == ReportKind.CABINET and self.use_since.isChecked())
        if self._auto_name:
            self.output.setText(str(self._folder() / self.default_name()))

    # -- the output file -----------------------------------------------------------------------
    def default_name(self) -> str:
        """E.g. ``Sachstandsbericht-2026-11-21-pl.pdf``: kind, date, code, report language."""
        kind = self._kind()
        parts = [self._tr.gettext(FILE_STEMS[kind])]
        date = self._reporting_date() or dt.date.today()
        parts.append(date.isoformat())
        code = None
        if kind == ReportKind.DEPARTMENT:
            code = self.department.currentData()
        elif kind == ReportKind.MEASURE:
            code = self._measure_code()
        if code:
            parts.append(str(code))
        parts.append(str(self.language.currentData()))
        return "-".join(parts) + ".pdf"

    def _folder(self) -> Path:
        return documents_folder(self._settings, "reports/folder")

    def _name_edited(self, _text: str) -> None:
        self._auto_name = False

    def choose_file(self) -> None:
        _ = self._tr.gettext
        current = self.output.text().strip() or str(self._folder() / self.default_name())
        path = choose_target(self, _("Save the report as"), current, _("PDF documents (*.pdf)"))
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        self._auto_name = False
        self.output.setText(path)
        self._settings.setValue("reports/folder", str(Path(path).parent))

    def _reporting_date(self) -> dt.date | None:
        return self.reporting_date.day() if self.use_date.isChecked() else None

    # -- exporting -----------------------------------------------------------------------------
    def request(self, *, saving: bool = True) -> ReportRequest | str:
        """The request the form describes, or what is missing (translated); a preview
        (``saving`` false) needs no file yet."""
        _ = self._tr.gettext
        kind = self._kind()
        department = measure = None
        since = None
        if kind == ReportKind.DEPARTMENT:
            department = self.department.currentData()
            if not department:
                return _("Choose the department the report is about.")
        elif kind == ReportKind.MEASURE:
            measure = self._measure_code()
            if measure is None:
                return _("Choose the measure the fact sheet is about.")
        elif self.use_since.isChecked():
            since = self.since.day()
        for field, used in ((self.reporting_date, self.use_date), (self.since, self.use_since)):
            problem = not_a_date(self._tr, field) if used.isChecked() else None
            if problem:
                return problem
        if saving and not self.output.text().strip():
            return _("Choose where to save the report.")
        return ReportRequest(
            kind=kind,
            lang=str(self.language.currentData()),
            department=department,
            measure=measure,
            draft=self.draft.isChecked(),
            classification=self.classification.text().strip() or None,
            reporting_date=self._reporting_date(),
            since=since,
            round=self.round.currentData() if self.round.isEnabled() else None,
        )

    @property
    def running(self) -> bool:
        return self._thread is not None

    def preview(self) -> None:
        """Write the report into a temporary folder and show it; saved from the preview."""
        if not self.running:
            self._preview = tempfile.TemporaryDirectory(prefix="imag-preview-")
            self.export(Path(self._preview.name) / self.default_name())

    def export_chosen(self) -> None:
        self.export()

    def export(self, target: Path | None = None) -> None:
        """Write the report to the file chosen (or ``target``, for a preview)."""
        if self.running:
            return
        request = self.request(saving=target is None)
        if isinstance(request, str):
            self._show_message(request, error=True)
            self._end_preview()
            return
        target = target or Path(self.output.text().strip()).expanduser()
        if not target.parent.is_dir():
            self._show_message(
                self._tr.gettext("The folder {path} does not exist.").format(path=target.parent),
                error=True,
            )
            return
        if self._preview is None:  # not the preview's temporary folder
            self._settings.setValue("reports/folder", str(target.parent))
        self._result = None
        self.open_button.hide()
        self._show_message(self._tr.gettext("Writing the report…"), error=False)
        self.progress.setValue(0)
        thread = QThread(self)
        job = ExportJob(self._paths, request, target)
        job.moveToThread(thread)
        thread.started.connect(job.run)
        job.progressed.connect(self.progress.setValue)
        job.succeeded.connect(self._succeeded)
        job.failed.connect(self._failed)
        job.cancelled.connect(self._cancelled)
        for signal in (job.succeeded, job.failed, job.cancelled):
            signal.connect(thread.quit)
        thread.finished.connect(self._thread_finished)
        self._thread, self._job = thread, job
        self._set_running(True)
        thread.start()

    def cancel(self) -> None:
        if self._job is not None:
            self._job.stop.set()
            self.cancel_button.setEnabled(False)
            self._show_message(self._tr.gettext("Cancelling…"), error=False)

    def shutdown(self) -> None:
        """Stop a running export, and a preview's rendering, and wait for their threads (when
        the window closes)."""
        if self.preview_dialog is not None:
            self.preview_dialog.shutdown()
        if self._thread is not None:
            self.cancel()
            self._thread.quit()
            self._thread.wait()

    def _set_running(self, running: bool) -> None:
        for widget in (self.progress, self.cancel_button):
            widget.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.export_button.setEnabled(not running)
        self.preview_button.setEnabled(not running)
        if running:
            self.cancel_button.setFocus()

    def _thread_finished(self) -> None:
        if self._thread is not None:
            self._thread.deleteLater()
        if self._job is not None:
            self._job.deleteLater()
        self._thread = self._job = None
        self._end_preview()
        self._set_running(False)
        self.export_button.setFocus()
        self.finished.emit()

    def _end_preview(self) -> None:
        if self._preview is not None:
            self._preview.cleanup()
            self._preview = None

    def _succeeded(self, result: ReportResult) -> None:
        if self._preview is not None:  # shown, and saved from there if the user wants
            self._show_message("", error=False)
            self.preview_dialog = ReportPreview(
                self._tr, result.path.read_bytes(), self.default_name(), self._settings, self
            )
            self.preview_dialog.open()
            return
        self._result = result
        self._show_message(
            self._tr.ngettext(
                "Report written to {path} ({n} page).",
                "Report written to {path} ({n} pages).",
                result.pages,
            ).format(path=result.path, n=result.pages),
            error=False,
        )
        self.open_button.show()

    def _failed(self, error: UserError | None) -> None:
        if error is None:
            text = self._tr.gettext("An internal error occurred; details are in the log file.")
        else:
            text = self._tr.render(error.message)
        self._show_message(text, error=True)

    def _cancelled(self) -> None:
        self._show_message(
            self._tr.gettext("The export was cancelled; no file was written."), error=False
        )

    def _show_message(self, text: str, *, error: bool) -> None:
        show_result(self.message, text, error=error)

    def open_result(self) -> None:
        if self._result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._result.path)))
