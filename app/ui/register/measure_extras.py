"""The measure editor's further tabs: next steps, budget amounts and contact; indicators and
milestones in small tables with add and remove. Dates, amounts and numbers are typed and shown
as the interface language writes them (31.03.2026 / 31. 3. 2026, 12.500,00); ISO dates are
understood, too. A value that cannot be read raises :class:`~app.errors.InvalidInput` naming
the field (and the table's row)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import InvalidInput
from app.i18n import N_, Message, Translator
from app.operations.measures import IndicatorInput, MeasureInput, MilestoneInput
from app.ui.date_field import DateDelegate


# -- values as the language writes them ----------------------------------------------------------
def date_text(tr: Translator, day: dt.date | None) -> str:
    """A day as the editor shows it for typing: the language's numeric date."""
    return "" if day is None else tr.date(day, "short")


def parse_day(tr: Translator, text: str, what: Message) -> dt.date | None:
    """A day as typed (see :meth:`~app.i18n_format.LanguageFormat.parse_date`); empty: ``None``."""
    try:
        return tr.parse_date(text)
    except ValueError:
        raise InvalidInput(
            Message(N_("{what}: {value} is not a date."), what=what, value=text.strip())
        ) from None


def number_text(tr: Translator, value: float | None, pattern: str = "#,##0.###") -> str:
    return "" if value is None else tr.number(value, pattern)


def parse_number(tr: Translator, text: str, what: Message) -> Decimal | None:
    """A number as the language writes it (``1.234,5`` in German); empty: ``None``."""
    from babel.numbers import NumberFormatError, parse_decimal

    text = text.strip().replace("\u00a0", " ").replace("\u202f", " ")
    if not text:
        return None
    try:
        return parse_decimal(text.replace(" ", ""), locale=tr.locale)
    except (NumberFormatError, InvalidOperation):
        raise InvalidInput(
            Message(N_("{what}: {value} is not a number."), what=what, value=text)
        ) from None


def parse_cents(tr: Translator, text: str, what: Message) -> int | None:
    """An amount in euros (``12.500,50``, a trailing ``€`` or ``EUR`` allowed) in cents."""
    text = re.sub(r"\s*(€|EUR)\s*$", "", text.strip(), flags=re.IGNORECASE)
    amount = parse_number(tr, text, what)
    if amount is None:
        return None
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise InvalidInput(
            Message(N_("{what}: {value} has more than two decimal places."), what=what, value=text)
        )
    return int(cents)


