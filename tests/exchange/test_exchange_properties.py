"""Property-based tests of the importer (hypothesis, deterministic): mutated return packages are
either applied whole or refused with a message; never another exception, never a partial
change. Two kinds of mutation: of the file's bytes (flips, truncation, inserted and deleted
bytes), which the zip, the hashes and the MAC must catch; and of the JSON inside (values
replaced, keys added or removed, list entries doubled or dropped), packed again and MACed with
the right key, so that the checks behind the MAC are the ones exercised."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import PackageRefused, UserError
from app.models import ImportedReturn, Proposal, ReturnEntry
from app.rounds import secretariat, workspace
from app.storage.register import Register, open_register
from tests.support.rounds_kit import (
    SECRETARIAT,
    Cycle,
    file_digest,
    raw_return,
    read_return,
    round_secret,
    session_of,
    start_round,
)

SETTINGS = settings(
    derandomize=True,  # the same examples on every run: CI stays reproducible
    database=None,
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def cycle(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Cycle:
    """A round issued to SMWK, whose return answers three measures (one with an indicator)
    and proposes a new one; written unencrypted, not imported."""
    cycle = start_round(
        demo_dir, tmp_path_factory.mktemp("properties") / "root", departments=("SMWK",)
    )
    with session_of(cycle.laptops["SMWK"]) as session:
        ws_round = workspace.find(session, cycle.name)
        items = workspace.items(ws_round)
        workspace.add_proposal(
            session, ws_round, instrument="IV", title_de="Sommerschule", rationale="Nachfrage"
        )
    with_indicator = next(item for item in items if item["values"]["indicators"])
    indicator = with_indicator["values"]["indicators"][0]["id"]
    others = [item["code"] for item in items if item is not with_indicator][:2]
    cycle.answer(
        "SMWK",
        {
            others[0]: {"progress": 40, "traffic_light": "amber", "comment": "Łódź – Ústí"},
            others[1]: {"status": "dropped", "status_reason": "Nachfolger I.01"},
            with_indicator["code"]: {"indicators": [{"id": indicator, "actual": 12.5}]},
        },
        encrypt=False,
    )
    return cycle


class Importer:
    """The secretariat's register, kept open between examples and put back after an import
    that was applied (so that every example starts from the same register)."""

    def __init__(self, cycle: Cycle, folder: Path) -> None:
        self.cycle = cycle
        self.folder = folder
        self.register_file = folder / "secretariat" / "register.imag.sqlite"
        self.pristine = folder / "pristine.sqlite"
        self.target = folder / "mutated.imag-return"
        shutil.copytree(cycle.secretariat_dir, folder / "secretariat")
        shutil.copy2(self.register_file, self.pristine)
        self.digest = file_digest(self.register_file.parent)
        self.register: Register | None = None
        self.session: Session | None = None
        self.applied = self.refused = 0
        self.reasons: list[str] = []
        self.open()

    def open(self) -> None:
        from app.paths import resolve

        self.register = open_register(resolve(self.register_file.parent))
        self.session = self.register.session()

    def close(self) -> None:
        if self.session is not None:
            self.session.close()
        if self.register is not None:
            self.register.close()

    def check(self, data: bytes, answers: int | None = None, proposals: int | None = None) -> None:
        """Import ``data``: refused with a message and nothing changed, or applied whole."""
        assert self.session is not None
        self.target.write_bytes(data)
        refused: UserError | None = None
        try:
            outcome = secretariat.import_return(self.session, SECRETARIAT, self.target)
        except UserError as exc:
            refused = exc
        if refused is not None:
            assert isinstance(refused, PackageRefused), refused
            assert str(refused.message), refused
            assert file_digest(self.register_file.parent) == self.digest
            self.refused += 1
            self.reasons.append(str(refused.message))
            return
        # applied: whole, as the package says
        self.applied += 1
        session = self.session
        record = session.scalar(select(ImportedReturn))
        assert record is not None
        entries = session.scalar(
            select(func.count(ReturnEntry.id)).where(ReturnEntry.return_id == record.id)
        )
        assert entries == outcome.answers
        assert session.scalar(select(func.count(Proposal.id))) == outcome.proposals
        if answers is not None:
            assert (outcome.answers, outcome.proposals) == (answers, proposals)
        self.close()
        shutil.copy2(self.pristine, self.register_file)
        self.open()


@pytest.fixture
def importer(cycle: Cycle, tmp_path: Path):
    made = Importer(cycle, tmp_path)
    yield made
    made.close()


def the_return(cycle: Cycle) -> Path:
    (path,) = sorted((cycle.root / "inbox").iterdir())
    return path


# -- mutated bytes ----------------------------------------------------------------------------

MUTATION = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 10_000), st.integers(1, 255)),
    st.tuples(st.just("truncate"), st.integers(0, 10_000), st.just(0)),
    st.tuples(st.just("insert"), st.integers(0, 10_000), st.binary(min_size=1, max_size=8)),
    st.tuples(st.just("delete"), st.integers(0, 10_000), st.integers(1, 16)),
)


def mutated(original: bytes, mutations: list[tuple[str, int, Any]]) -> bytes:
    data = bytearray(original)
    for kind, where, what in mutations:
        position = where % max(len(data), 1)
        if kind == "flip" and data:
            data[position] ^= what
        elif kind == "truncate":
            del data[position:]
        elif kind == "insert":
            data[position:position] = what
        elif kind == "delete":
            del data[position : position + what]
    return bytes(data)


def test_mutated_bytes_are_refused_or_applied_whole(cycle: Cycle, importer: Importer) -> None:
    original = the_return(cycle).read_bytes()

    @SETTINGS
    @given(st.lists(MUTATION, min_size=1, max_size=3))
    def check(mutations: list[tuple[str, int, Any]]) -> None:
        importer.check(mutated(original, mutations))

    check()
    assert importer.refused > 100


# -- mutated JSON behind a valid MAC ----------------------------------------------------------

JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(
        [
            "",
            " ",
            "\ud800",
            "planned",
            "dropped",
            "green",
            "IV",
            "I.01",
            "SMWK",
            "2026-02-30",
            "2026-03-31",
            "x" * 20_001,
        ]
    ),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def paths_of(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value (the value itself too)."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths_of(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths_of(item, (*prefix, index))
    return found


def changed(document: Any, path: tuple[Any, ...], operation: str, value: Any) -> Any:
    """``document`` (a copy) with one change at ``path``."""
    document = json.loads(json.dumps(document))
    if not path:
        return value if operation == "replace" else document
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if operation == "replace":
        parent[last] = value
    elif operation == "delete":
        del parent[last]
    elif operation == "duplicate" and isinstance(parent, list):
        parent.insert(last, parent[last])
    elif operation == "add" and isinstance(parent[last], dict):
        parent[last][str(value)[:12]] = value
    elif operation == "add" and isinstance(parent[last], list):
        parent[last].append(value)
    return document


EDITS = st.lists(
    st.tuples(
        st.integers(0, 10_000),
        st.sampled_from(["replace", "replace", "delete", "duplicate", "add"]),
        JSON_VALUES,
    ),
    min_size=1,
    max_size=3,
)


def test_mutated_content_behind_a_valid_mac_is_refused_or_applied_whole(
    cycle: Cycle, importer: Importer
) -> None:
    secret = round_secret(cycle)
    manifest, content = read_return(the_return(cycle), secret)
    manifest = {key: value for key, value in manifest.items() if key != "payload"}
    key = secret.signer("SMWK")
    # the untouched content is applied (so that what follows is refused for its changes)
    importer.check(raw_return(manifest, json.dumps(content).encode(), key), 3, 1)
    assert importer.applied == 1

    @SETTINGS
    @given(EDITS, st.booleans())
    def check(edits: list[tuple[int, str, Any]], in_manifest: bool) -> None:
        document = manifest if in_manifest else content
        for where, operation, value in edits:
            places = paths_of(document)
            document = changed(document, places[where % len(places)], operation, value)
        if in_manifest:
            if not isinstance(document, dict):
                return
            data = raw_return(document, json.dumps(content).encode(), key)
        else:
            data = raw_return(manifest, json.dumps(document).encode(), key)
        importer.check(data)

    check()
    assert importer.refused > 100
