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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
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
from app.i18n import Translator
from app.operations.context import Actor
from app.partnerships import criteria, register, rounds
from app.partnerships.answers import CHOICES
from app.rounds.labels import ROUND_STATUS
from app.ui.collated_item import CollatedItem
from app.ui.criteria_editor import CriteriaEditor, Document, free_code
from app.ui.qt_setup import set_tab_order
from app.ui.round_detail import current_key, fill_table, fit_columns, text_table, tree, tree_items
from app.ui.round_dialogs import ERROR_STYLE
from app.ui.round_labels import date_text, number_text, state_icon, time_text
from app.ui.rounds_screen import documents_folder
from app.ui.worker import DbWorker

CRITERIA_SUFFIX = ".json"
STATUS_STATE = {"active": "complete", "dormant": "not_issued", "under_consideration": "partial"}
"""The colour of a partnership's status (the text beside it says the same)."""
ALL = ""


@dataclass(frozen=True)
class CriteriaSetView:
    """A criteria set as the screen shows it (the file format's document), and the rounds that
    froze a copy of it (name, status)."""

    code: str
    document: dict[str, Any]
    rounds: tuple[tuple[str, str], ...] = ()


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


def load_sets(session: Session) -> list[CriteriaSetView]:
    using = criteria.rounds_using(session)
    return [
        CriteriaSetView(s.code, criteria.as_document(s), tuple(using.get(s.code, ())))
        for s in criteria.list_sets(session)
    ]


def in_language(tr: Translator, record: dict[str, Any], key: str) -> str:
    """``record[key_<lang>]`` in the interface language, else the German one."""
    return str(record.get(f"{key}_{tr.lang}") or record.get(f"{key}_de") or "")


def partner_name(tr: Translator, entry: dict[str, Any]) -> str:
    return in_language(tr, entry, "name")


def scale_label(tr: Translator, document: dict[str, Any], value: int) -> str | None:
    for label in document.get("scale_labels") or ():
        if label["value"] == value:
            return str(label.get(tr.lang) or label.get("de") or "") or None
    return None


def percent_text(tr: Translator, value: float | None) -> str:
    return "–" if value is None else f"{number_text(tr, round(value))} %"


