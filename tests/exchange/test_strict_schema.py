"""What is signed or MACed is checked field by field before it is used (issue 20, items 5 and
7): the attacks as they were tried (a boolean format version, a free-text date, a version far
too high, a time in the future, an identifier that is no UUID, unknown fields), each refused
behind a valid MAC with a message naming the reason and the register unchanged (every row of
every table compared); a bogus version withdrawn lets the genuine returns in again; a
department on a new laptop continues its numbering from a re-issued package."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from app.errors import PackageRefused
from app.exchange import container, schema
from app.rounds import corrections, department_keys, key_admin, secretariat, view, workspace
from app.rounds.answer import FIELDS
from tests.support.rounds_kit import (
    DEPARTMENT,
    SECRETARIAT,
    Cycle,
    read_return,
    repack,
    round_secret,
    session_of,
    table_dump,
)


def first_return(cycle: Cycle) -> Path:
    return sorted((cycle.root / "inbox").iterdir())[0]


def forged(cycle: Cycle, changes: dict[str, Any], *, content: Any = None) -> Path:
    """SMJ's return with ``changes`` to its manifest, MACed with SMJ's true key (as one
    valid round package allows)."""
    secret = round_secret(cycle)
    manifest, _content = read_return(first_return(cycle), secret)
    target = cycle.root / "forged.imag-return"
    return repack(
        first_return(cycle),
        secret,
        manifest={**manifest, **changes},
        content=content,
        department="SMJ",
        target=target,
    )


def refused_unchanged(cycle: Cycle, path: Path, reason: str) -> str:
    before = table_dump(cycle.secretariat_dir)
    with pytest.raises(PackageRefused) as refused:
        cycle.import_(path)
    assert reason in str(refused.value), str(refused.value)
    assert "Nothing was changed" in str(refused.value)
    assert table_dump(cycle.secretariat_dir) == before
    return str(refused.value)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"format_version": True}, "format version true is not known"),
        ({"format_version": 1.0}, "format version 1.0 is not known"),
        ({"created_at": "yesterday"}, "created_at: is not a time in RFC 3339"),
        ({"created_at": "2026-03-31T09:15:00"}, "created_at: is not a time in RFC 3339"),
        ({"created_at": "2026-02-30T09:15:00Z"}, "created_at: is not a time in RFC 3339"),
        ({"created_at": "2999-01-01T00:00:00Z"}, "written in the future (2999-01-01T00:00:00Z)"),
        ({"package_uid": "not-a-uuid"}, "package_uid: is not a UUID"),
        ({"round_uid": "ROUND-1"}, "round_uid: is not a UUID"),
        ({"issued_package_uid": 7}, "issued_package_uid: expected a value of type string"),
        ({"sequence": True}, "sequence: expected a value of type integer, found boolean"),
        ({"sequence": 2.0}, "sequence: expected a value of type integer, found number"),
        ({"sequence": 0}, "sequence: is less than 1"),
        ({"sequence": 1_000_001}, "sequence: is greater than 1000000"),
        ({"sequence": 213}, "version 213 of SMJ's return, more than 20 above"),
        ({"department": "S" * 49}, "department: is longer than 48 characters"),
        ({"extra": "x"}, "the field “extra” is not expected here"),
        ({"next_sequence": 3}, "the field “next_sequence” is not expected here"),
    ],
)
def test_forged_manifests_behind_a_valid_mac_are_refused(
    cycle: Cycle, changes: dict[str, Any], reason: str
) -> None:
    refused_unchanged(cycle, forged(cycle, changes), reason)


def test_forged_payloads_behind_a_valid_mac_are_refused(cycle: Cycle) -> None:
    _manifest, content = read_return(first_return(cycle), round_secret(cycle))
    answer = content["answers"][0]
    for changed, reason in (
        ({**content, "unknown": 1}, "the field “unknown” is not expected here"),
        ({**content, "answers": [{**answer, "colour": "red"}]}, "“colour” is not expected"),
        ({**content, "answers": [{**answer, "progress": 2.5}]}, "progress: expected a value"),
        (
            {**content, "answers": [{**answer, "indicators": [{"id": True}]}]},
            "indicators[0].id: expected a value of type integer, found boolean",
        ),
        (
            {**content, "answers": [{**answer, "indicators": [{"id": 1, "actual_date": "May"}]}]},
            "actual_date: is not a date (YYYY-MM-DD)",
        ),
        ({**content, "author": "x" * 2001}, "author: is longer than 2000 characters"),
    ):
        refused_unchanged(cycle, forged(cycle, {}, content=changed), reason)


def test_a_time_within_the_clock_skew_is_taken(cycle: Cycle) -> None:
    soon = dt.datetime.now(dt.UTC) + schema.MAX_CLOCK_SKEW - dt.timedelta(minutes=5)
    path = forged(cycle, {"created_at": soon.isoformat(timespec="seconds")})
    assert cycle.import_(path).state == "imported"


def test_a_withdrawn_version_lets_the_genuine_returns_in_again(cycle: Cycle) -> None:
    """A return of version 20 (the most a jump allows) made with the department's key locks
    its genuine version 2 out; withdrawn with a reason, version 2 is accepted."""
    assert cycle.import_(first_return(cycle)).state == "imported"
    bogus = forged(cycle, {"sequence": 21, "package_uid": "0" * 8 + "-0000-4000-8000-" + "0" * 12})
    assert cycle.import_(bogus).state == "imported"
    code = cycle.codes("SMJ")[0]
    genuine = cycle.answer("SMJ", {code: {"progress": 50}}, encrypt=False)
    refused_unchanged(cycle, genuine, "older than version 21")
    with session_of(cycle.secretariat_dir) as session:
        with pytest.raises(Exception, match="reason"):
            corrections.withdraw_return(
                session, SECRETARIAT, cycle.name, department="SMJ", version=21, reason=" "
            )
        corrections.withdraw_return(
            session, SECRETARIAT, cycle.name, department="smj", version=21, reason="forged"
        )
    outcome = cycle.import_(genuine)
    assert outcome.state == "imported"
    assert "version 2" in str(outcome.message)
    with session_of(cycle.secretariat_dir) as session:
        row = secretariat.progress(session, cycle.name)
    assert row.as_json()["withdrawn"][0]["reason"] == "forged"
    smj = next(d for d in row.departments if d.code == "SMJ")
    assert smj.version == 2
    with session_of(cycle.secretariat_dir) as session:
        states = [(r.version, r.state) for r in view.returns(session, cycle.name)]
    assert sorted(states) == [(1, "superseded"), (2, "current"), (21, "withdrawn")]


def test_a_department_on_a_new_laptop_continues_its_numbering(cycle: Cycle) -> None:
    """Versions 1 and 2 imported; the department's laptop is lost. The package the
    secretariat issues again carries the next version (3); a new laptop that opens it exports
    version 3, which is accepted. The old package alone would start again at 1 (refused)."""
    assert cycle.import_(first_return(cycle)).state == "imported"
    code = cycle.codes("SMJ")[0]
    assert cycle.import_(cycle.answer("SMJ", {code: {"progress": 40}})).state == "imported"

    old_laptop = cycle.root / "laptop-old-package"
    with session_of(old_laptop) as session:
        workspace.open_package(session, DEPARTMENT, cycle.packages["SMJ"])
    cycle.laptops["SMJ-old"] = old_laptop
    _trust_the_key_of(cycle, old_laptop)
    refused_unchanged(
        cycle, cycle.answer("SMJ-old", {code: {"progress": 41}}), "older than version 2"
    )

    with session_of(cycle.secretariat_dir) as session:
        (again,) = secretariat.issue(
            session, SECRETARIAT, cycle.name, cycle.root / "outbox-2", departments=("SMJ",)
        )
    assert container.read(again.path).manifest["next_sequence"] == 3
    new_laptop = cycle.root / "laptop-new"
    with session_of(new_laptop) as session:
        workspace.open_package(session, DEPARTMENT, again.path)
    cycle.laptops["SMJ-new"] = new_laptop
    _trust_the_key_of(cycle, new_laptop)
    outcome = cycle.import_(cycle.answer("SMJ-new", {code: {"progress": 42}}))
    assert outcome.state == "imported"
    assert "(version 3)" in str(outcome.message)


def _trust_the_key_of(cycle: Cycle, laptop: Path) -> None:
    """A new computer signs with a key of its own: the secretariat accepts it from the file the
    department exports (after checking the fingerprint by phone)."""
    key_file = laptop / "SMJ.imag-key"
    with session_of(laptop) as session:
        key_admin.department_export(session, "SMJ", key_file)
    with session_of(cycle.secretariat_dir) as session:
        department_keys.trust_file(session, SECRETARIAT, key_file, replace=True)


def test_the_schema_names_every_field_of_an_answer() -> None:
    """An answer's fields (app/rounds/answer.py) and the schema's agree, in both payloads."""
    returned = schema.definition("measures-return")["properties"]["answers"]["items"]
    assert set(returned["properties"]) == {"code", *FIELDS}
    issued = schema.definition("issued-values")
    assert set(issued["properties"]) == set(FIELDS)


def test_the_schema_file_is_valid_json_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(schema.document())


@pytest.mark.parametrize(
    "value",
    [
        1,
        True,
        1.0,
        None,
        "1",
        "2026-03-31T09:15:00Z",
        "2026-03-31T09:15:00+01:00",
        "2026-03-31 09:15:00Z",
        "yesterday",
        "7c9e6679-7425-40de-944b-e07fc1f90ae7",
        "7C9E6679-7425-40DE-944B-E07FC1F90AE7",
        0,
        1_000_000,
        1_000_001,
        -5,
        "",
        " ",
        [],
        {},
    ],
)
@pytest.mark.parametrize("name", ["uuid", "time", "version", "code", "optional-date", "number"])
def test_the_program_and_jsonschema_agree(name: str, value: Any) -> None:
    """The program's validator refuses what jsonschema refuses, and (apart from the two points
    it is stricter in: booleans and 1.0 are no integers) accepts what jsonschema accepts."""
    jsonschema = pytest.importorskip("jsonschema")
    document = schema.document()
    validator = jsonschema.Draft202012Validator(
        {**document, "$ref": f"#/$defs/{name}"} | {"oneOf": [{}]},
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )
    theirs = validator.is_valid(value)
    try:
        schema.validate(value, name)
        ours = True
    except Exception:
        ours = False
    stricter = isinstance(value, float) and name == "version"
    assert ours == (theirs and not stricter), (name, value, ours, theirs)
