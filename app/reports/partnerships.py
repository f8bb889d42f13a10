"""The partnership evaluation report: cover, contents, summary, the matrix of partnerships and
criteria with the weighted results as a chart, one section per partnership (scores per
department and criterion, mean and spread, recommendations, the IMAG's conclusion); and the
short summary of the latest closed partnership round that the cabinet report includes.

Import this module only when a report is written: it loads ReportLab.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import N_, NP_, Message
from app.models import Round, RoundStatus
from app.partnerships.register import RECOMMENDATION_LABELS
from app.partnerships.results import RoundResults
from app.reports import blocks, charts
from app.reports.common import contents_page, cover_closing_lines, fallback_note, para
from app.reports.content import ReportContent
from app.reports.document import cover
from app.reports.partnership_parts import (
    SPREAD_BACKGROUND,
    SPREAD_MARK,
    criterion_name,
    decimal,
    partnership_name,
    percent,
    recommendation,
    right_header,
    spread_limit,
    strip_markup,
)
from app.reports.partnership_section import partnership_section
from app.reports.request import ReportKind
from app.rounds.kinds import reported_in

TITLE = N_("Evaluation of the regional partnerships")


# -- which round ------------------------------------------------------------------------------


def latest_closed_round(session: Session) -> Round | None:
    """The partnership round closed last in ``session``'s register, if any."""
    closed = session.scalars(
        select(Round).where(
            Round.kind.in_(reported_in(ReportKind.PARTNERSHIPS.value)),
            Round.status == RoundStatus.CLOSED,
        )
    )
    ordered = sorted(closed, key=lambda r: (r.closed_at or "", r.id))
    return ordered[-1] if ordered else None


def _scale_line(content: ReportContent, results: RoundResults) -> str:
    language = content.language
    document = results.criteria
    labels = []
    for entry in document.get("scale_labels") or []:
        label = language.text(
            f"scale {entry['value']}", {lang: entry.get(lang) for lang in ("de", "pl", "cs")}
        )
        labels.append(f"{language.number(entry['value'])} = {label}" if label else "")
    scale = document["scale"]
    text = escape(
        language.tr.gettext("Scale: {low} (lowest) to {high} (highest).").format(
            low=language.number(scale["min"]), high=language.number(scale["max"])
        )
    )
    labelled = "; ".join(label for label in labels if label)
    return f"{text} {labelled}" if labelled else text


# -- the report -------------------------------------------------------------------------------


def _cover_lines(content: ReportContent, results: RoundResults) -> list[str]:
    language = content.language
    _ = language.tr.gettext
    document = results.criteria
    set_name = language.text(
        f"criteria set {document['code']}",
        {lang: document.get(f"name_{lang}") for lang in ("de", "pl", "cs")},
    )
    lines = [
        escape(content.strategy_title),
        escape(_("Partnership round: {name}").format(name=results.name)),
        escape(_("Criteria: {name}")).format(name=set_name),
    ]
    return lines + cover_closing_lines(content)


def _summary(content: ReportContent, results: RoundResults) -> list[Flowable]:
    language = content.language
    _ = language.tr.gettext
    document = results.criteria
    partnerships = results.partnerships
    departments = sorted({d for p in partnerships for d in p.asked})
    asked = sum(len(p.asked) for p in partnerships)
    answered = sum(len(p.answered) for p in partnerships)
    story: list[Flowable] = [content.heading(escape(_("Summary")))]
    story.append(
        para(
            content,
            Message(
                N_(
                    "Partnerships evaluated in this round: {evaluated} of {n}; "
                    "departments asked: {departments}."
                ),
                evaluated=sum(1 for p in partnerships if p.answered),
                n=len(partnerships),
                departments=len(departments),
            ),
        )
    )
    story.append(
        para(
            content,
            Message(
                N_("Assessments returned: {answered}; asked for: {n}."),
                answered=answered,
                n=asked,
            ),
        )
    )
    if document.get("proposal"):
        story.append(
            para(
                content,
                _("The criteria are a proposal that the state government has not yet decided on."),
            )
        )

    story += _criteria(content, results)
    story += _conclusions(content, results)
    return story


