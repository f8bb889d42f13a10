"""Fill an empty register from a checked catalogue and the default departments."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app import __version__
from app.catalogue.loader import Catalogue
from app.models import (
    Department,
    Goal,
    Instrument,
    Measure,
    Modality,
    Origin,
    Partner,
    PartnerKind,
    Partnership,
    PartnershipKind,
    PartnershipStatus,
    ReferenceItem,
    RegisterKind,
    RegisterMeta,
    Section,
    Strategy,
    TranslationState,
)
from app.operations.audit import now_iso, record


def _lines(item: dict[str, Any]) -> tuple[int | None, int | None]:
    lines = item.get("lines") or [None, None]
    return lines[0], lines[-1]


def populate(
    session: Session,
    catalogue: Catalogue,
    departments: list[dict[str, str | None]],
    *,
    kind: RegisterKind,
    actor: str,
) -> None:
    """Write the strategy, its measures, partnerships and lists, and the departments."""
    data = catalogue.data
    stamp = now_iso()
    source = f"catalogue:{catalogue.id}@{catalogue.version}"
    meta = {
        "register_id": str(uuid.uuid4()),
        "kind": kind.value,
        "created_at": stamp,
        "created_by": actor,
        "created_with": __version__,
        "catalogue_id": catalogue.id,
        "catalogue_version": catalogue.version,
    }
    session.add_all(RegisterMeta(key=k, value=v) for k, v in meta.items())
    strategy = _strategy(session, catalogue)
    instruments, sections = _instruments(session, data["instruments"], strategy)
    stamped = _Stamp(actor=actor, source=source, at=stamp)
    department_rows = _departments(session, departments, stamped)
    _measures(session, data["measures"], instruments, sections, stamped)
    _partnerships(session, data, department_rows)
    _lists(session, data["lists"])
    record(
        session,
        actor=actor,
        source=source,
        action="create",
        entity="register",
        code=meta["register_id"],
        new=kind.value,
        at=stamp,
    )


@dataclass(frozen=True)
class _Stamp:
    """Who seeds, from which catalogue, when: recorded with every seeded row's audit event."""

    actor: str
    source: str
    at: str

    def created(self, session: Session, entity: str, code: str) -> None:
        record(
            session,
            actor=self.actor,
            source=self.source,
            action="create",
            entity=entity,
            code=code,
            at=self.at,
        )


def _strategy(session: Session, catalogue: Catalogue) -> Strategy:
    data = catalogue.data
    info = data["strategy"]
    strategy = Strategy(
        code=info["code"],
        title_de=info["title_de"],
        title_pl=info.get("title_pl"),
        title_cs=info.get("title_cs"),
        short_title_de=info.get("short_title_de"),
        adopted=info.get("adopted"),
        catalogue_version=catalogue.version,
        source_name=(info.get("source") or {}).get("name"),
        source_sha256=(info.get("source") or {}).get("sha256"),
        budget_reservation_de=info.get("budget_reservation_de"),
    )
    session.add(strategy)
    for goal in data["goals"]:
        first, last = _lines(goal)
        session.add(
            Goal(
                strategy=strategy,
                number=goal["number"],
                text_de=goal["text_de"],
                text_pl=goal.get("text_pl"),
                text_cs=goal.get("text_cs"),
                source_first_line=first,
                source_last_line=last,
            )
        )
    return strategy


def _instruments(
    session: Session, items: list[dict[str, Any]], strategy: Strategy
) -> tuple[dict[str, Instrument], dict[tuple[str, str], Section]]:
    instruments: dict[str, Instrument] = {}
    sections: dict[tuple[str, str], Section] = {}
    for position, item in enumerate(items, start=1):
        instrument = Instrument(
            strategy=strategy,
            numeral=item["numeral"],
            position=position,
            title_de=item["title_de"],
            title_pl=item.get("title_pl"),
            title_cs=item.get("title_cs"),
            source_first_line=item.get("line"),
        )
        instruments[item["numeral"]] = instrument
        session.add(instrument)
        for section_position, section_item in enumerate(item["sections"], start=1):
            section = Section(
                instrument=instrument,
                code=section_item["code"],
                position=section_position,
                title_de=section_item["title_de"],
                title_pl=section_item.get("title_pl"),
                title_cs=section_item.get("title_cs"),
                source_first_line=section_item.get("line"),
            )
            sections[(item["numeral"], section_item["code"])] = section
            session.add(section)
    return instruments, sections


