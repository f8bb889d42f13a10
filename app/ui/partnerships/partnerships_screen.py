"""The "Partnerships" page: every partnership (active, dormant, under consideration) in a
filterable table, its facts, history and the results of each partnership round in a detail
pane, the working group's conclusion for an open round, and the criteria sets (new, edited,
imported from and exported to files).

Everything is read through :mod:`app.partnerships` on the database worker; the conclusion is
recorded through :func:`app.partnerships.rounds.conclude`, a criteria set (from a file or the
editor) through :mod:`app.partnerships.criteria`. Nothing is read before the page is first shown,
and it is read again when it is shown after the register changed elsewhere (returns imported, a
round closed).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.errors import UserError
from app.models import Recommendation
from app.partnerships import register, rounds, upkeep
from app.partnerships.answers import CHOICES
from app.ui.partnerships.criteria_sets import CriteriaSetsPane, CriteriaSetView, load_sets
from app.ui.partnerships.partnership_html import (
    detail_html,
    find_result,
    partner_name,
    percent_text,
)
from app.ui.partnerships.upkeep_dialogs import (
    PartnerDialog,
    PartnershipDialog,
    StatusDialog,
    UpkeepDialog,
)
from app.ui.qt_setup import set_tab_order
from app.ui.reflow import Reflow, turn
from app.ui.rounds.round_labels import state_icon
from app.ui.sizing import scrolled
from app.ui.widgets import (
    CollatedItem,
    Screen,
    ScreenContext,
    ask,
    current_key,
    fit_columns,
    result_label,
    show_result,
    tree,
    tree_items,
)

CRITERIA_SUFFIX = ".json"
STATUS_STATE = {"active": "complete", "dormant": "not_issued", "under_consideration": "partial"}
"""The colour of a partnership's status (the text beside it says the same)."""
ALL = ""


@dataclass(frozen=True)
class Loaded:
    partnerships: list[dict[str, Any]]
    results: dict[str, rounds.RoundResults]  # round name → results
    sets: list[CriteriaSetView]


def load(session: Session) -> Loaded:
    entries = register.partnerships(session)
    names = {e["round"] for entry in entries for e in entry["evaluations"]}
    return Loaded(
        partnerships=entries,
        results={name: rounds.results(session, name) for name in sorted(names)},
        sets=load_sets(session),
    )


