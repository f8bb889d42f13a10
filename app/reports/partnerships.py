"""The partnership evaluation report: cover, contents, summary, the matrix of partnerships and
criteria with the weighted results as a chart, one section per partnership (scores per
department and criterion, mean and spread, recommendations, the IMAG's conclusion); and the
short summary of the latest closed partnership round that the cabinet report includes.

Import this module only when a report is written: it loads ReportLab.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import N_, NP_, Message
from app.models import Round, RoundKind, RoundStatus
from app.partnerships.register import KIND_LABELS, RECOMMENDATION_LABELS, STATUS_LABELS
from app.partnerships.results import PartnershipResult, RoundResults
from app.reports import blocks, charts
from app.reports.common import contents_page, cover_closing_lines, fallback_note, para
from app.reports.content import ReportContent
from app.reports.document import cover

TITLE = N_("Evaluation of the regional partnerships")
SPREAD_BACKGROUND = colors.HexColor("#ffe082")
SPREAD_MARK = "*"
COMMENT_TEXT = 600


# -- which round ------------------------------------------------------------------------------


def latest_closed_round(session: Session) -> Round | None:
    """The partnership round closed last in ``session``'s register, if any."""
    closed = session.scalars(
        select(Round).where(
            Round.kind == RoundKind.PARTNERSHIPS, Round.status == RoundStatus.CLOSED
        )
    )
    ordered = sorted(closed, key=lambda r: (r.closed_at or "", r.id))
    return ordered[-1] if ordered else None


def spread_limit(results: RoundResults) -> int:
    """From which spread on the departments are said to disagree: half the scale, rounded up."""
    scale = results.criteria["scale"]
    return max(1, math.ceil((int(scale["max"]) - int(scale["min"])) / 2))


# -- small helpers ----------------------------------------------------------------------------


def _right_header(content: ReportContent, names: list[str], *, translate: bool = True) -> list[Any]:
    """Header cells over columns of numbers: right-aligned like the numbers below them."""
    style = ParagraphStyle("cell_bold_right", content.styles.cell_bold, alignment=TA_RIGHT)
    gettext = content.language.tr.gettext if translate else str
    return [Paragraph(escape(gettext(name)), style) for name in names]


def _subheading(content: ReportContent, text: str) -> Paragraph:
    style = ParagraphStyle(
        "subheading", content.styles.body, fontName="LiberationSans-Bold", spaceBefore=6
    )
    return Paragraph(escape(text), style)


def _decimal(content: ReportContent, value: float | None) -> str:
    return content.language.tr.number(None if value is None else round(value, 2), "0.0")


def _percent(content: ReportContent, value: float | None) -> str:
    return content.language.percent(round(value)) if value is not None else "–"


def partnership_name(content: ReportContent, result: PartnershipResult) -> str:
    names = {lang: result.names.get(f"name_{lang}") for lang in ("de", "pl", "cs")}
    return content.language.text(f"partnership {result.code}", names)


def criterion_name(content: ReportContent, criterion: dict[str, Any]) -> str:
    return content.language.text(
        f"criterion {criterion['code']}",
        {lang: criterion.get(f"name_{lang}") for lang in ("de", "pl", "cs")},
    )


