"""The secretariat's side of a measure round: create it, issue one package per department,
import the returns, resolve conflicts, see who is missing, close it.

Every function that writes takes a session without an open transaction and runs its whole
change in one transaction: an import is applied whole or not at all. Refusals raise
:class:`~app.errors.UserError` subclasses with a translatable message that names the reason.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from app.errors import InvalidInput, NotFound, NotWritable, PackageRefused
from app.exchange import container, payloads
from app.fileio import os_reason
from app.i18n import N_, NP_, Message
from app.models import (
    Conflict,
    ConflictState,
    Department,
    DepartmentRole,
    ImportedReturn,
    Instrument,
    IssuedItem,
    IssuedPackage,
    Measure,
    MeasureDepartment,
    Partnership,
    Proposal,
    ProposalState,
    ReturnEntry,
    Round,
    RoundDepartment,
    RoundKind,
    RoundStatus,
)
from app.operations import audit
from app.operations.context import Actor, transaction
from app.partnerships import answers as assessment
from app.partnerships import rounds as partnership_rounds
from app.rounds import keys, values

ROUND_SUFFIX = ".imag-round"
RETURN_SUFFIX = ".imag-return"
MAX_NAME = 120
MAX_SEQUENCE = 1_000_000  # a department's return versions for one round; SQLite holds 2**63


class AlreadyImported(PackageRefused):
    """The same return was imported before; nothing was changed."""


# -- rounds -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundInput:
    name: str
    deadline: dt.date
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    departments: tuple[str, ...] = ()  # empty: every department that leads a measure in scope
    instruments: tuple[str, ...] = ()  # empty: all instruments
    note: str | None = None
    kind: RoundKind = RoundKind.MEASURES
    partnerships: tuple[str, ...] = ()  # partnership rounds; empty: active and dormant regional
    criteria_set: str | None = None  # partnership rounds; None: the only or the default set


def find_round(session: Session, name: str) -> Round:
    found = session.scalar(select(Round).where(Round.name == name.strip()))
    if found is None:
        found = session.scalar(select(Round).where(Round.uid == name.strip()))
    if found is None:
        names = session.scalars(select(Round.name).order_by(Round.created_at)).all()
        raise NotFound(
            Message(
                N_("There is no evaluation round “{name}”. Rounds in this register: {names}."),
                name=name,
                names=", ".join(names) if names else "–",
            )
        )
    return found


def list_rounds(session: Session) -> list[Round]:
    return list(session.scalars(select(Round).order_by(Round.created_at, Round.id)))


def _validate(data: RoundInput) -> None:
    name = data.name.strip()
    if not name:
        raise InvalidInput(Message(N_("A round needs a name.")))
    if len(name) > MAX_NAME or any(ord(char) < 32 for char in name):
        raise InvalidInput(
            Message(
                N_("A round's name must be one line of at most {limit} characters."),
                limit=MAX_NAME,
            )
        )
    if data.period_start and data.period_end and data.period_end < data.period_start:
        raise InvalidInput(
            Message(
                N_("The reporting period ends ({end}) before it starts ({start})."),
                end=data.period_end.isoformat(),
                start=data.period_start.isoformat(),
            )
        )


def _instrument_numerals(session: Session, wanted: Iterable[str]) -> list[str]:
    known = list(session.scalars(select(Instrument.numeral).order_by(Instrument.position)))
    chosen = [numeral.strip().upper() for numeral in wanted if numeral.strip()]
    for numeral in chosen:
        if numeral not in known:
            raise InvalidInput(
                Message(
                    N_("There is no instrument {code}; known: {known}."),
                    code=numeral,
                    known=", ".join(known),
                )
            )
    return sorted(set(chosen), key=known.index)


def _scope_measures(session: Session, round_: Round) -> list[Measure]:
    statement = (
        select(Measure)
        .join(Instrument, Measure.instrument_id == Instrument.id)
        .where(Measure.archived.is_(False))
        .options(
            selectinload(Measure.department_links).selectinload(MeasureDepartment.department),
            selectinload(Measure.indicators),
            selectinload(Measure.instrument),
            selectinload(Measure.section),
        )
        .order_by(Measure.position, Measure.id)
    )
    if round_.instruments:
        statement = statement.where(Instrument.numeral.in_(json.loads(round_.instruments)))
    return list(session.scalars(statement))


def create_round(session: Session, actor: Actor, data: RoundInput) -> Round:
    """A new round in draft; its departments default to those leading a measure in scope."""
    _validate(data)
    with transaction(session):
        name = data.name.strip()
        if session.scalar(select(Round.id).where(Round.name == name)) is not None:
            raise InvalidInput(Message(N_("There is already a round called “{name}”."), name=name))
        partnership_round = data.kind == RoundKind.PARTNERSHIPS
        numerals = [] if partnership_round else _instrument_numerals(session, data.instruments)
        now = audit.now_iso()
        round_ = Round(
            uid=str(uuid.uuid4()),
            name=name,
            kind=data.kind,
            status=RoundStatus.DRAFT,
            period_start=data.period_start,
            period_end=data.period_end,
            deadline=data.deadline,
            note=(data.note or "").strip() or None,
            instruments=json.dumps(numerals) if numerals else None,
            secret=keys.new_secret(),
            created_at=now,
            created_by=actor.name,
        )
        session.add(round_)
        session.flush()
        if partnership_round:
            chosen = partnership_rounds.set_up(
                session,
                round_,
                criteria_set=data.criteria_set,
                partnerships=data.partnerships,
                departments=data.departments,
            )
        else:
            chosen = _round_departments(session, round_, data.departments)
        round_.departments = [RoundDepartment(department=department) for department in chosen]
        if not round_.departments:
            raise InvalidInput(
                Message(
                    N_(
                        "No department leads a measure in this round's scope; name the "
                        "departments with --departments or assign lead departments first."
                    )
                )
            )
        audit.log(
            session,
            actor,
            action="create",
            entity="round",
            code=name,
            new={
                "kind": data.kind.value,
                "deadline": data.deadline.isoformat(),
                "departments": [link.department.code for link in round_.departments],
                "instruments": numerals,
            },
            at=now,
        )
    return round_


def _round_departments(session: Session, round_: Round, codes: tuple[str, ...]) -> list[Department]:
    if codes:
        wanted = [code.strip().upper() for code in codes if code.strip()]
        found = {
            department.code: department
            for department in session.scalars(select(Department).where(Department.code.in_(wanted)))
        }
        for code in wanted:
            if code not in found:
                raise InvalidInput(
                    Message(N_("There is no department with the code {code}."), code=code)
                )
            if found[code].retired:
                raise InvalidInput(Message(N_("The department {code} is retired."), code=code))
        return [found[code] for code in dict.fromkeys(wanted)]
    leads: dict[int, Department] = {}
    for measure in _scope_measures(session, round_):
        lead = measure.lead_department
        if lead is not None and not lead.retired:
            leads[lead.id] = lead
    return sorted(leads.values(), key=lambda department: (department.position, department.code))


# -- issuing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Issued:
    department: str
    path: Path
    items: int


def _slug(name: str) -> str:
    slug = re.sub(r"[^\w.-]+", "-", name, flags=re.UNICODE).strip("-.")
    return slug[:60] or "round"


def _names(model: Any, prefix: str) -> dict[str, Any]:
    return {f"{prefix}_{lang}": getattr(model, f"{prefix}_{lang}") for lang in ("de", "pl", "cs")}


def items_for(session: Session, round_: Round, department: Department) -> list[Measure]:
    """The measures ``department`` reports on in ``round_``: those it leads, in scope."""
    return [
        measure
        for measure in _scope_measures(session, round_)
        if (lead := measure.lead_department) is not None and lead.id == department.id
    ]


def issue(
    session: Session,
    actor: Actor,
    name: str,
    out_dir: Path,
    *,
    departments: tuple[str, ...] = (),
) -> list[Issued]:
    """Write one round package per department into ``out_dir`` (all or none) and open the
    round. A department issued again gets a new package; returns to the old one still count."""
    written: list[Path] = []
    try:
        with transaction(session):
            round_ = find_round(session, name)
            if round_.status == RoundStatus.CLOSED:
                raise InvalidInput(
                    Message(N_("The round “{name}” is closed; nothing can be issued."), name=name)
                )
            scope = [link.department for link in round_.departments]
            if departments:
                wanted = {code.strip().upper() for code in departments}
                unknown = wanted - {department.code for department in scope}
                if unknown:
                    raise InvalidInput(
                        Message(
                            N_("{codes} is not in the round's scope (in scope: {scope})."),
                            codes=", ".join(sorted(unknown)),
                            scope=", ".join(department.code for department in scope),
                        )
                    )
                scope = [department for department in scope if department.code in wanted]
            try:
                out_dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise NotWritable(
                    Message(N_("Cannot write {path}: {error}"), path=out_dir, error=os_reason(exc))
                ) from None
            signing = keys.signing_key(session)
            register_uid = keys.register_uid(session)
            now = audit.now_iso()
            if round_.status == RoundStatus.DRAFT:
                round_.status = RoundStatus.OPEN
                round_.opened_at = now
                audit.log(session, actor, action="open", entity="round", code=round_.name, at=now)
            instruments = [
                {"numeral": instrument.numeral, **_names(instrument, "title")}
                for instrument in session.scalars(select(Instrument).order_by(Instrument.position))
            ]
            results = []
            measures = (
                [] if round_.kind == RoundKind.PARTNERSHIPS else _scope_measures(session, round_)
            )
            for department in scope:
                results.append(
                    _issue_one(
                        session,
                        actor,
                        round_=round_,
                        department=department,
                        measures=[
                            m
                            for m in measures
                            if (lead := m.lead_department) and lead.id == department.id
                        ],
                        out_dir=out_dir,
                        signing=signing,
                        register_uid=register_uid,
                        instruments=instruments,
                        now=now,
                        written=written,
                    )
                )
            return results
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def _issue_one(
    session: Session,
    actor: Actor,
    *,
    round_: Round,
    department: Department,
    measures: list[Measure],
    out_dir: Path,
    signing: bytes,
    register_uid: str,
    instruments: list[dict[str, Any]],
    now: str,
    written: list[Path],
) -> Issued:
    package_uid = str(uuid.uuid4())
    items: list[dict[str, Any]] = []
    extra: dict[str, Any] = {}
    issued_items: list[IssuedItem] | None = None
    if round_.kind == RoundKind.PARTNERSHIPS:
        items, issued_items, extra = partnership_rounds.package_items(session, round_, department)
    for measure in measures:
        items.append(
            {
                "code": measure.code,
                "instrument": measure.instrument.numeral,
                "section": measure.section.title_de if measure.section else None,
                **_names(measure, "title"),
                "role": DepartmentRole.LEAD.value,
                "values": values.measure_values(measure),
            }
        )
    payload = {
        "round": {
            "uid": round_.uid,
            "name": round_.name,
            "kind": round_.kind.value,
            "deadline": round_.deadline.isoformat(),
            "period_start": round_.period_start.isoformat() if round_.period_start else None,
            "period_end": round_.period_end.isoformat() if round_.period_end else None,
            "note": round_.note,
        },
        "department": {"code": department.code, **_names(department, "name")},
        "issuer": {"register_uid": register_uid, "name": actor.name},
        "return_key": container.b64(keys.return_key(round_.secret, department.code)),
        "recipient_key": container.b64(keys.encryption_public_key(round_.secret)),
        "instruments": instruments,
        **extra,
        "items": items,
    }
    manifest = {
        "kind": "round",
        "package_uid": package_uid,
        "created_at": now,
        "register_uid": register_uid,
        "round_uid": round_.uid,
        "round_name": round_.name,
        "department": department.code,
        "signer_key": container.b64(container.public_signing_key(signing)),
    }
    data = container.package_bytes(
        manifest,
        payload,
        authenticate=container.signer(signing),
        authentication=container.SIGNED,
    )
    target = out_dir / f"{_slug(round_.name)}_{department.code}{ROUND_SUFFIX}"
    from app.fileio import write_atomically

    write_atomically(target, lambda temporary: temporary.write_bytes(data))
    written.append(target)
    import hashlib

    package = IssuedPackage(
        uid=package_uid,
        round_id=round_.id,
        department_id=department.id,
        issued_at=now,
        issued_by=actor.name,
        sha256=hashlib.sha256(data).hexdigest(),
        file_name=target.name,
    )
    package.items = (
        issued_items
        if issued_items is not None
        else [
            IssuedItem(
                position=index,
                code=item["code"],
                measure_id=measure.id,
                revision=measure.revision,
                values=json.dumps(item["values"], ensure_ascii=False, sort_keys=True),
            )
            for index, (item, measure) in enumerate(zip(items, measures, strict=True))
        ]
    )
    session.add(package)
    audit.log(
        session,
        actor,
        action="issue",
        entity="round",
        code=round_.name,
        new={"department": department.code, "package": package_uid, "items": len(items)},
        at=now,
    )
    return Issued(department=department.code, path=target, items=len(items))


# -- importing --------------------------------------------------------------------------------


@dataclass
class ImportOutcome:
    path: Path
    state: str  # "imported", "duplicate", "refused"
    message: Message
    department: str | None = None
    answers: int = 0
    applied: int = 0
    conflicts: int = 0
    proposals: int = 0
    superseded: bool = False


def return_files(paths: Iterable[Path]) -> list[Path]:
    """The files to import: each file as given, and the ``*.imag-return`` files of each folder."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix == RETURN_SUFFIX and p.is_file())
        else:
            found.append(path)
    return found


