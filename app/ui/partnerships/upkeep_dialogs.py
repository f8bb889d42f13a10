"""The partnerships' upkeep in the window: a partner added, a partnership added, a
partnership's status changed with the day and the reason. Each dialog hands its input to
:mod:`app.partnerships.upkeep` on the database worker; a refusal shows in the dialog, which stays
open with the input; Escape or Cancel with typed input asks first (:class:`EditDialog`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.errors import UserError
from app.i18n import N_, Message
from app.partnerships import register, upkeep
from app.ui.date_field import DateField
from app.ui.register.measure_extras import parse_day
from app.ui.sizing import fit_to_screen
from app.ui.widgets import EditDialog, ScreenContext, dialog_buttons, error_label, in_language

NO_YEAR = 1899
"""The year field's "none" (shown as a dash)."""


class UpkeepDialog(EditDialog):
    """A form whose input becomes one core operation (:meth:`job`); saved, it closes with
    :attr:`saved_code` set."""

    def __init__(self, context: ScreenContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(context.tr, parent)
        self._context = context
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.error = error_label(context.tr)
        self.buttons = dialog_buttons(self, self.submit)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def field(self, caption: str, widget: QWidget) -> None:
        """A row of the form: ``caption`` (with its mnemonic) labels ``widget`` and names it."""
        buddy = QLabel(caption)
        buddy.setBuddy(widget)
        widget.setAccessibleName(caption.replace("&", "").rstrip(":"))
        self.form.addRow(buddy, widget)

    def finish(self) -> None:
        """After the fields: a size that fits the screen, and changed input asks before it is
        thrown away."""
        fit_to_screen(self, 560, self.sizeHint().height())
        self.ask_before_discarding()

    def job(self) -> tuple[str, Callable[[Session], object]]:
        """The code saved and the operation that saves it; may refuse the input."""
        raise NotImplementedError

    def submit(self) -> None:
        self.error.hide()
        try:
            code, job = self.job()
        except UserError as error:
            self.show_error(error)
            return
        self.buttons.setEnabled(False)
        self._context.worker.run(job, lambda _result: self._saved(code), on_error=self.show_error)


def _combo(labels: dict[str, str], tr_gettext: Callable[[str], str], current: str) -> QComboBox:
    box = QComboBox()
    for key, label in labels.items():
        box.addItem(tr_gettext(label), key)
    box.setCurrentIndex(max(box.findData(current), 0))
    return box


class PartnerDialog(UpkeepDialog):
    """A new partner: its code, kind, names in German, Polish and Czech, its country."""

    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        _ = context.tr.gettext
        super().__init__(context, _("Add partner"), parent)
        self.code = QLineEdit()
        self.code.setPlaceholderText(_("e.g. PL-OP"))
        self.kind = _combo(upkeep.PARTNER_KIND_LABELS, _, "region")
        self.names = {lang: QLineEdit() for lang in ("de", "pl", "cs")}
        self.country = QLineEdit()
        self.country.setMaxLength(2)
        self.country.setPlaceholderText(_("e.g. PL"))
        for caption, widget in (
            (_("&Code:"), self.code),
            (_("&Kind of partner:"), self.kind),
            (_("Name (&German):"), self.names["de"]),
            (_("Name (&Polish):"), self.names["pl"]),
            (_("Name (C&zech):"), self.names["cs"]),
            (_("Co&untry (ISO code):"), self.country),
        ):
            self.field(caption, widget)
        self.finish()

    def job(self) -> tuple[str, Callable[[Session], object]]:
        actor = self._context.actor()
        code, kind = self.code.text().strip().upper(), str(self.kind.currentData())
        names = {lang: edit.text() for lang, edit in self.names.items()}
        country = self.country.text()
        return code, lambda s: upkeep.add_partner(
            s,
            actor,
            code,
            kind=kind,
            name_de=names["de"],
            name_pl=names["pl"],
            name_cs=names["cs"],
            country=country,
        )


class PartnershipDialog(UpkeepDialog):
    """A new partnership with one of the register's partners."""

    def __init__(
        self,
        context: ScreenContext,
        partners: list[dict[str, Any]],
        parent: QWidget | None = None,
        *,
        partner: str | None = None,
    ) -> None:
        tr = context.tr
        _ = tr.gettext
        super().__init__(context, _("Add partnership"), parent)
        self.code = QLineEdit()
        self.code.setPlaceholderText(_("e.g. RP-PL-OP"))
        self.partner = QComboBox()
        for entry in partners:
            name = in_language(tr, entry, "name")
            self.partner.addItem(f"{name} ({entry['code']})", entry["code"])
        self.partner.setCurrentIndex(max(self.partner.findData(partner), 0))
        self.kind = _combo(register.KIND_LABELS, _, "regional")
        self.status = _combo(register.STATUS_LABELS, _, "under_consideration")
        self.since_year = QSpinBox()
        self.since_year.setRange(NO_YEAR, 2100)
        self.since_year.setSpecialValueText("–")
        self.since_year.setValue(NO_YEAR)
        self.basis = QLineEdit()
        self.basis.setPlaceholderText(_("e.g. Gemeinsame Erklärung"))
        for caption, widget in (
            (_("&Code:"), self.code),
            (_("&Partner:"), self.partner),
            (_("&Kind of partnership:"), self.kind),
            (_("&Status:"), self.status),
            (_("Since (&year):"), self.since_year),
            (_("&Basis (German):"), self.basis),
        ):
            self.field(caption, widget)
        self.finish()

    def job(self) -> tuple[str, Callable[[Session], object]]:
        actor = self._context.actor()
        code, partner = self.code.text().strip().upper(), str(self.partner.currentData() or "")
        kind, status = str(self.kind.currentData()), str(self.status.currentData())
        year = self.since_year.value()
        basis = self.basis.text()
        return code, lambda s: upkeep.add_partnership(
            s,
            actor,
            code,
            partner=partner,
            kind=kind,
            status=status,
            since_year=None if year == NO_YEAR else year,
            basis_de=basis,
        )


class StatusDialog(UpkeepDialog):
    """A partnership's status changed: the new status, from which day, and why."""

    def __init__(
        self, context: ScreenContext, entry: dict[str, Any], parent: QWidget | None = None
    ) -> None:
        tr = context.tr
        _ = tr.gettext
        super().__init__(context, _("Change status"), parent)
        self.code_value = str(entry["code"])
        now = _(register.STATUS_LABELS.get(entry["status"], entry["status"]))
        heading = QLabel(
            _("{partner} ({code}), now {status}").format(
                partner=in_language(tr, entry, "name"), code=entry["code"], status=now
            )
        )
        heading.setWordWrap(True)
        self.form.addRow(heading)
        others = {k: v for k, v in register.STATUS_LABELS.items() if k != entry["status"]}
        self.status = _combo(others, _, next(iter(others)))
        self.since = DateField(tr, dt.date.today())
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        for caption, widget in (
            (_("New &status:"), self.status),
            (_("Since (&day):"), self.since),
            (_("&Reason:"), self.reason),
        ):
            self.field(caption, widget)
        self.finish()

    def job(self) -> tuple[str, Callable[[Session], object]]:
        actor = self._context.actor()
        code, status = self.code_value, str(self.status.currentData())
        since = parse_day(self._tr, self.since.text(), Message(N_("Since"))) or dt.date.today()
        reason = self.reason.toPlainText()
        return code, lambda s: upkeep.set_status(s, actor, code, status, since=since, reason=reason)
