"""The partnerships' upkeep (no Qt): a partner (a country, region or organisation) and a
partnership added, a partnership's status changed with the day and the reason, and the working
group's conclusion in a partnership round applied to the status — each change audited.

When a conclusion changes the status: when the secretariat applies it, not by itself. The
conclusion is recorded while the round is open and may still change; applying it is a separate
step the window offers right after recording (and ``imag partnerships conclude --apply``, or
``imag partnerships apply`` later). "Let rest" and "end" make a partnership dormant: the
register knows no "ended" status (an ended partnership stays listed, dormant since the day, with
the conclusion as the reason in its history); "continue" and "refocus" make it active, "explore"
under consideration.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput, NotFound
from app.i18n import N_, Message
from app.models import (
    Partner,
    PartnerKind,
    Partnership,
    PartnershipConclusion,
    PartnershipKind,
    PartnershipStatus,
    Recommendation,
)
from app.operations import audit
from app.operations.context import Actor, transaction
from app.partnerships.register import STATUS_LABELS
from app.rounds.lookup import find_round

CONCLUSION_STATUS = {
    Recommendation.CONTINUE: PartnershipStatus.ACTIVE,
    Recommendation.SECTORAL: PartnershipStatus.ACTIVE,
    Recommendation.REST: PartnershipStatus.DORMANT,
    Recommendation.END: PartnershipStatus.DORMANT,
    Recommendation.EXPLORE: PartnershipStatus.UNDER_CONSIDERATION,
}
"""The status a conclusion of the working group gives a partnership."""
REASON_LIMIT = 2000
E = TypeVar("E", PartnerKind, PartnershipKind, PartnershipStatus)


def check_code(text: str, what: str) -> str:
    """A new partner's or partnership's code in capitals: 1 to 32 letters, digits or hyphens;
    ``what`` (translatable) names which in the refusal."""
    code = (text or "").strip().upper()
    if not code or len(code) > 32 or not code.replace("-", "").isalnum():
        raise InvalidInput(
            Message(
                N_("A code of {what} is 1 to 32 letters, digits or hyphens, not “{code}”."),
                what=Message(what),
                code=code,
            )
        )
    return code


def _choice(enum: type[E], value: str, refusal: str) -> E:
    try:
        return enum((value or "").strip().lower())
    except ValueError:
        raise InvalidInput(
            Message(refusal, value=value, choices=", ".join(m.value for m in enum))
        ) from None


def _clean(text: str | None) -> str | None:
    return (text or "").strip() or None


def add_partner(
    session: Session,
    actor: Actor,
    code: str,
    *,
    kind: str,
    name_de: str,
    name_pl: str | None = None,
    name_cs: str | None = None,
    country: str | None = None,
) -> Partner:
    """Add a partner (a country, region or organisation) with its names, audited."""
    code = check_code(code, N_("a partner"))
    partner_kind = _choice(
        PartnerKind, kind, N_("“{value}” is not a kind of partner (one of: {choices}).")
    )
    if not name_de.strip():
        raise InvalidInput(Message(N_("A partner needs a German name.")))
    land = _clean(country)
    if land is not None and (len(land) != 2 or not land.isalpha()):
        raise InvalidInput(
            Message(N_("The country is two letters (ISO 3166), not “{value}”."), value=land)
        )
    values = {
        "kind": partner_kind.value,
        "country": land.upper() if land else None,
        "name_de": name_de.strip(),
        "name_pl": _clean(name_pl),
        "name_cs": _clean(name_cs),
    }
    with transaction(session):
        if session.scalar(select(Partner.id).where(Partner.code == code)) is not None:
            raise InvalidInput(Message(N_("The partner {code} exists already."), code=code))
        partner = Partner(code=code, **{**values, "kind": partner_kind})
        session.add(partner)
        audit.log(session, actor, action="create", entity="partner", code=code, new=values)
    return partner


def add_partnership(
    session: Session,
    actor: Actor,
    code: str,
    *,
    partner: str,
    kind: str,
    status: str = PartnershipStatus.UNDER_CONSIDERATION.value,
    since_year: int | None = None,
    basis_de: str | None = None,
) -> Partnership:
    """Add a partnership with an existing partner, audited; its status counts from today."""
    code = check_code(code, N_("a partnership"))
    partnership_kind = _choice(
        PartnershipKind, kind, N_("“{value}” is not a kind of partnership (one of: {choices}).")
    )
    new_status = _status(status)
    if since_year is not None and not 1900 <= since_year <= 2100:
        raise InvalidInput(
            Message(N_("The year a partnership began is not {value}."), value=since_year)
        )
    with transaction(session):
        if session.scalar(select(Partnership.id).where(Partnership.code == code)) is not None:
            raise InvalidInput(Message(N_("The partnership {code} exists already."), code=code))
        found = session.scalar(select(Partner).where(Partner.code == partner.strip().upper()))
        if found is None:
            raise NotFound(Message(N_("There is no partner {code}."), code=partner))
        row = Partnership(
            code=code,
            partner_id=found.id,
            kind=partnership_kind,
            status=new_status,
            status_since=dt.date.today().isoformat(),
            since_year=since_year,
            basis_de=_clean(basis_de),
        )
        session.add(row)
        audit.log(
            session,
            actor,
            action="create",
            entity="partnership",
            code=code,
            new={
                "partner": found.code,
                "kind": partnership_kind.value,
                "status": new_status.value,
                "since_year": since_year,
                "basis_de": row.basis_de,
            },
        )
    return row


def _status(value: str) -> PartnershipStatus:
    return _choice(
        PartnershipStatus, value, N_("“{value}” is not a partnership status (one of: {choices}).")
    )


def _partnership(session: Session, code: str, *, lock: bool = True) -> Partnership:
    query = select(Partnership).where(Partnership.code == code.strip().upper())
    found = session.scalar(query.with_for_update() if lock else query)
    if found is None:
        raise NotFound(Message(N_("There is no partnership {code}."), code=code))
    return found


def set_status(
    session: Session,
    actor: Actor,
    code: str,
    status: str,
    *,
    since: dt.date | None = None,
    reason: str | None = None,
) -> Partnership:
    """Change partnership ``code``'s status as of ``since`` (today if not given) for
    ``reason``; the status, its day and the reason audited. The same status again is refused."""
    new_status = _status(status)
    day = since or dt.date.today()
    why = _clean(reason)
    if why is not None and len(why) > REASON_LIMIT:
        raise InvalidInput(
            Message(N_("The reason is longer than {limit} characters."), limit=REASON_LIMIT)
        )
    with transaction(session):
        row = _partnership(session, code)
        _change(session, actor, row, status=new_status, day=day, reason=why)
    return row


def _change(
    session: Session,
    actor: Actor,
    row: Partnership,
    *,
    status: PartnershipStatus,
    day: dt.date,
    reason: str | None,
) -> None:
    if row.status == status:
        raise InvalidInput(
            Message(
                N_("The partnership {code} is {status} already."),
                code=row.code,
                status=Message(STATUS_LABELS[status.value]),
            )
        )
    now = audit.now_iso()
    events = [("status", row.status.value, status.value), ("status_since", row.status_since, None)]
    row.status, row.status_since = status, day.isoformat()
    events[1] = ("status_since", events[1][1], row.status_since)
    if reason is not None:
        events.append(("status_reason", None, reason))
    for field, old, new in events:
        audit.log(
            session,
            actor,
            action="update",
            entity="partnership",
            code=row.code,
            field=field,
            old=old,
            new=new,
            at=now,
        )


def conclusion_status(
    session: Session, round_name: str, code: str
) -> tuple[PartnershipStatus | None, PartnershipStatus]:
    """The status the conclusion on partnership ``code`` in round ``round_name`` would give it
    (``None``: no conclusion recorded) and its status now."""
    round_ = find_round(session, round_name)
    row = _partnership(session, code, lock=False)
    conclusion = session.get(PartnershipConclusion, (round_.id, row.id))
    return (CONCLUSION_STATUS[conclusion.recommendation] if conclusion else None), row.status


def apply_conclusion(
    session: Session, actor: Actor, round_name: str, code: str, *, since: dt.date | None = None
) -> PartnershipStatus:
    """Give partnership ``code`` the status its conclusion in round ``round_name`` says (see
    :data:`CONCLUSION_STATUS`), with the conclusion as the reason; refused where none is
    recorded or the status is that already. Returns the new status."""
    with transaction(session):
        round_ = find_round(session, round_name)
        row = _partnership(session, code)
        conclusion = session.get(PartnershipConclusion, (round_.id, row.id))
        if conclusion is None:
            raise InvalidInput(
                Message(
                    N_("No conclusion on {code} is recorded in the round “{round}”."),
                    code=row.code,
                    round=round_.name,
                )
            )
        status = CONCLUSION_STATUS[conclusion.recommendation]
        reason = f"{round_.name}: {conclusion.recommendation.value}" + (
            f" – {conclusion.text}" if conclusion.text else ""
        )
        reason = reason[:REASON_LIMIT]
        _change(session, actor, row, status=status, day=since or dt.date.today(), reason=reason)
    return status


PARTNER_KIND_LABELS = {
    "country": N_("country"),
    "region": N_("region"),
    "organisation": N_("organisation"),
}


def partners(session: Session) -> list[dict[str, str | None]]:
    """Every partner (those without a partnership too), by code: for choosing one."""
    return [
        {
            "code": p.code,
            "kind": p.kind.value,
            "country": p.country,
            "name_de": p.name_de,
            "name_pl": p.name_pl,
            "name_cs": p.name_cs,
        }
        for p in session.scalars(select(Partner).order_by(Partner.code))
    ]