def import_returns(session: Session, actor: Actor, paths: Iterable[Path]) -> list[ImportOutcome]:
    """Import each return on its own: applied whole or refused whole, with a reason."""
    outcomes = []
    for path in return_files(paths):
        try:
            outcomes.append(import_return(session, actor, path))
        except AlreadyImported as exc:
            outcomes.append(ImportOutcome(path, "duplicate", exc.message))
        except PackageRefused as exc:
            outcomes.append(ImportOutcome(path, "refused", exc.message))
    return outcomes


def _refuse_if_imported(session: Session, name: str, statement: Select[ImportedReturn]) -> None:
    previous = session.scalar(statement)
    if previous is not None:
        raise AlreadyImported(
            Message(
                N_(
                    "The return {file} was already imported on {date} (from {department}, "
                    "version {sequence}); nothing was changed."
                ),
                file=name,
                date=previous.imported_at[:10],
                department=previous.department.code,
                sequence=previous.sequence,
            )
        )


def import_return(session: Session, actor: Actor, path: Path) -> ImportOutcome:
    """Check and apply one return package in one transaction; raises :class:`PackageRefused`
    (or :class:`AlreadyImported`) and changes nothing if anything is wrong with it."""
    package = container.read(path)
    name = package.name

    def refuse(reason: str, **params: Any) -> PackageRefused:
        return PackageRefused(
            Message(
                N_("The package {file} was refused: {reason}. Nothing was changed."),
                file=name,
                reason=Message(reason, **params),
            )
        )

    manifest = package.manifest
    if package.kind != "return":
        raise refuse(N_("it is a round package, not a return; open it on the department's side"))
    with transaction(session):
        if manifest["register_uid"] != keys.register_uid(session):
            raise refuse(N_("it answers a round of another register"))
        round_ = session.scalar(select(Round).where(Round.uid == manifest["round_uid"]))
        if round_ is None:
            raise refuse(N_("it answers a round this register does not have"))
        # the very same file: already imported (also once the round is closed)
        _refuse_if_imported(
            session, name, select(ImportedReturn).where(ImportedReturn.sha256 == package.sha256)
        )
        if round_.status == RoundStatus.CLOSED:
            raise refuse(
                N_("the round “{round}” is closed; returns are accepted only while it is open"),
                round=round_.name,
            )
        if round_.status != RoundStatus.OPEN:
            raise refuse(N_("the round “{round}” has not been issued yet"), round=round_.name)
        department = session.scalar(
            select(Department).where(Department.code == manifest["department"])
        )
        issued = session.scalar(
            select(IssuedPackage)
            .where(IssuedPackage.uid == str(manifest.get("issued_package_uid")))
            .options(selectinload(IssuedPackage.items))
        )
        if (
            department is None
            or issued is None
            or issued.round_id != round_.id
            or issued.department_id != department.id
        ):
            raise refuse(
                N_(
                    "it speaks for department {department}, to which this round package was not "
                    "issued"
                ),
                department=str(manifest["department"]),
            )
        package.verify_mac(keys.return_key(round_.secret, department.code))
        # the same return in another file (authentic, so its uid can be trusted)
        _refuse_if_imported(
            session,
            name,
            select(ImportedReturn).where(ImportedReturn.uid == manifest["package_uid"]),
        )
        sequence = manifest.get("sequence")
        if (
            not isinstance(sequence, int)
            or isinstance(sequence, bool)
            or not 1 <= sequence <= MAX_SEQUENCE
        ):
            raise refuse(N_("its manifest is incomplete or malformed"))
        content = payloads.check(
            package.content(keys.encryption_private_key(round_.secret)),
            payloads.return_spec(round_.kind.value),
            name,
        )
        partnership_round = round_.kind == RoundKind.PARTNERSHIPS
        latest = session.scalar(
            select(func.max(ImportedReturn.sequence)).where(
                ImportedReturn.round_id == round_.id,
                ImportedReturn.department_id == department.id,
            )
        )
        if latest is not None and sequence <= latest:
            raise refuse(
                N_(
                    "it is version {sequence} of {department}'s return, older than version "
                    "{latest}, which was already imported"
                ),
                sequence=sequence,
                department=department.code,
                latest=latest,
            )
        issued_items = {item.code: item for item in issued.items}
        answers: dict[str, dict[str, Any]] = {}
        for raw in content["answers"]:
            code = raw["code"]
            item = issued_items.get(code)
            if item is None:
                raise refuse(
                    N_("it answers for partnership {code}, which was not issued to {department}")
                    if partnership_round
                    else N_("it answers for measure {code}, which was not issued to {department}"),
                    code=code,
                    department=department.code,
                )
            if code in answers:
                raise refuse(
                    N_("it answers twice for partnership {code}")
                    if partnership_round
                    else N_("it answers twice for measure {code}"),
                    code=code,
                )
            try:
                if partnership_round:
                    answers[code] = partnership_rounds.normalized_return(session, round_, raw)
                    document = partnership_rounds.round_criteria(session, round_)
                    incomplete = assessment.problem(answers[code], document["criteria"])
                    if incomplete is not None:
                        raise InvalidInput(incomplete)
                else:
                    answers[code] = values.normalized_answer(
                        {key: value for key, value in raw.items() if key != "code"},
                        json.loads(item.values),
                    )
            except InvalidInput as exc:
                raise refuse(
                    N_("its answer for {code} is not valid: {problem}"),
                    code=code,
                    problem=exc.message,
                ) from None
        proposals = content["proposals"]
        numerals = set(session.scalars(select(Instrument.numeral)))
        for proposal in proposals:
            if proposal["instrument"] not in numerals:
                raise refuse(
                    N_("it proposes a measure for an unknown instrument {code}"),
                    code=proposal["instrument"],
                )
        now = audit.now_iso()
        record = ImportedReturn(
            uid=manifest["package_uid"],
            sha256=package.sha256,
            round_id=round_.id,
            department_id=department.id,
            package_id=issued.id,
            sequence=sequence,
            created_at=str(manifest["created_at"])[:32],
            author=content.get("author"),
            imported_at=now,
            imported_by=actor.name,
            encrypted=package.encrypted,
            file_name=name[:255],
        )
        session.add(record)
        session.flush()
        outcome = ImportOutcome(
            path=path,
            state="imported",
            message=Message(""),
            department=department.code,
            answers=len(answers),
            superseded=latest is not None,
        )
        source = Actor(actor.name, f"package:{record.uid}")
        # read what the merge compares with once, not per answer or per field
        measures = (
            {}
            if partnership_round
            else _measures(session, [issued_items[code].measure_id for code in answers])
        )
        previous = _previous_answers(session, round_, department, record)
        open_conflicts = _open_conflicts(session, round_, department, record)
        for code, answer in answers.items():
            item = issued_items[code]
            measure = measures.get(item.measure_id) if item.measure_id else None
            session.add(
                ReturnEntry(
                    return_id=record.id,
                    code=code,
                    measure_id=measure.id if measure else None,
                    values=json.dumps(answer, ensure_ascii=False, sort_keys=True),
                )
            )
            if partnership_round:
                applied, conflicts = partnership_rounds.merge(
                    session,
                    source,
                    round_=round_,
                    record=record,
                    department=department,
                    item=item,
                    answer=answer,
                    previous=previous.get(code),
                    open_conflicts=open_conflicts,
                    now=now,
                )
            else:
                applied, conflicts = _merge(
                    session,
                    source,
                    round_=round_,
                    record=record,
                    item=item,
                    measure=measure,
                    answer=answer,
                    previous=previous.get(code),
                    open_conflicts=open_conflicts,
                    now=now,
                )
            outcome.applied += applied
            outcome.conflicts += conflicts
        for position, proposal in enumerate(proposals):
            session.add(
                Proposal(
                    return_id=record.id,
                    position=position,
                    instrument=proposal["instrument"],
                    title_de=proposal["title_de"].strip(),
                    description_de=(proposal.get("description_de") or "").strip() or None,
                    rationale=(proposal.get("rationale") or "").strip() or None,
                    state=ProposalState.OPEN,
                )
            )
        outcome.proposals = len(proposals)
        audit.log(
            session,
            actor,
            action="import",
            entity="round",
            code=round_.name,
            new={
                "department": department.code,
                "return": record.uid,
                "sequence": sequence,
                "answers": outcome.answers,
                "applied": outcome.applied,
                "conflicts": outcome.conflicts,
                "proposals": outcome.proposals,
            },
            at=now,
        )
    outcome.message = Message(
        N_(
            "{file}: the return of {department} (version {sequence}) was imported. Answers: "
            "{answers}; changes applied: {applied}; conflicts: {conflicts}; proposals: "
            "{proposals}."
        ),
        file=name,
        department=department.code,
        sequence=sequence,
        answers=outcome.answers,
        applied=outcome.applied,
        conflicts=outcome.conflicts,
        proposals=outcome.proposals,
    )
    return outcome


