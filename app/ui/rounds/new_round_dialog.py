"""The secretariat's dialog for a new round: its name, kind, deadline and reporting period,
the instruments (a measure round) or the partnerships and criteria set (a partnership round) it
asks about, and the departments asked, with the defaults the register suggests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.errors import InvalidInput, UserError
from app.i18n import N_, Message, Translator
from app.models import RoundKind
from app.operations.register_view import Vocabulary
from app.partnerships import criteria
from app.partnerships import register as partnership_register
from app.partnerships.rounds import COORDINATOR, ScopeChoice, assign, scope_choices
from app.rounds.departments import lead_counts
from app.rounds.kinds import ALL_KINDS, PARTNERSHIPS, kind_of
from app.rounds.secretariat import RoundInput
from app.ui.date_field import day_field
from app.ui.qt_setup import set_tab_order
from app.ui.register.measure_extras import parse_day
from app.ui.sizing import fit_to_screen
from app.ui.table_fit import two_lines
from app.ui.widgets import (
    checkable_tree,
    checked,
    checked_list,
    error_label,
    say,
    side_by_side,
    ticked,
    tree_items,
)

Save = Callable[[RoundInput, Callable[[object], None], Callable[[UserError], None]], None]


Leads = Mapping[str, Mapping[str, int]]
"""Per instrument (numeral): how many of its measures each department leads, as the core counts
them (:func:`app.rounds.departments.lead_counts`: archived measures and retired departments
left out)."""
RoundChoices = tuple[list[tuple[str, str]], list[ScopeChoice]]
"""What a new partnership round can use: the criteria sets (code, name) and the partnerships."""


def round_choices(session: Session, lang: str) -> RoundChoices:
    """The criteria sets (their names in ``lang``, else German) and the partnerships a new
    partnership round can assess."""
    sets = [
        (s.code, str(getattr(s, f"name_{lang}", None) or s.name_de))
        for s in criteria.list_sets(session)
    ]
    return sets, scope_choices(session)


def lead_departments(leads: Leads, instruments: Iterable[str]) -> dict[str, int]:
    """How many measures each department leads in the scope of ``instruments``: the
    departments a measure round asks by default."""
    counts: dict[str, int] = {}
    for numeral in instruments:
        for code, led in leads.get(numeral, {}).items():
            counts[code] = counts.get(code, 0) + led
    return counts


class NewRoundDialog(QDialog):
    """Name, reporting period, deadline, scope (instruments) and the departments asked."""

    def __init__(
        self,
        tr: Translator,
        vocabulary: Vocabulary,
        leads: Leads,
        save: Save,
        *,
        criteria_sets: list[tuple[str, str]] | None = None,
        partnership_choices: list[ScopeChoice] | None = None,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tr = tr
        self._criteria_sets = criteria_sets or []
        self._choices = partnership_choices or []
        self._asked_touched = False
        self._save = save
        self._leads = leads
        self._departments = [d for d in vocabulary.departments if not d.retired]
        self._departments_touched = False
        self.created: str | None = None
        _ = tr.gettext
        lang = tr.lang
        self.setWindowTitle(_("New evaluation round"))
        today = today or dt.date.today()
        half = 1 if today.month <= 6 else 7
        start = dt.date(today.year, half, 1)
        end = dt.date(today.year, 6, 30) if half == 1 else dt.date(today.year, 12, 31)

        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Kind of round"))
        for kind in ALL_KINDS:
            self.kind.addItem(_(kind.label), kind.value)
        self.criteria_set = QComboBox()
        self.criteria_set.setAccessibleName(_("Criteria set"))
        for code, set_name in self._criteria_sets:
            self.criteria_set.addItem(f"{code} – {set_name}", code)
        self.name = QLineEdit()
        self.name.setPlaceholderText(
            _("e.g. Status {year}/{half}").format(year=today.year, half=1 if half == 1 else 2)
        )
        self.name.setAccessibleName(_("Name"))
        self.period_start = day_field(tr, start, _("Reporting period from"))
        self.period_end = day_field(tr, end, _("Reporting period to"))
        self.deadline = day_field(tr, today + dt.timedelta(days=28), _("Deadline"))
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("Optional; the departments see it in their package"))
        self.note.setAccessibleName(_("Note for the departments"))
        period = QHBoxLayout()
        period.addWidget(self.period_start)
        until = QLabel(_("to"))
        period.addWidget(until)
        period.addWidget(self.period_end)
        period.addStretch(1)

        self.instruments = checked_list(
            _("Instruments in scope"),
            [(i.key, f"{i.key} – {i.name(lang)}") for i in vocabulary.instruments],
            {i.key for i in vocabulary.instruments},
        )
        self.instruments.setWordWrap(True)  # long names wrap in a narrow window (150 %)
        departments = [(d.key, f"{d.key} – {d.name(lang)}", False, "") for d in self._departments]
        self.departments = checkable_tree(
            _("Departments asked"), [_("Department"), two_lines(_("Measures led"))], departments
        )
        self.instruments.itemChanged.connect(self._scope_changed)
        self.departments.itemChanged.connect(self._departments_changed)
        self.scope_note = QLabel()
        self.scope_note.setWordWrap(True)

        # a partnership round: the partnerships in scope and the departments assessing them
        choices: list[tuple[str, str, bool, str]] = []
        for choice in self._choices:
            name = choice.names.get(f"name_{lang}") or choice.names.get("name_de") or ""
            status = partnership_register.STATUS_LABELS.get(choice.status, choice.status)
            choices.append((choice.code, f"{choice.code} – {name}", choice.default, _(status)))
        self.partnership_list = checkable_tree(
            _("Partnerships in scope"), [_("Partnership"), _("Status")], choices
        )
        self.assessors = checkable_tree(
            _("Departments assessing"), [_("Department"), _("Partnerships")], departments
        )
        self.partnership_list.itemChanged.connect(lambda *_a: self._assessment_scope_changed())
        self.assessors.itemChanged.connect(lambda *_a: self._assessors_changed())
        self.assessment_note = QLabel()
        self.assessment_note.setWordWrap(True)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.criteria_label = QLabel(_("Criteria s&et:"))
        self.criteria_label.setBuddy(self.criteria_set)
        for caption, field, buddy in (
            (_("&Type of round:"), self.kind, self.kind),
            (_("Round &name:"), self.name, self.name),
            (_("Reporting &period:"), period, self.period_start),
            (_("&Deadline:"), self.deadline, self.deadline),
            (_("N&ote:"), self.note, self.note),
        ):
            label = QLabel(caption)
            label.setBuddy(buddy)
            form.addRow(label, field)
        form.insertRow(1, self.criteria_label, self.criteria_set)
        self._form = form
        self.partnership_scope = side_by_side(
            [(_("&Partnerships in scope:"), self.partnership_list, 3),
             (_("Departments assess&ing:"), self.assessors, 2)],
            self.assessment_note,
        )  # fmt: skip
        self.measure_scope = side_by_side(
            [(_("&Instruments in scope:"), self.instruments, 2),
             (_("Departments &asked:"), self.departments, 3)],
            self.scope_note,
        )  # fmt: skip

        self.error = error_label(tr)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton(
            _("&Create round"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.measure_scope, 1)
        layout.addWidget(self.partnership_scope, 1)
        layout.addStretch(0)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        set_tab_order(
            [self.kind, self.criteria_set, self.name, self.period_start, self.period_end,
             self.deadline, self.note, self.instruments, self.departments, self.partnership_list,
             self.assessors, *self.buttons.buttons()]
        )  # fmt: skip
        self._scope_changed()
        self._assessment_scope_changed()
        self._kind_changed()
        fit_to_screen(self, 860, 600)

    @staticmethod
    def read_leads(session: Session, vocabulary: Vocabulary) -> Leads:
        """The leads of each instrument's measures (read on the worker): what the departments
        a new measure round asks by default add up from."""
        return {
            instrument.key: lead_counts(session, [instrument.key])
            for instrument in vocabulary.instruments
        }

    def partnerships(self) -> bool:
        """The kind chosen is a partnership round: the dialog shows the partnerships in scope
        instead of the instruments (the one place it chooses by kind)."""
        return kind_of(str(self.kind.currentData())) is PARTNERSHIPS

    def _kind_changed(self) -> None:
        partnerships = self.partnerships()
        self._form.setRowVisible(1, partnerships)
        self.measure_scope.setVisible(not partnerships)
        self.partnership_scope.setVisible(partnerships)

    def _scope_changed(self) -> None:
        """The departments asked follow the scope until the user chooses them by hand."""
        _ = self._tr.gettext
        counts = lead_departments(self._leads, checked(self.instruments))
        self.departments.blockSignals(True)
        for item in tree_items(self.departments):
            led = counts.get(str(item.data(0, Qt.ItemDataRole.UserRole)), 0)
            item.setText(1, str(led) if led else "–")
            if not self._departments_touched:
                item.setCheckState(0, Qt.CheckState.Checked if led else Qt.CheckState.Unchecked)
        self.departments.blockSignals(False)
        measures = sum(counts.values())
        self.scope_note.setText(
            self._tr.ngettext(
                "{n} measure in scope has a lead department; departments that lead none are "
                "not asked by default.",
                "{n} measures in scope have a lead department; departments that lead none are "
                "not asked by default.",
                measures,
            ).format(n=measures)
        )

    def _departments_changed(self) -> None:
        self._departments_touched = True

    def chosen_partnerships(self) -> list[str]:
        """The codes of the partnerships ticked."""
        return ticked(self.partnership_list)

    def assessing(self) -> list[str]:
        """The departments ticked by hand (none: the rule decides, as the ticks show)."""
        return ticked(self.assessors) if self._asked_touched else []

    def _assessors_changed(self) -> None:
        self._asked_touched = True
        self._assessment_scope_changed()

    def _assessment_scope_changed(self) -> None:
        """Show who would assess what: the same rule the core applies when the round is made."""
        tr = self._tr
        working = {c.code: list(c.departments) for c in self._choices}
        chosen = self.chosen_partnerships()
        wanted = self.assessing()
        pairs = assign(chosen, working, wanted, COORDINATOR)
        counts: dict[str, int] = {}
        for _code, department in pairs:
            counts[department] = counts.get(department, 0) + 1
        self.assessors.blockSignals(True)
        for item in tree_items(self.assessors):
            key = str(item.data(0, Qt.ItemDataRole.UserRole))
            item.setText(1, str(counts[key]) if key in counts else "–")
            if not self._asked_touched:
                item.setCheckState(
                    0, Qt.CheckState.Checked if key in counts else Qt.CheckState.Unchecked
                )
        self.assessors.blockSignals(False)
        rule = (
            tr.gettext(
                "Each ticked department assesses the partnerships it works with; a partnership "
                "none of them works with, and every partnership for a department working with "
                "none, goes to all ticked departments."
            )
            if self._asked_touched
            else tr.gettext(
                "Each partnership is assessed by the departments working with it (a measure "
                "with the partner, or its signatory), by the State Chancellery where none does. "
                "Tick departments yourself to ask others."
            )
        )
        total = tr.ngettext(
            "In all: {n} assessment.", "In all: {n} assessments.", len(pairs)
        ).format(n=len(pairs))
        self.assessment_note.setText(f"{rule} {total}")

    def asked(self) -> list[str]:
        """The codes of the departments ticked."""
        return ticked(self.departments)

    def collect(self) -> RoundInput:
        """The round as given; a day that is not a date (or no deadline) raises
        :class:`~app.errors.InvalidInput` naming the field."""
        tr = self._tr
        deadline = parse_day(tr, self.deadline.text(), Message(N_("Deadline")))
        if deadline is None:
            raise InvalidInput(Message(N_("Give the round a deadline.")))
        return RoundInput(
            name=self.name.text(),
            deadline=deadline,
            period_start=parse_day(
                tr, self.period_start.text(), Message(N_("Reporting period from"))
            ),
            period_end=parse_day(tr, self.period_end.text(), Message(N_("Reporting period to"))),
            note=self.note.text(),
            kind=RoundKind(self.kind.currentData()),
            **self._scope(),
        )

    def _scope(self) -> dict[str, Any]:
        """What the round asks about, from the scope panel shown."""
        if self.partnerships():
            return {
                "criteria_set": self.criteria_set.currentData(),
                "partnerships": tuple(self.chosen_partnerships()),
                "departments": tuple(self.assessing()),
            }
        instruments = checked(self.instruments)
        every = len(instruments) == self.instruments.count()
        return {
            "departments": tuple(self.asked()),
            "instruments": () if every else tuple(instruments),
        }

    def submit(self) -> None:
        _ = self._tr.gettext
        if self.partnerships():
            if self.criteria_set.currentData() is None:
                self.show_message(_("The register has no criteria set yet; import one first."))
                return
            if not self.chosen_partnerships():
                self.show_message(_("Choose at least one partnership."))
                return
            if self._asked_touched and not self.assessing():
                self.show_message(_("Choose at least one department to ask."))
                return
            self._create()
            return
        if not checked(self.instruments):
            self.show_message(_("Choose at least one instrument."))
            return
        if not self.asked():
            self.show_message(_("Choose at least one department to ask."))
            return
        self._create()

    def _create(self) -> None:
        """Save the round as given, or say which day is not a date."""
        try:
            data = self.collect()
        except InvalidInput as error:
            self.show_error(error)
            return
        self.buttons.setEnabled(False)
        self._save(data, self._saved, self.show_error)

    def _saved(self, _result: object) -> None:
        self.created = self.name.text().strip()
        self.buttons.setEnabled(True)
        self.accept()

    def show_error(self, error: UserError) -> None:
        self.show_message(self._tr.render(error.message))

    def show_message(self, text: str) -> None:
        self.buttons.setEnabled(True)
        say(self.error, text)
