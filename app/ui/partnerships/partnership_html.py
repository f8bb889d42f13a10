"""The partnerships page's texts: a partnership's facts, its evaluations with the results of
each partnership round (scores, comments, recommendations, the conclusion) and its history,
as the HTML the detail pane shows; names and scale labels in the interface language."""

from __future__ import annotations

import html
from typing import Any

from app.i18n import Translator
from app.partnerships import register, rounds
from app.rounds.labels import ROUND_STATUS
from app.ui.rounds.round_labels import date_text, number_text, time_text
from app.ui.widgets import in_language

Results = dict[str, rounds.RoundResults]
"""The results of each partnership round, by the round's name."""


def partner_name(tr: Translator, entry: dict[str, Any]) -> str:
    return in_language(tr, entry, "name")


def scale_label(tr: Translator, document: dict[str, Any], value: int) -> str | None:
    for label in document.get("scale_labels") or ():
        if label["value"] == value:
            return str(label.get(tr.lang) or label.get("de") or "") or None
    return None


def percent_text(tr: Translator, value: float | None) -> str:
    return "–" if value is None else f"{number_text(tr, round(value))} %"


def find_result(
    results: Results, round_name: str, code: str | None
) -> rounds.PartnershipResult | None:
    """The results of partnership ``code`` in round ``round_name``, if it was evaluated there."""
    found = results.get(round_name)
    if found is None:
        return None
    return next((p for p in found.partnerships if p.code == code), None)


def detail_html(tr: Translator, entry: dict[str, Any], results: Results) -> str:
    """The selected partnership: its facts, each evaluation with its results, its history."""
    _ = tr.gettext
    e = html.escape
    parts = [f"<h3>{e(partner_name(tr, entry))} <small>({e(entry['code'])})</small></h3>"]
    facts = [
        (_("Kind"), _(register.KIND_LABELS.get(entry["kind"], entry["kind"]))),
        (_("Status"), _(register.STATUS_LABELS.get(entry["status"], entry["status"]))),
        (_("Status since"), date_text(tr, entry["status_since"])),
        (_("Since"), str(entry["since_year"]) if entry["since_year"] else "–"),
        (_("Basis (German)"), entry["basis_de"] or "–"),
        (_("Signed by"), entry["signatory"] or "–"),
        (_("Departments working with it"), ", ".join(entry["departments"]) or "–"),
    ]
    if entry.get("note_de"):
        facts.append((_("Note (German)"), entry["note_de"]))
    parts.append(html_table([[f"<b>{e(k)}</b>", e(str(v))] for k, v in facts]))
    evaluations, history_heading = _("Evaluations"), _("History")
    parts.append(f"<h4>{e(evaluations)}</h4>")
    if not entry["evaluations"]:
        never = _("This partnership has not been evaluated yet.")
        parts.append(f"<p>{e(never)}</p>")
    for evaluation in reversed(entry["evaluations"]):
        parts.append(evaluation_html(tr, entry["code"], evaluation, results))
    parts.append(f"<h4>{e(history_heading)}</h4>")
    history = entry.get("history") or []
    if not history:
        nothing = _("No changes recorded.")
        parts.append(f"<p>{e(nothing)}</p>")
    else:
        parts.append(
            html_table(
                [
                    [e(time_text(tr, event["at"])), e(event["actor"]), e(event_text(tr, event))]
                    for event in reversed(history)
                ],
                [_("When"), _("Who"), _("What")],
            )
        )
    return "".join(parts)


def event_text(tr: Translator, event: dict[str, Any]) -> str:
    """One event of a partnership's history, as a line."""
    _ = tr.gettext
    if event["action"] == "conclude":
        new = event["new"] or {}
        label = register.RECOMMENDATION_LABELS.get(str(new.get("recommendation")), "")
        return _("Conclusion in “{round}”: {recommendation}").format(
            round=event["field"], recommendation=_(label) if label else "–"
        )
    if event["action"] == "create":
        return _("Entered in the register")
    if event["field"] == "status":
        old, new = event["old"], event["new"]
        return _("Status: {old} → {new}").format(
            old=_(register.STATUS_LABELS.get(str(old), str(old))),
            new=_(register.STATUS_LABELS.get(str(new), str(new))),
        )
    if event["field"] == "status_since":
        return _("Status since: {day}").format(day=date_text(tr, event["new"]))
    if event["field"] == "status_reason":
        return _("Reason: {reason}").format(reason=event["new"] or "–")
    return _("Changed: {field}").format(field=event["field"] or "–")


