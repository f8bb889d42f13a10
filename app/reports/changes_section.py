"""The cabinet report's changes: since the previous closed round (a summary of what matters
first — traffic lights turned red or amber, measures completed, dropped, new, gone — then every
change in detail), or the audit trail's changes since a day (``--since``).

Import this module only when a report is written: it loads ReportLab.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from app.i18n import N_, NP_, Message
from app.models import Status, TrafficLight
from app.models import labels as model_labels
from app.reports import blocks, history, round_changes, rounds
from app.reports.common import para
from app.reports.content import ReportContent

CHANGED_TEXT = 300
LISTED = 50
"""At most this many measures of a kind of change are named in the summary."""
CHANGE_KINDS = {
    rounds.ADDED: N_("new in the register"),
    rounds.REMOVED: N_("no longer in the register"),
}


def section(content: ReportContent, since: dt.date | None) -> list[Flowable]:
    if since is not None:
        return _changes_since(content, since)
    language = content.language
    _ = language.tr.gettext
    story: list[Flowable] = [
        PageBreak(),
        content.heading(escape(_("Changes since the previous round"))),
    ]
    previous = content.previous
    if previous is None:
        story.append(
            para(
                content,
                _("There is no earlier closed evaluation round to compare with."),
            )
        )
        return story
    found = rounds.changes(previous.measures, content.measures)
    story.append(
        para(
            content,
            Message(
                *NP_(
                    "Compared with the evaluation round “{round}”, closed on {date}: {n} change.",
                    "Compared with the evaluation round “{round}”, closed on {date}: {n} changes.",
                ),
                round=previous.name,
                date=language.date(previous.closed_on, style="long"),
                n=len(found),
            ),
        )
    )
    if found:
        now = {measure.code: rounds.measure_state(measure) for measure in content.measures}
        story += _summary(content, round_changes.summarize(previous.measures, now))
        story.append(content.heading(escape(_("All changes in detail")), 1))
        story.append(_change_table(content, found))
    return story


def _summary(content: ReportContent, summary: round_changes.ChangeSummary) -> list[Flowable]:
    """What matters first: per kind of change its number and its measures (code and title);
    then how many measures changed otherwise."""
    language, styles = content.language, content.styles
    _ = language.tr.gettext
    rows: list[list[Any]] = [
        blocks.header_cells(language, styles, [N_("Change"), N_("Measures"), N_("Which")])
    ]
    for kind, items in summary.groups.items():
        which = "; ".join(
            f"{escape(item.code)} {language.text(f'{item.code} title', item.titles)}"
            for item in items[:LISTED]
        )
        if len(items) > LISTED:
            more = Message(N_("… and {n} more (see the details)"), n=len(items) - LISTED)
            which += " " + escape(language.tr.render(more))
        rows.append(
            [
                Paragraph(escape(_(round_changes.KINDS[kind])), styles.cell),
                language.number(len(items)),
                Paragraph(which or "–", styles.cell),
            ]
        )
    story: list[Flowable] = [
        content.heading(escape(_("Summary of the changes")), 1),
        blocks.grid(
            rows, [48 * mm, 18 * mm, 104 * mm], styles=[("ALIGN", (1, 1), (1, -1), "RIGHT")]
        ),
        Spacer(1, 2 * mm),
    ]
    story.append(
        para(
            content,
            Message(
                *NP_(
                    "{n} further measure changed otherwise (progress, dates, comments …); "
                    "the details follow.",
                    "{n} further measures changed otherwise (progress, dates, comments …); "
                    "the details follow.",
                ),
                n=len(summary.otherwise),
            ),
        )
    )
    return story


def _change_value(content: ReportContent, change: rounds.Change, which: str) -> str:
    """Paragraph markup of a compared value, in the report's language."""
    language = content.language
    tr = language.tr
    value = change.before if which == "before" else change.after
    if value is None:
        return "–"
    field = change.field
    if field == "status":
        return escape(model_labels.status(tr, Status(value)))
    if field == "traffic_light":
        return escape(model_labels.traffic_light(tr, TrafficLight(value)))
    if field == "progress":
        return escape(language.percent(value))
    if field in ("start_date", "end_date"):
        return escape(language.date(dt.date.fromisoformat(value)))
    if field == "budget_reservation":
        return escape(tr.gettext("yes") if value else tr.gettext("no"))
    if field in ("status_reason", "comment", "next_steps"):
        text = value if len(value) <= CHANGED_TEXT else value[:CHANGED_TEXT].rstrip() + " …"
        return language.german_only(f"{change.code} {field} {which}", text)
    return escape(str(value))


def _change_table(content: ReportContent, found: list[rounds.Change]) -> Flowable:
    language, styles = content.language, content.styles
    _ = language.tr.gettext
    rows: list[list[Any]] = [
        blocks.header_cells(
            language, styles, [N_("Code"), N_("Measure"), N_("Field"), N_("Before"), N_("After")]
        )
    ]
    previous = None
    for change in found:
        # a measure's code and title once, on its first row
        first = change.code != previous
        previous = change.code
        title = language.text(f"{change.code} title", change.titles) if first else ""
        if change.field in (rounds.ADDED, rounds.REMOVED):
            what = _(CHANGE_KINDS[change.field])
            before = after = "–"
        else:
            what = _(rounds.COMPARED_FIELDS[change.field])
            before = _change_value(content, change, "before")
            after = _change_value(content, change, "after")
        rows.append(
            [
                change.code if first else "",
                Paragraph(title, styles.cell),
                Paragraph(escape(what), styles.cell),
                Paragraph(before, styles.cell),
                Paragraph(after, styles.cell),
            ]
        )
    return blocks.grid(rows, [15 * mm, 55 * mm, 26 * mm, 37 * mm, 37 * mm])


def _changes_since(content: ReportContent, since: dt.date) -> list[Flowable]:
    language = content.language
    _ = language.tr.gettext
    events = content.measure_events(since=since)
    story: list[Flowable] = [
        PageBreak(),
        content.heading(
            escape(_("Changes since {date}").format(date=language.date(since, style="long")))
        ),
        para(
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
        story.append(history.change_table(content, events, with_code=True))
    return story