def _criteria(content: ReportContent, results: RoundResults) -> list[Flowable]:
    """The criteria with their weights, and the scale."""
    language, styles = content.language, content.styles
    _ = language.tr.gettext
    document = results.criteria
    story: list[Flowable] = [content.heading(escape(_("Criteria and weights")), 1)]
    rows: list[list[Any]] = [
        right_header(content, [N_("No.")])
        + blocks.header_cells(language, styles, [N_("Criterion")])
        + right_header(content, [N_("Weight")])
    ]
    for number, criterion in enumerate(document["criteria"], start=1):
        rows.append(
            [
                language.number(number),
                Paragraph(criterion_name(content, criterion), styles.cell),
                language.number(criterion["weight"]),
            ]
        )
    story.append(
        blocks.grid(
            rows,
            [14 * mm, 136 * mm, 20 * mm],
            styles=[("ALIGN", (2, 1), (2, -1), "RIGHT"), ("ALIGN", (0, 1), (0, -1), "RIGHT")],
        )
    )
    story.append(Spacer(1, 2 * mm))
    story.append(Paragraph(_scale_line(content, results), styles.small))
    return story


def _conclusions(content: ReportContent, results: RoundResults) -> list[Flowable]:
    """How many partnerships the IMAG concluded on, and how."""
    language, styles = content.language, content.styles
    _ = language.tr.gettext
    partnerships = results.partnerships
    story: list[Flowable] = [content.heading(escape(_("Conclusions of the IMAG")), 1)]
    counts = dict.fromkeys(RECOMMENDATION_LABELS, 0)
    open_ = 0
    for result in partnerships:
        choice = (result.conclusion or {}).get("recommendation")
        if choice in counts:
            counts[choice] += 1
        else:
            open_ += 1
    rows = [
        blocks.header_cells(language, styles, [N_("Conclusion")])
        + right_header(content, [N_("Partnerships")])
    ]
    rows += [
        [Paragraph(escape(_(label)), styles.cell), language.number(counts[key])]
        for key, label in RECOMMENDATION_LABELS.items()
    ]
    rows.append([Paragraph(escape(_("not concluded yet")), styles.cell), language.number(open_)])
    story.append(
        blocks.grid(rows, [80 * mm, 30 * mm], styles=[("ALIGN", (1, 1), (1, -1), "RIGHT")])
    )
    return story


def matrix(content: ReportContent, results: RoundResults) -> list[Flowable]:
    """Partnerships × criteria: the mean score per cell (marked where the departments disagree),
    the weighted result and its share of the scale."""
    language, styles = content.language, content.styles
    _ = language.tr.gettext
    limit = spread_limit(results)
    criteria = results.criteria["criteria"]
    numbers = [language.number(n) for n in range(1, len(criteria) + 1)]
    header = (
        blocks.header_cells(language, styles, [N_("Partnership")])
        + right_header(content, numbers, translate=False)
        + right_header(content, [N_("Weighted result"), N_("Share of scale")])
    )
    rows, extra = _matrix_rows(content, results, header)
    count = len(criteria)
    name_width = 170 * mm - count * 13 * mm - 2 * 20 * mm
    widths = [name_width] + [13 * mm] * count + [20 * mm, 20 * mm]
    story: list[Flowable] = [
        content.heading(escape(_("Results per partnership and criterion"))),
        para(
            content,
            _(
                "Mean score of the departments per criterion (columns numbered as in the list "
                "of criteria), the weighted result on the scale and as a share of the scale."
            ),
        ),
        blocks.grid(
            rows,
            widths,
            styles=[
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("FONTNAME", (count + 1, 1), (count + 1, -1), "LiberationSans-Bold"),
                *extra,
            ],
        ),
        Spacer(1, 2 * mm),
        Paragraph(
            escape(
                language.tr.render(
                    Message(
                        *NP_(
                            "{mark} The departments' scores differ by {n} point or more (spread).",
                            "{mark} The departments' scores differ by {n} points or more (spread).",
                        ),
                        mark=SPREAD_MARK,
                        n=limit,
                    )
                )
            ),
            styles.small,
        ),
        Spacer(1, 5 * mm),
        CondPageBreak(60 * mm),
    ]
    labels = [strip_markup(partnership_name(content, r)) for r in results.partnerships]
    story.append(
        charts.result_bars(
            labels,
            [r.weighted_percent for r in results.partnerships],
            caption=_("Weighted result per partnership (share of the scale)"),
            value_label=lambda value: percent(content, value),
        )
    )
    return story


