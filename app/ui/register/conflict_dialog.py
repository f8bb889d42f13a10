"""When a save is refused because someone else changed the measure in the meantime: the fields
where the user's version and the other person's differ, side by side, and the user's choice —
take mine (save mine over theirs, knowingly), keep theirs (drop mine) or merge field by field.
Nothing is ever written over the other change without this choice."""

from __future__ import annotations

from dataclasses import fields, replace
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


def differing(mine: MeasureInput, theirs: MeasureInput) -> list[str]:
    """The fields in which the two versions differ, in the editor's order."""
    return [
        field.name
        for field in fields(MeasureInput)
        if audit.plain(getattr(mine, field.name)) != audit.plain(getattr(theirs, field.name))
    ]


class ConflictDialog(QDialog):
    """``base`` is what the user started from, ``mine`` what they saved, ``theirs`` what the
    register holds now (changed by ``by``). After ``exec()``: :attr:`outcome` and
    :meth:`merged`."""

    def __init__(
        self,
        tr: Translator,
        base: MeasureInput,
        mine: MeasureInput,
        theirs: MeasureInput,
        *,
        code: str,
        by: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        _ = tr.gettext
        self.setWindowTitle(_("Measure {code} changed in the meantime").format(code=code))
        base, mine, theirs = normalize(base), normalize(mine), normalize(theirs)
        self._mine, self._theirs = mine, theirs
        self.outcome = THEIRS
        self.names = differing(mine, theirs)
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "{actor} saved the measure {code} while you were editing it. Your changes were "
                "not saved. Choose for each field which value to keep, or take all of yours or "
                "all of theirs."
            ).format(actor=by, code=code)
        )
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
            self._fill_row(tr, row, name, changed_by_me=_changed(base, mine, name))
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

    def _fill_row(self, tr: Translator, row: int, name: str, *, changed_by_me: bool) -> None:
        _ = tr.gettext
        self.table.setItem(row, 0, QTableWidgetItem(field_label(tr, name)))
        for column, version in ((1, self._mine), (2, self._theirs)):
            text = value_text(tr, name, audit.plain(getattr(version, name)))
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            self.table.setItem(row, column, item)
        choice = QComboBox(self.table)
        choice.addItem(_("mine"), MINE)
        choice.addItem(_("theirs"), THEIRS)
        choice.setCurrentIndex(0 if changed_by_me else 1)
        choice.setAccessibleName(_("Keep for {field}").format(field=field_label(tr, name)))
        self.table.setCellWidget(row, 3, choice)
        self.choices.append(choice)

    def _choose(self, outcome: str) -> None:
        self.outcome = outcome
        self.accept()

    def merged(self) -> MeasureInput:
        """The version to save: mine, or theirs with the fields chosen as mine."""
        if self.outcome == MINE:
            return self._mine
        if self.outcome == THEIRS:
            return self._theirs
        take: dict[str, Any] = {
            name: getattr(self._mine, name)
            for name, choice in zip(self.names, self.choices, strict=True)
            if choice.currentData() == MINE
        }
        return replace(self._theirs, **take)


def _changed(base: MeasureInput, mine: MeasureInput, name: str) -> bool:
    return bool(audit.plain(getattr(base, name)) != audit.plain(getattr(mine, name)))


def settle(
    tr: Translator,
    error: EditConflict,
    code: str,
    versions: tuple[MeasureInput, MeasureInput],
    *,
    parent: QWidget,
) -> MeasureInput | str | None:
    """Ask the user how to settle ``error`` (``versions``: what they started from and what
    they saved): :data:`THEIRS` to keep the other person's version, the input to save (mine or
    merged) on the other person's revision, or ``None`` when they cancelled."""
    assert isinstance(error.theirs, MeasureInput)
    base, mine = versions
    dialog = ConflictDialog(
        tr, base, mine, error.theirs, code=code, by=error.by or "?", parent=parent
    )
    if not dialog.exec():
        return None
    if dialog.outcome == THEIRS:
        return THEIRS
    return dialog.merged()
