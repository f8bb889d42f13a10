"""Building blocks shared by the reports: tables, the measure table and the measure details."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from app.i18n import N_
from app.models import Department, Instrument, Measure, TrafficLight
from app.models import labels as model_labels
from app.reports import fonts
from app.reports.document import Styles
from app.reports.formatting import ReportLanguage
from app.reports.grid import Cell, Grid, Layout, LazyRows, Row
from app.reports.records import MeasureLike
from app.reports.table_tags import TableTags

HEADER_BACKGROUND = colors.HexColor("#dbe5f1")
RULE = colors.HexColor("#9aa5b1")
TRAFFIC_BACKGROUND = {
    TrafficLight.GREEN: colors.HexColor("#c8e6c9"),
    TrafficLight.AMBER: colors.HexColor("#ffe082"),
    TrafficLight.RED: colors.HexColor("#ef9a9a"),
}
SHORT_COMMENT = 400
MEASURE_COLUMNS = (
    N_("Code"),
    N_("Title"),
    N_("Lead department"),
    N_("Status"),
    N_("Traffic light"),
    N_("Progress"),
    N_("Comment"),
)
CONTINUED = N_("(continued)")
MEASURE_WIDTHS = [14 * mm, 50 * mm, 17 * mm, 21 * mm, 19 * mm, 15 * mm, 34 * mm]


def grid(
    rows: Sequence[list[Any] | Row],
    widths: Sequence[float],
    *,
    header_rows: int = 1,
    styles: Sequence[tuple[Any, ...]] = (),
    caption: Any = None,
    caption_at_top: bool = False,
    body: Sequence[Row] | None = None,
) -> Grid:
    """A table whose header repeats at the top of every page it continues on (see
    :mod:`app.reports.grid`); ``caption`` (a cell) names it above a continuation, and with
    ``caption_at_top`` above its start too where that opens a page. ``body`` (rows made when
    needed, :class:`LazyRows`) follows ``rows``' header rows."""
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
        ("FONTSIZE", (0, 0), (-1, -1), 7.5),
        ("LEADING", (0, 0), (-1, -1), 9.2),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        commands += [
            ("FONTNAME", (0, 0), (-1, header_rows - 1), fonts.BOLD),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_BACKGROUND),
        ]
    if body is None:
        body = [row if isinstance(row, Row) else Row(list(row)) for row in rows[header_rows:]]
        for command in styles:
            _place(command, commands, body, header_rows)
    else:
        commands += styles  # for every body row
    layout = Layout(
        header=[list(row) for row in rows[:header_rows]],  # type: ignore[arg-type]
        widths=list(widths),
        commands=commands,
        # a table without a header row labels its rows in the first column
        tags=TableTags(header_rows=header_rows, header_columns=0 if header_rows else 1),
        caption=None if caption is None else [caption],
        caption_at_top=caption_at_top,
    )
    return Grid(layout, body)


def _place(
    command: tuple[Any, ...], commands: list[tuple[Any, ...]], body: list[Row], header: int
) -> None:
    """A caller's style command (rows counted from the first header row): kept for the whole
    table when it covers the header or every body row from one on, else given to its rows."""
    name, (c0, r0), (c1, r1), *values = command
    total = header + len(body)
    r0, r1 = r0 % total if total else 0, r1 % total if total else 0
    if r1 < header or (r0 <= header and r1 == total - 1):
        commands.append((name, (c0, r0), (c1, r1 if r1 < header else -1), *values))
        return
    for index in range(max(r0, header), r1 + 1):
        row = body[index - header]
        row.styles = [*row.styles, (name, c0, c1, *values)]


def header_cells(language: ReportLanguage, styles: Styles, names: Sequence[str]) -> list[Any]:
    """Column headers, hyphenated after the report's language where they do not fit."""
    style = styles.header_for(language.lang)
    # a Cell: hyphenated once per column width, not again in every part of the table
    return [Cell(escape(language.tr.gettext(name)), style) for name in names]


def continued(language: ReportLanguage, styles: Styles, markup: str) -> Paragraph:
    """A cell carried into the continuation of a row split across pages."""
    label = escape(language.tr.gettext(CONTINUED))
    return Paragraph(f"{markup} <i>{label}</i>" if markup else f"<i>{label}</i>", styles.cell)


