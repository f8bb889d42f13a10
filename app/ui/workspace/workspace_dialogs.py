"""The department's dialogs: propose a new measure, and export the return package."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import Translator
from app.rounds import workspace
from app.rounds.kinds import kind_of
from app.rounds.secretariat import RETURN_SUFFIX
from app.rounds.view import WorkspaceView
from app.rounds.workspace import Exported, NewKeyRefused
from app.ui.qt_setup import set_tab_order
from app.ui.rounds.round_labels import title_in
from app.ui.widgets import (
    ERROR_STYLE,
    ScreenContext,
    choose_target,
    dialog_buttons,
    documents_folder,
    error_label,
    result_label,
    say,
    show_result,
)
from app.ui.workspace.round_state import State

Proposal = dict[str, str | None]
SaveProposal = Callable[[Proposal, Callable[[object], None], Callable[[UserError], None]], None]
Export = Callable[[Path, bool, Callable[[Exported], None], Callable[[UserError], None]], None]


class ProposalDialog(QDialog):
    """A new measure the department proposes: instrument, German title, description, why."""

    def __init__(
        self,
        tr: Translator,
        instruments: list[tuple[str, dict[str, str | None]]],
        save: SaveProposal,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tr = tr
        self._save = save
        _ = tr.gettext
        self.setWindowTitle(_("Propose a new measure"))
        intro = QLabel(
            _(
                "The proposal goes to the secretariat with your next return; the working group "
                "decides whether the measure is taken into the register."
            )
        )
        intro.setWordWrap(True)
        self.instrument = QComboBox()
        for numeral, titles in instruments:
            self.instrument.addItem(f"{numeral} – {title_in(tr, titles)}", numeral)
        self.title = QLineEdit()
        self.description = QPlainTextEdit()
        self.rationale = QPlainTextEdit()
        for edit in (self.description, self.rationale):
            edit.setTabChangesFocus(True)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for caption, name, widget in (
            (_("&Instrument:"), _("Instrument"), self.instrument),
            (_("&Title (German):"), _("Title (German)"), self.title),
            (_("&Description (German):"), _("Description (German)"), self.description),
            (_("&Rationale:"), _("Rationale"), self.rationale),
        ):
            label = QLabel(caption)
            label.setBuddy(widget)
            widget.setAccessibleName(name)
            form.addRow(label, widget)
        self.error = error_label(tr)
        self.buttons = dialog_buttons(self, self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(700, 460)

    def proposal(self) -> Proposal:
        return {
            "instrument": str(self.instrument.currentData()),
            "title_de": self.title.text(),
            "description_de": self.description.toPlainText() or None,
            "rationale": self.rationale.toPlainText() or None,
        }

    def submit(self) -> None:
        self.buttons.setEnabled(False)
        self._save(self.proposal(), lambda _r: self.accept(), self.show_error)

    def show_error(self, error: UserError) -> None:
        self.buttons.setEnabled(True)
        say(self.error, self._tr.render(error.message))


class ExportDialog(QDialog):
    """Where to write the return, whether to encrypt it, and what it will hold."""

    def __init__(
        self,
        tr: Translator,
        *,
        counts: dict[str, int],
        incomplete: list[str],
        proposals: int,
        target: Path,
        export: Export,
        partnerships: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tr = tr
        self._export = export
        self.exported: Exported | None = None
        _ = tr.gettext
        self.setWindowTitle(_("Export the return"))
        total = sum(counts.values())
        if partnerships:
            lines = [
                tr.ngettext(
                    "Assessed: {answered} of {n} partnership.",
                    "Assessed: {answered} of {n} partnerships.",
                    total,
                ).format(answered=counts["answered"], n=total)
            ]
        else:
            lines = [
                tr.ngettext(
                    "Answered: {answered} of {n} measure.",
                    "Answered: {answered} of {n} measures.",
                    total,
                ).format(answered=counts["answered"], n=total)
            ]
        if counts["missing"] and partnerships:
            lines.append(
                tr.ngettext(
                    "{n} partnership is not assessed yet; the return leaves it out, and you "
                    "can send a completed return later.",
                    "{n} partnerships are not assessed yet; the return leaves them out, and you "
                    "can send a completed return later.",
                    counts["missing"],
                ).format(n=counts["missing"])
            )
        elif counts["missing"]:
            lines.append(
                tr.ngettext(
                    "{n} measure has no answer yet; the return leaves it out, and you can send "
                    "a completed return later.",
                    "{n} measures have no answer yet; the return leaves them out, and you can "
                    "send a completed return later.",
                    counts["missing"],
                ).format(n=counts["missing"])
            )
        if proposals:
            lines.append(
                tr.ngettext(
                    "{n} proposal for a new measure goes with it.",
                    "{n} proposals for new measures go with it.",
                    proposals,
                ).format(n=proposals)
            )
        self.summary = QLabel("<br>".join(html.escape(line) for line in lines))
        self.summary.setWordWrap(True)
        self.incomplete = QLabel()
        self.incomplete.setWordWrap(True)
        self.incomplete.setStyleSheet(ERROR_STYLE)
        self.incomplete.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if incomplete:
            heading = tr.ngettext(
                "{n} answer is not complete; complete it before exporting:",
                "{n} answers are not complete; complete them before exporting:",
                len(incomplete),
            ).format(n=len(incomplete))
            self.incomplete.setText(
                html.escape(heading)
                + "<ul>"
                + "".join(f"<li>{html.escape(line)}</li>" for line in incomplete)
                + "</ul>"
            )
        self.incomplete.setVisible(bool(incomplete))

        self.path = QLineEdit(str(target))
        self.path.setAccessibleName(_("Return file"))
        self.choose_button = QPushButton(_("C&hoose…"))
        self.choose_button.setAccessibleName(_("Choose the return file"))
        self.choose_button.clicked.connect(self.choose)
        self.encrypt = QCheckBox(_("&Encrypt for the secretariat (recommended)"))
        self.encrypt.setChecked(True)
        self.encrypt.setToolTip(
            _("Only the secretariat can read an encrypted return: a lost USB stick leaks nothing.")
        )
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.choose_button)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        label = QLabel(_("&File:"))
        label.setBuddy(self.path)
        form.addRow(label, path_row)
        form.addRow("", self.encrypt)
        self.message = result_label(tr)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(
            _("E&xport"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.setDefault(True)
        for button in (self.choose_button, *self.buttons.buttons()):
            # Enter (in the file's field, too) exports; no other button takes it over
            if isinstance(button, QPushButton):
                button.setAutoDefault(button is self.export_button)
        self.export_button.clicked.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.incomplete)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        set_tab_order([self.path, self.choose_button, self.encrypt, *self.buttons.buttons()])
        self.setMinimumWidth(720)

    def choose(self) -> None:
        _ = self._tr.gettext
        path = choose_target(
            self,
            _("Save the return as"),
            self.path.text(),
            _("Return packages (*{suffix})").format(suffix=RETURN_SUFFIX),
        )
        if path:
            self.path.setText(path if path.endswith(RETURN_SUFFIX) else path + RETURN_SUFFIX)

    def submit(self) -> None:
        text = self.path.text().strip()
        if not text:
            self._say(self._tr.gettext("Choose where to save the return."), error=True)
            return
        target = Path(text).expanduser()
        if not target.parent.is_dir():
            self._say(
                self._tr.gettext("The folder {path} does not exist.").format(path=target.parent),
                error=True,
            )
            return
        self.export_button.setEnabled(False)
        self._say(self._tr.gettext("Writing the return…"), error=False)
        self._export(target, self.encrypt.isChecked(), self._done, self._failed)

    def _done(self, exported: Exported) -> None:
        self.exported = exported
        self.export_button.setEnabled(True)
        self._say(self._tr.render(exported.message), error=False)

    def _failed(self, error: UserError) -> None:
        self.export_button.setEnabled(True)
        self._say(self._tr.render(error.message), error=True)

    def _say(self, text: str, *, error: bool) -> None:
        show_result(self.message, text, error=error)


def export_dialog(
    context: ScreenContext,
    shown: WorkspaceView,
    states: dict[str, State],
    *,
    partnerships: bool,
    reload: Callable[[str], None],
    parent: QWidget,
) -> ExportDialog:
    """The export dialog for the round ``shown`` whose answers are in ``states``: it writes the
    return on the database worker, then ``reload`` shows the round again."""
    tr, worker, settings = context.tr, context.worker, context.settings
    counts = dict.fromkeys(kind_of(shown).item_state_labels, 0)
    incomplete = []
    for code, (state, problem) in states.items():
        counts[state] += 1
        if state == "incomplete":
            incomplete.append(f"{code}: {tr.render(problem) if problem else ''}")
    name = shown.name
    actor = context.actor()
    folder = documents_folder(settings, "workspace/returns")

    def export(
        target: Path,
        encrypt: bool,
        done: Callable[[Exported], None],
        failed: Callable[[UserError], None],
    ) -> None:
        settings.setValue("workspace/returns", str(target.parent))

        def finished(exported: Exported) -> None:
            done(exported)
            reload(name)

        worker.run(
            lambda s: workspace.export_return(
                s, actor, workspace.find(s, name), target, encrypt=encrypt
            ),
            finished,
            on_error=failed,
        )

    return ExportDialog(
        tr,
        counts=counts,
        incomplete=incomplete,
        proposals=len(shown.proposals),
        partnerships=partnerships,
        target=folder / shown.default_file_name,
        export=export,
        parent=parent,
    )


def confirm_new_key(parent: QWidget, tr: Translator, refused: NewKeyRefused) -> bool:
    """Ask whether to trust a secretariat's new key: both fingerprints, what they mean, and
    "Cancel" as the default answer."""
    _ = tr.gettext
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("New key of the secretariat"))
    box.setText(
        _(
            "This round package is signed with a new key, not with the key of this "
            "secretariat that you trusted so far, and the old key did not announce it."
        )
    )
    box.setInformativeText(
        _(
            "Key trusted so far: {old}\nNew key: {new}\n\nThis happens when the secretariat "
            "had to replace a compromised key, but also when someone else made the package. "
            "Call the secretariat and ask for its key's fingerprint. Trust the new key only "
            "if it is exactly {new}."
        ).format(old=refused.old, new=refused.new)
    )
    trust = box.addButton(_("Trust the new key"), QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is trust