class PartnershipsScreen(Screen):
    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        tr = context.tr
        self.loaded = False
        self.data = Loaded([], {}, [])
        self._shown: str | None = None
        _ = tr.gettext

        heading = _("Partnerships")
        title = QLabel(f"<h2>{html.escape(heading)}</h2>")

        # -- filters -----------------------------------------------------------------------
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Partner or code"))
        self.search.setAccessibleName(_("Search partnerships"))
        self.search.setClearButtonEnabled(True)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName(_("Status"))
        self.status_filter.addItem(_("All statuses"), ALL)
        for key, label in register.STATUS_LABELS.items():
            self.status_filter.addItem(_(label), key)
        self.kind_filter = QComboBox()
        self.kind_filter.setAccessibleName(_("Kind"))
        self.kind_filter.addItem(_("All kinds"), ALL)
        for key, label in register.KIND_LABELS.items():
            self.kind_filter.addItem(_(label), key)
        self.department_filter = QComboBox()
        self.department_filter.setAccessibleName(_("Department"))
        self.department_filter.addItem(_("All departments"), ALL)
        filter_fields: tuple[tuple[str, QWidget], ...] = (
            (_("S&earch:"), self.search),
            (_("Stat&us:"), self.status_filter),
            (_("&Kind:"), self.kind_filter),
            (_("&Department:"), self.department_filter),
        )
        filters = QGridLayout()
        for n, (caption, widget) in enumerate(filter_fields):
            buddy = QLabel(caption)
            buddy.setBuddy(widget)
            if widget is self.search:
                filters.addWidget(buddy, 0, 0)
                filters.addWidget(widget, 0, 1, 1, 5)
            else:
                filters.addWidget(buddy, 1, 2 * (n - 1))
                filters.addWidget(widget, 1, 2 * (n - 1) + 1)
                filters.setColumnStretch(2 * (n - 1) + 1, 1)
        self.search.textChanged.connect(lambda _t: self._apply_filter())
        for box in (self.status_filter, self.kind_filter, self.department_filter):
            box.currentIndexChanged.connect(lambda _i: self._apply_filter())

        self.table = tree(
            _("Partnerships"),
            [_("Code"), _("Partner"), _("Kind"), _("Status"), _("Departments"),
             _("Latest result")],
        )  # fmt: skip
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.currentItemChanged.connect(lambda *_a: self._selection_changed())
        self.count = QLabel()
        self.add_partner_button = QPushButton(_("Add &partner…"))
        self.add_partner_button.clicked.connect(self.add_partner)
        self.add_button = QPushButton(_("Add partners&hip…"))
        self.add_button.clicked.connect(self.add_partnership)
        self.status_button = QPushButton(_("Change s&tatus…"))
        self.status_button.clicked.connect(self.change_status)
        upkeep_buttons = QHBoxLayout()
        for button in (self.add_partner_button, self.add_button, self.status_button):
            upkeep_buttons.addWidget(button)
        upkeep_buttons.addStretch(1)

        # -- detail: facts, history and results; the conclusion ----------------------------
        self.detail = QTextBrowser()
        self.detail.setAccessibleName(_("The selected partnership"))
        self.detail.setOpenLinks(False)
        self.conclusion_box = QGroupBox(_("Conclusion of the IMAG"))
        self.conclusion_round = QComboBox()
        self.conclusion_round.setAccessibleName(_("Round"))
        self.conclusion_round.currentIndexChanged.connect(lambda _i: self._fill_conclusion())
        self.conclusion_choice = QComboBox()
        self.conclusion_choice.setAccessibleName(_("Recommendation"))
        for choice in CHOICES:
            self.conclusion_choice.addItem(_(register.RECOMMENDATION_LABELS[choice]), choice)
        self.conclusion_text = QPlainTextEdit()
        self.conclusion_text.setAccessibleName(_("Text of the conclusion"))
        self.conclusion_text.setTabChangesFocus(True)
        self.conclusion_text.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.conclude_button = QPushButton(_("&Record conclusion"))
        self.conclude_button.clicked.connect(self.record_conclusion)
        self.conclusion_message = result_label(tr)
        form = QFormLayout(self.conclusion_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        conclusion_fields: tuple[tuple[str, QWidget], ...] = (
            (_("R&ound:"), self.conclusion_round),
            (_("Recomme&ndation:"), self.conclusion_choice),
            (_("Wordin&g:"), self.conclusion_text),
        )
        for caption, field in conclusion_fields:
            buddy = QLabel(caption)
            buddy.setBuddy(field)
            form.addRow(buddy, field)
        buttons = QHBoxLayout()
        buttons.addWidget(self.conclude_button)
        buttons.addWidget(self.conclusion_message, 1)
        form.addRow(buttons)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail, 1)
        right_layout.addWidget(self.conclusion_box)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count)
        left_layout.addLayout(upkeep_buttons)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(scrolled(right))  # below the table at 150 %: the table keeps rows
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.reflow = Reflow(  # a narrow window (150 %): the details below the table
            self, lambda narrow: turn(self.splitter, narrow, self.splitter.width() * 9 // 20, 0.45)
        )

        self.sets = CriteriaSetsPane(context)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Partnerships"))
        self.tabs.addTab(self.splitter, _("Partnerships"))
        self.tabs.addTab(self.sets, _("Criteria sets"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        set_tab_order(
            [self.tabs.tabBar(), self.search, self.status_filter, self.kind_filter,
             self.department_filter, self.table, self.add_partner_button, self.add_button,
             self.status_button, self.detail, self.conclusion_round,
             self.conclusion_choice, self.conclusion_text, self.conclude_button]
        )  # fmt: skip
        self._selection_changed()

    # -- loading -----------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.loaded:  # the first time: the table's six columns need a little more
            width = max(self.splitter.width(), 900)
            self.splitter.setSizes([width * 11 // 20, width - width * 11 // 20])
        self.activate()

    def activate(self) -> None:
        """Shown (or its page chosen): read the partnerships the first time, and again after
        the register changed elsewhere (:meth:`invalidate`)."""
        if not self.loaded:
            self.reload()

    def invalidate(self) -> None:
        """The register changed elsewhere (a round created, returns imported, a round closed,
        a measure edited): read again at once if shown, else when next shown."""
        if self.loaded and self.isVisible():
            self.reload()
        else:
            self.loaded = False

    def reload(self, select: str | None = None) -> None:
        self.loaded = True
        wanted = select or self.selected()
        self._worker.run(
            load,
            lambda data: self._loaded(data, wanted),
            progress=self._tr.gettext("Loading the partnerships…"),
        )

    def _loaded(self, data: Loaded, select: str | None) -> None:
        tr, _ = self._tr, self._tr.gettext
        self.data = data
        departments = sorted({code for entry in data.partnerships for code in entry["departments"]})
        chosen = self.department_filter.currentData()
        self.department_filter.blockSignals(True)
        while self.department_filter.count() > 1:
            self.department_filter.removeItem(1)
        for code in departments:
            self.department_filter.addItem(code, code)
        self.department_filter.setCurrentIndex(max(self.department_filter.findData(chosen), 0))
        self.department_filter.blockSignals(False)
        self.table.blockSignals(True)
        self.table.setSortingEnabled(False)
        self.table.clear()
        for entry in data.partnerships:
            latest = next(
                (e for e in reversed(entry["evaluations"]) if e["weighted_percent"] is not None),
                None,
            )
            item = CollatedItem(
                tr,
                [
                    entry["code"],
                    partner_name(tr, entry),
                    _(register.KIND_LABELS.get(entry["kind"], entry["kind"])),
                    _(register.STATUS_LABELS.get(entry["status"], entry["status"])),
                    ", ".join(entry["departments"]) or "–",
                    percent_text(tr, latest["weighted_percent"]) if latest else "–",
                ],
                collated=(1, 2, 3),  # the partner, its kind and status by the alphabet
            )
            item.setData(0, Qt.ItemDataRole.UserRole, entry["code"])
            item.setIcon(3, state_icon(STATUS_STATE.get(entry["status"], "")))
            item.setToolTip(1, f"{item.text(1)} ({item.text(2)})")
            item.setToolTip(2, item.text(2))
            item.setToolTip(4, item.text(4))
            if latest:
                item.setToolTip(5, _("Round “{round}”").format(round=latest["round"]))
            item.setTextAlignment(5, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.addTopLevelItem(item)
        fit_columns(self.table, stretch=1)
        header = self.table.header()
        for column, widest in ((2, 100), (4, 100)):  # kind and departments: cut, with tooltips
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, min(header.sectionSize(column), widest))
        # the partner's name needs the room more than the kind, which the filter above, the
        # details beside and the partner's tooltip name
        self.table.setColumnHidden(2, True)
        self.table.setSortingEnabled(True)
        self.table.blockSignals(False)
        self._apply_filter()
        self.select(select or (data.partnerships[0]["code"] if data.partnerships else None))
        self.sets.show_sets(data.sets)

    def entry(self, code: str | None) -> dict[str, Any] | None:
        return next((e for e in self.data.partnerships if e["code"] == code), None)

    # -- the table -----------------------------------------------------------------------------
    def _apply_filter(self) -> None:
        text = self.search.text().strip().casefold()
        status = self.status_filter.currentData()
        kind = self.kind_filter.currentData()
        department = self.department_filter.currentData()
        shown = 0
        for row in tree_items(self.table):
            entry = self.entry(row.data(0, Qt.ItemDataRole.UserRole))
            assert entry is not None
            names = " ".join(str(entry.get(f"name_{lang}") or "") for lang in ("de", "pl", "cs"))
            hidden = (
                (text and text not in f"{entry['code']} {names}".casefold())
                or (status and entry["status"] != status)
                or (kind and entry["kind"] != kind)
                or (department and department not in entry["departments"])
            )
            row.setHidden(bool(hidden))
            shown += not hidden
        total = len(self.data.partnerships)
        self.count.setText(
            self._tr.ngettext(
                "{shown} of {n} partnership shown", "{shown} of {n} partnerships shown", total
            ).format(shown=shown, n=total)
        )

    def select(self, code: str | None) -> None:
        for row in tree_items(self.table):
            if row.data(0, Qt.ItemDataRole.UserRole) == code and not row.isHidden():
                self.table.setCurrentItem(row)
                return
        self._selection_changed()

    def selected(self) -> str | None:
        return current_key(self.table)

    def _selection_changed(self) -> None:
        entry = self.entry(self.selected())
        if self.selected() != self._shown:
            self.conclusion_message.setText("")
        self._shown = self.selected()
        self.status_button.setEnabled(entry is not None)
        self.detail.setHtml(detail_html(self._tr, entry, self.data.results) if entry else "")
        self.conclusion_round.blockSignals(True)
        self.conclusion_round.clear()
        for evaluation in entry["evaluations"] if entry else ():
            if evaluation["round_status"] == "open":
                self.conclusion_round.addItem(evaluation["round"], evaluation["round"])
        self.conclusion_round.blockSignals(False)
        self._fill_conclusion()

    def _fill_conclusion(self) -> None:
        """The conclusion recorded so far for the chosen round, to change."""
        _ = self._tr.gettext
        name = self.conclusion_round.currentData()
        enabled = name is not None
        for widget in (self.conclusion_choice, self.conclusion_text, self.conclude_button):
            widget.setEnabled(enabled)
        self.conclusion_box.setToolTip(
            "" if enabled else _("A conclusion is recorded while a partnership round is open.")
        )
        self.conclusion_round.setEnabled(enabled)
        result = find_result(self.data.results, name, self.selected()) if name else None
        conclusion = result.conclusion if result else None
        choice = conclusion["recommendation"] if conclusion else None
        self.conclusion_choice.setCurrentIndex(
            max(self.conclusion_choice.findData(choice), 0) if choice else 0
        )
        self.conclusion_text.setPlainText(str(conclusion.get("text") or "") if conclusion else "")

    # -- the detail pane -------------------------------------------------------------------------
    # -- recording a conclusion --------------------------------------------------------------
    def record_conclusion(self) -> None:
        code = self.selected()
        name = self.conclusion_round.currentData()
        if code is None or name is None:
            return
        choice = str(self.conclusion_choice.currentData())
        text = self.conclusion_text.toPlainText()
        actor = self._actor()
        self.conclude_button.setEnabled(False)

        def done(_result: object) -> None:
            _ = self._tr.gettext
            self.reload(code)
            show_result(
                self.conclusion_message,
                _("Conclusion recorded for {code} in “{round}”.").format(code=code, round=name),
            )
            self.offer_status(code, name, choice)

        self._worker.run(
            lambda s: rounds.conclude(s, actor, name, code, choice, text=text),
            done,
            on_error=self._conclusion_failed,
            on_finished=lambda: self.conclude_button.setEnabled(True),
        )

    def offer_status(self, code: str, round_name: str, choice: str) -> None:
        """A conclusion just recorded that gives the partnership another status: asked whether
        to apply it now (it is applied by the secretariat, not by itself)."""
        _ = self._tr.gettext
        entry = self.entry(code)
        status = upkeep.CONCLUSION_STATUS[Recommendation(choice)].value
        if entry is None or entry["status"] == status:
            return
        question = _(
            "The conclusion makes the partnership {code} {status} (now {now}). Change its "
            "status now, as of today, with the conclusion as the reason?"
        ).format(
            code=code,
            status=_(register.STATUS_LABELS[status]),
            now=_(register.STATUS_LABELS.get(entry["status"], entry["status"])),
        )
        if not ask(self, _("Apply the conclusion"), question):
            return
        actor = self._actor()

        def applied(_result: object) -> None:
            self.reload(code)
            show_result(
                self.conclusion_message,
                _("The partnership {code} is {status} now.").format(
                    code=code, status=_(register.STATUS_LABELS[status])
                ),
            )

        self._worker.run(
            lambda s: upkeep.apply_conclusion(s, actor, round_name, code),
            applied,
            on_error=self._conclusion_failed,
        )

    # -- upkeep: partners, partnerships, status ------------------------------------------------
    def add_partner(self) -> None:
        self._open(PartnerDialog(self._context, self))

    def add_partnership(self) -> None:
        self._worker.run(
            upkeep.partners, lambda found: self._open(PartnershipDialog(self._context, found, self))
        )

    def change_status(self) -> None:
        entry = self.entry(self.selected())
        if entry is not None:
            self._open(StatusDialog(self._context, entry, self))

    def _open(self, dialog: UpkeepDialog) -> None:
        self.dialog = dialog
        select = isinstance(dialog, PartnerDialog)
        dialog.accepted.connect(lambda: self.reload(None if select else dialog.saved_code))
        dialog.open()

    def _conclusion_failed(self, error: UserError) -> None:
        show_result(self.conclusion_message, self._tr.render(error.message), error=True)
