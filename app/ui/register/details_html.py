"""The register's details pane as HTML: one measure's fields in words, or what several
selected measures are."""

from __future__ import annotations

import html

from app.i18n import Translator
from app.models import labels
from app.operations import audit
from app.operations.measures import MeasureInput
from app.operations.register_view import Vocabulary
from app.ui.register.history_view import value_text


def selection_html(tr: Translator, codes: list[str]) -> str:
    """With several measures selected: how many, and which."""
    if len(codes) < 2:
        return ""
    heading = tr.ngettext("{n} measure selected", "{n} measures selected", len(codes)).format(
        n=len(codes)
    )
    hint = tr.gettext("“Change selected…” changes them all at once.")
    shown = ", ".join(codes[:200]) + (" …" if len(codes) > 200 else "")
    return (
        f"<h3>{html.escape(heading)}</h3><p>{html.escape(shown)}</p>"
        f"<p><i>{html.escape(hint)}</i></p>"
    )


def details_html(
    tr: Translator,
    vocabulary: Vocabulary | None,
    code: str,
    data: MeasureInput,
    *,
    archived: bool = False,
) -> str:
    """The details pane of one measure: its title and description in the window's language
    (the German where none), its fields with names for codes, and the extras given."""
    lang = tr.lang
    _ = tr.gettext
    title = data.title_de
    fallback = False
    if lang in ("pl", "cs"):
        own = data.title_pl if lang == "pl" else data.title_cs
        fallback = not own
        title = own or data.title_de
    description = (
        (data.description_pl if lang == "pl" else data.description_cs)
        if lang in ("pl", "cs")
        else None
    ) or data.description_de

    def names(kind: str, keys: tuple[str, ...] | list[str]) -> str:
        if vocabulary is None:
            return ", ".join(keys)
        table = {n.key: n.name(lang) for n in getattr(vocabulary, kind)}
        return ", ".join(table.get(k, k) for k in keys) or "–"

    rows = [
        (_("Instrument"), names("instruments", [data.instrument])),
        (_("Lead department"), names("departments", [data.lead_department or ""])),
        (_("Participating departments"), names("departments", list(data.participating))),
        (_("Status"), labels.status(tr, data.status)),
        (_("Traffic light"), labels.traffic_light(tr, data.traffic_light)),
        (_("Progress"), "–" if data.progress is None else f"{data.progress} %"),
        (_("Start"), value_text(tr, "start_date", audit.plain(data.start_date))),
        (_("End"), value_text(tr, "end_date", audit.plain(data.end_date))),
        (_("Goals"), ", ".join(str(g) for g in data.goals) or "–"),
        (_("Partners"), names("partners", list(data.partners))),
    ]
    if data.status_reason:
        rows.append((_("Reason"), data.status_reason))
    if data.successor:
        rows.append((_("Successor"), data.successor))
    rows += _detail_rows(tr, data)
    parts = [f"<h3>{html.escape(code)}</h3>"]
    if archived:
        note = _("Archived: the measure stays in the register with its history.")
        parts.append(f"<p><b><i>{html.escape(note)}</i></b></p>")
    if fallback:
        parts.append(
            f"<p><i>{html.escape(_('Not translated yet; the German text is shown.'))}</i></p>"
        )
    parts.append(f"<p><b>{html.escape(title)}</b></p>")
    if description:
        parts.append(f"<p>{html.escape(description)}</p>")
    parts.append("<table cellpadding='2'>")
    parts += [
        f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>" for k, v in rows
    ]
    parts.append("</table>")
    return "".join(parts)


def _detail_rows(tr: Translator, data: MeasureInput) -> list[tuple[str, str]]:
    """Next steps, budget amounts, contact, indicators and milestones (those given)."""
    _ = tr.gettext
    contact = ", ".join(filter(None, (data.contact_name, data.contact_email, data.contact_phone)))
    indicators = "; ".join(
        f"{i.name}: {tr.number(i.actual)} / {tr.number(i.target)} {i.unit or ''}".rstrip()
        for i in data.indicators
    )
    milestones = "; ".join(
        f"{m.title} ({tr.date(m.due_date)}{' ✓' if m.done_date else ''})" for m in data.milestones
    )
    rows = [
        (_("Next steps"), data.next_steps or ""),
        (_("Planned budget"), tr.money(data.budget_planned_cents)),
        (_("Committed budget"), tr.money(data.budget_committed_cents)),
        (_("Contact"), contact),
        (_("Indicators"), indicators),
        (_("Milestones"), milestones),
    ]
    return [(label, text) for label, text in rows if text and text != "–"]