def instrument_title(language: ReportLanguage, instrument: Instrument) -> str:
    return language.text(
        f"instrument {instrument.numeral}",
        {"de": instrument.title_de, "pl": instrument.title_pl, "cs": instrument.title_cs},
    )


def department_name(language: ReportLanguage, department: Department) -> str:
    return language.text(
        f"department {department.code}",
        {"de": department.name_de, "pl": department.name_pl, "cs": department.name_cs},
    )


def measure_title(language: ReportLanguage, measure: MeasureLike) -> str:
    return language.text(
        f"{measure.code} title",
        {"de": measure.title_de, "pl": measure.title_pl, "cs": measure.title_cs},
    )


def measure_description(language: ReportLanguage, measure: Measure) -> str:
    if not measure.description_de and not measure.description_pl and not measure.description_cs:
        return "–"
    return language.text(
        f"{measure.code} description",
        {"de": measure.description_de, "pl": measure.description_pl, "cs": measure.description_cs},
    )


def measure_table(
    language: ReportLanguage,
    styles: Styles,
    measures: Sequence[MeasureLike],
    notes: Mapping[str, str] | None = None,
) -> Flowable:
    """Code, title, lead department, status, traffic light (colour and text), progress and a
    shortened comment of each measure; ``notes``: markup under a measure's title, by code."""
    tr = language.tr

    # the texts now (a text shown in German is counted as it is made), the paragraphs only
    # when a page needs them
    texts = [
        (
            measure,
            measure_title(language, measure) + (notes or {}).get(measure.code, ""),
            model_labels.traffic_light(tr, measure.traffic_light),
            language.free_text(measure.code, "comment", measure.comment, SHORT_COMMENT),
        )
        for measure in measures
    ]

    # a status or traffic light's cell is the same in every row that has it: one paragraph
    # (parsed and broken into lines once) drawn in each
    labels: dict[str, Cell] = {}

    def label(text: str) -> Cell:
        cell = labels.get(text)
        if cell is None:
            cell = labels[text] = Cell(text, styles.cell)
        return cell

    def row(text: tuple[MeasureLike, str, str, str]) -> Row:
        measure, title, light, comment = text
        lead = measure.lead_department
        cells = [
            measure.code,
            Cell(title, styles.cell),
            lead.code if lead else "–",
            label(model_labels.status(tr, measure.status)),
            label(light),
            language.percent(measure.progress),
            Cell(comment, styles.cell),
        ]
        row_styles: list[tuple[Any, ...]] = []
        if measure.traffic_light is not None:
            colour = TRAFFIC_BACKGROUND[measure.traffic_light]
            row_styles.append(("BACKGROUND", 4, 4, colour))
        repeat = {
            0: measure.code,
            1: lambda: continued(language, styles, title),
            4: lambda: Paragraph(light, styles.cell),
        }
        return Row(cells, row_styles, repeat)

    return grid(
        [header_cells(language, styles, MEASURE_COLUMNS)],
        MEASURE_WIDTHS,
        body=LazyRows(texts, row),
    )


def _names(items: Sequence[str]) -> str:
    return ", ".join(items) if items else "–"


def measure_details(language: ReportLanguage, styles: Styles, measure: Measure) -> list[Flowable]:
    """Every field of one measure as a two-column table, then its milestones and indicators;
    each names the measure where it goes on at the top of a page."""
    name = f"<b>{escape(measure.code)} – {measure_title(language, measure)}</b>"
    caption = continued(language, styles, name)
    rows: list[list[Any] | Row] = [
        Row(
            [Paragraph(escape(label), styles.cell_bold), Paragraph(value, styles.cell)],
            repeat={0: partial(continued, language, styles, escape(label))},
        )
        for label, value in _measure_fields(language, measure)
    ]
    story: list[Flowable] = [grid(rows, [38 * mm, 132 * mm], header_rows=0, caption=caption)]
    if measure.milestones:
        story.append(_milestones(language, styles, measure, caption))
    if measure.indicators:
        story.append(_indicators(language, styles, measure, caption))
    return story