# -- small tables -------------------------------------------------------------------------------
class RowsTable(QWidget):
    """A table to edit rows in place, with "Add" and "Remove"; each row keeps its id."""

    def __init__(self, name: str, headers: list[str], add: str, remove: str) -> None:
        super().__init__()
        self.table = QTableWidget(0, len(headers))
        self.table.setAccessibleName(name)
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(add)
        self.remove_button = QPushButton(remove)
        self.add_button.clicked.connect(lambda: self.add_row(None, [""] * len(headers)))
        self.remove_button.clicked.connect(self.remove_row)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def add_row(self, identifier: int | None, texts: list[str]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            if column == 0:
                item.setData(Qt.ItemDataRole.UserRole, identifier)
            self.table.setItem(row, column, item)
        first = self.table.item(row, 0)
        if identifier is None and first is not None:  # a new row: type its first cell at once
            self.table.setCurrentCell(row, 0)
            self.table.setFocus()
            self.table.editItem(first)

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def rows(self) -> list[tuple[int, int | None, list[str]]]:
        """Each row's number (from 1), id and texts."""
        found = []
        for row in range(self.table.rowCount()):
            items = [self.table.item(row, c) for c in range(self.table.columnCount())]
            texts = [item.text() if item is not None else "" for item in items]
            first = self.table.item(row, 0)
            identifier = first.data(Qt.ItemDataRole.UserRole) if first else None
            found.append((row + 1, identifier, texts))
        return found


class ExtrasTabs:
    """The widgets of the editor's two further tabs, and the input they give."""

    def __init__(self, tr: Translator, data: MeasureInput) -> None:
        self._tr = tr
        _ = tr.gettext
        self.next_steps = QPlainTextEdit(data.next_steps or "")
        self.next_steps.setTabChangesFocus(True)
        self.next_steps.setMaximumHeight(140)
        self.planned = QLineEdit(self._money(data.budget_planned_cents))
        self.committed = QLineEdit(self._money(data.budget_committed_cents))
        for edit in (self.planned, self.committed):
            edit.setPlaceholderText(self._money(1_250_000))
        self.contact_name = QLineEdit(data.contact_name or "")
        self.contact_email = QLineEdit(data.contact_email or "")
        self.contact_phone = QLineEdit(data.contact_phone or "")
        self.budget_and_contact = QWidget()
        form = QFormLayout(self.budget_and_contact)
        for caption, widget in (
            (_("Next steps:"), self.next_steps),
            (_("Planned budget (EUR):"), self.planned),
            (_("Committed budget (EUR):"), self.committed),
            (_("Contact person:"), self.contact_name),
            (_("Contact e-mail:"), self.contact_email),
            (_("Contact telephone:"), self.contact_phone),
        ):
            widget.setAccessibleName(caption.rstrip(":"))
            form.addRow(caption, widget)

        example = date_text(tr, dt.date(2026, 3, 31))
        self.indicators = RowsTable(
            _("Indicators"),
            [_("Name"), _("Unit"), _("Baseline"), _("Target"), _("Actual"), _("Actual as of")],
            _("Add in&dicator"),
            _("Remove indicator"),
        )
        for item in data.indicators:
            self.indicators.add_row(
                item.id,
                [item.name, item.unit or "", *map(self._number, (item.baseline, item.target,
                 item.actual)), date_text(tr, item.actual_date)],
            )  # fmt: skip
        self.milestones = RowsTable(
            _("Milestones"),
            [_("Title"), _("Due"), _("Done on")],
            _("Add mile&stone"),
            _("Remove milestone"),
        )
        for milestone in data.milestones:
            self.milestones.add_row(
                milestone.id,
                [milestone.title, date_text(tr, milestone.due_date),
                 date_text(tr, milestone.done_date)],
            )  # fmt: skip
        for cells, column, caption in (
            (self.indicators.table, 5, _("Actual as of")),
            (self.milestones.table, 1, _("Due")),
            (self.milestones.table, 2, _("Done on")),
        ):  # typed as the language writes a date, or picked from a calendar (Alt+Down)
            cells.setItemDelegateForColumn(column, DateDelegate(tr, caption, cells))
        self.lists = QWidget()
        layout = QVBoxLayout(self.lists)
        note = QLabel(
            _("Dates as {example}; numbers as {number}. F2 or typing edits a cell.").format(
                example=example, number=self._number(1234.5)
            )
        )
        note.setWordWrap(True)
        for caption, table in (
            (_("Indicators:"), self.indicators),
            (_("Milestones:"), self.milestones),
        ):
            label = QLabel(caption)
            label.setBuddy(table.table)
            layout.addWidget(label)
            layout.addWidget(table, 1)
        layout.addWidget(note)

    def _money(self, cents: int | None) -> str:
        return "" if cents is None else self._tr.number(cents / 100, "#,##0.00")

    def _number(self, value: float | None) -> str:
        return number_text(self._tr, value)

    def chain(self) -> list[QWidget]:
        """The tab order of both tabs."""
        return [
            self.next_steps, self.planned, self.committed, self.contact_name,
            self.contact_email, self.contact_phone,
            self.indicators.table, self.indicators.add_button, self.indicators.remove_button,
            self.milestones.table, self.milestones.add_button, self.milestones.remove_button,
        ]  # fmt: skip

    def collect(self) -> dict[str, Any]:
        """The fields as :class:`MeasureInput` keyword arguments."""
        tr = self._tr
        return {
            "next_steps": self.next_steps.toPlainText(),
            "budget_planned_cents": parse_cents(
                tr, self.planned.text(), Message(N_("Planned budget"))
            ),
            "budget_committed_cents": parse_cents(
                tr, self.committed.text(), Message(N_("Committed budget"))
            ),
            "contact_name": self.contact_name.text(),
            "contact_email": self.contact_email.text(),
            "contact_phone": self.contact_phone.text(),
            "indicators": tuple(self._indicators()),
            "milestones": tuple(self._milestones()),
        }

    def _indicators(self) -> list[IndicatorInput]:
        found = []
        for number, identifier, texts in self.indicators.rows():
            if not any(t.strip() for t in texts):
                continue  # an empty row added and not filled in
            where = Message(N_("Indicators, row {row}"), row=number)
            baseline, target, actual = (
                None if v is None else float(v)
                for v in (parse_number(self._tr, t, where) for t in texts[2:5])
            )
            found.append(
                IndicatorInput(
                    id=identifier,
                    name=texts[0],
                    unit=texts[1],
                    baseline=baseline,
                    target=target,
                    actual=actual,
                    actual_date=parse_day(self._tr, texts[5], where),
                )
            )
        return found

    def _milestones(self) -> list[MilestoneInput]:
        found = []
        for number, identifier, texts in self.milestones.rows():
            if not any(t.strip() for t in texts):
                continue
            where = Message(N_("Milestones, row {row}"), row=number)
            found.append(
                MilestoneInput(
                    identifier,
                    texts[0],
                    parse_day(self._tr, texts[1], where),
                    parse_day(self._tr, texts[2], where),
                )
            )
        return found
