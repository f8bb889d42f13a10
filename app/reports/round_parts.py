"""What the cabinet report says of the round it is about besides its figures: the secretariat's
introduction and assessment (in the report's language, else the German text marked as German),
the measures without an answer in the round, late returns, and the measures' next steps.

Import this module only when a report is written: it loads ReportLab.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from app.i18n import N_, NP_, Message
from app.reports import blocks, rounds
from app.reports.common import para
from app.reports.content import ReportContent
from app.reports.grid import Cell, LazyRows, Row
from app.reports.records import MeasureLike
from app.rounds.editorial import PARTS

UNANSWERED = N_("no answer in this round")
LISTED_UNANSWERED = 100
"""At most this many unanswered measures are listed by name; the tables mark every one."""


def editorial(content: ReportContent, part: str) -> list[Flowable]:
    """The secretariat's ``part`` (``intro``, ``assessment``) of the round, paragraph by
    paragraph: in the report's language (a proposal marked like a proposed title), else the
    German text marked as German; nothing if the round has none."""
    language = content.language
    own = content.round_texts.get((part, language.lang))
    chosen_lang = language.lang
    if own is None or own.state == "needs_update":  # made from another German: German
        own, chosen_lang = content.round_texts.get((part, "de")), "de"
    if own is None or not own.text or content.round is None:
        return []
    paragraphs = [block for block in own.text.split("\n\n") if block.strip()]
    key = f"{content.round.name} {part}"
    if own.state == "proposal" and chosen_lang != "de":
        language.proposed.add(f"{key} {len(paragraphs)}")
    story: list[Flowable] = [content.heading(escape(language.tr.gettext(PARTS[part])))]
    for index, block in enumerate(paragraphs, start=1):
        markup = language.text(f"{key} {index}", {chosen_lang: block})
        story.append(Paragraph(markup, content.styles.body))
    return [*story, Spacer(1, 4 * mm)]


def return_state(content: ReportContent, row: rounds.DepartmentReturns) -> str:
    """A department's state in the round; a return after the deadline says it came late."""
    tr = content.language.tr
    state = tr.gettext(rounds.STATE_LABELS[row.state])
    if not row.late or row.returned_at is None:
        return state
    day = dt.date.fromisoformat(row.returned_at[:10])
    return tr.render(
        Message(N_("{state}, late ({date})"), state=state, date=content.language.date(day))
    )


def department_return(content: ReportContent) -> list[Flowable]:
    """The department's return in the round of a department report (its completeness holds
    that department only): its state, late or not, and how many measures it answered."""
    completeness = content.completeness
    if completeness is None or not completeness.departments:
        return []
    row = completeness.departments[0]
    state = Message(N_("The department's return: {state}"), state=return_state(content, row))
    return [returns_line(content, state, row.returned, row.expected)]


def returns_line(content: ReportContent, departments: Message, returned: int, n: int) -> Flowable:
    """The round's name, what ``departments`` says of the returns, how many measures asked
    for have an answer (``returned`` of ``n``)."""
    assert content.completeness is not None
    measures = Message(
        N_("Measures asked for with an answer: {returned} of {n}"), returned=returned, n=n
    )
    message = Message(
        N_("Evaluation round “{name}”: {departments}; {measures}."),
        name=content.completeness.round_name,
        departments=departments,
        measures=measures,
    )
    return para(content, message)


def unanswered_codes(content: ReportContent) -> dict[str, str]:
    """Code → the department asked, of each measure asked for in the round that its
    department did not answer (empty without a round)."""
    completeness = content.completeness
    if completeness is None:
        return {}
    return {code: row.code for row in completeness.departments for code in row.missing}


def unanswered_notes(content: ReportContent) -> dict[str, str]:
    """Markup to add under the title of each unanswered measure in the measure tables."""
    note = escape(content.language.tr.gettext(UNANSWERED))
    mark = f'<br/><font color="#5f6368">({note})</font>'
    return dict.fromkeys(unanswered_codes(content), mark)


def unanswered(content: ReportContent) -> list[Flowable]:
    """The measures without an answer in the round (the first of them by name), and the
    returns that came after the round was closed."""
    language, styles = content.language, content.styles
    missing = unanswered_codes(content)
    story: list[Flowable] = []
    if missing:
        story.append(
            para(
                content,
                Message(
                    *NP_(
                        "{n} measure asked for has no answer in this round; its values are "
                        "those the register had before, marked “{mark}” in the tables.",
                        "{n} measures asked for have no answer in this round; their values are "
                        "those the register had before, marked “{mark}” in the tables.",
                    ),
                    n=len(missing),
                    mark=language.tr.gettext(UNANSWERED),
                ),
            )
        )
        by_code = {m.code: m for m in content.measures}
        rows: list[list[Any]] = [
            blocks.header_cells(language, styles, [N_("Code"), N_("Title"), N_("Asked of")])
        ]
        for code, department in list(missing.items())[:LISTED_UNANSWERED]:
            measure = by_code.get(code)
            title = blocks.measure_title(language, measure) if measure is not None else "–"
            rows.append([code, Paragraph(title, styles.cell), department])
        story.append(blocks.grid(rows, [18 * mm, 122 * mm, 30 * mm]))
        if len(missing) > LISTED_UNANSWERED:
            story.append(
                para(
                    content,
                    Message(
                        N_("… and {n} more, marked in the tables by instrument."),
                        n=len(missing) - LISTED_UNANSWERED,
                    ),
                )
            )
    return story + _amendments(content)


def _amendments(content: ReportContent) -> list[Flowable]:
    completeness = content.completeness
    if completeness is None or not completeness.amendments:
        return []
    language = content.language
    items = "; ".join(
        language.tr.render(
            Message(
                N_("{department}, version {version} of {date}"),
                department=amendment.department,
                version=amendment.version,
                date=language.date(dt.date.fromisoformat(amendment.exported_at[:10])),
            )
        )
        for amendment in completeness.amendments
    )
    return [
        para(
            content,
            Message(
                N_(
                    "Returns that came after the round was closed, taken as amendments and not "
                    "in this report's figures: {returns}."
                ),
                returns=items,
            ),
        )
    ]


def next_steps(content: ReportContent, measures: Sequence[MeasureLike]) -> list[Flowable]:
    """The next steps of those of ``measures`` that have them: a table after the measures."""
    language, styles = content.language, content.styles
    planned = [m for m in measures if m.next_steps]
    if not planned:
        return []
    header = blocks.header_cells(language, styles, [N_("Code"), N_("Title"), N_("Next steps")])

    # the texts now (a text shown in German is counted as it is made), the paragraphs only
    # when a page needs them (a table of thousands)
    texts = [
        (
            m.code,
            blocks.measure_title(language, m),
            language.german_only(f"{m.code} next", m.next_steps),
        )
        for m in planned
    ]

    def row(text: tuple[str, str, str]) -> Row:
        code, title, steps = text
        return Row([code, Cell(title, styles.cell), Cell(steps, styles.cell)])

    table = blocks.grid([header], [16 * mm, 64 * mm, 90 * mm], body=LazyRows(texts, row))
    heading = content.heading(escape(language.tr.gettext("Next steps")), 1, listed=False)
    return [CondPageBreak(30 * mm), heading, table]
