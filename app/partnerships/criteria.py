"""Criteria sets for evaluating the partnerships: read from and written to a JSON file
(``imag-criteria``, version 1; the shipped default is
``resources/catalogue/criteria-default.json``), checked strictly, kept in the register and
edited there by the secretariat.

A set has a code, names and a description in German (Polish and Czech optional), a scale of
whole numbers (at most eleven points, each optionally labelled) and criteria with a code, names,
descriptions and a weight. A set marked ``proposal`` has not been decided by the working group.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app import strict_json
from app.catalogue.schema import Field, SchemaError, check_record
from app.errors import CatalogueInvalid, InvalidInput, NotFound
from app.fileio import checked_input, os_reason
from app.free_text import criteria_texts
from app.i18n import N_, Message
from app.models import CriteriaSet, Criterion, Round, RoundCriteria
from app.operations import audit
from app.operations.context import Actor, transaction

FORMAT = "imag-criteria"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 1024 * 1024
MAX_CRITERIA = 30
MAX_SCALE_POINTS = 11
MAX_WEIGHT = 100
CODE = re.compile(r"^[A-Z][A-Z0-9_]{0,31}$")
DEFAULT_CODE = "IMAG-2026"
SET_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")

_NAME = Field(str, max_length=500)
_OPTIONAL_NAME = Field(str, required=False, nullable=True, max_length=500)
_TEXT = Field(str, required=False, nullable=True, max_length=5_000)
_LABEL = Field(str, required=False, nullable=True, max_length=100)

SCHEMA = {
    "format": Field(str, choices=(FORMAT,)),
    "format_version": Field(int),
    "code": Field(str, max_length=32),
    "proposal": Field(bool, required=False),
    "name_de": _NAME,
    "name_pl": _OPTIONAL_NAME,
    "name_cs": _OPTIONAL_NAME,
    "source_de": _TEXT,
    "source_pl": _TEXT,
    "source_cs": _TEXT,
    "scale": Field(dict, record={"min": Field(int), "max": Field(int)}),
    "scale_labels": Field(
        list,
        required=False,
        max_items=MAX_SCALE_POINTS,
        items={"value": Field(int), "de": _LABEL, "pl": _LABEL, "cs": _LABEL},
    ),
    "criteria": Field(
        list,
        max_items=MAX_CRITERIA,
        items={
            "code": Field(str, max_length=32),
            "weight": Field((int, float)),
            "name_de": _NAME,
            "name_pl": _OPTIONAL_NAME,
            "name_cs": _OPTIONAL_NAME,
            "description_de": _TEXT,
            "description_pl": _TEXT,
            "description_cs": _TEXT,
        },
    ),
}


def _invalid(name: str, problem: Message) -> CatalogueInvalid:
    return CatalogueInvalid(
        Message(
            N_("The criteria set {file} was refused: {problem}. Nothing was changed."),
            file=name,
            problem=problem,
        )
    )


def parse(data: bytes, name: str) -> dict[str, Any]:
    """The criteria document in ``data``, checked (shape, codes, weights, scale)."""
    if len(data) > MAX_FILE_BYTES:
        raise _invalid(
            name,
            Message(N_("it is larger than {limit} KB"), limit=MAX_FILE_BYTES // 1024),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _invalid(name, Message(N_("it is not valid UTF-8 text"))) from None

    try:
        document = strict_json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise _invalid(
            name, Message(N_("it is not valid JSON ({error})"), error=str(exc)[:200])
        ) from None
    return check(document, name)


def check(document: Any, name: str) -> dict[str, Any]:
    try:
        check_record(document, SCHEMA, "", closed=True)
    except SchemaError as exc:
        raise _invalid(name, _blank(document) or exc.message()) from None
    assert isinstance(document, dict)
    if document["format_version"] != FORMAT_VERSION:
        raise _invalid(
            name,
            Message(
                N_("its format version {found} is not {expected}"),
                found=document["format_version"],
                expected=FORMAT_VERSION,
            ),
        )
    problems = list(_problems(document))
    if problems:
        raise _invalid(name, problems[0])
    return document


def _blank(document: Any) -> Message | None:
    """A German name or a code left empty, said in words rather than as the place in the file
    (``criteria[2].name_de: must not be empty``) where the schema would name it."""

    def blank(record: Any, key: str) -> bool:
        return (
            isinstance(record, dict)
            and isinstance(record.get(key), str)
            and not record[key].strip()
        )

    if not isinstance(document, dict):
        return None
    if blank(document, "code"):
        return Message(N_("the set needs a code"))
    if blank(document, "name_de"):
        return Message(N_("the set needs a German name"))
    entries = document.get("criteria")
    for number, criterion in enumerate(entries if isinstance(entries, list) else [], start=1):
        if blank(criterion, "code"):
            return Message(N_("criterion {number} needs a code"), number=number)
        if blank(criterion, "name_de"):
            return Message(
                N_("the criterion {code} needs a German name"), code=criterion.get("code")
            )
    return None


def _problems(document: dict[str, Any]) -> Any:
    if not SET_CODE.match(document["code"]):
        yield Message(
            N_("the set's code “{code}” must be letters, digits, “-”, “_” or “.”"),
            code=document["code"],
        )
    if not document["name_de"].strip():
        yield Message(N_("the set needs a German name"))
    low, high = document["scale"]["min"], document["scale"]["max"]
    if not (0 <= low < high <= 100 and high - low + 1 <= MAX_SCALE_POINTS):
        yield Message(
            N_(
                "the scale {low}–{high} is not allowed: whole numbers from 0 to 100, lowest "
                "below highest, at most {points} points"
            ),
            low=low,
            high=high,
            points=MAX_SCALE_POINTS,
        )
    seen_values: set[int] = set()
    for label in document.get("scale_labels") or []:
        if not low <= label["value"] <= high or label["value"] in seen_values:
            yield Message(
                N_("the scale label for {value} is outside the scale or given twice"),
                value=label["value"],
            )
        seen_values.add(label["value"])
    if not document["criteria"]:
        yield Message(N_("the set has no criteria"))
    seen: set[str] = set()
    for criterion in document["criteria"]:
        code = criterion["code"]
        if not CODE.match(code):
            yield Message(
                N_(
                    "the criterion code “{code}” must be capital letters, digits or “_”, "
                    "starting with a letter"
                ),
                code=code,
            )
        if code in seen:
            yield Message(N_("the criterion {code} is given twice"), code=code)
        seen.add(code)
        weight = criterion["weight"]
        if isinstance(weight, bool) or not 0 < weight <= MAX_WEIGHT:
            yield Message(
                N_("the weight of {code} must be above 0 and at most {limit}"),
                code=code,
                limit=MAX_WEIGHT,
            )
        if not criterion["name_de"].strip():
            yield Message(N_("the criterion {code} needs a German name"), code=code)


def read(path: Path) -> dict[str, Any]:
    try:
        if checked_input(path) > MAX_FILE_BYTES:
            raise _invalid(
                path.name,
                Message(N_("it is larger than {limit} KB"), limit=MAX_FILE_BYTES // 1024),
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            Message(N_("Cannot read {path}: {error}"), path=path, error=os_reason(exc))
        ) from None
    return parse(data, path.name)


# -- the register's sets ----------------------------------------------------------------------


def list_sets(session: Session) -> list[CriteriaSet]:
    return list(
        session.scalars(
            select(CriteriaSet)
            .options(selectinload(CriteriaSet.criteria))
            .order_by(CriteriaSet.code)
        )
    )


def find_set(session: Session, code: str | None) -> CriteriaSet:
    """The set ``code``; without a code, the only set, or else the default set."""
    sets = list_sets(session)
    if code is None:
        if len(sets) == 1:
            return sets[0]
        for candidate in sets:
            if candidate.code == DEFAULT_CODE:
                return candidate
        if not sets:
            raise NotFound(Message(N_("The register has no criteria set (imag criteria import).")))
        raise InvalidInput(
            Message(
                N_("Several criteria sets exist; choose one: {codes}."),
                codes=", ".join(s.code for s in sets),
            )
        )
    for candidate in sets:
        if candidate.code.casefold() == code.strip().casefold():
            return candidate
    raise NotFound(
        Message(
            N_("There is no criteria set “{code}”; known: {codes}."),
            code=code,
            codes=", ".join(s.code for s in sets) or "–",
        )
    )


def as_document(criteria_set: CriteriaSet) -> dict[str, Any]:
    """The set in the file format (what ``imag criteria export`` writes, what rounds freeze)."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "code": criteria_set.code,
        "proposal": criteria_set.proposal,
        "name_de": criteria_set.name_de,
        "name_pl": criteria_set.name_pl,
        "name_cs": criteria_set.name_cs,
        "source_de": criteria_set.description_de,
        "source_pl": criteria_set.description_pl,
        "source_cs": criteria_set.description_cs,
        "scale": {"min": criteria_set.scale_min, "max": criteria_set.scale_max},
        "scale_labels": json.loads(criteria_set.scale_labels),
        "criteria": [
            {
                "code": criterion.code,
                "weight": criterion.weight,
                "name_de": criterion.name_de,
                "name_pl": criterion.name_pl,
                "name_cs": criterion.name_cs,
                "description_de": criterion.description_de,
                "description_pl": criterion.description_pl,
                "description_cs": criterion.description_cs,
            }
            for criterion in criteria_set.criteria
        ],
    }


