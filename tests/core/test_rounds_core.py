"""Evaluation rounds through the core, on real package files: the whole cycle for several
departments, replays, corrections in and out of order, conflicts resolved both ways, the
department's side (opening a package twice, another signing key, the secretariat's own
package), and the frozen snapshot of a closed round."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import uuid
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.errors import InvalidInput, PackageRefused
from app.exchange import container
from app.models import (
    AuditEvent,
    ConflictState,
    ImportedReturn,
    Measure,
    Proposal,
    RegisterMeta,
    ReturnEntry,
    Round,
    RoundSnapshot,
    TrafficLight,
)
from app.operations import measures as measure_ops
from app.operations.context import transaction
from app.rounds import keys, secretariat, snapshot, workspace
from tests.support.rounds_kit import (
    DEPARTMENT,
    SECRETARIAT,
    Cycle,
    file_digest,
    read_return,
    repack,
    round_secret,
    session_of,
    start_round,
    table_dump,
)


@pytest.fixture(scope="module")
def template(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Cycle:
    """A round issued to SK, SMWK and SMWA, each package opened on its laptop (made once)."""
    return start_round(demo_dir, tmp_path_factory.mktemp("cycle") / "root")


@pytest.fixture
def cycle(template: Cycle, tmp_path: Path) -> Cycle:
    return template.copy(tmp_path / "cycle")


def measure_values(cycle: Cycle, code: str) -> dict[str, Any]:
    with session_of(cycle.secretariat_dir) as session:
        measure = session.scalar(select(Measure).where(Measure.code == code))
        assert measure is not None
        return {
            "status": measure.status.value,
            "traffic_light": measure.traffic_light.value if measure.traffic_light else None,
            "progress": measure.progress,
            "comment": measure.comment,
            "next_steps": measure.next_steps,
        }


def edit_measure(cycle: Cycle, code: str, **changes: Any) -> None:
    with session_of(cycle.secretariat_dir) as session:
        data, _revision = measure_ops.measure_input(session, code)
        session.commit()
        measure_ops.update_measure(session, SECRETARIAT, code, replace(data, **changes))


def refused_unchanged(cycle: Cycle, path: Path, match: str) -> None:
    """Importing ``path`` is refused with a message matching ``match``; nothing changes."""
    before = file_digest(cycle.secretariat_dir)
    with pytest.raises(PackageRefused, match=match):
        cycle.import_(path)
    assert file_digest(cycle.secretariat_dir) == before


# -- the whole cycle --------------------------------------------------------------------------


def test_a_whole_round_with_three_departments(cycle: Cycle) -> None:
    sk, smwk = cycle.codes("SK"), cycle.codes("SMWK")
    cycle.answer(
        "SK",
        {
            sk[0]: {"progress": 35, "traffic_light": "amber", "comment": "Verzögert"},
            sk[1]: {"status": "completed", "progress": 100, "next_steps": "Keine"},
        },
        encrypt=True,
    )
    with session_of(cycle.laptops["SMWK"]) as session:
        ws_round = workspace.find(session, cycle.name)
        workspace.add_proposal(
            session, ws_round, instrument="IV", title_de="Sommerschule mit Breslau"
        )
    cycle.answer("SMWK", {smwk[0]: {"progress": 12}}, encrypt=False)
    # SMWA sends nothing

    with session_of(cycle.secretariat_dir) as session:
        outcomes = secretariat.import_returns(session, SECRETARIAT, [cycle.root / "inbox"])
    assert [(o.state, o.department) for o in outcomes] == [
        ("imported", "SK"),
        ("imported", "SMWK"),
    ]
    assert outcomes[0].answers == 2
    assert outcomes[1].proposals == 1
    assert measure_values(cycle, sk[0])["progress"] == 35
    assert measure_values(cycle, sk[0])["comment"] == "Verzögert"
    assert measure_values(cycle, sk[1])["status"] == "completed"
    assert measure_values(cycle, smwk[0])["progress"] == 12

    with session_of(cycle.secretariat_dir) as session:
        progress = secretariat.progress(session, cycle.name)
        states = {row.code: row.state for row in progress.departments}
        returns = session.scalars(select(ImportedReturn).order_by(ImportedReturn.id)).all()
        assert [r.encrypted for r in returns] == [True, False]
        sources = set(
            session.scalars(select(AuditEvent.source).where(AuditEvent.entity_code == sk[0])).all()
        )
        assert f"package:{returns[0].uid}" in sources
        assert [p.title_de for p in session.scalars(select(Proposal))] == [
            "Sommerschule mit Breslau"
        ]
    assert states == {"SK": "partial", "SMWK": "partial", "SMWA": "missing"}
    assert progress.departments_returned == 2
    assert progress.measures_returned == 3
    assert progress.measures_expected == len(sk) + len(smwk) + len(cycle.codes("SMWA"))

    with session_of(cycle.secretariat_dir) as session:
        secretariat.close_round(session, SECRETARIAT, cycle.name)
    late = cycle.answer("SMWA", {cycle.codes("SMWA")[0]: {"progress": 1}})
    refused_unchanged(cycle, late, "was closed")


def test_an_import_updates_the_measures_a_session_holds_and_counts_each_applied_unit(
    cycle: Cycle,
) -> None:
    """The merge writes with bulk statements: the same session's copies of the measures are
    read again afterwards, and each applied unit counts the revision up, as editing would."""
    sk = cycle.codes("SK")
    cycle.answer("SK", {sk[0]: {"progress": 41, "comment": "Neu"}}, encrypt=True)
    with session_of(cycle.secretariat_dir) as session:
        held = session.scalar(select(Measure).where(Measure.code == sk[0]))
        assert held is not None
        revision = held.revision
        session.commit()
        outcomes = secretariat.import_returns(session, SECRETARIAT, [cycle.root / "inbox"])
        assert [o.applied for o in outcomes] == [2]
        assert (held.progress, held.comment, held.revision) == (41, "Neu", revision + 2)


def test_snapshots_hold_no_keys_and_do_not_grow_with_each_round(
    demo_dir: Path, tmp_path: Path
) -> None:
    sizes = []
    for index in range(4):
        cycle = start_round(demo_dir, tmp_path, name=f"Runde {index}", open_packages=False)
        with session_of(cycle.secretariat_dir) as session:
            secretariat.close_round(session, SECRETARIAT, cycle.name)
            round_ = secretariat.find_round(session, cycle.name)
            with transaction(session):
                record = session.get(RoundSnapshot, round_.id)
                assert record is not None
                sizes.append(len(zlib.decompress(record.data)))
            with snapshot.opened(session, round_) as frozen, frozen.session() as reader:
                assert reader.scalar(select(func.count(RoundSnapshot.round_id))) == 0
                assert not hasattr(Round, "secret")
                stored = set(reader.scalars(select(RegisterMeta.key)))
                assert keys.SIGNING_PUBLIC in stored
                assert "package_signing_key" not in stored
                assert frozen.is_demo
    # each snapshot holds the register once (it grows by the rounds' own records only)
    assert max(sizes) < sizes[0] * 1.3, sizes


# -- replays, corrections ---------------------------------------------------------------------


def test_the_same_return_twice_changes_nothing(cycle: Cycle) -> None:
    code = cycle.codes("SK")[0]
    path = cycle.answer("SK", {code: {"progress": 44}})
    cycle.import_(path)
    copy = path.with_name("copy-under-another-name.imag-return")
    shutil.copy2(path, copy)
    for replay in (path, copy):
        before = table_dump(cycle.secretariat_dir)
        with pytest.raises(secretariat.AlreadyImported, match="already imported"):
            cycle.import_(replay)
        assert table_dump(cycle.secretariat_dir) == before
    # the same return in a new file (encrypted afresh: other bytes, same uid)
    again = repack(path, round_secret(cycle), encrypt=True)
    refused_unchanged(cycle, again, "already imported")
    with session_of(cycle.secretariat_dir) as session:
        outcomes = secretariat.import_returns(session, SECRETARIAT, [path])
    assert [o.state for o in outcomes] == ["duplicate"]


def test_a_corrected_return_supersedes_the_earlier_one_and_both_are_kept(cycle: Cycle) -> None:
    code = cycle.codes("SMWA")[0]
    first = cycle.answer("SMWA", {code: {"progress": 20, "comment": "erste Fassung"}})
    second = cycle.answer("SMWA", {code: {"progress": 25, "comment": "korrigiert"}})
    assert cycle.import_(first).superseded is False
    outcome = cycle.import_(second)
    assert outcome.superseded is True
    assert outcome.applied == 2
    assert measure_values(cycle, code)["progress"] == 25
    assert measure_values(cycle, code)["comment"] == "korrigiert"
    with session_of(cycle.secretariat_dir) as session:
        history = session.execute(
            select(ImportedReturn.sequence, ReturnEntry.values)
            .join(ReturnEntry, ReturnEntry.return_id == ImportedReturn.id)
            .order_by(ImportedReturn.sequence)
        ).all()
        assert [(sequence, json.loads(values)["progress"]) for sequence, values in history] == [
            (1, 20),
            (2, 25),
        ]
        progress = secretariat.progress(session, cycle.name)
    assert next(row for row in progress.departments if row.code == "SMWA").version == 2


def test_corrections_out_of_order_are_refused(cycle: Cycle) -> None:
    code = cycle.codes("SMWA")[0]
    first = cycle.answer("SMWA", {code: {"progress": 20}})
    second = cycle.answer("SMWA", {code: {"progress": 25}})
    cycle.import_(second)
    refused_unchanged(cycle, first, "version 1 of SMWA's return, older than version 2")
    assert measure_values(cycle, code)["progress"] == 25


# -- conflicts --------------------------------------------------------------------------------


def test_a_secretariat_edit_after_issue_becomes_a_conflict_resolved_either_way(
    cycle: Cycle,
) -> None:
    code = cycle.codes("SK")[0]
    issued = measure_values(cycle, code)
    register_light, returned_light = (
        light for light in ("green", "amber", "red") if light != issued["traffic_light"]
    )
    edit_measure(cycle, code, progress=66, traffic_light=TrafficLight(register_light))
    path = cycle.answer(
        "SK",
        {code: {"progress": 70, "traffic_light": returned_light, "next_steps": "Neue Schritte"}},
    )
    outcome = cycle.import_(path)
    assert (outcome.applied, outcome.conflicts) == (1, 2)
    values = measure_values(cycle, code)
    assert values["next_steps"] == "Neue Schritte"  # a field the secretariat did not touch
    assert (values["progress"], values["traffic_light"]) == (66, register_light)  # kept

    with session_of(cycle.secretariat_dir) as session:
        found = {c.field: c for c in secretariat.conflicts(session, cycle.name)}
        assert set(found) == {"progress", "traffic_light"}
        progress = found["progress"]
        assert (progress.register_value, progress.issued_value, progress.returned_value) == (
            "66",
            json.dumps(issued["progress"]),
            "70",
        )
        with pytest.raises(InvalidInput, match="open conflicts"):
            secretariat.close_round(session, SECRETARIAT, cycle.name)
        secretariat.resolve_conflict(session, SECRETARIAT, progress.id, "register")
        secretariat.resolve_conflict(session, SECRETARIAT, found["traffic_light"].id, "returned")
        with pytest.raises(InvalidInput, match="already settled"):
            secretariat.resolve_conflict(session, SECRETARIAT, progress.id, "returned")
        states = {
            c.field: c.state for c in secretariat.conflicts(session, cycle.name, open_only=False)
        }
    assert states == {"progress": ConflictState.RESOLVED, "traffic_light": ConflictState.RESOLVED}
    values = measure_values(cycle, code)
    assert (values["progress"], values["traffic_light"]) == (66, returned_light)


def test_a_returned_value_equal_to_the_secretariats_edit_is_no_conflict(cycle: Cycle) -> None:
    code = cycle.codes("SK")[0]
    edit_measure(cycle, code, progress=81)
    outcome = cycle.import_(cycle.answer("SK", {code: {"progress": 81}}))
    assert (outcome.applied, outcome.conflicts) == (0, 0)


def test_a_later_return_answers_an_open_conflict(cycle: Cycle) -> None:
    code = cycle.codes("SK")[0]
    edit_measure(cycle, code, progress=50)
    cycle.import_(cycle.answer("SK", {code: {"progress": 60}}))
    cycle.import_(cycle.answer("SK", {code: {"progress": 65}}))
    with session_of(cycle.secretariat_dir) as session:
        states = sorted(
            (c.returned_value, c.state.value)
            for c in secretariat.conflicts(session, cycle.name, open_only=False)
        )
    assert states == [("60", "superseded"), ("65", "open")]


def test_resolving_for_an_indicator_that_was_removed_since_is_refused(cycle: Cycle) -> None:
    with session_of(cycle.laptops["SMWK"]) as session:
        items = workspace.items(workspace.find(session, cycle.name))
    item = next(item for item in items if item["values"]["indicators"])
    indicator = item["values"]["indicators"][0]["id"]
    edit_measure(cycle, item["code"], comment="geändert")
    with session_of(cycle.secretariat_dir) as session, session.begin():
        measure = session.scalar(select(Measure).where(Measure.code == item["code"]))
        assert measure is not None
        measure.indicators = [i for i in measure.indicators if i.id != indicator]
    path = cycle.answer("SMWK", {item["code"]: {"indicators": [{"id": indicator, "actual": 7.5}]}})
    assert cycle.import_(path).conflicts == 1
    with session_of(cycle.secretariat_dir) as session:
        (conflict,) = secretariat.conflicts(session, cycle.name)
        assert conflict.field == f"indicator:{indicator}"
        before = file_digest(cycle.secretariat_dir)
        with pytest.raises(InvalidInput, match="no longer"):
            secretariat.resolve_conflict(session, SECRETARIAT, conflict.id, "returned")
        assert file_digest(cycle.secretariat_dir) == before
        secretariat.resolve_conflict(session, SECRETARIAT, conflict.id, "register")


# -- who may speak for whom -------------------------------------------------------------------


def test_a_return_for_another_departments_measure_is_refused(cycle: Cycle) -> None:
    secret = round_secret(cycle)
    path = cycle.answer("SK", {cycle.codes("SK")[0]: {"progress": 5}})
    manifest, content = read_return(path, secret)
    foreign = dict(content["answers"][0], code=cycle.codes("SMWK")[0])
    forged = repack(path, secret, content={**content, "answers": [foreign]})
    refused_unchanged(cycle, forged, "was not issued to SK")
    assert manifest["department"] == "SK"


def test_a_return_authenticated_with_another_departments_key_is_refused(cycle: Cycle) -> None:
    secret = round_secret(cycle)
    path = cycle.answer("SK", {cycle.codes("SK")[0]: {"progress": 5}})
    manifest, _content = read_return(path, secret)
    cycle.import_(path)  # registers SK's key
    # SK's return, signed with SMWK's key
    refused_unchanged(
        cycle, repack(path, secret, department="SMWK"), "signed with another key .* registered"
    )
    # SK's return claiming to be SMWK's (authenticated with SK's key)
    claimed = repack(path, secret, manifest={**manifest, "department": "SMWK"}, department="SK")
    refused_unchanged(cycle, claimed, "speaks for department SMWK")


def test_a_return_for_another_round_or_register_is_refused(
    cycle: Cycle, demo_dir: Path, tmp_path: Path
) -> None:
    secret = round_secret(cycle)
    path = cycle.answer("SK", {cycle.codes("SK")[0]: {"progress": 5}})
    manifest, _content = read_return(path, secret)
    other = start_round(demo_dir, cycle.root, name="Zweite Runde", open_packages=False)
    with session_of(cycle.secretariat_dir) as session:
        other_uid = secretariat.find_round(session, other.name).uid
    moved = repack(path, secret, manifest={**manifest, "round_uid": other_uid})
    refused_unchanged(cycle, moved, "speaks for department SK")
    unknown = repack(path, secret, manifest={**manifest, "round_uid": str(uuid.uuid4())})
    refused_unchanged(cycle, unknown, "a round this register does not have")
    # another register (its own identity)
    elsewhere = tmp_path / "elsewhere"
    with session_of(elsewhere):
        pass
    before = file_digest(elsewhere)
    with (
        session_of(elsewhere) as session,
        pytest.raises(PackageRefused, match="round of another register"),
    ):
        secretariat.import_return(session, SECRETARIAT, path)
    assert file_digest(elsewhere) == before


def test_packages_on_the_wrong_side_are_refused(cycle: Cycle) -> None:
    refused_unchanged(cycle, cycle.packages["SK"], "round package, not a return")
    path = cycle.answer("SK", {cycle.codes("SK")[0]: {"progress": 5}})
    with (
        session_of(cycle.laptops["SK"]) as session,
        pytest.raises(PackageRefused, match="it is a return"),
    ):
        workspace.open_package(session, DEPARTMENT, path)


# -- the department's side --------------------------------------------------------------------


def test_opening_a_round_package_twice_changes_nothing(cycle: Cycle) -> None:
    laptop = cycle.laptops["SMWA"]
    code = cycle.codes("SMWA")[0]
    with session_of(laptop) as session:
        ws_round = workspace.find(session, cycle.name)
        workspace.set_answer(session, ws_round, code, {"progress": 9})
    before = table_dump(laptop)
    with session_of(laptop) as session:
        opened = workspace.open_package(session, DEPARTMENT, cycle.packages["SMWA"])
    assert opened.state == "unchanged"
    assert table_dump(laptop) == before


def test_a_reissued_package_keeps_the_answers(cycle: Cycle) -> None:
    laptop = cycle.laptops["SMWA"]
    code = cycle.codes("SMWA")[0]
    with session_of(laptop) as session:
        workspace.set_answer(session, workspace.find(session, cycle.name), code, {"progress": 9})
    with session_of(cycle.secretariat_dir) as session:
        (issued,) = secretariat.issue(
            session, SECRETARIAT, cycle.name, cycle.root / "again", departments=("SMWA",)
        )
    with session_of(laptop) as session:
        assert workspace.open_package(session, DEPARTMENT, issued.path).state == "updated"
        ws_round = workspace.find(session, cycle.name)
        assert workspace.current_answer(session, ws_round, code)["progress"] == 9
        # the older package is refused now
        with pytest.raises(PackageRefused, match="newer package"):
            workspace.open_package(session, DEPARTMENT, cycle.packages["SMWA"])


def _resigned(package: Path, target: Path, key: bytes) -> Path:
    """The round package at ``package`` signed with another Ed25519 ``key``."""
    read = container.read(package)
    manifest = {key_: value for key_, value in read.manifest.items() if key_ != "payload"}
    manifest["signer_key"] = container.b64(container.public_signing_key(key))
    target.write_bytes(
        container.package_bytes(
            manifest,
            read.content(),
            authenticate=container.signer(key),
            authentication=container.SIGNED,
        )
    )
    return target


def test_a_round_package_signed_with_another_key_is_refused(cycle: Cycle) -> None:
    laptop = cycle.laptops["SK"]
    forged = _resigned(cycle.packages["SK"], cycle.root / "forged.imag-round", bytes(range(32)))
    before = table_dump(laptop)
    with (
        session_of(laptop) as session,
        pytest.raises(PackageRefused, match="signed with a new key"),
    ):
        workspace.open_package(session, DEPARTMENT, forged)
    assert table_dump(laptop) == before
    # a signature checked against another key does not match
    read = container.read(cycle.packages["SK"])
    with pytest.raises(PackageRefused, match="signature does not match"):
        read.verify_signature(container.public_signing_key(bytes(range(32))))


def test_the_secretariat_cannot_open_its_own_package(cycle: Cycle) -> None:
    before = file_digest(cycle.secretariat_dir)
    with (
        session_of(cycle.secretariat_dir) as session,
        pytest.raises(PackageRefused, match="this register issued it"),
    ):
        workspace.open_package(session, DEPARTMENT, cycle.packages["SK"])
    assert file_digest(cycle.secretariat_dir) == before


def test_the_return_deadline_counts_the_first_return(demo_dir: Path, tmp_path: Path) -> None:
    cycle = start_round(demo_dir, tmp_path, deadline=dt.date(2020, 1, 1), departments=("SK",))
    cycle.import_(cycle.answer("SK", {cycle.codes("SK")[0]: {"progress": 1}}))
    with session_of(cycle.secretariat_dir) as session:
        (row,) = secretariat.progress(session, cycle.name).departments
    assert row.late


def test_bulk_written_import_stores_what_object_by_object_stored(
    cycle: Cycle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 18: the audit events of an import go in with one INSERT of many rows; every table
    ends up as when each event was an ORM object of its own (the import's time aside)."""
    import contextlib
    import re

    from app.operations import audit

    sk = cycle.codes("SK")
    returned = cycle.answer(
        "SK",
        {
            sk[0]: {"progress": 35, "traffic_light": "amber", "comment": "Verzögert"},
            sk[1]: {"status": "completed", "progress": 100, "next_steps": "Keine"},
        },
    )
    edit_measure(cycle, sk[0], comment="Anders")  # and a conflict
    stamp = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")

    def imported(folder: Path) -> dict[str, list[tuple[Any, ...]]]:
        shutil.copytree(cycle.secretariat_dir, folder)
        with session_of(folder) as session:
            outcome = secretariat.import_return(session, SECRETARIAT, returned)
        assert outcome.applied
        assert outcome.conflicts
        return {
            table: [tuple(stamp.sub("<now>", v) if isinstance(v, str) else v for v in row)
                    for row in rows]
            for table, rows in table_dump(folder).items()
        }  # fmt: skip

    batched = imported(tmp_path / "batched")
    monkeypatch.setattr(audit, "batched", lambda _session: contextlib.nullcontext())
    assert imported(tmp_path / "one-by-one") == batched


