"""What the translation of free text works with: a segment (one German text and its Polish or
Czech version with its state), an edit of one, and where a segment belongs.

A segment belongs to a measure (``code``: the measure's code; ``field``: comment, next steps,
reason), to a criteria set (``code``: ``criteria:<set>``; ``field``: ``name``, ``source``,
``scale.<value>``, ``<criterion>.name``, ``<criterion>.description``) or to a round's texts
(``code``: ``round:<round>``; ``field``: ``intro``, ``assessment``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.i18n import N_, Message
from app.models import TranslationState
from app.models.labels import AUDIT_FIELDS
from app.operations.audit import record
from app.operations.context import Actor

USABLE = (TranslationState.PROPOSAL, TranslationState.TRANSLATED)
CRITERIA = "criteria:"
ROUND = "round:"
CRITERIA_FIELDS = {
    "name": N_("Name of the set"),
    "source": N_("Description of the set"),
    "scale": N_("Scale value {value}"),
    "criterion.name": N_("{criterion}: name"),
    "criterion.description": N_("{criterion}: guiding question"),
}
ROUND_FIELDS = {"intro": N_("Introduction"), "assessment": N_("Assessment")}
KINDS = {
    "measure": N_("Measures"),
    "criteria": N_("Criteria sets"),
    "round": N_("Round texts"),
}
"""What a segment can belong to, with the translation view's labels."""


def kind_of(code: str) -> str:
    if code.startswith(CRITERIA):
        return "criteria"
    return "round" if code.startswith(ROUND) else "measure"


@dataclass(frozen=True)
class Segment:
    code: str
    field: str
    lang: str
    source: str  # the German text as it is now
    text: str | None  # the translation, if any
    state: TranslationState
    previous_source: str | None  # the German it was translated from, when that changed

    @property
    def key(self) -> tuple[str, str]:
        return (self.code, self.field)

    @property
    def kind(self) -> str:
        """A key of :data:`KINDS`: what the segment belongs to."""
        return kind_of(self.code)

    @property
    def measure(self) -> bool:
        """Whether the segment is a measure's free text (not a criteria set's or a round's)."""
        return self.kind == "measure"


@dataclass(frozen=True)
class Edit:
    code: str
    field: str
    text: str
    source: str  # the German text the translation was made from (refused if no longer so)


def needs_update(text: str | None, made_from: str | None, source: str) -> bool:
    return bool(text) and made_from is not None and made_from != source


def place(code: str) -> Message:
    """Where a segment belongs, as the translation view names it ("Criteria set IMAG-2026")."""
    if code.startswith(CRITERIA):
        return Message(N_("Criteria set {code}"), code=code.removeprefix(CRITERIA))
    if code.startswith(ROUND):
        return Message(N_("Round {name}"), name=code.removeprefix(ROUND))
    return Message("{code}", code=code)


def field_name(code: str, field: str) -> Message:
    """The field as the window names it ("Next steps", "GOALS: guiding question")."""
    if code.startswith(ROUND):
        return Message(ROUND_FIELDS.get(field, field))
    if code.startswith(CRITERIA):
        head, _dot, tail = field.partition(".")
        if head == "scale":
            return Message(CRITERIA_FIELDS["scale"], value=tail)
        if tail:
            return Message(CRITERIA_FIELDS[f"criterion.{tail}"], criterion=head)
        return Message(CRITERIA_FIELDS.get(field, field))
    return Message(AUDIT_FIELDS.get(field, field))


def audit_translation(
    session: Session,
    actor: Actor,
    segment: Segment,
    text: str,
    state: TranslationState,
    *,
    entity: str,
    code: str,
    at: str,
) -> None:
    """Audit a translation's change: its text and its state, each when it changed."""
    for field, old, new in (
        (f"{segment.field}_{segment.lang}", segment.text, text),
        (f"{segment.field}_state_{segment.lang}", segment.state, state),
    ):
        if old != new:
            record(
                session,
                actor=actor.name,
                source=actor.source,
                action="update",
                entity=entity,
                code=code,
                field=field,
                old=old,
                new=new,
                at=at,
            )
