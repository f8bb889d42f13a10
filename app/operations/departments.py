"""Changing the departments (reference data): add, edit, retire — never orphaning measures.
A department has an e-mail address (where its reminders go) and a language (that of its
reminders)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import EditConflict, InvalidInput, NotFound
from app.i18n import LANGUAGES, N_, NP_, Message
from app.models import Department, DepartmentRole, Measure, MeasureDepartment
from app.operations import audit
from app.operations.context import Actor, transaction

KINDS = {
    "chancellery": N_("chancellery"),
    "ministry": N_("ministry"),
    "authority": N_("authority"),
}
"""What a department is (the column ``kind``), with its translatable name."""
EDITABLE = ("name_de", "name_pl", "name_cs", "kind", "email", "language")
"""The fields of a department that are edited as values (retiring has its own rules)."""
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(rf"[A-Za-z0-9.!#$%&'*+/=?^_`{{|}}~-]{{1,64}}@{_LABEL}(?:\.{_LABEL})+")
"""An address as mail programs take it without asking: ASCII, one ``@``, a domain with a dot."""


@dataclass(frozen=True)
class DepartmentRow:
    code: str
    name_de: str
    name_pl: str | None
    name_cs: str | None
    retired: bool
    leads: int  # measures (not archived or archived) this department leads
    kind: str = "ministry"
    email: str | None = None
    language: str = "de"

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
        DepartmentRow(
            d.code,
            d.name_de,
            d.name_pl,
            d.name_cs,
            d.retired,
            leads.get(d.id, 0),
            kind=d.kind,
            email=d.email,
            language=d.language,
        )
        for d in session.scalars(select(Department).order_by(Department.position, Department.id))
    ]


def check_email(text: str | None) -> str | None:
    """An e-mail address as stored: ``text`` without surrounding spaces, ``None`` if empty;
    refused unless it has the shape ``name@domain.tld`` (one address, no display name)."""
    address = (text or "").strip()
    if not address:
        return None
    if len(address) > 254 or _EMAIL.fullmatch(address) is None:
        raise InvalidInput(
            Message(
                N_("“{address}” is not an e-mail address (expected: name@example.org)."),
                address=address,
            )
        )
    return address


def check_language(text: str | None) -> str:
    """A department's language code (de, pl or cs); German where none is given."""
    return _one_of(
        text, LANGUAGES, N_("“{value}” is not a language of the register (de, pl or cs).")
    )


def check_kind(text: str | None) -> str:
    """A department's kind (chancellery, ministry or authority); a ministry where none is
    given."""
    return _one_of(
        text,
        tuple(KINDS),
        N_("“{value}” is not a kind of department (chancellery, ministry or authority)."),
        default="ministry",
    )


def _one_of(text: str | None, allowed: tuple[str, ...], refusal: str, default: str = "") -> str:
    """``text`` in lower case if it is one of ``allowed`` (``default``, else the first, where
    it is empty); else refused with ``refusal`` naming it as ``{value}``."""
    value = (text or "").strip().lower() or default or allowed[0]
    if value not in allowed:
        raise InvalidInput(Message(refusal, value=text))
    return value


def check_code(text: str) -> str:
    """A new department's code in capitals; refused unless 1 to 16 letters, digits or hyphens."""
    code = text.strip().upper()
    if not code or len(code) > 16 or not code.replace("-", "").isalnum():
        raise InvalidInput(
            Message(N_("A department code is 1 to 16 letters or digits, not {code}."), code=code)
        )
    return code


def checked(values: Mapping[str, str | None]) -> dict[str, str | None]:
    """The :data:`EDITABLE` fields given in ``values``, checked and tidied as stored."""
    found: dict[str, str | None] = {}
    if "name_de" in values or "name_pl" in values or "name_cs" in values:
        found |= _names(values.get("name_de") or "", values.get("name_pl"), values.get("name_cs"))
    if "kind" in values:
        found["kind"] = check_kind(values["kind"])
    if "email" in values:
        found["email"] = check_email(values["email"])
    if "language" in values:
        found["language"] = check_language(values["language"])
    return found


def _get(session: Session, code: str, *, lock: bool = False) -> Department:
    """The department ``code``; with ``lock``, its row is locked until the transaction ends."""
    query = select(Department).where(Department.code == code)
    department = session.scalar(query.with_for_update() if lock else query)
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
    email: str | None = None,
    language: str = "de",
    kind: str = "ministry",
) -> None:
    create_department(
        session,
        actor,
        code,
        {
            "name_de": name_de,
            "name_pl": name_pl,
            "name_cs": name_cs,
            "kind": kind,
            "email": email,
            "language": language,
        },
    )


def create_department(
    session: Session, actor: Actor, code: str, values: Mapping[str, str | None]
) -> None:
    """Add the department ``code`` with the :data:`EDITABLE` fields ``values`` (the German name
    needed, the others as defaults where missing)."""
    code = check_code(code)
    checked_values = checked({"name_de": "", **values})
    with transaction(session):
        insert(session, actor, code, checked_values)


def insert(session: Session, actor: Actor, code: str, values: Mapping[str, object]) -> Department:
    """Add the department ``code`` with the checked ``values`` (see :func:`checked`) at the end
    of the list, audited; inside the caller's transaction."""
    if session.scalar(select(Department.id).where(Department.code == code)) is not None:
        raise InvalidInput(Message(N_("The department {code} exists already."), code=code))
    position = (session.scalar(select(func.max(Department.position))) or 0) + 1
    department = Department(code=code, position=position, **{"kind": "ministry", **values})
    session.add(department)
    audit.log(
        session,
        actor,
        action="create",
        entity="department",
        code=code,
        new=dict(values),
    )
    return department


def rename_department(
    session: Session,
    actor: Actor,
    code: str,
    *,
    name_de: str,
    name_pl: str | None = None,
    name_cs: str | None = None,
) -> None:
    edit_department(
        session, actor, code, {"name_de": name_de, "name_pl": name_pl, "name_cs": name_cs}
    )


def edit_department(
    session: Session,
    actor: Actor,
    code: str,
    values: Mapping[str, str | None],
    *,
    revision: int | None = None,
) -> None:
    """Change the :data:`EDITABLE` fields given in ``values`` (the three names together), each
    change audited; the others stay. With ``revision`` (the one the user started from), a
    department someone else changed since is refused with :class:`EditConflict`."""
    changes = checked(values)
    with transaction(session):
        department = _get(session, code, lock=True)
        if revision is not None and department.revision != revision:
            raise EditConflict(
                Message(
                    N_(
                        "The department {code} was changed by someone else in the meantime; "
                        "nothing was saved. Open it again."
                    ),
                    code=code,
                ),
                theirs={field: getattr(department, field) for field in changes},
                revision=department.revision,
            )
        apply(session, actor, department, changes, now=audit.now_iso())


def apply(
    session: Session,
    actor: Actor,
    department: Department,
    values: Mapping[str, object],
    *,
    now: str,
) -> int:
    """Set the checked ``values`` on ``department``, one audit event per field that changes;
    inside the caller's transaction. Returns how many fields changed."""
    changed = 0
    for field, value in values.items():
        old = getattr(department, field)
        if old != value:
            audit.log(
                session,
                actor,
                action="update",
                entity="department",
                code=department.code,
                field=field,
                old=old,
                new=value,
                at=now,
            )
            setattr(department, field, value)
            changed += 1
    if changed:
        department.revision += 1
    return changed


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