def _measures(session: Session, ids: list[int | None]) -> dict[int, Measure]:
    wanted = [identifier for identifier in ids if identifier is not None]
    return {
        measure.id: measure
        for measure in session.scalars(
            select(Measure).where(Measure.id.in_(wanted)).options(selectinload(Measure.indicators))
        )
    }


def _previous_answers(
    session: Session, round_: Round, department: Department, current: ImportedReturn
) -> dict[str, dict[str, Any]]:
    """Per code, the answer of the department's latest earlier return that has one."""
    rows = session.execute(
        select(ReturnEntry.code, ReturnEntry.values)
        .join(ImportedReturn, ReturnEntry.return_id == ImportedReturn.id)
        .where(
            ImportedReturn.round_id == round_.id,
            ImportedReturn.department_id == department.id,
            ImportedReturn.id != current.id,
        )
        .order_by(ImportedReturn.sequence)
    )
    return {code: dict(json.loads(encoded)) for code, encoded in rows}


def _open_conflicts(
    session: Session, round_: Round, department: Department, current: ImportedReturn
) -> dict[tuple[str, str], list[Conflict]]:
    """The department's open conflicts from earlier returns, by (code, field)."""
    found: dict[tuple[str, str], list[Conflict]] = {}
    for conflict in session.scalars(
        select(Conflict)
        .join(ImportedReturn, Conflict.return_id == ImportedReturn.id)
        .where(
            Conflict.round_id == round_.id,
            Conflict.state == ConflictState.OPEN,
            Conflict.return_id != current.id,
            ImportedReturn.department_id == department.id,
        )
    ):
        found.setdefault((conflict.code, conflict.field), []).append(conflict)
    return found


