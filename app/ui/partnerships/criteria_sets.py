"""The criteria sets tab of the "Partnerships" page: the register's criteria sets, one shown
with its scale and weighted criteria; a new set (a copy of the one shown) or the one shown
edited in the :class:`~app.ui.partnerships.criteria_editor.CriteriaEditor`, imported from or
exported to a file (the ``imag-criteria`` format) through :mod:`app.partnerships.criteria`."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.errors import UserError
from app.partnerships import criteria
from app.ui.partnerships.criteria_editor import CriteriaEditor, Document
from app.ui.partnerships.criteria_fields import free_code
from app.ui.partnerships.partnership_html import scale_label
from app.ui.qt_setup import set_tab_order
from app.ui.rounds.round_labels import number_text
from app.ui.widgets import (
    Screen,
    ScreenContext,
    choose_file,
    choose_target,
    documents_folder,
    fill_table,
    in_language,
    result_label,
    show_result,
    text_table,
)

CRITERIA_SUFFIX = ".json"


@dataclass(frozen=True)
class CriteriaSetView:
    """A criteria set as the screen shows it (the file format's document), and the rounds that
    froze a copy of it (name, status)."""

    code: str
    document: dict[str, Any]
    rounds: tuple[tuple[str, str], ...] = ()


def load_sets(session: Session) -> list[CriteriaSetView]:
    using = criteria.rounds_using(session)
    return [
        CriteriaSetView(s.code, criteria.as_document(s), tuple(using.get(s.code, ())))
        for s in criteria.list_sets(session)
    ]


class CriteriaSetsPane(Screen):
    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        tr = context.tr
        self.sets: list[CriteriaSetView] = []
        _ = tr.gettext
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
        stretch = QHeaderView.ResizeMode.Stretch  # the criterion wraps too: no sideways scrolling
        self.criteria_table.horizontalHeader().setSectionResizeMode(1, stretch)
        self.set_message = result_label(tr)
        sets_layout = QVBoxLayout(self)
        sets_layout.addLayout(set_header)
        sets_layout.addLayout(set_actions)
        sets_layout.addWidget(self.set_info)
        sets_layout.addWidget(self.criteria_table, 1)
        sets_layout.addWidget(self.set_message)

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

    def show_sets(self, sets: list[CriteriaSetView], select: str | None = None) -> None:
        """Show the register's criteria sets (again), with ``select`` (else the one shown)."""
        self.sets = sets
        chosen = select or self.set_choice.currentData()
        self.set_choice.blockSignals(True)
        self.set_choice.clear()
        for entry in self.sets:
            name = in_language(self._tr, entry.document, "name")
            self.set_choice.addItem(f"{entry.code} – {name}", entry.code)
        self.set_choice.setCurrentIndex(max(self.set_choice.findData(chosen), 0))
        self.set_choice.blockSignals(False)
        self._show_set()

    def current_set(self) -> CriteriaSetView | None:
        code = self.set_choice.currentData()
        return next((s for s in self.sets if s.code == code), None)

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
        path = choose_file(
            self,
            self._settings,
            "partnerships/criteria",
            _("Import a criteria set"),
            _("Criteria sets (*{suffix});;All files (*)").format(suffix=CRITERIA_SUFFIX),
        )
        if path:
            self.import_set(path)

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
        self._worker.run(load_sets, lambda sets: self.show_sets(sets, code))

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
            document["code"] = free_code(copied_from, {s.code for s in self.sets})
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
        path = choose_target(
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
        show_result(self.set_message, text, error=error)
