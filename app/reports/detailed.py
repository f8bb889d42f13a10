"""The department report (its measures in full detail) and the measure fact sheet."""

from __future__ import annotations

from collections import Counter
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Spacer

from app.i18n import N_, NP_, Message
from app.models import Department, Measure, Status
from app.models import labels as model_labels
from app.reports import blocks, history, round_parts
from app.reports.common import contents_page, fallback_note, issuer_lines
from app.reports.content import ReportContent
from app.reports.document import cover
from app.reports.formatting import LANGUAGE_NAMES

DEPARTMENT_TITLE = N_("Department report")
FACT_SHEET_TITLE = N_("Measure fact sheet")


def _cover_lines(content: ReportContent, subject: str) -> list[str]:
    language = content.language
    _ = language.tr.gettext
    round_line = []
    if content.round is not None:
        round_line = [escape(_("Evaluation round: {name}").format(name=content.round.name))]
    return [
        subject,
        content.strategy_title,
        *round_line,
        escape(
            _("Reporting date: {date}").format(
                date=language.date(content.reporting_date, style="long")
            )
        ),
        escape(_("Language: {language}").format(language=_(LANGUAGE_NAMES[language.lang]))),
        *issuer_lines(content),
    ]


def _measure_block(content: ReportContent, measure: Measure, unanswered: bool) -> list[Flowable]:
    """A measure in full; one its department did not answer in the round says so."""
    title = f"{escape(measure.code)} – {blocks.measure_title(content.language, measure)}"
    story: list[Flowable] = [CondPageBreak(40 * mm), content.heading(title, 1)]
    if unanswered:
        note = escape(content.language.tr.gettext(round_parts.UNANSWERED))
        story.append(Paragraph(f"({note})", content.styles.small))
    return story + blocks.measure_details(content.language, content.styles, measure)


def department_story(content: ReportContent, department: Department) -> list[Flowable]:
    language, styles = content.language, content.styles
    tr = language.tr
    _ = tr.gettext
    name = blocks.department_name(language, department)
    measures = content.full_measures()
    led = [m for m in measures if m.lead_department is department]
    participating = [m for m in measures if department in m.participating_departments]
    story: list[Flowable] = cover(
        styles,
        title=escape(_(DEPARTMENT_TITLE)),
        lines=_cover_lines(content, f"<b>{escape(department.code)}</b> – {name}"),
    )
    story += contents_page(content)
    story += round_parts.editorial(content, "intro")
    story.append(content.heading(escape(_("Summary"))))
    story.append(
        Paragraph(
            escape(
                tr.render(
                    Message(
                        N_("Measures led by the department: {n}; with its participation: {m}."),
                        n=len(led),
                        m=len(participating),
                    )
                )
            ),
            styles.body,
        )
    )
    counts = Counter(m.status for m in led)
    rows: list[list[Any]] = [blocks.header_cells(language, styles, [N_("Status"), N_("Measures")])]
    rows += [
        [model_labels.status(tr, status), language.number(counts.get(status, 0))]
        for status in Status
    ]
    story.append(
        blocks.grid(rows, [60 * mm, 30 * mm], styles=[("ALIGN", (1, 1), (1, -1), "RIGHT")])
    )
    notes = round_parts.unanswered_notes(content)
    story.append(blocks.measure_table(language, styles, led, notes))
    story.append(Spacer(1, 3 * mm))
    story += round_parts.department_return(content) + round_parts.unanswered(content)
    story += round_parts.editorial(content, "assessment")
    story += [PageBreak(), content.heading(escape(_("Measures led by the department")))]
    for measure in led:
        story += _measure_block(content, measure, measure.code in notes)
    if participating:
        story += [PageBreak(), content.heading(escape(_("Measures with participation")))]
        for measure in participating:
            story += _measure_block(content, measure, measure.code in notes)
    story += [PageBreak(), content.heading(escape(_("Annex")))]
    story += fallback_note(content)
    return story


def fact_sheet_story(content: ReportContent, measure: Measure) -> list[Flowable]:
    language, styles = content.language, content.styles
    _ = language.tr.gettext
    story: list[Flowable] = [
        Paragraph(escape(_(FACT_SHEET_TITLE)), styles.subtitle),
        content.heading(f"{escape(measure.code)} – {blocks.measure_title(language, measure)}"),
        Paragraph(
            escape(
                _("Reporting date: {date}").format(
                    date=language.date(content.reporting_date, style="long")
                )
            ),
            styles.small,
        ),
        *blocks.measure_details(language, styles, measure),
        content.heading(escape(_("History")), 0),
    ]
    events = content.measure_events(code=measure.code)
    story.append(
        Paragraph(
            escape(
                language.tr.render(
                    Message(
                        *NP_(
                            "The audit trail records {n} change to this measure.",
                            "The audit trail records {n} changes to this measure.",
                        ),
                        n=len(events),
                    )
                )
            ),
            styles.body,
        )
    )
    if events:
        story.append(history.change_table(content, events, with_code=False))
    story += fallback_note(content)
    return story