def _merge(
    session: Session,
    actor: Actor,
    *,
    round_: Round,
    record: ImportedReturn,
    item: IssuedItem,
    measure: Measure | None,
    answer: dict[str, Any],
    previous: dict[str, Any] | None,
    open_conflicts: dict[tuple[str, str], list[Conflict]],
    now: str,
) -> tuple[int, int]:
    """Three-way merge of one answer: base (what the department last saw or sent: its
    ``previous`` answer, else the issued values), the register, the answer. Returns (units
    applied, conflicts raised)."""
    issued_units = values.units(json.loads(item.values))
    base_units = values.units(previous) if previous is not None else issued_units
    returned_units = values.units(answer)
    register_units = values.units(values.measure_values(measure)) if measure else {}
    applied = conflicts = 0
    for unit, returned in returned_units.items():
        base = base_units.get(unit)
        if returned == base:
            continue  # the department did not change it
        # an earlier return's open conflict on the same unit is answered by this one
        for old in open_conflicts.pop((item.code, unit), []):
            old.state = ConflictState.SUPERSEDED
            old.resolved_at = now
            old.resolved_by = actor.name
        current = register_units.get(unit) if measure else None
        if measure is not None and unit in register_units and current == base:
            _apply(session, actor, measure, unit=unit, old=current, new=returned, now=now)
            applied += 1
        elif measure is not None and current == returned:
            continue
        else:
            session.add(
                Conflict(
                    round_id=round_.id,
                    return_id=record.id,
                    code=item.code,
                    measure_id=measure.id if measure else None,
                    field=unit,
                    register_value=audit.encode(current),
                    issued_value=audit.encode(issued_units.get(unit)),
                    returned_value=audit.encode(returned),
                    state=ConflictState.OPEN,
                )
            )
            conflicts += 1
    return applied, conflicts