def _measure_fields(language: ReportLanguage, measure: Measure) -> list[tuple[str, str]]:
    """(label, paragraph markup) of every field of ``measure``, in the fact sheet's order."""
    tr = language.tr
    _ = tr.gettext
    yes_no = _("yes") if measure.budget_reservation else _("no")
    lead = measure.lead_department
    section = measure.section
    partners = [
        language.text(f"partner {p.code}", {"de": p.name_de, "pl": p.name_pl, "cs": p.name_cs})
        for p in measure.partners
    ]
    status = model_labels.status(tr, measure.status)
    if measure.status_reason:
        reason = language.free_text(measure.code, "status_reason", measure.status_reason)
        status = f"{escape(status)} – {reason}"
    else:
        status = escape(status)
    fields: list[tuple[str, str]] = [
        (_("Code"), escape(measure.code)),
        (_("Title"), measure_title(language, measure)),
        (_("Description"), measure_description(language, measure)),
        (
            _("Instrument"),
            f"{measure.instrument.numeral} – {instrument_title(language, measure.instrument)}",
        ),
        (
            _("Section"),
            language.text(
                f"section {measure.instrument.numeral}.{section.code}",
                {"de": section.title_de, "pl": section.title_pl, "cs": section.title_cs},
            )
            if section
            else "–",
        ),
        (_("Lead department"), department_name(language, lead) if lead else "–"),
        (
            _("Participating departments"),
            _names([department_name(language, d) for d in measure.participating_departments]),
        ),
        (_("Goals"), _names([str(goal.number) for goal in measure.goals])),
        (_("Partners"), _names(partners)),
        (_("Status"), status),
        (_("Traffic light"), escape(model_labels.traffic_light(tr, measure.traffic_light))),
        (_("Progress"), language.percent(measure.progress)),
        (_("Start"), language.date(measure.start_date)),
        (_("End"), language.date(measure.end_date)),
        (_("Comment"), language.free_text(measure.code, "comment", measure.comment)),
        (_("Next steps"), language.free_text(measure.code, "next_steps", measure.next_steps)),
        (_("Budget reservation"), yes_no),
        (_("Planned budget"), language.money(measure.budget_planned_cents)),
        (_("Committed budget"), language.money(measure.budget_committed_cents)),
        (
            _("Contact"),
            escape(
                _names(
                    [
                        v
                        for v in (
                            measure.contact_name,
                            measure.contact_email,
                            measure.contact_phone,
                        )
                        if v
                    ]
                )
            ),
        ),
    ]
    return fields


def _milestones(
    language: ReportLanguage, styles: Styles, measure: Measure, caption: Paragraph
) -> Flowable:
    milestone_rows: list[list[Any]] = [
        header_cells(language, styles, (N_("Milestone"), N_("Due"), N_("Done")))
    ]
    milestone_rows += [
        [
            Paragraph(language.german_only(f"{measure.code} m{m.position}", m.title), styles.cell),
            language.date(m.due_date),
            language.date(m.done_date),
        ]
        for m in measure.milestones
    ]
    return grid(milestone_rows, [110 * mm, 30 * mm, 30 * mm], caption=caption, caption_at_top=True)


def _indicators(
    language: ReportLanguage, styles: Styles, measure: Measure, caption: Paragraph
) -> Flowable:
    indicator_rows: list[list[Any]] = [
        header_cells(
            language,
            styles,
            (N_("Indicator"), N_("Unit"), N_("Baseline"), N_("Target"), N_("Actual")),
        )
    ]
    indicator_rows += [
        [
            Paragraph(language.german_only(f"{measure.code} i{i.position}", i.name), styles.cell),
            Paragraph(language.german_only(f"{measure.code} u{i.position}", i.unit), styles.cell),
            language.number(i.baseline),
            language.number(i.target),
            language.number(i.actual),
        ]
        for i in measure.indicators
    ]
    widths = [70 * mm, 40 * mm, 20 * mm, 20 * mm, 20 * mm]
    return grid(indicator_rows, widths, caption=caption, caption_at_top=True)
