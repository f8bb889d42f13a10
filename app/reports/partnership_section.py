"""One partnership's section of the partnership evaluation report: its facts, the scores per
criterion and department with mean and spread, the departments' comments and recommendations,
and the IMAG's conclusion.

Import this module only when a report is written: it loads ReportLab.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from app.i18n import N_, Message
from app.partnerships.register import RECOMMENDATION_LABELS
from app.partnerships.results import PartnershipResult, RoundResults
from app.reports import blocks
from app.reports.common import para
from app.reports.content import ReportContent
from app.reports.partnership_parts import (
    SPREAD_BACKGROUND,
    SPREAD_MARK,
    criterion_name,
    decimal,
    facts,
    partnership_name,
    percent,
    recommendation,
    right_header,
    shorten,
    spread_limit,
    subheading,
)


def partnership_section(
    content: ReportContent, results: RoundResults, result: PartnershipResult
) -> list[Flowable]:
    styles = content.styles
    title = f"{partnership_name(content, result)} ({escape(result.code)})"
    story: list[Flowable] = [CondPageBreak(70 * mm), content.heading(title, 1)]
    story.append(Paragraph(facts(content, result), styles.small))
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
                weighted=decimal(content, result.weighted),
                percent=percent(content, result.weighted_percent),
            ),
        )
    )
    # a table going on over a page break names the partnership again above its continuation
    caption = blocks.continued(content.language, styles, f"<b>{title}</b>")
    story += _scores(content, results, result, caption)
    story += _comments(content, results, result, caption)
    story += _recommendations(content, result, caption)
    story += _conclusion(content, result)
    return story


def _scores(
    content: ReportContent, results: RoundResults, result: PartnershipResult, caption: Flowable
) -> list[Flowable]:
    """Criteria x departments: the scores, the weight, the mean and the spread (marked where the
    departments disagree)."""
    language, styles = content.language, content.styles
    limit = spread_limit(results)
    criteria = results.criteria["criteria"]
    departments = result.asked
    header = (
        blocks.header_cells(language, styles, [N_("Criterion")])
        + right_header(content, [N_("Weight")])
        + list(departments)
        + right_header(content, [N_("Mean"), N_("Spread")])
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
            + [decimal(content, criterion.mean), spread]
        )
    department_width = min(16 * mm, 70 * mm / max(len(departments), 1))
    name_width = 170 * mm - 14 * mm - len(departments) * department_width - 2 * 15 * mm
    return [
        blocks.grid(
            rows,
            [name_width, 14 * mm] + [department_width] * len(departments) + [15 * mm] * 2,
            styles=[
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("FONTNAME", (last - 1, 1), (last - 1, -1), "LiberationSans-Bold"),
                *extra,
            ],
            caption=caption,
        )
    ]


def _comments(
    content: ReportContent, results: RoundResults, result: PartnershipResult, caption: Flowable
) -> list[Flowable]:
    """The departments' comments on their scores, per criterion."""
    language, styles = content.language, content.styles
    criteria = results.criteria["criteria"]
    story: list[Flowable] = []
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
                            shorten(text),
                        ),
                        styles.cell,
                    ),
                ]
            )
        story.append(blocks.grid(rows, [55 * mm, 18 * mm, 97 * mm], caption=caption))
    return story


def _recommendations(
    content: ReportContent, result: PartnershipResult, caption: Flowable
) -> list[Flowable]:
    """How many departments recommend what, and each department's recommendation."""
    language, styles = content.language, content.styles
    _ = language.tr.gettext
    departments = result.asked
    story: list[Flowable] = [subheading(content, _("Recommendations of the departments"))]
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
                    Paragraph(escape(recommendation(content, entry.get("choice"))), styles.cell),
                    Paragraph(
                        language.german_only(
                            f"{result.code} {department} recommendation",
                            shorten(comment) if comment else None,
                        ),
                        styles.cell,
                    ),
                ]
            )
        story.append(blocks.grid(rows, [18 * mm, 55 * mm, 97 * mm], caption=caption))
    else:
        story.append(para(content, _("No department has made a recommendation yet.")))
    return story


def _conclusion(content: ReportContent, result: PartnershipResult) -> list[Flowable]:
    """The IMAG's conclusion on the partnership, or that there is none yet."""
    language, styles = content.language, content.styles
    _ = language.tr.gettext
    story: list[Flowable] = [subheading(content, _("Conclusion of the IMAG"))]
    conclusion = result.conclusion
    if conclusion is None:
        story.append(para(content, _("The IMAG has not concluded on this partnership yet.")))
    else:
        wording = conclusion.get("text")
        markup = f"<b>{escape(recommendation(content, conclusion.get('recommendation')))}</b>"
        if wording:
            markup += " – " + language.german_only(f"{result.code} conclusion", wording)
        story.append(Paragraph(markup, styles.body))
    return story
