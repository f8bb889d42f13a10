"""The cabinet status report: cover, contents, summary, one section per instrument, changes,
annex."""

from __future__ import annotations

from collections import Counter
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Spacer

from app.i18n import N_, NP_, Message
from app.models import Measure, Status, TrafficLight
from app.models import labels as model_labels
from app.reports import blocks, charts, rounds
from app.reports.content import ReportContent
from app.reports.document import table_of_contents
from app.reports.formatting import LANGUAGE_NAMES

TITLE = N_("Status report to the cabinet")
TRAFFIC_ORDER = (TrafficLight.GREEN, TrafficLight.AMBER, TrafficLight.RED, None)


def contents_page(content: ReportContent) -> list[Flowable]:
    _ = content.language.tr.gettext
    return [
        content.heading(escape(_("Contents"))),
        table_of_contents(content.styles),
        PageBreak(),
    ]


def _para(content: ReportContent, message: Message | str) -> Paragraph:
    return Paragraph(escape(content.language.tr.render(message)), content.styles.body)


def _summary(content: ReportContent) -> list[Flowable]:
    language, styles = content.language, content.styles
    tr = language.tr
    _ = tr.gettext
    measures = content.measures
    story: list[Flowable] = [content.heading(escape(_("Summary")))]
    story.append(
        _para(
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
    statuses = list(Status)
    by_instrument: dict[str, list[Measure]] = {i.numeral: [] for i in content.instruments}
    for measure in measures:
        by_instrument.setdefault(measure.instrument.numeral, []).append(measure)

    story.append(content.heading(escape(_("Measures per status and instrument")), 1))
    status_names = [model_labels.status(tr, s) for s in statuses]
    rows: list[list[Any]] = [
        blocks.header_cells(language, styles, [N_("Instrument")])
        + [Paragraph(escape(name), styles.cell_bold) for name in status_names]
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

    story.append(CondPageBreak(80 * mm))
    story.append(content.heading(escape(_("Traffic lights per instrument")), 1))
    light_names = [model_labels.traffic_light(tr, light) for light in TRAFFIC_ORDER[:3]]
    light_names.append(_("no traffic light"))
    rows = [
        blocks.header_cells(language, styles, [N_("Instrument")])
        + [Paragraph(escape(name), styles.cell_bold) for name in light_names]
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

    story.append(content.heading(escape(_("Completeness of returns")), 1))
    completeness = rounds.returns_completeness(content.session)
    if completeness is None:
        story.append(
            _para(
                content,
                _(
                    "Evaluation rounds are not available yet, so there are no departments' "
                    "returns to count. Once rounds exist, their completeness is shown here."
                ),
            )
        )
    else:  # pragma: no cover - rounds do not exist yet
        story.append(
            _para(
                content,
                Message(
                    N_("{returned} of {expected} departments have sent their return."),
                    returned=completeness.departments_returned,
                    expected=completeness.departments_expected,
                ),
            )
        )
    return story


def _instrument_sections(content: ReportContent) -> list[Flowable]:
    language, styles = content.language, content.styles
    _ = language.tr.gettext
    story: list[Flowable] = []
    for instrument in content.instruments:
        group = [m for m in content.measures if m.instrument_id == instrument.id]
        title = _("Instrument {numeral}: {title}").format(
            numeral=escape(instrument.numeral), title=blocks.instrument_title(language, instrument)
        )
        story += [PageBreak(), content.heading(title)]
        story.append(_para(content, Message(*NP_("{n} measure", "{n} measures"), n=len(group))))
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
                story.append(blocks.measure_table(language, styles, members))
            rest = [m for m in group if m.section_id is None]
            if rest:
                story.append(blocks.measure_table(language, styles, rest))
        else:
            story.append(blocks.measure_table(language, styles, group))
    return story


def _changes(content: ReportContent, since: Any) -> list[Flowable]:
    language, styles = content.language, content.styles
    _ = language.tr.gettext
    if since is None:
        return [
            PageBreak(),
            content.heading(escape(_("Changes since the previous round"))),
            _para(
                content,
                _(
                    "There is no previous evaluation round or report to compare with yet. "
                    "Choose a start date to list the changes recorded in the register's audit "
                    "trail since then."
                ),
            ),
        ]
    events = content.measure_events(since=since)
    story: list[Flowable] = [
        PageBreak(),
        content.heading(
            escape(_("Changes since {date}").format(date=language.date(since, style="long")))
        ),
        _para(
            content,
            Message(
                *NP_(
                    "The audit trail records {n} change to measures in this period.",
                    "The audit trail records {n} changes to measures in this period.",
                ),
                n=len(events),
            ),
        ),
    ]
    if events:
        story.append(blocks.change_table(language, styles, events, with_code=True))
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
            _para(
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
            rows: list[list[Any]] = [
                blocks.header_cells(
                    language,
                    styles,
                    [N_("Code"), N_("Title"), N_("Planned budget"), N_("Committed budget")],
                )
            ]
            rows += [
                [
                    m.code,
                    Paragraph(blocks.measure_title(language, m), styles.cell),
                    language.money(m.budget_planned_cents),
                    language.money(m.budget_committed_cents),
                ]
                for m in reserved
            ]
            rows.append(
                [
                    "",
                    _("Total"),
                    language.money(sum(m.budget_planned_cents or 0 for m in reserved)),
                    language.money(sum(m.budget_committed_cents or 0 for m in reserved)),
                ]
            )
            last = len(rows) - 1
            story.append(
                blocks.grid(
                    rows,
                    [16 * mm, 98 * mm, 28 * mm, 28 * mm],
                    styles=[
                        ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
                        ("FONTNAME", (0, last), (-1, last), "LiberationSans-Bold"),
                    ],
                )
            )
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


def fallback_note(content: ReportContent) -> list[Flowable]:
    """The count of texts shown in German. Call it last: every text is turned into markup (and
    counted) when the story is put together, before layout."""
    language = content.language
    _ = language.tr.gettext
    if language.lang == "de":
        return []  # the register's texts are German: nothing to fall back from
    message = Message(
        *NP_(
            "{n} text has no translation into this language yet and is shown in German, "
            "marked “{mark}”.",
            "{n} texts have no translation into this language yet and are shown in German, "
            "marked “{mark}”.",
        ),
        n=len(language.fallbacks),
        mark=language.mark,
    )
    return [
        content.heading(escape(_("Texts without translation")), 1),
        _para(content, message),
    ]


def story(content: ReportContent, *, since: Any, round_name: str | None) -> list[Flowable]:
    language = content.language
    _ = language.tr.gettext
    del round_name  # rounds do not exist yet: refused before the report is built
    from app.reports.document import cover

    lines = [
        escape(content.strategy_title),
        escape(
            _("Reporting date: {date}").format(
                date=language.date(content.reporting_date, style="long")
            )
        ),
        escape(_("Language: {language}").format(language=_(LANGUAGE_NAMES[language.lang]))),
        escape(_("Interministerial working group “Internationales” (IMAG)")),
    ]
    parts: list[Flowable] = cover(content.styles, title=escape(_(TITLE)), lines=lines)
    parts += contents_page(content)
    parts += _summary(content)
    parts += _instrument_sections(content)
    parts += _changes(content, since)
    parts += annex(content)
    return parts
