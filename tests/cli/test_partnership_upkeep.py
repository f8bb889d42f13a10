"""The partnerships' upkeep from the command line: a partner and a partnership added, a status
changed with its day and reason, the IMAG's conclusion applied to the status; refusals change
nothing; the same on a PostgreSQL server."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from app.paths import AppPaths
from tests.support.postgres import TemporaryCluster

ROUND = "Partnerschaften 2027"


def _listing(cli, *where: object) -> dict[str, Any]:
    result = cli(*where, "partnerships", "list", "--format", "json")
    assert result.code == 0, result.err
    return {entry["code"]: entry for entry in json.loads(result.out)}


def _digest(paths: AppPaths) -> str:
    return hashlib.sha256((paths.data_dir / "register.imag.sqlite").read_bytes()).hexdigest()


def _upkeep(cli, *where: object) -> None:
    """A partner and a partnership added, its status changed; the listing shows all of it."""
    added = cli(
        *where, "partnerships", "add-partner", "pl-op", "--kind", "region",
        "--name-de", "Oppeln", "--name-pl", "Opolskie", "--name-cs", "Opolské vojvodství",
        "--country", "pl",
    )  # fmt: skip
    assert added.code == 0, added.err
    assert "PL-OP" in added.out
    added = cli(
        *where, "partnerships", "add", "rp-pl-op", "--partner", "PL-OP", "--since-year", "2026",
        "--basis", "Absichtserklärung",
    )  # fmt: skip
    assert added.code == 0, added.err
    entry = _listing(cli, *where)["RP-PL-OP"]
    assert (entry["name_pl"], entry["country"], entry["status"]) == (
        "Opolskie",
        "PL",
        "under_consideration",
    )
    assert entry["since_year"] == 2026
    assert [event["action"] for event in entry["history"]] == ["create"]
    changed = cli(
        *where, "--lang", "pl", "partnerships", "status", "RP-PL-OP", "aktiv",
        "--since", "2027-01-15", "--reason", "Gemeinsame Erklärung unterzeichnet",
    )  # fmt: skip
    assert changed.code == 0, changed.err
    assert "RP-PL-OP" in changed.out
    assert "aktywne" in changed.out
    entry = _listing(cli, *where)["RP-PL-OP"]
    assert (entry["status"], entry["status_since"]) == ("active", "2027-01-15")
    events = {e["field"]: (e["old"], e["new"]) for e in entry["history"] if e["field"]}
    assert events["status"] == ("under_consideration", "active")
    assert events["status_since"][1] == "2027-01-15"
    assert events["status_reason"] == (None, "Gemeinsame Erklärung unterzeichnet")


def test_partner_partnership_and_status(demo_copy: AppPaths, cli) -> None:
    where = ("--data-dir", demo_copy.data_dir)
    _upkeep(cli, *where)
    before = _digest(demo_copy)
    refusals = [
        (("status", "RP-PL-OP", "active"), "aktiv"),  # the same status again
        (("status", "RP-XX", "dormant"), "RP-XX"),
        (("status", "RP-PL-OP", "dormant", "--since", "15.01.2027"), "15.01.2027"),
        (("add", "RP-PL-OP", "--partner", "PL-OP"), "RP-PL-OP"),
        (("add", "RP-PL-XX", "--partner", "PL-XX"), "PL-XX"),
        (("add", "RP PL", "--partner", "PL-OP"), "RP PL"),
        (("add-partner", "PL-OP", "--name-de", "Oppeln"), "PL-OP"),
        (("add-partner", "PL-SL", "--name-de", "Schlesien", "--country", "POL"), "POL"),
        (("add-partner", "PL-SL", "--name-de", " "), "deutschen Namen"),
    ]
    for args, named in refusals:
        result = cli(*where, "partnerships", *args)
        assert result.code != 0, args
        assert named in result.err, (args, result.err)
        assert "Traceback" not in result.err
    assert _digest(demo_copy) == before


def _open_round(cli, where: tuple[object, ...], tmp_path: Path) -> None:
    created = cli(
        *where, "round", "create", ROUND, "--kind", "partnerships", "--deadline", "2099-06-30",
        "--departments", "SK,SMWK",
    )  # fmt: skip
    assert created.code == 0, created.err
    issued = cli(*where, "round", "issue", ROUND, "--out", tmp_path / "outbox")
    assert issued.code == 0, issued.err


def test_conclusion_applied_to_the_status(demo_copy: AppPaths, cli, tmp_path: Path) -> None:
    where = ("--data-dir", demo_copy.data_dir)
    _open_round(cli, where, tmp_path)
    # "end" with --apply: the partnership is dormant from today, the conclusion its reason
    result = cli(*where, "partnerships", "conclude", ROUND, "RP-CZ", "end", "--apply",
                 "--text", "Auslaufen lassen")  # fmt: skip
    assert result.code == 0, result.err
    assert "ruhend" in result.out
    entry = _listing(cli, *where)["RP-CZ"]
    assert entry["status"] == "dormant"
    reason = next(e["new"] for e in entry["history"] if e["field"] == "status_reason")
    assert reason == f"{ROUND}: end – Auslaufen lassen"
    # "let rest" recorded without --apply changes nothing until it is applied
    assert cli(*where, "partnerships", "conclude", ROUND, "RP-PL-DS", "rest").code == 0
    assert _listing(cli, *where)["RP-PL-DS"]["status"] == "active"
    applied = cli(*where, "partnerships", "apply", ROUND, "RP-PL-DS", "--since", "2027-02-01")
    assert applied.code == 0, applied.err
    entry = _listing(cli, *where)["RP-PL-DS"]
    assert (entry["status"], entry["status_since"]) == ("dormant", "2027-02-01")
    # applied twice: refused, nothing changed; no conclusion: refused
    before = _digest(demo_copy)
    again = cli(*where, "partnerships", "apply", ROUND, "RP-PL-DS")
    assert again.code != 0
    assert "RP-PL-DS" in again.err
    none = cli(*where, "partnerships", "apply", ROUND, "RP-PL-LB")
    assert none.code != 0
    assert "RP-PL-LB" in none.err
    assert _digest(demo_copy) == before


def test_upkeep_on_a_server(postgres: TemporaryCluster, demo_dir: Path, cli, tmp_path) -> None:
    url = postgres.new_database()
    assert cli("--data-dir", demo_dir, "db", "copy", "--to", url).code == 0
    _upkeep(cli, "--data-dir", tmp_path / "client", "--database", url)
