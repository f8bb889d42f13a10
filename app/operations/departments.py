"""Changing the departments (reference data): add, rename, retire — never orphaning measures."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import InvalidInput, NotFound
from app.i18n import N_, NP_, Message
from app.models import Department, DepartmentRole, Measure, MeasureDepartment
from app.operations import audit
from app.operations.context import Actor


@dataclass(frozen=True)
class DepartmentRow:
    code: str
    name_de: str
    name_pl: str | None
    name_cs: str | None
    retired: bool
    leads: int  # measures (not archived or archived) this department leads

    def name(self, lang: str) -> str:
        return {"pl": self.name_pl, "cs": self.name_cs}.get(lang) or self.name_de


def list_departments(session: Session) -> list[DepartmentRow]:
    leads = dict(
        session.execute(
            select(MeasureDepartment.department_id, func.count())
            .where(MeasureDepartment.role == DepartmentRole.LEAD)
            .group_by(MeasureDepartment.department_id)
        ).all()
    )
    return [
        DepartmentRow(d.code, d.name_de, d.name_pl, d.name_cs, d.retired, leads.get(d.id, 0))
        for d in session.scalars(select(Department).order_by(Department.position, Department.id))
    ]


def _get(session: Session, code: str) -> Department:
    department = session.scalar(select(Department).where(Department.code == code))
    if department is None:
        raise NotFound(Message(N_("There is no department {code}."), code=code))
    return department


def _names(name_de: str, name_pl: str | None, name_cs: str | None) -> dict[str, str | None]:
    if not name_de.strip():
        raise InvalidInput(Message(N_("A department needs a German name.")))
    return {
        "name_de": name_de.strip(),
        "name_pl": (name_pl or "").strip() or None,
        "name_cs": (name_cs or "").strip() or None,
    }


def add_department(
    session: Session,
    actor: Actor,
    code: str,
    *,
    name_de: str,
    name_pl: str | None = None,
    name_cs: str | None = None,
) -> None:
    code = code.strip().upper()
    if not code or len(code) > 16 or not code.replace("-", "").isalnum():
        raise InvalidInput(
            Message(N_("A department code is 1 to 16 letters or digits, not {code}."), code=code)
        )
    names = _names(name_de, name_pl, name_cs)
    with session.begin():
        if session.scalar(select(Department.id).where(Department.code == code)) is not None:
            raise InvalidInput(Message(N_("The department {code} exists already."), code=code))
        position = (session.scalar(select(func.max(Department.position))) or 0) + 1
        session.add(Department(code=code, kind="ministry", position=position, **names))
        audit.log(
            session,
            actor,
            action="create",
            entity="department",
            code=code,
            new=names,
        )


def rename_department(
    session: Session,
    actor: Actor,
    code: str,
    *,
    name_de: str,
    name_pl: str | None = None,
    name_cs: str | None = None,
) -> None:
    names = _names(name_de, name_pl, name_cs)
    with session.begin():
        department = _get(session, code)
        now = audit.now_iso()
        for field, value in names.items():
            old = getattr(department, field)
            if old != value:
                audit.log(
                    session,
                    actor,
                    action="update",
                    entity="department",
                    code=code,
                    field=field,
                    old=old,
                    new=value,
                    at=now,
                )
                setattr(department, field, value)


def retire_department(
    session: Session, actor: Actor, code: str, *, reassign_to: str | None = None
) -> int:
    """Retire a department. Measures it leads must be handed to ``reassign_to`` (else refused);
    participating links are moved there too, or dropped where the target is already linked.
    Returns how many measures were reassigned."""
    with session.begin():
        department = _get(session, code)
        if department.retired:
            return 0
        links = list(
            session.scalars(
                select(MeasureDepartment).where(MeasureDepartment.department_id == department.id)
            )
        )
        leads = sum(1 for link in links if link.role == DepartmentRole.LEAD)
        target = _successor(session, department, reassign_to, leads)
        now = audit.now_iso()
        moved = 0
        for link in links:
            moved += _hand_over(session, actor, link, code=code, target=target, now=now)
        department.retired = True
        audit.log(
            session,
            actor,
            action="retire",
            entity="department",
            code=code,
            field="retired",
            old=False,
            new=True,
            at=now,
        )
    return moved


def _successor(
    session: Session, department: Department, reassign_to: str | None, leads: int
) -> Department | None:
    """The department that takes over from ``department``; refused where it leads measures
    and none (or itself, or a retired one) is named."""
    if reassign_to is None:
        if leads:
            raise InvalidInput(
                Message(
                    *NP_(
                        "{code} leads {n} measure; choose the department that takes it over.",
                        "{code} leads {n} measures; choose the department that takes them over.",
                    ),
                    code=department.code,
                    n=leads,
                )
            )
        return None
    target = _get(session, reassign_to)
    if target.id == department.id or target.retired:
        raise InvalidInput(
            Message(
                N_("The measures cannot be handed to {code}; choose another department."),
                code=reassign_to,
            )
        )
    return target


def _hand_over(
    session: Session,
    actor: Actor,
    link: MeasureDepartment,
    *,
    code: str,
    target: Department | None,
    now: str,
) -> bool:
    """Move one measure link of the retiring department ``code`` to ``target`` (or drop it),
    audited; True where it was the lead."""
    measure_code = session.scalar(select(Measure.code).where(Measure.id == link.measure_id))
    other = (
        session.get(MeasureDepartment, (link.measure_id, target.id)) if target is not None else None
    )
    role = link.role
    session.delete(link)
    session.flush()
    if target is not None:
        if other is None:
            session.add(
                MeasureDepartment(measure_id=link.measure_id, department_id=target.id, role=role)
            )
        elif role == DepartmentRole.LEAD:
            other.role = DepartmentRole.LEAD
    audit.log(
        session,
        actor,
        action="update",
        entity="measure",
        code=measure_code,
        field="lead_department" if role == DepartmentRole.LEAD else "participating",
        old=code,
        new=target.code if target is not None else None,
        at=now,
    )
    return role == DepartmentRole.LEAD