def _recommendation(content: ReportContent, choice: str | None) -> str:
    if not choice:
        return "–"
    return content.language.tr.gettext(RECOMMENDATION_LABELS.get(choice, choice))


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
    language, styles = content.language, content.styles
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
                *NP_(
                    "{n} partnership was evaluated in this round by {departments}.",
                    "{n} partnerships were evaluated in this round by {departments}.",
                ),
                n=len(partnerships),
                departments=Message(*NP_("{n} department", "{n} departments"), n=len(departments)),
            ),
        )
    )
    story.append(
        para(
            content,
            Message(
                *NP_(
                    "{answered} of {n} assessment asked for has been returned.",
                    "{answered} of {n} assessments asked for have been returned.",
                ),
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

    story.append(content.heading(escape(_("Criteria and weights")), 1))
    rows: list[list[Any]] = [
        _right_header(content, [N_("No.")])
        + blocks.header_cells(language, styles, [N_("Criterion")])
        + _right_header(content, [N_("Weight")])
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

    story.append(content.heading(escape(_("Conclusions of the IMAG")), 1))
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
        + _right_header(content, [N_("Partnerships")])
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
        + _right_header(content, numbers, translate=False)
        + _right_header(content, [N_("Weighted result"), N_("Share of scale")])
    )
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
            value = _decimal(content, criterion.mean)
            if criterion.spread is not None and criterion.spread >= limit:
                value = f"{value}{SPREAD_MARK}"
                extra.append(
                    ("BACKGROUND", (column, row_index), (column, row_index), SPREAD_BACKGROUND)
                )
            cells.append(value)
        cells += [_decimal(content, result.weighted), _percent(content, result.weighted_percent)]
        rows.append(cells)
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
    labels = [_strip(partnership_name(content, r)) for r in results.partnerships]
    story.append(
        charts.result_bars(
            labels,
            [r.weighted_percent for r in results.partnerships],
            caption=_("Weighted result per partnership (share of the scale)"),
            value_label=lambda value: _percent(content, value),
        )
    )
    return story


def _strip(markup: str) -> str:
    import re
    from xml.sax.saxutils import unescape

    return unescape(re.sub(r"<[^>]+>", "", markup))


def _facts(content: ReportContent, result: PartnershipResult) -> str:
    language = content.language
    _ = language.tr.gettext
    parts = [
        _(KIND_LABELS.get(result.kind, result.kind)),
        _(STATUS_LABELS.get(result.status, result.status)),
    ]
    if result.since_year:
        parts.append(_("since {year}").format(year=result.since_year))
    return escape(" · ".join(parts))


def partnership_section(
    content: ReportContent, results: RoundResults, result: PartnershipResult
) -> list[Flowable]:
    language, styles = content.language, content.styles
    tr = language.tr
    _ = tr.gettext
    limit = spread_limit(results)
    criteria = results.criteria["criteria"]
    title = f"{partnership_name(content, result)} ({escape(result.code)})"
    story: list[Flowable] = [CondPageBreak(70 * mm), content.heading(title, 1)]
    story.append(Paragraph(_facts(content, result), styles.small))
    story.append(Spacer(1, 1.5 * mm))
    story.append(
        para(
            content,
            Message(
                N_(
                    "Departments asked: {asked}; answered: {answered}. Weighted result: "
                    "{weighted} ({percent} of the scale)."
                ),
                asked=", ".join(result.asked) or "–",
                answered=", ".join(result.answered) or "–",
                weighted=_decimal(content, result.weighted),
                percent=_percent(content, result.weighted_percent),
            ),
        )
    )
    departments = result.asked
    header = (
        blocks.header_cells(language, styles, [N_("Criterion")])
        + _right_header(content, [N_("Weight")])
        + list(departments)
        + _right_header(content, [N_("Mean"), N_("Spread")])
    )
    rows: list[list[Any]] = [header]
    extra: list[tuple[Any, ...]] = []
    last = len(departments) + 3
    for row_index, (criterion, frozen) in enumerate(
        zip(result.criteria, criteria, strict=True), start=1
    ):
        spread = "–" if criterion.spread is None else language.number(criterion.spread)
        if criterion.spread is not None and criterion.spread >= limit:
            spread = f"{spread}{SPREAD_MARK}"
            extra.append(("BACKGROUND", (last, row_index), (last, row_index), SPREAD_BACKGROUND))
        rows.append(
            [
                Paragraph(criterion_name(content, frozen), styles.cell),
                language.number(criterion.weight),
            ]
            + [language.number(criterion.scores.get(code)) for code in departments]
            + [_decimal(content, criterion.mean), spread]
        )
    department_width = min(16 * mm, 70 * mm / max(len(departments), 1))
    name_width = 170 * mm - 14 * mm - len(departments) * department_width - 2 * 15 * mm
    story.append(
        blocks.grid(
            rows,
            [name_width, 14 * mm] + [department_width] * len(departments) + [15 * mm] * 2,
            styles=[
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("FONTNAME", (last - 1, 1), (last - 1, -1), "LiberationSans-Bold"),
                *extra,
            ],
        )
    )

    comments = [
        (frozen, department, text)
        for criterion, frozen in zip(result.criteria, criteria, strict=True)
        for department, text in criterion.comments.items()
    ]
    if comments:
        story.append(Spacer(1, 3 * mm))
        rows = [
            blocks.header_cells(
                language, styles, [N_("Criterion"), N_("Department"), N_("Comment")]
            )
        ]
        for frozen, department, text in comments:
            rows.append(
                [
                    Paragraph(criterion_name(content, frozen), styles.cell),
                    department,
                    Paragraph(
                        language.german_only(
                            f"{result.code} {frozen['code']} {department} comment",
                            _shorten(text),
                        ),
                        styles.cell,
                    ),
                ]
            )
        story.append(blocks.grid(rows, [55 * mm, 18 * mm, 97 * mm]))

    story.append(_subheading(content, _("Recommendations of the departments")))
    counts = result.recommendation_counts()
    counted = [
        f"{_(RECOMMENDATION_LABELS[choice])}: {language.number(n)}"
        for choice, n in counts.items()
        if n
    ]
    if counted:
        story.append(Paragraph(escape(" · ".join(counted)), styles.body))
        rows = [
            blocks.header_cells(
                language, styles, [N_("Department"), N_("Recommendation"), N_("Comment")]
            )
        ]
        for department in departments:
            entry = result.recommendations.get(department)
            if entry is None:
                continue
            comment = entry.get("comment")
            rows.append(
                [
                    department,
                    Paragraph(escape(_recommendation(content, entry.get("choice"))), styles.cell),
                    Paragraph(
                        language.german_only(
                            f"{result.code} {department} recommendation",
                            _shorten(comment) if comment else None,
                        ),
                        styles.cell,
                    ),
                ]
            )
        story.append(blocks.grid(rows, [18 * mm, 55 * mm, 97 * mm]))
    else:
        story.append(para(content, _("No department has made a recommendation yet.")))

    story.append(_subheading(content, _("Conclusion of the IMAG")))
    conclusion = result.conclusion
    if conclusion is None:
        story.append(para(content, _("The IMAG has not concluded on this partnership yet.")))
    else:
        wording = conclusion.get("text")
        markup = f"<b>{escape(_recommendation(content, conclusion.get('recommendation')))}</b>"
        if wording:
            markup += " – " + language.german_only(f"{result.code} conclusion", wording)
        story.append(Paragraph(markup, styles.body))
    return story


def _shorten(text: str) -> str:
    return text if len(text) <= COMMENT_TEXT else text[:COMMENT_TEXT].rstrip() + " …"


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
        + _right_header(content, [N_("Weighted result"), N_("Largest spread")])
        + blocks.header_cells(language, styles, [N_("Conclusion")])
    ]
    for result in results.partnerships:
        conclusion = result.conclusion or {}
        choice = conclusion.get("recommendation")
        rows.append(
            [
                Paragraph(partnership_name(content, result), styles.cell),
                f"{_decimal(content, result.weighted)} "
                f"({_percent(content, result.weighted_percent)})",
                language.number(result.max_spread),
                Paragraph(
                    escape(_recommendation(content, choice) if choice else _("not concluded yet")),
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
