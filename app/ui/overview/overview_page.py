"""The overview page, the window's first: the current round's returns per department, the
measures' traffic lights (or status) per instrument and per department, the measures overdue or
ending soon, and the progress per instrument across the closed rounds. Its numbers come from
:func:`app.overview.overview` on the database worker; a click on a part of a chart (or Enter on
it) shows those measures in the register (``show_in_register``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app import labels
from app import overview_data as core
from app.enums import Status
from app.i18n import Translator
from app.rounds.labels import DEPARTMENT_STATE, ROUND_STATUS
from app.ui.overview.charts import BarRow, Part, StackedBars
from app.ui.overview.trend import Series, TrendChart
from app.ui.qt_setup import set_tab_order
from app.ui.widgets import fill_table, text_table

if TYPE_CHECKING:  # the first screen shows the page before SQLAlchemy is imported
    from sqlalchemy.orm import Session

    from app.ui.worker import DbWorker


@dataclass(frozen=True)
class Chosen:
    """What the register is to show: filters (filter → value), only ``codes`` if given (said
    by ``text``), and the measure ``select`` selected."""

    choices: dict[str, Any] = field(default_factory=dict)
    codes: frozenset[str] | None = None
    text: str = ""
    select: str | None = None


STATUS_COLORS = {
    "planned": ("#90caf9", Qt.BrushStyle.NoBrush, "#000000"),
    "in_progress": ("#1565c0", Qt.BrushStyle.NoBrush, "#ffffff"),
    "continuous": ("#00796b", Qt.BrushStyle.BDiagPattern, "#ffffff"),
    "completed": ("#2e7d32", Qt.BrushStyle.NoBrush, "#ffffff"),
    "suspended": ("#e65100", Qt.BrushStyle.FDiagPattern, "#000000"),
    "dropped": ("#616161", Qt.BrushStyle.DiagCrossPattern, "#ffffff"),
}
LIGHT_COLORS = {
    "green": ("#2e7d32", Qt.BrushStyle.NoBrush, "#ffffff"),
    "amber": ("#f9a825", Qt.BrushStyle.BDiagPattern, "#000000"),
    "red": ("#c62828", Qt.BrushStyle.DiagCrossPattern, "#ffffff"),
    core.NO_LIGHT: ("#e0e0e0", Qt.BrushStyle.Dense6Pattern, "#000000"),
}
DUE_ROWS = 200
"""The measures overdue or ending soon that the table lists (rows that wrap are costly)."""
TWO_COLUMNS = 1000
"""The width (in device-independent pixels) from which the charts stand in two columns."""


class OverviewPage(QScrollArea):
    show_in_register = Signal(object)  # a Chosen

    def __init__(
        self, tr: Translator, worker: DbWorker | None, parent: QWidget | None = None
    ) -> None:
        """``worker``: where it counts; ``None``: it only shows what it is given (the first
        screen's page, before the register is opened)."""
        super().__init__(parent)
        self._tr = tr
        self._worker = worker
        self.data: core.Overview | None = None
        self.stale = True
        _ = tr.gettext
        self.setAccessibleName(_("Overview"))
        self.setWidgetResizable(True)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setAccessibleDescription(_("Overview"))  # the name is its text
        self.mode = QComboBox()
        for text, key in ((_("Traffic lights"), "lights"), (_("Status"), "status")):
            self.mode.addItem(text)
            self.mode.setItemData(self.mode.count() - 1, key)
        mode_label = QLabel(_("&Bars show:"))
        mode_label.setBuddy(self.mode)
        self.mode.setAccessibleName(_("Bars show"))
        self.mode.currentIndexChanged.connect(lambda _i: self._fill_groups())
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(mode_label)
        top.addWidget(self.mode)

        self.returns = StackedBars(_("Returns per department"), self._return_parts())
        self.instruments = StackedBars(_("Measures per instrument"), [])
        self.departments = StackedBars(_("Measures per department"), [])
        self.trend = TrendChart(_("Progress per instrument across closed rounds"))
        self.due_label = QLabel()
        self.due_label.setWordWrap(True)
        self.due_label.setAccessibleDescription(_("Measures overdue or ending soon"))
        self.overdue_button = QPushButton(_("Show the &overdue ({n})").format(n=0))
        self.soon_button = QPushButton(_("Show those ending &soon ({n})").format(n=0))
        self.due_table = text_table(
            _("Measures overdue or ending soon"),
            [_("Code"), _("Title"), _("End"), _("Lead"), _("State")],
            1,
        )
        self.returns_box = self._box(_("Returns of the current round"), self.returns)
        due = QWidget()
        due_layout = QVBoxLayout(due)
        due_layout.setContentsMargins(0, 0, 0, 0)
        due_layout.addWidget(self.due_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.overdue_button)
        buttons.addWidget(self.soon_button)
        buttons.addStretch(1)
        due_layout.addLayout(buttons)
        due_layout.addWidget(self.due_table, 1)
        self.boxes = [
            self.returns_box,
            self._box(_("Measures overdue or ending soon"), due),
            self._box(_("Per instrument"), self.instruments),
            self._box(_("Per department (lead or participating)"), self.departments),
            self._box(_("Progress per instrument (mean, in %)"), self.trend),
        ]
        self.grid = QGridLayout()
        self.columns = 0
        self._arrange(2)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addLayout(top)
        layout.addLayout(self.grid)
        layout.addStretch(1)
        self.setWidget(content)
        set_tab_order(
            [self.mode, self.returns, self.overdue_button, self.soon_button, self.due_table,
             self.instruments, self.departments, self.trend]
        )  # fmt: skip

        self.returns.activated.connect(self._returns_chosen)
        self.instruments.activated.connect(
            lambda key, part: self._group_chosen("instrument", key, part)
        )
        self.departments.activated.connect(
            lambda key, part: self._group_chosen("department", key, part)
        )
        self.trend.activated.connect(lambda key, _part: self._group_chosen("instrument", key, ""))
        self.overdue_button.clicked.connect(lambda: self._due_chosen(core.OVERDUE))
        self.soon_button.clicked.connect(lambda: self._due_chosen(core.AT_RISK))
        self.due_table.cellActivated.connect(self._due_row_chosen)

    def _arrange(self, columns: int) -> None:
        """The charts in two columns (the trend across both), or one below the other on a
        narrow screen (or at a large scaling)."""
        if columns == self.columns:
            return
        self.columns = columns
        for box in self.boxes:
            self.grid.removeWidget(box)
        for n, box in enumerate(self.boxes[:-1]):
            self.grid.addWidget(box, *((n // 2, n % 2) if columns == 2 else (n, 0)))
        self.grid.addWidget(self.boxes[-1], 2 if columns == 2 else 4, 0, 1, columns)
        self.grid.setColumnStretch(1, 1 if columns == 2 else 0)
        self.grid.setColumnStretch(0, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(2 if self.viewport().width() >= TWO_COLUMNS else 1)

    @staticmethod
    def _box(title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        layout.addWidget(widget)
        return box

    # -- loading -----------------------------------------------------------------------------
    def invalidate(self) -> None:
        """The register changed: count again now if the page is shown, else when it is."""
        self.stale = True
        if self.isVisible():
            self.load()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.load()

    def load(self) -> None:
        """Count again (on the worker) and show it."""
        self.stale = False
        worker = self._worker
        if worker is None:
            return

        def job(session: Session) -> core.Overview:
            from app.overview import counted  # the queries (SQLAlchemy): imported on the worker

            register = worker.register
            return counted(session, register.path if register.server is None else None)

        worker.run(job, self.set_data)

    def set_data(self, data: core.Overview) -> None:
        tr = self._tr
        _ = tr.gettext
        self.data = data
        self.heading.setText(
            tr.ngettext(
                "As of {date}: {n} measure in the register (archived ones not counted).",
                "As of {date}: {n} measures in the register (archived ones not counted).",
                data.measures,
            ).format(date=tr.date(data.today), n=data.measures)
        )
        self._fill_returns(data)
        self._fill_groups()
        self._fill_due(data)
        self._fill_trend(data)

    def _return_parts(self) -> list[Part]:
        _ = self._tr.gettext
        return [
            Part("returned", _("returned"), "#2e7d32"),
            Part(
                "missing", _("not yet returned"), "#e0e0e0", Qt.BrushStyle.Dense6Pattern, "#000000"
            ),
        ]

    def _fill_returns(self, data: core.Overview) -> None:
        tr = self._tr
        _ = tr.gettext
        current = data.round
        self.returns.empty_text = _("No evaluation round yet.")
        if current is None:
            self.returns_box.setTitle(_("Returns of the current round"))
            self.returns.set_rows([])
            return
        self.returns_box.setTitle(
            _("Returns of the round “{name}” ({status}, deadline {deadline})").format(
                name=current.name,
                status=_(ROUND_STATUS.get(current.status, current.status)),
                deadline=tr.date(current.deadline),
            )
        )
        self.returns.set_rows(
            [
                BarRow(
                    d.code,
                    d.code,
                    (d.returned, d.expected - d.returned),
                    _("{returned} of {expected} – {state}").format(
                        returned=d.returned,
                        expected=d.expected,
                        state=_(DEPARTMENT_STATE.get(d.state, d.state)),
                    ),
                )
                for d in current.departments
            ]
        )

    def _parts(self) -> list[Part]:
        tr = self._tr
        if self.mode.currentData() == "status":
            return [
                Part(key, labels.status(tr, Status(key)), *STATUS_COLORS[key])
                for key in core.STATUSES
            ]
        names = {key: labels.TRAFFIC_LIGHT[key] for key in labels.TRAFFIC_LIGHT}
        return [
            Part(
                key,
                tr.gettext(names[key]) if key in names else tr.gettext("no traffic light"),  # type: ignore[index]
                *LIGHT_COLORS[key],
            )
            for key in core.LIGHTS
        ]

    def _fill_groups(self) -> None:
        data = self.data
        if data is None:
            return
        lang = self._tr.lang
        status = self.mode.currentData() == "status"
        parts = self._parts()
        for chart, groups, label in (
            (self.instruments, data.instruments, lambda g: f"{g.key} – {g.name(lang)}"),
            (self.departments, data.departments, lambda g: g.key),
        ):
            chart.set_rows(
                [
                    BarRow(
                        group.key,
                        label(group),
                        tuple(
                            (group.by_status if status else group.by_light)[part.key]
                            for part in parts
                        ),
                    )
                    for group in groups
                    if group.total
                ],
                parts,
            )
            chart.setToolTip("")

    def _fill_due(self, data: core.Overview) -> None:
        tr = self._tr
        _ = tr.gettext
        overdue = len(data.due_codes(core.OVERDUE))
        soon = len(data.due_codes(core.AT_RISK))
        text = _(
            "Overdue: {overdue} (end date passed, not completed). Ending soon: {soon} "
            "(within {days} days, not completed)."
        ).format(overdue=overdue, soon=soon, days=core.AT_RISK_DAYS)
        listed = data.due[:DUE_ROWS]
        if len(listed) < len(data.due):
            text += " " + _("The table lists the first {shown}; the buttons show all.").format(
                shown=len(listed)
            )
        self.due_label.setText(text)
        self.overdue_button.setText(_("Show the &overdue ({n})").format(n=overdue))
        self.soon_button.setText(_("Show those ending &soon ({n})").format(n=soon))
        self.overdue_button.setEnabled(bool(overdue))
        self.soon_button.setEnabled(bool(soon))
        states = {core.OVERDUE: _("overdue"), core.AT_RISK: _("ends soon")}
        fill_table(
            self.due_table,
            [
                [m.code, m.title(tr.lang), tr.date(m.end_date), m.lead or "–", states[m.state]]
                for m in listed
            ],
        )
        for row, measure in enumerate(listed):
            color = "#b71c1c" if measure.state == core.OVERDUE else "#8a5a00"
            item = self.due_table.item(row, 4)
            if item is not None:
                item.setForeground(QColor(color))

    def _fill_trend(self, data: core.Overview) -> None:
        tr = self._tr
        _ = tr.gettext
        self.trend.empty_text = _("No measures yet.")
        points = [p.label or _("today") for p in data.trend]
        series = [
            Series(
                key,
                f"{key} – {core.names_in(names, tr.lang, key)}",
                tuple(p.progress.get(key) for p in data.trend),
            )
            for key, names in data.instrument_names.items()
            if any(p.progress.get(key) is not None for p in data.trend)
        ]
        self.trend.set_data(points, series)

    # -- into the register -------------------------------------------------------------------
    def _returns_chosen(self, department: str, part: str) -> None:
        data = self.data
        if data is None or data.round is None:
            return
        row = next(d for d in data.round.departments if d.code == department)
        if part == "missing" and row.missing_codes:
            text = self._tr.gettext(
                "Not yet returned by {department} in the round “{name}”: {n}"
            ).format(department=department, name=data.round.name, n=len(row.missing_codes))
            self.show_in_register.emit(Chosen({}, frozenset(row.missing_codes), text))
        else:
            self.show_in_register.emit(Chosen({"department": department}))

    def _group_chosen(self, kind: str, key: str, part: str) -> None:
        data = self.data
        if data is None:
            return
        if not part:
            self.show_in_register.emit(Chosen({kind: key}))
        elif self.mode.currentData() == "status":
            self.show_in_register.emit(Chosen({kind: key, "status": part}))
        else:
            groups = data.instruments if kind == "instrument" else data.departments
            group = next(g for g in groups if g.key == key)
            label = next(p.label for p in self._parts() if p.key == part)
            text = self._tr.gettext("Traffic light “{light}”: {n}").format(
                light=label, n=group.by_light[part]
            )
            self.show_in_register.emit(Chosen({kind: key}, group.light_codes[part], text))

    def _due_chosen(self, state: str, select: str | None = None) -> None:
        data = self.data
        if data is None:
            return
        codes = data.due_codes(state)
        _ = self._tr.gettext
        text = (
            _("Overdue measures: {n}") if state == core.OVERDUE else _("Measures ending soon: {n}")
        ).format(n=len(codes))
        self.show_in_register.emit(Chosen({}, codes, text, select))

    def _due_row_chosen(self, row: int, _column: int) -> None:
        if self.data is not None and 0 <= row < len(self.data.due):
            measure = self.data.due[row]
            self._due_chosen(measure.state, measure.code)