def rounds_using(session: Session) -> dict[str, list[tuple[str, str]]]:
    """Per set code: the rounds that froze a copy of that set, as (name, status), oldest first.
    Such a round keeps its copy when the set is changed later."""
    found: dict[str, list[tuple[str, str]]] = {}
    rows = session.execute(
        select(RoundCriteria.set_code, Round.name, Round.status)
        .join(Round, Round.id == RoundCriteria.round_id)
        .order_by(Round.created_at, Round.id)
    )
    for code, name, status in rows:
        found.setdefault(code, []).append((name, str(status.value)))
    return found


def save_set(
    session: Session, actor: Actor, document: dict[str, Any], *, new: bool = False
) -> CriteriaSet:
    """Create the set ``document`` describes, or replace the one with its code (rounds already
    created keep the criteria they froze). The document is checked first. With ``new``, a set
    with the same code (in any case) is refused instead of replaced."""
    document = check(
        document, str(document.get("code") or "?") if isinstance(document, dict) else "?"
    )
    with transaction(session):
        if new:
            taken = next(
                (
                    s.code
                    for s in list_sets(session)
                    if s.code.casefold() == document["code"].casefold()
                ),
                None,
            )
            if taken is not None:
                raise InvalidInput(
                    Message(
                        N_("A criteria set {code} exists already; choose another code."),
                        code=taken,
                    )
                )
        existing = session.scalar(
            select(CriteriaSet).where(CriteriaSet.code == document["code"]).with_for_update()
        )
        old = as_document(existing) if existing is not None else None
        before = dict(criteria_texts.texts(existing)) if existing is not None else {}
        target = existing or CriteriaSet(code=document["code"])
        if existing is not None:
            target.revision += 1
        target.name_de = document["name_de"].strip()
        target.name_pl = (document.get("name_pl") or "").strip() or None
        target.name_cs = (document.get("name_cs") or "").strip() or None
        target.description_de = document.get("source_de")
        target.description_pl = document.get("source_pl")
        target.description_cs = document.get("source_cs")
        target.scale_min = document["scale"]["min"]
        target.scale_max = document["scale"]["max"]
        target.scale_labels = json.dumps(
            sorted(document.get("scale_labels") or [], key=lambda label: label["value"]),
            ensure_ascii=False,
        )
        target.proposal = bool(document.get("proposal", False))
        target.updated_at = audit.now_iso()
        target.criteria.clear()
        session.add(target)
        session.flush()
        for position, entry in enumerate(document["criteria"]):
            target.criteria.append(
                Criterion(
                    code=entry["code"],
                    position=position,
                    weight=float(entry["weight"]),
                    name_de=entry["name_de"].strip(),
                    name_pl=(entry.get("name_pl") or "").strip() or None,
                    name_cs=(entry.get("name_cs") or "").strip() or None,
                    description_de=entry.get("description_de"),
                    description_pl=entry.get("description_pl"),
                    description_cs=entry.get("description_cs"),
                )
            )
        criteria_texts.mark_edited(session, target, before)
        audit.log(
            session,
            actor,
            action="update" if existing is not None else "create",
            entity="criteria_set",
            code=target.code,
            old=old,
            new=as_document(target),
        )
    return target


def import_file(session: Session, actor: Actor, path: Path) -> CriteriaSet:
    return save_set(session, actor, read(path))


def export_file(criteria_set: CriteriaSet, target: Path) -> Path:
    from app.fileio import write_atomically

    data = json.dumps(as_document(criteria_set), ensure_ascii=False, indent=1).encode() + b"\n"
    write_atomically(target, lambda temporary: temporary.write_bytes(data))
    return target


def default_document() -> dict[str, Any]:
    from app.resources import resource

    path = resource("catalogue", "criteria-default.json")
    return parse(path.read_bytes(), path.name)
