"""The criteria-set editor: a new set (a copy of another one, under a new code) or an existing
one; its names, description, scale and scale labels in German, Polish and Czech, and its
criteria in order, each with a code, a weight, names and descriptions.

The dialog only collects input: it builds an ``imag-criteria`` document, and the screen hands
it to :func:`app.partnerships.criteria.save_set` on the database worker, which checks and
writes it. A refusal is shown in the dialog, which stays open until a save succeeds."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import LANGUAGES, Message, Translator
from app.partnerships import criteria
from app.ui.partnerships.criteria_fields import (
    CODE_LENGTH,
    ScaleLabels,
    WeightBox,
    as_weight,
    criterion_document,
    in_use_text,
    language_columns,
    plain,
)
from app.ui.qt_setup import set_tab_order
from app.ui.rounds.round_labels import number_text
from app.ui.sizing import fit_to_screen, scrolled
from app.ui.widgets import EditDialog, dialog_buttons, error_label

Document = dict[str, Any]
Save = Callable[[Document, Callable[[str], None], Callable[[UserError], None]], None]
WARNING_STYLE = "color: #8a4b00; font-weight: bold;"


class CriteriaEditor(EditDialog):
    def __init__(
        self,
        tr: Translator,
        document: Document,
        save: Save,
        *,
        new: bool,
        copied_from: str | None = None,
        rounds: list[tuple[str, str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tr, parent)
        self._save = save
        self.new = new
        self._loading = False
        self._criteria: list[dict[str, Any]] = copy.deepcopy(list(document["criteria"]))
        _ = tr.gettext
        self.setWindowTitle(
            _("New criteria set")
            if new
            else _("Edit criteria set {code}").format(code=document["code"])
        )
        languages = {"de": _("German"), "pl": _("Polish"), "cs": _("Czech")}

        general = self._set_page(document, languages, new=new)
        criteria_page = self._criteria_page(languages)

        # -- around the tabs: what saving does, the error, the buttons -------------------------
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Parts of the criteria set"))
        self.tabs.addTab(general, _("&Set and scale"))
        self.tabs.addTab(criteria_page, _("&Criteria"))
        self.note = QLabel(self._note_text(new, copied_from))
        self.note.setWordWrap(True)
        self.in_use = QLabel()
        self.in_use.setWordWrap(True)
        self.in_use.setStyleSheet(WARNING_STYLE)
        self.in_use.setAccessibleName(_("Rounds using this set"))
        self.in_use.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        in_use = in_use_text(tr, rounds or [])
        if in_use and not new:
            self.in_use.setText(in_use)
        else:
            self.in_use.hide()
        self.error = error_label(tr)
        self.buttons = dialog_buttons(self, self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolled(self.tabs), 1)  # the buttons stay on a small screen
        layout.addWidget(self.note)
        layout.addWidget(self.in_use)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self._fill_labels()
        self._fill_table()
        self.table.setCurrentCell(0 if self._criteria else -1, 0)
        self._show_criterion()
        set_tab_order(
            [self.tabs.tabBar(), self.code, self.proposal,
             *(w for lang in LANGUAGES for w in (self.names[lang], self.sources[lang])),
             self.scale_min, self.scale_max, self.labels,
             self.table, self.add_button, self.remove_button, self.up_button, self.down_button,
             self.criterion_code, self.weight,
             *(w for lang in LANGUAGES for w in (self.criterion_names[lang],
                                                 self.descriptions[lang])),
             *self.buttons.buttons()]
        )  # fmt: skip
        fit_to_screen(self, 1240, 820, self.tabs)
        if new:
            self.code.setFocus()
            self.code.selectAll()

    def _set_page(self, document: Document, languages: dict[str, str], *, new: bool) -> QWidget:
        """The "Set and scale" tab: the set's code, names and descriptions, its scale."""
        _ = self._tr.gettext
        self.code = QLineEdit(document["code"])
        self.code.setMaxLength(CODE_LENGTH)
        self.code.setAccessibleName(_("Code of the set"))
        self.code.setReadOnly(not new)
        if not new:
            self.code.setToolTip(_("The code of a saved set stays; save a copy as a new set."))
        self.proposal = QCheckBox(_("&Proposal: the IMAG has not decided this set yet"))
        self.proposal.setChecked(bool(document.get("proposal")))
        set_box = QGroupBox(_("Set"))
        set_grid = QGridLayout(set_box)
        code_label = QLabel(_("C&ode:"))
        code_label.setBuddy(self.code)
        set_grid.addWidget(code_label, 0, 0)
        code_row = QHBoxLayout()
        code_row.addWidget(self.code)
        code_row.addSpacing(24)
        code_row.addWidget(self.proposal, 1)
        set_grid.addLayout(code_row, 0, 1, 1, 3)
        name_label = QLabel(_("Set &name:"))
        source_label = QLabel(_("&Description and source:"))
        set_grid.addWidget(name_label, 2, 0)
        set_grid.addWidget(source_label, 3, 0, Qt.AlignmentFlag.AlignTop)
        set_grid.setRowStretch(3, 1)
        self.names, self.sources = language_columns(
            set_grid,
            languages,
            _("Name of the set ({language})"),
            _("Description of the set ({language})"),
            min_height=self.fontMetrics().lineSpacing() * 3 + 12,
        )
        for lang in languages:
            self.names[lang].setText(str(document.get(f"name_{lang}") or ""))
            self.names[lang].setCursorPosition(0)
            self.sources[lang].setPlainText(str(document.get(f"source_{lang}") or ""))
        name_label.setBuddy(self.names["de"])
        source_label.setBuddy(self.sources["de"])

        self.scale_min = QSpinBox()
        self.scale_max = QSpinBox()
        for spin, value, spoken in (
            (self.scale_min, document["scale"]["min"], _("Lowest value of the scale")),
            (self.scale_max, document["scale"]["max"], _("Highest value of the scale")),
        ):
            spin.setRange(0, 100)
            spin.setValue(int(value))
            spin.setAccessibleName(spoken)
            spin.valueChanged.connect(lambda _v: self._fill_labels())
        self.labels = ScaleLabels(self._tr, document, languages)
        scale_box = QGroupBox(_("Scale"))
        scale_layout = QVBoxLayout(scale_box)
        range_row = QHBoxLayout()
        low_label = QLabel(_("Scale &from:"))
        low_label.setBuddy(self.scale_min)
        high_label = QLabel(_("&to:"))
        high_label.setBuddy(self.scale_max)
        for widget in (low_label, self.scale_min, high_label, self.scale_max):
            range_row.addWidget(widget)
        scale_note = QLabel(
            _(
                "Whole numbers from 0 to 100, at most {points} points; a label per value is "
                "optional."
            ).format(points=criteria.MAX_SCALE_POINTS)
        )
        scale_note.setWordWrap(True)
        range_row.addSpacing(24)
        range_row.addWidget(scale_note, 1)
        labels_label = QLabel(_("&Labels of the values:"))
        labels_label.setBuddy(self.labels)
        scale_layout.addLayout(range_row)
        scale_layout.addWidget(labels_label)
        scale_layout.addWidget(self.labels)
        general = QWidget()
        general_layout = QVBoxLayout(general)
        general_layout.addWidget(set_box, 1)
        general_layout.addWidget(scale_box)
        return general

    def _criteria_page(self, languages: dict[str, str]) -> QWidget:
        """The "Criteria" tab: the criteria in order, and the one selected."""
        _ = self._tr.gettext
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName(_("Criteria"))
        self.table.setHorizontalHeaderLabels([_("Code"), _("Weight"), _("Share"), _("Criterion")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda *_a: self._show_criterion())
        self.add_button = QPushButton(_("&Add criterion"))
        self.remove_button = QPushButton(_("Remo&ve"))
        self.up_button = QPushButton(_("Move &up"))
        self.down_button = QPushButton(_("Move do&wn"))
        self.add_button.clicked.connect(self.add_criterion)
        self.remove_button.clicked.connect(self.remove_criterion)
        self.up_button.clicked.connect(lambda: self.move_criterion(-1))
        self.down_button.clicked.connect(lambda: self.move_criterion(1))
        list_buttons = QVBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            list_buttons.addWidget(button)
        list_buttons.addStretch(1)
        table_label = QLabel(_("C&riteria, in the order of the form:"))
        table_label.setBuddy(self.table)
        list_row = QHBoxLayout()
        list_row.addWidget(self.table, 1)
        list_row.addLayout(list_buttons)

        self.criterion_code = QLineEdit()
        self.criterion_code.setMaxLength(CODE_LENGTH)
        self.criterion_code.setAccessibleName(_("Code of the criterion"))
        self.criterion_code.setPlaceholderText(_("e.g. NETWORKS (capital letters, digits, _)"))
        self.criterion_code.textEdited.connect(self._code_typed)
        self.weight = WeightBox()
        self.weight.setRange(0, criteria.MAX_WEIGHT)
        self.weight.setDecimals(2)
        self.weight.setAccessibleName(_("Weight of the criterion"))
        self.weight.valueChanged.connect(lambda _v: self._criterion_edited())
        self.criterion_box = QGroupBox(_("The selected criterion"))
        detail = QGridLayout(self.criterion_box)
        criterion_code_label = QLabel(_("Cod&e:"))
        criterion_code_label.setBuddy(self.criterion_code)
        weight_label = QLabel(_("Wei&ght:"))
        weight_label.setBuddy(self.weight)
        key_row = QHBoxLayout()
        key_row.addWidget(self.criterion_code, 2)
        key_row.addSpacing(24)
        key_row.addWidget(weight_label)
        key_row.addWidget(self.weight)
        key_row.addStretch(3)
        detail.addWidget(criterion_code_label, 0, 0)
        detail.addLayout(key_row, 0, 1, 1, 3)
        criterion_name_label = QLabel(_("Na&me:"))
        description_label = QLabel(_("&Description:"))
        detail.addWidget(criterion_name_label, 2, 0)
        detail.addWidget(description_label, 3, 0, Qt.AlignmentFlag.AlignTop)
        self.criterion_names, self.descriptions = language_columns(
            detail,
            languages,
            _("Name of the criterion ({language})"),
            _("Description of the criterion ({language})"),
        )
        for lang in languages:
            self.criterion_names[lang].textEdited.connect(lambda _t: self._criterion_edited())
            self.descriptions[lang].textChanged.connect(self._criterion_edited)
        criterion_name_label.setBuddy(self.criterion_names["de"])
        description_label.setBuddy(self.descriptions["de"])
        criteria_page = QWidget()
        criteria_layout = QVBoxLayout(criteria_page)
        criteria_layout.addWidget(table_label)
        criteria_layout.addLayout(list_row, 2)
        criteria_layout.addWidget(self.criterion_box, 3)
        return criteria_page

    def _note_text(self, new: bool, copied_from: str | None) -> str:
        _ = self._tr.gettext
        text = _(
            "Rounds already created keep the criteria they froze when they were created; a saved "
            "set applies to partnership rounds created from then on."
        )
        if new and copied_from:
            text += " " + _(
                "The new set starts as a copy of {code}, which stays as it is; give it a code of "
                "its own."
            ).format(code=copied_from)
        return text

    # -- the scale labels ------------------------------------------------------------------------
    def _fill_labels(self) -> None:
        self.labels.fill(self.scale_min.value(), self.scale_max.value())

    def set_label(self, value: int, lang: str, text: str) -> None:
        """Type ``text`` as the label of ``value`` in ``lang`` (the value must be shown)."""
        row = value - self.scale_min.value()
        item = self.labels.item(row, 1 + LANGUAGES.index(lang))
        assert item is not None
        item.setText(text)

    # -- the criteria --------------------------------------------------------------------------
    def _fill_table(self) -> None:
        self.table.setRowCount(len(self._criteria))
        for row in range(len(self._criteria)):
            self._fill_row(row)

    def _fill_row(self, row: int) -> None:
        tr = self._tr
        entry = self._criteria[row]
        total = sum(float(c["weight"]) for c in self._criteria) or 1.0
        name = str(entry.get(f"name_{tr.lang}") or entry.get("name_de") or "")
        texts = [
            entry["code"] or "–",
            number_text(tr, as_weight(float(entry["weight"]))),
            f"{number_text(tr, round(100 * float(entry['weight']) / total))} %",
            name,
        ]
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if column in (1, 2):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, column, item)

    def _refresh_shares(self) -> None:
        for row in range(len(self._criteria)):
            self._fill_row(row)

    def current_row(self) -> int | None:
        row = self.table.currentRow()
        return row if 0 <= row < len(self._criteria) else None

    def select(self, row: int) -> None:
        self.table.setCurrentCell(row, 0)
        self._show_criterion()

    def _show_criterion(self) -> None:
        row = self.current_row()
        entry = self._criteria[row] if row is not None else None
        self._loading = True
        try:
            self.criterion_code.setText(entry["code"] if entry else "")
            self.weight.setValue(float(entry["weight"]) if entry else 0)
            for lang in LANGUAGES:
                self.criterion_names[lang].setText(
                    str(entry.get(f"name_{lang}") or "") if entry else ""
                )
                self.criterion_names[lang].setCursorPosition(0)
                self.descriptions[lang].setPlainText(
                    str(entry.get(f"description_{lang}") or "") if entry else ""
                )
        finally:
            self._loading = False
        self.criterion_box.setEnabled(entry is not None)
        self.remove_button.setEnabled(entry is not None)
        self.up_button.setEnabled(row is not None and row > 0)
        self.down_button.setEnabled(row is not None and row < len(self._criteria) - 1)

    def _code_typed(self, text: str) -> None:
        """Codes are capitals: what is typed shows as it will be saved."""
        if text != text.upper():
            position = self.criterion_code.cursorPosition()
            self.criterion_code.setText(text.upper())
            self.criterion_code.setCursorPosition(position)
        self._criterion_edited()

    def _criterion_edited(self) -> None:
        row = self.current_row()
        if self._loading or row is None:
            return
        entry = self._criteria[row]
        entry["code"] = self.criterion_code.text()
        entry["weight"] = as_weight(self.weight.value())
        for lang in LANGUAGES:
            entry[f"name_{lang}"] = self.criterion_names[lang].text()
            entry[f"description_{lang}"] = self.descriptions[lang].toPlainText()
        self._refresh_shares()

    def add_criterion(self) -> None:
        row = self.current_row()
        position = len(self._criteria) if row is None else row + 1
        entry: dict[str, Any] = {"code": "", "weight": 1}
        for lang in LANGUAGES:
            entry[f"name_{lang}"] = ""
            entry[f"description_{lang}"] = ""
        self._criteria.insert(position, entry)
        self._fill_table()
        self.select(position)
        self.tabs.setCurrentIndex(1)
        self.criterion_code.setFocus()

    def remove_criterion(self) -> None:
        row = self.current_row()
        if row is None:
            return
        del self._criteria[row]
        self._fill_table()
        self.select(min(row, len(self._criteria) - 1))

    def move_criterion(self, step: int) -> None:
        row = self.current_row()
        if row is None or not 0 <= row + step < len(self._criteria):
            return
        entries = self._criteria
        entries[row], entries[row + step] = entries[row + step], entries[row]
        self._fill_table()
        self.select(row + step)

    def codes(self) -> list[str]:
        """The criteria's codes, in order (as they will be saved)."""
        return [str(entry["code"]).strip().upper() for entry in self._criteria]

    # -- saving ----------------------------------------------------------------------------------
    def document(self) -> Document:
        """The set as the dialog shows it, in the file format (not checked yet)."""
        low, high = self.scale_min.value(), self.scale_max.value()
        document: Document = {
            "format": criteria.FORMAT,
            "format_version": criteria.FORMAT_VERSION,
            "code": self.code.text().strip(),
            "proposal": self.proposal.isChecked(),
            "name_de": self.names["de"].text().strip(),
            "name_pl": plain(self.names["pl"]),
            "name_cs": plain(self.names["cs"]),
            "source_de": plain(self.sources["de"]),
            "source_pl": plain(self.sources["pl"]),
            "source_cs": plain(self.sources["cs"]),
            "scale": {"min": low, "max": high},
            "scale_labels": self.labels.labels(low, high),
            "criteria": [
                criterion_document(entry, code)
                for entry, code in zip(self._criteria, self.codes(), strict=True)
            ],
        }
        return document

    def submit(self) -> None:
        self.error.hide()
        self.buttons.setEnabled(False)
        self._save(self.document(), self._saved, self.show_error)

    def show_error(self, error: UserError) -> None:
        super().show_error(error)
        self._point_at(error.message)

    def _point_at(self, message: Message | str) -> None:
        """Show the part of the dialog the refusal is about: the criterion it names, the scale,
        or the set's code."""
        if not isinstance(message, Message):
            return
        problem = message.params.get("problem")
        params = problem.params if isinstance(problem, Message) else message.params
        codes = self.codes()
        code = self.code.text().strip()
        row = None
        if "number" in params and 1 <= int(params["number"]) <= len(codes):
            row = int(params["number"]) - 1
        elif params.get("code") in codes and params.get("code") != code:
            row = len(codes) - 1 - codes[::-1].index(params["code"])  # the last, if twice
        if row is not None:
            self.tabs.setCurrentIndex(1)
            self.select(row)
        elif {"low", "high"} <= set(params) or "value" in params:
            self.tabs.setCurrentIndex(0)
            self.scale_min.setFocus()
        elif str(params.get("code", "")).casefold() == code.casefold() and self.new:
            self.tabs.setCurrentIndex(0)  # the code is taken or malformed
            self.code.setFocus()