def test_answering_a_package_parses_its_payload_once(
    cycle: Cycle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 18: each answer costs its own item, not the whole package again (linear)."""
    codes = cycle.codes("SK")
    real = json.loads
    with session_of(cycle.laptops["SK"]) as session:
        ws_round = workspace.find(session, cycle.name)
        payload = ws_round.payload
        parsed: list[int] = []

        def counting(text: Any, *args: Any, **kwargs: Any) -> Any:
            if text == payload:
                parsed.append(1)
            return real(text, *args, **kwargs)

        monkeypatch.setattr(json, "loads", counting)
        for code in codes:
            workspace.set_answer(session, ws_round, code, {"progress": 42})
    assert len(codes) > 1
    assert len(parsed) <= 1


def test_the_returns_of_an_import_share_one_connection(cycle: Cycle) -> None:
    """Importing a folder of returns opens one connection to the register file, not one per
    transaction (each costs SQLite a read of the schema); afterwards the session uses its
    engine again, as before."""
    from sqlalchemy import event

    sk, smwk = cycle.codes("SK"), cycle.codes("SMWK")
    cycle.answer("SK", {sk[0]: {"progress": 35}})
    cycle.answer("SMWK", {smwk[0]: {"progress": 12}})
    with session_of(cycle.secretariat_dir) as session:
        engine = session.get_bind()
        opened: list[object] = []
        event.listen(engine, "connect", lambda connection, _record: opened.append(connection))
        outcomes = secretariat.import_returns(session, SECRETARIAT, [cycle.root / "inbox"])
        assert [o.state for o in outcomes] == ["imported", "imported"]
        assert len(opened) == 1
        assert session.get_bind() is engine
        assert not session.in_transaction()
    assert measure_values(cycle, smwk[0])["progress"] == 12