def _departments(
    session: Session, rows: list[dict[str, str | None]], stamp: _Stamp
) -> dict[str, Department]:
    found: dict[str, Department] = {}
    for position, row in enumerate(rows, start=1):
        department = Department(
            code=str(row["code"]),
            kind=row.get("kind") or "ministry",
            name_de=str(row["name_de"]),
            name_pl=row.get("name_pl"),
            name_cs=row.get("name_cs"),
            note=row.get("note"),
            email=row.get("email"),
            language=row.get("language") or "de",
            position=position,
        )
        found[department.code] = department
        session.add(department)
        stamp.created(session, "department", department.code)
    return found


def _measures(
    session: Session,
    items: list[dict[str, Any]],
    instruments: dict[str, Instrument],
    sections: dict[tuple[str, str], Section],
    stamp: _Stamp,
) -> None:
    for position, item in enumerate(items, start=1):
        first, last = _lines(item)
        footnote = item.get("footnote")
        measure = Measure(
            code=item["code"],
            instrument=instruments[item["instrument"]],
            section=sections.get((item["instrument"], item["section"]))
            if item["section"]
            else None,
            position=position,
            origin=Origin.CATALOGUE,
            title_de=item["title_de"],
            # the catalogue's Polish and Czech titles are proposals until a liaison office
            # confirms them
            title_pl=item.get("title_pl"),
            state_pl=_state(item.get("title_pl")),
            title_cs=item.get("title_cs"),
            state_cs=_state(item.get("title_cs")),
            lead_in_de=item["lead_in_de"],
            modality=Modality(item["modality"]),
            footnote_de=footnote["text_de"] if footnote else None,
            source_first_line=first,
            source_last_line=last,
            created_at=stamp.at,
            updated_at=stamp.at,
        )
        session.add(measure)
        stamp.created(session, "measure", measure.code)


def _state(title: str | None) -> TranslationState:
    return TranslationState.PROPOSAL if title else TranslationState.MISSING


def _partnerships(
    session: Session, data: dict[str, Any], departments: dict[str, Department]
) -> None:
    partners: dict[str, Partner] = {}
    for item in data["partners"]:
        partner = Partner(
            code=item["code"],
            kind=PartnerKind(item["kind"]),
            country=item.get("country"),
            name_de=item["name_de"],
            name_pl=item.get("name_pl"),
            name_cs=item.get("name_cs"),
            note=item.get("note_de"),
        )
        partners[partner.code] = partner
        session.add(partner)
    for item in data["partnerships"]:
        first, last = _lines(item)
        signatory = item.get("signatory")
        session.add(
            Partnership(
                code=item["code"],
                partner=partners[item["partner"]],
                kind=PartnershipKind(item["kind"]),
                status=PartnershipStatus(item["status"]),
                since_year=item.get("since_year"),
                status_since=item.get("status_since"),
                basis_de=item.get("basis_de"),
                signatory=departments.get(signatory) if signatory else None,
                note_de=item.get("note_de"),
                source_first_line=first,
                source_last_line=last,
            )
        )


def _lists(session: Session, lists: dict[str, list[dict[str, Any]]]) -> None:
    for list_key, items in lists.items():
        for position, item in enumerate(items, start=1):
            first, last = _lines(item)
            session.add(
                ReferenceItem(
                    list_key=list_key,
                    code=item["code"],
                    position=position,
                    name_de=item["name_de"],
                    name_pl=item.get("name_pl"),
                    name_cs=item.get("name_cs"),
                    detail_de=item.get("detail_de"),
                    since_year=item.get("since_year"),
                    ref=item.get("ref"),
                    source_first_line=first,
                    source_last_line=last,
                )
            )
