"""Partners and partnerships carry a revision that every change counts up; a save based on an
older revision is refused with the other person's change in hand (as for measures), nothing
written. On a real server: two processes save the same partnership from the same revision, one
goes through, the other gets the conflict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import EditConflict, ExitCode, InvalidInput
from app.models import AuditEvent, Partner, Partnership, PartnershipStatus
from app.operations.context import Actor
from app.partnerships import revisions
from app.paths import resolve
from app.storage.register import open_register
from tests.support.postgres import TemporaryCluster, new_register
from tests.support.races import race


def _codes(paths) -> tuple[str, str]:
    with open_register(paths) as register, register.session() as session:
        partnership = session.scalars(select(Partnership).order_by(Partnership.id)).first()
        assert partnership is not None
        return partnership.code, partnership.partner.code


def test_each_change_counts_the_revision_up_and_is_audited(fresh_register: Path) -> None:
    paths = resolve(fresh_register)
    code, partner = _codes(paths)
    with open_register(paths) as register:
        with register.session() as session:
            values, start = revisions.partnership_values(session, code)
        with register.session() as session:
            changed = revisions.edit_partnership(
                session, Actor("Anna"), code, {"status": "dormant", "note_de": " ruht "}
            )
        assert changed == ["status", "note_de"]
        with register.session() as session:
            now, revision = revisions.partnership_values(session, code)
            assert (now["status"], now["note_de"], revision) == ("dormant", "ruht", start + 1)
            assert values["status"] != "dormant"
            events = session.scalars(
                select(AuditEvent.field).where(
                    AuditEvent.entity == "partnership", AuditEvent.entity_code == code
                )
            ).all()
            assert set(events) >= {"status", "note_de"}
        with register.session() as session:  # nothing to change: nothing written
            assert (
                revisions.edit_partnership(session, Actor("Anna"), code, {"note_de": "ruht"}) == []
            )
        with register.session() as session, session.begin():  # any change through the ORM
            found = session.scalar(select(Partnership).where(Partnership.code == code))
            assert found is not None
            found.status = PartnershipStatus.ACTIVE
        with register.session() as session:
            assert revisions.partnership_values(session, code)[1] == start + 2
            _values, partner_start = revisions.partner_values(session, partner)
        with register.session() as session:
            revisions.edit_partner(
                session, Actor("Anna"), partner, {"name_pl": "Nowa nazwa"}, revision=partner_start
            )
        with register.session() as session:
            assert revisions.partner_values(session, partner) == (
                {**_values, "name_pl": "Nowa nazwa"},
                partner_start + 1,
            )


def test_a_save_on_an_older_revision_is_refused(fresh_register: Path) -> None:
    paths = resolve(fresh_register)
    code, partner = _codes(paths)
    with open_register(paths) as register:
        with register.session() as session:
            _values, start = revisions.partnership_values(session, code)
            _partner_values, partner_start = revisions.partner_values(session, partner)
        with register.session() as session:
            revisions.edit_partnership(
                session, Actor("Anna"), code, {"basis_de": "Vertrag"}, revision=start
            )
        with register.session() as session, pytest.raises(EditConflict) as refused:
            revisions.edit_partnership(
                session, Actor("Bert"), code, {"basis_de": "Erklärung"}, revision=start
            )
        assert refused.value.exit_code == ExitCode.CONFLICT
        assert refused.value.by == "Anna"
        assert refused.value.revision == start + 1
        assert isinstance(refused.value.theirs, dict)
        assert refused.value.theirs["basis_de"] == "Vertrag"
        with register.session() as session:
            revisions.edit_partner(session, Actor("Anna"), partner, {"note": "x"})
        with register.session() as session, pytest.raises(EditConflict):
            revisions.edit_partner(
                session, Actor("Bert"), partner, {"note": "y"}, revision=partner_start
            )
        with register.session() as session:
            stored = session.scalar(select(Partner.note).where(Partner.code == partner))
            assert stored == "x"
            for bad in ({"status": "ended"}, {"since_year": "later"}, {"code": "X"}):
                with pytest.raises(InvalidInput):
                    revisions.edit_partnership(session, Actor("Bert"), code, bad)
            with pytest.raises(InvalidInput):
                revisions.edit_partner(session, Actor("Bert"), partner, {"name_de": " "})


def _read(session: Session, code: str) -> int:
    return revisions.partnership_values(session, code)[1]


def _save(session: Session, who: str, code: str, revision: int) -> None:
    revisions.edit_partnership(
        session, Actor(who), code, {"note_de": f"by {who}"}, revision=revision
    )


def _seen(conflict: EditConflict) -> tuple[str | None, Any]:
    assert isinstance(conflict.theirs, dict)
    return conflict.by, conflict.theirs["note_de"]


def test_two_processes_save_the_same_partnership(
    postgres: TemporaryCluster, tmp_path: Path
) -> None:
    url = postgres.new_database()
    paths = resolve(tmp_path / "data", database=url)
    new_register(paths)
    code, _partner = _codes(paths)
    outcome = race(url, tmp_path, code, (_read, _save, _seen))
    assert sorted(state for _who, state, _theirs in outcome) == ["conflict", "saved"]
    winner = next(who for who, state, _ in outcome if state == "saved")
    assert next(theirs for _w, state, theirs in outcome if state == "conflict") == (
        winner,
        f"by {winner}",
    )
    with open_register(paths, readonly=True) as register, register.session() as session:
        notes = session.scalars(
            select(AuditEvent.new_value).where(
                AuditEvent.entity_code == code, AuditEvent.field == "note_de"
            )
        ).all()
    assert notes == [f'"by {winner}"']
