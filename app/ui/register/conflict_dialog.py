"""When a save is refused because someone else changed the record in the meantime (a measure, a
partner, a partnership): the fields where the user's version and the other person's differ,
side by side, and the user's choice — take mine (save mine over theirs, knowingly), keep theirs
(drop mine) or merge field by field. Nothing is ever written over the other change without
this choice."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import EditConflict
from app.i18n import Translator
from app.models.labels import field_label
from app.operations import audit
from app.operations.measures import MeasureInput, normalize
from app.ui.register.history_view import value_text

MINE, THEIRS, MERGE = "mine", "theirs", "merge"
Values = Mapping[str, Any]


@dataclass(frozen=True)
class Versions:
    """``base`` what the user started from, ``mine`` what they saved, ``theirs`` what the
    register holds now; field by field, in the editor's order."""

    base: Values
    mine: Values
    theirs: Values


@dataclass(frozen=True)
class Texts:
    """The dialog's title and introduction, a field's label and a value as text."""

    title: str
    intro: str
    label: Callable[[str], str]
    value: Callable[[str, Any], str]


def differing(mine: Values, theirs: Values) -> list[str]:
    """The fields in which the two versions differ, in ``mine``'s order."""
    return [name for name in mine if audit.plain(mine[name]) != audit.plain(theirs.get(name))]


class ConflictDialog(QDialog):
    """After ``exec()``: :attr:`outcome` and :meth:`taken`."""

    def __init__(
        self, tr: Translator, versions: Versions, texts: Texts, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        _ = tr.gettext
        self.setWindowTitle(texts.title)
        self.versions = versions
        self.outcome = THEIRS
        self.names = differing(versions.mine, versions.theirs)
        layout = QVBoxLayout(self)
        intro = QLabel(texts.intro)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(self.names), 4, self)
        self.table.setHorizontalHeaderLabels(
            [_("Field"), _("Your value"), _("Their value"), _("Keep")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.choices: list[QComboBox] = []
        for row, name in enumerate(self.names):
            self._fill_row(tr, texts, row, name)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(self)
        for text, outcome in (
            (_("Merge as chosen"), MERGE),
            (_("Take mine"), MINE),
            (_("Keep theirs"), THEIRS),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(lambda _checked=False, o=outcome: self._choose(o))
            buttons.addButton(button, QDialogButtonBox.ButtonRole.AcceptRole)
        layout.addWidget(buttons)
        self.resize(820, 200 + 30 * len(self.names))

    def _fill_row(self, tr: Translator, texts: Texts, row: int, name: str) -> None:
        _ = tr.gettext
        self.table.setItem(row, 0, QTableWidgetItem(texts.label(name)))
        for column, version in ((1, self.versions.mine), (2, self.versions.theirs)):
            text = texts.value(name, audit.plain(version.get(name)))
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            self.table.setItem(row, column, item)
        choice = QComboBox(self.table)
        choice.addItem(_("mine"), MINE)
        choice.addItem(_("theirs"), THEIRS)
        # a field only I changed keeps mine, one only they changed keeps theirs
        changed_by_me = audit.plain(self.versions.base.get(name)) != audit.plain(
            self.versions.mine[name]
        )
        choice.setCurrentIndex(0 if changed_by_me else 1)
        choice.setAccessibleName(_("Keep for {field}").format(field=texts.label(name)))
        self.table.setCellWidget(row, 3, choice)
        self.choices.append(choice)

    def _choose(self, outcome: str) -> None:
        self.outcome = outcome
        self.accept()

    def taken(self) -> dict[str, Any]:
        """The fields to save over theirs: all of mine that differ, those chosen as mine, or
        none (keep theirs)."""
        if self.outcome == THEIRS:
            return {}
        return {
            name: self.versions.mine[name]
            for name, choice in zip(self.names, self.choices, strict=True)
            if self.outcome == MINE or choice.currentData() == MINE
        }


def settle_values(
    tr: Translator, versions: Versions, texts: Texts, *, parent: QWidget
) -> dict[str, Any] | str | None:
    """Ask the user how to settle a conflict: :data:`THEIRS` to keep the other person's
    version, the values to save (theirs with the fields taken from mine) on the other person's
    revision, or ``None`` when they cancelled."""
    dialog = ConflictDialog(tr, versions, texts, parent=parent)
    if not dialog.exec():
        return None
    if dialog.outcome == THEIRS:
        return THEIRS
    return {**versions.theirs, **dialog.taken()}


def _measure_values(data: MeasureInput) -> dict[str, Any]:
    return {field.name: getattr(data, field.name) for field in fields(MeasureInput)}


def settle(
    tr: Translator,
    error: EditConflict,
    code: str,
    versions: tuple[MeasureInput, MeasureInput],
    *,
    parent: QWidget,
) -> MeasureInput | str | None:
    """:func:`settle_values` for a measure (``versions``: what the user started from and what
    they saved): :data:`THEIRS`, the input to save (mine or merged), or ``None``."""
    assert isinstance(error.theirs, MeasureInput)
    _ = tr.gettext
    by = error.by or "?"
    theirs = normalize(error.theirs)
    texts = Texts(
        _("Measure {code} changed in the meantime").format(code=code),
        _(
            "{actor} saved the measure {code} while you were editing it. Your changes were "
            "not saved. Choose for each field which value to keep, or take all of yours or "
            "all of theirs."
        ).format(actor=by, code=code),
        lambda name: field_label(tr, name),
        lambda name, value: value_text(tr, name, value),
    )
    base, mine = (_measure_values(normalize(version)) for version in versions)
    outcome = settle_values(tr, Versions(base, mine, _measure_values(theirs)), texts, parent=parent)
    if not isinstance(outcome, dict):
        return outcome
    return replace(theirs, **{name: outcome[name] for name in mine if name in outcome})