def _apply(
    session: Session, actor: Actor, measure: Measure, *, unit: str, old: Any, new: Any, now: str
) -> None:
    values.apply_unit(measure, unit, new)
    measure.updated_at = now
    measure.revision += 1
    audit.log(
        session,
        actor,
        action="update",
        entity="measure",
        code=measure.code,
        field=unit,
        old=old,
        new=new,
        at=now,
    )


# -- conflicts and proposals ------------------------------------------------------------------


def conflicts(session: Session, name: str, *, open_only: bool = True) -> list[Conflict]:
    round_ = find_round(session, name)
    statement = (
        select(Conflict)
        .where(Conflict.round_id == round_.id)
        .options(selectinload(Conflict.imported_return).selectinload(ImportedReturn.department))
        .order_by(Conflict.code, Conflict.field, Conflict.id)
    )
    if open_only:
        statement = statement.where(Conflict.state == ConflictState.OPEN)
    return list(session.scalars(statement))


def resolve_conflict(session: Session, actor: Actor, conflict_id: int, take: str) -> None:
    """Resolve one conflict: ``take`` is ``"register"`` (keep) or ``"returned"`` (apply)."""
    if take not in ("register", "returned"):
        raise InvalidInput(Message(N_("Choose “register” or “returned”.")))
    with transaction(session):
        conflict = session.get(Conflict, conflict_id)
        if conflict is None:
            raise NotFound(Message(N_("There is no conflict {number}."), number=conflict_id))
        if conflict.state != ConflictState.OPEN:
            raise InvalidInput(
                Message(N_("The conflict {number} is already settled."), number=conflict_id)
            )
        round_ = session.get(Round, conflict.round_id)
        assert round_ is not None
        if round_.status != RoundStatus.OPEN:
            raise InvalidInput(
                Message(
                    N_("The round “{name}” is closed; nothing can be changed."), name=round_.name
                )
            )
        now = audit.now_iso()
        chosen = audit.decode(conflict.register_value)
        if take == "returned" and round_.kind == RoundKind.PARTNERSHIPS:
            chosen = audit.decode(conflict.returned_value)
            partnership = session.scalar(
                select(Partnership).where(Partnership.code == conflict.code)
            )
            assert partnership is not None
            partnership_rounds.store(
                session,
                Actor(actor.name, f"package:{conflict.imported_return.uid}"),
                round_=round_,
                department=conflict.imported_return.department,
                partnership=partnership,
                unit=conflict.field,
                value=chosen,
                now=now,
            )
        elif take == "returned":
            chosen = audit.decode(conflict.returned_value)
            measure = session.get(Measure, conflict.measure_id) if conflict.measure_id else None
            if measure is None:
                raise InvalidInput(
                    Message(
                        N_("The measure {code} no longer exists; keep the register's value."),
                        code=conflict.code,
                    )
                )
            register_units = values.units(values.measure_values(measure))
            if conflict.field not in register_units:  # an indicator removed since
                raise InvalidInput(
                    Message(
                        N_(
                            "The indicator of {code} that was answered no longer exists; keep "
                            "the register's value."
                        ),
                        code=conflict.code,
                    )
                )
            current = register_units[conflict.field]
            _apply(
                session,
                Actor(actor.name, f"package:{conflict.imported_return.uid}"),
                measure,
                unit=conflict.field,
                old=current,
                new=chosen,
                now=now,
            )
        conflict.state = ConflictState.RESOLVED
        conflict.resolved_value = audit.encode(chosen)
        conflict.resolved_at = now
        conflict.resolved_by = actor.name
        audit.log(
            session,
            actor,
            action="resolve",
            entity="round",
            code=round_.name,
            field=f"{conflict.code}/{conflict.field}",
            new=take,
            at=now,
        )


