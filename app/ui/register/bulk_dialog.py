"""Changing many measures at once: the measures selected in the register get the same lead
department, participating departments, goals, partners or status.

The dialog only collects the change; the core (:func:`app.operations.bulk.apply_bulk`) makes
it on the database worker, for all measures or, when one of them would break a rule, for none:
then every such measure is listed here and the dialog stays open."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import Translator
from app.models import Status
from app.operations.bulk import UNCHANGED, BulkChange, BulkRefused, ListChange, ListMode
from app.operations.register_view import Vocabulary
from app.ui.register import choices
from app.ui.widgets import EditDialog, checked, checked_list, dialog_buttons, error_label
from app.ui.wrapping import wrap_lines

Apply = Callable[[BulkChange, Callable[[int], None], Callable[[UserError], None]], None]


class BulkDialog(EditDialog):
    def __init__(
        self,
        tr: Translator,
        vocabulary: Vocabulary,
        measures: list[tuple[str, str]],
        apply: Apply,
        parent: QWidget | None = None,
    ) -> None:
        """``measures``: the selected measures' codes and titles; ``apply(change, done,
        failed)`` makes the change (``done`` gets how many measures changed)."""
        super().__init__(tr, parent)
        self._apply = apply
        self.codes = [code for code, _title in measures]
        self.changed: int | None = None
        _ = tr.gettext
        lang = tr.lang
        n = len(measures)
        self.setWindowTitle(_("Change selected measures"))
        heading = QLabel(
            tr.ngettext(
                "{n} measure gets the values chosen below; the rest stays as it is:",
                "{n} measures get the values chosen below; the rest stays as it is:",
                n,
            ).format(n=n)
        )
        heading.setWordWrap(True)
        self.selection = QListWidget()
        self.selection.setAccessibleName(_("Selected measures"))
        self.selection.addItems([f"{code} – {title}" for code, title in measures])
        self.selection.setMaximumHeight(110)
        wrap_lines(self.selection)
        heading.setBuddy(self.selection)

        self.set_lead = QCheckBox(_("Set the &lead department:"))
        self.lead = QComboBox()
        self.lead.setAccessibleName(_("Lead department"))
        self.lead.addItem(_("– none –"), None)
        for key, text in choices.departments(vocabulary, lang):
            self.lead.addItem(text, key)
        self.set_status = QCheckBox(_("Set the &status:"))
        self.status = choices.status_combo(tr)
        self.status.setAccessibleName(_("Status"))
        self.reason = QLineEdit()
        self.reason.setAccessibleName(_("Reason (if dropped)"))
        self.reason.setPlaceholderText(_("Reason (if dropped)"))
        for toggle, widgets in (
            (self.set_lead, (self.lead,)),
            (self.set_status, (self.status, self.reason)),
        ):
            for widget in widgets:
                widget.setEnabled(False)
                toggle.toggled.connect(widget.setEnabled)

        self.lists: dict[str, tuple[QComboBox, QListWidget]] = {}
        lists = QGridLayout()
        for column, (key, caption, name, items) in enumerate(
            (
                ("participating", _("&Participating departments:"),
                 _("Participating departments"), choices.departments(vocabulary, lang)),
                ("goals", _("&Goals:"), _("Goals"), choices.goals(vocabulary, lang)),
                ("partners", _("Pa&rtners:"), _("Partners"), choices.partners(tr, vocabulary)),
            )
        ):  # fmt: skip
            mode = QComboBox()
            mode.setAccessibleName(_("What to do with {list}").format(list=name))
            mode.addItem(_("Leave unchanged"), None)
            mode.addItem(_("Replace with the ticked ones"), ListMode.SET.value)
            mode.addItem(_("Add the ticked ones"), ListMode.ADD.value)
            mode.addItem(_("Remove the ticked ones"), ListMode.REMOVE.value)
            box = checked_list(name, items, set())
            wrap_lines(box)  # long names on further lines, not cut or scrolled sideways
            box.setEnabled(False)
            mode.currentIndexChanged.connect(
                lambda _i, mode=mode, box=box: box.setEnabled(mode.currentData() is not None)
            )
            label = QLabel(caption)
            label.setBuddy(mode)
            lists.addWidget(label, 0, column)
            lists.addWidget(mode, 1, column)
            lists.addWidget(box, 2, column)
            lists.setColumnStretch(column, 1)
            self.lists[key] = (mode, box)

        fields = QGridLayout()
        fields.addWidget(self.set_lead, 0, 0)
        fields.addWidget(self.lead, 0, 1, 1, 2)
        fields.addWidget(self.set_status, 1, 0)
        fields.addWidget(self.status, 1, 1)
        fields.addWidget(self.reason, 1, 2)
        fields.setColumnStretch(1, 1)
        fields.setColumnStretch(2, 2)

        self.error = error_label(tr)
        self.problems = QListWidget()
        self.problems.setAccessibleName(_("Measures that would break a rule"))
        self.problems.setMaximumHeight(110)
        self.problems.hide()
        self.buttons = dialog_buttons(self, self.submit)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(tr.ngettext("&Change {n} measure", "&Change {n} measures", n).format(n=n))
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.selection)
        layout.addLayout(fields)
        layout.addLayout(lists, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self.resize(840, 480)

    def collect(self) -> BulkChange:
        """The change as the core takes it."""
        lists: dict[str, ListChange[str] | None] = {}
        for key, (mode, box) in self.lists.items():
            chosen = mode.currentData()
            lists[key] = (
                None if chosen is None else ListChange(ListMode(chosen), tuple(checked(box)))
            )
        goals = lists["goals"]
        status = Status(self.status.currentData()) if self.set_status.isChecked() else None
        return BulkChange(
            lead_department=self.lead.currentData() if self.set_lead.isChecked() else UNCHANGED,
            participating=lists["participating"],
            goals=None if goals is None else ListChange(goals.mode, tuple(map(int, goals.values))),
            partners=lists["partners"],
            status=status,
            status_reason=self.reason.text() if status is not None else None,
        )

    def submit(self) -> None:
        self.problems.hide()
        self.buttons.setEnabled(False)
        self._apply(self.collect(), self._done, self.show_error)

    def _done(self, changed: int) -> None:
        self.changed = changed
        self.buttons.setEnabled(True)
        self.accept()

    def show_error(self, error: UserError) -> None:
        super().show_error(error)
        if isinstance(error, BulkRefused) and len(error.problems) > 1:
            self.problems.clear()
            self.problems.addItems(
                [f"{code}: {self._tr.render(problem)}" for code, problem in error.problems]
            )
            self.problems.show()