def evaluation_html(tr: Translator, code: str, evaluation: dict[str, Any], results: Results) -> str:
    """One evaluation of partnership ``code``: the round, who answered, and (once there are
    results) the weighted result, the scores per criterion and department, the comments, the
    departments' recommendations and the working group's conclusion."""
    _ = tr.gettext
    e = html.escape
    result = find_result(results, evaluation["round"], code)
    status = _(ROUND_STATUS.get(evaluation["round_status"], evaluation["round_status"]))
    caption = _("Round “{round}”").format(round=evaluation["round"])
    parts = [f"<p><b>{e(caption)}</b> ({e(status)})"]
    parts.append(
        "<br>"
        + e(
            tr.gettext("Departments that answered: {answered} of {n}").format(
                answered=len(evaluation["answered"]), n=len(evaluation["asked"])
            )
        )
    )
    if result is None:
        return "".join(parts) + "</p>"
    scale = results[evaluation["round"]].criteria["scale"]
    if result.weighted is not None:
        parts.append(
            "<br>"
            + e(
                _("Weighted result: {value} on the scale {low}–{high} ({percent})").format(
                    value=number_text(tr, round(result.weighted, 2)),
                    low=scale["min"],
                    high=scale["max"],
                    percent=percent_text(tr, result.weighted_percent),
                )
            )
        )
    parts.append("</p>")
    parts.append(scores_html(tr, result))
    parts.append(comments_html(tr, result))
    parts.append(recommendations_html(tr, result))
    parts.append(conclusion_html(tr, result))
    return "".join(parts)


def criterion_name(tr: Translator, criterion: rounds.CriterionResult) -> str:
    return str(criterion.names.get(tr.lang) or criterion.names.get("de") or "")


def scores_html(tr: Translator, result: rounds.PartnershipResult) -> str:
    """The scores per criterion and department (a score with a comment marked *), with each
    criterion's weight, mean and spread."""
    _ = tr.gettext
    e = html.escape
    departments = result.asked
    header = [_("Criterion"), _("Weight"), *departments, _("Mean"), _("Spread")]
    rows = []
    for criterion in result.criteria:
        cells = [e(criterion_name(tr, criterion)), e(number_text(tr, criterion.weight))]
        for department in departments:
            score = criterion.scores.get(department)
            comment = criterion.comments.get(department)
            text = "–" if score is None else str(score)
            cells.append(f"<span title='{e(comment)}'>{e(text)}*</span>" if comment else e(text))
        cells.append(
            e("–" if criterion.mean is None else number_text(tr, round(criterion.mean, 2)))
        )
        cells.append(e("–" if criterion.spread is None else str(criterion.spread)))
        rows.append(cells)
    return html_table(rows, header)


def comments_html(tr: Translator, result: rounds.PartnershipResult) -> str:
    _ = tr.gettext
    e = html.escape
    comments = [
        f"{department}, {criterion_name(tr, criterion)}: {comment}"
        for criterion in result.criteria
        for department, comment in criterion.comments.items()
    ]
    if not comments:
        return ""
    comments_heading = _("Comments")
    return (
        f"<p><i>{e(comments_heading)}</i> "
        + e(_("(a score marked * has a comment)"))
        + ":<br>"
        + "<br>".join(e(line) for line in comments)
        + "</p>"
    )


def recommendations_html(tr: Translator, result: rounds.PartnershipResult) -> str:
    _ = tr.gettext
    e = html.escape
    if not result.recommendations:
        return ""
    lines = []
    for department, recommendation in result.recommendations.items():
        choice = recommendation.get("choice")
        label = _(register.RECOMMENDATION_LABELS[choice]) if choice else "–"
        comment = recommendation.get("comment")
        lines.append(f"{department}: {label}" + (f" ({comment})" if comment else ""))
    recommendations_heading = _("Recommendations")
    return (
        f"<p><i>{e(recommendations_heading)}:</i><br>"
        + "<br>".join(e(line) for line in lines)
        + "</p>"
    )


def conclusion_html(tr: Translator, result: rounds.PartnershipResult) -> str:
    _ = tr.gettext
    e = html.escape
    if not result.conclusion:
        return ""
    choice = result.conclusion.get("recommendation")
    label = _(register.RECOMMENDATION_LABELS[choice]) if choice else "–"
    said = result.conclusion.get("text")
    conclusion_heading = _("Conclusion of the IMAG")
    return (
        f"<p><b>{e(conclusion_heading)}:</b> {e(label)}"
        + (f"<br>{e(said)}" if said else "")
        + "<br><span style='color:#5f6368'>"
        + e(
            _("{who}, {when}").format(
                who=result.conclusion.get("decided_by") or "–",
                when=time_text(tr, result.conclusion.get("decided_at")),
            )
        )
        + "</span></p>"
    )


def html_table(rows: list[list[str]], header: list[str] | None = None) -> str:
    head = ""
    if header:
        head = (
            "<tr>"
            + "".join(f"<th align='left' nowrap>{html.escape(h)}</th>" for h in header)
            + "</tr>"
        )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td valign='top'{' nowrap' if n else ''}>{cell}</td>" for n, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table cellspacing='0' cellpadding='3' border='0'>{head}{body}</table>"