def proposals(session: Session, name: str) -> list[Proposal]:
    round_ = find_round(session, name)
    return list(
        session.scalars(
            select(Proposal)
            .join(ImportedReturn, Proposal.return_id == ImportedReturn.id)
            .where(ImportedReturn.round_id == round_.id)
            .options(selectinload(Proposal.imported_return).selectinload(ImportedReturn.department))
            .order_by(Proposal.id)
        )
    )


# -- completeness -----------------------------------------------------------------------------


@dataclass
class DepartmentProgress:
    code: str
    names: dict[str, str | None]
    state: str  # not_issued, missing, overdue, partial, complete
    expected: int = 0
    returned: int = 0
    late: bool = False
    version: int | None = None
    returned_at: str | None = None
    issued_at: str | None = None
    open_conflicts: int = 0
    missing_codes: list[str] = field(default_factory=list)


@dataclass
class RoundProgress:
    name: str
    uid: str
    kind: str
    status: str
    deadline: dt.date
    period_start: dt.date | None
    period_end: dt.date | None
    created_at: str
    opened_at: str | None
    closed_at: str | None
    departments: list[DepartmentProgress]
    open_conflicts: int
    open_proposals: int
    unassigned: list[str]  # measures in scope that no department leads

    @property
    def departments_returned(self) -> int:
        return sum(1 for d in self.departments if d.state in ("partial", "complete"))

    @property
    def measures_expected(self) -> int:
        return sum(d.expected for d in self.departments)

    @property
    def measures_returned(self) -> int:
        return sum(d.returned for d in self.departments)

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "uid": self.uid,
            "kind": self.kind,
            "status": self.status,
            "deadline": self.deadline.isoformat(),
            "period_start": self.period_start.isoformat() if self.period_start else None,
            "period_end": self.period_end.isoformat() if self.period_end else None,
            "created_at": self.created_at,
            "opened_at": self.opened_at,
            "closed_at": self.closed_at,
            "departments_expected": len(self.departments),
            "departments_returned": self.departments_returned,
            "measures_expected": self.measures_expected,
            "measures_returned": self.measures_returned,
            "open_conflicts": self.open_conflicts,
            "open_proposals": self.open_proposals,
            "unassigned_measures": self.unassigned,
            "departments": [
                {
                    "code": d.code,
                    "state": d.state,
                    "expected": d.expected,
                    "returned": d.returned,
                    "missing": d.missing_codes,
                    "late": d.late,
                    "version": d.version,
                    "returned_at": d.returned_at,
                    "issued_at": d.issued_at,
                    "open_conflicts": d.open_conflicts,
                }
                for d in self.departments
            ],
        }


