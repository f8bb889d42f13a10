"""The parts of a round the secretariat looks at, in tabs under the list of rounds:
completeness per department, the open conflicts side by side, the proposals for new measures,
and the returns imported so far."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.i18n import N_, Translator
from app.operations.context import Actor
from app.rounds import view
from app.rounds.kinds import kind_of
from app.rounds.labels import DEPARTMENT_STATE
from app.rounds.reminders import REMINDABLE
from app.rounds.secretariat import DepartmentProgress, RoundProgress
from app.ui.rounds.round_labels import (
    date_text,
    field_text,
    state_icon,
    time_text,
    title_in,
    value_text,
)
from app.ui.rounds.round_texts import RoundTextsView
from app.ui.table_fit import breakable, fit_wrapping, two_lines, words_below, wrapping_rows
from app.ui.widgets import current_key, fill_table, item_with_key, text_table, tree
from app.ui.worker import DbWorker


class CompletenessView(QWidget):
    """Per department: state (colour and text), expected, returned, missing, late, version."""

    reminder_requested = Signal(str)  # the department's code
    all_reminders_requested = Signal()

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        _ = tr.gettext
        self.rows: list[DepartmentProgress] = []
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = tree(
            _("Completeness per department"),
            [_(N_("Department")), _(N_("State"))] + [words_below(_(caption)) for caption in (
                N_("Answers"), N_("Missing"), N_("Version"),
                N_("Returned on"), N_("Open conflicts"))],
        )  # fmt: skip
        wrapping_rows(self.table)
        self.table.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.table.itemActivated.connect(lambda *_a: self.request_reminder())
        self.reminder_button = QPushButton(_("&Reminder…"))
        self.reminder_button.setToolTip(
            _("A reminder for the selected department: text to copy, or an e-mail draft")
        )
        self.reminder_button.clicked.connect(self.request_reminder)
        self.all_reminders_button = QPushButton(_("Reminders to &all…"))
        self.all_reminders_button.setToolTip(
            _(
                "An e-mail draft for every department whose return is missing, overdue or "
                "incomplete: addressed, in its language, with its round package attached"
            )
        )
        self.all_reminders_button.clicked.connect(self.all_reminders_requested)
        # the measures no department is asked about: their codes on request (room at 150 %)
        self.unassigned = QLabel()
        self.unassigned.setWordWrap(True)
        self.unassigned.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.unassigned_button = QPushButton()
        self.unassigned_button.setCheckable(True)
        self.unassigned_button.toggled.connect(self._show_unassigned)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reminder_button)
        buttons.addWidget(self.all_reminders_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unassigned_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.unassigned)
        self.unassigned_button.hide()
        self._show_unassigned(False)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    def show_progress(self, progress: RoundProgress | None) -> None:
        tr, _ = self._tr, self._tr.gettext
        code = self.selected()
        self.table.clear()
        self.rows = list(progress.departments) if progress else []
        if progress is None:
            self.summary.setText("")
            self.unassigned_button.hide()
            self._show_unassigned(False)
            self._update_buttons()
            return
        parts = [
            _("Deadline: {date}").format(date=date_text(tr, progress.deadline)),
        ]
        if progress.period_start or progress.period_end:
            parts.append(
                _("Reporting period: {start} to {end}").format(
                    start=date_text(tr, progress.period_start),
                    end=date_text(tr, progress.period_end),
                )
            )
        parts.append(
            tr.ngettext(
                "Returns from {returned} of {n} department",
                "Returns from {returned} of {n} departments",
                len(progress.departments),
            ).format(returned=progress.departments_returned, n=len(progress.departments))
        )
        parts.append(
            tr.ngettext(*kind_of(progress).progress_part, progress.measures_expected).format(
                answered=progress.measures_returned, n=progress.measures_expected
            )
        )
        unassigned = len(progress.unassigned)
        if unassigned:
            parts.append(
                tr.ngettext(
                    "{n} measure in scope has no lead department and is not asked",
                    "{n} measures in scope have no lead department and are not asked",
                    unassigned,
                ).format(n=unassigned)
            )
        self.summary.setText(" · ".join(parts))
        self.unassigned.setText(
            _("Measures in scope without a lead department (not asked): {codes}").format(
                codes=", ".join(progress.unassigned)
            )
        )
        self.unassigned_button.setVisible(bool(unassigned))
        self._show_unassigned(self.unassigned_button.isChecked())
        for row in self.rows:
            name = row.names.get(tr.lang) or row.names.get("de") or ""
            missing = ", ".join(row.missing_codes)
            item = QTreeWidgetItem(
                [
                    f"{row.code} – {name}",
                    _(DEPARTMENT_STATE[row.state]) + (", " + _("late") if row.late else ""),
                    _("{returned} of {expected}").format(
                        returned=row.returned, expected=row.expected
                    )
                    if row.state != "not_issued"
                    else "–",
                    str(len(row.missing_codes)) if row.state != "not_issued" else "–",
                    str(row.version) if row.version else "–",
                    time_text(tr, row.returned_at),
                    str(row.open_conflicts) if row.open_conflicts else "–",
                ]
            )
            item.setIcon(1, state_icon(row.state))
            item.setData(0, Qt.ItemDataRole.UserRole, row.code)
            item.setToolTip(0, f"{row.code} – {name}")
            if missing:
                item.setToolTip(3, _("Missing: {codes}").format(codes=missing))
            for column in range(2, 7):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignCenter)
            self.table.addTopLevelItem(item)
        fit_wrapping(self.table, stretch=0)
        self.select(code or next((r.code for r in self.rows if r.state in REMINDABLE), None))
        self._update_buttons()

    def _show_unassigned(self, shown: bool) -> None:
        _ = self._tr.gettext
        self.unassigned.setVisible(shown and not self.unassigned_button.isHidden())
        self.unassigned_button.setText(
            _("Hide the measures not asked") if shown else _("Show the measures not asked")
        )

    def select(self, code: str | None) -> None:
        item = item_with_key(self.table, code)
        if item is not None:
            self.table.setCurrentItem(item)

    def selected(self) -> str | None:
        return current_key(self.table)

    def _selected_row(self) -> DepartmentProgress | None:
        code = self.selected()
        return next((row for row in self.rows if row.code == code), None)

    def _update_buttons(self) -> None:
        row = self._selected_row()
        self.reminder_button.setEnabled(row is not None and row.state in REMINDABLE)
        self.all_reminders_button.setEnabled(any(r.state in REMINDABLE for r in self.rows))

    def request_reminder(self) -> None:
        row = self._selected_row()
        if row is not None and row.state in REMINDABLE:
            self.reminder_requested.emit(row.code)


class ConflictsView(QWidget):
    """The open conflicts, one row each: the register's value, the value in the package issued
    and the returned value side by side, and the two ways to settle it."""

    resolve_requested = Signal(int, str)  # conflict id, "register" or "returned"

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        _ = tr.gettext
        self.rows: list[view.ConflictRow] = []
        self.buttons: dict[tuple[int, str], QPushButton] = {}
        self.offer_changes = True
        """False for a user who may not change the register (app.ui.role_limits): the
        conflicts are shown without the buttons that settle them."""
        self.intro = QLabel(
            _(
                "The secretariat changed these values after the package was issued, and the "
                "department returned another value. Decide field by field which one the "
                "register keeps."
            )
        )
        self.intro.setWordWrap(True)
        self.empty = QLabel(_("There are no open conflicts."))
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setAccessibleName(_("Open conflicts"))
        self.grid_host = QWidget()
        self.area.setWidget(self.grid_host)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.empty)
        layout.addWidget(self.area, 1)
        self.show_conflicts([])

    def show_conflicts(self, rows: list[view.ConflictRow]) -> None:
        tr, _ = self._tr, self._tr.gettext
        self.rows = rows
        self.buttons = {}
        host = QWidget()
        host.setBackgroundRole(QPalette.ColorRole.Base)
        host.setAutoFillBackground(True)
        grid = QGridLayout(host)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        headers = [_("Measure"), _("Field"), _("Register now"), _("In the package issued"),
                   _("Returned")]  # fmt: skip
        for column, caption in enumerate(headers):
            label = QLabel(f"<b>{html.escape(caption)}</b>")
            label.setWordWrap(True)  # a narrow window (150 %): the captions on two lines
            grid.addWidget(label, 0, column)
        for number, row in enumerate(rows):
            line = 1 + number * 2
            if number:
                rule = QFrame()
                rule.setFrameShape(QFrame.Shape.HLine)
                rule.setStyleSheet("color: #d0d0d0;")
                grid.addWidget(rule, line - 1, 0, 1, 6)
            title = title_in(tr, row.titles, mark_german=True)
            measure = f"<b>{html.escape(row.code)}</b>"
            if title:
                measure += f"<br>{html.escape(title)}"
            field = html.escape(field_text(tr, row.field, row.indicator))
            source = html.escape(
                _("{department}, return version {version}").format(
                    department=row.department, version=row.version
                )
            )
            cells = [
                measure,
                f"{field}<br><span style='color:#5f6368'>{source}</span>",
                html.escape(value_text(tr, row.field, row.register)),
                html.escape(value_text(tr, row.field, row.issued)),
                f"<b>{html.escape(value_text(tr, row.field, row.returned))}</b>",
            ]
            for column, text in enumerate(cells):
                label = QLabel(text)
                label.setWordWrap(True)
                label.setTextFormat(Qt.TextFormat.RichText)
                label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                label.setMinimumWidth(100 if column == 0 else 60)
                grid.addWidget(label, line, column)
            actions = QVBoxLayout()
            where = f"{row.code}, {field_text(tr, row.field, row.indicator)}"
            for take, caption, name in (
                ("register", _("Keep register value"), _("Keep the register's value: {where}")),
                ("returned", _("Take returned value"), _("Take the returned value: {where}")),
            ):
                button = QPushButton(caption)
                button.setAccessibleName(name.format(where=where))
                button.clicked.connect(
                    lambda _c=False, i=row.id, t=take: self.resolve_requested.emit(i, t)
                )
                self.buttons[(row.id, take)] = button
                button.setVisible(self.offer_changes)
                actions.addWidget(button)
            actions.addStretch(1)
            grid.addLayout(actions, line, 5)
        for column, stretch in enumerate((3, 2, 2, 2, 2, 0)):
            grid.setColumnStretch(column, stretch)
        grid.setRowStretch(1 + len(rows) * 2, 1)
        self.area.setWidget(host)
        self.grid_host = host
        self.empty.setVisible(not rows)
        self.intro.setVisible(bool(rows))
        self.area.setVisible(bool(rows))

    def set_enabled(self, enabled: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(enabled)


class ProposalsView(QWidget):
    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        _ = tr.gettext
        self.table = text_table(
            _("Proposals for new measures"),
            [two_lines(_(caption)) for caption in (
                N_("Department"), N_("Instrument"), N_("Title (German)"), N_("Description"),
                N_("Rationale"), N_("State"))],
            stretch=2,
        )  # fmt: skip
        for column in (3, 4):  # the long texts share the room with the title and wrap
            self.table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.Stretch
            )
        self.empty = QLabel(_("No department has proposed a new measure in this round."))
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)

    def show_proposals(self, rows: list[view.ProposalRow]) -> None:
        _ = self._tr.gettext
        states = {"open": _("open"), "accepted": _("accepted"), "rejected": _("rejected")}
        fill_table(
            self.table,
            [
                [
                    _("{department}, version {version}").format(
                        department=row.department, version=row.version
                    ),
                    row.instrument,
                    row.title_de,
                    row.description_de or "–",
                    row.rationale or "–",
                    states.get(row.state, row.state),
                ]
                for row in rows
            ],
        )
        self.empty.setVisible(not rows)


class ReturnsView(QWidget):
    """Every return imported, newest first; a later version supersedes an earlier one."""

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        _ = tr.gettext
        self.table = tree(
            _("Returns imported"),
            [_("Department"), _("Version"), _("State"), _("Exported"), _("Imported"),
             _("Answers"), _("Encrypted"), _("File")],
        )  # fmt: skip
        wrapping_rows(self.table)
        self.empty = QLabel(_("No return has been imported for this round yet."))
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)

    def show_returns(self, rows: list[view.ReturnRow]) -> None:
        tr, _ = self._tr, self._tr.gettext
        states = {
            "current": _("current"),
            "superseded": _("superseded"),
            "withdrawn": _("withdrawn"),
            "amendment": _("amendment (after closing)"),
        }
        self.table.clear()
        for row in rows:
            item = QTreeWidgetItem(
                [
                    row.department,
                    str(row.version),
                    states.get(row.state, row.state),
                    time_text(tr, row.exported_at),
                    f"{time_text(tr, row.imported_at)}\n{row.imported_by}",  # when, by whom
                    str(row.answers),
                    _("yes") if row.encrypted else _("no"),
                    breakable(row.file_name),
                ]
            )
            icon = {"current": "complete", "amendment": "partial", "withdrawn": "refused"}
            item.setIcon(2, state_icon(icon.get(row.state, "not_issued")))
            item.setToolTip(7, row.file_name)
            self.table.addTopLevelItem(item)
        fit_wrapping(self.table, stretch=7)
        self.empty.setVisible(not rows)


Detail = tuple[list[view.ConflictRow], list[view.ProposalRow], list[view.ReturnRow]]


class RoundDetail(QTabWidget):
    """The selected round's completeness, conflicts, proposals and returns, one tab each (the
    tab's caption counts its rows); read on the database worker when another round is chosen."""

    def __init__(
        self,
        tr: Translator,
        worker: DbWorker,
        *,
        busy: Callable[[], bool],
        actor: Callable[[], Actor],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tr = tr
        self._worker = worker
        self._busy = busy  # while the screen is busy, conflicts are not to be resolved
        self._name: str | None = None
        _ = tr.gettext
        self.completeness = CompletenessView(tr)
        self.conflicts = ConflictsView(tr)
        self.proposals = ProposalsView(tr)
        self.returns = ReturnsView(tr)
        self.texts = RoundTextsView(tr, worker, actor)
        self.setAccessibleName(_("The selected round"))
        self.addTab(self.completeness, _("Completeness"))
        self.addTab(self.conflicts, _("Conflicts"))
        self.addTab(self.proposals, _("Proposals"))
        self.addTab(self.returns, _("Returns imported"))
        self.addTab(self.texts, _("Texts for the report"))

    def show_round(self, progress: RoundProgress | None) -> None:
        """Show the round ``progress``."""
        self.completeness.show_progress(progress)
        closed = progress is not None and progress.status == "closed"
        self.texts.show_round(progress.name if progress else None, closed=closed)
        if progress is None:
            self._name = None
            self._show_detail(None, ([], [], []))
            return
        name = self._name = progress.name

        def job(session: Session) -> Detail:
            return (
                view.conflicts(session, name),
                view.proposals(session, name),
                view.returns(session, name),
            )

        self._worker.run(job, lambda detail: self._show_detail(name, detail))

    def _show_detail(self, name: str | None, detail: Detail) -> None:
        if name != self._name:
            return  # another round was selected meanwhile
        conflicts, proposals, returns = detail
        _ = self._tr.gettext
        self.conflicts.show_conflicts(conflicts)
        self.proposals.show_proposals(proposals)
        self.returns.show_returns(returns)
        for index, caption, count in (
            (1, _("Conflicts"), len(conflicts)),
            (2, _("Proposals"), len(proposals)),
            (3, _("Returns imported"), len(returns)),
        ):
            self.setTabText(index, f"{caption} ({count})" if count else caption)
        self.conflicts.set_enabled(not self._busy())
