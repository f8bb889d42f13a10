"""Changing a partner or a partnership, several people at once (no Qt).

Each change counts the record's ``revision`` up: the ORM does it on every UPDATE of a partner
or a partnership row (``version_id_col`` in :mod:`app.models.reference`), whatever operation
made it, and refuses an UPDATE whose row changed since it was read. A save that names the
revision it started from (``revision=``, as the window's dialogs and ``imag partnerships edit
--revision`` do) is refused with :class:`~app.errors.EditConflict` when someone else changed the
record since, the same way as for measures: the error carries the record as it is now
(``theirs``, the :data:`PARTNER_FIELDS` or :data:`PARTNERSHIP_FIELDS`), its revision and who
changed it last. The row is locked while it is changed (on a server a second save waits, then
sees the first one's revision).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import EditConflict, InvalidInput, NotFound
from app.i18n import N_, Message
from app.models import AuditEvent, Partner, Partnership, PartnershipStatus
from app.operations import audit
from app.operations.context import Actor

PARTNER_FIELDS = ("name_de", "name_pl", "name_cs", "country", "note")
PARTNERSHIP_FIELDS = ("status", "status_since", "since_year", "basis_de", "note_de")

Record = Partner | Partnership


def partner_values(session: Session, code: str) -> tuple[dict[str, Any], int]:
    """A partner's :data:`PARTNER_FIELDS` and its revision (to save on)."""
    partner = _get(session, Partner, code)
    return _values(partner, PARTNER_FIELDS), partner.revision


def partnership_values(session: Session, code: str) -> tuple[dict[str, Any], int]:
    """A partnership's :data:`PARTNERSHIP_FIELDS` (the status as its value) and its revision."""
    partnership = _get(session, Partnership, code)
    return _values(partnership, PARTNERSHIP_FIELDS), partnership.revision


def edit_partner(
    session: Session,
    actor: Actor,
    code: str,
    values: Mapping[str, Any],
    *,
    revision: int | None = None,
) -> list[str]:
    """Change the :data:`PARTNER_FIELDS` given in ``values``; the names of those that changed
    (none: nothing written). With ``revision``, refused if someone changed it since."""
    checked = _checked(values, PARTNER_FIELDS)
    if "name_de" in checked and not checked["name_de"]:
        raise InvalidInput(Message(N_("A partner needs a German name.")))
    if checked.get("country") is not None:
        country = str(checked["country"]).upper()
        if len(country) != 2 or not country.isalpha():
            raise InvalidInput(
                Message(N_("“{value}” is not a two-letter country code."), value=country)
            )
        checked["country"] = country
    with session.begin():
        return _change(session, actor, _get(session, Partner, code, lock=True), checked, revision)


def edit_partnership(
    session: Session,
    actor: Actor,
    code: str,
    values: Mapping[str, Any],
    *,
    revision: int | None = None,
) -> list[str]:
    """Change the :data:`PARTNERSHIP_FIELDS` given in ``values`` (``status`` as its value,
    ``status_since`` an ISO date, ``since_year`` a year); the names of those that changed. With
    ``revision``, refused if someone changed it since."""
    checked = _checked(values, PARTNERSHIP_FIELDS)
    if "status" in checked:
        try:
            checked["status"] = PartnershipStatus(checked["status"])
        except ValueError:
            raise InvalidInput(
                Message(
                    N_("“{value}” is not a partnership status ({known})."),
                    value=checked["status"],
                    known=", ".join(s.value for s in PartnershipStatus),
                )
            ) from None
    if checked.get("status_since") is not None:
        try:
            dt.date.fromisoformat(str(checked["status_since"]))
        except ValueError:
            raise InvalidInput(
                Message(N_("“{value}” is not a date (YYYY-MM-DD)."), value=checked["status_since"])
            ) from None
    if checked.get("since_year") is not None:
        year = str(checked["since_year"])
        if not (year.isdigit() and 1900 <= int(year) <= 2100):
            raise InvalidInput(Message(N_("“{value}” is not a year."), value=year))
        checked["since_year"] = int(year)
    with session.begin():
        partnership = _get(session, Partnership, code, lock=True)
        return _change(session, actor, partnership, checked, revision)


def _checked(values: Mapping[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    """``values`` with texts stripped (empty: ``None``); a field not in ``allowed`` refused."""
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise InvalidInput(
            Message(
                N_("“{field}” cannot be changed here; these can: {known}."),
                field=unknown[0],
                known=", ".join(allowed),
            )
        )
    return {
        field: (value.strip() or None) if isinstance(value, str) else value
        for field, value in values.items()
    }


def _get(session: Session, model: type[Record], code: str, *, lock: bool = False) -> Any:
    query = select(model).where(model.code == code)
    found = session.scalar(query.with_for_update() if lock else query)
    if found is None:
        what = N_("There is no partner {code}.") if model is Partner else None
        raise NotFound(Message(what or N_("There is no partnership {code}."), code=code))
    return found


def _values(record: Record, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: audit.plain(getattr(record, name)) for name in names}


def _entity(record: Record) -> str:
    return "partner" if isinstance(record, Partner) else "partnership"


def _change(
    session: Session,
    actor: Actor,
    record: Record,
    values: dict[str, Any],
    revision: int | None,
) -> list[str]:
    """Set ``values`` on the locked ``record``, one audit event per field that changes (the
    ORM counts the revision up when the row is written)."""
    if revision is not None and record.revision != revision:
        raise _conflict(session, record)
    now = audit.now_iso()
    changed = []
    for field, value in values.items():
        old = getattr(record, field)
        if audit.plain(old) == audit.plain(value):
            continue
        audit.log(
            session,
            actor,
            action="update",
            entity=_entity(record),
            code=record.code,
            field=field,
            old=audit.plain(old),
            new=audit.plain(value),
            at=now,
        )
        setattr(record, field, value)
        changed.append(field)
    session.flush()
    return changed


def _conflict(session: Session, record: Record) -> EditConflict:
    entity = _entity(record)
    by = session.scalar(
        select(AuditEvent.actor)
        .where(AuditEvent.entity == entity, AuditEvent.entity_code == record.code)
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    text = (
        N_(
            "The partner {code} was changed by {actor} in the meantime; nothing was saved. "
            "Open it again (or merge your changes with theirs)."
        )
        if entity == "partner"
        else N_(
            "The partnership {code} was changed by {actor} in the meantime; nothing was saved. "
            "Open it again (or merge your changes with theirs)."
        )
    )
    names = PARTNER_FIELDS if entity == "partner" else PARTNERSHIP_FIELDS
    return EditConflict(
        Message(text, code=record.code, actor=by or "?"),
        theirs=_values(record, names),
        revision=record.revision,
        by=by or "?",
    )
