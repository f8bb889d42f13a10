"""The cabinet status report: cover, contents, summary, one section per instrument, changes,
annex."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Spacer

from app.i18n import N_, NP_, Message
from app.models import Status, TrafficLight
from app.models import labels as model_labels
from app.reports import blocks, changes_section, charts, fonts, partnerships, round_parts
from app.reports.common import contents_page, cover_closing_lines, fallback_note, para
from app.reports.content import ReportContent
from app.reports.grid import Cell, LazyRows, Row
from app.reports.records import MeasureLike

TITLE = N_("Status report to the cabinet")
TRAFFIC_ORDER = (TrafficLight.GREEN, TrafficLight.AMBER, TrafficLight.RED, None)


def _summary(content: ReportContent) -> list[Flowable]:
    language = content.language
    tr = language.tr
    _ = tr.gettext
    measures = content.measures
    story: list[Flowable] = [content.heading(escape(_("Summary")))]
    story.append(
        para(
            content,
            Message(
                *NP_(
                    "The register holds {n} measure of the strategy on {date}.",
                    "The register holds {n} measures of the strategy on {date}.",
                ),
                n=len(measures),
                date=language.date(content.reporting_date, style="long"),
            ),
        )
    )
    by_instrument: dict[str, list[MeasureLike]] = {i.numeral: [] for i in content.instruments}
    for measure in measures:
        by_instrument.setdefault(measure.instrument.numeral, []).append(measure)
    story += _per_status(content, by_instrument)
    story += _per_traffic_light(content, by_instrument)
    story += _completeness(content)
    return story


def _per_status(
    content: ReportContent, by_instrument: dict[str, list[MeasureLike]]
) -> list[Flowable]:
    """Measures per status and instrument: a table and a chart."""
    language, styles = content.language, content.styles
    tr = language.tr
    _ = tr.gettext
    measures = content.measures
    statuses = list(Status)
    story: list[Flowable] = []
    story.append(content.heading(escape(_("Measures per status and instrument")), 1))
    status_names = [model_labels.status(tr, s) for s in statuses]
    rows: list[list[Any]] = [
        blocks.header_cells(language, styles, [N_("Instrument")])
        + [Paragraph(escape(name), styles.header_for(language.lang)) for name in status_names]
        + blocks.header_cells(language, styles, [N_("Total")])
    ]
    for numeral, group in by_instrument.items():
        counts = Counter(m.status for m in group)
        rows.append(
            [numeral]
            + [language.number(counts.get(s, 0)) for s in statuses]
            + [language.number(len(group))]
        )
    totals = Counter(m.status for m in measures)
    rows.append(
        [_("Total")]
        + [language.number(totals.get(s, 0)) for s in statuses]
        + [language.number(len(measures))]
    )
    widths = [22 * mm] + [20 * mm] * len(statuses) + [18 * mm]
    last = len(rows) - 1
    story.append(
        blocks.grid(
            rows,
            widths,
            styles=[
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("FONTNAME", (0, last), (-1, last), "LiberationSans-Bold"),
            ],
        )
    )
    story.append(Spacer(1, 4 * mm))
    story.append(
        charts.status_bars(
            status_names,
            [totals.get(s, 0) for s in statuses],
            caption=_("Measures per status"),
        )
    )
    return story


def _per_traffic_light(
    content: ReportContent, by_instrument: dict[str, list[MeasureLike]]
) -> list[Flowable]:
    """Traffic lights per instrument: a table with coloured headers and a chart."""
    language, styles = content.language, content.styles
    tr = language.tr
    _ = tr.gettext
    story: list[Flowable] = []
    story.append(CondPageBreak(80 * mm))
    story.append(content.heading(escape(_("Traffic lights per instrument")), 1))
    light_names = [model_labels.traffic_light(tr, light) for light in TRAFFIC_ORDER[:3]]
    light_names.append(_("no traffic light"))
    rows = [
        blocks.header_cells(language, styles, [N_("Instrument")])
        + [Paragraph(escape(name), styles.header_for(language.lang)) for name in light_names]
        + blocks.header_cells(language, styles, [N_("Total")])
    ]
    series: list[list[int]] = [[] for _light in TRAFFIC_ORDER]
    for numeral, group in by_instrument.items():
        counts_light = Counter(m.traffic_light for m in group)
        for index, light in enumerate(TRAFFIC_ORDER):
            series[index].append(counts_light.get(light, 0))
        rows.append(
            [numeral]
            + [language.number(counts_light.get(light, 0)) for light in TRAFFIC_ORDER]
            + [language.number(len(group))]
        )
    colour_styles = [
        ("BACKGROUND", (index + 1, 0), (index + 1, 0), blocks.TRAFFIC_BACKGROUND[light])
        for index, light in enumerate(TRAFFIC_ORDER[:3])
        if light is not None
    ]
    story.append(
        blocks.grid(
            rows,
            [30 * mm] + [28 * mm] * 4 + [28 * mm],
            styles=[("ALIGN", (1, 1), (-1, -1), "RIGHT"), *colour_styles],
        )
    )
    story.append(Spacer(1, 4 * mm))
    story.append(
        charts.traffic_light_bars(
            list(by_instrument),
            series,
            light_names,
            caption=_("Traffic lights per instrument"),
        )
    )
    return story


def _completeness(content: ReportContent) -> list[Flowable]:
    language, styles = content.language, content.styles
    _ = language.tr.gettext
    story: list[Flowable] = [content.heading(escape(_("Completeness of returns")), 1)]
    completeness = content.completeness
    if completeness is None:
        story.append(
            para(
                content,
                _(
                    "There is no evaluation round in the register yet, so there are no "
                    "departments' returns to count."
                ),
            )
        )
        return story
    # "x of n" with no noun or verb after the count: every language can agree with it
    departments = Message(
        N_("Departments that have sent their return: {returned} of {n}"),
        returned=completeness.departments_returned,
        n=completeness.departments_expected,
    )
    story.append(
        round_parts.returns_line(
            content, departments, completeness.measures_returned, completeness.measures_expected
        )
    )
    if not completeness.departments:
        return story
    rows: list[list[Any]] = [
        blocks.header_cells(
            language,
            styles,
            [N_("Code"), N_("Department"), N_("Measures asked for"), N_("Answered"), N_("State")],
        )
    ]
    for row in completeness.departments:
        name = language.text(f"department {row.code}", row.names)
        rows.append(
            [
                row.code,
                Paragraph(name, styles.cell),
                language.number(row.expected),
                language.number(row.returned),
                Paragraph(escape(round_parts.return_state(content, row)), styles.cell),
            ]
        )
    story.append(
        blocks.grid(
            rows,
            [18 * mm, 82 * mm, 24 * mm, 22 * mm, 24 * mm],
            styles=[("ALIGN", (2, 1), (3, -1), "RIGHT")],
        )
    )
    return story + round_parts.unanswered(content)


def _instrument_sections(content: ReportContent) -> list[Flowable]:
    language, styles = content.language, content.styles
    _ = language.tr.gettext
    story: list[Flowable] = []
    notes = round_parts.unanswered_notes(content)
    for instrument in content.instruments:
        group = [m for m in content.measures if m.instrument_id == instrument.id]
        title = _("Instrument {numeral}: {title}").format(
            numeral=escape(instrument.numeral), title=blocks.instrument_title(language, instrument)
        )
        story += [PageBreak(), content.heading(title)]
        story.append(para(content, Message(*NP_("{n} measure", "{n} measures"), n=len(group))))
        if not group:
            continue
        if instrument.sections:
            for section in instrument.sections:
                members = [m for m in group if m.section_id == section.id]
                section_title = language.text(
                    f"section {instrument.numeral}.{section.code}",
                    {"de": section.title_de, "pl": section.title_pl, "cs": section.title_cs},
                )
                story.append(content.heading(f"{escape(section.code)}. {section_title}", 1))
                story.append(blocks.measure_table(language, styles, members, notes))
            rest = [m for m in group if m.section_id is None]
            if rest:
                story.append(blocks.measure_table(language, styles, rest, notes))
        else:
            story.append(blocks.measure_table(language, styles, group, notes))
        story += round_parts.next_steps(content, group)
    return story


def annex(
    content: ReportContent, *, budget: bool = True, departments: bool = True
) -> list[Flowable]:
    language, styles = content.language, content.styles
    _ = language.tr.gettext
    story: list[Flowable] = [PageBreak(), content.heading(escape(_("Annex")))]
    if budget:
        story.append(content.heading(escape(_("Measures under budget reservation")), 1))
        reserved = [m for m in content.measures if m.budget_reservation]
        story.append(
            para(
                content,
                Message(
                    *NP_(
                        "{n} measure stands under the budget reservation.",
                        "{n} measures stand under the budget reservation.",
                    ),
                    n=len(reserved),
                ),
            )
        )
        if reserved:
            story.append(_reserved_table(content, reserved))
    if departments:
        story.append(content.heading(escape(_("Departments")), 1))
        led = Counter(m.lead_department.code for m in content.measures if m.lead_department)
        rows = [blocks.header_cells(language, styles, [N_("Code"), N_("Name"), N_("Measures led")])]
        rows += [
            [
                d.code,
                Paragraph(blocks.department_name(language, d), styles.cell),
                language.number(led.get(d.code, 0)),
            ]
            for d in content.departments
            if not d.retired or led.get(d.code)
        ]
        story.append(
            blocks.grid(
                rows, [20 * mm, 120 * mm, 30 * mm], styles=[("ALIGN", (2, 1), (2, -1), "RIGHT")]
            )
        )
    story += fallback_note(content)
    return story


def _reserved_table(content: ReportContent, reserved: list[MeasureLike]) -> Flowable:
    """The measures under budget reservation and their total, the rows made when a page needs
    them (a table of thousands)."""
    language, styles = content.language, content.styles
    total = [
        "",
        language.tr.gettext("Total"),
        language.money(sum(m.budget_planned_cents or 0 for m in reserved)),
        language.money(sum(m.budget_committed_cents or 0 for m in reserved)),
    ]
    texts: list[list[str]] = [
        [
            m.code,
            blocks.measure_title(language, m),
            language.money(m.budget_planned_cents),
            language.money(m.budget_committed_cents),
        ]
        for m in reserved
    ]

    def row(cells: list[str] | None) -> Row:
        if cells is None:
            return Row(list(total), [("FONTNAME", 0, -1, fonts.BOLD)])
        code, title, planned, committed = cells
        return Row([code, Cell(title, styles.cell), planned, committed])

    header = blocks.header_cells(
        language, styles, [N_("Code"), N_("Title"), N_("Planned budget"), N_("Committed budget")]
    )
    return blocks.grid(
        [header],
        [16 * mm, 98 * mm, 28 * mm, 28 * mm],
        styles=[("ALIGN", (2, 1), (-1, -1), "RIGHT")],
        body=LazyRows([*texts, None], row),
    )


def _cover_lines(content: ReportContent) -> list[str]:
    language = content.language
    _ = language.tr.gettext
    lines = [escape(content.strategy_title)]
    info = content.round
    if info is not None:
        lines.append(escape(_("Evaluation round: {name}").format(name=info.name)))
        if info.period_start and info.period_end:
            lines.append(
                escape(
                    _("Reporting period: {start} – {end}").format(
                        start=language.date(info.period_start, style="long"),
                        end=language.date(info.period_end, style="long"),
                    )
                )
            )
    return lines + cover_closing_lines(content)


def story(content: ReportContent, *, since: dt.date | None) -> list[Flowable]:
    from app.reports.document import cover

    title = escape(content.language.tr.gettext(TITLE))
    parts: list[Flowable] = cover(content.styles, title=title, lines=_cover_lines(content))
    parts += contents_page(content)
    parts += round_parts.editorial(content, "intro")
    parts += _summary(content)
    parts += round_parts.editorial(content, "assessment")
    parts += _instrument_sections(content)
    parts += changes_section.section(content, since)
    if content.partnership_results is not None:
        parts += partnerships.cabinet_section(content, content.partnership_results)
    parts += annex(content)
    return parts