def progress(session: Session, name: str, *, today: dt.date | None = None) -> RoundProgress:
    """Who was asked, who answered (on time or late), what is missing, what is in conflict."""
    today = today or dt.date.today()
    round_ = find_round(session, name)
    open_conflicts: dict[int, int] = {}
    for conflict in conflicts(session, round_.name):
        department_id = conflict.imported_return.department_id
        open_conflicts[department_id] = open_conflicts.get(department_id, 0) + 1
    rows = []
    for link in sorted(
        round_.departments, key=lambda link: (link.department.position, link.department.code)
    ):
        department = link.department
        row = DepartmentProgress(
            code=department.code,
            names={lang: getattr(department, f"name_{lang}") for lang in ("de", "pl", "cs")},
            state="not_issued",
            open_conflicts=open_conflicts.get(department.id, 0),
        )
        package = session.scalar(
            select(IssuedPackage)
            .where(
                IssuedPackage.round_id == round_.id, IssuedPackage.department_id == department.id
            )
            .order_by(IssuedPackage.id.desc())
            .limit(1)
            .options(selectinload(IssuedPackage.items))
        )
        if package is not None:
            row.issued_at = package.issued_at
            row.expected = len(package.items)
            latest = session.scalar(
                select(ImportedReturn)
                .where(
                    ImportedReturn.round_id == round_.id,
                    ImportedReturn.department_id == department.id,
                )
                .order_by(ImportedReturn.sequence.desc())
                .limit(1)
            )
            answered = set()
            if latest is not None:
                answered = set(
                    session.scalars(
                        select(ReturnEntry.code).where(ReturnEntry.return_id == latest.id)
                    )
                )
                first = session.scalar(
                    select(func.min(ImportedReturn.created_at)).where(
                        ImportedReturn.round_id == round_.id,
                        ImportedReturn.department_id == department.id,
                    )
                )
                row.version = latest.sequence
                row.returned_at = latest.created_at
                row.late = bool(first) and str(first)[:10] > round_.deadline.isoformat()
            expected_codes = [item.code for item in package.items]
            row.returned = sum(1 for code in expected_codes if code in answered)
            row.missing_codes = [code for code in expected_codes if code not in answered]
            if latest is None:
                row.state = "overdue" if today > round_.deadline else "missing"
            elif row.missing_codes:
                row.state = "partial"
            else:
                row.state = "complete"
        rows.append(row)
    unassigned = (
        []
        if round_.kind == RoundKind.PARTNERSHIPS
        else [
            measure.code
            for measure in _scope_measures(session, round_)
            if measure.lead_department is None
        ]
    )
    open_proposals = sum(
        1 for p in proposals(session, round_.name) if p.state == ProposalState.OPEN
    )
    return RoundProgress(
        name=round_.name,
        uid=round_.uid,
        kind=round_.kind.value,
        status=round_.status.value,
        deadline=round_.deadline,
        period_start=round_.period_start,
        period_end=round_.period_end,
        created_at=round_.created_at,
        opened_at=round_.opened_at,
        closed_at=round_.closed_at,
        departments=rows,
        open_conflicts=sum(open_conflicts.values()),
        open_proposals=open_proposals,
        unassigned=unassigned,
    )


