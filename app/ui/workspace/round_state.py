"""What the department's workspace says about a round and its answers: the round's facts
above the list, what opening its package found, the last export, and each answer's state
(missing, incomplete with the reason, answered) by the core's own check, as the export sees
it."""

from __future__ import annotations

import html
from typing import Any

from app.errors import InvalidInput
from app.i18n import N_, Message, Translator
from app.partnerships import answers as assessment
from app.rounds import values, view
from app.rounds.workspace import Opened
from app.ui.rounds.round_labels import date_text, time_text, title_in
from app.ui.widgets import in_language

State = tuple[str, Message | None]
"""An answer's state (``missing``, ``incomplete``, ``answered``) and what is wrong with it."""


def answer_state(
    tr: Translator, shown: view.WorkspaceView, item: dict[str, Any], answer: dict[str, Any] | None
) -> State:
    """The state of ``answer`` (to ``item`` of the round ``shown``)."""
    document = shown.criteria
    if answer is None:
        return ("missing", None)
    if document is not None:  # assessed against criteria
        try:
            normalized = assessment.normalized(answer, document["criteria"], document["scale"])
            problem = assessment.problem(normalized, document["criteria"])
        except InvalidInput as error:
            problem = error.message
        else:
            problem = unscored(tr, normalized, document["criteria"]) or problem
        return ("incomplete", problem) if problem else ("answered", None)
    try:
        values.normalized_answer(answer, item["values"])
    except InvalidInput as error:
        return ("incomplete", error.message)
    return ("answered", None)


def unscored(
    tr: Translator, normalized: dict[str, Any], criteria: list[dict[str, Any]]
) -> Message | None:
    """The criteria still without a score, by the names the form shows (the core's message
    gives their codes, which the command line takes)."""
    names = [
        in_language(tr, criterion, "name")
        for criterion in criteria
        if normalized["scores"][criterion["code"]]["score"] is None
    ]
    return Message(N_("no score yet for: {criteria}"), criteria="; ".join(names)) if names else None


def info_html(tr: Translator, shown: view.WorkspaceView) -> str:
    """The round's facts above the list: department, deadline, period, the secretariat's key's
    fingerprint and its note."""
    _ = tr.gettext
    department = title_in(tr, shown.department_names)
    parts = [
        _("Department: {name} ({code})").format(name=department, code=shown.department),
        _("Deadline: {date}").format(date=date_text(tr, shown.deadline)),
    ]
    if shown.period_start or shown.period_end:
        parts.append(
            _("Reporting period: {start} to {end}").format(
                start=date_text(tr, shown.period_start), end=date_text(tr, shown.period_end)
            )
        )
    parts.append(
        _("Secretariat key fingerprint: {fingerprint}").format(fingerprint=shown.fingerprint)
    )
    text = html.escape(" · ".join(parts[:-1])) + "<br>" + html.escape(parts[-1])
    if shown.note:
        text += "<br>" + html.escape(_("Note from the secretariat: {note}").format(note=shown.note))
    return text


def last_export_text(tr: Translator, shown: view.WorkspaceView) -> str:
    _ = tr.gettext
    if shown.exports:
        last = shown.exports[-1]
        return _("Last export: version {version} on {date} ({file}, {encryption}).").format(
            version=last.version,
            date=time_text(tr, last.exported_at),
            file=last.file_name,
            encryption=_("encrypted") if last.encrypted else _("not encrypted"),
        )
    return _("Nothing has been exported for this round yet.")


def opened_html(tr: Translator, opened: Opened) -> str:
    """What opening a package did; the first time, with the key's fingerprint to compare."""
    _ = tr.gettext
    text = html.escape(tr.render(opened.message))
    if opened.state == "new":
        text += (
            "<br><b>"
            + html.escape(
                _("Secretariat key fingerprint: {fingerprint}").format(
                    fingerprint=opened.fingerprint
                )
            )
            + "</b><br>"
            + html.escape(
                _(
                    "Compare it with the fingerprint the secretariat tells you. If they "
                    "differ, do not answer in this package and call the secretariat."
                )
            )
        )
    if opened.warning is not None:
        text += "<br><b>" + html.escape(tr.render(opened.warning)) + "</b>"
    return text