class PartnershipsScreen(QWidget):
    def __init__(
        self,
        tr: Translator,
        worker: DbWorker,
        *,
        actor: Callable[[], Actor],
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tr = tr
        self._worker = worker
        self._actor = actor
        self._settings = settings
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
        self.conclusion_message = QLabel()
        self.conclusion_message.setWordWrap(True)
        self.conclusion_message.setAccessibleName(_("Result"))
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
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        # -- criteria sets -------------------------------------------------------------------
        self.set_choice = QComboBox()
        self.set_choice.setAccessibleName(_("Criteria set"))
        self.set_choice.currentIndexChanged.connect(lambda _i: self._show_set())
        set_label = QLabel(_("Criteria &set:"))
        set_label.setBuddy(self.set_choice)
        self.new_set_button = QPushButton(_("&New set…"))
        self.new_set_button.setToolTip(_("A new set, starting as a copy of the one shown"))
        self.new_set_button.clicked.connect(lambda: self.open_editor(new=True))
        self.edit_set_button = QPushButton(_("&Edit set…"))
        self.edit_set_button.clicked.connect(lambda: self.open_editor(new=False))
        self.editor: CriteriaEditor | None = None
        self.import_button = QPushButton(_("&Import set file…"))
        self.import_button.clicked.connect(self.choose_and_import)
        self.export_button = QPushButton(_("E&xport set file…"))
        self.export_button.clicked.connect(self.choose_and_export)
        set_header = QHBoxLayout()
        set_header.addWidget(set_label)
        set_header.addWidget(self.set_choice, 1)
        set_actions = QHBoxLayout()  # editing on the left, files on the right
        set_actions.addWidget(self.new_set_button)
        set_actions.addWidget(self.edit_set_button)
        set_actions.addStretch(1)
        set_actions.addWidget(self.import_button)
        set_actions.addWidget(self.export_button)
        self.set_info = QLabel()
        self.set_info.setWordWrap(True)
        self.set_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.criteria_table = text_table(
            _("Criteria"), [_("Code"), _("Criterion"), _("Weight"), _("Description")], stretch=3
        )
        self.set_message = QLabel()
        self.set_message.setWordWrap(True)
        self.set_message.setAccessibleName(_("Result"))
        self.set_message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        sets_page = QWidget()
        sets_layout = QVBoxLayout(sets_page)
        sets_layout.addLayout(set_header)
        sets_layout.addLayout(set_actions)
        sets_layout.addWidget(self.set_info)
        sets_layout.addWidget(self.criteria_table, 1)
        sets_layout.addWidget(self.set_message)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Partnerships"))
        self.tabs.addTab(self.splitter, _("Partnerships"))
        self.tabs.addTab(sets_page, _("Criteria sets"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        set_tab_order(
            [self.tabs.tabBar(), self.search, self.status_filter, self.kind_filter,
             self.department_filter, self.table, self.detail, self.conclusion_round,
             self.conclusion_choice, self.conclusion_text, self.conclude_button]
        )  # fmt: skip
        set_tab_order(
            [
                self.set_choice,
                self.new_set_button,
                self.edit_set_button,
                self.import_button,
                self.export_button,
                self.criteria_table,
            ]
        )
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
        self._fill_sets()

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
        self.detail.setHtml(self._detail_html(entry) if entry else "")
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
        result = self._result(name, self.selected()) if name else None
        conclusion = result.conclusion if result else None
        choice = conclusion["recommendation"] if conclusion else None
        self.conclusion_choice.setCurrentIndex(
            max(self.conclusion_choice.findData(choice), 0) if choice else 0
        )
        self.conclusion_text.setPlainText(str(conclusion.get("text") or "") if conclusion else "")

    def _result(self, round_name: str, code: str | None) -> rounds.PartnershipResult | None:
        results = self.data.results.get(round_name)
        if results is None:
            return None
        return next((p for p in results.partnerships if p.code == code), None)

    # -- the detail pane -------------------------------------------------------------------------
    def _detail_html(self, entry: dict[str, Any]) -> str:
        tr, _ = self._tr, self._tr.gettext
        e = html.escape
        parts = [f"<h3>{e(partner_name(tr, entry))} <small>({e(entry['code'])})</small></h3>"]
        facts = [
            (_("Kind"), _(register.KIND_LABELS.get(entry["kind"], entry["kind"]))),
            (_("Status"), _(register.STATUS_LABELS.get(entry["status"], entry["status"]))),
            (_("Status since"), date_text(tr, entry["status_since"])),
            (_("Since"), str(entry["since_year"]) if entry["since_year"] else "–"),
            (_("Basis (German)"), entry["basis_de"] or "–"),
            (_("Signed by"), entry["signatory"] or "–"),
            (_("Departments working with it"), ", ".join(entry["departments"]) or "–"),
        ]
        if entry.get("note_de"):
            facts.append((_("Note (German)"), entry["note_de"]))
        parts.append(self._table([[f"<b>{e(k)}</b>", e(str(v))] for k, v in facts]))
        evaluations, history_heading = _("Evaluations"), _("History")
        parts.append(f"<h4>{e(evaluations)}</h4>")
        if not entry["evaluations"]:
            never = _("This partnership has not been evaluated yet.")
            parts.append(f"<p>{e(never)}</p>")
        for evaluation in reversed(entry["evaluations"]):
            parts.append(self._evaluation_html(entry["code"], evaluation))
        parts.append(f"<h4>{e(history_heading)}</h4>")
        history = entry.get("history") or []
        if not history:
            nothing = _("No changes recorded.")
            parts.append(f"<p>{e(nothing)}</p>")
        else:
            parts.append(
                self._table(
                    [
                        [e(time_text(tr, event["at"])), e(event["actor"]), e(self._event(event))]
                        for event in reversed(history)
                    ],
                    [_("When"), _("Who"), _("What")],
                )
            )
        return "".join(parts)

    def _event(self, event: dict[str, Any]) -> str:
        _ = self._tr.gettext
        if event["action"] == "conclude":
            new = event["new"] or {}
            label = register.RECOMMENDATION_LABELS.get(str(new.get("recommendation")), "")
            return _("Conclusion in “{round}”: {recommendation}").format(
                round=event["field"], recommendation=_(label) if label else "–"
            )
        if event["action"] == "create":
            return _("Entered in the register")
        if event["field"] == "status":
            old, new = event["old"], event["new"]
            return _("Status: {old} → {new}").format(
                old=_(register.STATUS_LABELS.get(str(old), str(old))),
                new=_(register.STATUS_LABELS.get(str(new), str(new))),
            )
        return _("Changed: {field}").format(field=event["field"] or "–")

    def _evaluation_html(self, code: str, evaluation: dict[str, Any]) -> str:
        tr, _ = self._tr, self._tr.gettext
        e = html.escape
        result = self._result(evaluation["round"], code)
        status = _(ROUND_STATUS.get(evaluation["round_status"], evaluation["round_status"]))
        caption = _("Round “{round}”").format(round=evaluation["round"])
        comments_heading, recommendations_heading = _("Comments"), _("Recommendations")
        conclusion_heading = _("Conclusion of the IMAG")
        parts = [f"<p><b>{e(caption)}</b> ({e(status)})"]
        parts.append(
            "<br>"
            + e(
                tr.ngettext(
                    "Answered by {answered} of {n} department",
                    "Answered by {answered} of {n} departments",
                    len(evaluation["asked"]),
                ).format(answered=len(evaluation["answered"]), n=len(evaluation["asked"]))
            )
        )
        if result is None:
            return "".join(parts) + "</p>"
        results = self.data.results[evaluation["round"]]
        scale = results.criteria["scale"]
        if result.weighted is not None:
            parts.append(
                "<br>"
                + e(
                    _("Weighted result: {value} on the scale {low}–{high} ({percent})").format(
                        value=number_text(tr, round(result.weighted, 2)),
                        low=scale["min"],
                        high=scale["max"],
                        percent=percent_text(tr, result.weighted_percent),
                    )
                )
            )
        parts.append("</p>")
        departments = result.asked
        header = [_("Criterion"), _("Weight"), *departments, _("Mean"), _("Spread")]
        rows = []
        for criterion in result.criteria:
            name = str(criterion.names.get(tr.lang) or criterion.names.get("de") or "")
            cells = [e(name), e(number_text(tr, criterion.weight))]
            for department in departments:
                score = criterion.scores.get(department)
                comment = criterion.comments.get(department)
                text = "–" if score is None else str(score)
                cells.append(
                    f"<span title='{e(comment)}'>{e(text)}*</span>" if comment else e(text)
                )
            cells.append(
                e("–" if criterion.mean is None else number_text(tr, round(criterion.mean, 2)))
            )
            cells.append(e("–" if criterion.spread is None else str(criterion.spread)))
            rows.append(cells)
        parts.append(self._table(rows, header))
        comments = [
            f"{department}, {name}: {comment}"
            for criterion in result.criteria
            for department, comment in criterion.comments.items()
            for name in [str(criterion.names.get(tr.lang) or criterion.names.get("de") or "")]
        ]
        if comments:
            parts.append(
                f"<p><i>{e(comments_heading)}</i> "
                + e(_("(a score marked * has a comment)"))
                + ":<br>"
                + "<br>".join(e(line) for line in comments)
                + "</p>"
            )
        if result.recommendations:
            lines = []
            for department, recommendation in result.recommendations.items():
                choice = recommendation.get("choice")
                label = _(register.RECOMMENDATION_LABELS[choice]) if choice else "–"
                comment = recommendation.get("comment")
                lines.append(f"{department}: {label}" + (f" ({comment})" if comment else ""))
            parts.append(
                f"<p><i>{e(recommendations_heading)}:</i><br>"
                + "<br>".join(e(line) for line in lines)
                + "</p>"
            )
        if result.conclusion:
            choice = result.conclusion.get("recommendation")
            label = _(register.RECOMMENDATION_LABELS[choice]) if choice else "–"
            said = result.conclusion.get("text")
            parts.append(
                f"<p><b>{e(conclusion_heading)}:</b> {e(label)}"
                + (f"<br>{e(said)}" if said else "")
                + "<br><span style='color:#5f6368'>"
                + e(
                    _("{who}, {when}").format(
                        who=result.conclusion.get("decided_by") or "–",
                        when=time_text(tr, result.conclusion.get("decided_at")),
                    )
                )
                + "</span></p>"
            )
        return "".join(parts)

    @staticmethod
    def _table(rows: list[list[str]], header: list[str] | None = None) -> str:
        head = ""
        if header:
            head = (
                "<tr>"
                + "".join(f"<th align='left' nowrap>{html.escape(h)}</th>" for h in header)
                + "</tr>"
            )
        body = "".join(
            "<tr>"
            + "".join(
                f"<td valign='top'{' nowrap' if n else ''}>{cell}</td>"
                for n, cell in enumerate(row)
            )
            + "</tr>"
            for row in rows
        )
        return f"<table cellspacing='0' cellpadding='3' border='0'>{head}{body}</table>"

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
            self.conclusion_message.setStyleSheet("")
            self.conclusion_message.setText(
                _("Conclusion recorded for {code} in “{round}”.").format(code=code, round=name)
            )

        self._worker.run(
            lambda s: rounds.conclude(s, actor, name, code, choice, text=text),
            done,
            on_error=self._conclusion_failed,
            on_finished=lambda: self.conclude_button.setEnabled(True),
        )

    def _conclusion_failed(self, error: UserError) -> None:
        self.conclusion_message.setStyleSheet(ERROR_STYLE)
        self.conclusion_message.setText(self._tr.render(error.message))

    # -- criteria sets -------------------------------------------------------------------------
    def _fill_sets(self, select: str | None = None) -> None:
        chosen = select or self.set_choice.currentData()
        self.set_choice.blockSignals(True)
        self.set_choice.clear()
        for entry in self.data.sets:
            name = in_language(self._tr, entry.document, "name")
            self.set_choice.addItem(f"{entry.code} – {name}", entry.code)
        self.set_choice.setCurrentIndex(max(self.set_choice.findData(chosen), 0))
        self.set_choice.blockSignals(False)
        self._show_set()

    def current_set(self) -> CriteriaSetView | None:
        code = self.set_choice.currentData()
        return next((s for s in self.data.sets if s.code == code), None)

    def _show_set(self) -> None:
        tr, _ = self._tr, self._tr.gettext
        chosen = self.current_set()
        self.export_button.setEnabled(chosen is not None)
        self.edit_set_button.setEnabled(chosen is not None)
        if chosen is None:
            self.set_info.setText(
                _("The register has no criteria set yet; import one, or make a new one.")
            )
            fill_table(self.criteria_table, [])
            return
        document = chosen.document
        scale = document["scale"]
        labels = ", ".join(
            f"{value} = {scale_label(tr, document, value)}"
            for value in range(scale["min"], scale["max"] + 1)
            if scale_label(tr, document, value)
        )
        lines = [
            _("Scale: {low} to {high}").format(low=scale["min"], high=scale["max"])
            + (f" ({labels})" if labels else "")
        ]
        if document.get("proposal"):
            lines.insert(0, _("Proposal: the IMAG has not decided this set yet."))
        source = in_language(tr, document, "source")
        if source:
            lines.append(source)
        self.set_info.setText("<br>".join(html.escape(line) for line in lines))
        total = sum(float(c["weight"]) for c in document["criteria"]) or 1.0
        fill_table(
            self.criteria_table,
            [
                [
                    c["code"],
                    in_language(tr, c, "name"),
                    _("{weight} ({share} %)").format(
                        weight=number_text(tr, c["weight"]),
                        share=number_text(tr, round(100 * float(c["weight"]) / total)),
                    ),
                    in_language(tr, c, "description") or "–",
                ]
                for c in document["criteria"]
            ],
        )

    def choose_and_import(self) -> None:
        _ = self._tr.gettext
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Import a criteria set"),
            str(documents_folder(self._settings, "partnerships/criteria")),
            _("Criteria sets (*{suffix});;All files (*)").format(suffix=CRITERIA_SUFFIX),
        )
        if path:
            self.import_set(Path(path))

    def import_set(self, path: Path) -> None:
        self._settings.setValue("partnerships/criteria", str(path.parent))
        actor = self._actor()

        def done(code: str) -> None:
            self._set_said(
                self._tr.gettext("Criteria set {code} imported from {file}.").format(
                    code=code, file=path.name
                )
            )
            self._after_set_change(code)

        self._worker.run(
            lambda s: criteria.import_file(s, actor, path).code,
            done,
            on_error=lambda error: self._set_said(self._tr.render(error.message), error=True),
            progress=self._tr.gettext("Importing the criteria set…"),
        )

    def _after_set_change(self, code: str) -> None:
        def refreshed(sets: list[CriteriaSetView]) -> None:
            self.data = Loaded(self.data.partnerships, self.data.results, sets)
            self._fill_sets(code)

        self._worker.run(load_sets, refreshed)

    def open_editor(self, *, new: bool) -> None:
        """The editor for the set shown, or (``new``) for a copy of it under a new code; a
        register without sets starts from the shipped default set."""
        chosen = self.current_set()
        if chosen is None and not new:
            return
        document: Document = (
            dict(chosen.document) if chosen is not None else criteria.default_document()
        )
        copied_from = document["code"]
        if new:
            document["code"] = free_code(copied_from, {s.code for s in self.data.sets})
        actor = self._actor()

        def save(
            document: Document,
            done: Callable[[str], None],
            failed: Callable[[UserError], None],
        ) -> None:
            self._worker.run(
                lambda s: criteria.save_set(s, actor, document, new=new).code,
                done,
                on_error=failed,
                progress=self._tr.gettext("Saving the criteria set…"),
            )

        dialog = CriteriaEditor(
            self._tr,
            document,
            save,
            new=new,
            copied_from=copied_from if new else None,
            rounds=list(chosen.rounds) if chosen is not None and not new else None,
            parent=self,
        )
        self.editor = dialog
        dialog.accepted.connect(lambda: self._set_saved(dialog.saved_code))
        dialog.open()

    def _set_saved(self, code: str | None) -> None:
        if code is None:
            return
        self._set_said(self._tr.gettext("Criteria set {code} saved.").format(code=code))
        self._after_set_change(code)

    def choose_and_export(self) -> None:
        chosen = self.current_set()
        if chosen is None:
            return
        _ = self._tr.gettext
        folder = documents_folder(self._settings, "partnerships/criteria")
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export the criteria set"),
            str(folder / f"criteria-{chosen.code}{CRITERIA_SUFFIX}"),
            _("Criteria sets (*{suffix});;All files (*)").format(suffix=CRITERIA_SUFFIX),
        )
        if path:
            self.export_set(chosen.code, Path(path))

    def export_set(self, code: str, target: Path) -> None:
        self._settings.setValue("partnerships/criteria", str(target.parent))
        self._worker.run(
            lambda s: criteria.export_file(criteria.find_set(s, code), target),
            lambda written: self._set_said(
                self._tr.gettext("Criteria set {code} written to {path}.").format(
                    code=code, path=written
                )
            ),
            on_error=lambda error: self._set_said(self._tr.render(error.message), error=True),
        )

    def _set_said(self, text: str, *, error: bool = False) -> None:
        self.set_message.setStyleSheet(ERROR_STYLE if error else "")
        self.set_message.setText(text)