# -- closing ----------------------------------------------------------------------------------


def close_round(session: Session, actor: Actor, name: str) -> Round:
    """Close an open round (refused while conflicts are open) and freeze its snapshot."""
    from app.rounds import snapshot

    with transaction(session):
        round_ = find_round(session, name)
        if round_.status == RoundStatus.DRAFT:
            raise InvalidInput(
                Message(
                    N_("The round “{name}” was never issued; there is nothing to close."), name=name
                )
            )
        already = round_.status == RoundStatus.CLOSED
        if not already:
            count = session.scalar(
                select(func.count(Conflict.id)).where(
                    Conflict.round_id == round_.id, Conflict.state == ConflictState.OPEN
                )
            )
            if count:
                raise InvalidInput(
                    Message(
                        *NP_(
                            "The round “{name}” still has {n} open conflict; resolve it first.",
                            "The round “{name}” still has {n} open conflicts; resolve them first.",
                        ),
                        n=count,
                        name=round_.name,
                    )
                )
            now = audit.now_iso()
            round_.status = RoundStatus.CLOSED
            round_.closed_at = now
            audit.log(session, actor, action="close", entity="round", code=round_.name, at=now)
    if not snapshot.exists(session, round_):
        try:
            snapshot.freeze(session, round_)
        except BaseException:
            if not already:  # leave the round open rather than closed without its snapshot
                with transaction(session):
                    reopened = session.get(Round, round_.id)
                    assert reopened is not None
                    reopened.status = RoundStatus.OPEN
                    reopened.closed_at = None
                    audit.log(session, actor, action="reopen", entity="round", code=round_.name)
            raise
    elif already:
        raise InvalidInput(Message(N_("The round “{name}” is already closed."), name=name))
    return round_
