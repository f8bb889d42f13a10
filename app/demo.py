"""A demo register: the real strategy with invented but plausible working data.

It is created in a folder of its own, marked ``kind = demo`` in the file, and every view and
report of it says "Demo". The demo values are generated from a fixed seed, so two demo registers
are alike. Nothing here ever writes to a real register.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.i18n import N_, Message
from app.models import (
    Department,
    DepartmentRole,
    Goal,
    Indicator,
    Measure,
    MeasureDepartment,
    MeasureGoal,
    MeasurePartner,
    Milestone,
    Partner,
    RegisterKind,
    Status,
    TrafficLight,
)
from app.operations.audit import now_iso, record
from app.paths import AppPaths
from app.storage.fileformat import read_header
from app.storage.recovery import recover, recover_at_start
from app.storage.register import (
    Register,
    acquire_lock,
    check_writable,
    create_register_file,
    open_register,
)

SEED = 20251029
SOURCE = "demo"
ACTOR = "Demo"

# Plausible lead departments per instrument (section), and goals an instrument mainly serves.
LEADS = {
    "I": ["SK", "SMIL", "SMI", "SK", "SK", "SMIL", "SMIL", "SMWK", "SMI", "SK", "SMWK", "SMWK"],
    "II": ["SK"],
    "III.A": ["SMWA"],
    "III.B": ["SMWA", "SMWA", "SMI"],
    "III.C": ["SMWA", "SMWA", "SMWA", "SMK", "SMWK", "SMWA", "SMWA"],
    "IV": ["SMK", "SMK", "SMK", "SMS", "SMK", "SMWK", "SMI", "SMWK", "SMWK", "SMWK", "SMK"],
    "V": ["SMWK"],
    "VI": ["SK"],
    "VII": ["SMWK", "SMWA", "SMWA", "SK", "SMJ"],
}
GOALS = {
    "I": [1, 2],
    "II": [2, 4],
    "III": [3, 4],
    "IV": [4, 2],
    "V": [5],
    "VI": [6],
    "VII": [4, 2],
}
PARTNERS = {
    "I": ["PL-DS", "PL-LB", "CZ", "CZ-LI", "CZ-US", "CZ-KA"],
    "II": ["AT-3", "AT-4", "IT-62", "UA-63", "CA-QC", "CN-HB"],
    "III": ["IN-TN", "CA-QC", "AE-AZ", "CZ"],
    "IV": ["PL-DS", "CZ", "AT-4"],
    "V": ["CZ", "PL-DS", "IT-62"],
    "VI": [],
    "VII": ["PL-DS", "CZ"],
}
COMMENTS = [
    "Abstimmung mit den Partnern läuft; nächste Sitzung im Quartal.",
    "Mittel für das laufende Jahr gebunden, Umsetzung planmäßig.",
    "Verzögerung durch Personalwechsel; Nachsteuerung eingeleitet.",
    "Projektanträge eingereicht, Entscheidung des Begleitausschusses steht aus.",
    "Veranstaltung durchgeführt, Dokumentation in Vorbereitung.",
    "Kooperationsvereinbarung im Entwurf, Ressortabstimmung läuft.",
]


def _pick_lead(measure: Measure, index_in_group: int) -> str:
    numeral = measure.instrument.numeral
    key = f"{numeral}.{measure.section.code}" if measure.section else numeral
    leads = LEADS.get(key, ["SK"])
    return leads[index_in_group % len(leads)]


def _status_values(rng: random.Random, measure: Measure) -> dict[str, object]:
    status = rng.choices(
        [
            Status.PLANNED,
            Status.IN_PROGRESS,
            Status.CONTINUOUS,
            Status.COMPLETED,
            Status.SUSPENDED,
            Status.DROPPED,
        ],
        weights=[14, 40, 30, 8, 5, 3],
    )[0]
    if measure.code == "II.09":  # reactivation of the Russian partnerships: on hold
        status = Status.SUSPENDED
    progress = {
        Status.PLANNED: rng.randint(0, 10),
        Status.IN_PROGRESS: rng.randint(15, 90),
        Status.CONTINUOUS: None,
        Status.COMPLETED: 100,
        Status.SUSPENDED: rng.randint(0, 40),
        Status.DROPPED: None,
    }[status]
    light = None
    if status in (Status.IN_PROGRESS, Status.CONTINUOUS, Status.PLANNED):
        light = rng.choices(
            [TrafficLight.GREEN, TrafficLight.AMBER, TrafficLight.RED], weights=[65, 25, 10]
        )[0]
    elif status == Status.SUSPENDED:
        light = TrafficLight.RED
    start = dt.date(2025, 11, 1) + dt.timedelta(days=rng.randint(0, 300))
    end = start + dt.timedelta(days=rng.randint(180, 1400))
    return {
        "status": status,
        "progress": progress,
        "traffic_light": light,
        "start_date": start,
        "end_date": None if status == Status.CONTINUOUS else end,
        "status_reason": (
            "Demo: in einer anderen Maßnahme aufgegangen." if status == Status.DROPPED else None
        ),
        "comment": rng.choice(COMMENTS),
    }


def fill(session: Session) -> None:
    """Give every measure plausible working data (deterministic)."""
    rng = random.Random(SEED)
    departments = {d.code: d for d in session.scalars(select(Department))}
    goals = {g.number: g for g in session.scalars(select(Goal))}
    partners = {p.code: p for p in session.scalars(select(Partner))}
    stamp = now_iso()
    group_counter: dict[str, int] = {}
    for measure in session.scalars(select(Measure).order_by(Measure.position)):
        group = measure.instrument.numeral + (f".{measure.section.code}" if measure.section else "")
        index = group_counter.get(group, 0)
        group_counter[group] = index + 1
        lead = _pick_lead(measure, index)
        for key, value in _status_values(rng, measure).items():
            setattr(measure, key, value)
        measure.department_links.append(
            MeasureDepartment(department=departments[lead], role=DepartmentRole.LEAD)
        )
        others = [code for code in ("SK", "SMWA", "SMWK", "SMI", "SMK") if code != lead]
        for code in rng.sample(others, k=rng.randint(0, 2)):
            measure.department_links.append(
                MeasureDepartment(department=departments[code], role=DepartmentRole.PARTICIPATING)
            )
        for number in GOALS[measure.instrument.numeral]:
            measure.goal_links.append(MeasureGoal(goal=goals[number]))
        candidates = PARTNERS[measure.instrument.numeral]
        for code in rng.sample(candidates, k=min(len(candidates), rng.randint(0, 2))):
            measure.partner_links.append(MeasurePartner(partner=partners[code]))
        if rng.random() < 0.35:
            measure.budget_reservation = True
            measure.budget_planned_cents = rng.randrange(20_000, 2_500_000, 500) * 100
            measure.budget_committed_cents = int(measure.budget_planned_cents * rng.random() * 0.8)
        if rng.random() < 0.4:
            measure.milestones.append(
                Milestone(
                    position=1,
                    title="Konzept abgestimmt",
                    due_date=dt.date(2026, rng.randint(1, 12), 1),
                )
            )
            measure.indicators.append(
                Indicator(
                    position=1,
                    name="Beteiligte Partner",
                    unit="Anzahl",
                    baseline=float(rng.randint(0, 5)),
                    target=float(rng.randint(6, 20)),
                    actual=float(rng.randint(0, 10)),
                )
            )
        measure.contact_name = "Demo-Kontakt " + lead
        measure.updated_at = stamp
        record(
            session,
            actor=ACTOR,
            source=SOURCE,
            action="update",
            entity="measure",
            code=measure.code,
            field="status",
            old=Status.PLANNED,
            new=measure.status,
            at=stamp,
        )


def create_demo(paths: AppPaths, *, reset: bool = False) -> Register:
    """Create (or, with ``reset``, re-create) the demo register in ``paths``; refuse a real one.

    The demo is built whole beside the register file (catalogue and demo data in one
    transaction) and moved into place in one step under the instance lock: a demo is never
    there without its data, and an interrupted reset leaves the previous demo."""
    path = paths.register_file
    if path.exists():
        recover_at_start(paths)  # an interrupted change is rolled back before the kind is read
        facts_kind = _kind_of(paths)
        if facts_kind != RegisterKind.DEMO:
            raise InvalidInput(
                Message(
                    N_(
                        "The folder {path} holds a real register. A demo register needs a folder "
                        "of its own; nothing was changed."
                    ),
                    path=paths.data_dir,
                )
            )
        if not reset:
            return open_register(paths, kind=RegisterKind.DEMO, actor=ACTOR)
    check_writable(paths)
    lock = acquire_lock(paths)
    try:
        recover(paths)
        if reset or not path.exists():
            create_register_file(path, kind=RegisterKind.DEMO, actor=ACTOR, fill=fill)
    finally:
        lock.release()
    return open_register(paths, kind=RegisterKind.DEMO, actor=ACTOR)


def _kind_of(paths: AppPaths) -> RegisterKind:
    read_header(paths.register_file)
    with open_register(paths, readonly=True) as register:
        return register.kind