def _matrix_rows(
    content: ReportContent, results: RoundResults, header: list[Any]
) -> tuple[list[list[Any]], list[tuple[Any, ...]]]:
    """The matrix's rows under ``header``, and the style commands that mark wide spreads."""
    styles = content.styles
    limit = spread_limit(results)
    rows: list[list[Any]] = [header]
    extra: list[tuple[Any, ...]] = []
    for row_index, result in enumerate(results.partnerships, start=1):
        cells: list[Any] = [
            Paragraph(
                f"{partnership_name(content, result)} "
                f'<font color="#5f6368" size="6.5">{escape(result.code)}</font>',
                styles.cell,
            )
        ]
        for column, criterion in enumerate(result.criteria, start=1):
            value = decimal(content, criterion.mean)
            if criterion.spread is not None and criterion.spread >= limit:
                value = f"{value}{SPREAD_MARK}"
                extra.append(
                    ("BACKGROUND", (column, row_index), (column, row_index), SPREAD_BACKGROUND)
                )
            cells.append(value)
        cells += [decimal(content, result.weighted), percent(content, result.weighted_percent)]
        rows.append(cells)
    return rows, extra


def story(content: ReportContent, results: RoundResults) -> list[Flowable]:
    language = content.language
    _ = language.tr.gettext
    parts: list[Flowable] = cover(
        content.styles, title=escape(_(TITLE)), lines=_cover_lines(content, results)
    )
    parts += contents_page(content)
    parts += _summary(content, results)
    parts += [PageBreak(), *matrix(content, results)]
    parts += [PageBreak(), content.heading(escape(_("The partnerships one by one")))]
    if not results.partnerships:
        parts.append(para(content, _("No partnership is in this round's scope.")))
    for result in results.partnerships:
        parts += partnership_section(content, results, result)
    if language.lang != "de":
        parts += [PageBreak(), content.heading(escape(_("Annex")))]
        parts += fallback_note(content)
    return parts


# -- the cabinet report's section --------------------------------------------------------------


def cabinet_section(content: ReportContent, results: RoundResults) -> list[Flowable]:
    """A short account of a closed partnership round for the cabinet report."""
    language, styles = content.language, content.styles
    _ = language.tr.gettext
    story: list[Flowable] = [
        PageBreak(),
        content.heading(escape(_("Evaluation of the regional partnerships"))),
    ]
    closed = results.closed_at
    story.append(
        para(
            content,
            Message(
                *NP_(
                    "Partnership round “{round}”, closed on {date}: {n} partnership evaluated "
                    "{criteria}.",
                    "Partnership round “{round}”, closed on {date}: {n} partnerships evaluated "
                    "{criteria}.",
                ),
                round=results.name,
                date=language.date(
                    dt.date.fromisoformat(closed[:10]) if closed else None, style="long"
                ),
                n=len(results.partnerships),
                criteria=Message(
                    *NP_("against {n} criterion", "against {n} criteria"),
                    n=len(results.criteria["criteria"]),
                ),
            ),
        )
    )
    rows: list[list[Any]] = [
        blocks.header_cells(language, styles, [N_("Partnership")])
        + right_header(content, [N_("Weighted result"), N_("Largest spread")])
        + blocks.header_cells(language, styles, [N_("Conclusion")])
    ]
    for result in results.partnerships:
        conclusion = result.conclusion or {}
        choice = conclusion.get("recommendation")
        rows.append(
            [
                Paragraph(partnership_name(content, result), styles.cell),
                f"{decimal(content, result.weighted)} "
                f"({percent(content, result.weighted_percent)})",
                language.number(result.max_spread),
                Paragraph(
                    escape(recommendation(content, choice) if choice else _("not concluded yet")),
                    styles.cell,
                ),
            ]
        )
    story.append(
        blocks.grid(
            rows,
            [70 * mm, 30 * mm, 22 * mm, 48 * mm],
            styles=[("ALIGN", (1, 1), (2, -1), "RIGHT")],
        )
    )
    story.append(Spacer(1, 2 * mm))
    story.append(
        Paragraph(
            escape(
                _(
                    "The partnership evaluation report gives every department's scores, "
                    "recommendations and comments."
                )
            ),
            styles.small,
        )
    )
    return story
