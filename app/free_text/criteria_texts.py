"""The criteria sets' texts as segments to translate: each set's name and description, its
scale labels and each criterion's name and guiding question, with their Polish and Czech
versions (kept in the set) and the translation states (``criteria_translation``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.free_text.names import LANGUAGES
from app.free_text.texts import CRITERIA, Segment, audit_translation, needs_update
from app.models import CriteriaSet, CriteriaTranslation, TranslationState
from app.operations.audit import now_iso
from app.operations.context import Actor

Texts = dict[str, str | None]  # language → text


def texts(criteria_set: CriteriaSet) -> Iterator[tuple[str, Texts]]:
    """(field, {de, pl, cs}) of every text of ``criteria_set``, in the set's order."""
    yield "name", {lang: getattr(criteria_set, f"name_{lang}") for lang in ("de", *LANGUAGES)}
    yield (
        "source",
        {lang: getattr(criteria_set, f"description_{lang}") for lang in ("de", *LANGUAGES)},
    )
    for label in json.loads(criteria_set.scale_labels):
        yield f"scale.{label['value']}", {lang: label.get(lang) for lang in ("de", *LANGUAGES)}
    for criterion in criteria_set.criteria:
        for part in ("name", "description"):
            yield (
                f"{criterion.code}.{part}",
                {lang: getattr(criterion, f"{part}_{lang}") for lang in ("de", *LANGUAGES)},
            )


def _sets(session: Session) -> list[CriteriaSet]:
    return list(
        session.scalars(
            select(CriteriaSet)
            .options(selectinload(CriteriaSet.criteria))
            .order_by(CriteriaSet.code)
        )
    )


def _rows(session: Session, lang: str) -> dict[tuple[int, str], CriteriaTranslation]:
    query = select(CriteriaTranslation).where(CriteriaTranslation.lang == lang)
    return {(row.set_id, row.field): row for row in session.scalars(query)}


def segments(session: Session, lang: str) -> list[Segment]:
    """Every criteria set's non-empty German text with its ``lang`` version and state."""
    rows = _rows(session, lang)
    found = []
    for criteria_set in _sets(session):
        for field, versions in texts(criteria_set):
            source = versions["de"]
            if not source or not source.strip():
                continue
            text = versions[lang] or None
            row = rows.get((criteria_set.id, field))
            made_from = row.source_de if row is not None else None
            if not text:
                state = TranslationState.MISSING
            elif needs_update(text, made_from, source):
                state = TranslationState.NEEDS_UPDATE
            else:
                state = row.state if row is not None else TranslationState.PROPOSAL
            found.append(
                Segment(
                    code=CRITERIA + criteria_set.code,
                    field=field,
                    lang=lang,
                    source=source,
                    text=text,
                    state=state,
                    previous_source=made_from if state == TranslationState.NEEDS_UPDATE else None,
                )
            )
    return found


def _put(criteria_set: CriteriaSet, field: str, lang: str, text: str) -> None:
    head, _dot, tail = field.partition(".")
    if not tail:
        setattr(criteria_set, f"{'name' if head == 'name' else 'description'}_{lang}", text)
    elif head == "scale":
        labels: list[dict[str, Any]] = json.loads(criteria_set.scale_labels)
        for label in labels:
            if str(label["value"]) == tail:
                label[lang] = text
        criteria_set.scale_labels = json.dumps(labels, ensure_ascii=False)
    else:
        criterion = next(c for c in criteria_set.criteria if c.code == head)
        setattr(criterion, f"{tail}_{lang}", text)


def store(
    session: Session, actor: Actor, segment: Segment, text: str, state: TranslationState
) -> None:
    """Write ``text`` as ``segment``'s translation with ``state`` (audited)."""
    code = segment.code.removeprefix(CRITERIA)
    criteria_set = session.scalar(
        select(CriteriaSet)
        .where(CriteriaSet.code == code)
        .options(selectinload(CriteriaSet.criteria))
    )
    assert criteria_set is not None  # the segment was read in the same transaction
    _put(criteria_set, segment.field, segment.lang, text)
    at = now_iso()
    criteria_set.revision += 1  # an editor holding the set open must read it again
    criteria_set.updated_at = at
    row = _rows(session, segment.lang).get((criteria_set.id, segment.field))
    if row is None:
        row = CriteriaTranslation(set_id=criteria_set.id, field=segment.field, lang=segment.lang)
        session.add(row)
    row.state, row.source_de, row.updated_at = state, segment.source, at
    audit_translation(session, actor, segment, text, state, entity="criteria_set", code=code, at=at)


def mark_edited(session: Session, criteria_set: CriteriaSet, before: dict[str, Texts]) -> None:
    """After the secretariat saved ``criteria_set`` (its texts ``before`` that): a Polish or
    Czech text it changed is a proposal made from the German the set has now; one it kept was
    made from the German it had before (so that it needs an update if that changed)."""
    session.flush()
    rows = {
        (row.field, row.lang): row
        for row in session.scalars(
            select(CriteriaTranslation).where(CriteriaTranslation.set_id == criteria_set.id)
        )
    }
    at = now_iso()
    for field, versions in texts(criteria_set):
        earlier = before.get(field, {})
        for lang in LANGUAGES:
            text, row = versions[lang], rows.get((field, lang))
            if not text or not versions["de"]:
                continue
            if text != earlier.get(lang):
                made_from = versions["de"]
            elif row is None and earlier.get("de"):
                made_from = str(earlier["de"])
            else:
                continue
            if row is None:
                row = CriteriaTranslation(set_id=criteria_set.id, field=field, lang=lang)
                session.add(row)
            row.state, row.source_de, row.updated_at = TranslationState.PROPOSAL, made_from, at
