"""The measure editor: new or existing measure, German, Polish and Czech side by side.

The dialog only collects input; the core's operations validate and write it (through the
database worker), and their messages are shown in the dialog, which stays open until a save
succeeds."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import N_, Message, Translator
from app.models import Status, TrafficLight, TranslationState, labels
from app.operations.measures import MeasureHistory, MeasureInput
from app.operations.register_view import Vocabulary
from app.ui.date_field import DateField
from app.ui.qt_setup import set_tab_order
from app.ui.register import choices
from app.ui.register.history_view import HistoryView
from app.ui.register.measure_extras import ExtrasTabs, parse_day
from app.ui.sizing import fit_to_screen, scrolled
from app.ui.widgets import EditDialog, checked, checked_list, dialog_buttons, error_label
from app.ui.wrapping import fit_width, wrap_lines

Save = Callable[[MeasureInput, Callable[[str], None], Callable[[UserError], None]], None]


class MeasureEditor(EditDialog):
    def __init__(
        self,
        tr: Translator,
        vocabulary: Vocabulary,
        data: MeasureInput | None,
        save: Save,
        *,
        code: str | None = None,
        history: MeasureHistory | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tr, parent)
        self._save = save
        _ = tr.gettext
        lang = tr.lang
        self.setWindowTitle(
            _("Edit measure {code}").format(code=code) if code else _("New measure")
        )
        data = data or MeasureInput(instrument=vocabulary.instruments[0].key, title_de="")

        def named(widget: QWidget, name: str) -> QWidget:
            widget.setAccessibleName(name)
            return widget

        # -- general ---------------------------------------------------------------------------
        self.instrument = QComboBox()
        for item in vocabulary.instruments:
            self.instrument.addItem(f"{item.key} – {item.name(lang)}", item.key)
        self.instrument.setCurrentIndex(max(self.instrument.findData(data.instrument), 0))
        self.section = QComboBox()
        self._sections = vocabulary.sections
        self.instrument.currentIndexChanged.connect(self._fill_sections)
        self._fill_sections()
        self.section.setCurrentIndex(max(self.section.findData(data.section), 0))
        self.status = choices.status_combo(tr, data.status)
        self.reason = QLineEdit(data.status_reason or "")
        self.successor = QLineEdit(data.successor or "")
        self.successor.setPlaceholderText(_("Code, e.g. II.04"))
        self.light = QComboBox()
        self.light.addItem("–", None)
        for light in TrafficLight:
            self.light.addItem(labels.traffic_light(tr, light), light.value)
        self.light.setCurrentIndex(
            max(self.light.findData(data.traffic_light.value if data.traffic_light else None), 0)
        )
        self.progress = QSpinBox()
        self.progress.setRange(-1, 100)
        self.progress.setSpecialValueText("–")
        self.progress.setSuffix(" %")
        self.progress.setValue(-1 if data.progress is None else data.progress)
        self.start = DateField(tr, data.start_date)
        self.end = DateField(tr, data.end_date)
        self.budget = QCheckBox(_("Subject to the &budget reservation"))
        self.budget.setChecked(data.budget_reservation)
        self.comment = QPlainTextEdit(data.comment or "")
        self.comment.setTabChangesFocus(True)
        general = QWidget()
        form = QFormLayout(general)
        for caption, widget in (
            (_("&Instrument:"), self.instrument),
            (_("Sectio&n:"), self.section),
            (_("S&tatus:"), self.status),
            (_("Reason (if dropped):"), self.reason),
            (_("Successor (if dropped):"), self.successor),
            (_("Traffic &light:"), self.light),
            (_("&Progress:"), self.progress),
            (_("Start:"), self.start),
            (_("End:"), self.end),
            (_("Comment:"), self.comment),
        ):
            named(widget, caption.replace("&", "").rstrip(":"))
            form.addRow(caption, widget)
        form.addRow("", self.budget)

        # -- texts -------------------------------------------------------------------------------
        texts = QWidget()
        grid = QGridLayout(texts)
        self.titles: dict[str, QLineEdit] = {}
        self.descriptions: dict[str, QPlainTextEdit] = {}
        self.states: dict[str, QComboBox] = {}
        languages = {"de": _("German"), "pl": _("Polish"), "cs": _("Czech")}
        for column, (code_, language) in enumerate(languages.items()):
            grid.addWidget(QLabel(f"<b>{language}</b>"), 0, column)
            title = QLineEdit(getattr(data, f"title_{code_}") or "")
            title.setCursorPosition(0)  # a long title shows from its start, not its end
            named(title, _("Title ({language})").format(language=language))
            title.setPlaceholderText(_("Title"))
            description = QPlainTextEdit(getattr(data, f"description_{code_}") or "")
            description.setTabChangesFocus(True)
            named(description, _("Description ({language})").format(language=language))
            self.titles[code_], self.descriptions[code_] = title, description
            grid.addWidget(title, 1, column)
            grid.addWidget(description, 2, column)
            if code_ != "de":
                state = QComboBox()
                named(state, _("Translation state ({language})").format(language=language))
                for value in TranslationState:
                    state.addItem(tr.gettext(labels.TRANSLATION_STATE[value]), value.value)
                state.setCurrentIndex(
                    max(state.findData(getattr(data, f"state_{code_}") or "missing"), 0)
                )
                self.states[code_] = state
                # Qt on Linux tells a screen reader a combo box's label only from a buddy.
                state_label = QLabel(_("Translation state ({language})").format(language=language))
                state_label.setBuddy(state)
                grid.addWidget(state_label, 3, column)
                grid.addWidget(state, 4, column)
        note = QLabel(_("Changing the German text marks the translations as needing an update."))
        note.setWordWrap(True)
        grid.addWidget(note, 5, 0, 1, 3)

        # -- assignment ------------------------------------------------------------------------
        assignment = QWidget()
        assign = QGridLayout(assignment)
        self.lead = QComboBox()
        named(self.lead, _("Lead department"))
        self.lead.addItem("–", None)
        keep = [data.lead_department or ""]
        for key, text in choices.departments(vocabulary, lang, keep):
            self.lead.addItem(text, key)
        self.lead.setCurrentIndex(max(self.lead.findData(data.lead_department), 0))
        self.participating = checked_list(
            _("Participating departments"),
            choices.departments(vocabulary, lang, data.participating),
            set(data.participating),
        )
        self.goals = checked_list(
            _("Goals"), choices.goals(vocabulary, lang), {str(g) for g in data.goals}
        )
        self.partners = checked_list(
            _("Partners"), choices.partners(tr, vocabulary), set(data.partners)
        )
        lead_label = QLabel(_("Lea&d department:"))
        lead_label.setBuddy(self.lead)
        lead_row = QHBoxLayout()
        lead_row.addWidget(lead_label)
        lead_row.addWidget(self.lead, 1)
        assign.addLayout(lead_row, 0, 0, 1, 2)
        # The goals (long names) across the width, the departments and partners below side by
        # side; long names wrap instead of scrolling sideways (Polish, Czech, 150 %).
        for row, column, span, caption, box in (
            (1, 0, 2, _("Goals:"), self.goals),
            (3, 0, 1, _("Participating departments:"), self.participating),
            (3, 1, 1, _("Partners:"), self.partners),
        ):
            label = QLabel(caption)
            label.setBuddy(box)
            wrap_lines(box)
            assign.addWidget(label, row, column, 1, span)
            assign.addWidget(box, row + 1, column, 1, span)
            assign.setColumnStretch(column, 1)
        for combo in (self.instrument, self.section, self.lead):  # long names: no wider
            fit_width(combo)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Parts of the measure"))
        self.tabs.addTab(general, _("&General"))
        self.tabs.addTab(texts, _("Te&xts"))
        self.tabs.addTab(assignment, _("Assign&ment"))
        self.extras = ExtrasTabs(tr, data)
        self.tabs.addTab(self.extras.budget_and_contact, _("Budget and &contact"))
        self.tabs.addTab(self.extras.lists, _("Indicators and milest&ones"))
        self.history: HistoryView | None = None
        if code is not None:
            self.history = HistoryView(tr)
            self.history.show_events(*(history or ([], {})))
            self.tabs.addTab(self.history, _("&History"))
        self.error = error_label(tr)
        self.buttons = dialog_buttons(self, self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolled(self.tabs), 1)  # the buttons stay on a small screen
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._set_tab_order()
        fit_to_screen(self, 900, 560, self.tabs)
        self.ask_before_discarding()

    def _set_tab_order(self) -> None:
        """Through each tab as it reads (top to bottom, left to right), then the buttons."""
        chain: list[QWidget] = [
            self.tabs.tabBar(), self.instrument, self.section, self.status, self.reason,
            self.successor, self.light, self.progress, self.start, self.end, self.comment,
            self.budget,
        ]  # fmt: skip
        for lang in ("de", "pl", "cs"):
            chain += [self.titles[lang], self.descriptions[lang]]
            if lang in self.states:
                chain.append(self.states[lang])
        chain += [self.lead, self.goals, self.participating, self.partners]
        chain += self.extras.chain()
        if self.history is not None:
            chain.append(self.history)
        chain += self.buttons.buttons()
        set_tab_order(chain)

    def _fill_sections(self) -> None:
        instrument = self.instrument.currentData()
        self.section.clear()
        self.section.addItem("–", None)
        for section in self._sections:
            if section.parent == instrument:
                self.section.addItem(f"{section.key} – {section.name(self._tr.lang)}", section.key)
        self.section.setEnabled(self.section.count() > 1)

    def collect(self) -> MeasureInput:
        """The input as the core takes it; a malformed date raises :class:`UserError`."""
        light = self.light.currentData()
        return MeasureInput(
            instrument=self.instrument.currentData(),
            section=self.section.currentData(),
            title_de=self.titles["de"].text(),
            description_de=self.descriptions["de"].toPlainText(),
            title_pl=self.titles["pl"].text(),
            description_pl=self.descriptions["pl"].toPlainText(),
            title_cs=self.titles["cs"].text(),
            description_cs=self.descriptions["cs"].toPlainText(),
            state_pl=TranslationState(self.states["pl"].currentData()),
            state_cs=TranslationState(self.states["cs"].currentData()),
            status=Status(self.status.currentData()),
            status_reason=self.reason.text(),
            successor=self.successor.text(),
            traffic_light=TrafficLight(light) if light else None,
            progress=None if self.progress.value() < 0 else self.progress.value(),
            start_date=parse_day(self._tr, self.start.text(), Message(N_("Start"))),
            end_date=parse_day(self._tr, self.end.text(), Message(N_("End"))),
            comment=self.comment.toPlainText(),
            budget_reservation=self.budget.isChecked(),
            lead_department=self.lead.currentData(),
            participating=tuple(checked(self.participating)),
            goals=tuple(int(g) for g in checked(self.goals)),
            partners=tuple(checked(self.partners)),
            **self.extras.collect(),
        )

    def submit(self) -> None:
        try:
            data = self.collect()
        except UserError as error:
            self.show_error(error)
            return
        self.buttons.setEnabled(False)
        self._save(data, self._saved, self.show_error)
